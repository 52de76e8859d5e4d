//! The only module that writes. A build writes into a fresh sibling of the output folder and
//! swaps it in only when everything succeeded: a failed build leaves the previous output as it
//! was, and files from old builds never linger. Nothing is written outside the output folder.

use rayon::prelude::*;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Name of the marker file galley leaves in every output folder it makes, so it never
/// replaces a folder it did not create.
pub const MARKER: &str = ".galley-output";

/// An output folder being written.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The output of the previous build (the target, when galley made it): a file whose bytes
    /// are unchanged is hard-linked from there instead of written again.
    previous: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Checks that `target` is a safe place to build into and creates a fresh, empty sibling
    /// folder to write in.
    pub fn begin(root: &Path, target: &Path) -> Result<Staging> {
        let target = absolute(target)?;
        check_target(&absolute(root)?, &target)?;
        let parent = target
            .parent()
            .ok_or_else(|| Error::Usage(format!("cannot build into {}", target.display())))?;
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = parent.join(format!(".{name}.galley-new-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        let previous = target.join(MARKER).is_file().then(|| target.clone());
        let staging = Staging {
            dir,
            target,
            previous,
            committed: false,
        };
        staging.write(
            MARKER,
            b"This folder is made by galley and replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes `bytes` at `rel`, a `/`-separated relative path, creating folders as needed.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        if let Some(old) = self.unchanged(rel, bytes) {
            // Same bytes as the previous build: share its file instead of writing a new one.
            // The old output's name goes with the swap; the new folder keeps the file.
            if fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// The previous build's file at `rel` when it holds exactly `bytes`.
    fn unchanged(&self, rel: &str, bytes: &[u8]) -> Option<PathBuf> {
        let old = self.previous.as_ref()?.join(rel);
        // Only a plain file galley wrote; never follow a link someone put there.
        let meta = fs::symlink_metadata(&old).ok()?;
        if !meta.file_type().is_file() || meta.len() != bytes.len() as u64 {
            return None;
        }
        let mut file = fs::File::open(&old).ok()?;
        let mut buf = [0u8; 64 * 1024];
        let mut rest = bytes;
        loop {
            let n = std::io::Read::read(&mut file, &mut buf).ok()?;
            if n == 0 {
                return rest.is_empty().then_some(old);
            }
            if n > rest.len() || buf[..n] != rest[..n] {
                return None;
            }
            rest = &rest[n..];
        }
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
        let safe = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(Error::Usage(format!(
                "refusing to write `{rel}`: outside the output folder"
            )));
        }
        Ok(self.dir.join(p))
    }

    /// Swaps the new output in place of the old one.
    pub fn commit(mut self) -> Result<PathBuf> {
        let old = self.target.with_file_name(format!(
            ".{}.galley-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old)?;
        }
        Ok(self.target.clone())
    }
}

/// Deletes a folder and everything in it, on every core (a site has one folder per page).
/// Links are removed, never followed.
fn remove_tree(dir: &Path) -> Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.into_par_iter().try_for_each(|entry| {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => remove_tree(&path),
            _ => fs::remove_file(&path).map_err(|e| Error::io(&path, e)),
        }
    })?;
    fs::remove_dir(dir).map_err(|e| Error::io(dir, e))
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(p).map_err(|e| Error::io(p, e))?;
    // Resolve symlinks in the part that exists, so `public -> /` is seen for what it is.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.iter().rev() {
        resolved.push(part);
    }
    Ok(normalize(&resolved))
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Refuses output folders whose replacement would destroy something: the filesystem root,
/// the home folder, the site itself or its sources, any folder holding the site, and any
/// existing folder galley did not make.
fn check_target(root: &Path, target: &Path) -> Result<()> {
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to build into {}: {why}",
            target.display()
        )))
    };
    if target.parent().is_none() {
        return refuse("it is the filesystem root");
    }
    if std::env::var_os("HOME").is_some_and(|h| normalize(Path::new(&h)) == target) {
        return refuse("it is your home folder");
    }
    if root.starts_with(target) {
        return refuse("it holds the site itself");
    }
    for source in ["content", "templates", "static"] {
        if target.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if target.join("config.yaml").exists() || target.join(".git").exists() {
        return refuse("it looks like a project folder");
    }
    if target.is_file() {
        return refuse("it is a file");
    }
    let is_empty = fs::read_dir(target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if target.is_dir() && !is_empty && !target.join(MARKER).is_file() {
        return refuse(&format!("the folder exists and galley did not make it (no {MARKER} file); remove it or choose another --output"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(Staging::begin(root, &bad).is_err(), "{}", bad.display());
        }
        let foreign = root.join("foreign");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(Staging::begin(root, &foreign).is_err());
        assert_eq!(
            fs::read_to_string(foreign.join("keep.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn unchanged_files_are_shared_and_a_failed_build_changes_nothing() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::begin(site.path(), &out).unwrap();
        s.write("a/index.html", b"same").unwrap();
        s.write("b.html", b"old").unwrap();
        s.write("gone.html", b"gone").unwrap();
        s.commit().unwrap();
        // A failed build that would share a.html and change b.html leaves the output as it was.
        let s = Staging::begin(site.path(), &out).unwrap();
        s.write("a/index.html", b"same").unwrap();
        s.write("b.html", b"new").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"same");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"old");
        // Same length, other bytes; longer; unchanged; and a file of the old build left out.
        let s = Staging::begin(site.path(), &out).unwrap();
        s.write("a/index.html", b"same").unwrap();
        s.write("b.html", b"neW").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"same");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"neW");
        assert!(!out.join("gone.html").exists(), "old files must not linger");
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::begin(site.path(), &out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        let s = Staging::begin(site.path(), &out).unwrap();
        s.write("b.html", b"two").unwrap();
        assert!(s.write("../escape.html", b"x").is_err());
        drop(s);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let s = Staging::begin(site.path(), &out).unwrap();
        s.write("b.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a").exists(), "old files must not linger");
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }
}
