//! Drafts (`draft: true`, shown only with `--drafts`) and `--base-url` (every internal URL
//! moves under the base path).

use std::collections::BTreeSet;

use crate::common::*;
use crate::support::*;

fn with_draft() -> Fixture {
    let f = Fixture::new();
    f.article(
        "secret",
        "title: \"Secret plans\"\ndescription: \"Not ready yet.\"\ndate: 2026-03-01\ncategory: Hidden\ntags: [unreleased, galley]\ndraft: true",
        "## Plans\n\nNothing to see.\n",
    );
    f
}

/// Every root-relative URL on every page of `out`.
fn all_local_urls(out: &std::path::Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for rel in html_files(out) {
        for (_, url) in urls(&page(out, &rel)) {
            if url.starts_with('/') {
                found.insert(url);
            }
        }
    }
    found
}

#[test]
fn drafts_are_left_out_by_default() {
    let f = with_draft();
    f.galley(&[]).assert_exit(0);
    assert!(!f.out.join("articles/secret").exists());
    assert!(
        !f.out.join("category/hidden").exists(),
        "a category only drafts use gets no page"
    );
    assert!(
        !f.out.join("tags/unreleased").exists(),
        "a tag only drafts use gets no page"
    );
    let urls = all_local_urls(&f.out);
    assert!(
        !urls
            .iter()
            .any(|u| u.contains("secret") || u.contains("hidden") || u.contains("unreleased")),
        "{urls:?}"
    );
    for rel in html_files(&f.out) {
        let doc = page(&f.out, &rel);
        assert!(
            !select(&doc, "body")
                .iter()
                .any(|b| text(b).contains("Secret plans")),
            "{rel} mentions the draft"
        );
    }
}

#[test]
fn drafts_are_built_with_the_flag() {
    let f = with_draft();
    f.galley(&["--drafts"]).assert_exit(0);
    let doc = page(&f.out, "articles/secret/index.html");
    assert_eq!(text(&select(&doc, "h1")[0]), "Secret plans");
    let home = page(&f.out, "index.html");
    let cards: Vec<String> = select(&home, ".card-title a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        cards,
        ["/articles/secret/", "/articles/good/"],
        "newest first"
    );
    assert!(f.out.join("tags/unreleased/index.html").is_file());
    assert!(f.out.join("category/hidden/index.html").is_file());
    check_internal_links(&f.out, "/", "https://example.com/");
}

#[test]
fn drafts_flag_works_through_the_library() {
    let f = with_draft();
    assert_eq!(f.build().unwrap().articles, 1);
    assert_eq!(f.build_with(|o| o.drafts = true).unwrap().articles, 2);
}

#[test]
fn base_url_moves_every_internal_url_under_its_path() {
    let f = with_draft();
    f.galley(&["--base-url", "https://example.github.io/site/"])
        .assert_exit(0);
    let urls = all_local_urls(&f.out);
    assert!(urls.len() > 10, "{urls:?}");
    let outside: Vec<&String> = urls.iter().filter(|u| !u.starts_with("/site/")).collect();
    assert!(
        outside.is_empty(),
        "internal URLs outside /site/: {outside:?}"
    );
    check_internal_links(&f.out, "/site/", "https://example.github.io/site/");
    let doc = page(&f.out, "articles/good/index.html");
    let canonical = select(&doc, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(canonical, "https://example.github.io/site/articles/good/");
    // The body's Markdown link to a tool page moves too.
    let prose: Vec<String> = select(&doc, ".prose a:not(.anchor)")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(prose, ["/site/tools/base64/"]);
}

#[test]
fn base_url_without_a_trailing_slash_is_completed() {
    let f = Fixture::new();
    f.build_with(|o| o.base_url = Some("https://example.github.io/site".into()))
        .unwrap();
    let urls = all_local_urls(&f.out);
    assert!(urls.iter().all(|u| u.starts_with("/site/")), "{urls:?}");
}

#[test]
fn a_related_draft_is_an_error_without_the_flag() {
    // A published article naming a draft in `related` cannot show it: the build says so,
    // rather than publishing a card that links to a page that is not there.
    let f = with_draft();
    f.article("pointer", "title: \"Pointer\"\ndescription: \"Points at the draft.\"\ndate: 2026-01-20\nrelated: [secret.md]", "Body.\n");
    let d = f.diagnostics();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        (d[0].path.to_str().unwrap(), d[0].line),
        ("content/articles/pointer.md", Some(5))
    );
    assert_eq!(
        d[0].message,
        "`related`: `secret.md` is left out of this build: it is a draft (build with --drafts to include it)"
    );
    f.build_with(|o| o.drafts = true)
        .expect("with --drafts the related draft exists");
}

#[test]
fn a_link_to_a_left_out_article_says_why() {
    let f = with_draft();
    f.article(
        "later",
        "title: \"Later\"\ndescription: \"Scheduled.\"\ndate: 2999-01-01",
        "Body.\n",
    );
    f.article(
        "pointer",
        "title: \"Pointer\"\ndescription: \"Links to both.\"\ndate: 2026-01-20",
        "See [the plans](secret.md) and [later](@/articles/later.md).\n",
    );
    let d = f.diagnostics();
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "link to content/articles/secret.md, which is left out of this build: it is a draft (build with --drafts to include it)",
            "link to content/articles/later.md, which is left out of this build: it is dated in the future (build with --future to include it)",
        ]
    );
    f.build_with(|o| {
        o.drafts = true;
        o.future = true;
    })
    .expect("with both flags every link resolves");
}
