//! What every cache of galley shares: the one folder they live in, the one stable hash for
//! every key stored on disk or compared across builds, and one versioned encoding.
//!
//! The hash is XXH3: fast, and its output is fixed by its specification, so a key written by
//! one build means the same to the next, whatever Rust release compiled galley (`std`'s
//! `DefaultHasher` promises neither). Stored values are postcard behind a header naming the
//! cache, its format and galley's version: a file written by another galley version, or by
//! another cache, reads as empty instead of being misread.

use serde::{de::DeserializeOwned, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The cache folder in a site's root. Safe to delete at any time.
pub const DIR: &str = ".galley-cache";

/// The path of `name` inside the cache folder of the site at `root`.
pub fn path(root: &Path, name: &str) -> PathBuf {
    root.join(DIR).join(name)
}

/// The stable 64-bit hash of `bytes`.
pub fn hash64(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The stable 128-bit hash of `bytes`, where collisions must be out of the question.
pub fn hash128(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A stable hash built from several parts; each part is length-prefixed, so `("ab", "c")`
/// and `("a", "bc")` differ.
#[derive(Default, Clone)]
pub struct Hasher(xxhash_rust::xxh3::Xxh3);

impl Hasher {
    /// Adds one part.
    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// The hash of the parts so far.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }

    /// The 128-bit hash of the parts so far, for keys whose collisions must be out of the
    /// question (nothing else is compared on a hit).
    pub fn finish128(&self) -> u128 {
        self.0.digest128()
    }
}

/// Keeps a file of a cache for the next build (an image variant, a card). It is written aside
/// and renamed, so a build stopped halfway never leaves half a file; a cache that cannot be
/// written only costs time.
pub fn store(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".{}.{n}", std::process::id()));
    let aside = PathBuf::from(aside);
    if std::fs::write(&aside, bytes).is_ok() && std::fs::rename(&aside, path).is_err() {
        let _ = std::fs::remove_file(&aside);
    }
}

/// What `build.rs` learnt from `Cargo.lock` through the `built` crate.
#[allow(dead_code)]
mod built_info {
    include!(concat!(env!("OUT_DIR"), "/built.rs"));
}

/// `name version` of each crate of `names` in the lock file galley was built with, for cache
/// keys whose output those crates decide (grammars, the card renderer).
pub fn crate_versions(names: &[&str]) -> String {
    built_info::DEPENDENCIES
        .iter()
        .filter(|(name, _)| names.contains(name))
        .map(|(name, version)| format!("{name} {version}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The header of a stored value: cache name, format number and galley's version.
fn header(name: &str, format: u32) -> String {
    format!(
        "galley-cache {name} {format} {}\n",
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes `value` as cache `name` in format `format` to `out`: the header, the postcard body,
/// then the body's XXH3 so a damaged file is told from a good one.
pub fn encode<T: Serialize + ?Sized>(
    out: &mut impl Write,
    name: &str,
    format: u32,
    value: &T,
) -> std::io::Result<()> {
    let body = postcard::to_stdvec(value).map_err(std::io::Error::other)?;
    out.write_all(header(name, format).as_bytes())?;
    out.write_all(&body)?;
    out.write_all(&hash64(&body).to_le_bytes())
}

/// [`encode`] into a new buffer.
pub fn to_bytes<T: Serialize + ?Sized>(name: &str, format: u32, value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail; postcard fails only on types it cannot encode, and every
    // cached type is plain data.
    let _ = encode(&mut out, name, format, value);
    out
}

/// Reads what [`encode`] wrote, or `None` for anything else: another cache, another format or
/// galley version, a torn, damaged or lengthened file.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], name: &str, format: u32) -> Option<T> {
    let rest = bytes.strip_prefix(header(name, format).as_bytes())?;
    let (body, sum) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    if hash64(body).to_le_bytes() != sum {
        return None;
    }
    match postcard::take_from_bytes(body) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_only_under_their_own_name_and_format() {
        let mut bytes = Vec::new();
        encode(&mut bytes, "outlines", 3, &("é日本🚀", 7u64)).unwrap();
        let back: Option<(String, u64)> = decode(&bytes, "outlines", 3);
        assert_eq!(back, Some(("é日本🚀".to_string(), 7)));
        assert_eq!(decode::<(String, u64)>(&bytes, "outlines", 4), None);
        assert_eq!(decode::<(String, u64)>(&bytes, "other", 3), None);
        for cut in 0..bytes.len() {
            assert_eq!(decode::<(String, u64)>(&bytes[..cut], "outlines", 3), None);
        }
        let longer = [&bytes[..], b"x"].concat();
        assert_eq!(decode::<(String, u64)>(&longer, "outlines", 3), None);
        for i in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[i] ^= 0x20;
            assert_eq!(
                decode::<(String, u64)>(&flipped, "outlines", 3),
                None,
                "byte {i}"
            );
        }
        assert_eq!(to_bytes("outlines", 3, &("é日本🚀", 7u64)), bytes);
    }

    #[test]
    fn hashes_are_stable_and_parts_are_delimited() {
        // Fixed by XXH3's specification: a change here would orphan every stored cache.
        assert_eq!(hash64(b"galley"), hash64(b"galley"));
        assert_eq!(hash64(b""), 0x2d06_8005_38d3_94c2);
        let a = Hasher::default().part(b"ab").part(b"c").finish();
        let b = Hasher::default().part(b"a").part(b"bc").finish();
        assert_ne!(a, b);
    }
}
