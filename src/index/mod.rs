//! The index stage: the site as data. URLs of every page, categories and tags, each
//! article's related articles, and the checks that need the whole site (duplicate slugs,
//! `related` and `tools` entries that name nothing).

mod authors;
mod menus;
mod related;
mod series;
mod terms;
mod urls;

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::content::{Article, Author, Content, Series, Standalone, Tool};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::markdown::{LinkMap, Rendered};
use crate::parse::ParsedAll;
use crate::slug::slugify;
pub use authors::author_url;
pub use menus::Menus;
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
    /// Index into [`Site::series`], and the 0-based place among its parts.
    pub series: Option<(usize, usize)>,
    /// Indexes into [`Site::authors`], in the order the article names them.
    pub authors: Vec<usize>,
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

/// A standalone page with its rendered body.
#[derive(Debug)]
pub struct StandalonePage {
    /// The checked page.
    pub page: Standalone,
    /// Its body as HTML, table of contents and the rest.
    pub rendered: Rendered,
    /// Its words for the search index.
    pub terms: DocTerms,
    /// Root-relative URL (`/legal/privacy/`).
    pub url: String,
}

/// A series with its guide text and its parts.
#[derive(Debug)]
pub struct SeriesPage {
    /// The declaration.
    pub series: Series,
    /// Its guide as HTML.
    pub rendered: Rendered,
    /// Its words for the search index.
    pub terms: DocTerms,
    /// Root-relative URL (`/series/base64-guides/`).
    pub url: String,
    /// Indexes into [`Site::pages`], in reading order.
    pub parts: Vec<usize>,
}

/// An author with their bio and articles.
#[derive(Debug)]
pub struct AuthorPage {
    /// The declaration.
    pub author: Author,
    /// The bio as HTML.
    pub rendered: Rendered,
    /// Its words for the search index.
    pub terms: DocTerms,
    /// Root-relative URL (`/authors/devtools-team/`).
    pub url: String,
    /// Indexes into [`Site::pages`], newest first.
    pub pages: Vec<usize>,
}

/// A redirect from an old path to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Where its page is written (`old/path/index.html`).
    pub output: String,
    /// The old URL, base path included (`/old/path/`).
    pub from: String,
    /// The document's URL.
    pub to: String,
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
    /// Standalone pages, by URL.
    pub standalone: Vec<StandalonePage>,
    /// Series, by id.
    pub series: Vec<SeriesPage>,
    /// Authors, by id.
    pub authors: Vec<AuthorPage>,
    /// Named menus.
    pub menus: Menus,
    /// Redirects from old paths, by output path.
    pub aliases: Vec<Alias>,
    /// Each article's and page's social image, by page URL (set by the build once the cards
    /// are planned; see [`crate::cards`]).
    pub social: crate::cards::SocialImages,
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
    for p in &content.pages {
        map.insert(p.source.clone(), config.url(&p.path));
    }
    for x in &content.series {
        map.insert(x.source.clone(), series::series_url(config, &x.id));
    }
    for x in &content.authors {
        map.insert(x.source.clone(), author_url(config, &x.id));
    }
    for a in &content.attachments {
        // A file of a draft or a failed document has no page to sit beside.
        if let Some(page) = map.get(&a.owner) {
            let url = format!("{page}{}", a.url_path());
            map.insert(a.source.clone(), url);
        }
    }
    map
}

/// The URL a content file that could not be loaded would most likely have (its slug from its
/// file name), so links to it are not reported twice and the link map stays stable while the
/// file is being fixed.
pub fn guess_url(config: &Config, source: &str) -> String {
    let stem = crate::content::bundle::document_stem(source);
    match source.split('/').next() {
        Some("tools") => tool_url(config, stem),
        Some("series") => series::series_url(config, stem),
        Some("authors") => author_url(config, stem),
        Some("pages") => {
            let path = source.trim_start_matches("pages/").trim_end_matches(".md");
            let parts: Vec<String> = path.split('/').map(slugify).collect();
            config.url(&format!("{}/", parts.join("/")))
        }
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

/// Builds the site index from the parsed documents.
pub fn index(
    parsed: ParsedAll,
    config: &Config,
    left_out: &crate::content::LeftOut,
) -> Result<Site> {
    let tools = tool_pages(parsed.tools, config);
    let standalone = standalone_pages(parsed.pages, config);
    let mut pages = article_pages(parsed.articles, config);
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
    let series = series::resolve(parsed.series, &mut pages, config, &mut problems);
    let authors = authors::resolve(parsed.authors, &mut pages, config, &mut problems);
    resolve_tools(&mut pages, &tools, &mut problems);
    related::resolve(&mut pages, config.related_count, left_out, &mut problems);
    let per = config.paginate_by;
    let mut claims = urls::Claims::of_site(&pages, &tools, [&categories, &tags], per);
    claims.series(&series);
    claims.authors(&authors, per);
    claims.pages(&standalone, &mut problems);
    let docs = Documents {
        pages: &pages,
        tools: &tools,
        standalone: &standalone,
        series: &series,
        authors: &authors,
    };
    let aliases = claims.aliases(config, docs.alias_sources(), &mut problems);
    let by_source = docs.sources_to_urls();
    let menus = menus::resolve(config, &standalone, &by_source, left_out, &mut problems);
    problems.into_result()?;
    Ok(Site {
        pages,
        categories,
        tags,
        tools,
        standalone,
        series,
        authors,
        menus,
        aliases,
        social: Default::default(),
    })
}

fn tool_pages(parsed: Vec<Parsed<Tool>>, config: &Config) -> Vec<ToolPage> {
    let mut tools: Vec<ToolPage> = parsed
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
    tools
}

fn standalone_pages(parsed: Vec<Parsed<Standalone>>, config: &Config) -> Vec<StandalonePage> {
    let mut pages: Vec<StandalonePage> = parsed
        .into_iter()
        .map(|p| StandalonePage {
            url: config.url(&p.item.path),
            page: p.item,
            rendered: p.rendered,
            terms: p.terms,
        })
        .collect();
    pages.sort_by(|a, b| (&a.page.path, &a.page.source).cmp(&(&b.page.path, &b.page.source)));
    pages
}

fn article_pages(parsed: Vec<Parsed<Article>>, config: &Config) -> Vec<Page> {
    let mut pages: Vec<Page> = parsed
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
            series: None,
            authors: Vec::new(),
        })
        .collect();
    pages.sort_by(|a, b| {
        (b.article.date, &a.article.title, &a.article.slug).cmp(&(
            a.article.date,
            &b.article.title,
            &b.article.slug,
        ))
    });
    pages
}

/// Every kind of document of the site, for what needs them all.
struct Documents<'a> {
    pages: &'a [Page],
    tools: &'a [ToolPage],
    standalone: &'a [StandalonePage],
    series: &'a [SeriesPage],
    authors: &'a [AuthorPage],
}

/// Each document's URL with its source: content path, where its file is shown, its front
/// matter's aliases and its text.
struct DocRef<'a> {
    source: &'a str,
    url: &'a str,
    path: &'a std::path::Path,
    aliases: &'a [crate::content::Located],
    file_text: &'a str,
}

impl<'a> Documents<'a> {
    fn each(&self) -> impl Iterator<Item = DocRef<'a>> {
        let articles = self.pages.iter().map(|p| {
            let a = &p.article;
            DocRef {
                source: &a.source,
                url: &p.url,
                path: &a.display_path,
                aliases: &a.aliases,
                file_text: &a.file_text,
            }
        });
        let tools = self.tools.iter().map(|t| {
            let d = &t.tool;
            DocRef {
                source: &d.source,
                url: &t.url,
                path: &d.display_path,
                aliases: &d.aliases,
                file_text: &d.file_text,
            }
        });
        let pages = self.standalone.iter().map(|p| {
            let d = &p.page;
            DocRef {
                source: &d.source,
                url: &p.url,
                path: &d.display_path,
                aliases: &d.aliases,
                file_text: &d.file_text,
            }
        });
        let series = self.series.iter().map(|x| {
            let d = &x.series;
            DocRef {
                source: &d.source,
                url: &x.url,
                path: &d.display_path,
                aliases: &d.aliases,
                file_text: &d.file_text,
            }
        });
        let authors = self.authors.iter().map(|x| {
            let d = &x.author;
            DocRef {
                source: &d.source,
                url: &x.url,
                path: &d.display_path,
                aliases: &d.aliases,
                file_text: &d.file_text,
            }
        });
        articles
            .chain(tools)
            .chain(pages)
            .chain(series)
            .chain(authors)
    }

    fn alias_sources(&self) -> impl Iterator<Item = urls::AliasSource<'a>> {
        self.each().map(|d| urls::AliasSource {
            aliases: d.aliases,
            url: d.url,
            path: d.path,
            file_text: d.file_text,
        })
    }

    /// Content path → URL of every document in the site.
    fn sources_to_urls(&self) -> HashMap<&'a str, &'a str> {
        self.each().map(|d| (d.source, d.url)).collect()
    }
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
