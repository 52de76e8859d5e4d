//! Authors: bylines, author pages (paginated, with feeds and a `ProfilePage`), the site's
//! default author, and each way a declaration or a reference can be wrong.

use crate::bad_input::refused;
use crate::common::*;
use crate::support::*;

const ANA: &str = "---
name: \"Ana Lima · 安娜 🚀\"
description: \"Ana écrit sur les jetons.\"
avatar: /favicon.svg
links:
  GitHub: https://github.com/ana-example
  Mastodon: https://mastodon.example/@ana
---

Ana builds **login systems** for a living.
";

const TEAM: &str = "---
name: \"L'équipe\"
type: organization
---

We write the guides together.
";

/// Three articles: one by Ana and the team, two by the default author (the team).
fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "config.yaml",
        CONFIG.replace("author: \"Tester\"", "author: \"equipe\"\npaginate_by: 1"),
    );
    f.write("content/authors/ana.md", ANA);
    f.write("content/authors/equipe.md", TEAM);
    f.article(
        "duo",
        "title: \"À deux\"\ndescription: D\ndate: 2026-02-01\nauthors: [ana, equipe]",
        "Text.",
    );
    f.article(
        "solo",
        "title: \"Seule\"\ndescription: D\ndate: 2026-02-02\nauthors: [ana]",
        "Text.",
    );
    f
}

fn jsonld(doc: &scraper::Html) -> serde_json::Value {
    let text: String = select(doc, "script[type=\"application/ld+json\"]")[0]
        .text()
        .collect();
    serde_json::from_str(&text).expect("JSON-LD parses")
}

fn hrefs(doc: &scraper::Html, css: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|a| a.value().attr("href").unwrap_or("").to_string())
        .collect()
}

#[test]
fn bylines_link_each_author_in_order() {
    let f = site();
    f.build().unwrap();
    let duo = page(&f.out, "articles/duo/index.html");
    assert_eq!(
        hrefs(&duo, ".byline a[rel=author]"),
        ["/authors/ana/", "/authors/equipe/"]
    );
    assert_eq!(
        text(&select(&duo, ".byline")[0]),
        "By Ana Lima · 安娜 🚀 and L'équipe"
    );
    let ld = jsonld(&duo);
    let author = &ld["@graph"][0]["author"];
    assert_eq!(author[0]["@type"], "Person");
    assert_eq!(author[0]["url"], "https://example.com/authors/ana/");
    assert_eq!(author[1]["@type"], "Organization");
    // No `authors:`: the site's default author, which is an id here.
    let good = page(&f.out, "articles/good/index.html");
    assert_eq!(hrefs(&good, ".byline a"), ["/authors/equipe/"]);
    assert_eq!(jsonld(&good)["@graph"][0]["author"]["name"], "L'équipe");
    assert_eq!(
        hrefs(&good, "footer a[href^=\"/authors/\"]"),
        ["/authors/equipe/"]
    );
}

#[test]
fn author_pages_list_articles_with_their_own_feeds() {
    let f = site();
    f.build().unwrap();
    let ana = page(&f.out, "authors/ana/index.html");
    assert_eq!(text(&select(&ana, "h1")[0]), "Ana Lima · 安娜 🚀");
    assert!(text(&select(&ana, ".prose")[0]).contains("Ana builds login systems"));
    assert_eq!(
        hrefs(&ana, "a[rel=me]"),
        [
            "https://github.com/ana-example",
            "https://mastodon.example/@ana"
        ]
    );
    assert_eq!(
        hrefs(&ana, "link[rel=alternate][type=\"application/atom+xml\"]")[1],
        "/authors/ana/atom.xml"
    );
    // paginate_by: 1, newest first.
    assert_eq!(hrefs(&ana, ".cards .card-title a"), ["/articles/solo/"]);
    let second = page(&f.out, "authors/ana/page/2/index.html");
    assert_eq!(hrefs(&second, ".cards .card-title a"), ["/articles/duo/"]);
    let ld = jsonld(&ana);
    assert_eq!(ld["@graph"][0]["@type"], "ProfilePage");
    assert_eq!(ld["@graph"][0]["mainEntity"]["@type"], "Person");
    assert_eq!(
        ld["@graph"][0]["mainEntity"]["sameAs"][0],
        "https://github.com/ana-example"
    );
    let team = page(&f.out, "authors/equipe/index.html");
    assert_eq!(
        jsonld(&team)["@graph"][0]["mainEntity"]["@type"],
        "Organization"
    );
    let feed = std::fs::read_to_string(f.out.join("authors/ana/atom.xml")).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert!(feed.contains("<author><name>Ana Lima · 安娜 🚀</name><uri>https://example.com/authors/ana/</uri></author>"));
    assert!(f.out.join("authors/ana/rss.xml").is_file());
    let index = page(&f.out, "authors/index.html");
    assert_eq!(
        hrefs(&index, ".terms a"),
        ["/authors/ana/", "/authors/equipe/"]
    );
    let sitemap = std::fs::read_to_string(f.out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.com/authors/ana/</loc>"));
    // Author pages are searchable by name and bio.
    let docs = std::fs::read_to_string(f.out.join("search/docs-0.json")).unwrap();
    let docs: Vec<[String; 3]> = serde_json::from_str(&docs).unwrap();
    assert!(docs
        .iter()
        .any(|d| d[0] == "Ana Lima · 安娜 🚀" && d[1] == "/authors/ana/"));
}

#[test]
fn a_site_without_authors_has_no_author_pages() {
    let f = Fixture::new();
    f.build().unwrap();
    assert!(!f.out.join("authors").exists());
    let good = page(&f.out, "articles/good/index.html");
    assert!(select(&good, ".byline").is_empty());
    assert_eq!(jsonld(&good)["@graph"][0]["author"]["name"], "Tester");
}

#[test]
fn an_unknown_author() {
    let d = refused(
        &site(),
        |f| {
            f.article(
                "trio",
                "title: T\ndescription: D\ndate: 2026-01-03\nauthors: [ana, aan]",
                "Text.",
            )
        },
        &[(
            "content/articles/trio.md",
            Some(5),
            "`authors`: no author `aan`",
        )],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `ana`?"));
    assert_eq!(d[0].column, Some(16));
}

#[test]
fn a_broken_author_file() {
    refused(
        &site(),
        |f| {
            f.write(
                "content/authors/ana.md",
                "---\nname: Ana\ntype: robot\nlinks:\n  Site: javascript:alert(1)\n---\n",
            )
        },
        &[
            (
                "content/authors/ana.md",
                Some(3),
                "`type`: expected `person` or `organization`, found `robot`",
            ),
            (
                "content/authors/ana.md",
                Some(5),
                "`links`: `Site` must be an `https://` or `mailto:` address, or a path from the site root, found `javascript:alert(1)`",
            ),
        ],
    );
}
