//! The article page: its context, its breadcrumbs (shown and in JSON-LD, from one list) and
//! its previous and next articles (in its series when it has one, else in its category).

use tera::Context;

use super::context::{ArticleCtx, Crumb, Step, TaxonCtx, ToolCard};
use super::{display_date, metadata, Shared};
use crate::index::Page;

impl<'a> Shared<'a, '_> {
    pub(super) fn article(&self, p: &'a Page, body: &str) -> (String, &'static str, Context) {
        let a = &p.article;
        let path = format!("articles/{}/", a.slug);
        let mut page = self.page_ctx("article", &a.title, &a.description, &path);
        page.og_type = "article";
        self.social_image(&mut page, &p.url);
        page.breadcrumbs = self.article_crumbs(p);
        page.section = p.category.map(|c| self.site.categories[c].url.clone());
        page.jsonld = metadata::article_jsonld(self.config, self.site, p, page.image.as_deref());
        let mut ctx = self.base(page, &self.embedded_scripts(p));
        ctx.insert("has_code", &(p.rendered.code_blocks > 0));
        let (prev, next) = self.steps(p);
        ctx.insert(
            "article",
            &ArticleCtx {
                card: self.card(p),
                permalink: self.config.permalink(&path),
                updated: a.updated.map(|d| d.to_string()),
                updated_display: a.updated.map(display_date),
                tags: p
                    .tags
                    .iter()
                    .map(|&i| TaxonCtx::from(&self.site.tags[i]))
                    .collect(),
                content: body,
                toc: &p.rendered.toc,
                show_toc: a.toc && !p.rendered.toc.is_empty(),
                word_count: p.rendered.word_count,
                related: self.cards(&p.related),
                series: self.article_series(p),
                authors: self.article_authors(p),
                prev,
                next,
                tools: p
                    .tools
                    .iter()
                    .map(|&i| ToolCard::from(&self.site.tools[i]))
                    .collect(),
                extra: &a.extra,
            },
        );
        (format!("{path}index.html"), "article.html", ctx)
    }

    /// Home › Category › Article (the category left out when the article has none): the
    /// items of the JSON-LD `BreadcrumbList` (`metadata::article_jsonld`), as links.
    fn article_crumbs(&self, p: &Page) -> Vec<Crumb> {
        let c = self.config;
        let mut crumbs = vec![Crumb {
            name: "Home".into(),
            url: c.base_path.clone(),
        }];
        if let Some(i) = p.category {
            let t = &self.site.categories[i];
            crumbs.push(Crumb {
                name: t.name.clone(),
                url: t.url.clone(),
            });
        }
        crumbs.push(Crumb {
            name: p.article.title.clone(),
            url: p.url.clone(),
        });
        crumbs
    }

    /// The previous and next article: the neighbouring parts of its series, else its
    /// neighbours in its category by date (previous is older, next is newer).
    fn steps(&self, p: &'a Page) -> (Option<Step<'a>>, Option<Step<'a>>) {
        let step = |i: usize, label: String| {
            let page = &self.site.pages[i];
            Step {
                title: &page.article.title,
                url: &page.url,
                label,
            }
        };
        if let Some((s, place)) = p.series {
            let parts = &self.site.series[s].parts;
            let at = |n: usize| {
                let i = *parts.get(n)?;
                Some((i, n + 1))
            };
            let prev = place.checked_sub(1).and_then(at);
            let next = at(place + 1);
            return (
                prev.map(|(i, n)| step(i, format!("Previous: part {n}"))),
                next.map(|(i, n)| step(i, format!("Next: part {n}"))),
            );
        }
        let Some(c) = p.category else {
            return (None, None);
        };
        let t = &self.site.categories[c];
        // Category pages are newest first.
        let Some(place) = t
            .pages
            .iter()
            .position(|&i| std::ptr::eq(&self.site.pages[i], p))
        else {
            return (None, None);
        };
        let older = t.pages.get(place + 1).copied();
        let newer = place.checked_sub(1).and_then(|n| t.pages.get(n).copied());
        (
            older.map(|i| step(i, format!("Previous in {}", t.name))),
            newer.map(|i| step(i, format!("Next in {}", t.name))),
        )
    }
}
