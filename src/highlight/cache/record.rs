//! The bytes of the pack file: a header naming the highlighter, then records, each
//! self-checking, so the file can be read front to back, record by record, and any one of them
//! checked on its own.
//!
//! ```text
//! header  cache::to_bytes("highlight-pack", FORMAT, identity as 8 bytes): text line, 8 bytes, XXH3
//! record  magic "hlb2" | payload length u32 | key u128 | XXH3 of (key, payload) u64 | payload
//! ```
//!
//! All integers are little-endian. The payload is postcard of [`Stored`]. A record is trusted
//! only whole: its magic, a length that fits in the file, and a checksum over the key and the
//! payload; the key is then compared with the key asked for, so a record read at a wrong offset
//! (an index made by another process, a file replaced under us) is a miss too.

use serde::{Deserialize, Serialize};

use super::super::Block;
use crate::cache::{self, Hasher};

/// The cache's name and format in the file's header. Bump [`FORMAT`] whenever the layout or
/// the payload changes.
const NAME: &str = "highlight-pack";
const FORMAT: u32 = 2;

/// First bytes of every record; a scan that lands anywhere else stops.
const MAGIC: [u8; 4] = *b"hlb2";

/// Length of a record's fixed part: magic, payload length, key, checksum.
pub const HEAD: usize = 4 + 4 + 16 + 8;

/// The payload: what a block's HTML is, not what it was made from (the key says that): the
/// lines' text and where each ends.
#[derive(Serialize, Deserialize)]
struct Stored<S, E> {
    text: S,
    ends: E,
    label: Option<S>,
    highlighted: bool,
}

/// The header of a pack written by this galley for the highlighter hashed to `identity`.
/// Another galley version, format or highlighter gives other bytes, so its file is not read.
pub fn header(identity: u64) -> Vec<u8> {
    cache::to_bytes(NAME, FORMAT, &identity.to_le_bytes())
}

/// The whole record of `block` under `key`.
pub fn encode(key: u128, block: &Block) -> Vec<u8> {
    let (text, ends) = block.lines.parts();
    let stored = Stored {
        text,
        ends,
        label: block.label.as_deref(),
        highlighted: block.highlighted,
    };
    // postcard fails only on types it cannot encode; these are plain strings and a bool.
    let payload = postcard::to_stdvec(&stored).unwrap_or_default();
    let mut out = Vec::with_capacity(HEAD + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&checksum(key, &payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

fn checksum(key: u128, payload: &[u8]) -> u64 {
    Hasher::default()
        .part(&key.to_le_bytes())
        .part(payload)
        .finish()
}

/// The payload length announced by a record's fixed part, if it starts like a record.
pub fn payload_len(head: &[u8]) -> Option<usize> {
    if head.len() < HEAD || head[..4] != MAGIC {
        return None;
    }
    let len = u32::from_le_bytes(head[4..8].try_into().ok()?);
    Some(len as usize)
}

/// The key named by a record's fixed part. Not checked: only [`verify`] of the whole record
/// tells whether it is intact.
pub fn key(head: &[u8]) -> Option<u128> {
    Some(u128::from_le_bytes(head.get(8..24)?.try_into().ok()?))
}

/// The key of a whole record (`bytes` is exactly one record), if it is intact.
pub fn verify(bytes: &[u8]) -> Option<u128> {
    let len = payload_len(bytes)?;
    if bytes.len() != HEAD + len {
        return None;
    }
    let key = key(bytes)?;
    let sum = u64::from_le_bytes(bytes[24..32].try_into().ok()?);
    (checksum(key, &bytes[HEAD..]) == sum).then_some(key)
}

/// The block in a whole record, if the record is intact and stored under `key`.
pub fn decode(bytes: &[u8], key: u128) -> Option<Block> {
    if verify(bytes)? != key {
        return None;
    }
    match postcard::take_from_bytes::<Stored<String, Vec<u32>>>(&bytes[HEAD..]) {
        Ok((s, [])) => Some(Block {
            lines: super::super::lines::Lines::from_parts(s.text, s.ends)?,
            label: s.label,
            highlighted: s.highlighted,
        }),
        _ => None,
    }
}
