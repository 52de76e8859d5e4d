use serde_json::json;

use super::*;

/// A site root holding `files` (path under the root, text).
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Loads the data of a site with `files`: the data and every problem.
fn load_files(files: &[(&str, &str)]) -> (Data, Vec<Diagnostic>) {
    let dir = site(files);
    let mut problems = Diagnostics::default();
    let data = load(dir.path(), &mut problems);
    (data, problems.0)
}

/// The one problem of a site with `files`: (place, message, the line shown).
fn problem(files: &[(&str, &str)]) -> (String, String, Option<String>) {
    let (_, problems) = load_files(files);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let d = &problems[0];
    (d.location(), d.message.clone(), d.source_line.clone())
}

#[test]
fn every_format_and_folder_reaches_its_key() {
    let (data, problems) = load_files(&[
        ("data/site.yaml", "name: Café ☕\ntags: [a, b]\n"),
        ("data/links.yml", "- https://example.com/\n"),
        (
            "data/team/members.json",
            r#"[{"name": "山田 太郎"}, {"name": "שלום"}]"#,
        ),
        (
            "data/team/lead.toml",
            "name = \"Zoë 🚀\"\nsince = 2026-03-10\n",
        ),
        ("data/my-file.yaml", "x: 1\n"),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({
            "site": {"name": "Café ☕", "tags": ["a", "b"]},
            "links": ["https://example.com/"],
            "team": {
                "members": [{"name": "山田 太郎"}, {"name": "שלום"}],
                "lead": {"name": "Zoë 🚀", "since": "2026-03-10"},
            },
            "my-file": {"x": 1},
        })
    );
}

#[test]
fn no_folder_is_no_data_and_other_files_are_passed_over() {
    let (data, problems) = load_files(&[("content/x.md", "")]);
    assert!(problems.is_empty() && data == Data::default());
    let (data, problems) = load_files(&[
        ("data/README.md", "# About the data\n"),
        ("data/.hidden.yaml", "{ broken"),
        ("data/.git/config.toml", "[broken"),
        ("data/notes.yaml~", "{ broken"),
        ("data/ok.JSON", "true"),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(serde_json::to_value(&data).unwrap(), json!({"ok": true}));
}

#[test]
fn yaml_error_is_placed_in_the_file() {
    let (place, message, line) = problem(&[("data/x.yaml", "ok: 1\nlist: [a, b\nnext: 2\n")]);
    assert_eq!(place, "data/x.yaml:3:5");
    assert_eq!(
        message,
        "did not find expected ',' or ']', while parsing a flow sequence at line 2 column 7"
    );
    assert_eq!(line.as_deref(), Some("next: 2"));
}

#[test]
fn json_error_column_counts_characters() {
    let (place, message, line) = problem(&[("data/x.json", "{\n  \"é日\": \"ü\",,\n}\n")]);
    assert_eq!(place, "data/x.json:2:13");
    assert_eq!(message, "key must be a string");
    assert_eq!(line.as_deref(), Some("  \"é日\": \"ü\",,"));
}

#[test]
fn json_end_of_file_is_placed_on_the_last_line() {
    let (place, message, _) = problem(&[("data/x.json", "{\"a\": [1,\n")]);
    assert_eq!(place, "data/x.json:1:10");
    assert_eq!(message, "EOF while parsing a value");
}

#[test]
fn toml_error_is_placed_in_the_file() {
    let (place, message, line) = problem(&[("data/x.toml", "a = 1\nb = \"Zoë\nc = 3\n")]);
    assert_eq!(place, "data/x.toml:2:9");
    assert_eq!(message, "invalid basic string, expected `\"`");
    assert_eq!(line.as_deref(), Some("b = \"Zoë"));
}

#[test]
fn toml_duplicate_key_is_placed_at_the_second() {
    let (place, message, _) = problem(&[("data/x.toml", "a = 1\na = 2\n")]);
    assert_eq!(place, "data/x.toml:2:1");
    assert_eq!(message, "duplicate key");
}

#[test]
fn every_broken_file_is_reported_and_good_ones_kept() {
    let (data, problems) = load_files(&[
        ("data/a.json", "[1,]"),
        ("data/b.toml", "= 1"),
        ("data/c.yaml", "good: yes\n"),
    ]);
    let places: Vec<String> = problems.iter().map(Diagnostic::location).collect();
    assert_eq!(places, ["data/a.json:1:4", "data/b.toml:1:1"]);
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({"c": {"good": "yes"}})
    );
}

#[test]
fn two_files_of_one_name_are_refused_naming_both() {
    let (data, problems) = load_files(&[
        ("data/team/a.yaml", "x: 1\n"),
        ("data/team/a.json", "{\"x\": 2}"),
        ("data/b.yml", "y: 1\n"),
    ]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].location(), "data/team/a.yaml");
    assert_eq!(
        problems[0].message,
        "`data.team.a` is defined twice: by data/team/a.json and by this file"
    );
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({"b": {"y": 1}}),
        "neither file wins"
    );
}

#[test]
fn a_file_and_a_folder_of_one_name_are_refused() {
    let (place, message, _) = problem(&[
        ("data/team.yaml", "x: 1\n"),
        ("data/team/members.yaml", "- a\n"),
    ]);
    assert_eq!(place, "data/team.yaml");
    assert_eq!(
        message,
        "`data.team` is both this file and the folder data/team/"
    );
    // A folder with no data file in it claims no name.
    let (_, problems) = load_files(&[("data/team.yaml", "x: 1\n"), ("data/team/notes.txt", "")]);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn yaml_keys_merges_and_empty_files() {
    let (data, problems) = load_files(&[
        (
            "data/y.yaml",
            "base: &b {a: 1}\nmore:\n  <<: *b\n  c: 2\n1: one\ntrue: yes\nnan: .nan\n",
        ),
        ("data/empty.yaml", ""),
        ("data/bom.json", "\u{feff}{\"a\": 1}"),
    ]);
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({
            "y": {"base": {"a": 1}, "more": {"a": 1, "c": 2}, "1": "one", "true": "yes", "nan": null},
            "empty": null,
            "bom": {"a": 1},
        })
    );
}

#[test]
fn a_list_as_a_yaml_key_is_refused() {
    let (place, message, _) = problem(&[("data/k.yaml", "? [a, b]\n: 1\n")]);
    assert_eq!(place, "data/k.yaml");
    assert_eq!(
        message,
        "a map key is a list or a map (- a - b); templates can only use text, number and boolean keys"
    );
}

#[test]
fn binary_and_huge_files_are_refused() {
    let dir = site(&[("data/bin.json", "{\"a\": \u{0}}")]);
    let big = std::fs::File::create(dir.path().join("data/big.yaml")).unwrap();
    big.set_len(crate::content::MAX_FILE_BYTES + 1).unwrap();
    let mut problems = Diagnostics::default();
    load(dir.path(), &mut problems);
    let got: Vec<(String, String)> = problems
        .0
        .iter()
        .map(|d| (d.location(), d.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "data/big.yaml".to_string(),
                "file is 10 MB; data files are limited to 10 MB".to_string()
            ),
            (
                "data/bin.json".to_string(),
                "this is a binary file, not a data file (it contains NUL bytes)".to_string()
            ),
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_at_the_folder() {
    let dir = site(&[("data/team/a.yaml", "x: 1\n")]);
    std::os::unix::fs::symlink(dir.path().join("data"), dir.path().join("data/team/up")).unwrap();
    let mut problems = Diagnostics::default();
    let data = load(dir.path(), &mut problems);
    let got: Vec<(String, String)> = problems
        .0
        .iter()
        .map(|d| (d.location(), d.message.clone()))
        .collect();
    assert_eq!(
        got,
        [(
            "data/team/up".to_string(),
            "symbolic link loop: this folder links back to data/".to_string()
        )]
    );
    assert_eq!(
        serde_json::to_value(&data).unwrap(),
        json!({"team": {"a": {"x": 1}}})
    );
}
