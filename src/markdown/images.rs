//! Images in Markdown with a known size: `width`/`height` from the file (so the page does not
//! move while it loads), `loading="lazy"` after the first, and a `srcset` of the resized
//! variants the build makes. The sizes come from the build as data ([`ImageMap`]).

use pulldown_cmark::{Event, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::collections::HashMap;

use super::FirstPass;

/// URL of an image (as links resolve to it) → what the page may say about it.
pub type ImageMap = HashMap<String, ImageInfo>;

/// An image file's size and its resized variants.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImageInfo {
    /// Width in pixels (CSS pixels for SVG).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Resized variants as (URL, width), narrowest first; empty for SVG and small images.
    pub srcset: Vec<(String, u32)>,
}

/// An image whose size is known, waiting for its alt text.
pub(super) struct PendingImage<'e> {
    src: String,
    title: String,
    alt: String,
    info: &'e ImageInfo,
    first: bool,
}

impl<'e> FirstPass<'_, 'e> {
    /// Counts an image, and starts reading it if its size is known (its `<img>` is written
    /// at its end); `false` leaves it to pulldown-cmark.
    pub(super) fn start_image(&mut self, src: &str, title: &str) -> bool {
        self.images += 1;
        let env: &'e super::Env<'e> = self.env;
        let Some(info) = env.images.get(src) else {
            return false;
        };
        self.image = Some(PendingImage {
            src: src.to_string(),
            title: title.to_string(),
            alt: String::new(),
            info,
            first: self.images == 1,
        });
        true
    }

    /// An event inside a sized image: its alt text, or its end.
    pub(super) fn image_part(&mut self, event: Event<'_>) {
        let Some(image) = &mut self.image else { return };
        match event {
            Event::Text(t) | Event::Code(t) => image.alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::End(TagEnd::Image) => {
                let i = image;
                let tag = img_tag(&i.src, &i.alt, &i.title, i.info, i.first);
                self.out.push(Event::InlineHtml(tag.into()));
                self.image = None;
            }
            _ => {}
        }
    }
}

/// The width the article column shows images at (`--measure` in `site.css`), for `sizes`.
pub const SIZES: &str = "(max-width: 46rem) 100vw, 46rem";

/// The `<img>` tag for `src` (already resolved) with `alt` text and an optional `title`.
/// `first` is whether it is the page's first image: that one is likely in view, so it loads
/// at once.
pub fn img_tag(src: &str, alt: &str, title: &str, info: &ImageInfo, first: bool) -> String {
    let mut html = String::from("<img src=\"");
    escape_href(&mut html, src).ok();
    html.push_str("\" alt=\"");
    escape_html(&mut html, alt).ok();
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        escape_html(&mut html, title).ok();
        html.push('"');
    }
    html.push_str(&format!(
        " width=\"{}\" height=\"{}\"",
        info.width, info.height
    ));
    if !info.srcset.is_empty() {
        html.push_str(" srcset=\"");
        for (url, w) in &info.srcset {
            escape_href(&mut html, url).ok();
            html.push_str(&format!(" {w}w, "));
        }
        escape_href(&mut html, src).ok();
        html.push_str(&format!(" {}w\" sizes=\"{SIZES}\"", info.width));
    }
    if !first {
        html.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    html.push_str(" />");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_lazy_and_with_variants() {
        let info = ImageInfo {
            width: 1600,
            height: 1000,
            srcset: vec![("/a/d.480.webp".into(), 480), ("/a/d.960.webp".into(), 960)],
        };
        assert_eq!(
            img_tag("/a/d.png", "A \"flow\"", "", &info, false),
            "<img src=\"/a/d.png\" alt=\"A &quot;flow&quot;\" width=\"1600\" height=\"1000\" \
             srcset=\"/a/d.480.webp 480w, /a/d.960.webp 960w, /a/d.png 1600w\" \
             sizes=\"(max-width: 46rem) 100vw, 46rem\" loading=\"lazy\" decoding=\"async\" />"
        );
        let svg = ImageInfo {
            width: 640,
            height: 320,
            srcset: vec![],
        };
        assert_eq!(
            img_tag("/a/f.svg", "Flow", "T", &svg, true),
            "<img src=\"/a/f.svg\" alt=\"Flow\" title=\"T\" width=\"640\" height=\"320\" />"
        );
    }
}
