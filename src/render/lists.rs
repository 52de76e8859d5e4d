//! List pages: the home page, each category, tag and author, paginated (`/page/2/`), and the
//! `/category/` and `/tags/` indexes.

use std::borrow::Cow;
use tera::Context;

use super::context::{FeedCtx, Paginator, TaxonCtx};
use super::Shared;
use crate::config::Config;
use crate::index::{AuthorPage, Site, Taxon};

/// What one list shows (see [`Shared::list_source`]).
struct ListSource<'a> {
    /// Site path of its first page (`""`, `tags/x/`).
    base: String,
    /// Indexes into the site's articles, newest first.
    items: Cow<'a, [usize]>,
    title: String,
    description: String,
    template: &'static str,
    taxon: Option<&'a Taxon>,
    author: Option<&'a AuthorPage>,
}

/// One page of a paginated list.
pub struct ListPage {
    /// `home`, `category`, `tag` or `author`.
    kind: &'static str,
    /// The category, tag or author, by index.
    taxon: Option<usize>,
    /// 1-based page number.
    number: usize,
    /// Number of pages in this list.
    total: usize,
}

/// Every list page of the site.
pub fn pages(site: &Site, config: &Config) -> Vec<ListPage> {
    let per = config.paginate_by;
    let count = |n: usize| n.div_ceil(per).max(1);
    let mut out = Vec::new();
    let mut add = |kind, taxon, items: usize| {
        let total = count(items);
        out.extend((1..=total).map(|number| ListPage {
            kind,
            taxon,
            number,
            total,
        }));
    };
    add("home", None, site.pages.len());
    for (i, c) in site.categories.iter().enumerate() {
        add("category", Some(i), c.pages.len());
    }
    for (i, t) in site.tags.iter().enumerate() {
        add("tag", Some(i), t.pages.len());
    }
    for (i, a) in site.authors.iter().enumerate() {
        add("author", Some(i), a.pages.len());
    }
    out
}

/// Site path of page `n` of a list whose first page is at `base` (`""` or `tags/x/`).
fn page_path(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

impl<'a> Shared<'a, '_> {
    /// What a list shows: its folder, articles, title, description and template.
    fn list_source(&self, l: &ListPage) -> ListSource<'a> {
        let c = self.config;
        let site = self.site;
        match (l.kind, l.taxon) {
            ("category", Some(i)) => {
                let t = &site.categories[i];
                ListSource {
                    base: format!("category/{}/", t.slug),
                    items: Cow::Borrowed(&t.pages),
                    title: t.name.clone(),
                    description: format!("Articles in {}", t.name),
                    template: "category.html",
                    taxon: Some(t),
                    author: None,
                }
            }
            ("tag", Some(i)) => {
                let t = &site.tags[i];
                ListSource {
                    base: format!("tags/{}/", t.slug),
                    items: Cow::Borrowed(&t.pages),
                    title: format!("#{}", t.name),
                    description: format!("Articles tagged {}", t.name),
                    template: "tag.html",
                    taxon: Some(t),
                    author: None,
                }
            }
            ("author", Some(i)) => {
                let x = &site.authors[i];
                ListSource {
                    base: format!("authors/{}/", x.author.id),
                    items: Cow::Borrowed(&x.pages),
                    title: x.author.name.clone(),
                    description: x.author.description.clone(),
                    template: "author.html",
                    taxon: None,
                    author: Some(x),
                }
            }
            _ => ListSource {
                base: String::new(),
                items: Cow::Owned((0..site.pages.len()).collect()),
                title: c.title.clone(),
                description: c.description.clone(),
                template: "index.html",
                taxon: None,
                author: None,
            },
        }
    }

    pub(super) fn list(&self, l: &ListPage) -> (String, &'static str, Context) {
        let c = self.config;
        let src = self.list_source(l);
        let (base, items) = (&src.base, &src.items);
        let per = c.paginate_by;
        let shown =
            &items[((l.number - 1) * per).min(items.len())..(l.number * per).min(items.len())];
        let path = page_path(base, l.number);
        let paginator = Paginator {
            current: l.number,
            total: l.total,
            prev_url: (l.number > 1).then(|| c.url(&page_path(base, l.number - 1))),
            next_url: (l.number < l.total).then(|| c.url(&page_path(base, l.number + 1))),
            first_url: c.url(base),
        };
        let title = if l.number > 1 {
            format!("{} (page {})", src.title, l.number)
        } else {
            src.title.clone()
        };
        let mut page = self.page_ctx(l.kind, &title, &src.description, &path);
        page.prev_url = paginator.prev_url.clone();
        page.next_url = paginator.next_url.clone();
        page.jsonld = match src.author {
            Some(x) => super::metadata::author_jsonld(c, x, &title, &path),
            None if l.kind == "home" && l.number == 1 => super::metadata::website_jsonld(c),
            None => super::metadata::list_jsonld(c, &title, &path, src.taxon.map(|_| l.kind)),
        };
        if l.kind != "home" {
            page.feed = Some(FeedCtx {
                atom: c.url(&format!("{base}atom.xml")),
                rss: c.url(&format!("{base}rss.xml")),
            });
        }
        let mut ctx = self.base(page, &[]);
        ctx.insert("articles", &self.cards(shown));
        ctx.insert("paginator", &paginator);
        ctx.insert("tools", &self.tool_cards());
        if let Some(t) = src.taxon {
            ctx.insert("taxonomy", &TaxonCtx::from(t));
        }
        if let Some(x) = src.author {
            ctx.insert("author", &self.author_ctx(x));
        }
        (format!("{path}index.html"), src.template, ctx)
    }

    pub(super) fn taxonomy_index(&self, kind: &'static str) -> (String, &'static str, Context) {
        let (list, title, template) = match kind {
            "category" => (&self.site.categories, "Categories", "categories.html"),
            _ => (&self.site.tags, "Tags", "tags.html"),
        };
        let path = format!("{kind}/");
        let description = format!("All {} {}", list.len(), title.to_lowercase());
        let mut ctx = self.base(self.page_ctx(kind, title, &description, &path), &[]);
        let mut terms: Vec<TaxonCtx> = list.iter().map(TaxonCtx::from).collect();
        terms.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
        ctx.insert("terms", &terms);
        (format!("{path}index.html"), template, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths() {
        assert_eq!(page_path("", 1), "");
        assert_eq!(page_path("", 2), "page/2/");
        assert_eq!(page_path("tags/x/", 3), "tags/x/page/3/");
    }
}
