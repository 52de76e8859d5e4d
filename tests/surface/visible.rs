//! The visible text of a page, the way a browser lays it out: text nodes outside `<script>`,
//! `<style>` and `<template>`, with a boundary mark where a block-level element starts or
//! ends. Inside `<pre>` and `<textarea>` text is kept exactly; elsewhere a run of ASCII
//! whitespace is one space, and whitespace next to a block boundary is dropped. Two pages with
//! equal visible text read the same, whatever whitespace between tags a minifier removed.
//!
//! One piece of CSS matters: the children of a flex or grid container are laid out as blocks
//! (spaced by `gap`), so whitespace between them never renders. The README asks templates to
//! space inline elements that way, so [`flex_classes`] reads which classes the site's
//! stylesheets make flex or grid containers, and the walk treats their children as blocks.

use std::collections::HashSet;
use std::path::Path;

use scraper::{ElementRef, Html};

/// Marks a block boundary in the visible text (a character pages are unlikely to hold).
pub const BREAK: char = '⏎';

/// Elements whose content is never rendered as text.
const HIDDEN: &[&str] = &["script", "style", "template"];

/// Elements whose whitespace is rendered as written.
const PRESERVED: &[&str] = &["pre", "textarea"];

/// Block-level elements: whitespace next to their start and end tags is not rendered.
/// `legend`, `option` and `optgroup` are laid out as blocks too (an option is a line of its
/// list, never text flowing next to the one before it).
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "html", "head", "title", "body", "p", "div", "section", "article", "header", "footer",
    "nav", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt",
    "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure",
    "figcaption", "blockquote", "pre", "form", "fieldset", "legend", "details", "summary",
    "hr", "br", "option", "optgroup",
];

/// The classes that rules in the stylesheets under `out` give `display: flex` or `grid`
/// (inline forms too), taken from the last compound of each selector: an over-approximation,
/// which only ever treats more whitespace as layout.
pub fn flex_classes(out: &Path) -> HashSet<String> {
    let mut classes = HashSet::new();
    let sheets = walkdir::WalkDir::new(out).into_iter().map(Result::unwrap);
    for sheet in sheets.filter(|e| e.path().extension().is_some_and(|x| x == "css")) {
        let css = std::fs::read_to_string(sheet.path()).unwrap_or_default();
        for rule in css.split('}') {
            let Some((selectors, declarations)) = rule.rsplit_once('{') else {
                continue;
            };
            let display = declarations.replace(' ', "");
            let flex = [
                "display:flex",
                "display:grid",
                "display:inline-flex",
                "display:inline-grid",
            ];
            if !flex.iter().any(|d| display.contains(d)) {
                continue;
            }
            // `@media (…) { .a, b.c .d` → the selectors after the last `{`.
            let selectors = selectors.rsplit('{').next().unwrap_or_default();
            for selector in selectors.split(',') {
                let last = selector.split_whitespace().last().unwrap_or_default();
                let names = last.split('.').skip(1);
                classes.extend(names.map(|c| c.split([':', '[']).next().unwrap().to_string()));
            }
        }
    }
    classes
}

/// The visible text of a parsed document, with the flex and grid classes of its site.
pub fn visible_text(doc: &Html, flex: &HashSet<String>) -> String {
    let mut walker = Walker {
        flex,
        text: Text::default(),
    };
    walker.element(doc.root_element(), false);
    walker.text.boundary();
    walker.text.out
}

/// The visible text being written.
#[derive(Default)]
struct Text {
    out: String,
    /// Collapsed whitespace not written yet: it is written only if text follows before the
    /// next block boundary.
    space: bool,
}

impl Text {
    fn boundary(&mut self) {
        self.space = false;
        if !self.out.is_empty() && !self.out.ends_with(BREAK) {
            self.out.push(BREAK);
        }
    }

    fn exact(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.flush_space();
        self.out.push_str(s);
    }

    fn collapsed(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_ascii_whitespace() {
                // Not at the start of a block: there it would be trimmed.
                self.space = !self.out.is_empty() && !self.out.ends_with(BREAK);
            } else {
                self.flush_space();
                self.out.push(c);
            }
        }
    }

    fn flush_space(&mut self) {
        if std::mem::take(&mut self.space) {
            self.out.push(' ');
        }
    }
}

struct Walker<'a> {
    flex: &'a HashSet<String>,
    text: Text,
}

impl Walker<'_> {
    fn element(&mut self, element: ElementRef<'_>, preserve: bool) {
        let name = element.value().name();
        if HIDDEN.contains(&name) {
            return;
        }
        if name == "noscript" {
            // Parsed as a browser with scripting on parses it, its content is one text node
            // of markup; compare what a reader without JavaScript sees, not its spelling.
            let markup: String = element.text().collect();
            let fragment = Html::parse_fragment(&markup);
            self.children(fragment.root_element(), preserve, false);
            return;
        }
        let block = BLOCKS.contains(&name);
        let flex = element.value().classes().any(|c| self.flex.contains(c));
        let preserve = preserve || PRESERVED.contains(&name);
        if block {
            self.text.boundary();
        }
        self.children(element, preserve, flex);
        if block {
            self.text.boundary();
        }
    }

    /// The children of `element`; in a flex or grid container each one is a block.
    fn children(&mut self, element: ElementRef<'_>, preserve: bool, flex: bool) {
        for child in element.children() {
            if flex {
                self.text.boundary();
            }
            if let Some(e) = ElementRef::wrap(child) {
                self.element(e, preserve);
            } else if let Some(t) = child.value().as_text() {
                if preserve {
                    self.text.exact(t);
                } else {
                    self.text.collapsed(t);
                }
            }
            if flex {
                self.text.boundary();
            }
        }
    }
}

/// Where two texts first differ, as a window of about 80 characters of each.
pub fn first_difference(a: &str, b: &str) -> Option<(String, String)> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let at = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let window = |t: &[char]| {
        let start = at.saturating_sub(40).min(t.len());
        let end = (at + 40).min(t.len());
        t[start..end].iter().collect::<String>()
    };
    Some((window(&a), window(&b)))
}

#[test]
fn visible_text_ignores_layout_whitespace_only() {
    let flex: HashSet<String> = ["row".to_string()].into();
    let text = |html: &str| visible_text(&Html::parse_document(html), &flex);
    let indented = "<body>\n  <ul>\n    <li><b>a</b> <i>b</i></li>\n  </ul>\n  <pre>\n x  y\n</pre>\n<script>var a;</script></body>";
    let tight = "<body><ul><li><b>a</b> <i>b</i></li></ul><pre>\n x  y\n</pre></body>";
    assert_eq!(text(indented), text(tight));
    assert_eq!(text(tight), "a b⏎ x  y\n⏎");
    // A space between two inline elements is visible; dropping it changes the text...
    let (spaced, tight) = (
        "<div><a>A</a>\n<a>B</a></div>",
        "<div><a>A</a><a>B</a></div>",
    );
    assert_ne!(text(spaced), text(tight));
    // ...unless they are items of a flex container, spaced by `gap`.
    let flexed = |html: &str| text(&html.replace("<div>", "<div class=\"x row\">"));
    assert_eq!(flexed(spaced), flexed(tight));
    assert_eq!(text("<p>a</p>\n\n<p>  b  c </p>"), "a⏎b c⏎");
    // What `<noscript>` shows without JavaScript, however its markup is spelled.
    let noscript = |p: &str| text(&format!("<body><noscript>{p}</noscript></body>"));
    assert_eq!(
        noscript("<p class=\"a\">x  y</p>"),
        noscript("<p class=a>x y")
    );
    assert_eq!(noscript("<p class=a>x y"), "x y⏎");
}

#[test]
fn flex_classes_come_from_the_stylesheets() {
    let dir = tempfile::tempdir().unwrap();
    let css = "/* c */ .a { display: flex; gap: 1rem } .b, nav .c:hover { display:grid }\n\
               .d { display: block } @media (min-width: 1px) { .e { display: inline-flex; } }";
    std::fs::write(dir.path().join("site.css"), css).unwrap();
    let mut found: Vec<String> = flex_classes(dir.path()).into_iter().collect();
    found.sort();
    assert_eq!(found, ["a", "b", "c", "e"]);
}
