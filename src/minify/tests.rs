use super::*;
use proptest::prelude::*;
use scraper::{Html, Node};

/// Elements whose edges are line breaks: whitespace next to them never renders.
const BLOCKS: &[&str] = &[
    "html",
    "head",
    "body",
    "title",
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "caption",
    "figure",
    "figcaption",
    "blockquote",
    "pre",
    "form",
    "fieldset",
    "details",
    "summary",
    "hr",
    "br",
    "textarea",
];

/// The text a reader sees, as a string: whitespace runs collapsed to one space outside `<pre>`
/// and `<textarea>`, a line break at every block boundary (where whitespace never renders).
fn visible_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, leaving)) = stack.pop() {
        match node.value() {
            Node::Text(t) => {
                let raw = node
                    .ancestors()
                    .filter_map(|a| a.value().as_element())
                    .any(|e| matches!(e.name(), "pre" | "textarea"));
                if raw {
                    out.push_str(t);
                } else {
                    let words: Vec<&str> = t.split_ascii_whitespace().collect();
                    if t.starts_with(|c: char| c.is_ascii_whitespace()) {
                        out.push(' ');
                    }
                    out.push_str(&words.join(" "));
                    if !words.is_empty() && t.ends_with(|c: char| c.is_ascii_whitespace()) {
                        out.push(' ');
                    }
                }
            }
            Node::Element(e) if matches!(e.name(), "script" | "style" | "template") => {}
            Node::Element(e) => {
                if BLOCKS.contains(&e.name()) {
                    out.push('\n');
                }
                if !leaving {
                    stack.push((node, true));
                    stack.extend(node.children().rev().map(|c| (c, false)));
                }
            }
            _ => stack.extend(node.children().rev().map(|c| (c, false))),
        }
    }
    normalise(&out)
}

/// Collapses spaces next to block boundaries and repeated spaces (the renderer does the same).
fn normalise(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let line = line.trim_matches(' ');
        if !line.is_empty() {
            let mut prev_space = false;
            for c in line.chars() {
                if c == ' ' && prev_space {
                    continue;
                }
                prev_space = c == ' ';
                out.push(c);
            }
            out.push('\n');
        }
    }
    out
}

#[test]
fn non_ascii_text_after_tags_does_not_panic() {
    let page = "<!DOCTYPE html><html lang=\"en\"><body>\n  <p>a · b – ü 日本語 🚀 العربية</p>\n</body></html>";
    let min = html(page);
    assert!(min.contains("a · b – ü 日本語 🚀 العربية"), "{min}");
}

#[test]
fn whitespace_between_inline_elements_is_kept() {
    for page in [
        "<p><b>x</b>\n<i>y</i></p>",
        "<p><a href=\"/a\">x</a> <a href=\"/b\">y</a></p>",
        "<li><code>a</code>\n  <code>b</code></li>",
    ] {
        assert_eq!(visible_text(page), visible_text(&html(page)), "{page}");
    }
}

#[test]
fn raw_blocks_json_ld_and_svg_survive() {
    let page = concat!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>t</title>\n",
        "<script type=\"application/ld+json\">{\"@type\": \"Article\", \"name\": \"a  b\"}</script>\n",
        "</head><body>\n<pre><code>  keep\n    this  </code></pre>\n",
        "<textarea>\n  two  spaces</textarea>\n",
        "<svg viewBox=\"0 0 10 10\" aria-hidden=\"true\"><path d=\"M0 0L10 10\"/></svg>\n",
        "</body></html>",
    );
    let min = html(page);
    assert!(
        min.contains("<pre><code>  keep\n    this  </code></pre>"),
        "{min}"
    );
    assert!(min.contains("  two  spaces</textarea>"), "{min}");
    assert!(
        min.contains("{\"@type\": \"Article\", \"name\": \"a  b\"}"),
        "{min}"
    );
    assert!(min.contains("M0 0L10 10"), "{min}");
    assert!(min.len() < page.len());
}

#[test]
fn css_and_js_get_smaller_and_keep_their_meaning() {
    let sheet = "body {\n  color: #ff0000;\n}\n\n@media (prefers-color-scheme: dark) {\n  body { color: white; }\n}\n";
    let min = css(sheet).expect("valid CSS minifies");
    assert!(min.contains("@media (prefers-color-scheme:dark)"), "{min}");
    assert!(min.len() < sheet.len());
    let module = "import { encode } from './base64.js?h=1';\nexport function run(input) {\n  const result = encode(input);\n  return result;\n}\n";
    let min = js_module(module).expect("a valid module minifies");
    assert!(min.contains("./base64.js?h=1"), "{min}");
    assert!(min.contains("export"), "{min}");
    assert!(min.contains("run"), "exported names are kept: {min}");
    assert_eq!(js_module("export const = ;"), None);
    assert_eq!(css("a { color: red"), css("a { color: red"));
}

/// Pieces galley's pages are made of, joined at random with random whitespace. They sit in a
/// list item, a container where inline and block content mix as in Markdown's output (see the
/// module's note on block containers).
fn piece() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("a".to_string()),
        Just("é·ü".to_string()),
        Just("日本語".to_string()),
        Just("🚀👩‍💻".to_string()),
        Just("שלום".to_string()),
        Just("&amp; &lt;b&gt;".to_string()),
        "[a-z]{1,6}",
    ];
    let ws = prop_oneof![Just(""), Just(" "), Just("\n"), Just("\n  "), Just("\t")];
    (word, ws, 0..12usize).prop_map(|(w, ws, kind)| match kind {
        0 => format!("<p>{w}</p>{ws}"),
        1 => format!("<b>{w}</b>{ws}"),
        2 => format!("<a href=\"/x\">{w}</a>{ws}"),
        3 => format!("<pre><code>{ws}{w}{ws}</code></pre>"),
        4 => format!("<ul>{ws}<li>{w}</li>{ws}<li><em>{w}</em>{ws}<code>{w}</code></li></ul>"),
        5 => format!("<h2 id=\"x\">{w}{ws}<a href=\"#x\">#</a></h2>"),
        6 => format!("<!-- {w} -->{ws}"),
        7 => format!("<table><tr><td>{w}</td>{ws}<td>{w}</td></tr></table>"),
        8 => format!("<blockquote>{ws}<p>{w}{ws}<kbd>{w}</kbd></p></blockquote>"),
        9 => format!("<textarea>{ws}{w}{ws}</textarea>"),
        10 => format!("<span>{w}</span>{ws}<span>{w}</span>"),
        _ => format!("{w}{ws}"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn minifying_never_changes_the_text(pieces in prop::collection::vec(piece(), 0..12)) {
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><p>{}</p>\n<ul><li>{}</li></ul></main></body></html>",
            pieces.first().cloned().unwrap_or_default(),
            pieces.concat()
        );
        let min = html(&page);
        prop_assert_eq!(visible_text(&page), visible_text(&min), "{}\n=>\n{}", page, min);
    }
}
