//! The outline cache: what the last one-off build's parse stage made of each article (its
//! outline and search terms), kept in `.galley-cache/outlines.bin` so a rebuild parses only
//! the articles that changed.
//!
//! An entry is used only for the same file text (by hash) under the same *context*: the hash
//! that also keys `serve`'s in-memory cache (config, templates, link map, tool declarations,
//! see [`crate::incremental::context_hash`]) together with galley's version and the
//! highlighter's identity (summaries hold highlighted code). Any change there drops every
//! entry. The cache is one file, written whole after a successful build (a temporary file
//! renamed over the old one); a missing, torn or foreign file reads as empty. Deleting it only
//! makes the next build slower.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::index::DocTerms;
use crate::markdown::Rendered;

/// The cache file, in the cache folder.
pub const FILE: &str = "outlines.bin";

/// Bumped whenever what is stored changes shape or meaning.
const FORMAT: u32 = 6;

/// What the parse stage keeps of an article.
pub type Outline = (Rendered, DocTerms);

#[derive(Deserialize)]
struct Stored {
    context: u64,
    /// Content path, hash of the file text, outline.
    entries: Vec<(String, u64, Outline)>,
}

/// [`Stored`] as written: borrowed from the site, so saving copies nothing.
#[derive(Serialize)]
struct StoredRef<'a> {
    context: u64,
    entries: Vec<(&'a str, u64, (&'a Rendered, &'a DocTerms))>,
}

/// The outlines of the previous build, by content path.
#[derive(Default)]
pub struct Outlines {
    entries: HashMap<String, (u64, Outline)>,
    /// Outlines handed out so far.
    served: usize,
}

impl Outlines {
    /// The outlines stored at `file` under `context`; empty when there are none.
    pub fn load(file: &Path, context: u64) -> Outlines {
        let Ok(bytes) = std::fs::read(file) else {
            return Outlines::default();
        };
        match crate::cache::decode::<Stored>(&bytes, "outlines", FORMAT) {
            Some(s) if s.context == context => Outlines {
                entries: s
                    .entries
                    .into_iter()
                    .map(|(source, hash, outline)| (source, (hash, outline)))
                    .collect(),
                served: 0,
            },
            _ => Outlines::default(),
        }
    }

    /// Takes the stored outline of `source` out if its file text still hashes to `hash`.
    pub fn take(&mut self, source: &str, hash: u64) -> Option<Outline> {
        let (stored, outline) = self.entries.remove(source)?;
        self.served += usize::from(stored == hash);
        (stored == hash).then_some(outline)
    }

    /// Whether the file already holds exactly the outlines of these `articles`: each was
    /// served from it and it held no others. Then there is nothing to save.
    pub fn served_all(&self, articles: usize) -> bool {
        self.entries.is_empty() && self.served == articles
    }

    /// Replaces the file at `file` with `entries` (content path, file hash, outline). Failures
    /// are ignored: the cache only saves time.
    pub fn save<'a>(
        file: &Path,
        context: u64,
        entries: impl Iterator<Item = (&'a str, u64, &'a Rendered, &'a DocTerms)>,
    ) {
        let stored = StoredRef {
            context,
            entries: entries.map(|(s, h, r, t)| (s, h, (r, t))).collect(),
        };
        // Streamed to the file: a large site's outlines are tens of megabytes.
        let tmp: PathBuf = file.with_extension(format!("tmp-{}", std::process::id()));
        let written = file
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::File::create(&tmp))
            .and_then(|f| {
                let mut out = std::io::BufWriter::new(f);
                crate::cache::encode(&mut out, "outlines", FORMAT, &stored)?;
                out.into_inner().map(drop).map_err(|e| e.into_error())
            })
            .and_then(|()| std::fs::rename(&tmp, file));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_serve_only_the_same_text_under_the_same_context() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("o.bin");
        let rendered = Rendered {
            word_count: 7,
            summary_html: Some("<p>s</p>".into()),
            ..Rendered::default()
        };
        let terms = DocTerms::new("Title", "", &[], "body words");
        Outlines::save(
            &file,
            1,
            [("articles/a.md", 42, &rendered, &terms)].into_iter(),
        );
        let (r, t) = Outlines::load(&file, 1).take("articles/a.md", 42).unwrap();
        assert_eq!(
            (r.word_count, r.summary_html, t),
            (7, Some("<p>s</p>".into()), terms)
        );
        let mut o = Outlines::load(&file, 1);
        assert!(o.take("articles/a.md", 43).is_none(), "edited text");
        assert!(o.take("articles/b.md", 42).is_none());
        let mut other = Outlines::load(&file, 2);
        assert!(other.take("articles/a.md", 42).is_none(), "new context");
        let mut o = Outlines::load(&file, 1);
        assert!(!o.served_all(1));
        o.take("articles/a.md", 42).unwrap();
        assert!(o.served_all(1) && !o.served_all(2));
        std::fs::write(&file, b"torn").unwrap();
        assert!(Outlines::load(&file, 1).take("articles/a.md", 42).is_none());
    }
}
