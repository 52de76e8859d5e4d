//! `serve` and the kinds of document beside articles: editing a standalone page, a series or
//! an author shows on every page that uses them, and a new author file gets its page.

use std::path::Path;
use std::time::Duration;

use crate::common::{write, Serve};
use crate::support::{article, poll, small_site};

/// How long an edit may take to show (see `serve.rs`).
const CHANGE_LIMIT: Duration = Duration::from_secs(3);

/// The small site with a page in the footer menu, a series of both articles and an author.
fn site(dir: &Path) {
    small_site(dir);
    write(
        dir,
        "config.yaml",
        "title: \"Fixture\"\nbase_url: \"https://fixture.example/\"\nauthor: ana\n",
    );
    write(
        dir,
        "content/pages/about.md",
        "---\ntitle: \"Über uns\"\ndescription: \"Wer wir sind.\"\nmenu: footer\n---\nErste Fassung.\n",
    );
    write(
        dir,
        "content/series/steps.md",
        "---\ntitle: \"First steps\"\ndescription: \"Two parts.\"\n---\nRead both.\n",
    );
    write(
        dir,
        "content/authors/ana.md",
        "---\nname: \"Ana\"\n---\nWrites.\n",
    );
    for (name, title, date) in [
        ("alpha", "Alpha", "2026-01-02"),
        ("beta", "Beta", "2026-01-01"),
    ] {
        write(
            dir,
            &format!("content/articles/{name}.md"),
            &article(title, date, "series: steps\n", "\nBody.\n"),
        );
    }
}

fn shows(serve: &Serve, path: &str, what: &str) {
    poll(CHANGE_LIMIT, what, || {
        let body = serve.get(path).2;
        body.contains(what).then_some(())
    });
}

#[test]
fn edits_to_pages_series_and_authors_show_where_they_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    site(root);
    let serve = Serve::start(root);
    let alpha = serve.get("/articles/alpha/").2;
    assert!(alpha.contains(">Über uns</a>"), "the footer menu");
    assert!(alpha.contains("Part 2 of 2"), "{alpha}");
    assert!(alpha.contains("rel=\"author\">Ana</a>"));

    write(
        root,
        "content/pages/about.md",
        "---\ntitle: \"À propos 关于\"\ndescription: \"Qui.\"\nmenu: footer\n---\nZweite Fassung.\n",
    );
    shows(&serve, "/about/", "Zweite Fassung.");
    shows(&serve, "/articles/beta/", ">À propos 关于</a>");

    write(
        root,
        "content/series/steps.md",
        "---\ntitle: \"Erste Schritte\"\ndescription: \"Two parts.\"\n---\nLies beide.\n",
    );
    shows(&serve, "/series/steps/", "Lies beide.");
    shows(&serve, "/articles/alpha/", "Erste Schritte");

    write(
        root,
        "content/authors/ana.md",
        "---\nname: \"Ana Lima 🚀\"\n---\nWrites.\n",
    );
    shows(&serve, "/articles/alpha/", "rel=\"author\">Ana Lima 🚀</a>");
    write(root, "content/authors/bo.md", "---\nname: \"Bo\"\n---\n");
    write(
        root,
        "content/articles/beta.md",
        &article(
            "Beta",
            "2026-01-01",
            "series: steps\nauthors: [bo]\n",
            "\nBody.\n",
        ),
    );
    shows(&serve, "/authors/bo/", "Beta");
    shows(&serve, "/articles/beta/", "rel=\"author\">Bo</a>");
}
