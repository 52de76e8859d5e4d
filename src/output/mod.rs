//! The only module that writes. A build writes in place, but only at the end: every file
//! whose bytes changed is first written into `.galley-staging/` inside the output folder, and
//! only when the whole build succeeded are those files moved into place, the files of the
//! previous build that are gone deleted, and the manifest updated. A failed build therefore
//! leaves the previous output as it was, and a rebuild with nothing changed touches nothing:
//! no folder is created, no file written (a fresh folder swapped in on every build spent
//! seconds of kernel time on a 10,000-article site). Nothing is written outside the output
//! folder, except the manifest in the site's `.galley-cache/`.

mod guard;
mod manifest;

use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::{Diagnostic, Error, Result};
use manifest::{Entry, Manifest};

/// Name of the marker file galley leaves in every output folder it makes, so it never
/// writes into a folder it did not create.
pub const MARKER: &str = ".galley-output";

const MARKER_TEXT: &[u8] = b"This folder is made by galley and updated on every build.\n";

/// Where changed files wait, inside the output folder, until the build succeeds.
const STAGING: &str = ".galley-staging";

/// An output folder being updated.
pub struct Writer {
    target: PathBuf,
    staging: PathBuf,
    manifest_file: PathBuf,
    /// What the previous build left; `None` when unknown (no manifest), and then the folder is
    /// walked to find what to delete.
    previous: Option<Manifest>,
    /// Entries of this build's files.
    entries: Mutex<Manifest>,
    /// Changed files: output path → staged copy.
    changed: Mutex<HashMap<String, PathBuf>>,
    staged: AtomicUsize,
    /// The target did not exist before this build.
    created_target: bool,
    /// The target was missing or empty: there is nothing to keep, so files are written in
    /// place at once (no staging, no moves), and a failed build empties the folder again.
    fresh: bool,
    committed: bool,
}

/// Refuses an output folder galley must never write into (the site itself, `/`, the home
/// folder, a folder it did not make), before a build spends time or writes its caches.
pub fn check_target(root: &Path, target: &Path) -> Result<()> {
    guard::check_target(&guard::absolute(root)?, &guard::absolute(target)?)
}

impl Writer {
    /// Checks that `target` is a safe place to build into and prepares to update it.
    pub fn begin(root: &Path, target: &Path) -> Result<Writer> {
        let target = guard::absolute(target)?;
        guard::check_target(&guard::absolute(root)?, &target)?;
        let created_target = !target.exists();
        fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
        let fresh = fs::read_dir(&target)
            .map_err(|e| Error::io(&target, e))?
            .next()
            .is_none();
        let staging = target.join(STAGING);
        if staging.exists() {
            // Left by a build that was killed: it holds nothing anyone needs.
            fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        let manifest_file = manifest::location(root, &target);
        let previous = if target.join(MARKER).is_file() {
            manifest::read(&manifest_file)
        } else {
            Some(Manifest::new())
        };
        Ok(Writer {
            target,
            staging,
            manifest_file,
            previous,
            entries: Mutex::default(),
            changed: Mutex::default(),
            staged: AtomicUsize::new(0),
            created_target,
            fresh,
            committed: false,
        })
    }

    /// Records `bytes` for `rel`, a `/`-separated relative path: staged if they differ from
    /// what the previous build left there, skipped if not.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let dest = self.path_of(rel)?;
        let hash = manifest::hash(bytes);
        let old = self.previous.as_ref().and_then(|m| m.get(rel));
        if let Some(old) = old.filter(|o| o.hash == hash && o.len == bytes.len() as u64) {
            if old.is_on_disk(&dest) {
                lock(&self.changed).remove(rel);
                lock(&self.entries).insert(rel.to_string(), *old);
                return Ok(());
            }
        }
        if self.fresh {
            return self.write_in_place(rel, &dest, bytes);
        }
        let n = self.staged.fetch_add(1, Ordering::Relaxed);
        let staged = self.staging.join(n.to_string());
        fs::write(&staged, bytes).map_err(|e| Error::io(&dest, e))?;
        let entry = Entry::of(bytes, &staged).ok_or_else(|| read_back(&staged))?;
        lock(&self.entries).insert(rel.to_string(), entry);
        lock(&self.changed).insert(rel.to_string(), staged);
        Ok(())
    }

    /// Writes `bytes` straight to `dest`, the path of `rel` (a fresh target only).
    fn write_in_place(&self, rel: &str, dest: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(dest, bytes).map_err(|e| Error::io(dest, e))?;
        let entry = Entry::of(bytes, dest).ok_or_else(|| read_back(dest))?;
        lock(&self.entries).insert(rel.to_string(), entry);
        Ok(())
    }

    /// Writes many files in parallel.
    pub fn write_all<'a>(
        &self,
        files: impl IntoParallelIterator<Item = (&'a str, &'a [u8])>,
    ) -> Result<()> {
        files
            .into_par_iter()
            .try_for_each(|(rel, bytes)| self.write(rel, bytes))
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        let p = Path::new(rel);
        let safe = !rel.is_empty()
            && rel != STAGING
            && p.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(
                Diagnostic::file(rel, "refusing to write outside the output folder").into(),
            );
        }
        Ok(self.target.join(p))
    }

    /// Puts the build in place: deletes the files that are gone, moves the changed ones in,
    /// and records the manifest.
    pub fn commit(mut self) -> Result<PathBuf> {
        let entries = std::mem::take(&mut *lock(&self.entries));
        let changed = std::mem::take(&mut *lock(&self.changed));
        let old: Vec<String> = match self.previous.take() {
            Some(m) => m.into_keys().collect(),
            None => walk(&self.target)?,
        };
        let gone: Vec<&String> = old.iter().filter(|p| !entries.contains_key(*p)).collect();
        self.delete(&gone)?;
        changed
            .par_iter()
            .try_for_each(|(rel, staged)| self.move_in(rel, staged))?;
        let marker = self.target.join(MARKER);
        if fs::read(&marker).ok().as_deref() != Some(MARKER_TEXT) {
            fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&self.staging);
        if manifest::write(&self.manifest_file, &entries).is_err() {
            // Without a true manifest the next build must walk the folder instead.
            let _ = fs::remove_file(&self.manifest_file);
        }
        Ok(self.target.clone())
    }

    /// Deletes the previous build's files at `gone`, then the folders they leave empty.
    fn delete(&self, gone: &[&String]) -> Result<()> {
        gone.par_iter().try_for_each(|rel| {
            let path = self.target.join(rel.as_str());
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, e)),
                _ => Ok(()),
            }
        })?;
        let mut folders = BTreeSet::new();
        for rel in gone {
            let mut p = Path::new(rel.as_str());
            while let Some(parent) = p.parent().filter(|p| !p.as_os_str().is_empty()) {
                folders.insert(parent.to_path_buf());
                p = parent;
            }
        }
        // Deepest first; a folder still holding files stays.
        for folder in folders.iter().rev() {
            let _ = fs::remove_dir(self.target.join(folder));
        }
        Ok(())
    }

    fn move_in(&self, rel: &str, staged: &Path) -> Result<()> {
        let dest = self.target.join(rel);
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        if fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
            // A folder of an earlier build where this build has a file.
            fs::remove_dir_all(&dest).map_err(|e| Error::io(&dest, e))?;
        }
        fs::rename(staged, &dest).map_err(|e| Error::io(&dest, e))
    }
}

fn lock<T: Default>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave a half-made entry: take the data as it is.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Every file under `dir` as a relative `/`-separated path, except galley's own files.
fn walk(dir: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel != MARKER && !rel.starts_with(STAGING) {
            files.push(rel);
        }
    }
    Ok(files)
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let _ = fs::remove_dir_all(&self.staging);
        if self.fresh {
            // The folder was empty: everything in it now is this failed build's.
            for entry in fs::read_dir(&self.target).into_iter().flatten().flatten() {
                let path = entry.path();
                let _ = match entry.file_type() {
                    Ok(t) if t.is_dir() => fs::remove_dir_all(&path),
                    _ => fs::remove_file(&path),
                };
            }
        }
        if self.created_target {
            let _ = fs::remove_dir(&self.target);
        }
    }
}

/// A file just written whose metadata cannot be read: an I/O failure (exit 1), not a usage
/// error.
fn read_back(path: &Path) -> Error {
    Error::io(
        path,
        std::io::Error::other("cannot read back what was just written"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    #[test]
    fn refuses_dangerous_targets() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/x"),
            PathBuf::from("/"),
            root.join(".."),
        ] {
            assert!(Writer::begin(root, &bad).is_err(), "{}", bad.display());
        }
        let foreign = root.join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(Writer::begin(root, &foreign).is_err());
        assert_eq!(
            fs::read_to_string(foreign.join("keep.txt")).unwrap(),
            "mine"
        );
    }

    fn build(root: &Path, out: &Path, files: &[(&str, &str)]) {
        let w = Writer::begin(root, out).unwrap();
        for (rel, text) in files {
            w.write(rel, text.as_bytes()).unwrap();
        }
        w.commit().unwrap();
    }

    fn inode(p: &Path) -> (u64, i64) {
        let m = fs::metadata(p).unwrap();
        (m.ino(), m.mtime_nsec())
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut all = walk(dir).unwrap();
        all.sort();
        all
    }

    #[test]
    fn unchanged_files_are_left_alone_and_a_failed_build_changes_nothing() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        build(
            site.path(),
            &out,
            &[
                ("a/index.html", "same"),
                ("b.html", "old"),
                ("gone/x/index.html", "gone"),
            ],
        );
        let before = inode(&out.join("a/index.html"));
        // A failed build that would change b.html leaves the output as it was.
        let w = Writer::begin(site.path(), &out).unwrap();
        w.write("a/index.html", b"same").unwrap();
        w.write("b.html", b"new").unwrap();
        drop(w);
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"old");
        assert_eq!(listing(&out).len(), 3);
        assert!(!out.join(STAGING).exists());
        // Same length, other bytes; unchanged; and a file of the old build left out.
        build(
            site.path(),
            &out,
            &[("a/index.html", "same"), ("b.html", "neW")],
        );
        assert_eq!(
            inode(&out.join("a/index.html")),
            before,
            "unchanged file rewritten"
        );
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"neW");
        assert!(
            !out.join("gone").exists(),
            "old files and their folders must go"
        );
        let mut top: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        top.sort();
        assert_eq!(top, [MARKER, "a", "b.html"]);
    }

    #[test]
    fn a_lost_manifest_or_a_hand_edit_costs_work_not_correctness() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        build(site.path(), &out, &[("a.html", "one"), ("old.html", "x")]);
        fs::write(out.join("a.html"), "hand").unwrap();
        fs::write(out.join("stray.txt"), "left by someone").unwrap();
        build(site.path(), &out, &[("a.html", "one"), ("old.html", "x")]);
        assert_eq!(
            fs::read(out.join("a.html")).unwrap(),
            b"one",
            "hand edit kept"
        );
        fs::remove_dir_all(site.path().join(".galley-cache")).unwrap();
        build(site.path(), &out, &[("a.html", "one")]);
        assert_eq!(
            listing(&out),
            ["a.html"],
            "without a manifest the folder is walked"
        );
    }

    #[test]
    fn files_and_folders_may_trade_places() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        build(
            site.path(),
            &out,
            &[("x", "file"), ("y/index.html", "in a folder")],
        );
        build(
            site.path(),
            &out,
            &[("x/index.html", "now a folder"), ("y", "now a file")],
        );
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"now a folder");
        assert_eq!(fs::read(out.join("y")).unwrap(), b"now a file");
        let w = Writer::begin(site.path(), &out).unwrap();
        assert!(w.write("../escape.html", b"x").is_err());
        assert!(w.write(STAGING, b"x").is_err());
    }

    #[test]
    fn a_failed_first_build_leaves_no_folder_or_an_empty_one() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let w = Writer::begin(site.path(), &out).unwrap();
        w.write("a/index.html", b"x").unwrap();
        assert!(
            out.join("a/index.html").is_file(),
            "a fresh folder is written in place"
        );
        drop(w);
        assert!(!out.exists());
        fs::create_dir(&out).unwrap();
        let w = Writer::begin(site.path(), &out).unwrap();
        w.write("a/index.html", b"x").unwrap();
        drop(w);
        assert!(out.is_dir() && listing(&out).is_empty() && entries_of(&out).is_empty());
        build(site.path(), &out, &[("a/index.html", "x")]);
        build(site.path(), &out, &[("a/index.html", "x")]);
        assert_eq!(listing(&out), ["a/index.html"]);
    }

    fn entries_of(dir: &Path) -> Vec<std::ffi::OsString> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    }
}
