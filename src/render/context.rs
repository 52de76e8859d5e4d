//! The values templates see. Every field here is documented in the README's "Template
//! context" section; keep the two in step.

use serde::Serialize;

use crate::index::{Taxon, ToolPage};
use crate::markdown::TocEntry;

/// `site`: the configuration, on every page.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    /// The default author's name (`author:` in `config.yaml`, or the name of the author it
    /// names).
    pub author: &'a str,
    /// The default author's page, when `author:` names a declared author.
    pub author_url: Option<&'a str>,
}

/// `page`: what this page is, for `<head>` metadata.
#[derive(Serialize, Default)]
pub struct PageCtx {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub image: Option<String>,
    /// The image's width and height in pixels, when known (`og:image:width`/`height`).
    pub image_width: Option<u32>,
    pub image_height: Option<u32>,
    /// Its alternative text (`og:image:alt`): the page's title, for its own image or card.
    pub image_alt: Option<String>,
    pub og_type: &'static str,
    pub jsonld: String,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// The page's own feeds (a category's, a tag's), besides the site's.
    pub feed: Option<FeedCtx>,
    /// The way from the home page to this one, this page last, as in the JSON-LD
    /// `BreadcrumbList` (articles; empty elsewhere).
    pub breadcrumbs: Vec<Crumb>,
    /// URL of the header section the page is in (an article's category, `/tools/` for a
    /// tool), so the header can mark it with `aria-current`.
    pub section: Option<String>,
    /// Keep the page out of search engines (`noindex`, no canonical link): the 404 page.
    pub noindex: bool,
}

/// An entry of `page.breadcrumbs`.
#[derive(Serialize, Default)]
pub struct Crumb {
    pub name: String,
    /// Root-relative URL.
    pub url: String,
}

/// `article.prev` / `article.next`: a neighbouring article.
#[derive(Serialize)]
pub struct Step<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// `Previous: part 1`, `Next in JWT`.
    pub label: String,
}

/// `page.feed`: a list page's own Atom and RSS feeds.
#[derive(Serialize, Default)]
pub struct FeedCtx {
    pub atom: String,
    pub rss: String,
}

/// An entry of `menus.<name>`.
#[derive(Serialize)]
pub struct MenuCtx<'a> {
    pub name: &'a str,
    pub url: &'a str,
    /// Whether it leads to the page being rendered.
    pub active: bool,
    /// Whether the page is under it (`/tools/base64/` under `/tools/`; never for the home page).
    pub section: bool,
}

/// A category or tag.
#[derive(Serialize, Clone)]
pub struct TaxonCtx<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: &'a str,
    pub count: usize,
}

impl<'a> From<&'a Taxon> for TaxonCtx<'a> {
    fn from(t: &'a Taxon) -> Self {
        TaxonCtx {
            name: &t.name,
            slug: &t.slug,
            url: &t.url,
            count: t.pages.len(),
        }
    }
}

/// An article as listed on cards.
#[derive(Serialize)]
pub struct Card<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub summary: Option<&'a str>,
    pub slug: &'a str,
    pub url: &'a str,
    pub date: String,
    pub date_display: String,
    pub reading_time: usize,
    pub category: Option<TaxonCtx<'a>>,
}

/// `article`: the article page's own data.
#[derive(Serialize)]
pub struct ArticleCtx<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    pub permalink: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub tags: Vec<TaxonCtx<'a>>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub show_toc: bool,
    pub word_count: usize,
    pub related: Vec<Card<'a>>,
    pub series: Option<super::series::ArticleSeriesCtx<'a>>,
    /// The article's authors; empty when it has none declared (the byline is `site.author`).
    pub authors: Vec<super::authors::BylineCtx<'a>>,
    pub prev: Option<Step<'a>>,
    pub next: Option<Step<'a>>,
    pub tools: Vec<ToolCard<'a>>,
    pub extra: &'a serde_yaml::Mapping,
}

/// A tool as listed on cards.
#[derive(Serialize)]
pub struct ToolCard<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
}

impl<'a> From<&'a ToolPage> for ToolCard<'a> {
    fn from(t: &'a ToolPage) -> Self {
        ToolCard {
            id: &t.tool.id,
            title: &t.tool.title,
            description: &t.tool.description,
            url: &t.url,
        }
    }
}

/// `paginator`: where a list page sits among its pages.
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    pub first_url: String,
}

/// `March 10, 2026`.
pub fn display_date(d: time::Date) -> String {
    format!("{} {}, {}", d.month(), d.day(), d.year())
}
