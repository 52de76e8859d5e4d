//! Error types. Every content problem is a [`Diagnostic`] that knows its file and, where one
//! exists, its line and column, so the CLI can show the offending line with a caret.
//!
//! One shape runs through the stages, so one run reports every broken file:
//! - a stage (load, parse, index, render) takes a `&mut` [`Diagnostics`] and adds every
//!   problem it finds to it, going on with the files that are good;
//! - the work on one file returns `Result<T, Vec<Diagnostic>>`: all of that file's problems,
//!   which its stage moves into the collection;
//! - a helper that does not know where its input came from (a shortcode's template, a URL
//!   fetch) returns `Result<T, String>`, and its caller places the message in a file;
//! - a command returns [`Error`]: the collected diagnostics together ([`Error::Diagnostics`],
//!   exit 1), an I/O failure (exit 1), or a usage error (exit 2).

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one input file, reported to a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible (`content/articles/x.md`).
    pub path: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
    /// A hint such as "did you mean `tags`?".
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (no line).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            line: None,
            column: None,
            source_line: None,
            message: message.into(),
            help: None,
        }
    }

    /// A problem at `line:column` of `text`, the full text of the file at `path`.
    pub fn at(
        path: impl Into<PathBuf>,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            line: Some(line),
            column: Some(column),
            source_line: text.lines().nth(line.saturating_sub(1)).map(str::to_owned),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a hint shown under the message.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic shown as a warning: the same place and text, headed `warning:`.
    pub fn as_warning(&self) -> String {
        let text = self.to_string();
        match text.strip_prefix("error:") {
            Some(rest) => format!("warning:{rest}"),
            None => text,
        }
    }

    /// `path:line:col`, as editors and terminals understand it.
    pub fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{path}:{l}:{c}"),
            (Some(l), None) => format!("{path}:{l}"),
            _ => path.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let gutter = line.to_string().len();
            let pad = " ".repeat(gutter);
            write!(f, "\n{pad} |\n{line} | {text}")?;
            if let Some(col) = self.column {
                let offset: String = text
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {offset}^")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in content, config or templates: all of them, not just the first.
    #[error("{}", render_list(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The command line asked for something impossible (exit code 2).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The process exit code for this error: 2 for usage errors, 1 for the rest.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Diagnostics(vec![d])
    }
}

fn render_list(list: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in list {
        out.push_str(&d.to_string());
        out.push_str("\n\n");
    }
    let files: std::collections::BTreeSet<_> = list.iter().map(|d| &d.path).collect();
    out.push_str(&format!(
        "{} error{} in {} file{}",
        list.len(),
        plural(list.len()),
        files.len(),
        plural(files.len())
    ));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Shorthand for results in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics while a stage goes on, so one run reports every broken file.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Moves every problem of another collection into this one.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Whether nothing went wrong so far.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems as an error, even if there are none: for a stage whose result is missing,
    /// which only happens when it reported a problem.
    pub fn into_error(self) -> Error {
        match self.into_result() {
            Err(e) => e,
            Ok(()) => Error::Diagnostics(Vec::new()),
        }
    }

    /// Every problem, sorted by place for a stable report (for warnings, which fail nothing).
    pub fn into_vec(self) -> Vec<Diagnostic> {
        match self.into_result() {
            Err(Error::Diagnostics(list)) => list,
            _ => Vec::new(),
        }
    }

    /// Ok if nothing was recorded, else every problem, sorted by place for a stable report.
    pub fn into_result(mut self) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
        Err(Error::Diagnostics(self.0))
    }
}

/// Finds the known name closest to `unknown`, for "did you mean" hints.
pub fn suggest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(unknown, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_key() {
        let keys = ["title", "tags", "toc", "tools", "date"];
        assert_eq!(suggest("tgas", &keys), Some("tags"));
        assert_eq!(suggest("titel", &keys), Some("title"));
        assert_eq!(suggest("colour", &keys), None);
    }

    #[test]
    fn display_shows_line_and_caret() {
        let d = Diagnostic::at("a.md", "one\ntwo: x\n", 2, 6, "bad value");
        let s = d.to_string();
        assert!(s.contains("--> a.md:2:6"), "{s}");
        assert!(s.contains("2 | two: x"), "{s}");
        assert!(s.contains("  |      ^"), "{s}");
    }
}
