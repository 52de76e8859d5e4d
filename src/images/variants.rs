//! Making the resized variants of images: in parallel, each source decoded once, and every
//! variant kept in the cache folder under a key made of the source's content hash and the
//! variant's parameters, so a rebuild never encodes an unchanged image again. The writer
//! then skips the files whose bytes did not change.

use image::imageops::FilterType;
use image::DynamicImage;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

use super::Attached;
use crate::assets::Asset;
use crate::cache;
use crate::error::Diagnostic;

/// The variants' file extension.
pub const EXTENSION: &str = "webp";

/// Everything that decides a variant's bytes besides its source and size: a change here
/// makes every variant again.
const ENCODING: &str = "libwebp lossy q80 lanczos3 v1";

/// The variants' folder inside the cache folder.
pub const DIR: &str = "images";

/// The variants of one image: output path, width and height of each.
#[derive(Debug, Clone)]
pub struct Job {
    /// Index of the image among the build's attached files.
    pub file: usize,
    /// (output path, width, height) of each variant.
    pub outputs: Vec<(String, u32, u32)>,
}

/// The variants made, and how many of them had to be encoded (not found in the cache).
#[derive(Debug, Default)]
pub struct Made {
    /// One asset per variant.
    pub assets: Vec<Asset>,
    /// Variants encoded in this build.
    pub encoded: usize,
}

/// Makes every variant of `jobs`, or reports the images that could not be decoded.
pub fn make(jobs: &[Job], files: &[Attached], root: &Path) -> Result<Made, Vec<Diagnostic>> {
    let dir = cache::path(root, DIR);
    let results: Vec<_> = jobs
        .par_iter()
        .filter_map(|job| Some(make_one(job, files.get(job.file)?, &dir)))
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

fn make_one(job: &Job, file: &Attached, dir: &Path) -> Result<(Vec<Asset>, usize), Diagnostic> {
    let source = cache::hash128(&file.asset.bytes).to_le_bytes();
    let mut decoded: Option<DynamicImage> = None;
    let mut encoded = 0;
    let mut assets = Vec::with_capacity(job.outputs.len());
    for (path, width, height) in &job.outputs {
        let key = cache::Hasher::default()
            .part(&source)
            .part(&width.to_le_bytes())
            .part(&height.to_le_bytes())
            .part(ENCODING.as_bytes())
            .finish();
        let stored = dir.join(format!("{key:016x}.{EXTENSION}"));
        let bytes = match std::fs::read(&stored) {
            Ok(bytes) if !bytes.is_empty() => bytes,
            _ => {
                let image = match decoded.take() {
                    Some(image) => image,
                    None => decode(file)?,
                };
                let bytes = encode(&image, *width, *height).map_err(|e| {
                    Diagnostic::file(
                        shown(file),
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
            path: path.clone(),
            bytes,
        });
    }
    Ok((assets, encoded))
}

fn shown(file: &Attached) -> PathBuf {
    Path::new("content").join(&file.source)
}

/// The image's pixels (a GIF's first frame).
fn decode(file: &Attached) -> Result<DynamicImage, Diagnostic> {
    image::load_from_memory(&file.asset.bytes)
        .map_err(|e| Diagnostic::file(shown(file), format!("cannot read this image: {e}")))
}

/// WebP quality (0 to 100): libwebp's default, where screenshots and diagrams stay sharp.
const QUALITY: f32 = 80.0;

/// The image resized to `width`×`height`, as lossy WebP.
fn encode(image: &DynamicImage, width: u32, height: u32) -> Result<Vec<u8>, String> {
    let resized = image.resize_exact(width, height, FilterType::Lanczos3);
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
