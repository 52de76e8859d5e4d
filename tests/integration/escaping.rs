//! Hostile text in front matter comes out as text: it never becomes markup, a script, or
//! breaks out of an attribute, and it reads back exactly as written.

use crate::common::*;
use crate::support::*;

const TITLE: &str =
    "<script>alert(1)</script> \"double\" 'single' </script> ]]> & <!-- --> {{ x }}";
/// The title as written in YAML adds a bell and an escape character, which every output drops.
const TITLE_CONTROLS: &str = "\\a\\e";
const DESCRIPTION: &str =
    "Ends a script: </script><script>alert(2)</script> and \"quotes\" onload='alert(3)' ]]>";
const TAG: &str = "<script>alert(4)</script>";
const CATEGORY: &str = "Cat </title><script>alert(5)</script>";

/// YAML double-quoted form of `s`.
fn yaml(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn hostile() -> Fixture {
    let f = Fixture::new();
    let title = format!("{}{TITLE_CONTROLS}\"", yaml(TITLE).trim_end_matches('"'));
    f.article(
        "hostile",
        &format!(
            "title: {}\ndescription: {}\ndate: 2026-02-01\ncategory: {}\ntags: [{}, \"\\\"quoted\\\" tag\", \"x ]]> y\"]\nextra:\n  note: {}\n  nested: {{ list: [{}] }}",
            title,
            yaml(DESCRIPTION),
            yaml(CATEGORY),
            yaml(TAG),
            yaml("</script><script>alert(6)</script>"),
            yaml("]]></script>")
        ),
        "## Quotes \"double\" & 'single'\n\nBody text.\n",
    );
    f.build().expect("hostile text is valid input");
    f
}

#[test]
fn no_page_gets_a_script_from_front_matter() {
    let f = hostile();
    for rel in html_files(&f.out) {
        let doc = page(&f.out, &rel);
        assert!(
            doc.errors.is_empty(),
            "{rel} does not parse cleanly: {:?}",
            doc.errors
        );
        for script in select(&doc, "script") {
            let body: String = script.text().collect();
            if script.value().attr("type") == Some("application/ld+json") {
                // A data block, never executed: it must be valid JSON that cannot close the
                // element (no `<` at all) and must keep the hostile title as data.
                assert!(!body.contains('<'), "{rel}: JSON-LD with a raw `<`");
                let json: serde_json::Value = serde_json::from_str(&body)
                    .unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse: {e}"));
                assert!(json["@graph"].is_array(), "{rel}: {json}");
                continue;
            }
            assert!(body.is_empty(), "{rel}: inline script {body:?}");
            let src = script
                .value()
                .attr("src")
                .unwrap_or_else(|| panic!("{rel}: a script without src"));
            assert!(
                (src.starts_with("/tools/") || src.starts_with("/js/")) && src.contains(".js?h="),
                "{rel}: unexpected script {src}"
            );
        }
        for e in select(&doc, "*") {
            for (name, value) in e.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{rel}: event handler attribute {name}={value:?}"
                );
            }
        }
        assert!(
            select(&doc, "title").len() == 1,
            "{rel}: the title element was broken out of"
        );
    }
}

#[test]
fn title_and_description_read_back_exactly() {
    let f = hostile();
    let doc = page(&f.out, "articles/hostile/index.html");
    let h1: Vec<String> = select(&doc, "h1")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(h1, [TITLE]);
    let title: String = select(&doc, "title")[0].text().collect();
    assert_eq!(title, format!("{TITLE} · Test site"));
    let meta = select(&doc, "meta[name=description]");
    assert_eq!(meta[0].value().attr("content"), Some(DESCRIPTION));
    let lede: String = select(&doc, ".article-header .lede")[0].text().collect();
    assert_eq!(lede, DESCRIPTION);
    let crumb: String = select(&doc, "nav.crumbs a")[1].text().collect();
    assert_eq!(crumb, CATEGORY);
    let tags: Vec<String> = select(&doc, "ul.tags a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        tags,
        [
            format!("#{TAG}"),
            "#\"quoted\" tag".to_string(),
            "#x ]]> y".to_string()
        ]
    );
    let anchor = select(&doc, ".prose h2 a.anchor");
    assert_eq!(
        anchor[0].value().attr("aria-label"),
        Some("Link to this section: Quotes \"double\" & 'single'")
    );
}

#[test]
fn cards_and_taxonomy_pages_read_back_exactly() {
    let f = hostile();
    let home = page(&f.out, "index.html");
    let titles: Vec<String> = select(&home, ".card-title")
        .iter()
        .map(|t| t.text().collect::<String>().trim().to_string())
        .collect();
    assert!(titles.contains(&TITLE.to_string()), "{titles:?}");
    // The tag and the category get pages at slugs made of their letters only.
    let tag = page(&f.out, "tags/script-alert-4-script/index.html");
    let h1: String = select(&tag, "h1")[0].text().collect();
    assert_eq!(h1, format!("#{TAG}"));
    let category = page(
        &f.out,
        "category/cat-title-script-alert-5-script/index.html",
    );
    let h1: String = select(&category, "h1")[0].text().collect();
    assert_eq!(h1, CATEGORY);
    check_internal_links(&f.out, "/", "https://example.com/");
}

#[test]
fn feeds_sitemap_and_json_ld_stay_valid_and_read_back() {
    let f = hostile();
    for file in ["atom.xml", "rss.xml"] {
        let bytes = std::fs::read(f.out.join(file)).unwrap();
        let feed = feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
        let titles: Vec<String> = feed
            .entries
            .iter()
            .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
            .collect();
        assert!(titles.contains(&TITLE.to_string()), "{file}: {titles:?}");
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{1b}'),
            "{file} holds a control character"
        );
    }
    let sitemap = std::fs::read_to_string(f.out.join("sitemap.xml")).unwrap();
    let xml = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed");
    let locs = xml.descendants().filter(|n| n.has_tag_name("loc")).count();
    assert!(locs > 5, "{locs} URLs");
    let doc = page(&f.out, "articles/hostile/index.html");
    let ld: String = select(&doc, "script[type=\"application/ld+json\"]")[0]
        .text()
        .collect();
    let json: serde_json::Value = serde_json::from_str(&ld).unwrap();
    let headline = json["@graph"][0]["headline"].as_str().unwrap();
    assert_eq!(
        headline,
        format!("{TITLE}\u{7}\u{1b}"),
        "JSON keeps the value, escaped"
    );
    assert!(
        !ld.contains('\u{7}'),
        "control characters are \\u escapes in JSON"
    );
}
