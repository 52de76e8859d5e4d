//! Arbitrary text as an article body through `markdown::render`, with highlighting, internal
//! links and a test shortcode expansion. Never panics; diagnostics point inside the file.
//! Run with `-timeout=` so a slow input (a grammar that loops, quadratic nesting) is reported.
#![no_main]

use galley::highlight::Highlighter;
use galley::markdown::{render, Document, Embeds, Env, LinkMap, Pass, Shortcode, Use, BODY};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::LazyLock;

struct TestEmbeds;

impl Embeds for TestEmbeds {
    fn embed(&self, call: &Shortcode, at: &Use<'_>) -> Result<String, String> {
        let n = at.n;
        match (call.name.as_str(), call.arg("id")) {
            ("box", _) if at.block => Ok(format!("<div class=\"box\">{BODY}</div>")),
            ("tool", Some("base64")) => Ok(format!("<section data-n=\"{n}\"></section>")),
            ("tool", Some(other)) => Err(format!("unknown tool `{other}`")),
            (name, _) => Err(format!("unknown shortcode `{name}`")),
        }
    }
}

static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);
static LINKS: LazyLock<LinkMap> = LazyLock::new(|| {
    [
        (
            "articles/other.md".to_string(),
            "/articles/other/".to_string(),
        ),
        ("tools/base64.md".to_string(), "/tools/base64/".to_string()),
    ]
    .into()
});

const HEADER: &str = "---\ntitle: x\n---\n";

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let file_text = format!("{HEADER}{body}");
    let doc = Document {
        body,
        body_line: 4,
        source: "articles/this.md",
        display_path: Path::new("content/articles/this.md"),
        file_text: &file_text,
    };
    let env = Env {
        images: &Default::default(),
        highlighter: &HIGHLIGHTER,
        links: &LINKS,
        embeds: &TestEmbeds,
        left_out: &Default::default(),
        pass: Pass::Whole,
        math: false,
    };
    match render(&doc, &env) {
        Ok(r) => {
            assert_eq!(
                r.anchors.len(),
                r.anchors
                    .iter()
                    .collect::<std::collections::HashSet<_>>()
                    .len(),
                "duplicate ids"
            );
        }
        Err(diags) => {
            let max_line = file_text.split_inclusive('\n').count() + 1;
            for (i, d) in diags.iter().enumerate() {
                let _ = d.to_string();
                let line = d.line.unwrap_or(4);
                assert!(
                    (4..=max_line).contains(&line),
                    "line {line} of {max_line}: {d:?}"
                );
                // The line shown is the file's own line (checked for the first few only:
                // finding it here is a scan of the file).
                if d.line.is_some() && i < 100 {
                    let shown = file_text.lines().nth(line - 1);
                    assert_eq!(d.source_line.as_deref(), shown, "{d:?}");
                }
            }
        }
    }
});
