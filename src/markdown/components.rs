//! Components in the event stream. A component's HTML comes from [`Embeds`]; a block
//! component's HTML is cut at [`BODY`] into what goes before its body and what goes after, so
//! its body's events stay in the one stream: its headings get ids and join the table of
//! contents like any other, and the page is written by one HTML writer.

use pulldown_cmark::Event;

use super::shortcode::Shortcode;
use super::{FirstPass, Use, BODY};

/// A block component whose `{% end %}` has not come yet.
pub(super) struct Open {
    pub(super) name: String,
    /// Byte offset of its tag in the body.
    offset: usize,
    /// The HTML that goes after its body.
    after: String,
}

impl FirstPass<'_, '_> {
    /// The HTML of `call`, or records what is wrong with it.
    fn expand(&mut self, call: &Shortcode, block: bool, offset: usize) -> Option<String> {
        let at = Use {
            block,
            parent: self.open.last().map(|o| o.name.as_str()),
            n: self.rendered.shortcodes.len() + 1,
        };
        match self.env.embeds.embed(call, &at) {
            Ok(html) => {
                self.rendered.shortcodes.push(call.clone());
                Some(html)
            }
            Err(message) => {
                self.problem(offset, message);
                None
            }
        }
    }

    /// An inline component (`{{ name(…) }}` alone in a paragraph).
    pub(super) fn shortcode(&mut self, call: Shortcode, offset: usize) {
        if let Some(html) = self.expand(&call, false, offset) {
            self.out.push(Event::Html(format!("{html}\n").into()));
        }
    }

    /// `{% name(…) %}`: the component's HTML up to its body.
    pub(super) fn open(&mut self, call: Shortcode, offset: usize) {
        let html = self.expand(&call, true, offset);
        let (before, after) = match html.as_deref().map(|h| h.split_once(BODY)) {
            Some(Some((before, after))) => (before.to_string(), after.to_string()),
            Some(None) => {
                let message = format!(
                    "the template of `{}` does not show its body: write {{{{ body | safe }}}} in templates/components/{}.html",
                    call.name, call.name
                );
                self.problem(offset, message);
                Default::default()
            }
            None => Default::default(),
        };
        self.out.push(Event::Html(format!("{before}\n").into()));
        self.open.push(Open {
            name: call.name,
            offset,
            after,
        });
    }

    /// `{% end %}`: the rest of the innermost open component's HTML.
    pub(super) fn close(&mut self, offset: usize) {
        match self.open.pop() {
            Some(open) => self.out.push(Event::Html(format!("{}\n", open.after).into())),
            None => self.problem(
                offset,
                "`{% end %}` with no component open: remove it, or open one above with `{% name(…) %}`".into(),
            ),
        }
    }

    /// Reports every component still open at the end of the body, at its opening line.
    pub(super) fn unclosed(&mut self) {
        for open in std::mem::take(&mut self.open) {
            let message = format!(
                "`{}` is never closed: expected `{{% end %}}` on a line of its own after its body",
                open.name
            );
            self.problem(open.offset, message);
        }
    }
}
