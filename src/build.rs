//! Runs the pipeline: load → parse → index → render → write.

use indicatif::ProgressBar;
use rayon::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assets::{self, Asset};
use crate::cache;
use crate::config::Config;
use crate::content::{self, Article, Tool};
use crate::embeds::ToolEmbeds;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::highlight;
use crate::incremental::{self, Session};
use crate::index::{self, DocTerms, Page, Parsed};
use crate::markdown::{self, Document, Env, LinkMap, Pass};
use crate::outlines::{self, Outline, Outlines};
use crate::output::Writer;
use crate::render;
use crate::templates::Templates;

/// Path of the generated highlighting stylesheet in the output.
pub const HIGHLIGHT_CSS: &str = "css/highlight.css";

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `config.yaml`, `content/`, `templates/`, `static/`).
    pub root: PathBuf,
    /// Output folder; `config.yaml`'s `output_dir` (relative to the root) when `None`.
    pub output: Option<PathBuf>,
    /// Include articles marked `draft: true`.
    pub drafts: bool,
    /// Replace `base_url` of the config.
    pub base_url: Option<String>,
    /// Include articles dated after today.
    pub future: bool,
    /// Collapse whitespace between tags in the HTML pages.
    pub minify: bool,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Article pages written.
    pub articles: usize,
    /// Category pages (their index and extra list pages included).
    pub categories: usize,
    /// Tag pages (their index and extra list pages included).
    pub tags: usize,
    /// Tool pages (the list included).
    pub tools: usize,
    /// Other pages (home and its pages, search, 404).
    pub other: usize,
    /// Generated non-HTML files: feeds, sitemap, robots.txt, search index.
    pub files: usize,
    /// Static and generated files copied.
    pub assets: usize,
    /// Where the site went.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "built {} pages ({} articles, {} category, {} tag, {} tool, {} other), {} feed/sitemap/search files and {} assets into {} in {} ms",
            self.articles + self.categories + self.tags + self.tools + self.other,
            self.articles,
            self.categories,
            self.tags,
            self.tools,
            self.other,
            self.files,
            self.assets,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Builds the site. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    build_with(options, &mut Session::one_build(false))
}

/// Builds the site, reusing what `session` kept from earlier builds.
pub fn build_with(options: &BuildOptions, session: &mut Session) -> Result<Summary> {
    let started = Instant::now();
    let indexed = prepare_site(options, session)?;
    let session = &*session;
    // Pages are rendered and written a chunk at a time, so the build never holds every page.
    let writer = Writer::begin(&options.root, &indexed.output)?;
    let bar = session.progress_bar(indexed.site.pages.len(), "writing");
    let embeds = ToolEmbeds::new(&indexed.declared, &indexed.templates);
    let bodies = indexed.bodies(session, &embeds, &bar);
    let mut paths = Vec::new();
    render::render_site_each(
        &indexed.site,
        &bodies,
        &indexed.config,
        &indexed.templates,
        &indexed.asset_urls,
        options.minify,
        WRITE_CHUNK,
        |chunk| {
            writer.write_all(
                chunk
                    .par_iter()
                    .map(|o| (o.path.as_str(), o.html.as_bytes())),
            )?;
            paths.extend(chunk.into_iter().map(|o| o.path));
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    let assets = &indexed.assets;
    writer.write_all(
        assets
            .par_iter()
            .map(|a| (a.path.as_str(), a.bytes.as_slice())),
    )?;
    let output = writer.commit()?;
    indexed.store_outlines(&options.root);
    Ok(summary(&paths, assets.len(), output, started.elapsed()))
}

/// Pages rendered (in parallel) and written before the next ones are rendered.
const WRITE_CHUNK: usize = 512;

/// A site rendered in memory: every page and asset, not yet written anywhere.
pub struct Prepared {
    /// The checked config (with any `--base-url` applied).
    pub config: Config,
    /// The site as data: pages with their sources, categories, tags, tools.
    pub site: index::Site,
    /// Every rendered file: pages, feeds, sitemap, search index.
    pub pages: Vec<render::Output>,
    /// Every static and generated file.
    pub assets: Vec<Asset>,
    /// Where [`write`] puts the site.
    pub output: PathBuf,
}

impl Prepared {
    /// Every output file as (relative path, bytes): pages, then assets.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let pages = self
            .pages
            .iter()
            .map(|p| (p.path.as_str(), p.html.as_bytes()));
        pages.chain(
            self.assets
                .iter()
                .map(|a| (a.path.as_str(), a.bytes.as_slice())),
        )
    }
}

/// Counts the pages written by kind.
fn summary(paths: &[String], assets: usize, output: PathBuf, elapsed: Duration) -> Summary {
    let count = |prefix: &str| {
        paths
            .iter()
            .filter(|p| p.starts_with(prefix) && p.ends_with(".html"))
            .count()
    };
    let html = count("");
    let (articles, categories, tags, tools) = (
        count("articles/"),
        count("category/"),
        count("tags/"),
        count("tools/"),
    );
    Summary {
        articles,
        categories,
        tags,
        tools,
        other: html - articles - categories - tags - tools,
        files: paths.len() - html,
        assets,
        output,
        elapsed,
    }
}

/// `config.yaml` with the command line's overrides.
pub fn load_config(options: &BuildOptions) -> Result<Config> {
    let config = Config::load(&options.root)?;
    match &options.base_url {
        Some(url) => config.with_base_url(url),
        None => Ok(config),
    }
}

/// Runs load → parse → index → render and returns every file of the site, writing nothing
/// (for `check` and `serve` too). Problems are gathered across stages where the data allows
/// it, so one run reports every broken file: a file whose front matter is wrong does not hide
/// a broken link in another.
pub fn prepare(options: &BuildOptions, session: &mut Session) -> Result<Prepared> {
    let s = prepare_site(options, session)?;
    let pages = {
        let embeds = ToolEmbeds::new(&s.declared, &s.templates);
        let bar = ProgressBar::hidden();
        let bodies = s.bodies(session, &embeds, &bar);
        render::render_site(
            &s.site,
            &bodies,
            &s.config,
            &s.templates,
            &s.asset_urls,
            options.minify,
        )?
    };
    Ok(Prepared {
        config: s.config,
        site: s.site,
        pages,
        assets: s.assets,
        output: s.output,
    })
}

/// What stored outlines are valid for: the documents' shared context, galley itself and the
/// highlighter (summaries hold highlighted code).
fn outline_key(context: u64, session: &Session) -> u64 {
    let identity = session.highlighter().identity();
    let key = format!("{context}\n{}\n{identity}", env!("CARGO_PKG_VERSION"));
    crate::cache::hash64(key.as_bytes())
}

/// A site indexed and ready to render.
struct Indexed {
    config: Config,
    site: index::Site,
    templates: Templates,
    asset_urls: Arc<crate::templates::AssetUrls>,
    assets: Vec<Asset>,
    output: PathBuf,
    /// What article bodies need to render again: link targets, tools, left-out files.
    links: LinkMap,
    declared: Vec<Tool>,
    left_out: content::LeftOut,
    /// Articles were parsed in outline: their bodies are rendered when their pages are.
    outlined: bool,
    /// What the outlines are stored under, when they are and changed.
    outline_key: Option<u64>,
}

impl Indexed {
    /// Keeps the articles' outlines for the next build, when they were outlined.
    fn store_outlines(&self, root: &Path) {
        let Some(key) = self.outline_key else { return };
        let pages = self.site.pages.iter().filter_map(|p| {
            let (_, hash) = p.article.released?;
            Some((p.article.source.as_str(), hash, &p.rendered, &p.terms))
        });
        Outlines::save(&cache::path(root, outlines::FILE), key, pages);
    }

    /// Each article's body HTML: kept from the parse stage, or rendered now.
    fn bodies<'a>(
        &'a self,
        session: &'a Session,
        embeds: &'a ToolEmbeds<'a>,
        bar: &'a ProgressBar,
    ) -> impl Fn(&'a Page) -> std::result::Result<Cow<'a, str>, Vec<Diagnostic>> + Sync + 'a {
        let env = Env {
            highlighter: session.highlighter(),
            links: &self.links,
            embeds,
            left_out: &self.left_out,
            pass: Pass::Body,
        };
        move |page: &'a Page| {
            bar.inc(1);
            if !self.outlined {
                return Ok(Cow::Borrowed(page.rendered.html.as_str()));
            }
            let text = page.article.reload().map_err(|d| vec![d])?;
            let doc = article_document(&page.article, &text);
            markdown::render(&doc, &env).map(|r| Cow::Owned(r.html))
        }
    }
}

/// [`prepare`] up to the render stage.
fn prepare_site(options: &BuildOptions, session: &mut Session) -> Result<Indexed> {
    let root = &options.root;
    let config = load_config(options)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    let mut problems = Diagnostics::default();
    let mut assets = collect(assets::load(root), &mut problems).unwrap_or_default();
    let cache_dir = cache::path(root, highlight::cache::DIR);
    match session.use_themes(&config.light_theme, &config.dark_theme, cache_dir) {
        Ok(css) => assets.push(Asset {
            path: HIGHLIGHT_CSS.into(),
            bytes: css.into_bytes(),
        }),
        Err(e) => problems.push(Diagnostic::file("config.yaml", format!("`highlight`: {e}"))),
    }
    let asset_urls = Arc::new(assets::urls(&mut assets, &config, options.minify));
    let templates = collect(
        Templates::load(
            &root.join("templates"),
            asset_urls.clone(),
            &config.base_path,
        ),
        &mut problems,
    );
    // A one-off build reads each article's body when it needs it (outline, then page) and
    // keeps only the front matter; a session that keeps documents (`serve`) keeps the text.
    let outlined = !session.keeps();
    let bodies = if outlined {
        content::Bodies::Release
    } else {
        content::Bodies::Keep
    };
    let (mut content, load_problems) = content::load_all(root, options.drafts, bodies);
    problems.extend(load_problems.0);
    if !options.future {
        let today = time::OffsetDateTime::now_utc().date();
        for a in content.articles.iter().filter(|a| a.date > today) {
            content.left_out.insert(
                a.source.clone(),
                "dated in the future (build with --future to include it)",
            );
        }
        content.articles.retain(|a| a.date <= today);
    }
    // Without templates, shortcodes cannot be expanded: stop at the load stage's report.
    let Some(templates) = templates else {
        problems.into_result()?;
        unreachable!("templates only fail with a diagnostic")
    };
    let (mut links, slug_problems) = index::link_map(&content, &config);
    problems.extend(slug_problems.0);
    for failed in &content.failed {
        // A link to a file that failed to load is not a second error: the file exists.
        links
            .entry(failed.clone())
            .or_insert_with(|| index::guess_url(&config, failed));
    }
    let context = incremental::context_hash(root, &content, &links);
    session.begin(context);
    // Tool declarations are few; the embeds keep their own copy while the tools move on.
    let declared = content.tools.clone();
    let embeds = ToolEmbeds::new(&declared, &templates);
    // A one-off build outlines articles now and renders each body when its page is written;
    // a session that keeps documents for the next build (`serve`) renders them fully now.
    let outline_key = outlined.then(|| outline_key(context, session));
    let mut stored = outline_key.map(|key| Outlines::load(&cache::path(root, outlines::FILE), key));
    let parsed = collect(
        parse_all(
            content.articles,
            content.tools,
            &links,
            &embeds,
            &content.left_out,
            stored.as_mut(),
            session,
        ),
        &mut problems,
    );
    problems.into_result()?;
    let Some((articles, tools)) = parsed else {
        unreachable!("parsing only fails with a diagnostic")
    };
    // A rebuild that served every outline from the file has nothing new to store.
    let unchanged = stored.is_some_and(|s| s.served_all(articles.len()));
    let site = index::index(articles, tools, &config, &content.left_out)?;
    drop(embeds);
    Ok(Indexed {
        config,
        site,
        templates,
        asset_urls,
        assets,
        output,
        links,
        declared,
        left_out: content.left_out,
        outlined,
        outline_key: outline_key.filter(|_| !unchanged),
    })
}

/// Writes a prepared site into its output folder, replacing the old one only on success.
pub fn write(root: &Path, prepared: &Prepared) -> Result<PathBuf> {
    let writer = Writer::begin(root, &prepared.output)?;
    let files: Vec<_> = prepared.files().collect();
    writer.write_all(files.into_par_iter())?;
    writer.commit()
}

/// Keeps a stage's result, moving its diagnostics into `problems`.
fn collect<T>(result: Result<T>, problems: &mut Diagnostics) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(Error::Diagnostics(list)) => {
            problems.extend(list);
            None
        }
        Err(other) => {
            problems.push(Diagnostic::file("", other.to_string()));
            None
        }
    }
}

type ParsedAll = (Vec<Parsed<Article>>, Vec<Parsed<Tool>>);

/// A content file with a Markdown body.
trait Source: Send {
    fn document(&self) -> Document<'_>;
    /// Title and description, for the search index.
    fn heading(&self) -> (&str, &str);
}

impl Source for Article {
    fn document(&self) -> Document<'_> {
        article_document(self, &self.file_text)
    }
    fn heading(&self) -> (&str, &str) {
        (&self.title, &self.description)
    }
}

/// An article's document in `text`, its whole file (kept, or read again).
fn article_document<'a>(a: &'a Article, text: &'a str) -> Document<'a> {
    Document {
        body: text.get(a.body_start..).unwrap_or(""),
        body_line: a.body_line,
        source: &a.source,
        display_path: &a.display_path,
        file_text: text,
    }
}

impl Source for Tool {
    fn document(&self) -> Document<'_> {
        Document {
            body: &self.body,
            body_line: self.body_line,
            source: &self.source,
            display_path: &self.display_path,
            file_text: &self.file_text,
        }
    }
    fn heading(&self) -> (&str, &str) {
        (&self.title, &self.description)
    }
}

/// A parsed document and whether it was rendered just now.
type Outcome<T> = std::result::Result<(Parsed<T>, bool), Vec<Diagnostic>>;

/// Renders the Markdown of every article and tool guide in parallel, and reports every
/// problem. With `outlines` (a one-off build), articles are outlined, reusing the previous
/// build's outline of an unchanged file, and their bodies released; otherwise they are
/// rendered whole, reusing what the session kept.
#[allow(clippy::too_many_arguments)]
fn parse_all(
    articles: Vec<Article>,
    tools: Vec<Tool>,
    links: &LinkMap,
    embeds: &ToolEmbeds<'_>,
    left_out: &content::LeftOut,
    outlines: Option<&mut Outlines>,
    session: &mut Session,
) -> Result<ParsedAll> {
    let bar = session.progress_bar(articles.len() + tools.len(), "reading");
    let env = Env {
        highlighter: session.highlighter(),
        links,
        embeds,
        left_out,
        pass: if outlines.is_some() {
            Pass::Outline
        } else {
            Pass::Whole
        },
    };
    let parsed_articles = match outlines {
        Some(stored) => outline_articles(articles, &env, stored, &bar),
        None => parse_each(articles, &env, session, &bar),
    };
    let env = Env {
        pass: Pass::Whole,
        ..env
    };
    let parsed_tools = parse_each(tools, &env, session, &bar);
    bar.finish_and_clear();
    let mut problems = Diagnostics::default();
    let articles = keep_ok(parsed_articles, session, &mut problems);
    let tools = keep_ok(parsed_tools, session, &mut problems);
    problems.into_result()?;
    Ok((articles, tools))
}

fn parse_each<T: Source>(
    items: Vec<T>,
    env: &Env<'_>,
    session: &Session,
    bar: &ProgressBar,
) -> Vec<Outcome<T>> {
    items
        .into_par_iter()
        .map(|item| {
            bar.inc(1);
            parse_whole(item, env, session)
        })
        .collect()
}

/// Outlines articles whose bodies were released at load, reusing the stored outline of each
/// unchanged file.
fn outline_articles(
    articles: Vec<Article>,
    env: &Env<'_>,
    stored: &mut Outlines,
    bar: &ProgressBar,
) -> Vec<Outcome<Article>> {
    // Stored outlines are handed out first, so none is ever held twice.
    let articles: Vec<(Article, Option<Outline>)> = articles
        .into_iter()
        .map(|a| {
            let outline = stored.take(&a.source, a.fingerprint());
            (a, outline)
        })
        .collect();
    articles
        .into_par_iter()
        .map(|(article, outline)| {
            bar.inc(1);
            outline_one(article, outline, env)
        })
        .collect()
}

/// The outline of `article`: `stored`, or made from its body read again.
fn outline_one(article: Article, stored: Option<Outline>, env: &Env<'_>) -> Outcome<Article> {
    let (rendered, terms, fresh) = match stored {
        Some((rendered, terms)) => (rendered, terms, false),
        None => {
            let text = article.reload().map_err(|d| vec![d])?;
            let mut rendered = markdown::render(&article_document(&article, &text), env)?;
            let terms = terms_of(&article, &rendered);
            // The prose and headings live on in the terms; anchors serve `check` only. Dropped
            // now, not after the whole site is parsed: the prose of 100,000 articles is 600 MB.
            rendered.text = String::new();
            rendered.headings = Vec::new();
            rendered.anchors = Vec::new();
            (rendered, terms, true)
        }
    };
    let parsed = Parsed {
        item: article,
        rendered,
        terms,
    };
    Ok((parsed, fresh))
}

/// Renders a document whole, or takes what the session kept of it.
fn parse_whole<T: Source>(item: T, env: &Env<'_>, session: &Session) -> Outcome<T> {
    let doc = item.document();
    let (rendered, fresh) = match session.cached(doc.source, doc.file_text) {
        Some(r) => (r, false),
        None => (markdown::render(&doc, env)?, true),
    };
    let terms = terms_of(&item, &rendered);
    let parsed = Parsed {
        item,
        rendered,
        terms,
    };
    Ok((parsed, fresh))
}

/// The search terms of a document rendered with its prose.
fn terms_of<T: Source>(item: &T, rendered: &markdown::Rendered) -> DocTerms {
    let (title, description) = item.heading();
    DocTerms::new(title, description, &rendered.headings, &rendered.text)
}

/// Keeps the documents that rendered, remembering them in the session, and moves the problems
/// of the rest into `problems`. The prose text has gone into the search terms: it is dropped.
fn keep_ok<T: Source>(
    results: Vec<Outcome<T>>,
    session: &mut Session,
    problems: &mut Diagnostics,
) -> Vec<Parsed<T>> {
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok((mut parsed, fresh)) => {
                let doc = parsed.item.document();
                session.store(doc.source, doc.file_text, &parsed.rendered, fresh);
                parsed.rendered.text = String::new();
                out.push(parsed);
            }
            Err(list) => problems.extend(list),
        }
    }
    out
}
