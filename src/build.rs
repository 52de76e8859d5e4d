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
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Article pages written.
    pub articles: usize,
    /// Category pages.
    pub categories: usize,
    /// Tag pages.
    pub tags: usize,
    /// Tool pages (the list included).
    pub tools: usize,
    /// Other pages (home, 404).
    pub other: usize,
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
            "built {} pages ({} articles, {} categories, {} tags, {} tools, {} other) and {} assets into {} in {} ms",
            self.articles + self.categories + self.tags + self.tools + self.other,
            self.articles,
            self.categories,
            self.tags,
            self.tools,
            self.other,
            self.assets,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Builds the site. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    let started = Instant::now();
    let root = &options.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config = config.with_base_url(url)?;
    }
    let output = options.output.clone().unwrap_or_else(|| root.join(&config.output_dir));

    // Load: static files, templates and content, reporting the problems of all three at once.
    let mut problems = Diagnostics::default();
    let mut assets = collect(assets::load(root), &mut problems).unwrap_or_default();
    match highlight::stylesheet(&config.light_theme, &config.dark_theme) {
        Ok(css) => assets.push(Asset { path: HIGHLIGHT_CSS.into(), bytes: css.into_bytes() }),
        Err(e) => problems.push(Diagnostic::file("config.yaml", format!("`highlight`: {e}"))),
    }
    let asset_urls = Arc::new(assets::urls(&assets, &config));
    let templates = collect(Templates::load(&root.join("templates"), asset_urls.clone(), &config.base_path), &mut problems);
    let content = collect(content::load(root, options.drafts), &mut problems);
    problems.into_result()?;
    let (Some(templates), Some(content)) = (templates, content) else {
        unreachable!("a missing stage result always comes with a diagnostic")
    };

    // Parse, index, render.
    let links = index::link_map(&content, &config)?;
    let highlighter = Highlighter::with_themes(&config.light_theme, &config.dark_theme)
        .map_err(|e| Error::from(Diagnostic::file("config.yaml", format!("`highlight`: {e}"))))?
        .with_cache_dir(root.join(highlight::cache::DIR));
    // Tool declarations are few; the embeds keep their own copy while the tools move on.
    let declared = content.tools.clone();
    let embeds = ToolEmbeds::new(&declared, &templates);
    let env = Env { highlighter: &highlighter, links: &links, embeds: &embeds };
    let (articles, tools) = parse_all(content.articles, content.tools, &env)?;
    let site = index::index(articles, tools, &config)?;
    let pages = render::render_site(&site, &config, &templates, &asset_urls)?;

    // Write.
    let staging = Staging::begin(root, &output)?;
    staging.write_all(pages.par_iter().map(|p| (p.path.as_str(), p.html.as_bytes())))?;
    staging.write_all(assets.par_iter().map(|a| (a.path.as_str(), a.bytes.as_slice())))?;
    let output = staging.commit()?;
    Ok(Summary {
        articles: site.pages.len(),
        categories: site.categories.len(),
        tags: site.tags.len(),
        tools: site.tools.len() + 1,
        other: 2,
        assets: assets.len(),
        output,
        elapsed: started.elapsed(),
    })
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
            let doc = Document { body: &a.body, body_line: a.body_line, source: &a.source, display_path: &a.display_path, file_text: &a.file_text };
            let r = markdown::render(&doc, env);
            r.map(|r| (a, r))
        })
        .collect();
    let parsed_tools: Vec<_> = tools
        .into_par_iter()
        .map(|t| {
            let doc = Document { body: &t.body, body_line: t.body_line, source: &t.source, display_path: &t.display_path, file_text: &t.file_text };
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

fn keep_ok<T>(results: Vec<std::result::Result<T, Vec<Diagnostic>>>, problems: &mut Diagnostics) -> Vec<T> {
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(v) => out.push(v),
            Err(list) => problems.extend(list),
        }
    }
    out
}
