//! What one build can hand to the next, so `galley serve` rebuilds only what an edit touched.
//!
//! Rendering Markdown (and above all highlighting code) is most of a build's time. A document's
//! HTML depends on its own text and on the *context* every document shares: the link map (URLs
//! of all content), the tool declarations (shortcode widgets) and the templates and config that
//! shape them. [`Session`] keeps each rendered document keyed by its content path and a hash of
//! its file text, and drops them all when the context hash changes. A one-off `galley build`
//! uses an empty session, so it behaves exactly as before.

use crate::mode::Mode;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cache;
use crate::content::Content;
use crate::highlight::{Highlighter, ThemeError};
use crate::images::resize::Resizer;
use crate::index::DocTerms;
use crate::markdown::{ImageMap, LinkMap, Rendered};

/// Documents below this count build too fast for a progress bar to help.
const PROGRESS_MIN_DOCUMENTS: usize = 100;

/// The light and dark code themes and the highlight cache folder.
type ThemesKey = (String, String, PathBuf);

/// State kept between builds: rendered documents, the grammar sets, the highlighting CSS.
pub struct Session {
    /// A one-off build keeps no rendered document, so it never holds a second copy of each.
    mode: Mode,
    context: Option<u64>,
    /// Each document by source: its file text's hash, its HTML and outline (without the prose,
    /// which the search terms already hold) and its search terms.
    rendered: HashMap<String, (u64, Rendered, DocTerms)>,
    highlighter: Highlighter,
    /// The themes and cache folder, and the two highlighting stylesheets made for them.
    stylesheet: Option<(ThemesKey, (String, String))>,
    progress: bool,
    stats: CacheStats,
    /// The copies templates asked for: kept with the documents that asked.
    resizer: Arc<Resizer>,
}

/// How the last build used the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Documents whose HTML was taken from the previous build.
    pub reused: usize,
    /// Documents rendered from their Markdown.
    pub rendered: usize,
}

impl Default for Session {
    /// A session for several builds (`serve`, tests): it keeps every rendered document.
    fn default() -> Self {
        Self {
            mode: Mode::Session,
            context: None,
            rendered: HashMap::new(),
            highlighter: Highlighter::default(),
            stylesheet: None,
            progress: false,
            stats: CacheStats::default(),
            resizer: Arc::default(),
        }
    }
}

impl Session {
    /// A session for one build: nothing is kept for a next one.
    pub fn one_build(progress: bool) -> Self {
        Self {
            mode: Mode::OneOff,
            progress,
            ..Self::default()
        }
    }

    /// A session that draws a progress bar on stderr for large sites. Pass `true` only when
    /// stderr is a terminal: the bar is noise in logs.
    pub fn with_progress(progress: bool) -> Self {
        Self {
            progress,
            ..Self::default()
        }
    }

    /// How this session holds documents.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The grammar sets, decoded once for the whole session.
    pub fn highlighter(&self) -> &Highlighter {
        &self.highlighter
    }

    /// `resize_image`'s images and the copies asked for.
    pub fn resizer(&self) -> &Arc<Resizer> {
        &self.resizer
    }

    /// How the last build used the cache.
    pub fn stats(&self) -> CacheStats {
        self.stats
    }

    /// Sets the code themes and the highlight cache folder, and returns the highlighting
    /// stylesheets (see [`Highlighter::stylesheets`]). The highlighter (grammar sets and class map) is made again only when these
    /// change, so `serve` decodes the grammars once.
    pub fn use_themes(
        &mut self,
        light: &str,
        dark: &str,
        cache_dir: PathBuf,
    ) -> Result<(String, String), ThemeError> {
        let key = (light.to_string(), dark.to_string(), cache_dir.clone());
        if let Some((k, css)) = &self.stylesheet {
            if *k == key {
                return Ok(css.clone());
            }
        }
        let highlighter = Highlighter::with_themes(light, dark)?.with_cache_dir(cache_dir);
        let css = highlighter.stylesheets();
        self.highlighter = highlighter;
        self.stylesheet = Some((key, css.clone()));
        Ok(css)
    }

    /// Starts a build whose shared context hashes to `context`: every cached document is
    /// dropped if the context changed.
    pub fn begin(&mut self, context: u64) {
        if self.context != Some(context) {
            self.rendered.clear();
            self.resizer.forget_requests();
            self.context = Some(context);
        }
        self.stats = CacheStats::default();
    }

    /// The HTML and search terms made for `source` by an earlier build, if its file text is
    /// unchanged (the terms come from the title and description too, which are in the text).
    pub fn cached(&self, source: &str, file_text: &str) -> Option<(Rendered, DocTerms)> {
        let (hash, rendered, terms) = self.rendered.get(source)?;
        (*hash == cache::hash64(file_text.as_bytes())).then(|| (rendered.clone(), terms.clone()))
    }

    /// Records the outcome of one document; `fresh` tells whether it was rendered just now.
    /// Its prose (`text`, `code`) is not kept: `terms` were made from it.
    pub fn store(
        &mut self,
        source: &str,
        file_text: &str,
        rendered: &Rendered,
        terms: &DocTerms,
        fresh: bool,
    ) {
        if fresh {
            self.stats.rendered += 1;
            if self.mode == Mode::OneOff {
                return;
            }
            let hash = cache::hash64(file_text.as_bytes());
            let mut kept = rendered.clone();
            kept.text = String::new();
            kept.code = String::new();
            self.rendered
                .insert(source.to_string(), (hash, kept, terms.clone()));
        } else {
            self.stats.reused += 1;
        }
    }

    /// A progress bar for rendering `total` documents; hidden unless asked for and worth it.
    pub fn progress_bar(&self, total: usize, message: &'static str) -> ProgressBar {
        if !self.progress || total < PROGRESS_MIN_DOCUMENTS {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(total as u64);
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message);
        bar
    }
}

/// Hash of everything a document's HTML depends on besides its own text: config.yaml, every
/// template file, the link map and the tool declarations. The templates are read again here
/// (they are few and small) rather than asking `Templates` for its sources, so the template
/// module needs no change for the sake of caching.
///
/// `data/` is left out on purpose: data reaches page templates only, never a document's HTML
/// (shortcode widgets are rendered without it), and every page is rendered again on every
/// build anyway. Hashing it would render every document again for an edit of one data file.
/// If widgets ever get `data`, it belongs here.
pub fn context_hash(root: &Path, content: &Content, links: &LinkMap, images: &ImageMap) -> u64 {
    let mut h = cache::Hasher::default();
    h.part(&std::fs::read(root.join("config.yaml")).unwrap_or_default());
    for entry in walkdir::WalkDir::new(root.join("templates"))
        .follow_links(true)
        .sort_by_file_name()
    {
        let Ok(entry) = entry else { continue };
        if entry.file_type().is_file() {
            h.part(entry.path().as_os_str().as_encoded_bytes());
            h.part(&std::fs::read(entry.path()).unwrap_or_default());
        }
    }
    let mut links: Vec<_> = links.iter().collect();
    links.sort();
    for (source, url) in links {
        h.part(source.as_bytes()).part(url.as_bytes());
    }
    // An image's size and variants are written into the pages that show it.
    let mut images: Vec<_> = images.iter().collect();
    images.sort_by(|a, b| a.0.cmp(b.0));
    for (url, info) in images {
        h.part(url.as_bytes())
            .part(&info.width.to_le_bytes())
            .part(&info.height.to_le_bytes());
        for (variant, _) in &info.srcset {
            h.part(variant.as_bytes());
        }
    }
    for t in &content.tools {
        for field in [&t.id, &t.title, &t.description, &t.script, &t.partial] {
            h.part(field.as_bytes());
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_hits_only_for_same_text_and_context() {
        let mut s = Session::default();
        s.begin(1);
        let r = Rendered {
            html: "<p>x</p>".into(),
            text: "the prose, already in the terms".into(),
            ..Rendered::default()
        };
        let terms = DocTerms::new("Título 日本", "", &[], "prose");
        s.store("articles/a.md", "text", &r, &terms, true);
        let (kept, kept_terms) = s.cached("articles/a.md", "text").unwrap_or_default();
        assert_eq!(
            (&*kept.html, kept.text.as_str(), kept_terms),
            ("<p>x</p>", "", terms),
            "the HTML and terms are kept, the prose is not"
        );
        assert!(s.cached("articles/a.md", "edited").is_none());
        s.begin(1);
        assert!(
            s.cached("articles/a.md", "text").is_some(),
            "same context keeps the cache"
        );
        s.begin(2);
        assert!(
            s.cached("articles/a.md", "text").is_none(),
            "a new context drops it"
        );
    }
}
