//! `--minify` on what galley can produce: arbitrary text as an article body through
//! `markdown::render` (raw HTML, entities, non-ASCII and all), set in a page, then minified;
//! and the same text straight through the HTML, CSS and JavaScript minifiers. Never panics,
//! and never makes a page larger.
#![no_main]

use galley::highlight::Highlighter;
use galley::markdown::{render, Document, Embeds, Env, LinkMap, Pass, Shortcode, Use};
use galley::minify;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

struct NoEmbeds;

impl Embeds for NoEmbeds {
    fn embed(&self, _: &Shortcode, at: &Use<'_>) -> Result<String, String> {
        let n = at.n;
        Ok(format!("<section data-n=\"{n}\">\n  <b>x</b>\n</section>"))
    }
}

static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);
static LINKS: LazyLock<LinkMap> = LazyLock::new(Default::default);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = minify::html(text);
    let _ = minify::css(text);
    let _ = minify::js_module(text);
    let doc = Document {
        body: text,
        body_line: 1,
        source: "articles/this.md",
        display_path: Path::new("content/articles/this.md"),
        file_text: text,
    };
    let env = Env {
        images: &Default::default(),
        highlighter: &HIGHLIGHTER,
        links: &LINKS,
        embeds: &NoEmbeds,
        left_out: &Default::default(),
        pass: Pass::Whole,
        math: false,
    };
    let Ok(rendered) = render(&doc, &env) else {
        return;
    };
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>t</title>\n</head>\n<body>\n  <main>\n    <article>\n{}\n    </article>\n  </main>\n</body>\n</html>\n",
        rendered.html
    );
    let min = minify::html(&page);
    assert!(min.len() <= page.len(), "grew: {page:?} -> {min:?}");
});
