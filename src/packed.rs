//! Bytes held in memory between builds (`serve`'s files, a session's rendered bodies):
//! LZ4-compressed when that pays (HTML, CSS, JSON and feeds shrink three to five times), as
//! they are otherwise (images, fonts), with a hash so a rebuild tells unchanged bytes without
//! unpacking them.
//!
//! A 10,000-article site is about 450 MB of files and 260 MB of article bodies; held as they
//! are, they were most of `serve`'s memory. LZ4 is chosen over gzip for its speed both ways:
//! a template edit re-packs every page, and every request and rebuild unpacks.

use std::sync::Arc;

use crate::cache::hash128;

/// Packed bytes that are not at least this much smaller than the file are not worth the
/// unpacking: the file is kept as it is (one eighth saved at least).
const WORTH: usize = 8;

/// Bytes, packed or not, and what identifies them.
#[derive(Clone)]
pub struct Packed {
    /// XXH3-128 of the file's bytes. Two different files with the same hash would be taken for
    /// the same (the old one kept): out of the question at 128 bits for one site's files.
    hash: u128,
    /// The length, unpacked.
    len: usize,
    packed: bool,
    data: Arc<[u8]>,
}

impl Packed {
    /// Packs `bytes`.
    pub fn new(bytes: &[u8]) -> Packed {
        Packed::hashed(bytes, hash128(bytes))
    }

    /// Packs `bytes`, whose hash is `hash`.
    fn hashed(bytes: &[u8], hash: u128) -> Packed {
        let packed = lz4_flex::block::compress(bytes);
        let pays = packed.len() < bytes.len() - bytes.len() / WORTH;
        Packed {
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
    pub fn reuse_or_pack(old: Option<&Packed>, bytes: &[u8]) -> (Packed, bool) {
        let hash = hash128(bytes);
        match old.filter(|b| b.hash == hash && b.len == bytes.len()) {
            Some(b) => (b.clone(), false),
            None => (Packed::hashed(bytes, hash), true),
        }
    }

    /// Whether this body holds `bytes`.
    pub fn holds(&self, bytes: &[u8]) -> bool {
        self.len == bytes.len() && self.hash == hash128(bytes)
    }

    /// The bytes, unpacked (shared when they were not packed).
    pub fn bytes(&self) -> Arc<[u8]> {
        match self.packed {
            false => self.data.clone(),
            true => Arc::from(self.unpack()),
        }
    }

    /// The bytes, unpacked into a new buffer.
    pub fn unpack(&self) -> Vec<u8> {
        if !self.packed {
            return self.data.to_vec();
        }
        // The data was packed by `new` in this process, so it unpacks; empty bytes in its
        // place would only show if memory were corrupted.
        let bytes = lz4_flex::block::decompress(&self.data, self.len);
        debug_assert!(bytes.is_ok(), "packed bytes unpack");
        bytes.unwrap_or_default()
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
        let body = Packed::new(page.as_bytes());
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
        let body = Packed::new(&noise);
        assert_eq!(body.held(), noise.len());
        assert_eq!(&*body.bytes(), &noise[..]);
        let empty = Packed::new(b"");
        assert_eq!(&*empty.bytes(), b"");
    }

    #[test]
    fn the_same_bytes_reuse_the_old_body() {
        let old = Packed::new(b"<html>same</html>");
        let (kept, new) = Packed::reuse_or_pack(Some(&old), b"<html>same</html>");
        assert!(!new);
        assert!(Arc::ptr_eq(&kept.data, &old.data));
        let (changed, new) = Packed::reuse_or_pack(Some(&old), b"<html>other</html>");
        assert!(new);
        assert_eq!(&*changed.bytes(), b"<html>other</html>");
        assert!(Packed::reuse_or_pack(None, b"x").1);
    }
}
