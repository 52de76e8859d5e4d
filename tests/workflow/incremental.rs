//! Rebuilds through the library: one edited article is the only one rendered again.

use galley::{build::prepare, BuildOptions, Session};

use crate::common::write;
use crate::support::{article, small_site};

#[test]
fn one_edit_renders_one_document_and_templates_render_all() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut session = Session::default();
    let stats = |s: &Session| (s.stats().rendered, s.stats().reused);

    prepare(&options, &mut session).unwrap();
    assert_eq!(stats(&session), (2, 0));
    prepare(&options, &mut session).unwrap();
    assert_eq!(stats(&session), (0, 2), "nothing changed, nothing rendered");

    write(
        dir.path(),
        "content/articles/alpha.md",
        &article("Alpha", "2026-01-02", "", "\nNew text.\n"),
    );
    let site = prepare(&options, &mut session).unwrap();
    assert_eq!(stats(&session), (1, 1), "only the edited article");
    let alpha = site
        .pages
        .iter()
        .find(|p| p.path == "articles/alpha/index.html")
        .unwrap();
    assert!(alpha.html.contains("New text."));

    let base = std::fs::read_to_string(dir.path().join("templates/base.html")).unwrap();
    write(dir.path(), "templates/base.html", &format!("{base}\n"));
    prepare(&options, &mut session).unwrap();
    assert_eq!(
        stats(&session),
        (2, 0),
        "a template change renders everything"
    );

    // A broken article keeps nothing stale: fixing it renders it again.
    write(dir.path(), "content/articles/beta.md", "no front matter");
    assert!(prepare(&options, &mut session).is_err());
    write(
        dir.path(),
        "content/articles/beta.md",
        &article("Beta", "2026-01-01", "", "\nBack.\n"),
    );
    prepare(&options, &mut session).unwrap();
    assert_eq!(stats(&session), (1, 1));
}

#[test]
fn pages_from_kept_documents_are_the_pages_of_a_fresh_build() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let body = "\nÉté à Zürich, 日本語の記事, 🦀 and עברית.\n\n```rust\nfn main() { println!(\"ü\"); }\n```\n";
    write(
        dir.path(),
        "content/articles/alpha.md",
        &article("Ünïcödé 日本 🦀 שלום", "2026-01-02", "", body),
    );
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let pages = |session: &mut Session| {
        let mut pages: Vec<(String, String)> = prepare(&options, session)
            .unwrap()
            .pages
            .into_iter()
            .map(|p| (p.path, p.html))
            .collect();
        pages.sort();
        pages
    };
    let fresh = pages(&mut Session::one_build(false));
    let mut session = Session::default();
    assert_eq!(pages(&mut session), fresh, "rendered in a session");
    assert_eq!(pages(&mut session), fresh, "every body from the session");
    assert_eq!(session.stats().reused, 2);
    assert!(fresh.iter().any(|(_, html)| html.contains("日本語の記事")));
}
