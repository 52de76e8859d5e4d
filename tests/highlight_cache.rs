//! The disk cache of highlighted blocks, through whole builds of the example site: a rebuild
//! reads the cache and gives the same site, and a deleted or corrupted cache only costs time.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use galley::{build, BuildOptions};

fn copy_site(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        if !["config.yaml", "content", "templates", "static"].contains(&top.as_str()) {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file of the output, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn cache_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(galley::cache::path(root, galley::highlight::cache::DIR))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn rebuilds_from_the_cache_give_the_same_site() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    copy_site(root);
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let out = build(&options).unwrap().output;
    let first = snapshot(&out);
    let cached = cache_files(root);
    assert!(!cached.is_empty(), "the build cached its code blocks");
    assert!(first
        .values()
        .any(|page| String::from_utf8_lossy(page).contains("<span class=\"hl-")));

    // Warm: everything comes from the cache.
    build(&options).unwrap();
    assert_eq!(snapshot(&out), first);

    // Corrupted entries are recomputed and rewritten.
    for path in &cached {
        let mut bytes = fs::read(path).unwrap();
        let n = bytes.len();
        bytes.truncate(n - 1);
        fs::write(path, bytes).unwrap();
    }
    build(&options).unwrap();
    assert_eq!(snapshot(&out), first);

    // A deleted cache is rebuilt.
    fs::remove_dir_all(root.join(galley::cache::DIR)).unwrap();
    build(&options).unwrap();
    assert_eq!(snapshot(&out), first);
    assert_eq!(cache_files(root).len(), cached.len());
}
