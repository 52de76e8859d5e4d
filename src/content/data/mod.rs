//! Data files: `data/**/*.{yaml,yml,json,toml}` in the site root, loaded into one tree that
//! every template sees as `data`. A file's stem is its key and each folder adds a level, so
//! `data/team/members.yaml` is `data.team.members`.
//!
//! Part of the load stage: the files are walked in name order (so the result and the report
//! never depend on the file system's order), each is parsed on its own, and every problem of
//! every file is reported together with the content's, each at its file, line and column. A
//! name two files claim (`a.yaml` and `a.json`), or a file and a folder (`team.yaml` and
//! `team/`), is an error naming both: neither would silently win.
//!
//! Values become JSON-like data on the way (see `formats.rs`): YAML keys that are numbers or
//! booleans become strings, TOML dates become strings such as `2026-03-10`, and NaN and
//! infinite floats become none, since templates have no use for them.

mod formats;
#[cfg(test)]
mod tests;

use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Diagnostics};
use formats::Format;

/// The folder of the data files, in the site root.
pub const DIR: &str = "data";

/// Every data file's values, by key: what templates see as `data`. Empty when the site has no
/// `data/` folder, so templates can test `{% if data.x %}` on any site.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct Data(Map<String, Value>);

/// One data file found by the walk.
#[derive(Debug)]
struct DataFile {
    /// The path relative to `data/` (`team/members.yaml`).
    rel: PathBuf,
    /// The path shown to users: `data/team/members.yaml`.
    shown: PathBuf,
    /// Its keys under `data`: the folders, then the file's stem (`["team", "members"]`).
    keys: Vec<String>,
    format: Format,
}

/// Loads every data file under `root/data/`, adding every problem to `diagnostics`. The files
/// that are good are kept even when others are broken, so that the rest of the build can still
/// be checked (its result is not used when anything failed).
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Data {
    let dir = root.join(DIR);
    if !dir.is_dir() {
        return Data::default();
    }
    let files = walk(&dir, diagnostics);
    let (problems, clashing) = clashes(&files);
    diagnostics.extend(problems);
    let parsed: Vec<_> = files
        .par_iter()
        .map(|f| formats::parse(&dir.join(&f.rel), &f.shown, f.format))
        .collect();
    let mut data = Data::default();
    for (file, result) in files.iter().zip(parsed) {
        match result {
            Ok(value) if !clashing.contains(file.shown.as_path()) => data.insert(&file.keys, value),
            Ok(_) => {}
            Err(list) => diagnostics.extend(list),
        }
    }
    data
}

impl Data {
    /// Puts `value` at the key path `keys`, making a map for each folder on the way. The
    /// caller has refused every clash, so nothing is ever replaced.
    fn insert(&mut self, keys: &[String], value: Value) {
        let Some((last, folders)) = keys.split_last() else {
            return;
        };
        let mut map = &mut self.0;
        for key in folders {
            let entry = map
                .entry(key.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            match entry {
                Value::Object(inner) => map = inner,
                _ => return,
            }
        }
        map.insert(last.clone(), value);
    }
}

/// The data files under `dir`, in name order. Hidden files and folders (`.git`, `.DS_Store`)
/// and files of other kinds (a `README.md` next to the data) are passed over.
fn walk(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<DataFile> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let message = match e.loop_ancestor() {
                    Some(a) => format!(
                        "symbolic link loop: this folder links back to {}",
                        shown(dir, a).display()
                    ),
                    None => format!("cannot read: {e}"),
                };
                let path = shown(dir, e.path().unwrap_or(dir));
                diagnostics.push(Diagnostic::file(path, message));
                continue;
            }
        };
        let path = entry.path();
        let Some(format) = path.extension().and_then(Format::of) else {
            continue;
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let mut keys: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if let Some(last) = keys.last_mut() {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            *last = stem.into_owned();
        }
        files.push(DataFile {
            rel: rel.to_path_buf(),
            shown: shown(dir, path),
            keys,
            format,
        });
    }
    files
}

/// The path shown to users: relative to the site root (`data/team.yaml`).
fn shown(dir: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(dir) {
        Ok(rel) => Path::new(DIR).join(rel),
        Err(_) => path.to_path_buf(),
    }
}

/// The problems of names claimed twice, and the files involved. A name two files claim is
/// reported once, at the second file in name order, naming the first; a name a file and a
/// folder claim is reported at the file. Every file of a clash is left out of `data`: which
/// one a template got would be an accident.
fn clashes(files: &[DataFile]) -> (Vec<Diagnostic>, BTreeSet<&Path>) {
    let mut problems = Vec::new();
    let mut involved = BTreeSet::new();
    let mut first: BTreeMap<&[String], &DataFile> = BTreeMap::new();
    for f in files {
        let Some(other) = first.get(f.keys.as_slice()) else {
            first.insert(&f.keys, f);
            continue;
        };
        let message = format!(
            "`{}` is defined twice: by {} and by this file",
            dotted(&f.keys),
            other.shown.display()
        );
        let help = "keep one of the two files, or rename one (a file's name is its key)";
        problems.push(Diagnostic::file(&f.shown, message).with_help(help));
        involved.extend([f.shown.as_path(), other.shown.as_path()]);
    }
    let folders: BTreeSet<&[String]> = files
        .iter()
        .flat_map(|f| (1..f.keys.len()).map(|n| &f.keys[..n]))
        .collect();
    for f in files.iter().filter(|f| folders.contains(f.keys.as_slice())) {
        let message = format!(
            "`{}` is both this file and the folder {}/",
            dotted(&f.keys),
            Path::new(DIR).join(f.keys.join("/")).display()
        );
        let help = "move the file into the folder, where its name is a key of its own, or rename the file or the folder";
        problems.push(Diagnostic::file(&f.shown, message).with_help(help));
        involved.insert(f.shown.as_path());
    }
    (problems, involved)
}

/// `data.team.members`, as a template writes it.
fn dotted(keys: &[String]) -> String {
    format!("data.{}", keys.join("."))
}
