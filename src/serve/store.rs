//! The site being served, held in memory: the files of the last good build, a version number
//! that moves whenever what the browser should show changes, and the current build error.
//!
//! Serving from memory means a request can never read a file outside the site: a URL can only
//! name a key of this map.

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::packed::Packed;

/// Shared between the rebuild loop and the HTTP threads.
#[derive(Default)]
pub struct Store {
    state: RwLock<State>,
}

/// A consistent view of the store.
#[derive(Default, Clone)]
pub struct State {
    /// Output path (`articles/x/index.html`) → bytes, packed.
    pub files: HashMap<String, Packed>,
    /// Moves on every change the open pages should follow (new files, a new or fixed error).
    pub version: u64,
    /// The last build's error report (plain text), while the site does not build.
    pub error: Option<String>,
    /// Whether any build has succeeded yet.
    pub built: bool,
    /// The version at which each file's bytes last changed.
    changed_at: HashMap<String, u64>,
    /// The version at which an image, font or other media file last changed: pages show
    /// those by a URL that does not change with their bytes (styles and scripts do).
    media_at: u64,
    /// The version at which a build error appeared, changed or was fixed.
    error_at: u64,
}

impl State {
    /// The version a page at `path` (an output path) follows: it moves when the page's own
    /// bytes change, when media it may show change, or when a build error comes or goes, but
    /// not when the rest of the site is rebuilt around it. So a page published first
    /// ([`Store::patch`]) is not reloaded again by the full rebuild that follows, unless
    /// that rebuild changed it. A path that is not in the site follows every change.
    pub fn version_of(&self, path: &str) -> u64 {
        match self.changed_at.get(path) {
            Some(&at) => at.max(self.media_at).max(self.error_at),
            None => self.version,
        }
    }

    /// Records that `path` has new bytes at version `v`.
    fn mark(&mut self, path: &str, v: u64) {
        self.changed_at.insert(path.to_string(), v);
        if is_media(path) {
            self.media_at = v;
        }
    }
}

/// Whether a file is shown by pages under a URL that does not change with its bytes.
fn is_media(path: &str) -> bool {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    matches!(mime.type_().as_str(), "image" | "font" | "audio" | "video")
}

/// What a successful rebuild changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files new or with new bytes.
    pub written: usize,
    /// Files that are gone.
    pub removed: usize,
}

/// A build's files, taken in a chunk at a time while the old ones are still served, so a
/// rebuild never holds every page unpacked.
pub struct Staging {
    /// The files being served when the build started (bodies shared, not copied).
    old: HashMap<String, Packed>,
    next: HashMap<String, Packed>,
    /// Files new or with new bytes.
    written: Vec<String>,
}

impl Staging {
    /// Takes in some files of the build (packed in parallel).
    pub fn add<'a>(&mut self, files: Vec<(&'a str, &'a [u8])>) {
        let old = &self.old;
        let bodies: Vec<_> = files
            .into_par_iter()
            .map(|(path, bytes)| (path, Packed::reuse_or_pack(old.get(path), bytes)))
            .collect();
        for (path, (body, new)) in bodies {
            if new {
                self.written.push(path.to_string());
            }
            self.next.insert(path.to_string(), body);
        }
    }
}

impl Store {
    /// A snapshot-free read: the lock is held for as long as the guard lives, so keep it short.
    pub fn read(&self) -> RwLockReadGuard<'_, State> {
        // A panic while holding the lock cannot leave the map half-written (every update is a
        // single assignment), so a poisoned lock is still safe to use.
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts taking in a new build's files, beside the files being served.
    pub fn staging(&self) -> Staging {
        Staging {
            old: self.read().files.clone(),
            next: HashMap::new(),
            written: Vec::new(),
        }
    }

    /// Installs a successful build: files whose bytes did not change keep their old body,
    /// and the version moves if anything changed or an error was showing.
    pub fn install(&self, staging: Staging) -> Changes {
        let Staging { old, next, written } = staging;
        let changes = Changes {
            written: written.len(),
            removed: old.keys().filter(|k| !next.contains_key(*k)).count(),
        };
        drop(old);
        let mut state = self.write();
        if changes != Changes::default() || state.error.is_some() {
            state.version += 1;
        }
        let v = state.version;
        if state.error.take().is_some() {
            state.error_at = v;
        }
        for path in &written {
            state.mark(path, v);
        }
        state.changed_at.retain(|k, _| next.contains_key(k));
        state.files = next;
        state.built = true;
        changes
    }

    /// Installs a successful build given all at once.
    #[cfg(test)]
    pub fn update<'a>(&self, files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Changes {
        let mut staging = self.staging();
        staging.add(files.collect::<Vec<_>>());
        self.install(staging)
    }

    /// Replaces some files ahead of a full update (the edited page first); the version moves
    /// if any bytes changed. Answers how many files changed.
    pub fn patch<'a>(&self, files: impl Iterator<Item = (&'a str, &'a [u8])>) -> usize {
        let mut state = self.write();
        let v = state.version + 1;
        let mut written = 0;
        for (path, bytes) in files {
            if state.files.get(path).is_some_and(|b| b.holds(bytes)) {
                continue;
            }
            state.files.insert(path.to_string(), Packed::new(bytes));
            state.mark(path, v);
            written += 1;
        }
        if written > 0 {
            state.version = v;
        }
        written
    }

    /// Records a failed build; the files of the last good build stay.
    pub fn fail(&self, report: String) {
        let mut state = self.write();
        if state.error.as_deref() != Some(report.as_str()) {
            state.version += 1;
            state.error_at = state.version;
            state.error = Some(report);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_moves_only_on_change() {
        let store = Store::default();
        let c = store.update([("a.html", &b"1"[..]), ("b.css", &b"x"[..])].into_iter());
        assert_eq!(
            c,
            Changes {
                written: 2,
                removed: 0
            }
        );
        let v = store.read().version;
        let c = store.update([("a.html", &b"1"[..]), ("b.css", &b"x"[..])].into_iter());
        assert_eq!((c, store.read().version), (Changes::default(), v));
        store.fail("error: x".into());
        assert_eq!(store.read().version, v + 1);
        assert_eq!(
            &*store.read().files["a.html"].bytes(),
            b"1",
            "the last good build stays"
        );
        let c = store.update([("a.html", &b"2"[..])].into_iter());
        assert_eq!(
            c,
            Changes {
                written: 1,
                removed: 1
            }
        );
        assert_eq!(
            (store.read().version, store.read().error.is_none()),
            (v + 2, true)
        );
    }

    #[test]
    fn a_page_follows_its_own_bytes_media_and_errors() {
        let store = Store::default();
        let files = |page: &'static [u8], feed: &'static [u8], img: &'static [u8]| {
            [("a/index.html", page), ("atom.xml", feed), ("d.png", img)].into_iter()
        };
        store.update(files(b"1", b"x", b"p"));
        let first = store.read().version_of("a/index.html");
        store.patch([("a/index.html", &b"2"[..])].into_iter());
        let patched = store.read().version_of("a/index.html");
        assert!(patched > first, "the patched page moves");
        store.update(files(b"2", b"y", b"p"));
        let state = store.read();
        assert_eq!(
            state.version_of("a/index.html"),
            patched,
            "only the feed changed"
        );
        assert!(state.version > patched);
        assert_eq!(state.version_of("missing.html"), state.version);
        drop(state);
        store.update(files(b"2", b"y", b"q"));
        let after_media = store.read().version_of("a/index.html");
        assert!(after_media > patched, "an image may be on the page");
        store.fail("error".into());
        let failed = store.read().version_of("a/index.html");
        assert!(failed > after_media);
        store.update(files(b"2", b"y", b"q"));
        assert!(
            store.read().version_of("a/index.html") > failed,
            "the error is fixed"
        );
    }

    #[test]
    fn a_patch_replaces_only_what_it_names() {
        let store = Store::default();
        store.update([("a.html", &b"1"[..]), ("b.html", &b"x"[..])].into_iter());
        let v = store.read().version;
        assert_eq!(store.patch([("a.html", &b"1"[..])].into_iter()), 0);
        assert_eq!(store.read().version, v, "the same bytes move nothing");
        assert_eq!(store.patch([("a.html", &b"2"[..])].into_iter()), 1);
        let state = store.read();
        assert_eq!(
            (
                &*state.files["a.html"].bytes(),
                &*state.files["b.html"].bytes()
            ),
            (&b"2"[..], &b"x"[..])
        );
        assert_eq!(state.version, v + 1);
    }

    #[test]
    fn a_build_taken_in_chunks_shows_only_once_installed() {
        let store = Store::default();
        store.update([("a.html", &b"1"[..]), ("b.html", &b"x"[..])].into_iter());
        let v = store.read().version;
        let mut failed = store.staging();
        failed.add(vec![("a.html", &b"broken"[..])]);
        drop(failed);
        let mut staging = store.staging();
        staging.add(vec![("a.html", &b"1"[..])]);
        staging.add(vec![("c.html", "ç 日本 🦀 ש".as_bytes())]);
        assert_eq!(
            (&*store.read().files["a.html"].bytes(), store.read().version),
            (&b"1"[..], v),
            "the old site is served until the new one is in"
        );
        let c = store.install(staging);
        assert_eq!(
            c,
            Changes {
                written: 1,
                removed: 1
            }
        );
        let state = store.read();
        assert_eq!(state.version, v + 1);
        assert_eq!(state.version_of("a.html"), v, "a.html did not change");
        assert_eq!(&*state.files["c.html"].bytes(), "ç 日本 🦀 ש".as_bytes());
        assert!(!state.files.contains_key("b.html"));
    }
}
