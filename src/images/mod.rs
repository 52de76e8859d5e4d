//! Images published with the site, beside their pages or under `static/`: their sizes read
//! from the files (for `width` and `height`), the resized variants planned for each (for
//! `srcset`), the originals `resize_image` may resize, and a warning for each file over
//! `images.max_bytes`. What is planned here is made by [`variants`].

pub mod resize;
pub mod variants;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::assets::Asset;
use crate::config::Config;
use crate::content::bundle::encode_path;
use crate::error::Diagnostic;
use crate::markdown::{ImageInfo, ImageMap};
use resize::Original;
use variants::Output;

/// A file published beside a page, with the content path it came from.
pub struct Attached {
    /// Content path (`articles/jwt/diagram.png`), for messages.
    pub source: String,
    /// The URL links resolve to.
    pub url: String,
    /// Its output path and bytes.
    pub asset: Asset,
}

/// What the images of a build need: their sizes and variants by URL, the variants to make and
/// the warnings found.
#[derive(Default)]
pub struct Plan {
    /// URL → size and variants, for the Markdown stage.
    pub map: ImageMap,
    /// One entry per image with variants to make.
    pub jobs: Vec<variants::Job>,
    /// The raster images `resize_image` knows, by the name templates give it
    /// (`@/articles/x/diagram.png`, `img/logo.png`).
    pub originals: HashMap<String, Original>,
    /// Images over `images.max_bytes`.
    pub warnings: Vec<Diagnostic>,
}

/// One image file of the build, as the plan reads it.
struct Image<'a> {
    /// As messages show it (`content/articles/x/a.png`, `static/img/a.png`).
    shown: PathBuf,
    /// The name `resize_image` knows it by.
    name: String,
    /// The URLs Markdown reaches it by.
    urls: Vec<String>,
    asset: &'a Asset,
}

/// Reads the size of every image beside a page (`files`) or under `static/` (`assets`) and
/// plans its variants.
pub fn plan(files: &[Attached], assets: &[Asset], config: &Config) -> Plan {
    let beside = files.iter().map(|f| Image {
        shown: Path::new("content").join(&f.source),
        name: format!("@/{}", f.source),
        urls: vec![f.url.clone()],
        asset: &f.asset,
    });
    let under_static = assets.iter().map(|a| Image {
        shown: Path::new("static").join(&a.path),
        name: a.path.clone(),
        // Markdown names a static file by its path from the site root, with or without the
        // base path.
        urls: dedup(vec![
            format!("/{}", a.path),
            config.url(&encode_path(&a.path)),
        ]),
        asset: a,
    });
    let mut plan = Plan::default();
    for image in beside.chain(under_static) {
        plan_one(&mut plan, image, config);
    }
    plan
}

fn dedup(mut urls: Vec<String>) -> Vec<String> {
    urls.dedup();
    urls
}

fn plan_one(plan: &mut Plan, image: Image<'_>, config: &Config) {
    let path = &image.asset.path;
    let Some(kind) = kind_of(path) else {
        return;
    };
    let bytes = image.asset.bytes.len() as u64;
    if bytes > config.images.max_bytes {
        plan.warnings.push(Diagnostic::file(&image.shown, format!(
            "image is {:.1} MB, over `images.max_bytes` ({:.1} MB): readers download all of it; make it smaller",
            bytes as f64 / 1e6,
            config.images.max_bytes as f64 / 1e6
        )));
    }
    let size = match kind {
        Kind::Raster => raster_size(&image.asset.bytes),
        Kind::Svg => svg_size(&image.asset.bytes),
    };
    let Some((width, height)) = size else {
        return;
    };
    let mut info = ImageInfo {
        width,
        height,
        srcset: Vec::new(),
    };
    if kind == Kind::Raster {
        let outputs = srcset_outputs(path, width, height, config);
        info.srcset = outputs
            .iter()
            .map(|o| (config.url(&encode_path(&o.path)), o.width))
            .collect();
        if !outputs.is_empty() {
            plan.jobs.push(variants::Job {
                source: path.clone(),
                shown: image.shown.clone(),
                outputs,
            });
        }
        plan.originals.insert(
            image.name,
            Original {
                path: path.clone(),
                shown: image.shown,
                width,
                height,
            },
        );
    }
    for url in image.urls {
        plan.map.insert(url, info.clone());
    }
}

/// The `srcset` variants of a `width`×`height` image at `path`: at `images.widths`, each
/// narrower than the image.
fn srcset_outputs(path: &str, width: u32, height: u32, config: &Config) -> Vec<Output> {
    let mut widths: Vec<u32> = config
        .images
        .widths
        .iter()
        .map(|&w| same_shape(w, width, height))
        .filter(|w| *w < width)
        .collect();
    widths.dedup();
    let format = variants::DEFAULT;
    widths
        .iter()
        .map(|&w| Output {
            path: variant_path(path, w, format),
            width: w,
            height: scaled(height, w, width),
            format,
        })
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Raster,
    Svg,
}

fn kind_of(path: &str) -> Option<Kind> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "png" | "jpg" | "jpeg" | "webp" | "gif" => Some(Kind::Raster),
        "svg" => Some(Kind::Svg),
        _ => None,
    }
}

/// `articles/x/diagram.png` at 480 pixels in WebP → `articles/x/diagram.480.webp`.
fn variant_path(path: &str, width: u32, format: variants::Format) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    format!("{stem}.{width}.{}", format.extension())
}

/// `wanted`, moved by at most 5% to a width whose height is a whole number of pixels at the
/// image's own aspect ratio. A variant of another shape (even by a fraction of a pixel) makes
/// the browser resize the box that `width`/`height` reserved when it arrives, which moves
/// the page a little.
fn same_shape(wanted: u32, width: u32, height: u32) -> u32 {
    let (mut a, mut b) = (width, height);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let step = width / a.max(1);
    if step == 0 || step > wanted / 20 {
        return wanted;
    }
    ((wanted + step / 2) / step).max(1) * step
}

/// `height` scaled as `width` becomes `to`, rounded, at least 1.
fn scaled(height: u32, to: u32, width: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    (h as u32).max(1)
}

/// Width and height from the file's header, without decoding the pixels.
fn raster_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    reader
        .into_dimensions()
        .ok()
        .filter(|(w, h)| *w > 0 && *h > 0)
}

/// An SVG's size: its `width` and `height` in pixels, else its `viewBox`.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let doc = roxmltree::Document::parse(text).ok()?;
    let root = doc.root_element();
    let px = |name: &str| -> Option<f64> {
        let v = root.attribute(name)?.trim();
        v.strip_suffix("px").unwrap_or(v).parse().ok()
    };
    let (w, h) = match (px("width"), px("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view: Vec<f64> = root
                .attribute("viewBox")?
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            (*view.get(2)?, *view.get(3)?)
        }
    };
    let ok = |v: f64| (1.0..100_000.0).contains(&v);
    (ok(w) && ok(h)).then(|| (w.round() as u32, h.round() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_svg_and_variant_names() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 320"></svg>"#;
        assert_eq!(svg_size(svg), Some((640, 320)));
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100px" height="50" viewBox="0 0 1 1"/>"#;
        assert_eq!(svg_size(svg), Some((100, 50)));
        assert_eq!(svg_size(b"<svg width='100%'/>"), None);
        assert_eq!(
            variant_path("articles/x/a.b.png", 480, variants::Format::WebP),
            "articles/x/a.b.480.webp"
        );
        assert_eq!(scaled(1000, 480, 1600), 300);
        assert_eq!(scaled(1, 16, 4000), 1);
        assert_eq!(same_shape(960, 1056, 960), 957);
        assert_eq!(scaled(960, 957, 1056), 870);
        assert_eq!(same_shape(480, 1600, 1000), 480);
        assert_eq!(same_shape(480, 1601, 1000), 480);
    }
}
