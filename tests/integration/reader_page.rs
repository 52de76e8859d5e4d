//! The reader's page (issue 16): breadcrumbs that match the JSON-LD, previous and next (the
//! series first, else the category by date), the updated date, the header's search box and
//! sections, the 404 page, the home page's and tools' JSON-LD, and named tables.

use crate::common::*;
use crate::support::*;

/// The JSON-LD of a page, parsed.
fn jsonld(doc: &scraper::Html) -> serde_json::Value {
    let script = &select(doc, "script[type=\"application/ld+json\"]")[0];
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

/// The node of `@type` `kind` in a JSON-LD document (top level or in its `@graph`).
fn node<'a>(json: &'a serde_json::Value, kind: &str) -> &'a serde_json::Value {
    let graph = json["@graph"]
        .as_array()
        .map(|g| g.iter().collect::<Vec<_>>());
    graph
        .unwrap_or_else(|| vec![json])
        .into_iter()
        .find(|n| n["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {json}"))
}

fn attrs(doc: &scraper::Html, css: &str, attr: &str) -> Vec<String> {
    select(doc, css)
        .iter()
        .map(|e| e.value().attr(attr).unwrap_or("").to_string())
        .collect()
}

#[test]
fn breadcrumbs_are_shown_as_the_jsonld_lists_them() {
    let f = Fixture::new();
    f.build().unwrap();
    let doc = page(&f.out, "articles/good/index.html");
    let shown: Vec<(String, String)> = select(&doc, "nav.crumbs a")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Home".to_string(), "/".to_string()),
            ("Testing".into(), "/category/testing/".into()),
            ("Good article".into(), "/articles/good/".into()),
        ]
    );
    assert_eq!(
        attrs(&doc, "nav.crumbs a[aria-current=page]", "href"),
        ["/articles/good/"]
    );
    let json = jsonld(&doc);
    let items = node(&json, "BreadcrumbList")["itemListElement"]
        .as_array()
        .unwrap()
        .clone();
    let listed: Vec<(String, String)> = items
        .iter()
        .map(|i| {
            let url = i["item"].as_str().unwrap();
            let path = url.strip_prefix("https://example.com").unwrap();
            (i["name"].as_str().unwrap().to_string(), path.to_string())
        })
        .collect();
    assert_eq!(listed, shown);
}

fn neighbours(f: &Fixture, slug: &str) -> (Option<String>, Option<String>) {
    let doc = page(&f.out, &format!("articles/{slug}/index.html"));
    let one = |rel: &str| {
        let found = attrs(&doc, &format!("nav.steps a[rel={rel}]"), "href");
        assert!(found.len() <= 1, "{slug}: {found:?}");
        found.into_iter().next()
    };
    (one("prev"), one("next"))
}

#[test]
fn previous_and_next_follow_the_series_else_the_category_by_date() {
    let f = Fixture::new();
    for (name, date) in [
        ("b", "2026-02-01"),
        ("a", "2026-01-01"),
        ("c", "2026-03-01"),
    ] {
        let front = format!("title: \"Cat {name}\"\ndescription: D\ndate: {date}\ncategory: Cat");
        f.article(name, &front, "Text.");
    }
    f.write(
        "content/series/s.md",
        "---\ntitle: S\ndescription: D\n---\n\nParts.\n",
    );
    // In the category too, but their series order is not their date order: the series wins.
    for (name, order, date) in [("s1", 2, "2026-01-20"), ("s2", 1, "2026-02-20")] {
        let front = format!(
            "title: \"Part {name}\"\ndescription: D\ndate: {date}\ncategory: Cat\nseries: s\nseries_order: {order}"
        );
        f.article(name, &front, "Text.");
    }
    f.build().unwrap();
    let url = |s: &str| Some(format!("/articles/{s}/"));
    // Cat by date: a (01-01), s1 (01-20), b (02-01), s2 (02-20), c (03-01).
    // The parts are in the category too, so its other articles step through them.
    assert_eq!(neighbours(&f, "a"), (None, url("s1")));
    assert_eq!(neighbours(&f, "b"), (url("s1"), url("s2")));
    assert_eq!(neighbours(&f, "c"), (url("s2"), None));
    // The parts step through their series, not their category neighbours (a/b, b/c).
    assert_eq!(neighbours(&f, "s2"), (None, url("s1")));
    assert_eq!(neighbours(&f, "s1"), (url("s2"), None));
    let doc = page(&f.out, "articles/b/index.html");
    let labels: Vec<String> = select(&doc, "nav.steps .step-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(labels, ["Previous in Cat", "Next in Cat"]);
    let doc = page(&f.out, "articles/s1/index.html");
    let labels: Vec<String> = select(&doc, "nav.steps .step-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(labels, ["Previous: part 1"]);
    // An article with no category and no series has neither.
    f.article(
        "lone",
        "title: Lone\ndescription: D\ndate: 2026-01-02",
        "Text.",
    );
    f.build().unwrap();
    assert_eq!(neighbours(&f, "lone"), (None, None));
    assert!(select(&page(&f.out, "articles/lone/index.html"), "nav.steps").is_empty());
}

#[test]
fn updated_date_is_shown_and_is_the_date_modified() {
    let f = Fixture::new();
    f.article(
        "fresh",
        "title: Fresh\ndescription: D\ndate: 2026-01-10\nupdated: 2026-03-05",
        "Text.",
    );
    f.build().unwrap();
    let doc = page(&f.out, "articles/fresh/index.html");
    let meta = text(&select(&doc, ".article-header .meta")[0]);
    assert!(meta.contains("Updated March 5, 2026"), "{meta}");
    assert_eq!(
        attrs(&doc, ".article-header .meta time", "datetime"),
        ["2026-01-10", "2026-03-05"]
    );
    let json = jsonld(&doc);
    assert_eq!(node(&json, "Article")["dateModified"], "2026-03-05");
    assert_eq!(node(&json, "Article")["datePublished"], "2026-01-10");
    let plain = page(&f.out, "articles/good/index.html");
    assert!(!text(&select(&plain, ".article-header .meta")[0]).contains("Updated"));
    assert_eq!(
        node(&jsonld(&plain), "Article")["dateModified"],
        "2026-01-15"
    );
}

#[test]
fn not_found_page_is_noindex_without_canonical_and_has_a_search_box() {
    let f = Fixture::new();
    f.build().unwrap();
    let doc = page(&f.out, "404.html");
    assert_eq!(attrs(&doc, "meta[name=robots]", "content"), ["noindex"]);
    assert!(select(&doc, "link[rel=canonical]").is_empty());
    let main = attrs(&doc, "main form[role=search]", "action");
    assert_eq!(main, ["/search/"]);
    assert_eq!(
        select(&doc, "main form[role=search] input[name=q]").len(),
        1
    );
    // Other pages keep their canonical link and are indexable.
    let article = page(&f.out, "articles/good/index.html");
    assert!(select(&article, "meta[name=robots]").is_empty());
    assert_eq!(
        attrs(&article, "link[rel=canonical]", "href"),
        ["https://example.com/articles/good/"]
    );
}

#[test]
fn header_has_a_search_box_and_marks_the_current_section() {
    let f = Fixture::new();
    f.build().unwrap();
    for rel in [
        "index.html",
        "articles/good/index.html",
        "tools/base64/index.html",
        "404.html",
    ] {
        let doc = page(&f.out, rel);
        let form = attrs(&doc, "header form[role=search]", "action");
        assert_eq!(form, ["/search/"], "{rel}");
        assert_eq!(attrs(&doc, "header form input", "name"), ["q"], "{rel}");
        assert_eq!(attrs(&doc, "header form", "method"), ["get"], "{rel}");
    }
    // /search/ has its own box, not a second one in the header.
    let search = page(&f.out, "search/index.html");
    assert!(select(&search, "header form").is_empty());
    let current = |rel: &str| {
        let doc = page(&f.out, rel);
        select(&doc, "header nav a[aria-current]")
            .iter()
            .map(|a| (text(a), a.value().attr("aria-current").unwrap().to_string()))
            .collect::<Vec<_>>()
    };
    let pair = |a: &str, b: &str| vec![(a.to_string(), b.to_string())];
    assert_eq!(current("articles/good/index.html"), pair("Testing", "true"));
    assert_eq!(
        current("category/testing/index.html"),
        pair("Testing", "page")
    );
    assert_eq!(current("tools/base64/index.html"), pair("Tools", "true"));
    assert_eq!(current("tools/index.html"), pair("Tools", "page"));
}

#[test]
fn home_is_a_website_with_a_search_action_and_tools_are_web_applications() {
    let f = Fixture::new();
    f.build().unwrap();
    let json = jsonld(&page(&f.out, "index.html"));
    let site = node(&json, "WebSite");
    assert_eq!(site["url"], "https://example.com/");
    assert_eq!(site["name"], "Test site");
    let action = &site["potentialAction"];
    assert_eq!(action["@type"], "SearchAction");
    assert_eq!(
        action["target"]["urlTemplate"],
        "https://example.com/search/?q={search_term_string}"
    );
    assert_eq!(action["query-input"], "required name=search_term_string");
    let json = jsonld(&page(&f.out, "tools/base64/index.html"));
    let app = node(&json, "WebApplication");
    assert_eq!(app["name"], "Base64 tool");
    assert_eq!(app["url"], "https://example.com/tools/base64/");
    assert_eq!(app["offers"]["price"], "0");
}

#[test]
fn tables_are_named_after_the_nearest_heading() {
    let f = Fixture::new();
    let table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
    let body =
        format!("{table}\n## Prices & `fees`\n\n{table}\nText.\n\n{table}\n### Limits\n\n{table}");
    f.article(
        "tables",
        "title: T\ndescription: D\ndate: 2026-01-02",
        &body,
    );
    f.build().unwrap();
    let doc = page(&f.out, "articles/tables/index.html");
    assert_eq!(
        attrs(&doc, ".prose .table-wrap[role=region]", "aria-label"),
        ["Table 1", "Prices & fees", "Prices & fees (2)", "Limits"]
    );
}
