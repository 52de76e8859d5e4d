//! A code fence's info string: the language, then attributes, in one syntax.
//!
//! ````text
//! ```js title="server.js" {3,5-7} ins={4} del={5} showLineNumbers
//! ```diff lang="js"
//! ````
//!
//! The language is the first word; anything after a `/` or `,` in it is ignored (`js/1-2`,
//! `rust,ignore`), and a `{…}` may follow it without a space (`js{2}`). Attributes are
//! separated by spaces: `title="…"`, `{lines}` (highlighted), `ins={lines}`, `del={lines}`,
//! `showLineNumbers`, and `lang="…"` (only for `diff`: the language of the diffed code).
//! `lines` is a comma-separated list of line numbers and ranges (`3,5-7`), counted from 1.
//! Parsing never fails: every problem is collected with its byte offset in the info string.

/// Attribute names, for errors and "did you mean".
pub const KNOWN: &[&str] = &["title", "ins", "del", "lang", "showLineNumbers"];

/// Line numbers of one `{…}` list: inclusive ranges, each with its offset in the info string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineSet {
    /// `(first, last, offset)`, 1-based and inclusive.
    pub ranges: Vec<(usize, usize, usize)>,
}

impl LineSet {
    /// Whether 1-based `line` is in the set.
    pub fn contains(&self, line: usize) -> bool {
        self.ranges.iter().any(|&(a, b, _)| (a..=b).contains(&line))
    }
}

/// What a fence asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fence {
    /// The language word as written, before any `/` or `,`.
    pub lang: Option<String>,
    /// `lang="…"` of a `diff` block.
    pub diff_lang: Option<String>,
    /// `title="…"`.
    pub title: Option<String>,
    /// `{…}`: highlighted lines.
    pub hl: LineSet,
    /// `ins={…}`: inserted lines.
    pub ins: LineSet,
    /// `del={…}`: deleted lines.
    pub del: LineSet,
    /// `showLineNumbers`.
    pub numbers: bool,
}

impl Fence {
    /// Whether this is a unified diff to highlight in another language (`diff lang="js"`).
    pub fn is_diff(&self) -> bool {
        self.diff_lang.is_some()
    }

    /// The language the code is highlighted in.
    pub fn highlight_lang(&self) -> Option<&str> {
        self.diff_lang.as_deref().or(self.lang.as_deref())
    }
}

/// A problem in an info string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FenceError {
    /// Byte offset in the info string.
    pub at: usize,
    /// What is wrong and what was expected.
    pub message: String,
    /// A "did you mean" hint.
    pub help: Option<String>,
}

fn error(at: usize, message: String) -> FenceError {
    FenceError {
        at,
        message,
        help: None,
    }
}

/// Parses `info`, collecting every problem.
pub fn parse(info: &str) -> (Fence, Vec<FenceError>) {
    let mut fence = Fence::default();
    let mut errors = Vec::new();
    let word_end = info
        .find(|c: char| c.is_whitespace() || c == '{')
        .unwrap_or(info.len());
    let word = &info[..word_end];
    // A fence with attributes but no language: ```title="notes.txt"
    let is_attribute = word.contains('=') || word == "showLineNumbers";
    let lang = word.split(['/', ',']).next().unwrap_or("");
    if !lang.is_empty() && !is_attribute {
        fence.lang = Some(lang.to_string());
    }
    let mut pos = if is_attribute { 0 } else { word_end };
    while let Some(start) = next_non_space(info, pos) {
        pos = attribute(info, start, &mut fence, &mut errors);
    }
    if fence.diff_lang.is_some() && fence.lang.as_deref() != Some("diff") {
        let at = info.find("lang=").unwrap_or(0);
        errors.push(error(
            at,
            "`lang` is only for `diff` blocks: write ```diff lang=\"js\"".into(),
        ));
        fence.diff_lang = None;
    }
    (fence, errors)
}

fn next_non_space(info: &str, from: usize) -> Option<usize> {
    info[from..]
        .find(|c: char| !c.is_whitespace())
        .map(|i| from + i)
}

/// Reads the attribute at `start` into `fence`; returns the offset after it.
fn attribute(info: &str, start: usize, fence: &mut Fence, errors: &mut Vec<FenceError>) -> usize {
    let rest = &info[start..];
    if rest.starts_with('{') {
        let (set, end) = braces(info, start, errors);
        fence.hl.ranges.extend(set.ranges);
        return end;
    }
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        let end = word_end(info, start);
        errors.push(error(
            start,
            format!(
                "unexpected `{}` in the code block's attributes; expected {}",
                &info[start..end],
                expected()
            ),
        ));
        return end;
    }
    let name = &rest[..name_len];
    let after = start + name_len;
    let has_value = info[after..].starts_with('=');
    match (name, has_value) {
        ("showLineNumbers", false) => fence.numbers = true,
        ("ins" | "del", true) if info[after + 1..].starts_with('{') => {
            let (set, end) = braces(info, after + 1, errors);
            let target = if name == "ins" {
                &mut fence.ins
            } else {
                &mut fence.del
            };
            target.ranges.extend(set.ranges);
            return end;
        }
        ("title" | "lang", true) => {
            let (value, end) = value(info, after + 1, errors);
            let slot = if name == "title" {
                &mut fence.title
            } else {
                &mut fence.diff_lang
            };
            if slot.is_some() {
                errors.push(error(start, format!("`{name}` is given twice")));
            }
            *slot = value;
            return end;
        }
        _ => errors.push(misuse(name, start)),
    }
    if has_value {
        value(info, after + 1, &mut Vec::new()).1
    } else {
        after
    }
}

/// The error for a known attribute written the wrong way, or an unknown one.
fn misuse(name: &str, at: usize) -> FenceError {
    let message = match name {
        "showLineNumbers" => "`showLineNumbers` takes no value".to_string(),
        "ins" | "del" => format!("`{name}` expects line numbers: {name}={{3,5-7}}"),
        "title" | "lang" => format!("`{name}` expects a quoted value: {name}=\"…\""),
        _ => format!(
            "unknown code block attribute `{name}`; expected {}",
            expected()
        ),
    };
    let help = (!KNOWN.contains(&name))
        .then(|| crate::error::suggest(name, KNOWN))
        .flatten()
        .map(|k| format!("did you mean `{k}`?"));
    FenceError { at, message, help }
}

fn expected() -> &'static str {
    "title=\"…\", {lines}, ins={lines}, del={lines}, showLineNumbers or (for diff) lang=\"…\""
}

fn word_end(info: &str, from: usize) -> usize {
    info[from..]
        .find(char::is_whitespace)
        .map_or(info.len(), |i| from + i)
}

/// A value at `start`: `"quoted"` or a bare word. Returns it and the offset after it.
fn value(info: &str, start: usize, errors: &mut Vec<FenceError>) -> (Option<String>, usize) {
    let rest = &info[start..];
    if let Some(quoted) = rest.strip_prefix('"') {
        return match quoted.find('"') {
            Some(i) => (Some(quoted[..i].to_string()), start + i + 2),
            None => {
                errors.push(error(
                    start,
                    "unclosed quote: expected a closing `\"`".into(),
                ));
                (None, info.len())
            }
        };
    }
    let end = word_end(info, start);
    if end == start {
        errors.push(error(start, "expected a value after `=`".into()));
        return (None, end);
    }
    (Some(info[start..end].to_string()), end)
}

/// A `{…}` list at `start` (which is `{`). Returns it and the offset after the `}`.
fn braces(info: &str, start: usize, errors: &mut Vec<FenceError>) -> (LineSet, usize) {
    let Some(close) = info[start..].find('}').map(|i| start + i) else {
        errors.push(error(
            start,
            "unclosed `{`: expected line numbers like {3,5-7}".into(),
        ));
        return (LineSet::default(), info.len());
    };
    if info[start + 1..close].trim_start().starts_with(['.', '#']) {
        errors.push(error(
            start,
            "`{.class …}` attribute blocks are not supported: write attributes after the \
             language, like ```js title=\"x.js\" {2} showLineNumbers"
                .into(),
        ));
        return (LineSet::default(), close + 1);
    }
    let mut set = LineSet::default();
    let mut offset = start + 1;
    for item in info[start + 1..close].split(',') {
        let at = offset + (item.len() - item.trim_start().len());
        offset += item.len() + 1;
        match range(item.trim()) {
            Some((a, b)) => set.ranges.push((a, b, at)),
            None => errors.push(error(
                at,
                format!(
                    "`{}` is not a line number or range: expected line numbers like {{3,5-7}}",
                    item.trim()
                ),
            )),
        }
    }
    (set, close + 1)
}

/// `7` or `5-7`, counted from 1, first ≤ last.
fn range(item: &str) -> Option<(usize, usize)> {
    let number = |s: &str| {
        let s = s.trim();
        let ok = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| s.parse::<usize>().ok())
            .flatten()
            .filter(|n| *n >= 1)
    };
    match item.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (number(a)?, number(b)?);
            (a <= b).then_some((a, b))
        }
        None => number(item).map(|n| (n, n)),
    }
}

/// Problems with line numbers past the last line of a block of `lines` lines.
pub fn check_lines(fence: &Fence, lines: usize) -> Vec<FenceError> {
    let mut errors = Vec::new();
    for (name, set) in [("", &fence.hl), ("ins=", &fence.ins), ("del=", &fence.del)] {
        for &(a, b, at) in &set.ranges {
            if b > lines {
                let what = if a == b {
                    format!("line {a} is")
                } else {
                    format!("lines {a}-{b} go")
                };
                let has = match lines {
                    1 => "1 line".to_string(),
                    n => format!("{n} lines"),
                };
                errors.push(error(
                    at,
                    format!("{name}{{…}}: {what} past the end of this code block ({has})"),
                ));
            }
        }
    }
    errors
}
