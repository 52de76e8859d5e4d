//! Code blocks and callouts through a whole build: the fence attributes' markup, the copy
//! button's script only on pages with code, and every fence error refused like other bad
//! input (exit code 1, `file:line:column`, the previous output untouched).

use crate::bad_input::{refused_article, BAD, OK};
use crate::common::*;
use crate::support::*;

const BODY: &str = "Intro.

```js title=\"server.js\" {2,4-5} showLineNumbers
const a = 1;
const b = 2;
const c = 3;
const d = 4;
const e = 5;
```

```diff lang=\"python\"
 import os
-print(os.name)
+print(os.getcwd())
```

> [!WARNING]
> Careful.
";

#[test]
fn attributes_and_callouts_in_a_built_page() {
    let f = Fixture::new();
    f.article("code", &format!("{OK}\nslug: code"), BODY);
    f.galley(&[]).assert_exit(0);
    let doc = page(&f.out, "articles/code/index.html");
    let figures = select(&doc, ".prose figure.code");
    assert_eq!(figures.len(), 2);
    let first = &figures[0];
    assert_eq!(first.value().attr("data-lang"), Some("js"));
    assert!(first.value().classes().any(|c| c == "numbered"));
    let caption = first.select(&sel("figcaption .code-title")).next().unwrap();
    assert_eq!(text(&caption), "server.js");
    let marked: Vec<bool> = first
        .select(&sel("pre > code > span.line"))
        .map(|l| l.value().classes().any(|c| c == "hl"))
        .collect();
    assert_eq!(marked, [false, true, false, true, true]);

    let diff = &figures[1];
    assert_eq!(diff.value().attr("data-lang"), Some("python"));
    let kinds: Vec<String> = diff
        .select(&sel("span.line"))
        .map(|l| l.value().attr("class").unwrap_or("").to_string())
        .collect();
    assert_eq!(kinds, ["line", "line del", "line ins"]);
    assert_eq!(
        text(&diff.select(&sel("span.line.ins")).next().unwrap()),
        "Added: print(os.getcwd())"
    );

    let callout = select(&doc, ".prose aside.callout.callout-warning");
    assert_eq!(callout.len(), 1);
    let scripts: Vec<&str> = select(&doc, "script[type=module][src]")
        .iter()
        .filter_map(|s| s.value().attr("src"))
        .collect();
    assert!(
        scripts.iter().any(|s| s.starts_with("/js/code-copy.js?h=")),
        "{scripts:?}"
    );
    // The good article has no code block: no copy script.
    let good = page(&f.out, "articles/good/index.html");
    assert!(select(&good, "script[src^=\"/js/code-copy.js\"]").is_empty());
}

fn refused_fence(fence: &str, line_count: usize, message: &str, column: usize) {
    let code: String = (1..=line_count).map(|i| format!("line {i}\n")).collect();
    // Front matter is lines 1-5, a blank line, "Intro.", a blank line: the fence is line 9.
    let d = refused_article(
        &format!("---\n{OK}\n---\n\nIntro.\n\n{fence}\n{code}```\n"),
        &[(BAD, Some(9), message)],
    );
    assert_eq!(d[0].column, Some(column), "{fence}");
    assert_eq!(d[0].source_line.as_deref(), Some(fence));
}

#[test]
fn unknown_attribute_is_refused_with_a_suggestion() {
    refused_fence(
        "```js titel=\"a.js\"",
        2,
        "unknown code block attribute `titel`; expected title=\"…\", {lines}, ins={lines}, del={lines}, showLineNumbers or (for diff) lang=\"…\"",
        7,
    );
    let f = Fixture::new();
    f.write(
        BAD,
        format!("---\n{OK}\n---\n\n```js titel=\"a.js\"\nx\n```\n"),
    );
    let run = f.galley(&[]);
    run.assert_exit(1);
    assert!(
        run.stderr.contains("did you mean `title`?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/articles/bad.md:7:7"),
        "{}",
        run.stderr
    );
}

#[test]
fn range_outside_the_block_is_refused() {
    refused_fence(
        "```js {2,7}",
        3,
        "{…}: line 7 is past the end of this code block (3 lines)",
        10,
    );
    refused_fence(
        "```js ins={1-4}",
        3,
        "ins={…}: lines 1-4 go past the end of this code block (3 lines)",
        12,
    );
}

#[test]
fn bad_range_syntax_is_refused() {
    refused_fence(
        "```js {2-x}",
        3,
        "`2-x` is not a line number or range: expected line numbers like {3,5-7}",
        8,
    );
}

#[test]
fn diff_file_and_hunk_headers_are_headers_not_changes() {
    let f = Fixture::new();
    let body = "```diff lang=\"js\"\n--- a/server.js\n+++ b/server.js\n@@ -1,2 +1,2 @@\n const a = 1;\n-let b = 2;\n+const b = 2;\n```\n";
    f.article("diff", &format!("{OK}\nslug: diff"), body);
    f.galley(&[]).assert_exit(0);
    let doc = page(&f.out, "articles/diff/index.html");
    let kinds: Vec<String> = select(&doc, ".prose figure.code span.line")
        .iter()
        .map(|l| l.value().attr("class").unwrap_or("").to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "line head",
            "line head",
            "line head",
            "line",
            "line del",
            "line ins"
        ]
    );
    let lines: Vec<String> = select(&doc, ".prose figure.code span.line")
        .iter()
        .map(text)
        .collect();
    assert_eq!(lines[0], "--- a/server.js");
    assert_eq!(lines[1], "+++ b/server.js");
    assert_eq!(lines[2], "@@ -1,2 +1,2 @@");
}
