//! What a build is asked to do, and what it reports back.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::Config;
use crate::{assets::Asset, index, render};

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
    /// Image variants encoded (the others came from the cache).
    pub images_encoded: usize,
    /// Social cards drawn (the others came from the cache).
    pub cards_rendered: usize,
    /// Problems that did not stop the build (an image over `images.max_bytes`).
    pub warnings: Vec<crate::error::Diagnostic>,
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
        )?;
        if self.images_encoded > 0 {
            write!(f, "; {} image variants encoded", self.images_encoded)?;
        }
        if self.cards_rendered > 0 {
            write!(f, "; {} social cards rendered", self.cards_rendered)?;
        }
        Ok(())
    }
}

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
    /// Problems that do not stop the build.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// What rendering a page needs besides the site, for [`Prepared::into_preview`].
    pub(super) inputs: super::preview::Inputs,
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

/// What the build made besides pages: image variants and cards, and the warnings about them.
pub(super) struct Made {
    pub(super) images_encoded: usize,
    pub(super) cards_rendered: usize,
    pub(super) warnings: Vec<crate::error::Diagnostic>,
}

/// Counts the pages written by kind.
pub(super) fn summary(
    paths: &[String],
    assets: usize,
    output: PathBuf,
    elapsed: Duration,
    made: Made,
) -> Summary {
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
        images_encoded: made.images_encoded,
        cards_rendered: made.cards_rendered,
        warnings: made.warnings,
    }
}
