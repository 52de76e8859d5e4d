//! The parse stage: every article and tool guide through [`markdown::render`], in parallel,
//! with every problem reported. A one-off build *outlines* articles (summary, table of
//! contents, search terms; the body is rendered again when its page is written), reusing the
//! previous build's outline of each unchanged file ([`outlines`]); `serve` renders documents
//! whole and keeps them in its session. [`embeds`] expands shortcodes.

pub mod embeds;
pub mod outlines;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::content::{self, Article, Author, Series, Standalone, Tool};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::incremental::{Kept, Session};
use crate::index::{DocTerms, Parsed};
use crate::markdown::{self, Document, Env, ImageMap, LinkMap, Pass};
use embeds::Components;
use outlines::{Outline, Outlines};

/// Every document after the parse stage.
pub struct ParsedAll {
    pub articles: Vec<Parsed<Article>>,
    pub tools: Vec<Parsed<Tool>>,
    pub pages: Vec<Parsed<Standalone>>,
    pub series: Vec<Parsed<Series>>,
    pub authors: Vec<Parsed<Author>>,
}

/// A content file with a Markdown body.
trait Source: Send {
    /// Whether its body HTML is asked for page by page when its page is rendered, so the
    /// site need not hold it in between (articles: most of a large site's bytes).
    const BODY_APART: bool = false;
    fn document(&self) -> Document<'_>;
    /// Title and description, for the search index.
    fn heading(&self) -> (&str, &str);
    /// Frees what the session or a page render can read again (an article's body).
    fn release(&mut self) {}
}

impl Source for Article {
    const BODY_APART: bool = true;
    fn document(&self) -> Document<'_> {
        article_document(self, &self.file_text)
    }
    fn heading(&self) -> (&str, &str) {
        (&self.title, &self.description)
    }
    fn release(&mut self) {
        self.release_body(self.fingerprint());
    }
}

/// An article's document in `text`, its whole file (kept, or read again).
pub fn article_document<'a>(a: &'a Article, text: &'a str) -> Document<'a> {
    Document {
        body: text.get(a.body_start..).unwrap_or(""),
        body_line: a.body_line,
        source: &a.source,
        display_path: &a.display_path,
        file_text: text,
    }
}

/// The kinds whose body is kept whole beside their front matter (`body`, `body_line`,
/// `file_text`): tool guides, standalone pages, series and authors (`name` is their title).
macro_rules! source_with_body {
    ($($kind:ty: $title:ident),*) => {$(
        impl Source for $kind {
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
                (&self.$title, &self.description)
            }
        }
    )*};
}

source_with_body!(Tool: title, Standalone: title, Series: title, Author: name);

/// A parsed document, whether it was rendered just now, and what a session keeps of it.
type Outcome<T> = std::result::Result<(Parsed<T>, bool, Option<Kept>), Vec<Diagnostic>>;

/// Renders the Markdown of every article, tool guide and page in parallel, and reports every
/// problem. With `outlines` (a one-off build), articles are outlined, reusing the previous
/// build's outline of an unchanged file, and their bodies released; otherwise they are
/// rendered whole, reusing what the session kept.
#[allow(clippy::too_many_arguments)]
pub fn parse_all(
    content::Documents {
        articles,
        tools,
        pages,
        series,
        authors,
    }: content::Documents,
    links: &LinkMap,
    images: &ImageMap,
    embeds: &Components<'_>,
    left_out: &content::LeftOut,
    outlines: Option<&mut Outlines>,
    math: bool,
    session: &mut Session,
) -> Result<ParsedAll> {
    let bar = session.progress_bar(
        articles.len() + tools.len() + pages.len() + series.len() + authors.len(),
        "reading",
    );
    let env = Env {
        highlighter: session.highlighter(),
        links,
        images,
        embeds,
        left_out,
        pass: if outlines.is_some() {
            Pass::Outline
        } else {
            Pass::Whole
        },
        math,
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
    let parsed_pages = parse_each(pages, &env, session, &bar);
    let parsed_series = parse_each(series, &env, session, &bar);
    let parsed_authors = parse_each(authors, &env, session, &bar);
    bar.finish_and_clear();
    let mut problems = Diagnostics::default();
    let articles = keep_ok(parsed_articles, session, &mut problems);
    let tools = keep_ok(parsed_tools, session, &mut problems);
    let pages = keep_ok(parsed_pages, session, &mut problems);
    let series = keep_ok(parsed_series, session, &mut problems);
    let authors = keep_ok(parsed_authors, session, &mut problems);
    problems.into_result()?;
    Ok(ParsedAll {
        articles,
        tools,
        pages,
        series,
        authors,
    })
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
            rendered.code = String::new();
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
    Ok((parsed, fresh, None))
}

/// Renders a document whole, or takes what the session kept of it. A session keeps what it
/// needs of a fresh one, packed here, in parallel; an article's body then lives in the
/// session alone (see [`Source::BODY_APART`]).
fn parse_whole<T: Source>(item: T, env: &Env<'_>, session: &Session) -> Outcome<T> {
    let doc = item.document();
    if let Some((rendered, terms)) = session.cached(doc.source, doc.file_text, !T::BODY_APART) {
        let parsed = Parsed {
            item,
            rendered,
            terms,
        };
        return Ok((parsed, false, None));
    }
    let mut rendered = markdown::render(&doc, env)?;
    let terms = terms_of(&item, &rendered);
    let kept = session
        .keeps()
        .then(|| Kept::new(doc.file_text, &rendered, &terms));
    if kept.is_some() && T::BODY_APART {
        rendered.html = "".into();
    }
    let parsed = Parsed {
        item,
        rendered,
        terms,
    };
    Ok((parsed, true, kept))
}

/// The search terms of a document rendered with its prose.
fn terms_of<T: Source>(item: &T, rendered: &markdown::Rendered) -> DocTerms {
    let (title, description) = item.heading();
    DocTerms::new(title, description, &rendered.headings, &rendered.text).with_code(&rendered.code)
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
            Ok((mut parsed, fresh, kept)) => {
                parsed.rendered.text = String::new();
                parsed.rendered.code = String::new();
                session.store(parsed.item.document().source, fresh, kept);
                if session.keeps() {
                    parsed.item.release();
                }
                out.push(parsed);
            }
            Err(list) => problems.extend(list),
        }
    }
    out
}
