//! The render stage: site data → HTML strings through the templates. No file I/O.
//! The template context of every page kind is documented in the README.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::error::{Diagnostics, Result};
use crate::index::{Page, Site, Taxon, ToolPage};
use crate::markdown::TocEntry;
use crate::templates::{AssetUrls, Templates};

/// A rendered page: where it goes under the output folder, and its HTML.
#[derive(Debug)]
pub struct Output {
    /// Relative path with `/` separators (`articles/x/index.html`).
    pub path: String,
    /// The document.
    pub html: String,
}

/// Words read per minute, for reading time.
const WORDS_PER_MINUTE: usize = 220;

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    author: &'a str,
}

#[derive(Serialize)]
struct PageCtx {
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    permalink: String,
}

#[derive(Serialize, Clone)]
struct TaxonCtx<'a> {
    name: &'a str,
    slug: &'a str,
    url: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    description: &'a str,
    slug: &'a str,
    url: &'a str,
    date: String,
    date_display: String,
    reading_time: usize,
    category: Option<TaxonCtx<'a>>,
}

#[derive(Serialize)]
struct ArticleCtx<'a> {
    #[serde(flatten)]
    card: Card<'a>,
    permalink: String,
    updated: Option<String>,
    updated_display: Option<String>,
    tags: Vec<TaxonCtx<'a>>,
    content: &'a str,
    toc: &'a [TocEntry],
    show_toc: bool,
    word_count: usize,
    related: Vec<Card<'a>>,
    tools: Vec<ToolCard<'a>>,
    extra: &'a serde_yaml::Mapping,
}

#[derive(Serialize)]
struct ToolCard<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
}

/// Everything pages share, computed once.
struct Shared<'a> {
    config: &'a Config,
    site: &'a Site,
    templates: &'a Templates,
    assets: &'a AssetUrls,
    categories: Vec<TaxonCtx<'a>>,
}

/// Renders every page of the site, in parallel, reporting every template error.
pub fn render_site(site: &Site, config: &Config, templates: &Templates, assets: &AssetUrls) -> Result<Vec<Output>> {
    let shared = Shared { config, site, templates, assets, categories: site.categories.iter().map(taxon_ctx).collect() };
    let jobs: Vec<Job> = (0..site.pages.len())
        .map(Job::Article)
        .chain((0..site.categories.len()).map(Job::Category))
        .chain((0..site.tags.len()).map(Job::Tag))
        .chain((0..site.tools.len()).map(Job::Tool))
        .chain([Job::Home, Job::ToolsIndex, Job::NotFound])
        .collect();
    let results: Vec<_> = jobs.par_iter().map(|job| shared.render(job)).collect();
    let mut problems = Diagnostics::default();
    let mut out = Vec::with_capacity(results.len());
    // One mistake in a template many pages share (base.html, a partial) fails every page,
    // each kind of page with a slightly different message (Tera lists the variables it has),
    // so it used to be reported six times. Keep the first report of each template place;
    // the jobs are in a fixed order, so which one is kept is stable.
    let mut places = std::collections::HashSet::new();
    for r in results {
        match r {
            Ok(o) => out.push(o),
            Err(d) if d.line.is_some() && !places.insert((d.path.clone(), d.line, d.column)) => {}
            Err(d) => problems.push(d),
        }
    }
    problems.into_result()?;
    Ok(out)
}

enum Job {
    Article(usize),
    Category(usize),
    Tag(usize),
    Tool(usize),
    Home,
    ToolsIndex,
    NotFound,
}

impl<'a> Shared<'a> {
    fn render(&self, job: &Job) -> Result<Output, crate::error::Diagnostic> {
        let (path, template, ctx) = match *job {
            Job::Article(i) => self.article(&self.site.pages[i]),
            Job::Category(i) => self.taxon(&self.site.categories[i], "category"),
            Job::Tag(i) => self.taxon(&self.site.tags[i], "tag"),
            Job::Tool(i) => self.tool(&self.site.tools[i])?,
            Job::Home => self.home(),
            Job::ToolsIndex => self.tools_index(),
            Job::NotFound => self.not_found(),
        };
        let html = self.templates.render(template, &ctx)?;
        Ok(Output { path, html })
    }

    fn base(&self, page: PageCtx, scripts: &[&str]) -> Context {
        let c = self.config;
        let mut ctx = Context::new();
        ctx.insert("site", &SiteCtx {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: &c.base_path,
            language: &c.language,
            author: &c.author,
        });
        ctx.insert("page", &page);
        ctx.insert("categories", &self.categories);
        let urls: Vec<&String> = scripts.iter().filter_map(|s| self.assets.get(*s)).collect();
        ctx.insert("scripts", &urls);
        ctx.insert("has_tools", &!scripts.is_empty());
        ctx
    }

    fn page_ctx(&self, kind: &'static str, title: &str, description: &str, url: &str) -> PageCtx {
        let site_path = url.strip_prefix(&self.config.base_path).unwrap_or(url);
        PageCtx { kind, title: title.into(), description: description.into(), url: url.into(), permalink: self.config.permalink(site_path) }
    }

    fn card(&self, p: &'a Page) -> Card<'a> {
        let a = &p.article;
        Card {
            title: &a.title,
            description: &a.description,
            slug: &a.slug,
            url: &p.url,
            date: a.date.to_string(),
            date_display: display_date(a.date),
            reading_time: p.rendered.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
            category: p.category.map(|i| taxon_ctx(&self.site.categories[i])),
        }
    }

    fn cards(&self, indexes: &[usize]) -> Vec<Card<'a>> {
        indexes.iter().map(|&i| self.card(&self.site.pages[i])).collect()
    }

    fn article(&self, p: &'a Page) -> (String, &'static str, Context) {
        let a = &p.article;
        let scripts = self.embedded_scripts(p);
        let mut ctx = self.base(self.page_ctx("article", &a.title, &a.description, &p.url), &scripts);
        let article = ArticleCtx {
            card: self.card(p),
            permalink: self.config.permalink(&format!("articles/{}/", a.slug)),
            updated: a.updated.map(|d| d.to_string()),
            updated_display: a.updated.map(display_date),
            tags: p.tags.iter().map(|&i| taxon_ctx(&self.site.tags[i])).collect(),
            content: &p.rendered.html,
            toc: &p.rendered.toc,
            show_toc: a.toc && !p.rendered.toc.is_empty(),
            word_count: p.rendered.word_count,
            related: self.cards(&p.related),
            tools: p.tools.iter().map(|&i| tool_card(&self.site.tools[i])).collect(),
            extra: &a.extra,
        };
        ctx.insert("article", &article);
        (format!("articles/{}/index.html", a.slug), "article.html", ctx)
    }

    /// Scripts of the tools a page embeds with shortcodes, each once, in order of use.
    fn embedded_scripts(&self, p: &Page) -> Vec<&'a str> {
        let mut scripts: Vec<&str> = Vec::new();
        for call in p.rendered.shortcodes.iter().filter(|c| c.name == "tool") {
            let tool = self.site.tools.iter().find(|t| Some(t.tool.id.as_str()) == call.arg("id"));
            if let Some(t) = tool {
                if !scripts.contains(&t.tool.script.as_str()) {
                    scripts.push(&t.tool.script);
                }
            }
        }
        scripts
    }

    fn taxon(&self, t: &'a Taxon, kind: &'static str) -> (String, &'static str, Context) {
        let title = if kind == "category" { t.name.clone() } else { format!("#{}", t.name) };
        let description = format!("{} article{} {} {}", t.pages.len(), if t.pages.len() == 1 { "" } else { "s" }, if kind == "category" { "in" } else { "tagged" }, t.name);
        let mut ctx = self.base(self.page_ctx(kind, &title, &description, &t.url), &[]);
        ctx.insert("taxonomy", &taxon_ctx(t));
        ctx.insert("articles", &self.cards(&t.pages));
        let folder = if kind == "category" { "category" } else { "tags" };
        (format!("{folder}/{}/index.html", t.slug), if kind == "category" { "category.html" } else { "tag.html" }, ctx)
    }

    fn tool(&self, t: &'a ToolPage) -> Result<(String, &'static str, Context), crate::error::Diagnostic> {
        // A tool's markup stays hidden until its script runs. `base` silently skips scripts
        // that are not in static/, so a mistyped or deleted `script:` used to build a page
        // with a dead widget and no error; refuse it like a missing `partial:`.
        if !self.assets.contains_key(&t.tool.script) {
            let message = format!("`script`: no file `static/{}`", t.tool.script);
            let line = t.tool.file_text.lines().position(|l| l.starts_with("script:"));
            return Err(match line {
                Some(i) => crate::error::Diagnostic::at(&t.tool.display_path, &t.tool.file_text, i + 1, 1, message),
                None => crate::error::Diagnostic::file(&t.tool.display_path, message),
            });
        }
        let mut ctx = self.base(self.page_ctx("tool", &t.tool.title, &t.tool.description, &t.url), &[t.tool.script.as_str()]);
        let widget = crate::embeds::widget_html(self.templates, &t.tool, &format!("{}-1", t.tool.id))?;
        ctx.insert("tool", &tool_card(t));
        ctx.insert("widget", &widget);
        ctx.insert("content", &t.rendered.html);
        ctx.insert("toc", &t.rendered.toc);
        ctx.insert("tools", &self.site.tools.iter().map(tool_card).collect::<Vec<_>>());
        Ok((format!("tools/{}/index.html", t.tool.id), "tool.html", ctx))
    }

    fn home(&self) -> (String, &'static str, Context) {
        let c = self.config;
        let mut ctx = self.base(self.page_ctx("home", &c.title, &c.description, &c.base_path), &[]);
        let all: Vec<usize> = (0..self.site.pages.len()).collect();
        ctx.insert("articles", &self.cards(&all));
        ctx.insert("tools", &self.site.tools.iter().map(tool_card).collect::<Vec<_>>());
        ("index.html".into(), "index.html", ctx)
    }

    fn tools_index(&self) -> (String, &'static str, Context) {
        let url = self.config.url("tools/");
        let mut ctx = self.base(self.page_ctx("tools", "Developer tools", "Free tools that run in your browser: nothing you paste leaves your machine.", &url), &[]);
        ctx.insert("tools", &self.site.tools.iter().map(tool_card).collect::<Vec<_>>());
        ("tools/index.html".into(), "tools.html", ctx)
    }

    fn not_found(&self) -> (String, &'static str, Context) {
        let url = self.config.url("404.html");
        let mut ctx = self.base(self.page_ctx("404", "Page not found", "This page does not exist.", &url), &[]);
        let newest: Vec<usize> = (0..self.site.pages.len().min(5)).collect();
        ctx.insert("articles", &self.cards(&newest));
        ("404.html".into(), "404.html", ctx)
    }
}

fn taxon_ctx(t: &Taxon) -> TaxonCtx<'_> {
    TaxonCtx { name: &t.name, slug: &t.slug, url: &t.url, count: t.pages.len() }
}

fn tool_card(t: &ToolPage) -> ToolCard<'_> {
    ToolCard { id: &t.tool.id, title: &t.tool.title, description: &t.tool.description, url: &t.url }
}

/// `March 10, 2026`.
pub fn display_date(d: time::Date) -> String {
    format!("{} {}, {}", d.month(), d.day(), d.year())
}
