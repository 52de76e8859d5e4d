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
use crate::packed::Packed;

/// Documents below this count build too fast for a progress bar to help.
const PROGRESS_MIN_DOCUMENTS: usize = 100;

/// The light and dark code themes and the highlight cache folder.
type ThemesKey = (String, String, PathBuf);

/// State kept between builds: rendered documents, the grammar sets, the highlighting CSS.
pub struct Session {
    /// A one-off build keeps no rendered document, so it never holds a second copy of each.
    mode: Mode,
    context: Option<u64>,
    /// Each document by source.
    rendered: HashMap<String, Kept>,
    highlighter: Highlighter,
    /// The themes and cache folder, and the two highlighting stylesheets made for them.
    stylesheet: Option<(ThemesKey, (String, String))>,
    progress: bool,
    stats: CacheStats,
    /// The copies templates asked for: kept with the documents that asked.
    resizer: Arc<Resizer>,
}

/// What a session keeps of one document, enough to skip its Markdown while its file text is
/// unchanged. Its prose is not kept (the search terms were made from it), and its body is
/// packed: a 10,000-article site's bodies are 260 MB as they are.
pub struct Kept {
    /// The hash of the file text it was made from.
    hash: u64,
    /// Summary, table of contents, anchors and the rest, without the body or the prose.
    outline: Rendered,
    html: Packed,
    terms: DocTerms,
}

impl Kept {
    /// What to keep of a document whose file is `file_text`, rendered as `rendered` (whose
    /// prose is dropped) with search terms `terms`.
    pub fn new(file_text: &str, rendered: &Rendered, terms: &DocTerms) -> Kept {
        let outline = Rendered {
            html: Arc::from(""),
            toc: rendered.toc.clone(),
            anchors: rendered.anchors.clone(),
            shortcodes: rendered.shortcodes.clone(),
            word_count: rendered.word_count,
            summary_html: rendered.summary_html.clone(),
            text: String::new(),
            headings: rendered.headings.clone(),
            code: String::new(),
            code_blocks: rendered.code_blocks,
        };
        Kept {
            hash: cache::hash64(file_text.as_bytes()),
            outline,
            html: Packed::new(rendered.html.as_bytes()),
            terms: terms.clone(),
        }
    }
}

/// Packed HTML back to text.
fn unpack(html: &Packed) -> Option<String> {
    String::from_utf8(html.unpack()).ok()
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

    /// Whether documents are kept for the next build.
    pub fn keeps(&self) -> bool {
        self.mode == Mode::Session
    }

    /// The outline and search terms made for `source` by an earlier build, if its file text
    /// is unchanged (the terms come from the title and description too, which are in the
    /// text). The body HTML is unpacked into it only `with_body`; see [`Session::body`].
    pub fn cached(
        &self,
        source: &str,
        file_text: &str,
        with_body: bool,
    ) -> Option<(Rendered, DocTerms)> {
        let kept = self.rendered.get(source)?;
        if kept.hash != cache::hash64(file_text.as_bytes()) {
            return None;
        }
        let mut rendered = kept.outline.clone();
        if with_body {
            rendered.html = Arc::from(unpack(&kept.html)?);
        }
        Some((rendered, kept.terms.clone()))
    }

    /// The body HTML kept for `source`, unpacked.
    pub fn body(&self, source: &str) -> Option<String> {
        unpack(&self.rendered.get(source)?.html)
    }

    /// Records the outcome of one document: `fresh` tells whether it was rendered just now,
    /// and `kept` is what a session keeps of it (see [`Kept::new`]).
    pub fn store(&mut self, source: &str, fresh: bool, kept: Option<Kept>) {
        if !fresh {
            self.stats.reused += 1;
            return;
        }
        self.stats.rendered += 1;
        if let Some(kept) = kept.filter(|_| self.keeps()) {
            self.rendered.insert(source.to_string(), kept);
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
        s.store("articles/a.md", true, Some(Kept::new("text", &r, &terms)));
        let (kept, kept_terms) = s.cached("articles/a.md", "text", true).unwrap_or_default();
        assert_eq!(
            (&*kept.html, kept.text.as_str(), kept_terms),
            ("<p>x</p>", "", terms),
            "the HTML and terms are kept, the prose is not"
        );
        let (outline, _) = s.cached("articles/a.md", "text", false).unwrap_or_default();
        assert_eq!(&*outline.html, "", "the body only when asked for");
        assert_eq!(s.body("articles/a.md").as_deref(), Some("<p>x</p>"));
        assert!(s.cached("articles/a.md", "edited", true).is_none());
        s.begin(1);
        assert!(
            s.cached("articles/a.md", "text", true).is_some(),
            "same context keeps the cache"
        );
        s.begin(2);
        assert!(
            s.cached("articles/a.md", "text", true).is_none(),
            "a new context drops it"
        );
    }
}
