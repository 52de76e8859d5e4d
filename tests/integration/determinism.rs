//! The same input gives the same bytes: builds run in parallel, but their output must not
//! depend on thread timing, hash-map order or the output folder's name.

use crate::common::*;
use crate::support::*;

/// A fixture with enough of everything for ordering to matter: several articles sharing
/// categories and tags, explicit and scored related articles, code in several languages,
/// tables of contents, embedded tools, non-ASCII text.
fn rich() -> Fixture {
    let f = Fixture::new();
    let code = "```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n\n```python\ndef f(x):\n    return x * 2\n```\n\n```javascript\nconst a = [1, 2, 3].map((x) => x * 2);\n```\n";
    for i in 0..12 {
        let category = ["Alpha", "Beta", "Gamma"][i % 3];
        let tags = ["one", "two", "three", "four", "five"];
        let tags = format!("[{}, {}]", tags[i % 5], tags[(i * 3 + 1) % 5]);
        let related = if i % 4 == 0 {
            "\nrelated: [post-1, post-2.md]".to_string()
        } else {
            String::new()
        };
        f.article(
            &format!("post-{i}"),
            &format!(
                "title: \"Post {i}: ünïcode café\"\ndescription: \"Number {i}.\"\ndate: 2026-0{}-1{}\ncategory: {category}\ntags: {tags}\ntools: [base64, jwt-decoder]\ntoc: true{related}",
                1 + i % 3,
                i % 10
            ),
            &format!("## Intro\n\nText {i}.\n\n## Intro\n\nSame heading again.\n\n### Détails\n\n{code}\n{{{{ tool(id=\"base64\") }}}}\n\n| a | b |\n|---|---|\n| {i} | x |\n"),
        );
    }
    f
}

// Builds with highlighting are slow in debug, so each test makes the most of its builds.

#[test]
fn builds_into_different_folders_and_rebuilds_in_place_are_byte_identical() {
    let f = rich();
    assert_eq!(f.build().unwrap().articles, 13);
    let second = f.tmp().join("second");
    f.build_with(|o| o.output = Some(second.clone())).unwrap();
    let first = tree(&f.out);
    assert!(
        first.len() > 30,
        "expected a full site, got {} entries",
        first.len()
    );
    assert_same_tree(&first, &tree(&second), "two builds of the same site");

    // The site is sound, so the comparison compares something worth having.
    check_internal_links(&f.out, "/", "https://example.com/");
    let doc = page(&f.out, "articles/post-3/index.html");
    let ids: Vec<String> = select(&doc, ".prose h2, .prose h3")
        .iter()
        .map(|h| h.value().id().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["intro", "intro-1", "détails"]);
    assert!(
        !select(&doc, ".prose pre code span[class^=hl-]").is_empty(),
        "code is highlighted"
    );

    f.build().unwrap();
    assert_same_tree(&first, &tree(&f.out), "a rebuild into the same folder");
}

#[test]
fn binary_and_library_builds_are_byte_identical() {
    let f = rich();
    f.build().unwrap();
    let cli_out = f.tmp().join("cli");
    galley(
        f.tmp(),
        &[
            "build",
            "--root",
            f.root.to_str().unwrap(),
            "--output",
            cli_out.to_str().unwrap(),
        ],
    )
    .assert_exit(0);
    assert_same_tree(&tree(&f.out), &tree(&cli_out), "library and binary builds");
}

/// A rebuild takes the outline of every unchanged article from `.galley-cache/outlines.bin`.
/// What it writes must be what a build without that file writes, and an edit to an article,
/// a template or a linked file must never be hidden by it.
#[test]
fn stored_outlines_give_the_same_site_and_never_a_stale_one() {
    let f = rich();
    let stored = f
        .root
        .join(galley::cache::DIR)
        .join(galley::parse::outlines::FILE);
    f.build().unwrap();
    assert!(stored.is_file(), "a build stores its outlines");
    let written = std::fs::metadata(&stored).unwrap().modified().unwrap();
    f.build().unwrap();
    let rewritten = std::fs::metadata(&stored).unwrap().modified().unwrap();
    assert_eq!(
        written, rewritten,
        "nothing changed: the outlines are not written again"
    );
    let warm = tree(&f.out);
    std::fs::remove_file(&stored).unwrap();
    f.build().unwrap();
    assert_same_tree(&warm, &tree(&f.out), "with and without stored outlines");
    std::fs::write(&stored, b"not an outline file").unwrap();
    f.build().unwrap();
    assert_same_tree(&warm, &tree(&f.out), "with a damaged outline file");

    // An edited summary shows in the feed and the article in the search index.
    let front = f.read("content/articles/post-5.md");
    let front = front.split("---").nth(1).unwrap().trim();
    f.article(
        "post-5",
        front,
        "Zeppelin summary.\n\n<!-- more -->\n\n## Intro\n\nRest.\n",
    );
    f.build().unwrap();
    let feed = std::fs::read_to_string(f.out.join("atom.xml")).unwrap();
    assert!(
        feed.contains("Zeppelin summary"),
        "the edited summary is in the feed"
    );
    let index = std::fs::read_to_string(f.out.join("search/meta.json")).unwrap();
    let shards: Vec<String> = serde_json::from_str::<serde_json::Value>(&index).unwrap()["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let shard = shards
        .iter()
        .rposition(|p| "zeppelin".starts_with(p.as_str()))
        .unwrap();
    let terms = std::fs::read_to_string(f.out.join(format!("search/t/{shard}.json"))).unwrap();
    assert!(
        terms.contains("\"zeppelin\""),
        "the edited article is searchable"
    );

    // A link to a file that is then removed fails the build even though the linking article
    // did not change.
    f.article(
        "linker",
        "title: Linker\ndescription: Links.\ndate: 2026-01-01",
        "See [post 7](post-7.md).\n",
    );
    f.build().unwrap();
    f.remove("content/articles/post-7.md");
    let problems = f.diagnostics();
    assert!(
        problems.iter().any(|d| d.message.contains("post-7.md")),
        "{problems:?}"
    );
}
