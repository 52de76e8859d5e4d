//! Publishing outputs of the real site: feeds, sitemap, robots, metadata, pagination and
//! deploys under a base path. Builds the repository's own site into temporary folders.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_site, entries, html_files, page, repo, sel, THEME};
use scraper::Html;

/// The real site, built once for the tests that only read it.
fn default_site() -> &'static Path {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    &SITE.get_or_init(|| build(None)).1
}

fn build(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let options = galley::BuildOptions {
        root: repo().to_path_buf(),
        output: Some(out.clone()),
        base_url: base_url.map(str::to_owned),
        ..Default::default()
    };
    galley::build(&options).expect("the site builds");
    (dir, out)
}

fn article_slugs(out: &Path) -> BTreeSet<String> {
    entries(&out.join("articles")).into_iter().collect()
}

#[test]
fn feeds_parse_and_list_every_article_with_absolute_urls() {
    let out = default_site();
    let slugs = article_slugs(out);
    for file in ["atom.xml", "rss.xml"] {
        let feed =
            feed_rs::parser::parse(fs::read(out.join(file)).unwrap().as_slice()).expect(file);
        assert_eq!(feed.entries.len(), slugs.len(), "{file}");
        for entry in &feed.entries {
            let link = &entry.links[0].href;
            assert!(
                link.starts_with("https://devtools.example.com/articles/"),
                "{file}: {link}"
            );
            let slug = link.trim_end_matches('/').rsplit('/').next().unwrap();
            assert!(slugs.contains(slug), "{file}: {link} has no page");
            assert!(entry.title.as_ref().is_some_and(|t| !t.content.is_empty()));
            assert!(entry.published.is_some(), "{file}: entry without date");
            assert!(
                entry
                    .summary
                    .as_ref()
                    .is_some_and(|s| !s.content.is_empty()),
                "{file}: entry without summary"
            );
        }
        let dates: Vec<_> = feed.entries.iter().map(|e| e.published.unwrap()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{file}: newest first"
        );
    }
    let jwt = feed_rs::parser::parse(
        fs::read(out.join("category/jwt/atom.xml"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(jwt.entries.len(), 1);
    let base64 = feed_rs::parser::parse(
        fs::read(out.join("category/base64/rss.xml"))
            .unwrap()
            .as_slice(),
    )
    .unwrap();
    assert_eq!(base64.entries.len(), 3);
}

#[test]
fn sitemap_lists_every_public_page_and_robots_points_at_it() {
    let out = default_site();
    let xml = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = Html::parse_document(&xml);
    let locs: Vec<String> = doc
        .select(&sel("loc"))
        .map(|l| l.text().collect())
        .collect();
    for slug in article_slugs(out) {
        assert!(
            locs.contains(&format!("https://devtools.example.com/articles/{slug}/")),
            "{slug}"
        );
    }
    for loc in &locs {
        let rel = loc
            .strip_prefix("https://devtools.example.com/")
            .expect("absolute URL");
        assert!(
            out.join(rel).join("index.html").is_file() || out.join(rel).is_file(),
            "{loc} has no file"
        );
    }
    assert!(xml.contains("<lastmod>2026-03-10</lastmod>"));
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://devtools.example.com/sitemap.xml"));
}

#[test]
fn article_metadata_is_complete_and_escaped() {
    let out = default_site();
    let doc = page(out, "articles/jwt-vs-session/index.html");
    let meta = |prop: &str| -> Option<String> {
        doc.select(&sel(&format!(
            "meta[property=\"{prop}\"], meta[name=\"{prop}\"]"
        )))
        .next()
        .and_then(|m| m.value().attr("content").map(str::to_owned))
    };
    assert_eq!(meta("og:type").as_deref(), Some("article"));
    assert_eq!(
        meta("og:title").as_deref(),
        Some("JWT vs Session: Which Should You Choose?")
    );
    assert_eq!(
        meta("og:url").as_deref(),
        Some("https://devtools.example.com/articles/jwt-vs-session/")
    );
    assert!(meta("description").is_some_and(|d| !d.is_empty()));
    assert!(meta("twitter:card").is_some());
    let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(
        canonical.value().attr("href"),
        Some("https://devtools.example.com/articles/jwt-vs-session/")
    );
    let ld = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .expect("JSON-LD");
    let json: serde_json::Value =
        serde_json::from_str(&ld.text().collect::<String>()).expect("valid JSON-LD");
    let graph = json["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "Article");
    assert_eq!(
        graph[0]["headline"],
        "JWT vs Session: Which Should You Choose?"
    );
    assert_eq!(graph[1]["@type"], "BreadcrumbList");
    assert_eq!(graph[1]["itemListElement"].as_array().unwrap().len(), 3);
}

#[test]
fn a_base_url_with_a_path_moves_every_link_asset_and_feed_url() {
    let (_dir, out) = build(Some("https://example.github.io/site/"));
    let mut checked = 0;
    for rel in html_files(&out) {
        let doc = page(&out, &rel);
        for el in doc.select(&sel(
            "a[href], link[href], script[src], img[src], form[action]",
        )) {
            let v = el.value();
            let url = v
                .attr("href")
                .or(v.attr("src"))
                .or(v.attr("action"))
                .unwrap();
            if url.starts_with('#') || url.starts_with("data:") {
                continue;
            }
            let path = if let Some(rest) = url.strip_prefix("https://example.github.io/site/") {
                rest
            } else if let Some(rest) = url.strip_prefix("/site/") {
                rest
            } else {
                assert!(
                    url.starts_with("https://") && !url.contains("example.github.io"),
                    "{rel}: link outside the base path: {url}",
                );
                continue;
            };
            let path = path.split(['?', '#']).next().unwrap();
            let target = if path.is_empty() || path.ends_with('/') {
                out.join(path).join("index.html")
            } else {
                out.join(path)
            };
            assert!(target.is_file(), "{rel}: {url} does not resolve");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let feed = fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(feed.contains("https://example.github.io/site/articles/jwt-vs-session/"));
    assert!(fs::read_to_string(out.join("sitemap.xml"))
        .unwrap()
        .contains("<loc>https://example.github.io/site/tools/</loc>"));
}

#[test]
fn search_index_finds_revocation_in_the_jwt_article() {
    let out = default_site();
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("search/meta.json")).unwrap()).unwrap();
    let docs: Vec<[String; 3]> =
        serde_json::from_str(&fs::read_to_string(out.join("search/docs-0.json")).unwrap()).unwrap();
    assert_eq!(meta["docs"].as_u64().unwrap() as usize, docs.len());
    // The shard holding "revocation" is the one with the longest prefix that starts it.
    let prefixes: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let shard_index = (0..prefixes.len())
        .filter(|&i| "revocation".starts_with(prefixes[i]))
        .max_by_key(|&i| prefixes[i].len())
        .expect("a shard for re…");
    let shard: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &fs::read_to_string(out.join(format!("search/t/{shard_index}.json"))).unwrap(),
    )
    .unwrap();
    let postings = shard["revocation"].as_array().unwrap();
    let mut doc = 0;
    let found: Vec<&str> = postings
        .chunks(2)
        .map(|p| {
            doc += p[0].as_u64().unwrap() as usize; // delta-coded doc numbers
            docs[doc][1].as_str()
        })
        .collect();
    assert!(found.contains(&"/articles/jwt-vs-session/"), "{found:?}");
}

#[test]
fn lists_paginate_with_rel_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_site(root, THEME);
    fs::write(
        root.join("config.yaml"),
        "title: T\nbase_url: https://x.org/\npaginate_by: 2\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("content/articles")).unwrap();
    for i in 1..=5 {
        fs::write(
            root.join(format!("content/articles/a{i}.md")),
            format!(
                "---\ntitle: A{i}\ndescription: d\ndate: 2026-01-0{i}\ncategory: C\n---\nbody\n"
            ),
        )
        .unwrap();
    }
    let out = root.join("public");
    galley::build(&galley::BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        ..Default::default()
    })
    .unwrap();
    let first = page(&out, "index.html");
    let titles: Vec<String> = first
        .select(&sel(".card-title a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(titles, ["A5", "A4"]);
    assert_eq!(
        first
            .select(&sel("link[rel=next]"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("/page/2/")
    );
    let third = page(&out, "page/3/index.html");
    assert_eq!(third.select(&sel(".card-title a")).count(), 1);
    assert_eq!(
        third
            .select(&sel("link[rel=prev]"))
            .next()
            .unwrap()
            .value()
            .attr("href"),
        Some("/page/2/")
    );
    assert!(out.join("category/c/page/3/index.html").is_file());
    let cats = page(&out, "category/index.html");
    assert!(cats
        .select(&sel(".terms li"))
        .any(|li| li.text().collect::<String>().contains("5 articles")));
}
