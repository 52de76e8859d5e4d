//! What the previous build wrote: each file's content hash, length and modification time.
//!
//! The manifest lets a rebuild skip a file whose new bytes hash like the old ones, and delete
//! exactly the files that are gone, without reading or walking the output. It lives in the
//! site's `.galley-cache/` (safe to delete: without it galley walks the output instead), never
//! in the deployed folder. A file whose length or modification time on disk differs from its
//! entry (edited by hand, or left half-updated by a build that was killed) counts as unknown
//! and is written again, so a stale manifest costs work, never correctness.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// The manifest's name and format in the shared cache encoding ([`crate::cache::encode`]).
const NAME: &str = "output-manifest";
const FORMAT: u32 = 2;

/// One output file as a build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// XXH3-128 of the bytes.
    pub hash: u128,
    pub len: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime: u128,
}

impl Entry {
    /// The entry for `bytes` just written to `path`.
    pub fn of(bytes: &[u8], path: &Path) -> Option<Entry> {
        let meta = fs::symlink_metadata(path).ok()?;
        Some(Entry {
            hash: hash(bytes),
            len: bytes.len() as u64,
            mtime: mtime(&meta)?,
        })
    }

    /// Whether the file at `path` is still exactly what this entry recorded.
    pub fn is_on_disk(&self, path: &Path) -> bool {
        // Only a plain file galley wrote; a link someone put there is never trusted.
        fs::symlink_metadata(path).is_ok_and(|m| {
            m.file_type().is_file() && m.len() == self.len && mtime(&m) == Some(self.mtime)
        })
    }
}

pub fn hash(bytes: &[u8]) -> u128 {
    crate::cache::hash128(bytes)
}

fn mtime(meta: &fs::Metadata) -> Option<u128> {
    let t = meta.modified().ok()?;
    Some(t.duration_since(UNIX_EPOCH).ok()?.as_nanos())
}

/// Relative output path → entry.
pub type Manifest = HashMap<String, Entry>;

/// Where the manifest of the output folder `target` is kept.
pub fn location(root: &Path, target: &Path) -> PathBuf {
    let id = crate::cache::hash64(target.as_os_str().as_encoded_bytes());
    crate::cache::path(root, "output").join(format!("{id:016x}.bin"))
}

/// The manifest at `file`, or `None` when it is missing, unreadable or written by another
/// galley (then nothing about the output is known).
pub fn read(file: &Path) -> Option<Manifest> {
    let bytes = fs::read(file).ok()?;
    let entries: Vec<(String, Entry)> = crate::cache::decode(&bytes, NAME, FORMAT)?;
    Some(entries.into_iter().collect())
}

/// Writes `manifest` to `file` atomically (a temporary file renamed over it), sorted by path
/// so it is the same for the same output.
pub fn write(file: &Path, manifest: &Manifest) -> std::io::Result<()> {
    let mut entries: Vec<_> = manifest.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let bytes = crate::cache::to_bytes(NAME, FORMAT, &entries);
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension(format!("tmp-{}", std::process::id()));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("m.bin");
        let page = dir.path().join("p.html");
        fs::write(&page, "hi").unwrap();
        let mut m = Manifest::new();
        m.insert("a b/index.html".into(), Entry::of(b"hi", &page).unwrap());
        write(&file, &m).unwrap();
        assert_eq!(read(&file), Some(m.clone()));
        assert!(m["a b/index.html"].is_on_disk(&page));
        fs::write(&page, "hi!").unwrap();
        assert!(!m["a b/index.html"].is_on_disk(&page), "edited by hand");
        let good = fs::read(&file).unwrap();
        fs::write(&file, &good[..good.len() - 1]).unwrap();
        assert_eq!(read(&file), None, "torn");
        fs::write(&file, "something else\n").unwrap();
        assert_eq!(read(&file), None);
    }
}
