//! The disk cache of highlighted blocks: one pack file, `.galley-cache/highlight.pack`, that
//! a build appends each newly highlighted block to and that is compacted at the end of a build
//! to the blocks the build used.
//!
//! A block is keyed by the XXH3-128 hash of everything its HTML depends on: the identity of the
//! highlighter (galley's version, the writer's format, the versions of the grammar crates, the
//! themes' class vocabulary), the fence's language and the code. The file starts with a header
//! that repeats the identity and galley's version (a file of another galley or other themes is
//! replaced, never read), and every record carries its length and a checksum ([`record`]).
//! Opening the file reads each record's fixed part front to back (not its payload) and indexes
//! the records up to the first that does not start like one or does not fit; a hit reads its
//! one record at its offset and checks it whole. So a torn tail (a build killed mid-write), a
//! damaged record or a foreign file is a miss, never wrong HTML, and the block is highlighted
//! and appended again.
//!
//! Several threads of a build read at once; appends are serialised by a lock. Two galley
//! processes on one site only ever append whole records to the file or rename a new one over
//! it, so neither can corrupt what the other reads: at worst one loses the other's new blocks.
//! The file can be deleted at any time. The per-block folder of earlier galleys
//! (`.galley-cache/highlight/`) is removed the first time the pack is opened.

mod pack;
mod record;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::Block;
use crate::cache::{self, Hasher};
use pack::Pack;

/// The pack's file name in the cache folder.
pub const FILE: &str = "highlight.pack";

/// The folder of one file per block that galley used before the pack.
const LEGACY_DIR: &str = "highlight";

/// The pack file of a cache folder and the identity of the highlighter that reads and fills it.
pub struct DiskCache {
    path: PathBuf,
    /// Hash of the highlighter's identity: the first part of every key, and in the header.
    identity: u64,
    state: RwLock<State>,
}

enum State {
    /// Not opened yet: a build with no code never creates the file.
    Closed,
    Open(Pack),
    /// The file cannot be opened or created (a read-only site): every lookup is a miss.
    Unavailable,
}

impl DiskCache {
    /// A cache in the folder `dir` for a highlighter described by `identity`.
    pub fn new(dir: PathBuf, identity: String) -> DiskCache {
        DiskCache {
            path: dir.join(FILE),
            identity: cache::hash64(identity.as_bytes()),
            state: RwLock::new(State::Closed),
        }
    }

    /// The pack file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn key(&self, code: &str, lang: &str) -> u128 {
        Hasher::default()
            .part(&self.identity.to_le_bytes())
            .part(lang.as_bytes())
            .part(code.as_bytes())
            .finish128()
    }

    /// The cached block for `code` in `lang`, if a valid one is stored.
    pub fn get(&self, code: &str, lang: &str) -> Option<Block> {
        let key = self.key(code, lang);
        match &*self.opened() {
            State::Open(pack) => pack.get(key),
            _ => None,
        }
    }

    /// Stores `block` as the HTML of `code` in `lang`. Failures are ignored: the cache only
    /// saves time.
    pub fn put(&self, code: &str, lang: &str, block: &Block) {
        let key = self.key(code, lang);
        let bytes = record::encode(key, block);
        if let State::Open(pack) = &mut *self.write() {
            pack.append(key, &bytes);
        }
    }

    /// Ends a build: rewrites the file with only the blocks used since this cache was made
    /// (for `serve`, by any build of the session), if enough of it is dead or damaged.
    pub fn compact(&self) {
        let mut state = self.write();
        let State::Open(pack) = &*state else { return };
        // A file deleted under a long session (`serve`) is written again from the one it holds.
        let deleted = !self.path.exists();
        if !(deleted || pack.wants_compaction()) {
            return;
        }
        let header = record::header(self.identity);
        let dir = self.path.parent().map_or(Ok(()), fs::create_dir_all);
        // On failure the old file stays as it is, still valid.
        if let Ok(new) = dir.and_then(|()| pack.compact(&self.path, &header)) {
            *state = State::Open(new);
        }
    }

    /// The state for reading, the file opened first if it is not yet.
    fn opened(&self) -> RwLockReadGuard<'_, State> {
        let state = self.read();
        if !matches!(*state, State::Closed) {
            return state;
        }
        drop(state);
        drop(self.write());
        self.read()
    }

    /// The state for appending, the file opened first if it is not yet.
    fn write(&self) -> RwLockWriteGuard<'_, State> {
        // A panic elsewhere while holding the lock leaves a state that is still consistent.
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        if matches!(*state, State::Closed) {
            *state = self.open();
        }
        state
    }

    fn read(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn open(&self) -> State {
        let Some(dir) = self.path.parent() else {
            return State::Unavailable;
        };
        let legacy = dir.join(LEGACY_DIR);
        if legacy.is_dir() {
            let _ = fs::remove_dir_all(legacy);
        }
        let opened = fs::create_dir_all(dir)
            .and_then(|()| Pack::open(&self.path, &record::header(self.identity)));
        opened.map_or(State::Unavailable, State::Open)
    }
}

#[cfg(test)]
mod tests;
