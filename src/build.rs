//! Runs the pipeline: load → parse → index → render → write.

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assets::{self, Asset};
use crate::config::Config;
use crate::content::{self, Article, Tool};
use crate::embeds::ToolEmbeds;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::highlight::{self, Highlighter};
use crate::index;
use crate::markdown::{self, Document, Env, Rendered};
use crate::output::Staging;
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

/// Everything a build writes, rendered and not yet written.
pub struct SiteFiles {
    /// Pages, feeds, sitemap, search index.
    pub pages: Vec<render::Output>,
    /// Static files and generated assets.
    pub assets: Vec<Asset>,
}

/// Builds the site. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let config = load_config(options)?;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    let files = generate(options, &config)?;
    let staging = Staging::begin(&options.root, &output)?;
    staging.write_all(
        files
            .pages
            .par_iter()
            .map(|p| (p.path.as_str(), p.html.as_bytes())),
    )?;
    staging.write_all(
        files
            .assets
            .par_iter()
            .map(|a| (a.path.as_str(), a.bytes.as_slice())),
    )?;
    let output = staging.commit()?;
    Ok(Summary::of(&files, output, started.elapsed()))
}

/// `config.yaml` with the command line's overrides.
pub fn load_config(options: &BuildOptions) -> Result<Config> {
    let config = Config::load(&options.root)?;
    match &options.base_url {
        Some(url) => config.with_base_url(url),
        None => Ok(config),
    }
}

/// Runs load → parse → index → render and returns every file of the site, without writing.
/// Problems are gathered across stages where the data allows it, so one run reports every
/// broken file: a file whose front matter is wrong does not hide a broken link in another.
pub fn generate(options: &BuildOptions, config: &Config) -> Result<SiteFiles> {
    let root = &options.root;
    let mut problems = Diagnostics::default();
    let mut assets = collect(assets::load(root), &mut problems).unwrap_or_default();
    match highlight::stylesheet(&config.light_theme, &config.dark_theme) {
        Ok(css) => assets.push(Asset {
            path: HIGHLIGHT_CSS.into(),
            bytes: css.into_bytes(),
        }),
        Err(e) => problems.push(Diagnostic::file("config.yaml", format!("`highlight`: {e}"))),
    }
    let asset_urls = Arc::new(assets::urls(&mut assets, config));
    let templates = collect(
        Templates::load(
            &root.join("templates"),
            asset_urls.clone(),
            &config.base_path,
        ),
        &mut problems,
    );
    let (mut content, load_problems) = content::load_all(root, options.drafts);
    problems.extend(load_problems.0);
    if !options.future {
        let today = time::OffsetDateTime::now_utc().date();
        content.articles.retain(|a| a.date <= today);
    }
    // Without templates, shortcodes cannot be expanded: stop at the load stage's report.
    let Some(templates) = templates else {
        problems.into_result()?;
        unreachable!("templates only fail with a diagnostic")
    };
    let (mut links, slug_problems) = index::link_map(&content, config);
    problems.extend(slug_problems.0);
    for failed in &content.failed {
        // A link to a file that failed to load is not a second error: the file exists.
        links
            .entry(failed.clone())
            .or_insert_with(|| config.url(failed));
    }
    let highlighter = Highlighter::new();
    // Tool declarations are few; the embeds keep their own copy while the tools move on.
    let declared = content.tools.clone();
    let embeds = ToolEmbeds::new(&declared, &templates);
    let env = Env {
        highlighter: &highlighter,
        links: &links,
        embeds: &embeds,
    };
    let parsed = collect(
        parse_all(content.articles, content.tools, &env),
        &mut problems,
    );
    problems.into_result()?;
    let Some((articles, tools)) = parsed else {
        unreachable!("parsing only fails with a diagnostic")
    };
    let site = index::index(articles, tools, config)?;
    let pages = render::render_site(&site, config, &templates, &asset_urls, options.minify)?;
    Ok(SiteFiles { pages, assets })
}

impl Summary {
    fn of(files: &SiteFiles, output: PathBuf, elapsed: Duration) -> Summary {
        let count = |prefix: &str| {
            files
                .pages
                .iter()
                .filter(|p| p.path.starts_with(prefix) && p.path.ends_with(".html"))
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
            files: files.pages.len() - html,
            assets: files.assets.len(),
            output,
            elapsed,
        }
    }
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

type Parsed = (Vec<(Article, Rendered)>, Vec<(Tool, Rendered)>);

/// Renders the Markdown of every article and tool guide in parallel, reporting every problem.
fn parse_all(articles: Vec<Article>, tools: Vec<Tool>, env: &Env<'_>) -> Result<Parsed> {
    let parsed_articles: Vec<_> = articles
        .into_par_iter()
        .map(|a| {
            let doc = Document {
                body: &a.body,
                body_line: a.body_line,
                source: &a.source,
                display_path: &a.display_path,
                file_text: &a.file_text,
            };
            let r = markdown::render(&doc, env);
            r.map(|r| (a, r))
        })
        .collect();
    let parsed_tools: Vec<_> = tools
        .into_par_iter()
        .map(|t| {
            let doc = Document {
                body: &t.body,
                body_line: t.body_line,
                source: &t.source,
                display_path: &t.display_path,
                file_text: &t.file_text,
            };
            let r = markdown::render(&doc, env);
            r.map(|r| (t, r))
        })
        .collect();
    let mut problems = Diagnostics::default();
    let articles = keep_ok(parsed_articles, &mut problems);
    let tools = keep_ok(parsed_tools, &mut problems);
    problems.into_result()?;
    Ok((articles, tools))
}

fn keep_ok<T>(
    results: Vec<std::result::Result<T, Vec<Diagnostic>>>,
    problems: &mut Diagnostics,
) -> Vec<T> {
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => out.push(v),
            Err(list) => problems.extend(list),
        }
    }
    out
}
