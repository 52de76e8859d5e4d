//! `build --minify` changes bytes, never what a reader sees: for each site, every page built
//! with and without `--minify` has the same visible text, the minified page is no larger, its
//! JSON-LD is the same JSON, and its inline SVG the same shapes.

use std::collections::HashSet;
use std::path::Path;

use scraper::Html;
use serde_json::Value;

use crate::common::{galley, html_files, page, sel};
use crate::sites::Site;
use crate::visible::{first_difference, flex_classes, visible_text};

/// Builds `site` twice, plain and minified, and compares every page.
fn compare(site: Site) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    site.make(&root);
    let (plain, min) = (tmp.path().join("plain"), tmp.path().join("min"));
    for (out, extra) in [(&plain, None), (&min, Some("--minify"))] {
        let mut args = vec!["build", "--root", root.to_str().unwrap()];
        args.extend(["--output", out.to_str().unwrap()]);
        args.extend(extra);
        galley(&root, &args).assert_exit(0);
    }
    let files = html_files(&plain);
    assert_eq!(files, html_files(&min), "{site:?}: the same pages");
    // The stylesheets of the normal build: the minified ones say the same, more tightly.
    let flex = flex_classes(&plain);
    for rel in &files {
        compare_page(site, (&plain, &min), rel, &flex);
    }
}

fn compare_page(site: Site, (plain, min): (&Path, &Path), rel: &str, flex: &HashSet<String>) {
    let size = |out: &Path| std::fs::metadata(out.join(rel)).unwrap().len();
    assert!(
        size(min) <= size(plain),
        "{site:?} {rel}: minified is larger ({} > {} bytes)",
        size(min),
        size(plain)
    );
    let (a, b) = (page(plain, rel), page(min, rel));
    if let Some((was, now)) = first_difference(&visible_text(&a, flex), &visible_text(&b, flex)) {
        panic!(
            "{site:?} {rel}: the visible text changed\n  plain:    {was:?}\n  minified: {now:?}"
        );
    }
    assert_eq!(jsonld(&a, rel), jsonld(&b, rel), "{site:?} {rel}: JSON-LD");
    assert_eq!(svgs(&a), svgs(&b), "{site:?} {rel}: inline SVG");
}

/// Every JSON-LD block of a page, parsed (a block that is not JSON fails the test).
fn jsonld(doc: &Html, rel: &str) -> Vec<Value> {
    doc.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: JSON-LD {e}: {text}"))
        })
        .collect()
}

/// The number of `<svg>` elements and the `d` of every `<path>` in them, in order.
fn svgs(doc: &Html) -> (usize, Vec<String>) {
    let count = doc.select(&sel("svg")).count();
    let paths = doc
        .select(&sel("svg path"))
        .map(|p| p.value().attr("d").unwrap_or_default().to_string())
        .collect();
    (count, paths)
}

#[test]
fn minified_repository_site_reads_the_same() {
    compare(Site::Repo);
}

#[test]
fn minified_init_site_reads_the_same() {
    compare(Site::Init);
}

#[test]
fn minified_unicode_site_reads_the_same() {
    compare(Site::Unicode);
}

#[test]
fn minified_stress_site_reads_the_same() {
    compare(Site::Stress);
}
