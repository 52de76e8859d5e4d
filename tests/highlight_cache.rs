//! The disk cache of highlighted blocks, through whole builds of the example site: a rebuild
//! reads the cache and gives the same site, and a deleted or corrupted cache only costs time.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_site, snapshot, WHOLE_SITE};
use galley::{build, BuildOptions};

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
    copy_site(root, WHOLE_SITE);
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
