//! Reading one data file: its text, checked like a content file's, parsed by its extension,
//! and turned into JSON-like values. Every parse error becomes a [`Diagnostic`] at the file's
//! line and column (in characters, as editors count them).

use serde_json::{Map, Number, Value};
use std::ffi::OsStr;
use std::path::Path;

use crate::error::Diagnostic;
use crate::yaml::YamlBlock;

/// The formats a data file can be in, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Yaml,
    Json,
    Toml,
}

impl Format {
    /// The format of a file with extension `ext` (any case), if it is a data file.
    pub(super) fn of(ext: &OsStr) -> Option<Format> {
        match ext.to_str()?.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }
}

/// Reads and parses the data file at `path`, shown to users as `shown`.
pub(super) fn parse(path: &Path, shown: &Path, format: Format) -> Result<Value, Vec<Diagnostic>> {
    let kind = crate::content::TextKind {
        plural: "data files",
        noun: "a data file",
    };
    let text = crate::content::read_text(path, shown, &kind).map_err(|d| vec![d])?;
    // Editors hide a byte-order mark, and JSON's parser refuses one: drop it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match format {
        Format::Yaml => yaml(shown, text),
        Format::Json => json(shown, text),
        Format::Toml => toml(shown, text),
    }
    .map_err(|d| vec![d])
}

/// The 1-based line and column (in characters) of byte `index` of `text`. The end of a text
/// that ends its last line is placed at the end of that line, not on a line after it.
fn place(text: &str, index: usize) -> (usize, usize) {
    let mut at = index.min(text.len());
    if at == text.len() && text.ends_with('\n') {
        at -= 1;
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// A diagnostic at byte `index` of `text`.
fn at(shown: &Path, text: &str, index: usize, message: &str) -> Diagnostic {
    let (line, column) = place(text, index);
    Diagnostic::at(shown, text, line, column, message)
}

fn yaml(shown: &Path, text: &str) -> Result<Value, Diagnostic> {
    let block = YamlBlock {
        path: shown,
        file_text: text,
        yaml: text,
        first_line: 1,
    };
    let mut value = block.parse_value()?;
    // `<<: *defaults` merges a map into another, as YAML users expect.
    value
        .apply_merge()
        .map_err(|e| Diagnostic::file(shown, e.to_string()))?;
    from_yaml(value).map_err(|e| Diagnostic::file(shown, e))
}

/// A YAML value as JSON-like data. Keys that are numbers, booleans or null become strings;
/// a key that is a list or a map cannot be named in a template, and is refused. Tags are
/// dropped (`!thing x` is `x`).
fn from_yaml(value: serde_yaml::Value) -> Result<Value, String> {
    use serde_yaml::Value as Y;
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            Value::Array(items.into_iter().map(from_yaml).collect::<Result<_, _>>()?)
        }
        Y::Mapping(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    Y::Null => "null".into(),
                    Y::Tagged(t) => match from_yaml(t.value)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    },
                    Y::Sequence(_) | Y::Mapping(_) => {
                        return Err(format!(
                            "a map key is a list or a map ({}); templates can only use text, number and boolean keys",
                            short(&k)
                        ))
                    }
                };
                out.insert(key, from_yaml(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => from_yaml(t.value)?,
    })
}

/// A YAML value in one short line, for messages.
fn short(value: &serde_yaml::Value) -> String {
    let yaml = serde_yaml::to_string(value).unwrap_or_default();
    let text = yaml.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

/// A float as a JSON number; NaN and the infinities have none, and become none.
fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

fn json(shown: &Path, text: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns in bytes, from 1 just past the byte it stopped at.
        let line_start: usize = text
            .split_inclusive('\n')
            .take(e.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let index = line_start + e.column().saturating_sub(1);
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        at(shown, text, index, message)
    })
}

fn toml(shown: &Path, text: &str) -> Result<Value, Diagnostic> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let message = e.message().trim_end();
        match e.span() {
            Some(span) => at(shown, text, span.start, message),
            None => Diagnostic::file(shown, message),
        }
    })?;
    Ok(from_toml(toml::Value::Table(table)))
}

/// A TOML value as JSON-like data; dates and times become their TOML text (`2026-03-10`).
fn from_toml(value: toml::Value) -> Value {
    use toml::Value as T;
    match value {
        T::String(s) => Value::String(s),
        T::Integer(i) => Value::from(i),
        T::Float(f) => float(f),
        T::Boolean(b) => Value::Bool(b),
        T::Datetime(d) => Value::String(d.to_string()),
        T::Array(items) => Value::Array(items.into_iter().map(from_toml).collect()),
        T::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_characters_and_keep_the_end_on_the_last_line() {
        assert_eq!(place("ab\ncd", 4), (2, 2));
        assert_eq!(place("é日x", "é日".len()), (1, 3));
        assert_eq!(place("one\ntwo\n", 8), (2, 4));
        assert_eq!(place("", 0), (1, 1));
    }
}
