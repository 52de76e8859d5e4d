//! Where galley may build: refuses output folders whose contents it would destroy.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::MARKER;
use crate::error::{Error, Result};

/// `p` made absolute, with the symlinks of its existing part resolved and `..` removed.
pub fn absolute(p: &Path) -> Result<PathBuf> {
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
pub fn check_target(root: &Path, target: &Path) -> Result<()> {
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
    for source in ["content", "data", "templates", "static"] {
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
