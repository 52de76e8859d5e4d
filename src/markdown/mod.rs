//! The parse stage for one document: Markdown → HTML with pulldown-cmark, through event
//! adapters that highlight code (with the fence's attributes, see [`fence`]), turn GitHub
//! alerts into callouts, expand components ([`blocks`] for the block form), render math to
//! MathML when it is switched on, resolve internal links and give every heading a unique id and
//! a self-link. Knows nothing of files or templates.

mod blocks;
mod callout;
mod code;
pub mod fence;
pub mod images;
pub mod links;
pub mod shortcode;
mod tables;
mod toc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::error::Diagnostic;
use crate::highlight::Highlighter;
pub use images::{ImageInfo, ImageMap};
pub use links::LinkMap;
pub use shortcode::Shortcode;
pub use toc::TocEntry;

/// The one set of Markdown options every document is parsed with; `math` adds `$…$` and
/// `$$…$$` (`markdown.math` in `config.yaml`).
pub fn options(math: bool) -> Options {
    let base = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    match math {
        true => base | Options::ENABLE_MATH,
        false => base,
    }
}

/// Where in the HTML of a block component its rendered body goes: the build renders the
/// component's template with this in place of `body`, and the parse stage cuts it there.
pub const BODY: &str = "<!--galley:body-->";

/// How a component is used on a page.
#[derive(Debug, Clone, Copy)]
pub struct Use<'a> {
    /// The block form (with a body), not the inline one.
    pub block: bool,
    /// The name of the block component it is inside, if any.
    pub parent: Option<&'a str>,
    /// Its number on the page, from 1 (for element ids).
    pub n: usize,
}

/// Expands components. Implemented by the build, which knows the tools and the templates.
pub trait Embeds: Sync {
    /// HTML for `call` used as `at` says, or what is wrong with it. A block's HTML holds
    /// [`BODY`] once, where its body goes.
    fn embed(&self, call: &Shortcode, at: &Use<'_>) -> Result<String, String>;
}

/// One Markdown document and where it comes from.
pub struct Document<'a> {
    /// The Markdown text.
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
    /// Content path of the file (`articles/x.md`), for relative links.
    pub source: &'a str,
    /// Path shown in errors.
    pub display_path: &'a Path,
    /// The whole file, to show offending lines.
    pub file_text: &'a str,
}

/// What the parse stage needs from outside: highlighting, link targets, shortcodes.
pub struct Env<'a> {
    /// Grammar sets, shared.
    pub highlighter: &'a Highlighter,
    /// Every linkable content file.
    pub links: &'a LinkMap,
    /// The size and variants of every image the build knows, by URL.
    pub images: &'a ImageMap,
    /// Shortcode expansion.
    pub embeds: &'a dyn Embeds,
    /// Content files left out of this build (drafts, future articles), with the reason.
    pub left_out: &'a crate::content::LeftOut,
    /// What to render.
    pub pass: Pass,
    /// Whether `$…$` and `$$…$$` are math (`markdown.math` in `config.yaml`).
    pub math: bool,
}

/// What a rendering of a document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Everything.
    Whole,
    /// Everything but the body HTML: the summary (code in it highlighted), table of contents,
    /// anchors, words and text, and every problem. Cheap: code after the summary is not
    /// highlighted.
    Outline,
    /// The body HTML, table of contents and anchors of a document already outlined: no words,
    /// text or summary.
    Body,
}

/// A rendered document.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The body as HTML, shared by the pages of a build and the session that keeps it for the
    /// next one (`serve`), not copied.
    pub html: std::sync::Arc<str>,
    /// Headings of level 2 and below, nested.
    pub toc: Vec<TocEntry>,
    /// Every id given to a heading, in order.
    pub anchors: Vec<String>,
    /// Components used, in order (for example to load each tool's script).
    pub shortcodes: Vec<Shortcode>,
    /// Words of text, code included.
    pub word_count: usize,
    /// HTML of the part before a `<!-- more -->` line, if the document has one.
    pub summary_html: Option<String>,
    /// The prose as plain text (headings and paragraphs, no code blocks), for search.
    pub text: String,
    /// The text of every heading, for search.
    pub headings: Vec<String>,
    /// The text of the code blocks, for search (their identifiers, `cookieParser`, weigh
    /// least). Empty once the search terms are made, like `text`.
    #[serde(default)]
    pub code: String,
    /// How many code blocks there are (so a page loads the copy button's script).
    pub code_blocks: usize,
}

/// The line authors write to end an article's summary.
pub const MORE_MARKER: &str = "<!-- more -->";

/// Renders `doc`, or lists every problem in it (broken links, bad shortcodes).
pub fn render(doc: &Document<'_>, env: &Env<'_>) -> Result<Rendered, Vec<Diagnostic>> {
    let (mut rendered, html) = render_parts(doc, env)?;
    rendered.html = html.into();
    Ok(rendered)
}

/// The body HTML of `doc` alone ([`Pass::Body`]: a page of a one-off build), without copying
/// it into a shared string.
pub fn render_body(doc: &Document<'_>, env: &Env<'_>) -> Result<String, Vec<Diagnostic>> {
    render_parts(doc, env).map(|(_, html)| html)
}

/// What `doc` renders to, and its body HTML apart (empty for [`Pass::Outline`]).
fn render_parts(doc: &Document<'_>, env: &Env<'_>) -> Result<(Rendered, String), Vec<Diagnostic>> {
    let mut pass = FirstPass {
        doc,
        env,
        out: Vec::new(),
        problems: Vec::new(),
        line_starts: Vec::new(),
        rendered: Rendered::default(),
        tables: 0,
        heading: tables::Heading::default(),
        images: 0,
        image: None,
        summary_ahead: env.pass == Pass::Outline
            && doc.body.lines().any(|l| l.trim() == MORE_MARKER),
        open: Vec::new(),
    };
    for piece in blocks::pieces(doc.body, options(env.math)) {
        match piece {
            blocks::Piece::Markdown(range) => pass.markdown(range),
            blocks::Piece::Tag(shortcode::BlockTag::Open(call), at) => pass.open(call, at),
            blocks::Piece::Tag(shortcode::BlockTag::End, at) => pass.close(at),
            blocks::Piece::Bad(at, message) => pass.problem(at, message),
        }
    }
    pass.unclosed();
    if !pass.problems.is_empty() {
        return Err(pass.problems);
    }
    let mut rendered = pass.rendered;
    let events = headings(pass.out, &mut rendered);
    let more = (env.pass != Pass::Body)
        .then(|| {
            events
                .iter()
                .position(|e| matches!(e, Event::Html(h) if h.trim() == MORE_MARKER))
        })
        .flatten();
    if let Some(i) = more {
        let mut summary = String::new();
        pulldown_cmark::html::push_html(&mut summary, events[..i].iter().cloned());
        rendered.summary_html = Some(summary);
    }
    if env.pass == Pass::Outline {
        return Ok((rendered, String::new()));
    }
    let mut html = String::with_capacity(doc.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Ok((rendered, html))
}

struct FirstPass<'d, 'e> {
    doc: &'d Document<'d>,
    env: &'e Env<'e>,
    out: Vec<Event<'d>>,
    problems: Vec<Diagnostic>,
    /// Byte offset of each body line's start, made on the first problem.
    line_starts: Vec<usize>,
    rendered: Rendered,
    tables: usize,
    /// The nearest heading so far, which names the tables under it.
    heading: tables::Heading,
    /// Images seen so far: all but the first load lazily.
    images: usize,
    /// A sized image being read: its `<img>` is written at its end, with the alt text.
    image: Option<images::PendingImage<'e>>,
    /// In outline, whether a summary is still being read (so its code must be highlighted).
    summary_ahead: bool,
    /// Block components open at this point, outermost first.
    open: Vec<components::Open>,
}

/// The events of a piece of the body, with byte ranges in the whole body.
struct Events<'d> {
    inner: pulldown_cmark::OffsetIter<'d, pulldown_cmark::DefaultBrokenLinkCallback>,
    base: usize,
}

impl<'d> Iterator for Events<'d> {
    type Item = (Event<'d>, Range<usize>);
    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.inner.next()?;
        Some((event, range.start + self.base..range.end + self.base))
    }
}

impl<'d> FirstPass<'d, '_> {
    /// Parses the Markdown in `range` of the body (between component tags).
    fn markdown(&mut self, range: Range<usize>) {
        let text = &self.doc.body[range.clone()];
        let mut events = Events {
            inner: Parser::new_ext(text, options(self.env.math)).into_offset_iter(),
            base: range.start,
        };
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind, range, &mut events),
                Event::Start(Tag::Paragraph) => self.paragraph(range, &mut events),
                other => self.event(other, range),
            }
        }
    }

    /// Records a problem at byte `offset` of the body.
    ///
    /// Lines are found with an index of line starts built once per document: counting the
    /// newlines before each problem, then scanning the file again for its line
    /// (`Diagnostic::at`), made a document with a problem on every line quadratic (a 1 MB
    /// article with a broken link per line took minutes). The line shown is taken from the
    /// body, which is the end of the file.
    fn problem(&mut self, offset: usize, message: String) {
        self.problem_with_help(offset, message, None);
    }

    /// Records a problem at byte `offset` of the body, with a hint such as "did you mean".
    fn problem_with_help(&mut self, offset: usize, message: String, help: Option<String>) {
        let body = self.doc.body;
        if self.line_starts.is_empty() {
            let after_newlines = body.match_indices('\n').map(|(i, _)| i + 1);
            self.line_starts = std::iter::once(0).chain(after_newlines).collect();
        }
        let offset = offset.min(body.len());
        let index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[index];
        let next = self.line_starts.get(index + 1).copied();
        let mut d = Diagnostic::file(self.doc.display_path, message);
        d.line = Some(self.doc.body_line + index);
        d.column = Some(offset - start + 1);
        // As `str::lines` would give it: no line past a final newline, no `\r` of a `\r\n`.
        d.source_line = match next {
            Some(next) => {
                let line = &body[start..next - 1];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => (start < body.len()).then(|| &body[start..]),
        }
        .map(str::to_owned);
        d.help = help;
        self.problems.push(d);
    }

    /// Ordinary events: links rewritten, tables wrapped for scrolling, words counted.
    fn event(&mut self, event: Event<'d>, range: Range<usize>) {
        if self.image.is_some() {
            return self.image_part(event);
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link(dest_url, range.start);
                self.out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link(dest_url, range.start);
                if self.start_image(&dest_url, &title) {
                    return;
                }
                self.out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
                self.heading.enter(matches!(event, Event::Start(_)));
                self.out.push(event);
            }
            Event::Start(Tag::Table(align)) => self.open_table(align),
            Event::End(TagEnd::Table) => {
                self.out.push(Event::End(TagEnd::Table));
                self.out.push(Event::Html("</div>".into()));
            }
            Event::TaskListMarker(done) => self.task_marker(done),
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.out.push(Event::Html(callout::open(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.out.push(Event::Html(callout::CLOSE.into()));
            }
            Event::Text(text) => {
                if let Some(i) = shortcode::looks_like_shortcode(&text) {
                    self.problem(range.start + i, "a shortcode must stand alone on its own line, with blank lines around it; to show it as text, put it in `code`".into());
                } else if let Some(i) = shortcode::looks_like_block_tag(&text) {
                    self.problem(range.start + i, "a component tag (`{% … %}`) must stand alone on its own line; to show it as text, put it in `code`".into());
                }
                self.heading.text(&text);
                self.words(&text);
                self.out.push(Event::Text(text));
            }
            Event::Html(html) if html.trim() == MORE_MARKER => {
                if let Some(open) = self.open.last() {
                    let message = format!("`{MORE_MARKER}` inside the `{}` component: the summary must end outside components", open.name);
                    self.problem(range.start, message);
                }
                self.summary_ahead = false;
                self.out.push(Event::Html(html));
            }
            Event::InlineMath(tex) => self.math(&tex, false, range.start),
            Event::DisplayMath(tex) => self.math(&tex, true, range.start),
            Event::Code(code) => {
                self.heading.text(&code);
                self.words(&code);
                self.out.push(Event::Code(code));
            }
            other => self.out.push(other),
        }
    }

    /// Counts the words of prose and keeps its text, unless only the body is wanted.
    fn words(&mut self, text: &str) {
        if self.env.pass != Pass::Body {
            self.rendered.word_count += text.split_whitespace().count();
            self.rendered.text.push_str(text);
            self.rendered.text.push(' ');
        }
    }

    fn link(&mut self, dest: CowStr<'d>, offset: usize) -> CowStr<'d> {
        match links::resolve(&dest, self.doc.source, self.env.links) {
            links::Resolved::External => dest,
            links::Resolved::Url(url) => url.into(),
            links::Resolved::Missing(path) => {
                let message = match self.env.left_out.get(&path) {
                    Some(why) => format!(
                        "link to content/{path}, which is left out of this build: it is {why}"
                    ),
                    None => format!("link to a missing file: `{dest}` (looked for content/{path})"),
                };
                self.problem(offset, message);
                dest
            }
        }
    }

    /// A paragraph that is exactly one shortcode becomes the shortcode's HTML.
    fn paragraph(&mut self, start: Range<usize>, events: &mut Events<'d>) {
        let mut inner = Vec::new();
        let mut end = start.clone();
        for (event, range) in events.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                end = range;
                break;
            }
            inner.push((event, range));
        }
        let only_text = inner
            .iter()
            .all(|(e, _)| matches!(e, Event::Text(_) | Event::SoftBreak));
        if only_text && !inner.is_empty() {
            let text = &self.doc.body[start.start..end.end];
            match shortcode::parse(text) {
                Ok(Some(call)) => return self.shortcode(call, start.start),
                Err((at, msg)) => return self.problem(start.start + at, msg),
                Ok(None) => {}
            }
        }
        self.out.push(Event::Start(Tag::Paragraph));
        for (event, range) in inner {
            self.event(event, range);
        }
        self.out.push(Event::End(TagEnd::Paragraph));
    }
}

/// Gives each heading a unique id and a self-link, and collects the table of contents.
fn headings<'a>(events: Vec<Event<'a>>, rendered: &mut Rendered) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut flat = Vec::new();
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        let Event::Start(Tag::Heading {
            level, id, classes, ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        let inner: Vec<Event<'a>> = iter
            .by_ref()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .collect();
        let text = plain_text(&inner);
        let base = id
            .map(|i| i.to_string())
            .unwrap_or_else(|| crate::slug::slugify(&text));
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let id = unique(&base, &mut used);
        let mut inner_html = String::new();
        pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
        let n = level as usize;
        let mut html = format!("<h{n} id=\"");
        escape_html(&mut html, &id).ok();
        html.push('"');
        if !classes.is_empty() {
            html.push_str(" class=\"");
            escape_html(&mut html, &classes.join(" ")).ok();
            html.push('"');
        }
        html.push('>');
        html.push_str(&inner_html);
        html.push_str("<a class=\"anchor\" href=\"#");
        escape_href(&mut html, &id).ok();
        html.push_str("\" aria-label=\"Link to this section: ");
        escape_html(&mut html, &text).ok();
        html.push_str(&format!("\">#</a></h{n}>\n"));
        out.push(Event::Html(html.into()));
        if level != HeadingLevel::H1 {
            flat.push((n, id.clone(), text.clone()));
        }
        rendered.anchors.push(id);
        rendered.headings.push(text);
    }
    rendered.toc = toc::nest(flat);
    out
}

fn unique(base: &str, used: &mut HashMap<String, usize>) -> String {
    let mut candidate = base.to_string();
    while let Some(count) = used.get_mut(&candidate) {
        *count += 1;
        candidate = format!("{base}-{}", *count - 1);
    }
    used.insert(candidate.clone(), 1);
    candidate
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

mod components;
mod math;

#[cfg(test)]
mod tests;
