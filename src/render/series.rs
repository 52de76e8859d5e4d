//! Series: the series page (`series.html`: the guide text and the parts in order) and the
//! `article.series` block every part shows ("Part 2 of 3", every part, previous and next).

use serde::Serialize;
use tera::Context;

use super::context::Card;
use super::Shared;
use crate::error::Diagnostic;
use crate::index::{Page, SeriesPage};
use crate::markdown::TocEntry;

/// `series` on the series page.
#[derive(Serialize)]
struct SeriesCtx<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    parts: Vec<Card<'a>>,
    extra: &'a serde_yaml::Mapping,
}

/// A part as listed in an article's series block.
#[derive(Serialize)]
pub struct PartCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// 1-based.
    pub number: usize,
    pub current: bool,
}

/// `article.series`: where the article sits in its series.
#[derive(Serialize)]
pub struct ArticleSeriesCtx<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: &'a str,
    /// 1-based place of this article.
    pub part: usize,
    pub total: usize,
    pub parts: Vec<PartCtx<'a>>,
    pub prev: Option<PartCtx<'a>>,
    pub next: Option<PartCtx<'a>>,
}

impl<'a> Shared<'a, '_> {
    pub(super) fn series_page(
        &self,
        x: &'a SeriesPage,
    ) -> Result<(String, &'static str, Context), Diagnostic> {
        let s = &x.series;
        if !self.templates.has("series.html") {
            return Err(Diagnostic::file(
                &s.display_path,
                "no template `templates/series.html` to render this series with",
            ));
        }
        let path = format!("series/{}/", s.id);
        let page = self.page_ctx("series", &s.title, &s.description, &path);
        let mut ctx = self.base(page, &[]);
        ctx.insert(
            "series",
            &SeriesCtx {
                id: &s.id,
                title: &s.title,
                description: &s.description,
                url: &x.url,
                content: &x.rendered.html,
                toc: &x.rendered.toc,
                parts: self.cards(&x.parts),
                extra: &s.extra,
            },
        );
        Ok((format!("{path}index.html"), "series.html", ctx))
    }

    /// The series block of a part, if the article is one.
    pub(super) fn article_series(&self, p: &Page) -> Option<ArticleSeriesCtx<'a>> {
        let (s, place) = p.series?;
        let x = &self.site.series[s];
        let part = |number: usize| {
            let page = &self.site.pages[*x.parts.get(number)?];
            Some(PartCtx {
                title: &page.article.title,
                url: &page.url,
                number: number + 1,
                current: number == place,
            })
        };
        Some(ArticleSeriesCtx {
            id: &x.series.id,
            title: &x.series.title,
            url: &x.url,
            part: place + 1,
            total: x.parts.len(),
            parts: (0..x.parts.len()).filter_map(part).collect(),
            prev: place.checked_sub(1).and_then(part),
            next: part(place + 1),
        })
    }
}
