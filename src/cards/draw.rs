//! Drawing one card: the site's `templates/card.svg` (or galley's) rendered by Tera with the
//! card's data, every value escaped, then drawn by resvg at 1200×630 and encoded as PNG.
//!
//! The template is rendered alone, with one function of its own, `wrap`, which lays a text out
//! in lines that fit a width (see [`super::text`]), measured with the same fonts and the same
//! text layout (usvg's) that draw the card.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use serde::{Deserialize, Serialize};
use tera::{Context, Kwargs, State, Tera};

use super::fonts::{resolver, Missing};
use super::text::{self, Frame, MEASURE_SIZE};
use crate::error::Diagnostic;

/// The card template's name under `templates/`.
pub const TEMPLATE: &str = "card.svg";

/// galley's card template, for a site without its own.
const BUILT_IN: &str = include_str!("../../templates/card.svg");

/// The size of every card, in pixels: what Open Graph and X (Twitter) show large.
pub const WIDTH: u32 = 1200;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 630;

/// A card's data, as `card` in the template.
#[derive(Debug, Clone, Serialize)]
pub struct CardCtx {
    /// `article` or `page`.
    pub kind: &'static str,
    /// The page's title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// The site's title.
    pub site: String,
    /// The host and path of the site (`devtools.example.com`), to print as an address.
    pub domain: String,
    /// The article's category, if any.
    pub category: Option<String>,
    /// `2026-03-10`, if the page has a date.
    pub date: Option<String>,
    /// `March 10, 2026`.
    pub date_display: Option<String>,
    /// The authors' names.
    pub authors: Vec<String>,
    /// Whether the title reads from right to left.
    pub rtl: bool,
    /// The site's language (`en`).
    pub language: String,
}

/// The card template's text and where it came from.
pub struct Template {
    /// `templates/card.svg`, or galley's own when the site has none.
    pub text: String,
    /// The file, for messages.
    pub path: PathBuf,
}

impl Template {
    /// The site's `templates/card.svg`, else galley's.
    pub fn load(root: &Path) -> Result<Template, Diagnostic> {
        let shown = Path::new("templates").join(TEMPLATE);
        match std::fs::read_to_string(root.join(&shown)) {
            Ok(text) => Ok(Template { text, path: shown }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Template {
                text: BUILT_IN.to_string(),
                path: shown,
            }),
            Err(e) => Err(Diagnostic::file(shown, format!("cannot read: {e}"))),
        }
    }
}

/// The compiled template with the fonts that measure and draw.
pub struct Painter {
    tera: Tera,
    fonts: Arc<fontdb::Database>,
    path: PathBuf,
}

impl Painter {
    /// Compiles the template; a syntax error is reported at its line.
    pub fn new(template: &Template, fonts: Arc<fontdb::Database>) -> Result<Painter, Diagnostic> {
        let mut tera = Tera::new();
        tera.autoescape_on([".svg"]);
        tera.set_escape_fn(crate::templates::escape_text);
        let measuring = fonts.clone();
        tera.register_function("wrap", move |kwargs: Kwargs, _: &State| {
            wrap_function(&kwargs, &measuring)
        });
        tera.add_raw_template(TEMPLATE, &template.text)
            .map_err(|e| crate::templates::template_diagnostic(TEMPLATE, &e))?;
        Ok(Painter {
            tera,
            fonts,
            path: template.path.clone(),
        })
    }

    /// The card as PNG, and what its fonts lacked. `source` names the page in messages.
    pub fn draw(&self, card: &CardCtx, source: &Path) -> Result<(Vec<u8>, Missing), Diagnostic> {
        let mut ctx = Context::new();
        ctx.insert("card", card);
        let svg = self
            .tera
            .render(TEMPLATE, &ctx)
            .map_err(|e| crate::templates::template_diagnostic(TEMPLATE, &e))?;
        let missing = Mutex::new(Missing::default());
        let tree = parse(&svg, &self.fonts, &missing).map_err(|e| {
            let why = match e {
                usvg::Error::ParsingFailed(xml) => xml.to_string(),
                other => other.to_string(),
            };
            Diagnostic::file(
                &self.path,
                format!(
                    "the card of {} is not valid SVG: {why} (a line and column of the SVG \
                     the template wrote)",
                    source.display()
                ),
            )
        })?;
        let png = raster(&tree).ok_or_else(|| {
            Diagnostic::file(
                &self.path,
                format!("cannot draw the card of {}", source.display()),
            )
        })?;
        Ok((png, missing.into_inner().unwrap_or_default()))
    }
}

fn parse(
    svg: &str,
    fonts: &Arc<fontdb::Database>,
    missing: &Mutex<Missing>,
) -> Result<usvg::Tree, usvg::Error> {
    let options = usvg::Options {
        fontdb: fonts.clone(),
        font_resolver: resolver(missing),
        font_family: fonts.family_name(&fontdb::Family::SansSerif).to_string(),
        // A card names no file: `<image href="…">` to the disk would make the output depend
        // on files outside the cache key.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options)
}

/// The tree drawn at 1200×630 (scaled from the SVG's own size) and encoded as PNG.
fn raster(tree: &usvg::Tree) -> Option<Vec<u8>> {
    let size = tree.size();
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)?;
    let transform = tiny_skia::Transform::from_scale(
        WIDTH as f32 / size.width(),
        HEIGHT as f32 / size.height(),
    );
    resvg::render(tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

/// `wrap(text=…, width=…, size=…)`'s arguments.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrapArgs {
    text: String,
    width: f32,
    size: f32,
    #[serde(default)]
    min_size: Option<f32>,
    #[serde(default = "three")]
    max_lines: usize,
    #[serde(default = "sans")]
    family: String,
    #[serde(default = "normal")]
    weight: String,
}

fn three() -> usize {
    3
}
fn sans() -> String {
    "sans-serif".into()
}
fn normal() -> String {
    "normal".into()
}

/// What `wrap` gives the template.
#[derive(Serialize)]
struct WrapOut {
    lines: Vec<String>,
    size: f32,
}

fn wrap_function(kwargs: &Kwargs, fonts: &Arc<fontdb::Database>) -> tera::TeraResult<tera::Value> {
    let args: WrapArgs = kwargs.deserialize().map_err(|e| {
        tera::Error::message(format!(
            "wrap: {e} (it takes text, width, size, and optionally min_size, max_lines, family, weight)"
        ))
    })?;
    if !(args.width > 0.0 && args.size > 0.0 && args.width.is_finite() && args.size.is_finite()) {
        return Err(tera::Error::message(
            "wrap: `width` and `size` must be positive numbers",
        ));
    }
    let frame = Frame {
        width: args.width,
        size: args.size,
        min_size: args.min_size.unwrap_or(args.size),
        max_lines: args.max_lines,
    };
    let missing = Mutex::new(Missing::default());
    let wrapped = text::wrap(&args.text, frame, |texts| {
        measure(texts, &args.family, &args.weight, fonts, &missing)
    });
    Ok(tera::Value::from_serializable(&WrapOut {
        lines: wrapped.lines,
        size: (wrapped.size * 10.0).floor() / 10.0,
    }))
}

/// The width of each of `texts` at [`MEASURE_SIZE`] in `family`, as usvg lays it out
/// (shaping, kerning, fallback fonts, bidi; spaces at the ends kept), all in one document.
fn measure(
    texts: &[String],
    family: &str,
    weight: &str,
    fonts: &Arc<fontdb::Database>,
    missing: &Mutex<Missing>,
) -> Vec<f32> {
    let esc = |s: &str| {
        let mut out = Vec::new();
        let _ = crate::templates::escape_text(s, &mut out);
        String::from_utf8(out).unwrap_or_default()
    };
    let (family, weight) = (esc(family), esc(weight));
    let mut svg =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">"#);
    for (i, t) in texts.iter().enumerate() {
        svg.push_str(&format!(
            r#"<text id="m{i}" x="0" y="100" xml:space="preserve" font-family="{family}" font-weight="{weight}" font-size="{MEASURE_SIZE}">{}</text>"#,
            esc(t)
        ));
    }
    svg.push_str("</svg>");
    let mut widths = vec![0.0; texts.len()];
    if let Ok(tree) = parse(&svg, fonts, missing) {
        text_widths(tree.root(), &mut widths);
    }
    widths
}

/// The layout width of each text `m<i>` in a group, at `widths[i]`.
fn text_widths(group: &usvg::Group, widths: &mut [f32]) {
    for node in group.children() {
        match node {
            usvg::Node::Text(t) => {
                let index = t
                    .id()
                    .strip_prefix('m')
                    .and_then(|i| i.parse::<usize>().ok());
                if let Some(w) = index.and_then(|i| widths.get_mut(i)) {
                    *w = t.bounding_box().width();
                }
            }
            usvg::Node::Group(g) => text_widths(g, widths),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cards::fonts::FontFiles;

    /// A Latin title with what English and French titles hold beyond ASCII.
    const TITLE: &str = "Ça marche: déjà vu, naïve façade — “quotes”";

    fn card() -> CardCtx {
        CardCtx {
            kind: "article",
            title: TITLE.into(),
            description: "Œuvres complètes, 5 € — l’été".into(),
            site: "Le Café Ørsted".into(),
            domain: "example.com".into(),
            category: Some("Réseau".into()),
            date: Some("2026-03-10".into()),
            date_display: Some("March 10, 2026".into()),
            authors: vec!["Zoë Łukasiewicz".into(), "Nguyễn Văn Ánh".into()],
            rtl: false,
            language: "fr".into(),
        }
    }

    /// The card drawn by galley's template with the built-in fonts alone, as on a machine
    /// without fonts.
    fn draw_built_in() -> (Vec<u8>, Missing) {
        let template = Template {
            text: BUILT_IN.to_string(),
            path: PathBuf::from("templates/card.svg"),
        };
        let painter = Painter::new(&template, FontFiles::default().load()).expect("compiles");
        painter
            .draw(&card(), Path::new("content/articles/x.md"))
            .expect("draws")
    }

    #[test]
    fn a_latin_title_draws_with_the_built_in_fonts_alone() {
        let (png, missing) = draw_built_in();
        assert!(missing.chars.is_empty(), "missing {:?}", missing.chars);
        assert!(
            missing.families.is_empty(),
            "missing {:?}",
            missing.families
        );
        let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .expect("a PNG")
            .to_rgb8();
        assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
        // The title is white on the dark background: thousands of light pixels.
        let light = image
            .pixels()
            .filter(|p| p.0.iter().all(|&c| c > 200))
            .count();
        assert!(
            light > 5000,
            "only {light} light pixels: is the title drawn?"
        );
    }

    #[test]
    fn the_same_card_is_the_same_bytes() {
        assert_eq!(draw_built_in().0, draw_built_in().0);
    }
}
