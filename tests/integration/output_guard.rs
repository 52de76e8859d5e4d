//! The output folder guard: galley refuses (exit 2) to build into a place whose replacement
//! would destroy something, and then deletes, moves and creates nothing.

use std::fs;
use std::path::Path;

use crate::common::*;
use crate::support::*;

/// Runs `galley build --root <site> --output <target>` and checks it is refused with exit 2
/// and `why`, leaving the whole temporary folder (site, output, anything next to them)
/// exactly as it was.
fn refused(f: &Fixture, target: &Path, why: &str) {
    f.build().expect("the fixture builds");
    let before = tree(f.tmp());
    let run = galley(
        f.tmp(),
        &[
            "build",
            "--root",
            f.root.to_str().unwrap(),
            "--output",
            target.to_str().unwrap(),
        ],
    );
    run.assert_exit(2);
    let shown = fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
    assert_eq!(
        run.stderr,
        format!("refusing to build into {}: {why}\n", shown.display())
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_same_tree(
        &before,
        &tree(f.tmp()),
        "the files around a refused output folder",
    );
}

#[test]
fn refuses_the_site_root() {
    let f = Fixture::new();
    refused(&f, &f.root, "it holds the site itself");
}

#[test]
fn refuses_a_folder_holding_the_site() {
    let f = Fixture::new();
    refused(&f, f.tmp(), "it holds the site itself");
}

#[test]
fn refuses_content() {
    let f = Fixture::new();
    refused(
        &f,
        &f.root.join("content"),
        "it is inside the site's content/ folder",
    );
}

#[test]
fn refuses_a_folder_inside_content() {
    let f = Fixture::new();
    refused(
        &f,
        &f.root.join("content/articles"),
        "it is inside the site's content/ folder",
    );
}

#[test]
fn refuses_templates_static_and_data() {
    let f = Fixture::new();
    refused(
        &f,
        &f.root.join("templates"),
        "it is inside the site's templates/ folder",
    );
    refused(
        &f,
        &f.root.join("static/new"),
        "it is inside the site's static/ folder",
    );
    // The next build would read the pages' JSON files there as data.
    refused(
        &f,
        &f.root.join("data/out"),
        "it is inside the site's data/ folder",
    );
}

#[test]
fn refuses_the_filesystem_root() {
    let f = Fixture::new();
    refused(&f, Path::new("/"), "it is the filesystem root");
}

#[test]
fn refuses_a_non_empty_folder_galley_did_not_make() {
    let f = Fixture::new();
    let mine = f.tmp().join("mine");
    fs::create_dir_all(mine.join("notes")).unwrap();
    fs::write(mine.join("keep.txt"), "precious").unwrap();
    fs::write(mine.join("notes/todo.md"), "also precious").unwrap();
    refused(
        &f,
        &mine,
        "the folder exists and galley did not make it (no .galley-output file); remove it or choose another --output",
    );
}

#[test]
fn refuses_another_project() {
    let f = Fixture::new();
    let other = f.tmp().join("other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("config.yaml"), "title: other\n").unwrap();
    fs::write(other.join(".galley-output"), "even with a marker\n").unwrap();
    refused(&f, &other, "it looks like a project folder");
}

#[test]
fn refuses_a_file() {
    let f = Fixture::new();
    let file = f.tmp().join("notes.txt");
    fs::write(&file, "not a folder").unwrap();
    refused(&f, &file, "it is a file");
}

#[cfg(unix)]
#[test]
fn refuses_a_symlink_to_the_site() {
    let f = Fixture::new();
    let link = f.tmp().join("public-link");
    std::os::unix::fs::symlink(&f.root, &link).unwrap();
    refused(&f, &link, "it holds the site itself");
}

#[test]
fn refuses_the_home_folder() {
    let f = Fixture::new();
    let home = f.tmp().join("home");
    fs::create_dir_all(&home).unwrap();
    fs::write(
        home.join(".galley-output"),
        "a marker does not make home safe\n",
    )
    .unwrap();
    let before = tree(f.tmp());
    let mut cmd = command([
        "build",
        "--root",
        f.root.to_str().unwrap(),
        "--output",
        home.to_str().unwrap(),
    ]);
    cmd.env("HOME", &home);
    let output = finish(cmd);
    assert_eq!(output.code, Some(2));
    let stderr = output.stderr;
    assert_eq!(
        stderr,
        format!(
            "refusing to build into {}: it is your home folder\n",
            fs::canonicalize(&home).unwrap().display()
        )
    );
    assert_same_tree(
        &before,
        &tree(f.tmp()),
        "the home folder after a refused build",
    );
}

#[test]
fn library_reports_a_refusal_as_a_usage_error() {
    let f = Fixture::new();
    let err = f
        .build_with(|o| o.output = Some(f.root.join("content")))
        .unwrap_err();
    assert!(matches!(err, galley::Error::Usage(_)), "{err:?}");
    assert_eq!(err.exit_code(), 2);
}

// ---- What the guard allows -----------------------------------------------------------------

#[test]
fn builds_into_an_empty_existing_folder() {
    let f = Fixture::new();
    fs::create_dir_all(&f.out).unwrap();
    f.galley(&[]).assert_exit(0);
    assert!(f.out.join(".galley-output").is_file());
    assert!(f.out.join("articles/good/index.html").is_file());
}

#[test]
fn rebuild_replaces_the_old_output_and_leaves_nothing_behind() {
    let f = Fixture::new();
    f.article(
        "old",
        "title: \"Old\"\ndescription: \"Soon gone.\"\ndate: 2026-01-02",
        "Old.\n",
    );
    f.galley(&[]).assert_exit(0);
    assert!(f.out.join("articles/old/index.html").is_file());
    f.remove("content/articles/old.md");
    f.galley(&[]).assert_exit(0);
    assert!(
        !f.out.join("articles/old").exists(),
        "a removed article's page must not linger"
    );
    assert_eq!(
        entries(f.tmp()),
        ["out", "site"],
        "no staging folder is left next to the output"
    );
}

#[test]
fn default_output_is_output_dir_inside_the_root() {
    let f = Fixture::new();
    let run = galley(f.tmp(), &["build", "--root", f.root.to_str().unwrap()]);
    run.assert_exit(0);
    assert!(f.root.join("public/index.html").is_file());
    assert!(
        run.stdout
            .starts_with("built 13 pages (1 articles, 2 category, 3 tag, 4 tool, 3 other)"),
        "{}",
        run.stdout
    );
}
