//! Markup that pulldown-cmark's own HTML lacks for accessibility: scrollable table regions
//! and labelled task-list checkboxes.

use pulldown_cmark::{Alignment, Event, Tag};

use super::FirstPass;

impl FirstPass<'_, '_> {
    /// Opens a table inside a scrollable region. Scrollable regions must be focusable, and
    /// landmark labels unique on a page.
    pub(super) fn open_table(&mut self, align: Vec<Alignment>) {
        self.tables += 1;
        let open = format!(
            r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table {}">"#,
            self.tables
        );
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
