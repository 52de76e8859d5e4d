//! Finding where a problem in a rendered page was written: the line of the source Markdown (or
//! template) that holds the link, found by searching the file's text for the URL.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::Article;
use crate::error::Diagnostic;
use crate::index::Site;

use super::scan::decode;

/// A file a page was made from.
struct Source<'a> {
    path: &'a Path,
    text: Text<'a>,
    /// Line where the body starts: links are searched for after the front matter.
    body_line: usize,
}

/// A source's text: kept whole, or an article's body read again (a session keeps an
/// article's body rendered, not its Markdown), only when a problem is to be located in it.
enum Text<'a> {
    Kept(&'a str),
    Article(&'a Article),
}

impl<'a> Source<'a> {
    /// The whole text and the byte offset of its body.
    fn text(&self) -> (Cow<'a, str>, usize) {
        let text = match self.text {
            Text::Kept(text) => Cow::Borrowed(text),
            Text::Article(a) => a.reload().unwrap_or(Cow::Borrowed(&a.file_text)),
        };
        let body_start = text
            .split_inclusive('\n')
            .take(self.body_line.saturating_sub(1))
            .map(str::len)
            .sum();
        (text, body_start)
    }
}

/// The source of every page that has one, and the site's templates for the rest.
pub struct Sources<'a> {
    pages: HashMap<String, Source<'a>>,
    templates: Vec<(PathBuf, String)>,
}

impl<'a> Sources<'a> {
    /// Maps each article and tool page (by its output path) to its Markdown file, and reads
    /// the templates under `root`.
    pub fn new(site: &'a Site, base_path: &str, root: &Path) -> Self {
        let mut pages = HashMap::new();
        let page_key =
            |url: &str| format!("{}index.html", url.strip_prefix(base_path).unwrap_or(url));
        for p in &site.pages {
            let a = &p.article;
            pages.insert(
                page_key(&p.url),
                Source {
                    path: &a.display_path,
                    text: Text::Article(a),
                    body_line: a.body_line,
                },
            );
        }
        for t in &site.tools {
            pages.insert(
                page_key(&t.url),
                Source {
                    path: &t.tool.display_path,
                    text: Text::Kept(&t.tool.file_text),
                    body_line: t.tool.body_line,
                },
            );
        }
        Self {
            pages,
            templates: read_templates(root),
        }
    }

    /// A diagnostic for `message` about `url` on `page`: at the line of the page's Markdown
    /// that holds the URL, else of a template that does, else `None` (a generated page).
    pub fn locate(&self, page: &str, url: &str, message: &str) -> Option<Diagnostic> {
        let candidates = candidates(url);
        if let Some(src) = self.pages.get(page) {
            let (text, body_start) = src.text();
            if let Some(at) = find(&text[body_start..], &candidates) {
                let (line, column) = line_col(&text, body_start + at);
                return Some(Diagnostic::at(src.path, &text, line, column, message));
            }
        }
        // Only the URL as written: template URLs are built by functions, so a fragment alone
        // would match unrelated text.
        for (path, text) in &self.templates {
            if let Some(at) = find(text, &candidates[..1]) {
                let (line, column) = line_col(text, at);
                return Some(Diagnostic::at(path, text, line, column, message));
            }
        }
        None
    }
}

impl Sources<'_> {
    /// A diagnostic for `message` about `url` on `page`, only where the page's own Markdown
    /// holds the URL: as written, or as the file name a bundle's `diagram.png` became.
    pub fn locate_in_markdown(&self, page: &str, url: &str, message: &str) -> Option<Diagnostic> {
        let src = self.pages.get(page)?;
        let mut candidates = candidates(url);
        let name = url.rsplit('/').next().unwrap_or(url);
        candidates.extend([name.to_string(), decode(name)]);
        candidates.retain(|c| !c.is_empty());
        let (text, body_start) = src.text();
        let at = find(&text[body_start..], &candidates)?;
        let (line, column) = line_col(&text, body_start + at);
        Some(Diagnostic::at(src.path, &text, line, column, message))
    }

    /// A diagnostic at the `nth` empty link destination (`]()`) of `page`'s Markdown.
    pub fn locate_empty(&self, page: &str, nth: usize, message: &str) -> Option<Diagnostic> {
        let src = self.pages.get(page)?;
        let (text, body_start) = src.text();
        let (at, _) = text[body_start..].match_indices("]()").nth(nth)?;
        let (line, column) = line_col(&text, body_start + at + 1);
        Some(Diagnostic::at(src.path, &text, line, column, message))
    }
}

fn read_templates(root: &Path) -> Vec<(PathBuf, String)> {
    let dir = root.join("templates");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        if entry.file_type().is_file() {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                out.push((rel.to_path_buf(), text));
            }
        }
    }
    out
}

/// Texts that may stand for `url` in the source: as written, percent-decoded, and the
/// `#fragment` alone (`@/articles/b.md#x` became `/articles/b/#x`).
fn candidates(url: &str) -> Vec<String> {
    let mut out = vec![url.to_string(), decode(url)];
    if let Some(i) = url.find('#') {
        out.push(url[i..].to_string());
        out.push(decode(&url[i..]));
    }
    out.retain(|c| !c.is_empty() && c != "#");
    out.dedup();
    out
}

/// The first place one of `candidates` occurs, preferring places where it starts a link
/// destination (after `(`, a quote or `<`).
fn find(text: &str, candidates: &[String]) -> Option<usize> {
    for c in candidates {
        let mut first = None;
        for (at, _) in text.match_indices(c.as_str()) {
            first.get_or_insert(at);
            if text[..at].ends_with(['(', '"', '\'', '<']) {
                return Some(at);
            }
        }
        if first.is_some() {
            return first;
        }
    }
    None
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_link_destinations_and_falls_back_to_fragments() {
        let text = "see /x/ here\n[a](/x/)\n[b](@/articles/b.md#gone)\n";
        let at = find(text, &candidates("/x/")).unwrap();
        assert_eq!(line_col(text, at), (2, 5));
        let at = find(text, &candidates("/articles/b/#gone")).unwrap();
        assert_eq!(line_col(text, at), (3, 20));
    }
}
