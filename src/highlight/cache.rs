//! The disk cache of highlighted blocks: one small file per block under
//! `.galley-cache/highlight/` in the site root.
//!
//! A block's file is named by a hash of everything its HTML depends on: the code, the fence's
//! language, the identity of the highlighter (galley's version, the writer's format, the
//! versions of the grammar crates, the themes' class vocabulary). The file repeats the language,
//! the code and the identity, and gives the length and hash of the HTML, so a hash collision, a
//! torn or corrupted file, or a file from another galley never gives wrong HTML: any mismatch
//! reads as a miss, and the block is highlighted again and the file rewritten. That check also
//! makes torn files harmless (a build killed mid-write, two builds writing one block), so
//! entries are written in place.
//! The folder can be deleted at any time.

use std::fs;
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use super::Block;

/// Where the cache lives in a site.
pub const DIR: &str = "highlight";

const MAGIC: &str = "galley-highlight-cache 2";

/// A cache folder and the identity of the highlighter that reads and fills it.
#[derive(Debug)]
pub struct DiskCache {
    dir: PathBuf,
    identity: String,
    /// Hash of `identity`, as every entry repeats it.
    identity_hash: String,
}

/// What the cache holds for a block.
struct Entry<'a> {
    lang: &'a str,
    code: &'a str,
    block: Block,
}

impl DiskCache {
    /// A cache in `dir` for a highlighter described by `identity`.
    pub fn new(dir: PathBuf, identity: String) -> DiskCache {
        let identity_hash = format!("{:016x}", xxh3_64(identity.as_bytes()));
        DiskCache {
            dir,
            identity,
            identity_hash,
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, code: &str, lang: &str) -> PathBuf {
        let mut key = Vec::with_capacity(self.identity.len() + lang.len() + code.len() + 2);
        for part in [self.identity.as_str(), lang, code] {
            key.extend_from_slice(part.as_bytes());
            key.push(0);
        }
        let hash = xxh3_128(&key);
        self.dir
            .join(format!("{:02x}", hash >> 120))
            .join(format!("{hash:032x}"))
    }

    /// The cached block for `code` in `lang`, if a valid one is stored.
    pub fn get(&self, code: &str, lang: &str) -> Option<Block> {
        let bytes = fs::read(self.path(code, lang)).ok()?;
        let entry = decode(&bytes, &self.identity_hash)?;
        (entry.lang == lang && entry.code == code).then_some(entry.block)
    }

    /// Stores `block` as the HTML of `code` in `lang`. Failures are ignored: the cache only
    /// saves time. The file is written in place: an entry carries its length and hash, so a
    /// torn one (a build killed mid-write, two builds writing the same block) reads as a miss,
    /// and a clean build of a large site saves a rename per block.
    pub fn put(&self, code: &str, lang: &str, block: &Block) {
        let path = self.path(code, lang);
        let Some(parent) = path.parent() else { return };
        if fs::create_dir_all(parent).is_ok() {
            let _ = fs::write(&path, encode(&self.identity_hash, lang, code, block));
        }
    }
}

fn encode(identity_hash: &str, lang: &str, code: &str, block: &Block) -> Vec<u8> {
    let label = block.label.as_deref();
    let mut out = Vec::with_capacity(block.html.len() + code.len() + 160);
    let header = format!(
        "{MAGIC}\n{}\n{} {} {} {} {} {:016x}\n",
        identity_hash,
        u8::from(block.highlighted),
        lang.len(),
        code.len(),
        label.map_or(-1, |l| l.len() as i64),
        block.html.len(),
        xxh3_64(block.html.as_bytes()),
    );
    out.extend_from_slice(header.as_bytes());
    for part in [lang, code, label.unwrap_or(""), &block.html] {
        out.extend_from_slice(part.as_bytes());
    }
    out
}

fn decode<'a>(bytes: &'a [u8], identity_hash: &str) -> Option<Entry<'a>> {
    let mut lines = bytes.splitn(4, |b| *b == b'\n');
    if lines.next()? != MAGIC.as_bytes() {
        return None;
    }
    if lines.next()? != identity_hash.as_bytes() {
        return None;
    }
    let fields = std::str::from_utf8(lines.next()?).ok()?;
    let mut body = lines.next()?;
    let f: Vec<&str> = fields.split(' ').collect();
    let [highlighted, lang_len, code_len, label_len, html_len, html_hash] = f[..] else {
        return None;
    };
    let highlighted = match highlighted {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let mut take = |n: usize| -> Option<&'a str> {
        let (head, rest) = (body.get(..n)?, body.get(n..)?);
        body = rest;
        std::str::from_utf8(head).ok()
    };
    let lang = take(lang_len.parse().ok()?)?;
    let code = take(code_len.parse().ok()?)?;
    let label_len: i64 = label_len.parse().ok()?;
    let label = if label_len < 0 {
        None
    } else {
        Some(take(usize::try_from(label_len).ok()?)?.to_string())
    };
    let html = take(html_len.parse().ok()?)?;
    if !body.is_empty() || format!("{:016x}", xxh3_64(html.as_bytes())) != html_hash {
        return None;
    }
    Some(Entry {
        lang,
        code,
        block: Block {
            html: html.to_string(),
            label,
            highlighted,
        },
    })
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
        fs::write(&path, encode("id", "rust", "let y", &block())).unwrap();
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
