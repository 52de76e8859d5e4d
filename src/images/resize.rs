//! `resize_image(path, width, format)` for templates: the copy's URL and size are known at
//! once from the original's planned size, and the copy is recorded to be made (through the
//! variants' cache) after the pages are rendered and before the files are written.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::variants::{Format, Job, Output};
use super::{scaled, variant_path};
use crate::content::bundle::encode_path;

/// The widest copy a template may ask for.
pub const MAX_WIDTH: u32 = 8192;

/// A raster image templates may resize.
#[derive(Debug, Clone)]
pub struct Original {
    /// Its output path (`articles/x/diagram.png`, `img/logo.png`).
    pub path: String,
    /// As messages show it.
    pub shown: PathBuf,
    /// Its size in pixels.
    pub width: u32,
    /// Its size in pixels.
    pub height: u32,
}

/// What `resize_image` gives a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resized {
    /// The copy's URL, with the base path.
    pub url: String,
    /// The copy's size in pixels, for `width` and `height`.
    pub width: u32,
    /// The copy's size in pixels.
    pub height: u32,
    /// The original's size in pixels.
    pub orig_width: u32,
    /// The original's size in pixels.
    pub orig_height: u32,
}

#[derive(Default)]
struct Table {
    originals: HashMap<String, Original>,
    base_path: String,
}

/// The images of the current build and the copies asked for. A session keeps one across
/// builds: a page kept from an earlier build asked for its copies then, and they are still made.
#[derive(Default)]
pub struct Resizer {
    table: RwLock<Arc<Table>>,
    /// Copy's output path → what it is made from; sorted, so the jobs are in a fixed order.
    requests: Mutex<BTreeMap<String, (String, PathBuf, Output)>>,
}

impl Resizer {
    /// Sets the images of this build; `base_path` goes in front of every URL.
    pub fn set_originals(&self, originals: HashMap<String, Original>, base_path: &str) {
        let table = Table {
            originals,
            base_path: base_path.to_string(),
        };
        *self.table.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(table);
    }

    /// Forgets the copies asked for: every page will ask again.
    pub fn forget_requests(&self) {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// A copy of the image named `name` (`@/articles/x/a.png` beside a page, `img/a.png` under
    /// `static/`) `width` pixels wide (at most the original's width), in `format` (`webp`,
    /// `png` or `jpg`; WebP when `None` or empty, as a component's optional argument is).
    pub fn resize(&self, name: &str, width: i64, format: Option<&str>) -> Result<Resized, String> {
        let table = Arc::clone(&self.table.read().unwrap_or_else(PoisonError::into_inner));
        let key = name.strip_prefix('/').unwrap_or(name);
        let original = table
            .originals
            .get(key)
            .ok_or_else(|| unknown(name, &table))?;
        let format = match format.filter(|f| !f.is_empty()) {
            None => super::variants::DEFAULT,
            Some(f) => Format::parse(f)
                .ok_or_else(|| format!("format `{f}` is not one of webp, png, jpg"))?,
        };
        let width = u32::try_from(width)
            .ok()
            .filter(|w| (1..=MAX_WIDTH).contains(w))
            .ok_or_else(|| format!("width {width} is not between 1 and {MAX_WIDTH}"))?
            .min(original.width);
        let height = scaled(original.height, width, original.width);
        let output = Output {
            path: variant_path(&original.path, width, format),
            width,
            height,
            format,
        };
        let resized = Resized {
            url: format!("{}{}", table.base_path, encode_path(&output.path)),
            width,
            height,
            orig_width: original.width,
            orig_height: original.height,
        };
        let request = (original.path.clone(), original.shown.clone(), output);
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(request.2.path.clone(), request);
        Ok(resized)
    }

    /// The copies asked for whose original is in the current build, as variant jobs.
    pub fn jobs(&self) -> Vec<Job> {
        let table = Arc::clone(&self.table.read().unwrap_or_else(PoisonError::into_inner));
        let present: std::collections::HashSet<&str> =
            table.originals.values().map(|o| o.path.as_str()).collect();
        let requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        requests
            .values()
            .filter(|(source, _, _)| present.contains(source.as_str()))
            .map(|(source, shown, output)| Job {
                source: source.clone(),
                shown: shown.clone(),
                outputs: vec![output.clone()],
            })
            .collect()
    }
}

/// The message for a name that is no image of the site, with the closest name.
fn unknown(name: &str, table: &Table) -> String {
    let mut message = format!(
        "no image `{name}`: name a file beside a page as `@/articles/<name>/diagram.png`, or a file under static/ as `img/logo.png` (PNG, JPEG, WebP or GIF)"
    );
    let closest = table
        .originals
        .keys()
        .map(|k| (strsim::levenshtein(k, name), k))
        .filter(|(d, _)| *d <= 3)
        .min();
    if let Some((_, k)) = closest {
        message.push_str(&format!("; did you mean `{k}`?"));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resizer() -> Resizer {
        let r = Resizer::default();
        let original = Original {
            path: "articles/x/shot.png".into(),
            shown: "content/articles/x/shot.png".into(),
            width: 1600,
            height: 1000,
        };
        r.set_originals(
            HashMap::from([("@/articles/x/shot.png".to_string(), original)]),
            "/blog/",
        );
        r
    }

    #[test]
    fn gives_the_url_and_size_and_records_one_job_per_copy() {
        let r = resizer();
        let got = r.resize("@/articles/x/shot.png", 480, None).unwrap();
        assert_eq!(got.url, "/blog/articles/x/shot.480.webp");
        assert_eq!((got.width, got.height), (480, 300));
        assert_eq!((got.orig_width, got.orig_height), (1600, 1000));
        r.resize("@/articles/x/shot.png", 480, Some("webp"))
            .unwrap();
        let wide = r
            .resize("@/articles/x/shot.png", 5000, Some("JPG"))
            .unwrap();
        assert_eq!(wide.url, "/blog/articles/x/shot.1600.jpg");
        assert_eq!((wide.width, wide.height), (1600, 1000));
        let jobs = r.jobs();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].outputs[0].path, "articles/x/shot.1600.jpg");
        r.forget_requests();
        assert!(r.jobs().is_empty());
    }

    #[test]
    fn refuses_unknown_images_formats_and_widths() {
        let r = resizer();
        let e = r.resize("@/articles/x/shot.jpg", 480, None).unwrap_err();
        assert!(e.contains("did you mean `@/articles/x/shot.png`"), "{e}");
        let e = r
            .resize("@/articles/x/shot.png", 480, Some("avif"))
            .unwrap_err();
        assert!(e.contains("not one of webp, png, jpg"), "{e}");
        for w in [0, -5, 9000] {
            let e = r.resize("@/articles/x/shot.png", w, None).unwrap_err();
            assert!(e.contains("between 1 and 8192"), "{e}");
        }
        assert!(r.jobs().is_empty());
    }
}
