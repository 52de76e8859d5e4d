//! The render stage: site data → page contents through the templates, plus the feeds,
//! sitemap and search index. No file I/O. The template context of every page kind is
//! documented in the README.

mod article;
mod authors;
mod context;
pub mod feeds;
mod lists;
mod menus;
mod metadata;
pub mod redirects;
pub mod search;
mod series;
mod standalone;
pub mod xml;

use rayon::prelude::*;
use std::borrow::Cow;
use tera::Context;

use crate::config::Config;
use crate::content::data::Data;
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::index::{Page, Site, ToolPage};
use crate::templates::{AssetUrls, Templates};
pub use context::display_date;
use context::{Card, PageCtx, SiteCtx, TaxonCtx, ToolCard};
pub use metadata::absolute_image;

/// A rendered file: where it goes under the output folder, and its contents.
#[derive(Debug)]
pub struct Output {
    /// Relative path with `/` separators (`articles/x/index.html`).
    pub path: String,
    /// The document (HTML, XML, JSON or text).
    pub html: String,
}

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;

/// Where article pages get their body HTML: kept from the parse stage, or rendered now (a
/// one-off build parses articles in outline and renders each body only when its page is, so
/// the build never holds every body).
pub type Bodies<'a, 'b> = dyn Fn(&'a Page) -> Result<Cow<'a, str>, Vec<Diagnostic>> + Sync + 'b;

/// Everything pages share, computed once.
struct Shared<'a, 'b> {
    bodies: &'b Bodies<'a, 'b>,
    config: &'a Config,
    site: &'a Site,
    templates: &'a Templates,
    assets: &'a AssetUrls,
    /// What every page's context holds the same, made into template values once: a large site
    /// has hundreds of categories in its navigation.
    common: [(&'static str, tera::Value); 4],
}

/// One template page to render.
enum Job {
    Article(usize),
    Tool(usize),
    Standalone(usize),
    Series(usize),
    List(lists::ListPage),
    TaxonomyIndex(&'static str),
    AuthorsIndex,
    ToolsIndex,
    Search,
    NotFound,
}

/// Renders every page of the site, `chunk` pages at a time (each chunk in parallel), then the
/// feeds, sitemap, robots.txt and search index, handing each chunk to `sink` before rendering
/// the next, so not every page is held at once. Every page is still rendered to report every
/// template error; after the first error `sink` gets nothing more.
#[allow(clippy::too_many_arguments)]
pub fn render_site_each<'a>(
    site: &'a Site,
    bodies: &Bodies<'a, '_>,
    data: &Data,
    config: &'a Config,
    templates: &'a Templates,
    assets: &'a AssetUrls,
    minify: bool,
    chunk: usize,
    mut sink: impl FnMut(Vec<Output>) -> Result<()>,
) -> Result<()> {
    let shared = Shared::new(site, bodies, data, config, templates, assets)?;
    let jobs = jobs(site, config);
    let mut problems = Diagnostics::default();
    // One mistake in a template many pages share (base.html, a partial) fails every page,
    // each kind of page with a slightly different message (Tera lists the variables it has).
    // Keep the first report of each template place; jobs are in a fixed order, so which one
    // is kept is stable.
    let mut places = std::collections::HashSet::new();
    for jobs in jobs.chunks(chunk.max(1)) {
        let results: Vec<_> = jobs
            .par_iter()
            .map(|job| shared.render(job, minify))
            .collect();
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(o) => out.push(o),
                Err(list) => {
                    for d in list {
                        let place = (d.path.clone(), d.line, d.column);
                        if d.line.is_none() || places.insert(place) {
                            problems.push(d);
                        }
                    }
                }
            }
        }
        if problems.0.is_empty() {
            sink(out)?;
        }
    }
    problems.into_result()?;
    sink(files(site, config, assets))
}

/// Renders the pages of the articles at `indexes` (into `site.pages`) alone, against the rest
/// of `site` as it is: `serve` publishes an edited article this way before it rebuilds what
/// depends on it.
#[allow(clippy::too_many_arguments)]
pub fn render_articles<'a>(
    site: &'a Site,
    bodies: &Bodies<'a, '_>,
    data: &Data,
    config: &'a Config,
    templates: &'a Templates,
    assets: &'a AssetUrls,
    minify: bool,
    indexes: &[usize],
) -> Result<Vec<Output>> {
    let shared = Shared::new(site, bodies, data, config, templates, assets)?;
    let mut problems = Diagnostics::default();
    let mut out = Vec::with_capacity(indexes.len());
    for &i in indexes {
        match shared.render(&Job::Article(i), minify) {
            Ok(o) => out.push(o),
            Err(list) => problems.extend(list),
        }
    }
    problems.into_result()?;
    Ok(out)
}

/// Every template page of the site, in a fixed order.
fn jobs(site: &Site, config: &Config) -> Vec<Job> {
    (0..site.pages.len())
        .map(Job::Article)
        .chain((0..site.tools.len()).map(Job::Tool))
        .chain((0..site.standalone.len()).map(Job::Standalone))
        .chain((0..site.series.len()).map(Job::Series))
        .chain(lists::pages(site, config).into_iter().map(Job::List))
        .chain((!site.authors.is_empty()).then_some(Job::AuthorsIndex))
        .chain([
            Job::TaxonomyIndex("category"),
            Job::TaxonomyIndex("tags"),
            Job::ToolsIndex,
            Job::Search,
            Job::NotFound,
        ])
        .collect()
}

/// The files made without templates: feeds, sitemap, robots.txt, the search index and the
/// aliases' redirect pages.
fn files(site: &Site, config: &Config, assets: &AssetUrls) -> Vec<Output> {
    let mut out = metadata::feeds_and_sitemap(site, config);
    out.extend(search::index_files(site));
    let icon = assets.get("favicon.svg").map(String::as_str);
    out.extend(
        site.aliases
            .iter()
            .map(|a| redirects::alias_page(a, config, icon)),
    );
    out
}

impl<'a, 'b> Shared<'a, 'b> {
    fn new(
        site: &'a Site,
        bodies: &'b Bodies<'a, 'b>,
        data: &Data,
        config: &'a Config,
        templates: &'a Templates,
        assets: &'a AssetUrls,
    ) -> Result<Self> {
        Ok(Shared {
            bodies,
            config,
            site,
            templates,
            assets,
            common: common_values(config, site, data)?,
        })
    }
}

impl<'a> Shared<'a, '_> {
    fn render(&self, job: &Job, minify: bool) -> Result<Output, Vec<Diagnostic>> {
        let body;
        let (path, template, ctx) = match job {
            Job::Article(i) => {
                let page = &self.site.pages[*i];
                body = (self.bodies)(page)?;
                self.article(page, &body)
            }
            Job::Tool(i) => self.tool(&self.site.tools[*i]).map_err(|d| vec![d])?,
            Job::Standalone(i) => self
                .standalone(&self.site.standalone[*i])
                .map_err(|d| vec![d])?,
            Job::Series(i) => self
                .series_page(&self.site.series[*i])
                .map_err(|d| vec![d])?,
            Job::List(l) => self.list(l),
            Job::TaxonomyIndex(kind) => self.taxonomy_index(kind),
            Job::AuthorsIndex => self.authors_index(),
            Job::ToolsIndex => self.simple(
                "tools",
                "tools.html",
                "Developer tools",
                "Free tools that run in your browser: nothing you paste leaves your machine.",
            ),
            Job::Search => self.simple(
                "search",
                "search.html",
                "Search",
                "Search every article and tool guide.",
            ),
            Job::NotFound => self.simple(
                "404",
                "404.html",
                "Page not found",
                "There is nothing at this address.",
            ),
        };
        let html = self.templates.render(template, &ctx).map_err(|d| vec![d])?;
        let html = if minify {
            crate::minify::html(&html)
        } else {
            html
        };
        Ok(Output { path, html })
    }

    fn base(&self, page: PageCtx, scripts: &[&str]) -> Context {
        let mut ctx = Context::new();
        for (key, value) in &self.common {
            ctx.insert_value(*key, value.clone());
        }
        ctx.insert("menus", &self.menus_for(&page.url));
        ctx.insert("page", &page);
        let urls: Vec<&String> = scripts.iter().filter_map(|s| self.assets.get(*s)).collect();
        ctx.insert("scripts", &urls);
        ctx.insert(
            "has_tools",
            &scripts.iter().any(|s| s.starts_with("tools/")),
        );
        ctx.insert("has_code", &false);
        ctx
    }

    /// `page` for a page at site path `path` (`articles/x/`).
    fn page_ctx(&self, kind: &'static str, title: &str, description: &str, path: &str) -> PageCtx {
        PageCtx {
            kind,
            title: title.into(),
            description: description.into(),
            url: self.config.url(path),
            permalink: self.config.permalink(path),
            image: self
                .config
                .image
                .as_deref()
                .map(|i| metadata::absolute_image(self.config, i)),
            og_type: "website",
            ..PageCtx::default()
        }
    }

    /// The page's own social image (its `image:`, a `card.png` beside it, or its generated
    /// card) in place of the site's.
    fn social_image(&self, page: &mut PageCtx, url: &str) {
        if let Some(s) = self.site.social.get(url) {
            page.image = Some(s.url.clone());
            page.image_width = s.size.map(|(w, _)| w);
            page.image_height = s.size.map(|(_, h)| h);
            page.image_alt = Some(s.alt.clone());
        }
    }

    fn card(&self, p: &'a Page) -> Card<'a> {
        let a = &p.article;
        Card {
            title: &a.title,
            description: &a.description,
            summary: p.rendered.summary_html.as_deref(),
            slug: &a.slug,
            url: &p.url,
            date: a.date.to_string(),
            date_display: display_date(a.date),
            reading_time: reading_time(p),
            category: p.category.map(|i| TaxonCtx::from(&self.site.categories[i])),
        }
    }

    fn cards(&self, indexes: &[usize]) -> Vec<Card<'a>> {
        indexes
            .iter()
            .map(|&i| self.card(&self.site.pages[i]))
            .collect()
    }

    /// Scripts of the components a page uses, each once, in order of use: a tool's script,
    /// and `js/components/<name>.js` for any other component whose script the site has (the
    /// tabs' keyboard and memory), so a page loads only what it uses.
    fn embedded_scripts(&self, p: &Page) -> Vec<&'a str> {
        self.component_scripts(&p.rendered.shortcodes)
    }

    fn component_scripts(&self, calls: &[crate::markdown::Shortcode]) -> Vec<&'a str> {
        let mut scripts: Vec<&str> = Vec::new();
        for call in calls {
            let script = if call.name == crate::components::TOOL {
                let tool = self
                    .site
                    .tools
                    .iter()
                    .find(|t| Some(t.tool.id.as_str()) == call.arg("id"));
                tool.map(|t| t.tool.script.as_str())
            } else {
                let path = format!("js/components/{}.js", call.name);
                self.assets.get_key_value(&path).map(|(k, _)| k.as_str())
            };
            if let Some(script) = script.filter(|s| !scripts.contains(s)) {
                scripts.push(script);
            }
        }
        scripts
    }

    fn tool(&self, t: &'a ToolPage) -> Result<(String, &'static str, Context), Diagnostic> {
        // A tool's markup stays hidden until its script runs, and `base` skips scripts that
        // are not in static/: refuse a missing `script:` like a missing `partial:`.
        if !self.assets.contains_key(&t.tool.script) {
            let message = format!("`script`: no file `static/{}`", t.tool.script);
            let line = t
                .tool
                .file_text
                .lines()
                .position(|l| l.starts_with("script:"));
            return Err(match line {
                Some(i) => {
                    Diagnostic::at(&t.tool.display_path, &t.tool.file_text, i + 1, 1, message)
                }
                None => Diagnostic::file(&t.tool.display_path, message),
            });
        }
        let path = format!("tools/{}/", t.tool.id);
        let mut page = self.page_ctx("tool", &t.tool.title, &t.tool.description, &path);
        page.jsonld = metadata::tool_jsonld(self.config, &t.tool.title, &t.tool.description, &path);
        page.section = Some(self.config.url("tools/"));
        let mut ctx = self.base(page, &[t.tool.script.as_str()]);
        let widget = self
            .templates
            .widget(&t.tool, &format!("{}-1", t.tool.id))?;
        ctx.insert("has_code", &(t.rendered.code_blocks > 0));
        ctx.insert("tool", &ToolCard::from(t));
        ctx.insert("widget", &widget);
        ctx.insert("content", &t.rendered.html);
        ctx.insert("toc", &t.rendered.toc);
        ctx.insert("tools", &self.tool_cards());
        Ok((format!("{path}index.html"), "tool.html", ctx))
    }

    fn tool_cards(&self) -> Vec<ToolCard<'a>> {
        self.site.tools.iter().map(ToolCard::from).collect()
    }

    /// Pages with no data of their own beyond the newest articles and the tools.
    fn simple(
        &self,
        kind: &'static str,
        template: &'static str,
        title: &str,
        description: &str,
    ) -> (String, &'static str, Context) {
        let (path, file) = match kind {
            "404" => (String::from("404.html"), String::from("404.html")),
            other => (format!("{other}/"), format!("{other}/index.html")),
        };
        let scripts: &[&str] = if kind == "search" {
            &["js/search.js"]
        } else {
            &[]
        };
        let mut page = self.page_ctx(kind, title, description, &path);
        page.noindex = kind == "404";
        let mut ctx = self.base(page, scripts);
        let newest: Vec<usize> = (0..self.site.pages.len().min(5)).collect();
        ctx.insert("articles", &self.cards(&newest));
        ctx.insert("tools", &self.tool_cards());
        ctx.insert("search_index", &self.config.url("search/"));
        (file, template, ctx)
    }
}

/// `site`, `categories`, `feeds` and `data` of every page's context.
fn common_values(
    config: &Config,
    site_data: &Site,
    data: &Data,
) -> Result<[(&'static str, tera::Value); 4]> {
    let c = config;
    let categories: Vec<TaxonCtx> = site_data.categories.iter().map(TaxonCtx::from).collect();
    // `author:` may name a declared author: templates get their name and page.
    let default_author = site_data.authors.iter().find(|x| x.author.id == c.author);
    let site = SiteCtx {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        base_path: &c.base_path,
        language: &c.language,
        author: default_author.map_or(&c.author, |x| &x.author.name),
        author_url: default_author.map(|x| x.url.as_str()),
    };
    let feeds = serde_json::json!({ "atom": c.url("atom.xml"), "rss": c.url("rss.xml") });
    Ok([
        ("site", to_value(&site)?),
        ("categories", to_value(&categories)?),
        ("feeds", to_value(&feeds)?),
        ("data", to_value(data)?),
    ])
}

fn to_value<T: serde::Serialize + ?Sized>(v: &T) -> Result<tera::Value> {
    tera::Value::try_from_serializable(v)
        .map_err(|e| Diagnostic::file("templates", format!("template context: {e}")).into())
}

fn reading_time(p: &Page) -> usize {
    p.rendered.word_count.div_ceil(WORDS_PER_MINUTE).max(1)
}
