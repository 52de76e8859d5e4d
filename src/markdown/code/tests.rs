use super::*;
use crate::error::Diagnostic;
use crate::highlight::Highlighter;
use crate::markdown::{render, Document, Embeds, Env, LinkMap, Rendered, Shortcode, Use};
use scraper::{ElementRef, Html, Selector};
use std::path::Path;

struct NoEmbeds;

impl Embeds for NoEmbeds {
    fn embed(&self, _: &Shortcode, _: &Use<'_>) -> Result<String, String> {
        Err("no shortcodes here".into())
    }
}

fn render_with(body: &str, h: &Highlighter, pass: Pass) -> Result<Rendered, Vec<Diagnostic>> {
    let file_text = format!("---\ntitle: x\n---\n{body}");
    let doc = Document {
        body,
        body_line: 4,
        source: "articles/this.md",
        display_path: Path::new("content/articles/this.md"),
        file_text: &file_text,
    };
    let env = Env {
        images: &Default::default(),
        left_out: &Default::default(),
        pass,
        math: false,
        highlighter: h,
        links: &LinkMap::default(),
        embeds: &NoEmbeds,
    };
    render(&doc, &env)
}

fn html_of(body: &str) -> Html {
    let r = render_with(body, &Highlighter::new(), Pass::Whole).expect("renders");
    Html::parse_fragment(&r.html)
}

fn errors_of(body: &str) -> Vec<Diagnostic> {
    render_with(body, &Highlighter::new(), Pass::Whole).expect_err("is refused")
}

fn all<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let sel = Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

fn text(e: &ElementRef<'_>) -> String {
    e.text().collect()
}

/// 1-based numbers of the lines that carry `class`.
fn lines_with(doc: &Html, class: &str) -> Vec<usize> {
    all(doc, "figure.code pre code > .line")
        .iter()
        .enumerate()
        .filter(|(_, l)| l.value().classes().any(|c| c == class))
        .map(|(i, _)| i + 1)
        .collect()
}

const SEVEN: &str = "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7\n";

#[test]
fn a_block_is_a_figure_with_one_span_per_line() {
    let doc = html_of("```js\nconst a = 1;\n/* x\n y */\n\nlet b;\n```\n");
    let figure = all(&doc, "figure.code")[0];
    assert_eq!(figure.value().attr("data-lang"), Some("js"));
    assert_eq!(text(&all(&doc, "figcaption .code-lang")[0]), "JavaScript");
    assert!(all(&doc, "figcaption .code-title").is_empty());
    let lines = all(&doc, "pre.hl-code > code.language-js > span.line");
    let texts: Vec<String> = lines.iter().map(text).collect();
    assert_eq!(
        texts,
        ["const a = 1;\n", "/* x\n", " y */\n", "\n", "let b;\n"]
    );
    assert_eq!(
        text(&all(&doc, "pre code")[0]),
        "const a = 1;\n/* x\n y */\n\nlet b;\n"
    );
    // The comment's span is closed at the end of its first line and opened again.
    assert!(all(&doc, ".line > span[class^=\"hl-\"]").len() >= 3);
    assert!(all(&doc, "figure.numbered, figure.marked, .line.hl").is_empty());
}

#[test]
fn title_goes_in_the_figcaption() {
    let doc = html_of("```js title=\"server.js\"\nx\n```\n");
    assert_eq!(
        text(&all(&doc, "figure > figcaption > .code-title")[0]),
        "server.js"
    );
    let doc = html_of("```\nplain\n```\n");
    assert!(all(&doc, "figcaption").is_empty(), "no title, no language");
    let doc = html_of("``` title=\"<notes>.txt\"\nplain\n```\n");
    assert_eq!(text(&all(&doc, ".code-title")[0]), "<notes>.txt");
}

#[test]
fn braces_highlight_exactly_those_lines() {
    let doc = html_of(&format!("```python {{3,5-7}}\n{SEVEN}```\n"));
    assert_eq!(lines_with(&doc, "hl"), [3, 5, 6, 7]);
    let doc = html_of(&format!("```python{{2}} title=\"x\" {{4}}\n{SEVEN}```\n"));
    assert_eq!(lines_with(&doc, "hl"), [2, 4]);
}

#[test]
fn ins_and_del_mark_lines_with_text_for_screen_readers() {
    let doc = html_of(&format!("```python ins={{4}} del={{5,6}}\n{SEVEN}```\n"));
    assert_eq!(lines_with(&doc, "ins"), [4]);
    assert_eq!(lines_with(&doc, "del"), [5, 6]);
    assert_eq!(all(&doc, "figure.code.marked").len(), 1);
    assert_eq!(
        text(&all(&doc, ".line.ins > .visually-hidden")[0]),
        "Added: "
    );
    assert_eq!(all(&doc, ".line.del > .visually-hidden").len(), 2);
    assert_eq!(all(&doc, ".visually-hidden").len(), 3);
}

#[test]
fn show_line_numbers_is_a_class_not_text() {
    let doc = html_of("```js showLineNumbers\na\nb\n```\n");
    assert_eq!(all(&doc, "figure.code.numbered").len(), 1);
    assert_eq!(text(&all(&doc, "pre code")[0]), "a\nb\n");
}

#[test]
fn diff_with_lang_is_highlighted_in_that_language() {
    let doc = html_of("```diff lang=\"js\"\n const a = 1;\n-let b = 2;\n+const b = 2;\n```\n");
    assert_eq!(
        all(&doc, "figure.code")[0].value().attr("data-lang"),
        Some("js")
    );
    assert_eq!(text(&all(&doc, ".code-lang")[0]), "JavaScript diff");
    assert_eq!(lines_with(&doc, "del"), [2]);
    assert_eq!(lines_with(&doc, "ins"), [3]);
    let code: String = all(&doc, ".line").iter().map(text).collect();
    assert_eq!(
        code,
        "const a = 1;\nRemoved: let b = 2;\nAdded: const b = 2;\n"
    );
    assert!(!all(&doc, ".line span[class^=\"hl-\"]").is_empty());
}

#[test]
fn the_language_is_the_part_before_a_slash() {
    let doc = html_of("```js/1-2\nconst a = 1;\n```\n");
    assert_eq!(all(&doc, "figure")[0].value().attr("data-lang"), Some("js"));
    assert_eq!(text(&all(&doc, ".code-lang")[0]), "JavaScript");
}

/// (line, column, message, help) of each problem.
type Found = Vec<(Option<usize>, Option<usize>, String, Option<String>)>;

fn found(errors: Vec<Diagnostic>) -> Found {
    errors
        .into_iter()
        .map(|d| (d.line, d.column, d.message, d.help))
        .collect()
}

#[test]
fn unknown_attributes_are_errors_with_a_suggestion() {
    let got = found(errors_of(
        "Text.\n\n```js showLineNumber titel=\"x\"\na\n```\n",
    ));
    let expected =
        "title=\"…\", {lines}, ins={lines}, del={lines}, showLineNumbers or (for diff) lang=\"…\"";
    assert_eq!(
        got,
        vec![
            (
                Some(6),
                Some(7),
                format!("unknown code block attribute `showLineNumber`; expected {expected}"),
                Some("did you mean `showLineNumbers`?".into())
            ),
            (
                Some(6),
                Some(22),
                format!("unknown code block attribute `titel`; expected {expected}"),
                Some("did you mean `title`?".into())
            ),
        ]
    );
}

#[test]
fn lines_outside_the_block_are_errors_at_the_fence() {
    let got = found(errors_of("```js {2,3-4} del={9}\na\nb\nc\n```\n"));
    assert_eq!(
        got,
        vec![
            (
                Some(4),
                Some(10),
                "{…}: lines 3-4 go past the end of this code block (3 lines)".into(),
                None
            ),
            (
                Some(4),
                Some(20),
                "del={…}: line 9 is past the end of this code block (3 lines)".into(),
                None
            ),
        ]
    );
}

#[test]
fn bad_ranges_and_values_are_errors() {
    let cases = [
        ("```js {3-}\n", 8, "`3-` is not a line number or range: expected line numbers like {3,5-7}"),
        ("```js {0}\n", 8, "`0` is not a line number or range: expected line numbers like {3,5-7}"),
        ("```js {5-2}\n", 8, "`5-2` is not a line number or range: expected line numbers like {3,5-7}"),
        ("```js {a, 2}\n", 8, "`a` is not a line number or range: expected line numbers like {3,5-7}"),
        ("```js {1\n", 7, "unclosed `{`: expected line numbers like {3,5-7}"),
        ("```js ins=4\n", 7, "`ins` expects line numbers: ins={3,5-7}"),
        ("```js title=\"x\n", 13, "unclosed quote: expected a closing `\"`"),
        ("```js title\n", 7, "`title` expects a quoted value: title=\"…\""),
        ("```js lang=\"py\"\n", 7, "`lang` is only for `diff` blocks: write ```diff lang=\"js\""),
        ("```js {.numbered title=\"x.js\"}\n", 7, "`{.class …}` attribute blocks are not supported: write attributes after the language, like ```js title=\"x.js\" {2} showLineNumbers"),
        ("```js ,\n", 7, "unexpected `,` in the code block's attributes; expected title=\"…\", {lines}, ins={lines}, del={lines}, showLineNumbers or (for diff) lang=\"…\""),
    ];
    for (fence, column, message) in cases {
        let body = format!("{fence}a\nb\nc\nd\ne\nf\n```\n");
        let got = found(errors_of(&body));
        assert_eq!(
            got,
            vec![(Some(4), Some(column), message.to_string(), None)],
            "{fence}"
        );
    }
}

#[test]
fn an_outline_reports_fence_errors_after_the_summary_too() {
    let body = "Intro.\n\n<!-- more -->\n\n```js {9}\na\n```\n";
    let errors = render_with(body, &Highlighter::new(), Pass::Outline).expect_err("refused");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, Some(8));
}

#[test]
fn fence_attributes_do_not_enter_the_highlight_cache_key() {
    let dir = tempfile::tempdir().expect("temp dir");
    let h = Highlighter::new().with_cache_dir(dir.path().to_path_buf());
    let code = "const a = 1;\nconst b = 2;\n";
    let files = || -> Vec<(std::path::PathBuf, Vec<u8>)> {
        let mut list: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().to_path_buf(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect();
        list.sort();
        list
    };
    let first = render_with(&format!("```js\n{code}```\n"), &h, Pass::Whole).expect("renders");
    let cached = files();
    assert_eq!(cached.len(), 1, "one entry for the block");
    for fence in [
        "```js {1} title=\"a.js\"",
        "```js showLineNumbers ins={2} del={1}",
        "```js/1-2 {2}",
    ] {
        let r = render_with(&format!("{fence}\n{code}```\n"), &h, Pass::Whole).expect("renders");
        assert_eq!(files(), cached, "{fence}: the same entry, untouched");
        assert_ne!(r.html, first.html);
    }
    // And the entry is what is read: a block with other attributes shows the cached spans.
    let spans = |html: &str| html.matches("<span class=\"hl-").count();
    let marked = render_with(&format!("```js {{2}}\n{code}```\n"), &h, Pass::Whole).expect("ok");
    assert_eq!(spans(&marked.html), spans(&first.html));
}

#[test]
fn diff_markers_are_stripped_and_marked() {
    let (code, marks) = strip_diff("-a\n+b\n c\n@@\n");
    assert_eq!(code, "a\nb\nc\n@@\n");
    assert!(marks[0].del && marks[1].ins && marks[2] == Mark::default());
    assert!(marks[3].head && !marks[3].del && !marks[3].ins);
}

#[test]
fn diff_file_headers_are_headers_not_changes() {
    let (code, marks) = strip_diff("--- a/x.js\n+++ b/x.js\n@@ -1 +1 @@\n--- old\n+new\n");
    assert_eq!(code, "--- a/x.js\n+++ b/x.js\n@@ -1 +1 @@\n-- old\nnew\n");
    let kinds: Vec<(bool, bool, bool)> = marks.iter().map(|m| (m.head, m.ins, m.del)).collect();
    assert_eq!(
        kinds,
        [
            (true, false, false),
            (true, false, false),
            (true, false, false),
            (false, false, true),
            (false, true, false),
        ]
    );
}

#[test]
fn code_blocks_are_counted() {
    let r = render_with(
        "```\na\n```\n\n    indented\n",
        &Highlighter::new(),
        Pass::Outline,
    );
    assert_eq!(r.expect("renders").code_blocks, 2);
}
