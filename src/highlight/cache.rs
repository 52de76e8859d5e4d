//! The disk cache of highlighted blocks: one small file per block under
//! `.galley-cache/highlight/` in the site root.
//!
//! A block's file is named by a hash of everything its HTML depends on: the code, the fence's
//! language, the identity of the highlighter (galley's version, the writer's format, the
//! versions of the grammar crates, the themes' class vocabulary). The file is in the shared
//! cache encoding ([`crate::cache::encode`], checksummed) and repeats the identity, the language
//! and the code, so a hash collision, a torn or corrupted file, or a file from another galley
//! never gives wrong HTML: any mismatch reads as a miss, and the block is highlighted again and
//! the file rewritten. That check also makes torn files harmless (a build killed mid-write, two
//! builds writing one block), so entries are written in place.
//! The folder can be deleted at any time.

use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

use super::Block;
use crate::cache::{self, Hasher};

/// Where the cache lives in a site.
pub const DIR: &str = "highlight";

/// The entries' name and format in the shared cache encoding.
const NAME: &str = "highlight";
const FORMAT: u32 = 3;

/// A cache folder and the identity of the highlighter that reads and fills it.
#[derive(Debug)]
pub struct DiskCache {
    dir: PathBuf,
    /// Hash of the highlighter's identity, as every entry repeats it.
    identity: u64,
}

/// What the cache holds for a block, and what it was made from.
#[derive(Serialize, Deserialize)]
struct Stored<S> {
    identity: u64,
    lang: S,
    code: S,
    html: S,
    label: Option<S>,
    highlighted: bool,
}

impl DiskCache {
    /// A cache in `dir` for a highlighter described by `identity`.
    pub fn new(dir: PathBuf, identity: String) -> DiskCache {
        DiskCache {
            dir,
            identity: cache::hash64(identity.as_bytes()),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, code: &str, lang: &str) -> PathBuf {
        let hash = Hasher::default()
            .part(&self.identity.to_le_bytes())
            .part(lang.as_bytes())
            .part(code.as_bytes())
            .finish();
        self.dir
            .join(format!("{:02x}", hash >> 56))
            .join(format!("{hash:016x}"))
    }

    /// The cached block for `code` in `lang`, if a valid one is stored.
    pub fn get(&self, code: &str, lang: &str) -> Option<Block> {
        let bytes = fs::read(self.path(code, lang)).ok()?;
        let s: Stored<String> = cache::decode(&bytes, NAME, FORMAT)?;
        (s.identity == self.identity && s.lang == lang && s.code == code).then_some(Block {
            html: s.html,
            label: s.label,
            highlighted: s.highlighted,
        })
    }

    /// Stores `block` as the HTML of `code` in `lang`. Failures are ignored: the cache only
    /// saves time. The file is written in place: an entry is checksummed, so a torn one (a
    /// build killed mid-write, two builds writing the same block) reads as a miss, and a clean
    /// build of a large site saves a rename per block.
    pub fn put(&self, code: &str, lang: &str, block: &Block) {
        let path = self.path(code, lang);
        let Some(parent) = path.parent() else { return };
        if fs::create_dir_all(parent).is_ok() {
            let _ = fs::write(&path, self.encode(lang, code, block));
        }
    }

    fn encode(&self, lang: &str, code: &str, block: &Block) -> Vec<u8> {
        let stored = Stored {
            identity: self.identity,
            lang,
            code,
            html: block.html.as_str(),
            label: block.label.as_deref(),
            highlighted: block.highlighted,
        };
        cache::to_bytes(NAME, FORMAT, &stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block() -> Block {
        Block {
            html: "<span class=\"hl-1a\">let</span> x".into(),
            label: Some("Rust".into()),
            highlighted: true,
        }
    }

    #[test]
    fn round_trips_and_rejects_other_identities() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(dir.path().join("hl"), "id-1".into());
        assert_eq!(cache.get("let x", "rust"), None);
        cache.put("let x", "rust", &block());
        assert_eq!(cache.get("let x", "rust"), Some(block()));
        assert_eq!(cache.get("let x", "rs"), None);
        assert_eq!(cache.get("let y", "rust"), None);
        let other = DiskCache::new(dir.path().join("hl"), "id-2".into());
        assert_eq!(other.get("let x", "rust"), None);
        let plain = Block {
            html: "x".into(),
            label: None,
            highlighted: false,
        };
        cache.put("x", "", &plain);
        assert_eq!(cache.get("x", ""), Some(plain));
    }

    #[test]
    fn corrupted_or_foreign_entries_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(dir.path().to_path_buf(), "id".into());
        cache.put("let x", "rust", &block());
        let path = cache.path("let x", "rust");
        let good = fs::read(&path).unwrap();
        let mut flipped = good.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 1;
        for bad in [
            &good[..good.len() - 1],
            &flipped[..],
            b"",
            b"garbage\n\n\n",
            &[good.clone(), b"x".to_vec()].concat()[..],
        ] {
            fs::write(&path, bad).unwrap();
            assert_eq!(
                cache.get("let x", "rust"),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        // Torn at any byte (entries are written in place), an entry is a miss.
        for n in 0..good.len() {
            fs::write(&path, &good[..n]).unwrap();
            assert_eq!(cache.get("let x", "rust"), None, "torn at {n}");
        }
        // An entry stored under the wrong name (a hash collision) is not served either.
        fs::write(&path, cache.encode("rust", "let y", &block())).unwrap();
        assert_eq!(cache.get("let x", "rust"), None);
        // A miss is repaired by the next put.
        cache.put("let x", "rust", &block());
        assert_eq!(cache.get("let x", "rust"), Some(block()));
        assert!(fs::read_dir(path.parent().unwrap()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".tmp")));
    }

    #[test]
    fn deleted_cache_is_recreated() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DiskCache::new(dir.path().join("c"), "id".into());
        cache.put("a", "js", &block());
        fs::remove_dir_all(dir.path().join("c")).unwrap();
        assert_eq!(cache.get("a", "js"), None);
        cache.put("a", "js", &block());
        assert_eq!(cache.get("a", "js"), Some(block()));
    }
}
