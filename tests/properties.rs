//! Property tests: short, always-on versions of the cargo-fuzz targets in `fuzz/` (run those with
//! `scripts/fuzz.sh` for real searching). Each property is checked on a few hundred generated
//! inputs built from the syntax that matters (fences, YAML, shortcodes, Markdown) mixed with
//! arbitrary characters. Every input the fuzzers found a bug with is kept below as a
//! `regression_*` test.

use galley::content::front_matter::split;
use galley::content::{Article, Tool};
use galley::error::Diagnostic;
use galley::highlight::Highlighter;
use galley::markdown::shortcode::{looks_like_shortcode, parse};
use galley::markdown::{render, Document, Embeds, Env, LinkMap, Pass, Shortcode, Use, BODY};
use galley::slug::{is_valid_slug, slugify};
use galley::yaml::YamlBlock;
use proptest::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

// ---------------------------------------------------------------------------------------------
// The properties, shared by the generated cases and the regression tests.

/// `slugify` gives a valid slug or nothing, and slugifying a slug changes nothing.
fn check_slug(text: &str) {
    let slug = slugify(text);
    assert!(
        slug.is_empty() || is_valid_slug(&slug),
        "slugify({text:?}) = {slug:?} is not a valid slug"
    );
    assert_eq!(
        slugify(&slug),
        slug,
        "slugify is not idempotent on {text:?}"
    );
}

/// Shortcode offsets are char boundaries in the input, and a parsed call reads back the same
/// once written out again.
fn check_shortcode(text: &str) {
    if let Some(i) = looks_like_shortcode(text) {
        assert!(
            text.is_char_boundary(i) && text[i..].starts_with("{{"),
            "offset {i} in {text:?}"
        );
    }
    match parse(text) {
        Err((at, message)) => {
            assert!(
                text.is_char_boundary(at),
                "error offset {at} ({message}) in {text:?}"
            );
        }
        Ok(None) => {}
        Ok(Some(call)) => {
            assert_eq!(looks_like_shortcode(text.trim()), Some(0));
            let mut written = format!("{{{{ {}(", call.name);
            for (key, value) in &call.args {
                let q = if value.contains('"') { '\'' } else { '"' };
                if value.contains(q) {
                    return;
                }
                written.push_str(&format!("{key}={q}{value}{q}, "));
            }
            written.push_str(") }}");
            assert_eq!(
                parse(&written),
                Ok(Some(call)),
                "re-parse of {written:?} (from {text:?})"
            );
        }
    }
}

/// A file split at its fences and checked as an article and as a tool: no panic, body lines
/// counted right, every diagnostic printable and on a line of the file.
fn check_front_matter(text: &str) {
    let Ok(s) = split(text) else { return };
    let unbommed = text.strip_prefix('\u{feff}').unwrap_or(text);
    assert!(unbommed.ends_with(s.body));
    if !s.body.is_empty() {
        let before = &unbommed[..unbommed.len() - s.body.len()];
        assert_eq!(
            s.body_line,
            before.matches('\n').count() + 1,
            "body_line of {text:?}"
        );
    }
    let max_line = text.split_inclusive('\n').count() + 1;
    let check = |diags: &[Diagnostic]| {
        for d in diags {
            let _ = d.to_string();
            if let Some(line) = d.line {
                assert!(
                    (1..=max_line).contains(&line),
                    "line {line} of {max_line}: {d:?} for {text:?}"
                );
            }
        }
    };
    let block = YamlBlock {
        path: Path::new("content/articles/p.md"),
        file_text: text,
        yaml: s.yaml,
        first_line: s.yaml_line,
    };
    match Article::check("articles/p.md".into(), &block, s.body, s.body_line) {
        Ok(a) => assert!(is_valid_slug(&a.slug), "{:?}", a.slug),
        Err(diags) => check(&diags),
    }
    if let Err(diags) = Tool::check("tools/p.md".into(), &block, s.body, s.body_line) {
        check(&diags);
    }
}

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

/// Rendering never panics, ids are unique and diagnostics point inside the file.
fn check_markdown(body: &str) {
    let file_text = format!("---\ntitle: x\n---\n{body}");
    let links: LinkMap = [(
        "articles/other.md".to_string(),
        "/articles/other/".to_string(),
    )]
    .into();
    let doc = Document {
        body,
        body_line: 4,
        source: "articles/this.md",
        display_path: Path::new("content/articles/this.md"),
        file_text: &file_text,
    };
    match render(
        &doc,
        &Env {
            images: &Default::default(),
            highlighter: &HIGHLIGHTER,
            links: &links,
            embeds: &TestEmbeds,
            left_out: &Default::default(),
            pass: Pass::Whole,
            math: false,
        },
    ) {
        Ok(r) => {
            let unique: std::collections::HashSet<_> = r.anchors.iter().collect();
            assert_eq!(unique.len(), r.anchors.len(), "duplicate ids in {body:?}");
        }
        Err(diags) => {
            let max_line = file_text.split_inclusive('\n').count() + 1;
            for (i, d) in diags.iter().enumerate() {
                let _ = d.to_string();
                let line = d.line.unwrap_or(4);
                assert!(
                    (4..=max_line).contains(&line),
                    "line {line} of {max_line}: {d:?} for {body:?}"
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
}

// ---------------------------------------------------------------------------------------------
// Generators: text made of the syntax each parser cares about, with arbitrary characters.

/// A string of up to `max` pieces, each one of `tokens` or any character.
fn text_of(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(tokens).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

const SHORTCODE_TOKENS: &[&str] = &[
    "{{", "}}", " ", "tool", "id", "(", ")", "=", ",", "\"", "'", "é", "\n", "x",
];

const FRONT_MATTER_TOKENS: &[&str] = &[
    "---\n",
    "---\r\n",
    "\n",
    "\u{feff}",
    "title: ",
    "description: ",
    "date: ",
    "updated: ",
    "slug: ",
    "tags: ",
    "related:\n  - ",
    "tools: ",
    "toc: ",
    "draft: ",
    "category: ",
    "extra:\n  ",
    "script: ",
    "partial: ",
    "weight: ",
    "2026-01-31",
    "2026-02-30",
    "T10:00:00Z",
    "[a, B]",
    "{a: 1}",
    "&a ",
    "*a",
    "!!binary ",
    ": ",
    "'",
    "\"",
    "#",
    "|\n",
    "x",
    "../x",
    "ü",
    "İ",
    "1e9",
    "~",
];

const MARKDOWN_TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "    ",
    "# ",
    "## ",
    "### ",
    "> ",
    "- ",
    "1. ",
    "- [x] ",
    "```",
    "```js\n",
    "```rust\n",
    "```ts\n",
    "```html\n",
    "```nosuch\n",
    "/*",
    "<script>",
    "`",
    "*",
    "**",
    "_",
    "~~",
    "|",
    "|---|---|\n",
    "[^1]",
    "[^1]: ",
    "[",
    "](",
    ")",
    "![",
    "@/articles/other.md",
    "@/articles/gone.md",
    "../x.md",
    "#a",
    " {#id}",
    "{{",
    "}}",
    "{{ tool(id=\"base64\") }}",
    "{{ tool(id=\"x\") }}",
    "{% box() %}\n",
    "{% end %}\n",
    "{% box(",
    "{%",
    "tool(",
    "&amp;",
    "&#123;",
    "\\",
    "<div>",
    "\t",
    "é",
    "word",
    "\r\n",
    "\r",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn slugify_gives_valid_idempotent_slugs(text in any::<String>()) {
        check_slug(&text);
    }

    #[test]
    fn slugify_on_titles(text in text_of(&["A", "b", " ", "-", "_", ".", "/", "İ", "Σ", "𝝝", "ǅ", "\u{301}", "Ⅻ", "7"], 20)) {
        check_slug(&text);
    }

    #[test]
    fn shortcode_offsets_and_round_trip(text in text_of(SHORTCODE_TOKENS, 30)) {
        check_shortcode(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics(text in text_of(FRONT_MATTER_TOKENS, 40)) {
        check_front_matter(&text);
    }

    #[test]
    fn front_matter_with_fences(yaml in text_of(FRONT_MATTER_TOKENS, 30), body in text_of(MARKDOWN_TOKENS, 10)) {
        check_front_matter(&format!("---\n{yaml}\n---\n{body}"));
    }

    #[test]
    fn markdown_renders_without_panic(body in text_of(MARKDOWN_TOKENS, 40)) {
        check_markdown(&body);
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs the fuzzers found, minimized. Each one failed before its fix.

/// `𝝝` (U+1D75D, a mathematical capital) has no lower case: slugify kept it upper-case.
#[test]
fn regression_slug_uppercase_without_lowercase() {
    check_slug("\u{1D75D}");
    check_slug("I\u{1D75D}x");
}

/// `İ` lower-cases to `i` plus a combining dot, which is not alphanumeric.
#[test]
fn regression_slug_dotted_capital_i() {
    check_slug("İstanbul");
    assert_eq!(slugify("İstanbul"), "istanbul");
}

/// YAML breaks lines at a lone `\r` too, the file does not: a syntax error was placed by
/// libyaml's line count, 4 lines past this 2-line file's end.
#[test]
fn regression_front_matter_lone_cr_line_numbers() {
    let text = "---\nt\r\r\rs:\n---";
    check_front_matter(text);
    let s = split(text).unwrap();
    let block = YamlBlock {
        path: Path::new("a.md"),
        file_text: text,
        yaml: s.yaml,
        first_line: s.yaml_line,
    };
    let errs = Article::check("articles/a.md".into(), &block, s.body, s.body_line).unwrap_err();
    assert_eq!(errs[0].line, Some(2), "{errs:?}");
    assert!(errs[0].source_line.is_some());
}

/// Tags were de-duplicated by comparing each with every tag kept before it, slugifying both:
/// quadratic: 16,000 tags took 86 s in a debug build, 8,000 took 5 s in a release build.
#[test]
fn regression_many_tags_check_in_linear_time() {
    let n = 8_000;
    let tags: Vec<String> = (0..n).map(|i| format!("Tag {i}, tag-{i}")).collect();
    let text = format!(
        "---\ntitle: T\ndescription: D\ndate: 2026-01-01\ntags: [{}]\n---\n",
        tags.join(", ")
    );
    let s = split(&text).unwrap();
    let block = YamlBlock {
        path: Path::new("a.md"),
        file_text: &text,
        yaml: s.yaml,
        first_line: s.yaml_line,
    };
    let start = std::time::Instant::now();
    let a = Article::check("articles/a.md".into(), &block, s.body, s.body_line).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(a.tags.len(), n, "one of each pair is a duplicate");
    assert_eq!(a.tags[1], "Tag 1");
    assert!(elapsed.as_secs() < 10, "{elapsed:?} for {} tags", 2 * n);
}

// ---------------------------------------------------------------------------------------------
// Deep nesting: 10,000 levels may be slow but must not crash (no stack overflow, no panic).

const DEEP: usize = 10_000;

#[test]
fn deeply_nested_markdown_renders() {
    for body in [
        format!("{} x\n", ">".repeat(DEEP)),
        format!("{}x\n", "- ".repeat(DEEP)),
        format!("{}x\n", "> - 1. ".repeat(DEEP / 3)),
        format!("{}x{}\n", "[".repeat(DEEP), "]".repeat(DEEP)),
        format!("{}x{}\n", "[a](".repeat(DEEP), ")".repeat(DEEP)),
        format!("{}x{}\n", "*".repeat(DEEP), "*".repeat(DEEP)),
        format!("{}x{}\n", "_*".repeat(DEEP / 2), "*_".repeat(DEEP / 2)),
        format!("{}\n", "![".repeat(DEEP)),
        format!("{}x\n", "<div>".repeat(DEEP)),
        format!("{}x\n", "[^a]: ".repeat(DEEP)),
        format!("{}\n", "{{ ".repeat(DEEP)),
        format!("{}\n", "```\n".repeat(DEEP)),
    ] {
        check_markdown(&body);
    }
}

/// Deeper than the YAML deserializer's recursion limit (128): a diagnostic, not a stack
/// overflow. (libyaml scans flow nesting in quadratic time, so this is the slow test: about a
/// second per value in a debug build.)
#[test]
fn deeply_nested_front_matter_is_refused_not_crashed() {
    for (key, value) in [
        ("extra", format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP))),
        (
            "tags",
            format!("{}{}", "{a: ".repeat(DEEP), "}".repeat(DEEP)),
        ),
        ("extra", "[".repeat(DEEP)),
        ("extra", format!("{}x", "- ".repeat(DEEP))),
        ("related", format!("{}x", "&a [".repeat(DEEP))),
    ] {
        let text =
            format!("---\ntitle: T\ndescription: D\ndate: 2026-01-01\n{key}: {value}\n---\nbody\n");
        let s = split(&text).unwrap();
        let block = YamlBlock {
            path: Path::new("a.md"),
            file_text: &text,
            yaml: s.yaml,
            first_line: s.yaml_line,
        };
        let errs = Article::check("articles/a.md".into(), &block, s.body, s.body_line).unwrap_err();
        assert_eq!(errs[0].line, Some(5), "{key}: {:?}", errs[0].message);
    }
}

#[test]
fn deeply_nested_shortcodes_and_slugs() {
    for text in [
        format!("{{{{ a({}) }}}}", "b=\"(\", ".repeat(DEEP)),
        "{{".repeat(DEEP),
        format!("{{{{ a({}", "(".repeat(DEEP)),
    ] {
        check_shortcode(&text);
        check_slug(&text);
    }
}

/// A problem on every line (broken links, inline shortcodes in a table) used to cost a scan of
/// the file up to the problem, each: quadratic, minutes for a 1 MB article. Now one index.
#[test]
fn regression_many_problems_render_in_linear_time() {
    let lines = 20_000;
    let body = "[x](@/articles/gone.md) {{ a(b=\"c\") }}\n".repeat(lines);
    let file_text = format!("---\ntitle: x\n---\n{body}");
    let links = LinkMap::new();
    let doc = Document {
        body: &body,
        body_line: 4,
        source: "articles/this.md",
        display_path: Path::new("content/articles/this.md"),
        file_text: &file_text,
    };
    let env = Env {
        images: &Default::default(),
        highlighter: &HIGHLIGHTER,
        links: &links,
        embeds: &TestEmbeds,
        left_out: &Default::default(),
        pass: Pass::Whole,
        math: false,
    };
    let start = std::time::Instant::now();
    let errs = render(&doc, &env).unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(errs.len(), 2 * lines);
    let last = errs.last().unwrap();
    assert_eq!((last.line, last.column), (Some(3 + lines), Some(25)));
    assert_eq!(
        last.source_line.as_deref(),
        Some("[x](@/articles/gone.md) {{ a(b=\"c\") }}")
    );
    assert!(elapsed.as_secs() < 10, "{elapsed:?} for {lines} lines");
}
