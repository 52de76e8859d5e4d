use super::*;
use std::path::Path;

fn check(text: &str) -> Result<Article, Vec<Diagnostic>> {
    let split = crate::content::front_matter::split(text).unwrap();
    let block = YamlBlock {
        path: Path::new("content/articles/a-b.md"),
        file_text: text,
        yaml: split.yaml,
        first_line: split.yaml_line,
    };
    Article::check(
        "articles/a-b.md".into(),
        &block,
        split.body,
        split.body_line,
    )
}

#[test]
fn minimal_article() {
    let a = check("---\ntitle: T\ndescription: D\ndate: 2026-01-31\ntags: [x, X, y]\n---\nbody\n")
        .unwrap();
    assert_eq!(a.slug, "a-b");
    assert_eq!(a.date.to_string(), "2026-01-31");
    assert_eq!(a.tags, vec!["x", "y"]);
    assert_eq!(a.body_line, 7);
    assert_eq!(a.body(), "body\n");
}

#[test]
fn every_missing_field_is_reported() {
    let errs = check("---\ntoc: true\n---\n").unwrap_err();
    let msgs: Vec<_> = errs.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "missing required key `title`",
            "missing required key `description`",
            "missing required key `date`"
        ]
    );
}

#[test]
fn impossible_date_is_refused_at_its_line() {
    let errs = check("---\ntitle: T\ndescription: D\ndate: 2026-02-30\n---\n").unwrap_err();
    assert_eq!(errs[0].line, Some(4));
    assert_eq!(
        errs[0].message,
        "`date`: expected a date like 2026-01-31, found `2026-02-30`"
    );
    let errs = check("---\ntitle: T\ndescription: D\ndate: 31/01/2026\n---\n").unwrap_err();
    assert!(errs[0].message.contains("found `31/01/2026`"));
}

#[test]
fn punctuation_only_tag_is_refused_not_dropped() {
    let errs = check("---\ntitle: T\ndescription: D\ndate: 2026-01-01\ntags: [ok, \"!!!\"]\n---\n")
        .unwrap_err();
    assert_eq!(errs[0].line, Some(5));
    assert_eq!(
        errs[0].message,
        "`tags`: `!!!` has no letter or digit to make a URL from"
    );
}

#[test]
fn escaping_slug_is_refused() {
    let errs =
        check("---\ntitle: T\ndescription: D\ndate: 2026-01-01\nslug: ../../x\n---\n").unwrap_err();
    assert_eq!(errs[0].line, Some(5));
}

#[test]
fn related_entries_keep_their_lines() {
    let a = check(
        "---\ntitle: T\ndescription: D\ndate: 2026-01-01\nrelated:\n  - one.md\n  - two\n---\n",
    )
    .unwrap();
    assert_eq!(
        a.related[1],
        Located {
            value: "two".into(),
            line: 7
        }
    );
}

#[test]
fn dates_accept_rfc3339() {
    assert_eq!(
        parse_date("2026-01-31T10:00:00Z").unwrap().to_string(),
        "2026-01-31"
    );
    assert!(parse_date("2026-01-31 junk").is_none());
    assert!(parse_date("2026-13-01").is_none());
}

#[test]
fn a_released_body_reads_back_only_if_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a-b.md");
    let text = "---\ntitle: T\ndescription: D\ndate: 2026-01-01\n---\nbody\n";
    std::fs::write(&path, text).unwrap();
    let mut a = Article {
        path: path.clone(),
        ..check(text).unwrap()
    };
    a.release_body(a.fingerprint());
    assert_eq!(a.body(), "");
    assert!(a.file_text.len() < text.len(), "the body is freed");
    assert_eq!(a.reload().unwrap(), text);
    std::fs::write(&path, text.replace("body", "edit")).unwrap();
    let e = a.reload().unwrap_err();
    assert!(
        e.message.contains("changed while galley was building"),
        "{e:?}"
    );
}
