//! Who owns each output path. Standalone pages and aliases choose their own paths, so each is
//! checked against every path the site writes: a collision is an error naming both files.

use std::collections::HashMap;

use super::{Alias, AuthorPage, Page, SeriesPage, StandalonePage, Taxon, ToolPage};
use crate::config::Config;
use crate::content::aliases;
use crate::content::Located;
use crate::error::{Diagnostic, Diagnostics};

/// Output path (`about/index.html`) → what writes it (`content/pages/about.md`, "the search
/// page").
#[derive(Default)]
pub struct Claims(HashMap<String, String>);

/// Folders of galley's own pages: a standalone page may not live under them.
pub const RESERVED: &[&str] = &[
    "articles", "tools", "category", "tags", "search", "page", "series",
];

impl Claims {
    /// The paths of every page galley itself writes, and of every article and tool.
    pub fn of_site(pages: &[Page], tools: &[ToolPage], taxa: [&[Taxon]; 2], per: usize) -> Claims {
        let mut c = Claims::default();
        let fixed = [
            ("index.html", "the home page"),
            ("404.html", "the 404 page"),
            ("search/index.html", "the search page"),
            ("tools/index.html", "the tools list"),
            ("category/index.html", "the category index"),
            ("tags/index.html", "the tag index"),
            ("atom.xml", "the Atom feed"),
            ("rss.xml", "the RSS feed"),
            ("sitemap.xml", "the sitemap"),
            ("robots.txt", "robots.txt"),
            ("_redirects", "the redirects file"),
        ];
        for (path, owner) in fixed {
            c.0.insert(path.into(), owner.into());
        }
        c.paginated("", "the home page", pages.len(), per);
        for p in pages {
            let owner = p.article.display_path.display().to_string();
            c.0.insert(format!("articles/{}/index.html", p.article.slug), owner);
        }
        for t in tools {
            let owner = t.tool.display_path.display().to_string();
            c.0.insert(format!("tools/{}/index.html", t.tool.id), owner);
        }
        for (folder, list) in [("category", taxa[0]), ("tags", taxa[1])] {
            for t in list {
                let owner = format!("the {folder} list `{}`", t.name);
                c.paginated(&format!("{folder}/{}/", t.slug), &owner, t.pages.len(), per);
            }
        }
        c
    }

    fn paginated(&mut self, base: &str, owner: &str, items: usize, per: usize) {
        self.0.insert(format!("{base}index.html"), owner.into());
        for n in 2..=items.div_ceil(per.max(1)) {
            self.0
                .insert(format!("{base}page/{n}/index.html"), owner.into());
        }
    }

    /// Claims `path` for `owner`; if someone has it, the problem `at` says who.
    fn claim(
        &mut self,
        path: String,
        owner: String,
        at: impl FnOnce(&str) -> Diagnostic,
        problems: &mut Diagnostics,
    ) {
        match self.0.get(&path) {
            Some(first) => problems.push(at(first)),
            None => {
                self.0.insert(path, owner);
            }
        }
    }

    /// Claims each series page's path (ids are unique: they are file names).
    pub fn series(&mut self, series: &[SeriesPage]) {
        for x in series {
            let owner = x.series.display_path.display().to_string();
            self.0
                .insert(format!("series/{}/index.html", x.series.id), owner);
        }
    }

    /// Claims each author page's paths, and the authors index when there are authors (ids
    /// are unique: they are file names).
    pub fn authors(&mut self, authors: &[AuthorPage], per: usize) {
        if !authors.is_empty() {
            self.0
                .insert("authors/index.html".into(), "the authors list".into());
        }
        for x in authors {
            let owner = x.author.display_path.display().to_string();
            let base = format!("authors/{}/", x.author.id);
            self.paginated(&base, &owner, x.pages.len(), per);
            for feed in ["atom.xml", "rss.xml"] {
                self.0.insert(format!("{base}{feed}"), owner.clone());
            }
        }
    }

    /// Claims each standalone page's path.
    pub fn pages(&mut self, pages: &[StandalonePage], problems: &mut Diagnostics) {
        for p in pages {
            let doc = &p.page;
            let shown = doc.display_path.display().to_string();
            let first = doc.path.split('/').next().unwrap_or("");
            if doc.path.is_empty() || RESERVED.contains(&first) {
                problems.push(Diagnostic::file(&doc.display_path, format!(
                    "a page's URL may not be `/{}`: galley's own pages live at `/` and under /{}/; move or rename the file, or set `slug:`",
                    doc.path, RESERVED.join("/, /")
                )));
                continue;
            }
            self.claim(format!("{}index.html", doc.path), shown, |other| {
                Diagnostic::file(&doc.display_path, format!(
                    "this page's URL /{} is also the URL of {other}; rename one of them or set `slug:`",
                    doc.path
                ))
            }, problems);
        }
    }

    /// Claims each alias of a document, and returns the redirects.
    pub fn aliases<'a>(
        &mut self,
        config: &Config,
        docs: impl Iterator<Item = AliasSource<'a>>,
        problems: &mut Diagnostics,
    ) -> Vec<Alias> {
        let mut out = Vec::new();
        for doc in docs {
            for alias in doc.aliases {
                let Ok(path) = aliases::output_path(&alias.value) else {
                    continue;
                };
                let owner = format!("an alias in {}", doc.path.display());
                let at = |other: &str| alias_taken(&doc, alias, other);
                let before = problems.0.len();
                self.claim(path.clone(), owner, at, problems);
                if problems.0.len() == before {
                    out.push(Alias {
                        output: path,
                        from: config.url(&alias.value),
                        to: doc.url.to_string(),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.output.cmp(&b.output));
        out
    }
}

/// A document's aliases, where it lives and where its text is.
pub struct AliasSource<'a> {
    pub aliases: &'a [Located],
    pub url: &'a str,
    pub path: &'a std::path::Path,
    pub file_text: &'a str,
}

fn alias_taken(doc: &AliasSource<'_>, alias: &Located, other: &str) -> Diagnostic {
    alias.diagnostic(doc.path, doc.file_text, format!(
        "`aliases`: `{}` is already the address of {other}; an alias must be a path nothing else uses",
        alias.value
    ))
}
