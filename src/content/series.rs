//! Series: `content/series/<id>.md` declares the series `<id>` (its title, description and a
//! guide text shown on `/series/<id>/`); articles join it with `series: <id>` and an optional
//! `series_order`.

use serde::Deserialize;
use std::path::PathBuf;

use super::article::required;
use super::{aliases, Located};
use crate::error::Diagnostic;
use crate::slug::is_valid_slug;
use crate::yaml::YamlBlock;

const KNOWN_KEYS: &[&str] = &["title", "description", "extra", "aliases"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawSeries {
    title: Option<String>,
    description: Option<String>,
    extra: serde_yaml::Mapping,
    aliases: Vec<String>,
}

/// A checked series declaration.
#[derive(Debug, Clone)]
pub struct Series {
    /// The id articles name in `series:`: the file stem.
    pub id: String,
    /// Path relative to `content/` (`series/base64-guides.md`).
    pub source: String,
    /// Path shown in errors.
    pub display_path: PathBuf,
    pub title: String,
    pub description: String,
    pub extra: serde_yaml::Mapping,
    /// Old paths that redirect to the series page.
    pub aliases: Vec<Located>,
    /// The guide text, in Markdown.
    pub body: String,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// The whole file, for error messages.
    pub file_text: String,
}

impl Series {
    /// Checks a series declaration.
    pub fn check(
        source: String,
        block: &YamlBlock<'_>,
        body: &str,
        body_line: usize,
    ) -> Result<Series, Vec<Diagnostic>> {
        let raw: RawSeries = block.parse(KNOWN_KEYS)?;
        let id = super::article::file_stem(&source);
        let mut problems = Vec::new();
        if !is_valid_slug(&id) {
            problems.push(Diagnostic::file(block.path, format!("a series' file name is its id and must be lower-case letters, digits, `-` or `_`; found `{id}`")));
        }
        let title = required(block, "title", raw.title, &mut problems);
        let description = required(block, "description", raw.description, &mut problems);
        let aliases = aliases::check(block, raw.aliases, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Series {
            id,
            source,
            display_path: block.path.to_path_buf(),
            title,
            description,
            extra: raw.extra,
            aliases,
            body: body.to_string(),
            body_line,
            file_text: block.file_text.to_string(),
        })
    }
}
