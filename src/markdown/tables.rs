//! Markup that pulldown-cmark's own HTML lacks for accessibility: scrollable table regions
//! named after the nearest heading above them, and labelled task-list checkboxes.

use pulldown_cmark::{Alignment, Event, Tag};

use super::FirstPass;
use pulldown_cmark_escape::escape_html;

/// The nearest heading read so far, and how many tables it has named.
#[derive(Default)]
pub(super) struct Heading {
    text: String,
    inside: bool,
    tables: usize,
}

impl Heading {
    /// A heading starts (`true`: its text follows) or ends.
    pub(super) fn enter(&mut self, start: bool) {
        if start {
            self.text.clear();
            self.tables = 0;
        }
        self.inside = start;
    }

    /// Text read anywhere; kept when it is inside a heading.
    pub(super) fn text(&mut self, text: &str) {
        if self.inside {
            self.text.push_str(text);
        }
    }

    /// The name of the next table: the heading's text (numbered from the second table under
    /// the same heading, as landmark names must differ), or `Table n` before any heading.
    fn label(&mut self, n: usize) -> String {
        let text = self.text.trim();
        if text.is_empty() {
            return format!("Table {n}");
        }
        self.tables += 1;
        match self.tables {
            1 => text.to_string(),
            k => format!("{text} ({k})"),
        }
    }
}

impl FirstPass<'_, '_> {
    /// Opens a table inside a scrollable region. Scrollable regions must be focusable, and
    /// landmark labels unique on a page.
    pub(super) fn open_table(&mut self, align: Vec<Alignment>) {
        self.tables += 1;
        let label = self.heading.label(self.tables);
        let mut open =
            String::from(r#"<div class="table-wrap" tabindex="0" role="region" aria-label=""#);
        escape_html(&mut open, &label).ok();
        open.push_str("\">");
        self.out.push(Event::Html(open.into()));
        self.out.push(Event::Start(Tag::Table(align)));
    }

    /// A task-list checkbox with an accessible name.
    pub(super) fn task_marker(&mut self, done: bool) {
        let (checked, label) = if done {
            (" checked", "Done")
        } else {
            ("", "Not done")
        };
        self.out.push(Event::InlineHtml(
            format!(r#"<input type="checkbox" disabled{checked} aria-label="{label}"> "#).into(),
        ));
    }
}
