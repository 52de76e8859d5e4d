//! `galley init` and `galley new`, and the exit codes of usage errors.

use crate::support::{galley, small_site};

#[test]
fn init_makes_a_site_that_builds_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("blog");
    let site_arg = site.to_str().unwrap();
    let out = galley(&["init", site_arg]);
    assert!(out.success(), "{}", out.text());
    assert!(site.join("content/tools").is_dir());
    let out = galley(&["build", "--root", site_arg]);
    assert!(out.success(), "{}", out.text());
    assert!(site
        .join("public/articles/hello-galley/index.html")
        .is_file());
    let out = galley(&["check", "--root", site_arg]);
    assert!(out.success(), "{}", out.text());
}

#[test]
fn init_refuses_a_folder_with_files_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let root = dir.path().to_str().unwrap();
    let out = galley(&["init", root]);
    assert_eq!(out.code, Some(1), "{}", out.text());
    assert!(
        out.text().contains("not empty") && out.text().contains("--force"),
        "{}",
        out.text()
    );
    assert!(!dir.path().join("config.yaml").exists());
    let out = galley(&["init", "--force", root]);
    assert!(out.success(), "{}", out.text());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(galley(&["build", "--root", root]).success());
}

#[test]
fn new_creates_a_draft_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let root = dir.path().to_str().unwrap();
    let out = galley(&["new", "Hello: World", "--root", root]);
    assert!(out.success(), "{}", out.text());
    assert!(
        out.text().contains("content/articles/hello-world.md"),
        "{}",
        out.text()
    );
    let path = dir.path().join("content/articles/hello-world.md");
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written.contains("title: \"Hello: World\"") && written.contains("draft: true"),
        "{written}"
    );

    let out = galley(&["build", "--drafts", "--root", root]);
    assert!(out.success(), "{}", out.text());
    assert!(dir
        .path()
        .join("public/articles/hello-world/index.html")
        .is_file());
    let out = galley(&["build", "--root", root]);
    assert!(out.success(), "{}", out.text());
    assert!(
        !dir.path().join("public/articles/hello-world").exists(),
        "a draft is left out"
    );

    std::fs::write(&path, "my edits").unwrap();
    let out = galley(&["new", "Hello World", "--root", root]);
    assert_eq!(out.code, Some(1));
    assert!(out.text().contains("already exists"), "{}", out.text());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my edits");
}

#[test]
fn new_outside_a_site_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = galley(&["new", "Title", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, Some(1));
    assert!(out.text().contains("config.yaml"), "{}", out.text());
    assert_eq!(
        galley(&["new", "!!!", "--root", dir.path().to_str().unwrap()]).code,
        Some(2)
    );
    assert_eq!(galley(&["new"]).code, Some(2));
    assert_eq!(galley(&["serve", "--port", "many"]).code, Some(2));
    assert_eq!(galley(&["frobnicate"]).code, Some(2));
}
