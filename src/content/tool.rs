//! Tool declarations: `content/tools/<id>.md` declares the tool `<id>` (its title, description,
//! script and markup partial) and holds the guide shown on the tool's own page.

use serde::Deserialize;
use std::path::PathBuf;

use crate::error::Diagnostic;
use crate::slug::is_valid_slug;
use crate::yaml::YamlBlock;

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "script",
    "partial",
    "weight",
    "aliases",
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawTool {
    title: String,
    description: String,
    script: String,
    partial: String,
    weight: i64,
    aliases: Vec<String>,
}

/// A checked tool declaration.
#[derive(Debug, Clone)]
pub struct Tool {
    /// The id used in `tools:` and in `{{ tool(id="...") }}`: the file stem.
    pub id: String,
    /// Path shown in errors.
    pub display_path: PathBuf,
    /// Path relative to `content/`.
    pub source: String,
    /// Name of the tool.
    pub title: String,
    /// One line saying what it does.
    pub description: String,
    /// Its script, relative to `static/`.
    pub script: String,
    /// Its markup partial, relative to `templates/`.
    pub partial: String,
    /// Order on the tools list (lower first, then by title).
    pub weight: i64,
    /// Old paths that redirect here.
    pub aliases: Vec<super::Located>,
    /// The guide, in Markdown.
    pub body: String,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// The whole file, for error messages.
    pub file_text: String,
}

impl Tool {
    /// Checks a tool declaration.
    pub fn check(
        source: String,
        block: &YamlBlock<'_>,
        body: &str,
        body_line: usize,
    ) -> Result<Tool, Vec<Diagnostic>> {
        let raw: RawTool = block.parse(KNOWN_KEYS)?;
        let id = super::article::file_stem(&source);
        let mut problems = Vec::new();
        if !is_valid_slug(&id) {
            problems.push(Diagnostic::file(block.path, format!("a tool's file name is its id and must be lower-case letters, digits and `-`; found `{id}`")));
        }
        for (key, value) in [
            ("title", &raw.title),
            ("description", &raw.description),
            ("script", &raw.script),
            ("partial", &raw.partial),
        ] {
            if value.trim().is_empty() {
                problems.push(block.diagnostic(
                    block.first_line,
                    1,
                    &format!("missing required key `{key}`"),
                ));
            } else if (key == "script" || key == "partial") && !is_relative_clean(value) {
                {
                    problems.push(block.field_error(
                        key,
                        &format!("expected a relative path inside the site, found `{value}`"),
                    ));
                }
            }
        }
        let aliases = super::aliases::check(block, raw.aliases, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Tool {
            id,
            display_path: block.path.to_path_buf(),
            source,
            title: raw.title,
            description: raw.description,
            script: raw.script,
            partial: raw.partial,
            weight: raw.weight,
            aliases,
            body: body.to_string(),
            body_line,
            file_text: block.file_text.to_string(),
        })
    }
}

/// A relative path with no `..`, no leading `/` and no backslashes.
pub fn is_relative_clean(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}
