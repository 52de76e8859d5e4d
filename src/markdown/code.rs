//! Code blocks: the fence's attributes ([`super::fence`]), highlighting, then line marks.
//!
//! The code is highlighted as a whole, keyed by its text and language only, so the highlight
//! cache serves a block whatever its attributes; the HTML is then split into lines
//! ([`crate::highlight::lines`]) and each line gets its marks. The markup, which themes and
//! tests rely on:
//!
//! ```html
//! <figure class="code numbered marked" data-lang="js">
//!   <figcaption><span class="code-title">server.js</span><span class="code-lang">JavaScript</span></figcaption>
//!   <pre class="hl-code" tabindex="0"><code class="language-js"><span class="line">…
//! </span><span class="line hl">…
//! </span><span class="line ins"><span class="visually-hidden">Added: </span>…
//! </span></code></pre>
//! </figure>
//! ```
//!
//! A diff's file and hunk headers (`--- a/x`, `+++ b/x`, `@@ … @@`) are `<span class="line head">`.
//! `numbered` comes with `showLineNumbers` (the numbers are CSS counters), `marked` when a line
//! is inserted or deleted (a `+`/`-` gutter, drawn by CSS). The figcaption is there when the
//! block has a title or a language. Each line ends with its newline, inside its span.

use pulldown_cmark::{CodeBlockKind, Event, TagEnd};
use pulldown_cmark_escape::escape_html;
use std::ops::Range;

use super::fence::{self, Fence};
use super::{Events, FirstPass, Pass};
use crate::highlight::Block;

/// How one line is marked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Mark {
    hl: bool,
    ins: bool,
    del: bool,
    /// A diff's file or hunk header.
    head: bool,
}

impl<'d> FirstPass<'d, '_> {
    /// Replaces a code block's events with its highlighted, marked HTML.
    pub(super) fn code_block(
        &mut self,
        kind: CodeBlockKind<'d>,
        range: Range<usize>,
        events: &mut Events<'d>,
    ) {
        let mut code = String::new();
        for (event, _) in events.by_ref() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let (fence, mut errors, info_at) = match &kind {
            CodeBlockKind::Fenced(info) => {
                let (fence, errors) = fence::parse(info);
                (fence, errors, self.info_offset(range.start, info))
            }
            CodeBlockKind::Indented => (Fence::default(), Vec::new(), range.start),
        };
        let (code, diff) = if fence.is_diff() {
            strip_diff(&code)
        } else {
            (code, Vec::new())
        };
        errors.extend(fence::check_lines(&fence, code.lines().count()));
        for e in errors {
            self.problem_with_help(info_at + e.at, e.message, e.help);
        }
        self.rendered.code_blocks += 1;
        if self.env.pass != Pass::Body {
            self.rendered.word_count += code.split_whitespace().count();
            self.rendered.code.push_str(&code);
            self.rendered.code.push('\n');
        }
        if self.env.pass == Pass::Outline && !self.summary_ahead {
            return;
        }
        let block = self
            .env
            .highlighter
            .highlight(&code, fence.highlight_lang());
        let html = block_html(&fence, &block, &diff);
        self.out.push(Event::Html(html.into()));
    }

    /// Byte offset in the body of a fence's info string, for errors; the fence's start when
    /// the info string is not found as written (pulldown-cmark unescapes it).
    fn info_offset(&self, fence_start: usize, info: &str) -> usize {
        let body = self.doc.body;
        let line = body.get(fence_start..).unwrap_or("");
        let line = line.split('\n').next().unwrap_or("");
        let found = (!info.is_empty()).then(|| line.find(info)).flatten();
        fence_start + found.unwrap_or(0)
    }
}

/// A unified diff without its `+`/`-`/` ` markers, and the mark each marker gave its line.
///
/// File headers (a `--- ` line followed by a `+++ ` line) and hunk headers (`@@`) are kept
/// whole and marked `head`, not deleted or inserted: they describe the change, they are not
/// part of it. A lone `---` line (a deleted `-- comment`) stays a deletion.
fn strip_diff(code: &str) -> (String, Vec<Mark>) {
    let mut out = String::with_capacity(code.len());
    let mut marks = Vec::new();
    let lines: Vec<&str> = code.split_inclusive('\n').collect();
    let mut header_pair = false;
    for (i, line) in lines.iter().enumerate() {
        let file_header = header_pair
            || (line.starts_with("--- ")
                && lines
                    .get(i + 1)
                    .is_some_and(|next| next.starts_with("+++ ")));
        header_pair = file_header && line.starts_with("--- ");
        let (mark, text) = match line.as_bytes().first() {
            _ if file_header || line.starts_with("@@") => (
                Mark {
                    head: true,
                    ..Mark::default()
                },
                *line,
            ),
            Some(b'+') => (
                Mark {
                    ins: true,
                    ..Mark::default()
                },
                &line[1..],
            ),
            Some(b'-') => (
                Mark {
                    del: true,
                    ..Mark::default()
                },
                &line[1..],
            ),
            Some(b' ') => (Mark::default(), &line[1..]),
            _ => (Mark::default(), *line),
        };
        marks.push(mark);
        out.push_str(text);
    }
    (out, marks)
}

/// The marks of 1-based line `n`.
fn mark(fence: &Fence, diff: &[Mark], n: usize) -> Mark {
    let from_diff = diff.get(n - 1).copied().unwrap_or_default();
    Mark {
        hl: fence.hl.contains(n),
        ins: from_diff.ins || fence.ins.contains(n),
        del: from_diff.del || fence.del.contains(n),
        head: from_diff.head,
    }
}

fn block_html(fence: &Fence, block: &Block, diff: &[Mark]) -> String {
    let lines = &block.lines;
    let marks: Vec<Mark> = (1..=lines.len()).map(|n| mark(fence, diff, n)).collect();
    let mut html = String::with_capacity(lines.parts().0.len() + lines.len() * 48 + 200);
    html.push_str("<figure class=\"code");
    if fence.numbers {
        html.push_str(" numbered");
    }
    if marks.iter().any(|m| m.ins || m.del) {
        html.push_str(" marked");
    }
    html.push('"');
    let lang = fence.highlight_lang().map(crate::slug::slugify);
    if let Some(lang) = lang.as_deref().filter(|l| !l.is_empty()) {
        html.push_str(" data-lang=\"");
        escape_html(&mut html, lang).ok();
        html.push('"');
    }
    html.push('>');
    caption(&mut html, fence, block);
    html.push_str("<pre class=\"hl-code\" tabindex=\"0\"><code");
    if let Some(lang) = lang.as_deref().filter(|l| !l.is_empty()) {
        html.push_str(" class=\"language-");
        escape_html(&mut html, lang).ok();
        html.push('"');
    }
    html.push('>');
    for (line, m) in lines.iter().zip(&marks) {
        html.push_str("<span class=\"line");
        for (on, class) in [
            (m.hl, " hl"),
            (m.ins, " ins"),
            (m.del, " del"),
            (m.head, " head"),
        ] {
            if on {
                html.push_str(class);
            }
        }
        html.push_str("\">");
        if m.ins || m.del {
            let said = if m.ins { "Added: " } else { "Removed: " };
            html.push_str("<span class=\"visually-hidden\">");
            html.push_str(said);
            html.push_str("</span>");
        }
        html.push_str(line);
        html.push_str("\n</span>");
    }
    html.push_str("</code></pre></figure>\n");
    html
}

/// The figcaption: the title and the language's name, when there are any.
fn caption(html: &mut String, fence: &Fence, block: &Block) {
    let label = block.label.as_deref().map(|l| match fence.is_diff() {
        true => format!("{l} diff"),
        false => l.to_string(),
    });
    if fence.title.is_none() && label.is_none() {
        return;
    }
    html.push_str("<figcaption>");
    if let Some(title) = &fence.title {
        html.push_str("<span class=\"code-title\">");
        escape_html(&mut *html, title).ok();
        html.push_str("</span>");
    }
    if let Some(label) = &label {
        html.push_str("<span class=\"code-lang\">");
        escape_html(&mut *html, label).ok();
        html.push_str("</span>");
    }
    html.push_str("</figcaption>");
}

#[cfg(test)]
mod tests;
