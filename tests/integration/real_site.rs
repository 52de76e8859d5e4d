//! The real site (the repository itself), built once with the binary into a scratch folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::*;
use crate::support::*;

const JWT_PAGE: &str = "articles/jwt-vs-session/index.html";

/// Runs `galley build --root <repo> --output <out>` and checks that it succeeded.
fn build_repo_into(out: &Path) {
    let run = galley(
        repo(),
        &[
            "build",
            "--root",
            repo().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    );
    run.assert_exit(0);
    assert!(run.stdout.contains("built "), "{run:#?}");
}

/// The output of `galley build --root <repo> --output <scratch>`, built once per test run.
/// It lives under Cargo's scratch folder for integration tests, so it never touches the
/// repository's own `public/` and is replaced (galley's marker allows it) on the next run.
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-site");
        build_repo_into(&out);
        out
    })
}

#[test]
fn jwt_article_has_the_comparison_table() {
    let doc = page(built(), JWT_PAGE);
    let table = select(&doc, ".prose table")
        .into_iter()
        .find(|t| {
            let heads: Vec<String> = t.select(&sel("thead th")).map(|th| text(&th)).collect();
            heads == ["Feature", "Session", "JWT"]
        })
        .expect("a table with the header Feature / Session / JWT");
    let rows: Vec<String> = table
        .select(&sel("tbody tr"))
        .map(|tr| text(&tr.select(&sel("td")).next().expect("a first cell")))
        .collect();
    assert_eq!(
        rows,
        [
            "Storage",
            "Scalability",
            "Performance",
            "Revocation",
            "Size",
            "Security"
        ]
    );
    for tr in table.select(&sel("tbody tr")) {
        assert_eq!(
            tr.select(&sel("td")).count(),
            3,
            "every row has three cells: {}",
            text(&tr)
        );
    }
}

#[test]
fn jwt_article_has_highlighted_javascript() {
    let doc = page(built(), JWT_PAGE);
    let js_blocks: Vec<_> = select(&doc, ".prose figure.code")
        .into_iter()
        .filter(|b| {
            b.select(&sel("figcaption .code-lang"))
                .next()
                .is_some_and(|l| text(&l) == "JavaScript")
        })
        .collect();
    assert!(!js_blocks.is_empty(), "no code block labelled JavaScript");
    for block in &js_blocks {
        let spans: Vec<_> = block.select(&sel("pre code .line span")).collect();
        assert!(
            !spans.is_empty(),
            "a JavaScript block has no highlighting spans"
        );
        let highlighted = spans
            .iter()
            .filter(|s| s.value().classes().any(|c| c.starts_with("hl-")))
            .count();
        assert!(
            highlighted * 2 >= spans.len(),
            "most spans of a JavaScript block should carry hl- classes"
        );
    }
    // The code survives highlighting: the text of the first block is the source code.
    let code = text(&js_blocks[0].select(&sel("pre code")).next().unwrap());
    assert!(
        code.starts_with("const express = require(\"express\");"),
        "{code}"
    );
}

#[test]
fn jwt_article_headings_have_unique_ids_and_self_links() {
    let doc = page(built(), JWT_PAGE);
    let all_ids = ids(&doc);
    let unique: BTreeSet<&String> = all_ids.iter().collect();
    assert_eq!(
        unique.len(),
        all_ids.len(),
        "duplicate ids on the page: {all_ids:?}"
    );
    // A tab's label (`h3.tab-label`, shown when JavaScript is off) names a panel, not a
    // section: it has no id of its own.
    let headings = select(&doc, ".prose h2, .prose h3:not(.tab-label)");
    assert!(
        headings.len() >= 10,
        "expected the article's sections, found {}",
        headings.len()
    );
    for h in headings {
        let id = h
            .value()
            .id()
            .unwrap_or_else(|| panic!("heading without id: {}", text(&h)));
        assert!(!id.is_empty());
        let anchor = h
            .child_elements()
            .find(|c| c.value().name() == "a" && c.value().classes().any(|k| k == "anchor"))
            .unwrap_or_else(|| panic!("heading `{id}` has no child a.anchor"));
        assert_eq!(anchor.value().attr("href"), Some(format!("#{id}").as_str()));
    }
}

#[test]
fn jwt_article_related_articles_are_the_three_base64_guides() {
    let out = built();
    let doc = page(out, JWT_PAGE);
    let section = select(&doc, "section.related")
        .into_iter()
        .next()
        .expect("a related section");
    let title = section.select(&sel("h2")).next().expect("a section title");
    assert_eq!(text(&title), "Related articles");
    let links: Vec<String> = section
        .select(&sel(".card .card-title a"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "/articles/base64-basics/",
            "/articles/base64-vs-binary/",
            "/articles/base64-images-html/"
        ]
    );
    for a in section.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap();
        let file = file_for(out, href, "/").expect("a root-relative link");
        assert!(file.is_file(), "related link {href} has no page");
    }
    let titles: Vec<String> = section
        .select(&sel(".card .card-title"))
        .map(|t| text(&t))
        .collect();
    assert_eq!(
        titles,
        [
            "What is Base64 Encoding and How Does it Work?",
            "Base64 vs Binary: Understanding the Difference",
            "How to Embed Images in HTML Using Base64"
        ]
    );
}

#[test]
fn jwt_article_tools_block_links_to_tool_pages() {
    let out = built();
    let doc = page(out, JWT_PAGE);
    let section = select(&doc, "section.try-tools")
        .into_iter()
        .next()
        .expect("a tools block");
    let cards: Vec<(String, String)> = section
        .select(&sel(".tool-card a"))
        .map(|a| (text(&a), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        cards,
        [
            ("JWT Decoder".to_string(), "/tools/jwt-decoder/".to_string()),
            (
                "Base64 Encoder / Decoder".to_string(),
                "/tools/base64/".to_string()
            )
        ]
    );
    for (_, href) in &cards {
        let tool_page = page(out, &format!("{}index.html", href.trim_start_matches('/')));
        // The tool page carries its widget and loads its script.
        assert_eq!(
            select(&tool_page, "section.tool[data-tool]").len(),
            1,
            "{href}"
        );
        // Its own script, and the copy buttons' where its guide has code blocks.
        let scripts: Vec<&str> = select(&tool_page, "script[type=module][src]")
            .iter()
            .filter_map(|s| s.value().attr("src"))
            .filter(|src| !src.starts_with("/js/code-copy.js?h="))
            .collect();
        assert_eq!(scripts.len(), 1, "{href}: {scripts:?}");
    }
}

#[test]
fn tools_index_shows_the_table_from_data_tools_yaml() {
    let doc = page(built(), "tools/index.html");
    let rows: Vec<(String, String, String)> = select(&doc, ".tool-facts tbody tr")
        .iter()
        .map(|tr| {
            let link = tr
                .select(&sel("th[scope=row] a"))
                .next()
                .expect("a tool link");
            let cells: Vec<String> = tr.select(&sel("td")).map(|td| text(&td)).collect();
            assert_eq!(cells.len(), 3, "{}", text(tr));
            (
                text(&link),
                link.value().attr("href").unwrap().to_string(),
                cells[2].clone(),
            )
        })
        .collect();
    let row = |name: &str, href: &str, standards: &str| {
        (name.to_string(), href.to_string(), standards.to_string())
    };
    assert_eq!(
        rows,
        [
            row("Base64 Encoder / Decoder", "/tools/base64/", "RFC 4648"),
            row("Data URI Generator", "/tools/data-uri/", "RFC 2397"),
            row("JWT Decoder", "/tools/jwt-decoder/", "RFC 7519, RFC 7518"),
        ]
    );
}

#[test]
fn jwt_article_embeds_the_decoder_and_loads_its_script() {
    let doc = page(built(), JWT_PAGE);
    let widgets = select(&doc, ".prose section.tool");
    assert_eq!(widgets.len(), 1);
    assert_eq!(widgets[0].value().attr("data-tool"), Some("jwt-decoder"));
    let scripts: Vec<&str> = select(&doc, "script[src]")
        .iter()
        .map(|s| s.value().attr("src").unwrap())
        .collect();
    // The reader's page script (theme, side contents), the copy buttons' module (the
    // article has code blocks), then the decoder's and the tabs', in order of use.
    assert_eq!(scripts.len(), 4, "{scripts:?}");
    assert!(scripts[0].starts_with("/js/reader.js?h="), "{scripts:?}");
    assert!(scripts[1].starts_with("/js/code-copy.js?h="), "{scripts:?}");
    assert!(
        scripts[2].starts_with("/tools/jwt-decoder.js?h="),
        "{scripts:?}"
    );
    assert!(
        scripts[3].starts_with("/js/components/tabs.js?h="),
        "{scripts:?}"
    );
}

#[test]
fn every_internal_link_on_every_page_resolves() {
    let out = built();
    let pages = html_files(out);
    assert!(
        pages.len() >= 20,
        "expected the whole site, found {pages:?}"
    );
    let checked = check_internal_links(out, "/", "https://devtools.example.com/");
    assert!(checked > 200, "only {checked} links checked");
}

#[test]
fn every_page_parses_cleanly_with_unique_ids() {
    let out = built();
    for rel in html_files(out) {
        let doc = page(out, &rel);
        assert!(
            doc.errors.is_empty(),
            "{rel} has HTML parse errors: {:?}",
            doc.errors
        );
        let all = ids(&doc);
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), all.len(), "{rel} has duplicate ids: {all:?}");
    }
}

#[test]
fn real_site_builds_the_same_twice() {
    let first = built();
    let tmp = tempfile::tempdir().unwrap();
    let second = tmp.path().join("again");
    build_repo_into(&second);
    assert_same_tree(&tree(first), &tree(&second), "two builds of the real site");
}

/// `build` outlines articles first and renders each body again when it writes the page (to
/// hold little in memory); `serve` and `check` render each body once and keep it. Both must
/// give the same site, byte for byte.
#[test]
fn one_off_and_kept_renderings_give_the_same_site() {
    let tmp = tempfile::tempdir().unwrap();
    let kept = tmp.path().join("kept");
    let options = galley::BuildOptions {
        root: repo().to_path_buf(),
        output: Some(kept.clone()),
        ..galley::BuildOptions::default()
    };
    let mut session = galley::Session::default();
    assert_eq!(session.mode(), galley::mode::Mode::Session);
    let prepared = galley::build::prepare(&options, &mut session).unwrap();
    galley::build::write(tmp.path(), &prepared).unwrap();
    assert_same_tree(
        &tree(built()),
        &tree(&kept),
        "outlined build and kept rendering",
    );
}

/// The link checker itself finds a missing page and a missing fragment.
#[test]
#[should_panic(expected = "2 broken internal links")]
fn link_checker_catches_broken_links() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    std::fs::create_dir_all(out.join("a")).unwrap();
    std::fs::write(out.join("a/index.html"), r##"<!DOCTYPE html><title>a</title><h2 id="x">x</h2><a href="#x">ok</a> <a href="/a/#x">ok</a> <a href="/a/#y">no id</a> <a href="/b/">no page</a> <a href="https://example.org/">external</a>"##).unwrap();
    check_internal_links(out, "/", "https://devtools.example.com/");
}
