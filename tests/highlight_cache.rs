//! The disk cache of highlighted blocks, through whole builds of the example site: a rebuild
//! reads the cache and gives the same site, and a deleted or corrupted cache only costs time.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{copy_site, snapshot, WHOLE_SITE};
use galley::{build, BuildOptions};

fn pack(root: &Path) -> PathBuf {
    galley::cache::path(root, galley::highlight::cache::FILE)
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
    let cached = fs::read(pack(root)).unwrap();
    assert!(cached.len() > 1000, "the build cached its code blocks");
    assert!(
        !galley::cache::path(root, "highlight").exists(),
        "no file per block"
    );
    assert!(first
        .values()
        .any(|page| String::from_utf8_lossy(page).contains("<span class=\"hl-")));

    // Warm: everything comes from the cache, and the file is left as it is.
    build(&options).unwrap();
    assert_eq!(snapshot(&out), first);
    assert_eq!(fs::read(pack(root)).unwrap(), cached);

    // A torn tail or a damaged byte: those blocks are highlighted again and the file repaired.
    for at in [cached.len() - 1, cached.len() / 2, 40] {
        let mut bytes = cached.clone();
        bytes[at] ^= 0x10;
        bytes.truncate(cached.len() - 1);
        fs::write(pack(root), bytes).unwrap();
        build(&options).unwrap();
        assert_eq!(snapshot(&out), first, "damaged at {at}");
        assert_eq!(
            fs::read(pack(root)).unwrap().len(),
            cached.len(),
            "repaired"
        );
    }

    // A deleted cache is rebuilt.
    fs::remove_dir_all(root.join(galley::cache::DIR)).unwrap();
    build(&options).unwrap();
    assert_eq!(snapshot(&out), first);
    assert_eq!(fs::read(pack(root)).unwrap().len(), cached.len());
}

#[test]
fn the_old_folder_of_one_file_per_block_is_removed() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    copy_site(root, WHOLE_SITE);
    let old = galley::cache::path(root, "highlight").join("ab");
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join("abcdef0123456789"), b"an entry of an older galley").unwrap();
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    build(&options).unwrap();
    assert!(!galley::cache::path(root, "highlight").exists());
    assert!(pack(root).is_file());
}
