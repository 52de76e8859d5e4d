//! YAML with places: parse a block of YAML that starts at some line of a file, and turn every
//! error (syntax, unknown key, wrong type) into a [`Diagnostic`] pointing into that file.

use serde::de::DeserializeOwned;
use std::path::Path;

use crate::error::{suggest, Diagnostic};

/// A block of YAML inside a file: the text of the whole file, and where the block starts.
pub struct YamlBlock<'a> {
    /// The file, as shown to the user.
    pub path: &'a Path,
    /// The whole file, to show offending lines.
    pub file_text: &'a str,
    /// The YAML itself.
    pub yaml: &'a str,
    /// The file's 1-based line number of the YAML's first line.
    pub first_line: usize,
}

impl YamlBlock<'_> {
    /// Parses the block into `T`, refusing keys not in `known` with a "did you mean" hint.
    /// Reports every unknown key at once; a syntax or type error ends the parse.
    pub fn parse<T: DeserializeOwned>(&self, known: &[&str]) -> Result<T, Vec<Diagnostic>> {
        let value: serde_yaml::Value = if self.yaml.trim().is_empty() {
            serde_yaml::Value::Mapping(Default::default())
        } else {
            serde_yaml::from_str(self.yaml).map_err(|e| vec![self.diagnose_yaml_error(&e)])?
        };
        let map = match value {
            serde_yaml::Value::Mapping(map) => map,
            serde_yaml::Value::Null => Default::default(),
            _ => {
                return Err(vec![self.diagnostic(
                    self.first_line,
                    1,
                    "expected a map of `key: value` lines",
                )])
            }
        };
        let unknown: Vec<Diagnostic> = map
            .keys()
            .filter_map(|k| {
                let name = k
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{k:?}"));
                (!known.contains(&name.as_str())).then(|| self.unknown_key(&name, known))
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let source = if self.yaml.trim().is_empty() {
            "{}"
        } else {
            self.yaml
        };
        serde_yaml::from_str(source).map_err(|e| vec![self.diagnose_yaml_error(&e)])
    }

    /// Parses the block as any YAML value, with no schema (a data file): a syntax error is
    /// placed in the file like every other.
    pub fn parse_value(&self) -> Result<serde_yaml::Value, Diagnostic> {
        serde_yaml::from_str(self.yaml).map_err(|e| self.diagnose_yaml_error(&e))
    }

    /// The file line where `key:` is written at the top level, if it is.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.yaml
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| i + self.first_line)
    }

    /// The file line of the first line at or after `key:` that mentions `value`, for errors
    /// about one item of a list (`related:` entries and the like).
    pub fn value_line(&self, key: &str, value: &str) -> Option<usize> {
        let start = self.key_line(key)?;
        let skip = start - self.first_line;
        self.yaml
            .lines()
            .enumerate()
            .skip(skip)
            .find(|(_, l)| l.contains(value))
            .map(|(i, _)| i + self.first_line)
            .or(Some(start))
    }

    /// A diagnostic at a file line, with the column of the first non-blank character.
    pub fn diagnostic(&self, line: usize, column: usize, message: &str) -> Diagnostic {
        Diagnostic::at(self.path, self.file_text, line, column, message)
    }

    /// A diagnostic about a key's value, at the key's line.
    pub fn field_error(&self, key: &str, message: &str) -> Diagnostic {
        let line = self.key_line(key).unwrap_or(self.first_line);
        self.diagnostic(line, 1, &format!("`{key}`: {message}"))
    }

    fn unknown_key(&self, name: &str, known: &[&str]) -> Diagnostic {
        let line = self.key_line(name).unwrap_or(self.first_line);
        let d = self.diagnostic(line, 1, &format!("unknown key `{name}`"));
        match suggest(name, known) {
            Some(k) => d.with_help(format!("did you mean `{k}`?")),
            None => d.with_help(format!("known keys are: {}", known.join(", "))),
        }
    }

    fn diagnose_yaml_error(&self, e: &serde_yaml::Error) -> Diagnostic {
        let parser_place = e
            .location()
            .map(|loc| (loc.line() + self.first_line - 1, loc.column()));
        let message = explain_yaml_message(&self.relocate(&e.to_string(), parser_place));
        match e.location() {
            // Placed by byte offset, not by the parser's line: YAML also breaks lines at a lone
            // `\r`, U+0085, U+2028 and U+2029, so its line numbers drift from the file's
            // `\n`-separated lines (a file with old Mac line endings pointed past its end).
            Some(loc) => {
                let (line, column) = self.place(loc.index());
                self.diagnostic(line, column, &message)
            }
            None => Diagnostic::file(self.path, message),
        }
    }

    /// The file line and 1-based column (in characters) of byte `index` of the YAML.
    fn place(&self, index: usize) -> (usize, usize) {
        let mut at = index.min(self.yaml.len());
        while !self.yaml.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.yaml[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = self.first_line + before.matches('\n').count();
        (line, before[line_start..].chars().count() + 1)
    }

    /// serde_yaml writes places into its messages as " at line L column C", counted from the
    /// start of the YAML block, and syntax errors can hold two (where the problem is and, after
    /// ", while scanning ...", where the unclosed construct began). Cutting only the last one
    /// used to leave the first in block lines, so a message said "line 4" while pointing at
    /// file line 5. Every place is now turned into file lines, and the one the diagnostic
    /// points at (`shown`) is dropped, since the location already says it.
    fn relocate(&self, text: &str, shown: Option<(usize, usize)>) -> String {
        const AT: &str = " at line ";
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find(AT) {
            out.push_str(&rest[..i]);
            let after = &rest[i + AT.len()..];
            let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let line_len = digits(after);
            let parsed = after
                .get(line_len..)
                .and_then(|s| s.strip_prefix(" column "))
                .and_then(|cols| {
                    let col_len = digits(cols);
                    let line = after[..line_len].parse::<usize>().ok()?;
                    let column = cols[..col_len].parse::<usize>().ok()?;
                    Some((line + self.first_line - 1, column, &cols[col_len..]))
                });
            match parsed {
                Some((line, column, tail)) => {
                    if shown != Some((line, column)) {
                        out.push_str(&format!("{AT}{line} column {column}"));
                    }
                    rest = tail;
                }
                None => {
                    out.push_str(AT);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Rewrites serde's wording ("invalid type: sequence, expected a string") so the field comes
/// first and the expectation reads plainly.
fn explain_yaml_message(message: &str) -> String {
    match message.split_once(": invalid type: ") {
        Some((field, rest)) => match rest.split_once(", expected ") {
            Some((found, expected)) => format!("`{field}`: expected {expected}, found {found}"),
            None => message.to_string(),
        },
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)] // only deserialized, to exercise the checks
    struct T {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn block<'a>(text: &'a str, yaml: &'a str) -> YamlBlock<'a> {
        YamlBlock {
            path: Path::new("x.md"),
            file_text: text,
            yaml,
            first_line: 2,
        }
    }

    #[test]
    fn unknown_key_points_at_its_line_with_a_suggestion() {
        let text = "---\ntitle: a\ntgas: [x]\n---\n";
        let errs = block(text, "title: a\ntgas: [x]\n")
            .parse::<T>(&["title", "tags"])
            .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, Some(3));
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn syntax_error_line_is_relative_to_the_file() {
        let text = "---\ntitle: a\ntags: [x\n---\n";
        let errs = block(text, "title: a\ntags: [x\n")
            .parse::<T>(&["title", "tags"])
            .unwrap_err();
        assert!(errs[0].line.unwrap() >= 3, "{:?}", errs[0]);
    }

    #[test]
    fn places_in_syntax_messages_are_file_lines() {
        let text = "---\ntitle: a\ntags: [x\n---\n";
        let errs = block(text, "title: a\ntags: [x\n")
            .parse::<T>(&["title", "tags"])
            .unwrap_err();
        assert_eq!((errs[0].line, errs[0].column), (Some(4), Some(1)));
        assert_eq!(
            errs[0].message,
            "did not find expected ',' or ']', while parsing a flow sequence at line 3 column 7"
        );
    }

    #[test]
    fn type_error_names_the_field() {
        let text = "---\ntitle: [1]\n---\n";
        let errs = block(text, "title: [1]\n")
            .parse::<T>(&["title", "tags"])
            .unwrap_err();
        assert_eq!(errs[0].line, Some(2));
        assert!(
            errs[0].message.starts_with("`title`: expected a string"),
            "{}",
            errs[0].message
        );
    }
}
