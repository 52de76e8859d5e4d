//! `menus:` in `config.yaml`: named menus (`main`, `footer`), each a list of entries that
//! point at a URL or at a content file. Checked for shape here; the index resolves `page:`
//! entries to URLs and reports those that name no file.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::error::Diagnostic;
use crate::yaml::YamlBlock;

/// An entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    name: String,
    url: Option<String>,
    page: Option<String>,
    #[serde(default)]
    weight: i64,
}

/// Where a menu entry leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A URL as written: absolute (`https://…`) or from the site root (`/search/`, which gets
    /// the base path).
    Url(String),
    /// A content file, as `@/pages/about.md` names it (`pages/about.md`).
    Page(String),
}

/// A checked entry of `menus:`.
#[derive(Debug, Clone)]
pub struct MenuItem {
    /// The menu it belongs to.
    pub menu: String,
    pub name: String,
    pub target: Target,
    pub weight: i64,
    /// Where it is written in `config.yaml`, for errors the index finds.
    pub at: Diagnostic,
}

/// Checks every entry, reporting each problem at its line.
pub fn check(
    block: &YamlBlock<'_>,
    raw: BTreeMap<String, Vec<RawItem>>,
) -> Result<Vec<MenuItem>, Vec<Diagnostic>> {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for (menu, entries) in raw {
        for entry in entries {
            let needle = entry
                .page
                .as_deref()
                .or(entry.url.as_deref())
                .unwrap_or(&entry.name);
            let line = block
                .value_line("menus", needle)
                .unwrap_or(block.first_line);
            let column = block
                .file_text
                .lines()
                .nth(line - 1)
                .and_then(|l| l.find(needle))
                .map_or(1, |c| c + 1);
            let at = block.diagnostic(line, column, "");
            match target(&entry) {
                Ok(target) if !entry.name.trim().is_empty() => items.push(MenuItem {
                    menu: menu.clone(),
                    name: entry.name,
                    target,
                    weight: entry.weight,
                    at,
                }),
                Ok(_) => problems.push(with_message(
                    at,
                    format!("`menus.{menu}`: an entry needs a `name`"),
                )),
                Err(why) => problems.push(with_message(at, format!("`menus.{menu}`: {why}"))),
            }
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

fn target(entry: &RawItem) -> Result<Target, String> {
    match (&entry.url, &entry.page) {
        (Some(url), None)
            if url.starts_with('/')
                || url.starts_with("https://")
                || url.starts_with("http://") =>
        {
            Ok(Target::Url(url.trim().to_string()))
        }
        (Some(url), None) => Err(format!(
            "`url` must start with `/`, `https://` or `http://`, found `{url}`"
        )),
        (None, Some(page)) => match page.trim().strip_prefix("@/") {
            Some(path) if path.ends_with(".md") && !path.split('/').any(|p| p == "..") => {
                Ok(Target::Page(path.to_string()))
            }
            _ => Err(format!(
                "`page` names a content file like `@/pages/about.md`, found `{page}`"
            )),
        },
        (Some(_), Some(_)) => Err(format!(
            "the entry `{}` has both `url` and `page`; keep one",
            entry.name
        )),
        (None, None) => Err(format!(
            "the entry `{}` needs a `url` or a `page`",
            entry.name
        )),
    }
}

/// `at` with its message set.
pub fn with_message(mut at: Diagnostic, message: String) -> Diagnostic {
    at.message = message;
    at
}
