//! Making the resized variants of images: in parallel, each source decoded once, and every
//! variant kept in the cache folder under a key made of the source's content hash and the
//! variant's parameters, so a rebuild never encodes an unchanged image again. The writer
//! then skips the files whose bytes did not change.

use image::imageops::FilterType;
use image::DynamicImage;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

use crate::assets::Asset;
use crate::cache;
use crate::error::Diagnostic;

/// The format of the variants made for `srcset`, and `resize_image`'s default.
pub const DEFAULT: Format = Format::WebP;

/// A variant's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Lossy WebP (libwebp, quality 80).
    WebP,
    /// PNG (lossless).
    Png,
    /// JPEG (quality 80; transparency is lost).
    Jpeg,
}

impl Format {
    /// `webp`, `png`, `jpg` or `jpeg`.
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "webp" => Some(Format::WebP),
            "png" => Some(Format::Png),
            "jpg" | "jpeg" => Some(Format::Jpeg),
            _ => None,
        }
    }

    /// The extension of its files.
    pub fn extension(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }

    /// Everything that decides a variant's bytes besides its source and size: a change here
    /// makes every variant of the format again.
    fn encoding(self) -> &'static str {
        match self {
            Format::WebP => "libwebp lossy q80 lanczos3 v1",
            Format::Png => "image png default lanczos3 v1",
            Format::Jpeg => "image jpeg q80 lanczos3 v1",
        }
    }
}

/// The variants' folder inside the cache folder.
pub const DIR: &str = "images";

/// The variants of one image.
#[derive(Debug, Clone)]
pub struct Job {
    /// The image's output path (`articles/x/diagram.png`), among the build's assets.
    pub source: String,
    /// The image as messages name it (`content/articles/x/diagram.png`).
    pub shown: PathBuf,
    /// The variants to make of it.
    pub outputs: Vec<Output>,
}

/// One variant: where it goes, its size and format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Output {
    /// Its output path (`articles/x/diagram.480.webp`).
    pub path: String,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// Its format.
    pub format: Format,
}

/// The variants made, and how many of them had to be encoded (not found in the cache).
#[derive(Debug, Default)]
pub struct Made {
    /// One asset per variant.
    pub assets: Vec<Asset>,
    /// Variants encoded in this build.
    pub encoded: usize,
}

/// Makes every variant of `jobs` from the bytes of `assets`, or reports the images that could
/// not be decoded.
pub fn make(jobs: &[Job], assets: &[Asset], root: &Path) -> Result<Made, Vec<Diagnostic>> {
    let dir = cache::path(root, DIR);
    let bytes: std::collections::HashMap<&str, &[u8]> = assets
        .iter()
        .map(|a| (a.path.as_str(), a.bytes.as_slice()))
        .collect();
    let results: Vec<_> = jobs
        .par_iter()
        .filter_map(|job| Some(make_one(job, bytes.get(job.source.as_str())?, &dir)))
        .collect();
    let mut made = Made::default();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok((assets, encoded)) => {
                made.assets.extend(assets);
                made.encoded += encoded;
            }
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        Ok(made)
    } else {
        Err(problems)
    }
}

fn make_one(job: &Job, file: &[u8], dir: &Path) -> Result<(Vec<Asset>, usize), Diagnostic> {
    let source = cache::hash128(file).to_le_bytes();
    let mut decoded: Option<DynamicImage> = None;
    let mut encoded = 0;
    let mut assets = Vec::with_capacity(job.outputs.len());
    for out in &job.outputs {
        let (width, height) = (out.width, out.height);
        let key = cache::Hasher::default()
            .part(&source)
            .part(&width.to_le_bytes())
            .part(&height.to_le_bytes())
            .part(out.format.encoding().as_bytes())
            .finish();
        let stored = dir.join(format!("{key:016x}.{}", out.format.extension()));
        let bytes = match std::fs::read(&stored) {
            Ok(bytes) if !bytes.is_empty() => bytes,
            _ => {
                let image = match decoded.take() {
                    Some(image) => image,
                    None => decode(file, &job.shown)?,
                };
                let bytes = encode(&image, width, height, out.format).map_err(|e| {
                    Diagnostic::file(
                        &job.shown,
                        format!("cannot make a {width} pixels wide variant: {e}"),
                    )
                })?;
                decoded = Some(image);
                cache::store(&stored, &bytes);
                encoded += 1;
                bytes
            }
        };
        assets.push(Asset {
            path: out.path.clone(),
            bytes,
        });
    }
    Ok((assets, encoded))
}

/// The image's pixels (a GIF's first frame).
fn decode(file: &[u8], shown: &Path) -> Result<DynamicImage, Diagnostic> {
    image::load_from_memory(file)
        .map_err(|e| Diagnostic::file(shown, format!("cannot read this image: {e}")))
}

/// WebP quality (0 to 100): libwebp's default, where screenshots and diagrams stay sharp.
const QUALITY: f32 = 80.0;

/// The image resized to `width`×`height`, in `format`.
fn encode(
    image: &DynamicImage,
    width: u32,
    height: u32,
    format: Format,
) -> Result<Vec<u8>, String> {
    let resized = image.resize_exact(width, height, FilterType::Lanczos3);
    match format {
        Format::WebP => webp(&resized, width, height),
        Format::Png => {
            let mut out = std::io::Cursor::new(Vec::new());
            resized
                .write_to(&mut out, image::ImageFormat::Png)
                .map_err(|e| e.to_string())?;
            Ok(out.into_inner())
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            let rgb = resized.to_rgb8();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode(rgb.as_raw(), width, height, image::ExtendedColorType::Rgb8)
                .map_err(|e| e.to_string())?;
            Ok(out)
        }
    }
}

/// JPEG quality (1 to 100), the same trade as WebP's.
const JPEG_QUALITY: u8 = 80;

/// Lossy WebP by libwebp.
fn webp(resized: &DynamicImage, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let encoded = if resized.color().has_alpha() {
        let rgba = resized.to_rgba8();
        webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode_simple(false, QUALITY)
    } else {
        let rgb = resized.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode_simple(false, QUALITY)
    };
    encoded
        .map(|memory| memory.to_vec())
        .map_err(|e| format!("libwebp refused it ({e:?})"))
}
