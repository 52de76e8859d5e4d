//! Standalone pages: `content/pages/**/*.md` (About, Privacy, Contact). Each renders with
//! `templates/page.html` (or its own `template:`) at a URL made from its path: the file
//! `pages/legal/privacy.md` is `/legal/privacy/`, a folder's `index.md` is the folder's URL.

use serde::Deserialize;
use std::path::PathBuf;
use time::Date;

use super::article::{optional_date, required};
use super::{aliases, Located};
use crate::error::Diagnostic;
use crate::slug::{is_valid_slug, slugify};
use crate::yaml::YamlBlock;

/// Every key a page's front matter may hold.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "date",
    "updated",
    "draft",
    "template",
    "menu",
    "toc",
    "extra",
    "aliases",
];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawPage {
    title: Option<String>,
    description: Option<String>,
    slug: Option<String>,
    date: Option<serde_yaml::Value>,
    updated: Option<serde_yaml::Value>,
    draft: bool,
    template: Option<String>,
    menu: serde_yaml::Value,
    toc: bool,
    extra: serde_yaml::Mapping,
    aliases: Vec<String>,
}

/// A page's place in a named menu, from its `menu:` front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuPlace {
    /// The menu's name (`main`, `footer`).
    pub menu: String,
    /// The entry's text; the page's title when not given.
    pub name: Option<String>,
    /// Lower weights come first.
    pub weight: i64,
}

/// A checked standalone page, before its Markdown is rendered.
#[derive(Debug, Clone)]
pub struct Standalone {
    /// Path relative to `content/` (`pages/legal/privacy.md`).
    pub source: String,
    /// Path shown in errors (`content/pages/legal/privacy.md`).
    pub display_path: PathBuf,
    /// Site path of the page, without the base path (`legal/privacy/`).
    pub path: String,
    pub title: String,
    pub description: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub draft: bool,
    /// Template to render with, relative to `templates/` (`page.html` when not given).
    pub template: Located,
    pub menus: Vec<MenuPlace>,
    pub toc: bool,
    pub extra: serde_yaml::Mapping,
    /// Old paths that redirect here.
    pub aliases: Vec<Located>,
    /// The Markdown body.
    pub body: String,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
    /// The whole file, for error messages.
    pub file_text: String,
}

impl Standalone {
    /// Checks a page's front matter and builds the page, or lists every problem.
    pub fn check(
        source: String,
        block: &YamlBlock<'_>,
        body: &str,
        body_line: usize,
    ) -> Result<Standalone, Vec<Diagnostic>> {
        let raw: RawPage = block.parse(KNOWN_KEYS)?;
        let mut problems = Vec::new();
        let title = required(block, "title", raw.title, &mut problems);
        let description = required(block, "description", raw.description, &mut problems);
        let date = optional_date(block, "date", raw.date, &mut problems);
        let updated = optional_date(block, "updated", raw.updated, &mut problems);
        let path = page_path(block, &source, raw.slug, &mut problems);
        let menus = menu_places(block, raw.menu, &mut problems);
        let template = template(block, raw.template, &mut problems);
        let aliases = aliases::check(block, raw.aliases, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Standalone {
            display_path: block.path.to_path_buf(),
            source,
            path,
            title,
            description,
            date,
            updated,
            draft: raw.draft,
            template,
            menus,
            toc: raw.toc,
            extra: raw.extra,
            aliases,
            body: body.to_string(),
            body_line,
            file_text: block.file_text.to_string(),
        })
    }

    /// A problem with one front-matter value, pointing at it on its line.
    pub fn diagnostic_at(&self, entry: &Located, message: String) -> Diagnostic {
        entry.diagnostic(&self.display_path, &self.file_text, message)
    }
}

/// The site path of a page: its path under `pages/`, each folder slugified, the file's own
/// part replaced by `slug:` when given; `index.md` stands for its folder.
fn page_path(
    block: &YamlBlock<'_>,
    source: &str,
    slug: Option<String>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let rel = source.strip_prefix("pages/").unwrap_or(source);
    let rel = rel.strip_suffix(".md").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(slugify).collect();
    if parts.last().is_some_and(|p| p == "index") {
        parts.pop();
    }
    match slug {
        Some(s) if is_valid_slug(&s) => match parts.last_mut() {
            Some(last) => *last = s,
            None => parts.push(s),
        },
        Some(s) => problems.push(block.field_error(
            "slug",
            &format!(
                "expected lower-case letters, digits, `-` or `_` (like `about-us`), found `{s}`"
            ),
        )),
        None => {}
    }
    if parts.iter().any(String::is_empty) {
        problems.push(Diagnostic::file(
            block.path,
            format!("cannot make a URL from the path `{rel}`: each folder and the file name need a letter or digit; set `slug:` or rename it"),
        ));
    }
    if parts.is_empty() {
        return String::new();
    }
    format!("{}/", parts.join("/"))
}

fn template(
    block: &YamlBlock<'_>,
    given: Option<String>,
    problems: &mut Vec<Diagnostic>,
) -> Located {
    let line = block.key_line("template").unwrap_or(block.first_line);
    let value = given.map(|t| t.trim().to_string()).unwrap_or_default();
    if value.is_empty() {
        return Located {
            value: "page.html".into(),
            line,
        };
    }
    if !super::tool::is_relative_clean(&value) || !value.ends_with(".html") {
        problems.push(block.field_error(
            "template",
            &format!("expected a template file under templates/ such as `page.html` or `pages/wide.html`, found `{value}`"),
        ));
    }
    Located { value, line }
}

/// `menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 20, name: "About"}}`.
fn menu_places(
    block: &YamlBlock<'_>,
    value: serde_yaml::Value,
    problems: &mut Vec<Diagnostic>,
) -> Vec<MenuPlace> {
    use serde_yaml::Value;
    let place = |menu: &str| MenuPlace {
        menu: menu.to_string(),
        name: None,
        weight: 0,
    };
    let mut bad = |what: &str| {
        problems.push(block.field_error(
            "menu",
            &format!("{what}; write `menu: main`, `menu: [main, footer]` or `menu: {{main: {{weight: 20}}}}`"),
        ));
        Vec::new()
    };
    match value {
        Value::Null => Vec::new(),
        Value::String(s) => vec![place(&s)],
        Value::Sequence(list) => match list.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
            Some(names) => names.into_iter().map(place).collect(),
            None => bad("expected menu names"),
        },
        Value::Mapping(map) => {
            let mut places = Vec::new();
            for (menu, entry) in map {
                let Some(menu) = menu.as_str() else {
                    return bad("expected menu names as keys");
                };
                match menu_entry(menu, entry) {
                    Ok(p) => places.push(p),
                    Err(why) => return bad(&why),
                }
            }
            places
        }
        _ => bad("expected a menu name, a list or a map"),
    }
}

fn menu_entry(menu: &str, entry: serde_yaml::Value) -> Result<MenuPlace, String> {
    #[derive(Deserialize, Default)]
    #[serde(default, deny_unknown_fields)]
    struct RawPlace {
        weight: i64,
        name: Option<String>,
    }
    let raw: RawPlace = match entry {
        serde_yaml::Value::Null => RawPlace::default(),
        other => serde_yaml::from_value(other)
            .map_err(|e| format!("in menu `{menu}`: {e} (known keys: weight, name)"))?,
    };
    Ok(MenuPlace {
        menu: menu.to_string(),
        name: raw.name.filter(|n| !n.trim().is_empty()),
        weight: raw.weight,
    })
}

#[cfg(test)]
mod tests;
