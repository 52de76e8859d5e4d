//! Class-based HTML for one code block: one span per run of text that looks the same, in both
//! themes, and no span at all for text that looks like plain text.
//!
//! syntect's parser gives the scope operations of each line; syntect's own theme `Highlighter`
//! gives every token's scope stack its resolved style in each theme. The writer then only
//! chooses spans: it asks [`Classes`] for the class of each (light, dark) pair, keeps a span
//! open while the class stays the same, and lets whitespace that looks plain in its own class
//! and in the open span's join that span.

use rustc_hash::FxHashMap;
use std::cell::OnceCell;
use std::sync::RwLock;
use syntect::highlighting::{Highlighter as ThemeHighlighter, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::classes::{Class, ClassName, Classes};

/// Writes spans, merging neighbours of the same class.
#[derive(Default)]
pub struct SpanWriter {
    out: String,
    open: Option<(ClassName, bool)>,
}

impl SpanWriter {
    /// A writer with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> SpanWriter {
        SpanWriter {
            out: String::with_capacity(capacity),
            open: None,
        }
    }

    /// Appends `text` (not empty), styled as `class`.
    pub fn token(&mut self, text: &str, class: Class) {
        let blank = text.bytes().all(|b| b.is_ascii_whitespace());
        let open_is_plain_for_blanks = self.open.is_none_or(|(_, plain)| plain);
        let same = match (self.open, class.name) {
            (Some((open, _)), Some(name)) => open == name,
            (None, None) => true,
            _ => false,
        };
        let joins_open_span = blank && class.blank_is_plain && open_is_plain_for_blanks;
        if !(same || joins_open_span) {
            self.close();
            if let Some(name) = class.name {
                self.out.push_str("<span class=\"");
                self.out.push_str(name.as_str());
                self.out.push_str("\">");
                self.open = Some((name, class.blank_is_plain));
            }
        }
        pulldown_cmark_escape::escape_html_body_text(&mut self.out, text).ok();
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.out.push_str("</span>");
        }
    }

    /// The HTML, every span closed.
    pub fn finish(mut self) -> String {
        self.close();
        self.out
    }
}

/// The class of every scope stack seen so far, shared by all the blocks (and threads) of one
/// highlighter: resolving a stack against two themes is syntect's selector matching, and the
/// same few hundred stacks come back in every block of a language.
#[derive(Default)]
pub struct StyleCache {
    known: RwLock<FxHashMap<Vec<Scope>, Class>>,
}

impl StyleCache {
    fn get(&self, stack: &[Scope]) -> Option<Class> {
        self.known
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(stack)
            .copied()
    }

    fn insert(&self, stack: &[Scope], class: Class) {
        let mut known = self.known.write().unwrap_or_else(|e| e.into_inner());
        known.insert(stack.to_vec(), class);
    }
}

/// What [`write`] needs besides the block: the grammar set, the two themes, their classes and
/// the classes already resolved.
pub struct Styler<'a> {
    /// The set the syntax belongs to.
    pub set: &'a SyntaxSet,
    /// The light theme.
    pub light: &'a Theme,
    /// The dark theme.
    pub dark: &'a Theme,
    /// The class vocabulary of the two themes.
    pub classes: &'a Classes,
    /// Classes of the scope stacks of earlier blocks.
    pub cache: &'a StyleCache,
}

/// Highlights `code` with `syntax`; `None` if syntect fails on it (the caller shows it plain).
///
/// The style of a token depends only on its scope stack, and a site has far fewer distinct
/// stacks than tokens: each stack's class is resolved once per highlighter ([`StyleCache`]),
/// with syntect's `Highlighter::style_for_stack` for each theme (what its `HighlightIterator`
/// computes incrementally). A block keeps its own copy of the classes it met, so most tokens
/// take no lock.
pub fn write(code: &str, syntax: &SyntaxReference, s: &Styler<'_>) -> Option<String> {
    let themes = OnceCell::new();
    let plain = s.classes.class_of(0, 0);
    let mut known: FxHashMap<Vec<Scope>, Class> = FxHashMap::default();
    let mut class_of = |stack: &[Scope]| -> Option<Class> {
        if stack.is_empty() {
            return Some(plain);
        }
        if let Some(c) = known.get(stack) {
            return Some(*c);
        }
        let c = match s.cache.get(stack) {
            Some(c) => c,
            None => {
                let (light, dark) = themes.get_or_init(|| {
                    (
                        ThemeHighlighter::new(s.light),
                        ThemeHighlighter::new(s.dark),
                    )
                });
                let c = s
                    .classes
                    .class(light.style_for_stack(stack), dark.style_for_stack(stack))?;
                s.cache.insert(stack, c);
                c
            }
        };
        known.insert(stack.to_vec(), c);
        Some(c)
    };
    let mut stack = ScopeStack::new();
    let mut parser = ParseState::new(syntax);
    let mut w = SpanWriter::with_capacity(code.len() * 2);
    for line in LinesWithEndings::from(code) {
        let ops = parser.parse_line(line, s.set).ok()?;
        let mut pos = 0;
        for (at, op) in ops
            .iter()
            .chain(std::iter::once(&(line.len(), ScopeStackOp::Noop)))
        {
            let at = (*at).min(line.len());
            if at > pos {
                w.token(line.get(pos..at)?, class_of(stack.as_slice())?);
                pos = at;
            }
            stack.apply(op).ok()?;
        }
    }
    Some(w.finish())
}
