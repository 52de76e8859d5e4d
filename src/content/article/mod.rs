//! The article model: front matter read raw, then checked into an [`Article`] that cannot be
//! wrong (required fields present, dates real, slug safe).

use serde::Deserialize;
use std::path::PathBuf;
use time::Date;

use crate::error::Diagnostic;
use crate::slug::{is_valid_slug, slugify};
use crate::yaml::YamlBlock;

/// Every key an article's front matter may hold.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "category",
    "tags",
    "slug",
    "draft",
    "related",
    "tools",
    "toc",
    "extra",
    "image",
    "aliases",
    "series",
    "series_order",
    "authors",
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    date: Option<serde_yaml::Value>,
    updated: Option<serde_yaml::Value>,
    category: Option<String>,
    tags: Vec<String>,
    slug: Option<String>,
    draft: bool,
    related: Vec<String>,
    tools: Vec<String>,
    toc: bool,
    extra: serde_yaml::Mapping,
    image: Option<String>,
    aliases: Vec<String>,
    series: Option<String>,
    series_order: Option<u32>,
    authors: Vec<String>,
}

/// A front-matter value with the file line it was written on, for later errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The value as written.
    pub value: String,
    /// 1-based line in the source file.
    pub line: usize,
}

impl Located {
    /// A problem with this value in the file `path` whose text is `file_text`, pointing at the
    /// value on its line.
    pub fn diagnostic(
        &self,
        path: &std::path::Path,
        file_text: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let column = file_text
            .lines()
            .nth(self.line.saturating_sub(1))
            .and_then(|l| l.find(&self.value))
            .map_or(1, |c| c + 1);
        Diagnostic::at(path, file_text, self.line, column, message)
    }
}

/// A checked article, before its Markdown is rendered.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to `content/`, with `/` separators (`articles/jwt-vs-session.md`).
    pub source: String,
    /// Path shown in errors (`content/articles/jwt-vs-session.md`).
    pub display_path: PathBuf,
    /// URL-safe name; the page is `/articles/<slug>/`.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Publication date.
    pub date: Date,
    /// Last significant update, if any.
    pub updated: Option<Date>,
    /// Category name as written (`JWT`).
    pub category: Option<String>,
    /// Tag names as written, without duplicates.
    pub tags: Vec<String>,
    /// Drafts are left out unless the build asks for them.
    pub draft: bool,
    /// Articles to show first under "Related articles": paths or slugs, as written.
    pub related: Vec<Located>,
    /// Tool ids featured in the page's "Try our tools" block.
    pub tools: Vec<Located>,
    /// Whether the page shows its table of contents.
    pub toc: bool,
    /// Free data for templates.
    pub extra: serde_yaml::Mapping,
    /// Image for social cards (Open Graph, Twitter): a URL, or a path under `static/`.
    pub image: Option<String>,
    /// Old paths that redirect here.
    pub aliases: Vec<Located>,
    /// The series this article is a part of (`series:`), by id.
    pub series: Option<Located>,
    /// Its place in the series (`series_order:`); parts without one follow, by date.
    pub series_order: Option<u32>,
    /// Author ids (`authors:`); empty means the site's default author.
    pub authors: Vec<Located>,
    /// Byte offset in `file_text` where the Markdown body starts (the body runs to the end;
    /// the source is kept once, see [`Article::body`]).
    pub body_start: usize,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// The whole file: the body, and error messages that show a line. Only the front matter
    /// once the body is released (see [`Article::release_body`]).
    pub file_text: String,
    /// The file on disk, to read the body again after it was released.
    pub path: PathBuf,
    /// Set when the body was released: the whole file's length and hash, so the body read
    /// again is known to be the one that was parsed.
    pub released: Option<(usize, u64)>,
}

impl Article {
    /// When the article last changed: `updated` if given, else `date`.
    pub fn last_change(&self) -> Date {
        self.updated.unwrap_or(self.date)
    }

    /// The Markdown body: the file after its front matter (empty once released).
    pub fn body(&self) -> &str {
        self.file_text.get(self.body_start..).unwrap_or("")
    }

    /// Frees the body, keeping the front matter for messages. A large site's sources are most
    /// of what a build would otherwise hold: the build reads each body again when it renders
    /// the page, with [`Article::reload`].
    /// `fingerprint` must be [`Article::fingerprint`] of the text as it is now.
    pub fn release_body(&mut self, fingerprint: u64) {
        if self.released.is_none() {
            self.released = Some((self.file_text.len(), fingerprint));
            self.file_text.truncate(self.body_start);
            self.file_text.shrink_to_fit();
        }
    }

    /// A hash of the whole file text (as loaded, or as it was when released).
    pub fn fingerprint(&self) -> u64 {
        match self.released {
            Some((_, hash)) => hash,
            None => fingerprint(&self.file_text),
        }
    }

    /// The whole file text: kept, or read again from disk after [`Article::release_body`] and
    /// checked to be the text that was parsed.
    pub fn reload(&self) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let Some((len, hash)) = self.released else {
            return Ok(self.file_text.as_str().into());
        };
        let changed = || {
            Diagnostic::file(
                &self.display_path,
                "the file changed while galley was building; build again",
            )
        };
        let text = std::fs::read_to_string(&self.path).map_err(|_| changed())?;
        if text.len() != len || fingerprint(&text) != hash {
            return Err(changed());
        }
        Ok(text.into())
    }

    /// A problem with one front-matter value (a `related` or `tools` entry), pointing at the
    /// value on its line.
    pub fn diagnostic_at(&self, entry: &Located, message: String) -> Diagnostic {
        entry.diagnostic(&self.display_path, &self.file_text, message)
    }

    /// Checks the front matter in `block` and builds the article, or lists every problem.
    /// `body` must be the end of `block.file_text` (as [`crate::content::front_matter::split`]
    /// returns it).
    pub fn check(
        source: String,
        block: &YamlBlock<'_>,
        body: &str,
        body_line: usize,
    ) -> Result<Article, Vec<Diagnostic>> {
        let raw: RawFrontMatter = block.parse(KNOWN_KEYS)?;
        let mut problems = Vec::new();
        let title = required(block, "title", raw.title, &mut problems);
        let description = required(block, "description", raw.description, &mut problems);
        if raw.date.is_none() {
            problems.push(missing(block, "date"));
        }
        let date = optional_date(block, "date", raw.date, &mut problems);
        let updated = optional_date(block, "updated", raw.updated, &mut problems);
        let slug = check_slug(block, &source, raw.slug, &mut problems);
        let located = |key: &str, values: Vec<String>| -> Vec<Located> {
            values
                .into_iter()
                .map(|value| Located {
                    line: block.value_line(key, &value).unwrap_or(block.first_line),
                    value,
                })
                .collect()
        };
        check_taxonomies(block, &raw.tags, raw.category.as_ref(), &mut problems);
        let related = located("related", raw.related);
        let tools = located("tools", raw.tools);
        let authors = located("authors", raw.authors);
        let aliases = crate::content::aliases::check(block, raw.aliases, &mut problems);
        let series = check_series(block, raw.series, raw.series_order, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let tags = unique_tags(raw.tags);
        Ok(Article {
            display_path: block.path.to_path_buf(),
            source,
            slug,
            title,
            description,
            date: date.unwrap_or(Date::MIN),
            updated,
            category: raw
                .category
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty()),
            tags,
            draft: raw.draft,
            related,
            tools,
            toc: raw.toc,
            extra: raw.extra,
            image: raw
                .image
                .map(|i| i.trim().to_string())
                .filter(|i| !i.is_empty()),
            aliases,
            series,
            series_order: raw.series_order,
            authors,
            body_start: body_start(block.file_text, body),
            body_line,
            file_text: block.file_text.to_string(),
            path: block.path.to_path_buf(),
            released: None,
        })
    }
}

/// `series:` with its line; `series_order:` alone is a mistake.
fn check_series(
    block: &YamlBlock<'_>,
    series: Option<String>,
    order: Option<u32>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Located> {
    let series = series.map(|s| s.trim().to_string()).map(|value| Located {
        line: block.key_line("series").unwrap_or(block.first_line),
        value,
    });
    if order.is_some() && series.is_none() {
        problems.push(block.field_error(
            "series_order",
            "is set, but `series:` is not: name the series this article is a part of",
        ));
    }
    series
}

/// The article's slug: `slug:` if it is valid, else made from the file name.
fn check_slug(
    block: &YamlBlock<'_>,
    source: &str,
    given: Option<String>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    // A bundle (`articles/jwt/index.md`) is named by its folder.
    let stem = crate::content::bundle::document_stem(source);
    let slug = match given {
        Some(s) if is_valid_slug(&s) => s,
        Some(s) => {
            problems.push(block.field_error(
                "slug",
                &format!("expected lower-case letters, digits, `-` or `_` (like `jwt-vs-session`), found `{s}`"),
            ));
            String::new()
        }
        None => slugify(stem),
    };
    if slug.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::file(block.path, format!("cannot make a URL slug from the file name `{stem}`; set `slug:` in the front matter")));
    }
    slug
}

/// Tags and the category need a letter or digit to make a URL from.
fn check_taxonomies(
    block: &YamlBlock<'_>,
    tags: &[String],
    category: Option<&String>,
    problems: &mut Vec<Diagnostic>,
) {
    let names = tags.iter().map(|t| ("tags", t));
    for (key, name) in names.chain(category.map(|c| ("category", c))) {
        if !name.trim().is_empty() && slugify(name).is_empty() {
            problems.push(block.field_error(
                key,
                &format!("`{name}` has no letter or digit to make a URL from"),
            ));
        }
    }
}

/// Tags that give the same slug are one tag: the first spelling is kept. The slugs seen are
/// kept in a set; comparing each tag with every kept one (slugifying both each time) was
/// quadratic: 8,000 tags took 5 s in a release build.
fn unique_tags(raw: Vec<String>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::with_capacity(raw.len());
    let mut seen = std::collections::HashSet::new();
    for t in raw.into_iter().map(|t| t.trim().to_string()) {
        if !t.is_empty() && seen.insert(slugify(&t)) {
            tags.push(t);
        }
    }
    tags
}

fn fingerprint(text: &str) -> u64 {
    crate::cache::hash64(text.as_bytes())
}

/// Where `body`, the tail of `file_text`, starts in it.
fn body_start(file_text: &str, body: &str) -> usize {
    let start = file_text.len().saturating_sub(body.len());
    assert!(
        file_text.is_char_boundary(start) && file_text[start..] == *body,
        "an article's body must be the end of its file"
    );
    start
}

/// A required text value, or a "missing required key" problem (and an empty string).
pub(crate) fn required(
    block: &YamlBlock<'_>,
    key: &str,
    value: Option<String>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    match value {
        Some(v) if !v.trim().is_empty() => v,
        _ => {
            problems.push(missing(block, key));
            String::new()
        }
    }
}

/// A date key that may be absent; a malformed one is a problem (and `None`).
pub(crate) fn optional_date(
    block: &YamlBlock<'_>,
    key: &str,
    value: Option<serde_yaml::Value>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let v = value?;
    check_date(block, key, &v)
        .map_err(|d| problems.push(d))
        .ok()
}

/// The file name of a content path without `.md`: the id of a tool or a series.
pub(crate) fn file_stem(source: &str) -> String {
    let name = source.rsplit('/').next().unwrap_or(source);
    name.trim_end_matches(".md").to_string()
}

pub(crate) fn missing(block: &YamlBlock<'_>, key: &str) -> Diagnostic {
    block
        .diagnostic(
            block.first_line,
            1,
            &format!("missing required key `{key}`"),
        )
        .with_help(format!("add a line like `{key}: {}`", example(key)))
}

fn example(key: &str) -> &'static str {
    match key {
        "date" => "2026-01-31",
        "title" => "\"My article\"",
        _ => "\"One sentence about the article.\"",
    }
}

/// Parses a `YYYY-MM-DD` date (a full RFC 3339 timestamp is accepted and cut to its date).
pub(crate) fn check_date(
    block: &YamlBlock<'_>,
    key: &str,
    value: &serde_yaml::Value,
) -> Result<Date, Diagnostic> {
    let text = match value {
        serde_yaml::Value::String(s) => s.trim().to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    };
    parse_date(&text).ok_or_else(|| {
        block.field_error(
            key,
            &format!("expected a date like 2026-01-31, found `{text}`"),
        )
    })
}

/// Parses `YYYY-MM-DD`, or the date part of an RFC 3339 timestamp. Refuses dates that do not
/// exist, such as 2026-02-30.
pub fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date_part = text.get(..10)?;
    let rest = &text[10..];
    if !rest.is_empty()
        && time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .is_err()
    {
        return None;
    }
    Date::parse(date_part, &format).ok()
}

#[cfg(test)]
mod tests;
