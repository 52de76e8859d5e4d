//! List pages: the home page, each category and each tag, paginated (`/page/2/`), and the
//! `/category/` and `/tags/` indexes.

use tera::Context;

use super::context::{FeedCtx, Paginator, TaxonCtx};
use super::Shared;
use crate::config::Config;
use crate::index::Site;

/// One page of a paginated list.
pub struct ListPage {
    /// `home`, `category` or `tag`.
    kind: &'static str,
    /// The category or tag, by index.
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

impl Shared<'_, '_> {
    pub(super) fn list(&self, l: &ListPage) -> (String, &'static str, Context) {
        let c = self.config;
        let (base, items, title, description, template, taxon) = match (l.kind, l.taxon) {
            ("category", Some(i)) => {
                let t = &self.site.categories[i];
                (
                    format!("category/{}/", t.slug),
                    t.pages.clone(),
                    t.name.clone(),
                    format!("Articles in {}", t.name),
                    "category.html",
                    Some(t),
                )
            }
            ("tag", Some(i)) => {
                let t = &self.site.tags[i];
                (
                    format!("tags/{}/", t.slug),
                    t.pages.clone(),
                    format!("#{}", t.name),
                    format!("Articles tagged {}", t.name),
                    "tag.html",
                    Some(t),
                )
            }
            _ => (
                String::new(),
                (0..self.site.pages.len()).collect(),
                c.title.clone(),
                c.description.clone(),
                "index.html",
                None,
            ),
        };
        let per = c.paginate_by;
        let shown =
            &items[((l.number - 1) * per).min(items.len())..(l.number * per).min(items.len())];
        let path = page_path(&base, l.number);
        let paginator = Paginator {
            current: l.number,
            total: l.total,
            prev_url: (l.number > 1).then(|| c.url(&page_path(&base, l.number - 1))),
            next_url: (l.number < l.total).then(|| c.url(&page_path(&base, l.number + 1))),
            first_url: c.url(&base),
        };
        let title = if l.number > 1 {
            format!("{title} (page {})", l.number)
        } else {
            title
        };
        let mut page = self.page_ctx(l.kind, &title, &description, &path);
        page.prev_url = paginator.prev_url.clone();
        page.next_url = paginator.next_url.clone();
        page.jsonld = if l.kind == "home" && l.number == 1 {
            super::metadata::website_jsonld(c)
        } else {
            super::metadata::list_jsonld(c, &title, &path, taxon.map(|t| (l.kind, t)))
        };
        if taxon.is_some() {
            page.feed = Some(FeedCtx {
                atom: c.url(&format!("{base}atom.xml")),
                rss: c.url(&format!("{base}rss.xml")),
            });
        }
        let mut ctx = self.base(page, &[]);
        ctx.insert("articles", &self.cards(shown));
        ctx.insert("paginator", &paginator);
        ctx.insert("tools", &self.tool_cards());
        if let Some(t) = taxon {
            ctx.insert("taxonomy", &TaxonCtx::from(t));
        }
        (format!("{path}index.html"), template, ctx)
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
