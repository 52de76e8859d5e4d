//! The load stage: walk `content/`, read every file, split and check its front matter.
//! Produces plain data ([`Content`]) and every problem found, never just the first.

pub mod aliases;
pub mod article;
pub mod author;
pub mod bundle;
pub(crate) mod data;
pub mod front_matter;
pub mod series;
pub mod standalone;
pub mod tool;

use crate::mode::Mode;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics, Result};
use crate::yaml::YamlBlock;
pub use article::{Article, Located};
pub use author::Author;
pub use bundle::Attachment;
pub use series::Series;
pub use standalone::Standalone;
pub use tool::Tool;

/// Files larger than this are refused: no article is 10 MB of prose, and reading one that big
/// by mistake (a log, a video renamed .md) would only slow the build down.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Everything `content/` holds, checked.
#[derive(Debug, Default)]
pub struct Content {
    /// Articles, sorted by source path.
    pub articles: Vec<Article>,
    /// Tool declarations, sorted by source path.
    pub tools: Vec<Tool>,
    /// Standalone pages, sorted by source path.
    pub pages: Vec<Standalone>,
    /// Series declarations, sorted by source path.
    pub series: Vec<Series>,
    /// Author declarations, sorted by source path.
    pub authors: Vec<Author>,
    /// Content paths of the files that could not be loaded (their problems are reported).
    pub failed: Vec<String>,
    /// Documents left out of this build, by content path, with the reason: links to them
    /// are still errors, but the message says why.
    pub left_out: LeftOut,
    /// Files kept beside an article's or a page's `index.md` (images, downloads), sorted by
    /// content path: published beside the page.
    pub attachments: Vec<Attachment>,
}

/// The documents of a site, by kind, as the parse stage takes them.
pub struct Documents {
    pub articles: Vec<Article>,
    pub tools: Vec<Tool>,
    pub pages: Vec<Standalone>,
    pub series: Vec<Series>,
    pub authors: Vec<Author>,
}

impl Content {
    /// Moves the documents out, leaving the rest (failed and left-out files).
    pub fn take_documents(&mut self) -> Documents {
        Documents {
            articles: std::mem::take(&mut self.articles),
            tools: std::mem::take(&mut self.tools),
            pages: std::mem::take(&mut self.pages),
            series: std::mem::take(&mut self.series),
            authors: std::mem::take(&mut self.authors),
        }
    }
}

/// Content path → why the article is not in this build.
pub type LeftOut = std::collections::HashMap<String, &'static str>;

/// What kind of file a content path is: one per folder of `content/`.
#[derive(Clone, Copy)]
enum Kind {
    Article,
    Tool,
    Page,
    Series,
    Author,
}

/// Each kind's folder under `content/`.
const FOLDERS: [(&str, Kind); 5] = [
    ("articles", Kind::Article),
    ("tools", Kind::Tool),
    ("pages", Kind::Page),
    ("series", Kind::Series),
    ("authors", Kind::Author),
];

/// Loads every file that can be loaded, and lists the problems of the others, so that later
/// stages can still check the good files and one run reports every broken file. Files that
/// failed keep their place in [`Content::failed`]. In a [`Mode::OneOff`] build each article's
/// body is freed as soon as its front matter is checked and read again when it is needed
/// ([`Article::reload`]), so a large site's sources are never all held at once.
pub fn load_all(root: &Path, drafts: bool, mode: Mode, diagnostics: &mut Diagnostics) -> Content {
    let content_dir = root.join("content");
    let (files, others) = walk(&content_dir, diagnostics);
    let results: Vec<_> = files
        .par_iter()
        .map(|(rel, kind)| {
            let mut loaded = load_file(&content_dir, rel, kind);
            if let (Ok(Loaded::Article(a)), Mode::OneOff) = (&mut loaded, mode) {
                a.release_body(a.fingerprint());
            }
            loaded
        })
        .collect();
    let mut content = Content::default();
    for (result, (rel, _)) in results.into_iter().zip(&files) {
        match result {
            Ok(Loaded::Article(a)) if a.draft && !drafts => {
                content.left_out.insert(
                    a.source.clone(),
                    "a draft (build with --drafts to include it)",
                );
            }
            Ok(Loaded::Article(a)) => content.articles.push(*a),
            Ok(Loaded::Tool(t)) => content.tools.push(*t),
            Ok(Loaded::Page(p)) if p.draft && !drafts => {
                content.left_out.insert(
                    p.source.clone(),
                    "a draft (build with --drafts to include it)",
                );
            }
            Ok(Loaded::Page(p)) => content.pages.push(*p),
            Ok(Loaded::Series(x)) => content.series.push(*x),
            Ok(Loaded::Author(x)) => content.authors.push(*x),
            Err(list) => {
                diagnostics.extend(list);
                content.failed.push(rel.clone());
            }
        }
    }
    content.attachments = bundle::attach(&content_dir, others, &files);
    content
}

/// Loads the one article at `rel` (a path under `content/articles/`, `/`-separated) with its
/// text kept, for `serve`'s first answer to an edit; `None` if it is not an article's file or
/// does not load (the full rebuild that follows reports why).
pub fn load_article(root: &Path, rel: &str) -> Option<Article> {
    if !rel.starts_with("articles/") || !rel.ends_with(".md") {
        return None;
    }
    match load_file(&root.join("content"), rel, &Kind::Article) {
        Ok(Loaded::Article(a)) => Some(*a),
        _ => None,
    }
}

/// Lists the Markdown files under each kind's folder ([`FOLDERS`]), sorted, as paths relative
/// to `content/` with `/` separators; and the other files of the folders that may hold bundles
/// (articles and pages), for [`bundle::attach`].
fn walk(content_dir: &Path, diagnostics: &mut Diagnostics) -> (Vec<(String, Kind)>, Vec<String>) {
    let mut files = Vec::new();
    let mut others = Vec::new();
    for (folder, kind) in FOLDERS {
        let dir = content_dir.join(folder);
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| dir.clone());
                    diagnostics.push(Diagnostic::file(
                        display(content_dir, &path),
                        walk_error(content_dir, &e),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = path.strip_prefix(content_dir) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if path.extension().is_some_and(|e| e == "md") {
                files.push((rel, kind));
            } else if matches!(kind, Kind::Article | Kind::Page) {
                others.push(rel);
            }
        }
    }
    (files, others)
}

fn walk_error(content_dir: &Path, e: &walkdir::Error) -> String {
    if let Some(ancestor) = e.loop_ancestor() {
        // Shown relative to the site root like every other path (`content/articles`), not as
        // the full path walkdir holds (`/home/me/site/content/articles`).
        format!(
            "symbolic link loop: this folder links back to {}",
            display(content_dir, ancestor).display()
        )
    } else {
        format!("cannot read: {e}")
    }
}

/// The path shown to users: relative to the site root (`content/articles/x.md`).
fn display(content_dir: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(content_dir) {
        Ok(rel) => Path::new("content").join(rel),
        Err(_) => path.to_path_buf(),
    }
}

enum Loaded {
    Article(Box<Article>),
    Tool(Box<Tool>),
    Page(Box<Standalone>),
    Series(Box<Series>),
    Author(Box<Author>),
}

fn load_file(content_dir: &Path, rel: &str, kind: &Kind) -> Result<Loaded, Vec<Diagnostic>> {
    let path = content_dir.join(rel);
    let shown = display(content_dir, &path);
    let text = read_text(&path, &shown, &MARKDOWN).map_err(|d| vec![d])?;
    let split = front_matter::split(&text).map_err(|e| vec![split_error(&shown, &text, e)])?;
    let block = YamlBlock {
        path: &shown,
        file_text: &text,
        yaml: split.yaml,
        first_line: split.yaml_line,
    };
    match kind {
        Kind::Article => Article::check(rel.to_string(), &block, split.body, split.body_line)
            .map(|a| Loaded::Article(Box::new(Article { path, ..a }))),
        Kind::Tool => Tool::check(rel.to_string(), &block, split.body, split.body_line)
            .map(|t| Loaded::Tool(Box::new(t))),
        Kind::Page => Standalone::check(rel.to_string(), &block, split.body, split.body_line)
            .map(|p| Loaded::Page(Box::new(p))),
        Kind::Series => Series::check(rel.to_string(), &block, split.body, split.body_line)
            .map(|x| Loaded::Series(Box::new(x))),
        Kind::Author => Author::check(rel.to_string(), &block, split.body, split.body_line)
            .map(|x| Loaded::Author(Box::new(x))),
    }
}

/// What a text file is, for the messages of [`read_text`].
pub(crate) struct TextKind {
    /// `articles`, `data files`: what the size limit is about.
    pub plural: &'static str,
    /// `Markdown text`, `a data file`: what the file should have been.
    pub noun: &'static str,
}

const MARKDOWN: TextKind = TextKind {
    plural: "articles",
    noun: "Markdown text",
};

/// Reads a file as UTF-8 text, refusing huge and binary files with a clear message; an
/// invalid byte is placed at its line and column (in characters).
pub(crate) fn read_text(path: &Path, shown: &Path, kind: &TextKind) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::file(shown, format!("cannot read: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.len() > MAX_FILE_BYTES {
        let (size, limit) = (meta.len() / (1024 * 1024), MAX_FILE_BYTES / (1024 * 1024));
        let message = format!(
            "file is {size} MB; {} are limited to {limit} MB",
            kind.plural
        );
        return Err(Diagnostic::file(shown, message));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    // The memchr crate's search is vectorised; `<[u8]>::contains` went byte by byte, a
    // noticeable part of a warm build that reads every file.
    if memchr::memchr(0, &bytes).is_some() {
        let message = format!(
            "this is a binary file, not {} (it contains NUL bytes)",
            kind.noun
        );
        return Err(Diagnostic::file(shown, message));
    }
    String::from_utf8(bytes).map_err(|e| {
        let prefix = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
        let start = prefix.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
        let mut d = Diagnostic::file(shown, format!("file is not valid UTF-8 (invalid byte at line {line}, column {col}); save it as UTF-8"));
        d.line = Some(line);
        d.column = Some(col);
        d
    })
}

fn split_error(shown: &Path, text: &str, e: front_matter::SplitError) -> Diagnostic {
    match e {
        front_matter::SplitError::Missing if text.trim().is_empty() => {
            Diagnostic::file(shown, "file is empty; an article needs front matter between `---` lines and a body")
        }
        front_matter::SplitError::Missing => Diagnostic::at(shown, text, 1, 1, "expected front matter: the file must start with a `---` line")
            .with_help("start the file with `---`, then `title:`, `description:` and `date:` lines, then `---`"),
        front_matter::SplitError::Unterminated => Diagnostic::at(shown, text, 1, 1, "front matter is not closed: no `---` line after this one"),
    }
}
