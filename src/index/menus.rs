//! Menus: the entries of `menus:` in `config.yaml` and the `menu:` front matter of pages,
//! resolved to URLs and ordered by weight.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use super::StandalonePage;
use crate::config::menus::{with_message, MenuItem, Target};
use crate::config::Config;
use crate::content::LeftOut;
use crate::error::Diagnostics;

/// One entry of a menu, ready for templates (which add `active` per page).
#[derive(Debug, Clone, Serialize)]
pub struct MenuEntry {
    pub name: String,
    /// Root-relative URL (base path included), or an absolute one as written.
    pub url: String,
    #[serde(skip)]
    pub weight: i64,
}

/// Menu name → entries, lightest first (equal weights keep the order written, config first).
pub type Menus = BTreeMap<String, Vec<MenuEntry>>;

/// Resolves every menu entry. `urls` maps content paths to URLs; an entry naming a file that
/// does not exist is an error at its line, one naming a file left out of this build (a draft)
/// is left out too.
pub fn resolve(
    config: &Config,
    pages: &[StandalonePage],
    urls: &HashMap<&str, &str>,
    left_out: &LeftOut,
    problems: &mut Diagnostics,
) -> Menus {
    let mut menus = Menus::new();
    for item in &config.menus {
        if let Some(url) = item_url(config, item, urls, left_out, problems) {
            menus.entry(item.menu.clone()).or_default().push(MenuEntry {
                name: item.name.clone(),
                url,
                weight: item.weight,
            });
        }
    }
    for p in pages {
        for place in &p.page.menus {
            menus
                .entry(place.menu.clone())
                .or_default()
                .push(MenuEntry {
                    name: place.name.clone().unwrap_or_else(|| p.page.title.clone()),
                    url: p.url.clone(),
                    weight: place.weight,
                });
        }
    }
    for entries in menus.values_mut() {
        entries.sort_by_key(|e| e.weight);
    }
    menus
}

fn item_url(
    config: &Config,
    item: &MenuItem,
    urls: &HashMap<&str, &str>,
    left_out: &LeftOut,
    problems: &mut Diagnostics,
) -> Option<String> {
    match &item.target {
        Target::Url(url) if url.starts_with('/') => Some(config.url(url)),
        Target::Url(url) => Some(url.clone()),
        Target::Page(path) => match urls.get(path.as_str()) {
            Some(url) => Some(url.to_string()),
            None if left_out.contains_key(path) => None,
            None => {
                let mut known: Vec<&str> = urls.keys().copied().collect();
                known.sort_unstable();
                let d = with_message(
                    item.at.clone(),
                    format!(
                        "`menus.{}`: `@/{path}` names no file in content/",
                        item.menu
                    ),
                );
                problems.push(match crate::error::suggest(path, &known) {
                    Some(s) => d.with_help(format!("did you mean `@/{s}`?")),
                    None => d.with_help("write the path from content/, like `@/pages/about.md`"),
                });
                None
            }
        },
    }
}
