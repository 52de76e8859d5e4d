//! Callouts: GitHub's alert syntax, a block quote whose first line is `[!NOTE]`, `[!TIP]`,
//! `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` (pulldown-cmark parses it with
//! `Options::ENABLE_GFM`), rendered as:
//!
//! ```html
//! <aside class="callout callout-warning" role="note">
//!   <p class="callout-title"><svg class="callout-icon" aria-hidden="true" …>…</svg>Warning</p>
//!   <p>The quoted text.</p>
//! </aside>
//! ```
//!
//! The icon is inline SVG drawn in `currentColor` (no image request), hidden from assistive
//! technology: the visible label says the kind.

use pulldown_cmark::BlockQuoteKind;

/// The class suffix, the label and the icon's SVG shapes of a kind.
fn parts(kind: BlockQuoteKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => (
            "note",
            "Note",
            r#"<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4M8 4.6v.1"/>"#,
        ),
        BlockQuoteKind::Tip => (
            "tip",
            "Tip",
            r#"<path d="M6.2 14h3.6M6 11.8h4M8 1.6a4.4 4.4 0 0 0-2.6 8V11h5.2V9.6A4.4 4.4 0 0 0 8 1.6z"/>"#,
        ),
        BlockQuoteKind::Important => (
            "important",
            "Important",
            r#"<path d="M2 2.5h12v8.6H7.2L4.3 14v-2.9H2z"/><path d="M8 4.8v3M8 9.4v.1"/>"#,
        ),
        BlockQuoteKind::Warning => (
            "warning",
            "Warning",
            r#"<path d="M8 1.8 15 14H1z"/><path d="M8 6v4M8 11.9v.1"/>"#,
        ),
        BlockQuoteKind::Caution => (
            "caution",
            "Caution",
            r#"<path d="M5.2 1.5h5.6l3.7 3.7v5.6l-3.7 3.7H5.2l-3.7-3.7V5.2z"/><path d="M8 4.6v4M8 11.2v.1"/>"#,
        ),
    }
}

/// The opening HTML of a callout of `kind`, its title included.
pub fn open(kind: BlockQuoteKind) -> String {
    let (class, label, shapes) = parts(kind);
    format!(
        "<aside class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">\
         <svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"16\" \
         height=\"16\" viewBox=\"0 0 16 16\" fill=\"none\" stroke=\"currentColor\" \
         stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">{shapes}</svg>\
         {label}</p>\n"
    )
}

/// The closing HTML of a callout.
pub const CLOSE: &str = "</aside>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_class_label_and_a_hidden_icon() {
        let kinds = [
            (BlockQuoteKind::Note, "callout-note", ">Note</p>"),
            (BlockQuoteKind::Tip, "callout-tip", ">Tip</p>"),
            (
                BlockQuoteKind::Important,
                "callout-important",
                ">Important</p>",
            ),
            (BlockQuoteKind::Warning, "callout-warning", ">Warning</p>"),
            (BlockQuoteKind::Caution, "callout-caution", ">Caution</p>"),
        ];
        for (kind, class, label) in kinds {
            let html = open(kind);
            assert!(html.starts_with(&format!("<aside class=\"callout {class}\"")));
            assert!(html.contains(label) && html.contains("aria-hidden=\"true\""));
        }
    }
}
