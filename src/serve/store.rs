//! The site being served, held in memory: the files of the last good build, a version number
//! that moves whenever what the browser should show changes, and the current build error.
//!
//! Serving from memory means a request can never read a file outside the site: a URL can only
//! name a key of this map.

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Shared between the rebuild loop and the HTTP threads.
#[derive(Default)]
pub struct Store {
    state: RwLock<State>,
}

/// A consistent view of the store.
#[derive(Default, Clone)]
pub struct State {
    /// Output path (`articles/x/index.html`) → bytes.
    pub files: HashMap<String, Arc<[u8]>>,
    /// Moves on every change the open pages should follow (new files, a new or fixed error).
    pub version: u64,
    /// The last build's error report (plain text), while the site does not build.
    pub error: Option<String>,
    /// Whether any build has succeeded yet.
    pub built: bool,
}

/// What a successful rebuild changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files new or with new bytes.
    pub written: usize,
    /// Files that are gone.
    pub removed: usize,
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

    /// Installs a successful build: only files whose bytes changed are replaced, and the
    /// version moves if anything changed or an error was showing.
    pub fn update<'a>(&self, files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Changes {
        let old = self.read().files.clone();
        let mut next = HashMap::with_capacity(old.len());
        let mut changes = Changes::default();
        for (path, bytes) in files {
            let kept = old.get(path).filter(|b| ***b == *bytes).cloned();
            if kept.is_none() {
                changes.written += 1;
            }
            next.insert(path.to_string(), kept.unwrap_or_else(|| Arc::from(bytes)));
        }
        changes.removed = old.keys().filter(|k| !next.contains_key(*k)).count();
        let mut state = self.write();
        if changes != Changes::default() || state.error.is_some() {
            state.version += 1;
        }
        state.files = next;
        state.error = None;
        state.built = true;
        changes
    }

    /// Records a failed build; the files of the last good build stay.
    pub fn fail(&self, report: String) {
        let mut state = self.write();
        if state.error.as_deref() != Some(report.as_str()) {
            state.version += 1;
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
            &*store.read().files["a.html"],
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
}
