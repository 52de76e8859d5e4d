//! One file of the served site as the store holds it: LZ4-compressed when that pays (HTML,
//! CSS, JSON and feeds shrink three to five times), as it is otherwise (images, fonts), with
//! a hash of its bytes so a rebuild tells an unchanged file without unpacking it.
//!
//! A 10,000-article site is about 450 MB of files; held as they are, the store alone was most
//! of `serve`'s memory. LZ4 is chosen over gzip for its speed both ways: a template edit
//! re-packs every page, and every request unpacks one.

use std::sync::Arc;

use crate::cache::hash128;

/// Packed bytes that are not at least this much smaller than the file are not worth the
/// unpacking: the file is kept as it is (one eighth saved at least).
const WORTH: usize = 8;

/// A file's bytes, packed or not, and what identifies them.
#[derive(Clone)]
pub struct Body {
    /// XXH3-128 of the file's bytes. Two different files with the same hash would be taken for
    /// the same (the old one kept): out of the question at 128 bits for one site's files.
    hash: u128,
    /// The file's length, unpacked.
    len: usize,
    packed: bool,
    data: Arc<[u8]>,
}

impl Body {
    /// Packs `bytes`.
    pub fn new(bytes: &[u8]) -> Body {
        Body::hashed(bytes, hash128(bytes))
    }

    /// Packs `bytes`, whose hash is `hash`.
    fn hashed(bytes: &[u8], hash: u128) -> Body {
        let packed = lz4_flex::block::compress(bytes);
        let pays = packed.len() < bytes.len() - bytes.len() / WORTH;
        Body {
            hash,
            len: bytes.len(),
            packed: pays,
            data: if pays {
                Arc::from(packed)
            } else {
                Arc::from(bytes)
            },
        }
    }

    /// This body if it holds `bytes` (by hash), else `bytes` packed. Answers whether the
    /// bytes are new.
    pub fn reuse_or_pack(old: Option<&Body>, bytes: &[u8]) -> (Body, bool) {
        let hash = hash128(bytes);
        match old.filter(|b| b.hash == hash && b.len == bytes.len()) {
            Some(b) => (b.clone(), false),
            None => (Body::hashed(bytes, hash), true),
        }
    }

    /// Whether this body holds `bytes`.
    pub fn holds(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() && self.hash == hash128(bytes)
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Arc<[u8]> {
        if !self.packed {
            return self.data.clone();
        }
        // The data was packed by `new` in this process, so it unpacks; an empty file in its
        // place would only show if memory were corrupted.
        let bytes = lz4_flex::block::decompress(&self.data, self.len);
        debug_assert!(bytes.is_ok(), "a packed body unpacks");
        Arc::from(bytes.unwrap_or_default())
    }

    /// The bytes held in memory for this file.
    #[cfg(test)]
    pub fn held(&self) -> usize {
        self.data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_packed_and_comes_back_whole() {
        let page = "<p>Ünïcode ✓ 日本語 🦀 עברית</p>\n".repeat(200);
        let body = Body::new(page.as_bytes());
        assert!(body.held() < page.len() / 4, "{} bytes held", body.held());
        assert_eq!(&*body.bytes(), page.as_bytes());
        assert!(body.holds(page.as_bytes()));
        assert!(!body.holds(b"other"));
    }

    #[test]
    fn bytes_that_do_not_shrink_are_kept_as_they_are() {
        // A pseudo-random stream, like an image's compressed data.
        let mut x: u32 = 1;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let body = Body::new(&noise);
        assert_eq!(body.held(), noise.len());
        assert_eq!(&*body.bytes(), &noise[..]);
        let empty = Body::new(b"");
        assert_eq!(&*empty.bytes(), b"");
    }

    #[test]
    fn the_same_bytes_reuse_the_old_body() {
        let old = Body::new(b"<html>same</html>");
        let (kept, new) = Body::reuse_or_pack(Some(&old), b"<html>same</html>");
        assert!(!new);
        assert!(Arc::ptr_eq(&kept.data, &old.data));
        let (changed, new) = Body::reuse_or_pack(Some(&old), b"<html>other</html>");
        assert!(new);
        assert_eq!(&*changed.bytes(), b"<html>other</html>");
        assert!(Body::reuse_or_pack(None, b"x").1);
    }
}
