//! `menus` in every page's context: the site's menus, with the entries that lead to the page
//! being rendered (or to a section it is in) marked.

use std::collections::BTreeMap;

use super::context::MenuCtx;
use super::Shared;

impl<'a> Shared<'a, '_> {
    /// The site's menus with `active` set on the entries that lead to `url`.
    pub(super) fn menus_for(&self, url: &str) -> BTreeMap<&'a str, Vec<MenuCtx<'a>>> {
        self.site
            .menus
            .iter()
            .map(|(name, entries)| {
                let entries = entries
                    .iter()
                    .map(|e| MenuCtx {
                        name: &e.name,
                        url: &e.url,
                        active: e.url == url,
                        section: e.url != self.config.base_path
                            && e.url.ends_with('/')
                            && url.starts_with(e.url.as_str()),
                    })
                    .collect();
                (name.as_str(), entries)
            })
            .collect()
    }
}
