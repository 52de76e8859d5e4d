//! Standalone pages, menus and aliases: where they are written, what templates get, and
//! each way they can be wrong (exit 1, the exact place, the old output intact).

use crate::bad_input::refused;
use crate::common::*;
use crate::support::*;

const ABOUT: &str = "---
title: \"À propos · 关于 · عن 🚀\"
description: \"Qui nous sommes.\"
menu:
  main: { weight: 5, name: \"À propos\" }
aliases: [/about-us/, /2019/01/qui.html]
toc: true
---

## L'équipe

Voir [l'article](@/articles/good.md).
";

const PRIVACY: &str = "---
title: \"Privacy\"
description: \"What we keep.\"
menu: footer
---

Nothing. Back to [about](@/pages/about.md).
";

const MENUS: &str = "menus:
  main:
    - { name: \"Tools\", url: \"/tools/\", weight: 10 }
    - { name: \"Docs\", url: \"https://docs.example.org/\", weight: 20 }
  footer:
    - { name: \"About\", page: \"@/pages/about.md\" }
";

fn site() -> Fixture {
    let f = Fixture::new();
    f.write("config.yaml", format!("{CONFIG}{MENUS}"));
    f.write("content/pages/about.md", ABOUT);
    f.write("content/pages/legal/privacy.md", PRIVACY);
    f
}

fn nav(doc: &scraper::Html, label: &str) -> Vec<(String, String, Option<String>)> {
    select(doc, &format!("nav[aria-label=\"{label}\"] a"))
        .iter()
        .map(|a| {
            let v = a.value();
            (
                text(a),
                v.attr("href").unwrap_or("").to_string(),
                v.attr("aria-current").map(String::from),
            )
        })
        .collect()
}

#[test]
fn pages_render_at_their_paths_with_menus_and_redirects() {
    let f = site();
    f.write("static/_redirects", "/from-the-author /tools/ 302");
    f.build().unwrap();
    let about = page(&f.out, "about/index.html");
    assert_eq!(text(&select(&about, "h1")[0]), "À propos · 关于 · عن 🚀");
    assert_eq!(select(&about, ".toc a").len(), 1);
    assert_eq!(
        select(&about, ".prose a[href=\"/articles/good/\"]").len(),
        1
    );
    let main = nav(&about, "Main");
    assert_eq!(
        main,
        [
            (
                "À propos".to_string(),
                "/about/".to_string(),
                Some("page".to_string())
            ),
            ("Tools".into(), "/tools/".into(), None),
            ("Docs".into(), "https://docs.example.org/".into(), None),
        ]
    );
    let privacy = page(&f.out, "legal/privacy/index.html");
    let footer = nav(&privacy, "Footer");
    assert_eq!(footer[0], ("About".into(), "/about/".into(), None));
    assert_eq!(
        footer[1],
        (
            "Privacy".into(),
            "/legal/privacy/".into(),
            Some("page".into())
        )
    );
    let tool = page(&f.out, "tools/base64/index.html");
    assert_eq!(
        nav(&tool, "Main")[1].2.as_deref(),
        Some("true"),
        "a section is marked"
    );

    for (alias, file) in [
        ("/about-us/", "about-us/index.html"),
        ("/2019/01/qui.html", "2019/01/qui.html"),
    ] {
        let moved = page(&f.out, file);
        let refresh = select(&moved, "meta[http-equiv=refresh]")[0]
            .value()
            .attr("content")
            .unwrap()
            .to_string();
        assert_eq!(refresh, "0; url=/about/", "{alias}");
        assert_eq!(
            select(&moved, "link[rel=canonical]")[0]
                .value()
                .attr("href"),
            Some("https://example.com/about/")
        );
        assert_eq!(
            select(&moved, "meta[name=robots]")[0]
                .value()
                .attr("content"),
            Some("noindex")
        );
        assert!(select(&moved, "script").is_empty());
    }
    let redirects = std::fs::read_to_string(f.out.join("_redirects")).unwrap();
    assert_eq!(
        redirects,
        "/from-the-author /tools/ 302\n# Written by galley from `aliases:` in front matter\n/2019/01/qui.html /about/ 301\n/about-us/ /about/ 301\n"
    );
    let sitemap = std::fs::read_to_string(f.out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.com/legal/privacy/</loc>"));
    assert!(
        !sitemap.contains("about-us"),
        "aliases are not in the sitemap"
    );
    let docs = std::fs::read_to_string(f.out.join("search/docs-0.json")).unwrap();
    assert!(
        docs.contains("\"/legal/privacy/\""),
        "pages are searchable: {docs}"
    );
}

#[test]
fn draft_and_future_pages_wait_for_their_flags() {
    let f = Fixture::new();
    f.write(
        "content/pages/soon.md",
        "---\ntitle: Soon\ndescription: D\ndate: 2999-01-01\n---\n",
    );
    f.write(
        "content/pages/draft.md",
        "---\ntitle: Draft\ndescription: D\ndraft: true\n---\n",
    );
    f.build().unwrap();
    assert!(!f.out.join("soon").exists() && !f.out.join("draft").exists());
    f.build_with(|o| {
        o.future = true;
        o.drafts = true;
    })
    .unwrap();
    assert!(f.out.join("soon/index.html").is_file() && f.out.join("draft/index.html").is_file());
}

#[test]
fn two_pages_with_one_url() {
    let d = refused(
        &site(),
        |f| f.write("content/pages/about/index.md", "---\ntitle: T\ndescription: D\n---\n"),
        &[("content/pages/about/index.md", None, "this page's URL /about/ is also the URL of content/pages/about.md; rename one of them or set `slug:`")],
    );
    assert_eq!(d.len(), 1);
}

#[test]
fn a_page_in_galleys_own_folders() {
    refused(
        &site(),
        |f| f.write("content/pages/tools/extra.md", "---\ntitle: T\ndescription: D\n---\n"),
        &[("content/pages/tools/extra.md", None, "a page's URL may not be `/tools/extra/`: galley's own pages live at `/` and under /articles/, /tools/, /category/, /tags/, /search/, /page/, /series/; move or rename the file, or set `slug:`")],
    );
}

#[test]
fn a_menu_entry_naming_no_file() {
    let d = refused(
        &site(),
        |f| {
            f.write(
                "config.yaml",
                format!(
                    "{CONFIG}{}",
                    MENUS.replace("@/pages/about.md", "@/pages/abuot.md")
                ),
            )
        },
        &[(
            "config.yaml",
            Some(10),
            "`menus.footer`: `@/pages/abuot.md` names no file in content/",
        )],
    );
    assert_eq!(d[0].column, Some(31));
    assert_eq!(
        d[0].help.as_deref(),
        Some("did you mean `@/pages/about.md`?")
    );
}

#[test]
fn a_page_without_its_template() {
    refused(
        &site(),
        |f| {
            f.write(
                "content/pages/wide.md",
                "---\ntitle: T\ndescription: D\ntemplate: wide.html\n---\n",
            )
        },
        &[(
            "content/pages/wide.md",
            Some(4),
            "no template `templates/wide.html` to render this page with",
        )],
    );
}

#[test]
fn an_alias_that_climbs_out() {
    refused(
        &site(),
        |f| f.article("moved", "title: M\ndescription: D\ndate: 2026-01-02\naliases:\n  - /../../etc/x", "Body"),
        &[(
            "content/articles/moved.md",
            Some(6),
            "`aliases`: `/../../etc/x` climbs out of the site or has an empty part; write it like `/old/path/`",
        )],
    );
}

#[test]
fn aliases_that_collide() {
    refused(
        &site(),
        |f| f.article("moved", "title: M\ndescription: D\ndate: 2026-01-02\naliases:\n  - /tools/\n  - /about-us/", "Body"),
        &[
            ("content/articles/moved.md", Some(6), "`aliases`: `/tools/` is already the address of the tools list; an alias must be a path nothing else uses"),
            ("content/pages/about.md", Some(6), "`aliases`: `/about-us/` is already the address of an alias in content/articles/moved.md; an alias must be a path nothing else uses"),
        ],
    );
}

#[test]
fn category_and_tag_pages_link_their_own_feeds() {
    let f = Fixture::new();
    f.build().unwrap();
    for (list, feed) in [
        ("tags/fixtures/", "#fixtures"),
        ("category/testing/", "Testing"),
    ] {
        let doc = page(&f.out, &format!("{list}index.html"));
        let hrefs: Vec<String> = select(&doc, "link[rel=alternate]")
            .iter()
            .filter_map(|l| l.value().attr("href").map(String::from))
            .collect();
        assert!(hrefs.contains(&format!("/{list}atom.xml")), "{hrefs:?}");
        assert!(hrefs.contains(&format!("/{list}rss.xml")), "{hrefs:?}");
        let atom = std::fs::read_to_string(f.out.join(list).join("atom.xml")).unwrap();
        assert!(
            atom.contains(&format!("<title>{feed} · Test site</title>")),
            "{atom}"
        );
        assert!(atom.contains("<title>Good article</title>"));
    }
}

const SERIES: &str = "---
title: \"Base64 · 基础 🚀\"
description: \"Trois parties.\"
---

Lisez dans l'ordre.
";

fn series_site() -> Fixture {
    let f = Fixture::new();
    f.write("content/series/b64.md", SERIES);
    for (name, order, date) in [
        ("zweite", "2", "2026-01-01"),
        ("erste", "1", "2026-02-01"),
        ("dritte", "3", "2025-12-01"),
    ] {
        f.article(name, &format!("title: \"Teil {name}\"\ndescription: D\ndate: {date}\nseries: b64\nseries_order: {order}"), "Text.");
    }
    f
}

#[test]
fn series_parts_know_their_place() {
    let f = series_site();
    f.build().unwrap();
    let second = page(&f.out, "articles/zweite/index.html");
    let nav = &select(&second, "nav.series-nav")[0];
    assert_eq!(
        text(&select(&second, ".series-title")[0]),
        "Part 2 of 3 in Base64 · 基础 🚀"
    );
    let parts: Vec<String> = nav
        .select(&sel("li a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        parts,
        ["/articles/erste/", "/articles/zweite/", "/articles/dritte/"]
    );
    assert_eq!(nav.select(&sel("[aria-current=page]")).count(), 1);
    let prev = select(&second, ".steps a[rel=prev]")[0]
        .value()
        .attr("href");
    let next = select(&second, ".steps a[rel=next]")[0]
        .value()
        .attr("href");
    assert_eq!(
        (prev, next),
        (Some("/articles/erste/"), Some("/articles/dritte/"))
    );
    let first = page(&f.out, "articles/erste/index.html");
    assert!(select(&first, ".steps a[rel=prev]").is_empty());
    let listing = page(&f.out, "series/b64/index.html");
    let order: Vec<String> = select(&listing, ".series-parts .card-title a")
        .iter()
        .map(text)
        .collect();
    assert_eq!(order, ["Teil erste", "Teil zweite", "Teil dritte"]);
    assert!(text(&select(&listing, ".prose")[0]).contains("Lisez dans l'ordre."));
    let sitemap = std::fs::read_to_string(f.out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.com/series/b64/</loc>"));
}

#[test]
fn an_unknown_series() {
    let d = refused(
        &series_site(),
        |f| {
            f.article(
                "vierte",
                "title: V\ndescription: D\ndate: 2026-01-03\nseries: b46",
                "Text.",
            )
        },
        &[(
            "content/articles/vierte.md",
            Some(5),
            "`series`: no series `b46`",
        )],
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `b64`?"));
    assert_eq!(d[0].column, Some(9));
}

#[test]
fn two_parts_in_one_place() {
    refused(
        &series_site(),
        |f| f.article("vierte", "title: V\ndescription: D\ndate: 2026-01-03\nseries: b64\nseries_order: 2", "Text."),
        &[("content/articles/vierte.md", Some(6), "`series_order`: 2 is also the place of content/articles/zweite.md in this series; give each part its own number")],
    );
}

#[test]
fn an_order_without_a_series() {
    refused(
        &Fixture::new(),
        |f| f.article("lost", "title: L\ndescription: D\ndate: 2026-01-03\nseries_order: 2", "Text."),
        &[("content/articles/lost.md", Some(5), "`series_order`: is set, but `series:` is not: name the series this article is a part of")],
    );
}
