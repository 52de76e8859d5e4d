//! The index stage: the site as data. URLs of every page, categories and tags, each
//! article's related articles, and the checks that need the whole site (duplicate slugs,
//! `related` and `tools` entries that name nothing).

mod related;
mod terms;

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::content::{Article, Content, Tool};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::markdown::{LinkMap, Rendered};
use crate::slug::slugify;
pub use terms::DocTerms;

/// A document after the parse stage.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The article or tool.
    pub item: T,
    /// What its Markdown rendered to. A one-off build parses articles in outline (no body
    /// HTML, no prose text) and renders each body again only when its page is written.
    pub rendered: Rendered,
    /// Its words for the search index.
    pub terms: DocTerms,
}

/// An article with its rendered body and its place in the site.
#[derive(Debug)]
pub struct Page {
    /// The checked article.
    pub article: Article,
    /// Its summary, table of contents, anchors, word count; the body HTML only when the
    /// build kept it (see [`Parsed::rendered`]).
    pub rendered: Rendered,
    /// Its words for the search index.
    pub terms: DocTerms,
    /// Root-relative URL, base path included (`/articles/x/`).
    pub url: String,
    /// Index into [`Site::categories`].
    pub category: Option<usize>,
    /// Indexes into [`Site::tags`].
    pub tags: Vec<usize>,
    /// Indexes into [`Site::pages`] of related articles, best first.
    pub related: Vec<usize>,
    /// Indexes into [`Site::tools`] of the tools featured in "Try our tools".
    pub tools: Vec<usize>,
}

/// A tool with its rendered guide.
#[derive(Debug)]
pub struct ToolPage {
    /// The declaration.
    pub tool: Tool,
    /// The guide as HTML.
    pub rendered: Rendered,
    /// Its words for the search index.
    pub terms: DocTerms,
    /// Root-relative URL (`/tools/base64/`).
    pub url: String,
}

/// A category or a tag.
#[derive(Debug, Clone)]
pub struct Taxon {
    /// Name as first written.
    pub name: String,
    /// URL-safe name.
    pub slug: String,
    /// Root-relative URL (`/category/jwt/`).
    pub url: String,
    /// Indexes into [`Site::pages`], newest first.
    pub pages: Vec<usize>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Articles, newest first (then by title, then slug: a total order, so output is stable).
    pub pages: Vec<Page>,
    /// Categories, by slug.
    pub categories: Vec<Taxon>,
    /// Tags, by slug.
    pub tags: Vec<Taxon>,
    /// Tools, by weight then title.
    pub tools: Vec<ToolPage>,
}

/// The URL of every linkable content file, and a problem for each article whose slug another
/// article already has (the map stays whole, so links are still checked).
pub fn link_map(content: &Content, config: &Config, problems: &mut Diagnostics) -> LinkMap {
    let mut map = LinkMap::new();
    let mut by_slug: HashMap<&str, &Article> = HashMap::new();
    for a in &content.articles {
        if let Some(first) = by_slug.insert(&a.slug, a) {
            problems.push(Diagnostic::file(&a.display_path, format!(
                "two articles have the slug `{}`: this one and {}; set a different `slug:` in one of them",
                a.slug,
                first.display_path.display()
            )));
        }
        map.insert(a.source.clone(), article_url(config, &a.slug));
    }
    for t in &content.tools {
        map.insert(t.source.clone(), tool_url(config, &t.id));
    }
    map
}

/// The URL a content file that could not be loaded would most likely have (its slug from its
/// file name), so links to it are not reported twice and the link map stays stable while the
/// file is being fixed.
pub fn guess_url(config: &Config, source: &str) -> String {
    let stem = source
        .rsplit('/')
        .next()
        .unwrap_or(source)
        .trim_end_matches(".md");
    match source.split('/').next() {
        Some("tools") => tool_url(config, stem),
        _ => article_url(config, &slugify(stem)),
    }
}

/// URL of an article page.
pub fn article_url(config: &Config, slug: &str) -> String {
    config.url(&format!("articles/{slug}/"))
}

/// URL of a tool page.
pub fn tool_url(config: &Config, id: &str) -> String {
    config.url(&format!("tools/{id}/"))
}

/// Builds the site index from rendered articles and tools.
pub fn index(
    articles: Vec<Parsed<Article>>,
    tools: Vec<Parsed<Tool>>,
    config: &Config,
    left_out: &crate::content::LeftOut,
) -> Result<Site> {
    let mut tools: Vec<ToolPage> = tools
        .into_iter()
        .map(|p| ToolPage {
            url: tool_url(config, &p.item.id),
            tool: p.item,
            rendered: p.rendered,
            terms: p.terms,
        })
        .collect();
    tools.sort_by(|a, b| {
        (a.tool.weight, &a.tool.title, &a.tool.id).cmp(&(b.tool.weight, &b.tool.title, &b.tool.id))
    });
    let mut pages: Vec<Page> = articles
        .into_iter()
        .map(|p| Page {
            url: article_url(config, &p.item.slug),
            article: p.item,
            rendered: p.rendered,
            terms: p.terms,
            category: None,
            tags: Vec::new(),
            related: Vec::new(),
            tools: Vec::new(),
        })
        .collect();
    pages.sort_by(|a, b| {
        (b.article.date, &a.article.title, &a.article.slug).cmp(&(
            a.article.date,
            &b.article.title,
            &b.article.slug,
        ))
    });
    let categories = taxonomy(
        &mut pages,
        config,
        "category",
        |a| a.category.iter().cloned().collect(),
        |p, i| p.category = Some(i[0]),
    );
    let tags = taxonomy(
        &mut pages,
        config,
        "tags",
        |a| a.tags.clone(),
        |p, i| p.tags = i,
    );
    let mut problems = Diagnostics::default();
    resolve_tools(&mut pages, &tools, &mut problems);
    related::resolve(&mut pages, config.related_count, left_out, &mut problems);
    problems.into_result()?;
    Ok(Site {
        pages,
        categories,
        tags,
        tools,
    })
}

/// Groups pages by the names `names` gives each (category or tags), keyed by slug.
fn taxonomy(
    pages: &mut [Page],
    config: &Config,
    kind: &str,
    names: impl Fn(&Article) -> Vec<String>,
    assign: impl Fn(&mut Page, Vec<usize>),
) -> Vec<Taxon> {
    let mut by_slug: BTreeMap<String, Taxon> = BTreeMap::new();
    let url_root = if kind == "category" {
        "category"
    } else {
        "tags"
    };
    for (i, page) in pages.iter().enumerate() {
        for name in names(&page.article) {
            let slug = slugify(&name);
            if slug.is_empty() {
                continue;
            }
            by_slug
                .entry(slug.clone())
                .or_insert_with(|| Taxon {
                    url: config.url(&format!("{url_root}/{slug}/")),
                    name,
                    slug,
                    pages: Vec::new(),
                })
                .pages
                .push(i);
        }
    }
    let list: Vec<Taxon> = by_slug.into_values().collect();
    let position: HashMap<&str, usize> = list
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    for page in pages.iter_mut() {
        let ids: Vec<usize> = names(&page.article)
            .iter()
            .filter_map(|n| position.get(slugify(n).as_str()).copied())
            .collect();
        if !ids.is_empty() {
            assign(page, ids);
        }
    }
    list
}

fn resolve_tools(pages: &mut [Page], tools: &[ToolPage], problems: &mut Diagnostics) {
    let ids: HashMap<&str, usize> = tools
        .iter()
        .enumerate()
        .map(|(i, t)| (t.tool.id.as_str(), i))
        .collect();
    let known: Vec<&str> = tools.iter().map(|t| t.tool.id.as_str()).collect();
    for page in pages.iter_mut() {
        for entry in &page.article.tools {
            match ids.get(entry.value.as_str()) {
                Some(&i) if !page.tools.contains(&i) => page.tools.push(i),
                Some(_) => {}
                None => problems.push(unknown_tool(&page.article, entry, &known)),
            }
        }
    }
}

fn unknown_tool(article: &Article, entry: &crate::content::Located, known: &[&str]) -> Diagnostic {
    let d = article.diagnostic_at(entry, format!("`tools`: unknown tool `{}`", entry.value));
    match crate::error::suggest(&entry.value, known) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "tools are declared in content/tools/; known: {}",
            known.join(", ")
        )),
    }
}
