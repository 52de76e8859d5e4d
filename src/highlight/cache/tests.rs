use super::*;
use crate::highlight::lines;

fn block(n: usize) -> Block {
    Block {
        lines: lines::split(&format!(
            "<span class=\"hl-1a\">let</span> x{n} = \"é日本\";"
        )),
        label: Some("Rust".into()),
        highlighted: true,
    }
}

fn code(n: usize) -> String {
    format!("let x{n} = \"é日本\";")
}

/// A cache in `dir` whose file holds blocks 0..n, and the file's bytes.
fn filled(dir: &Path, n: usize) -> (DiskCache, Vec<u8>) {
    let cache = DiskCache::new(dir.to_path_buf(), "id".into());
    for i in 0..n {
        cache.put(&code(i), "rust", &block(i));
    }
    let bytes = fs::read(cache.path()).unwrap();
    (cache, bytes)
}

fn header_len(dir: &Path) -> usize {
    record::header(DiskCache::new(dir.to_path_buf(), "id".into()).identity).len()
}

/// Where each of the blocks 0..n ends in the file `filled` wrote.
fn record_ends(cache: &DiskCache, n: usize) -> Vec<usize> {
    let mut end = header_len(cache.path().parent().unwrap());
    (0..n)
        .map(|i| {
            end += record::encode(cache.key(&code(i), "rust"), &block(i)).len();
            end
        })
        .collect()
}

/// Opens `bytes` as a fresh cache's file: every block is its own HTML or a miss; returns
/// which were hits.
fn hits_in(dir: &Path, bytes: &[u8], n: usize) -> Vec<bool> {
    fs::write(dir.join(FILE), bytes).unwrap();
    let cache = DiskCache::new(dir.to_path_buf(), "id".into());
    (0..n)
        .map(|i| match cache.get(&code(i), "rust") {
            Some(b) => {
                assert_eq!(b, block(i), "wrong HTML for block {i}");
                true
            }
            None => false,
        })
        .collect()
}

#[test]
fn round_trips_and_rejects_other_identities() {
    let dir = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(dir.path().join("hl"), "id-1".into());
    assert_eq!(cache.get("let x", "rust"), None);
    cache.put("let x", "rust", &block(0));
    assert_eq!(cache.get("let x", "rust"), Some(block(0)));
    assert_eq!(cache.get("let x", "rs"), None);
    assert_eq!(cache.get("let y", "rust"), None);
    // Another highlighter replaces the file rather than reading it.
    let other = DiskCache::new(dir.path().join("hl"), "id-2".into());
    assert_eq!(other.get("let x", "rust"), None);
    let plain = Block {
        lines: lines::split("x"),
        label: None,
        highlighted: false,
    };
    other.put("x", "", &plain);
    assert_eq!(other.get("x", ""), Some(plain));
    assert_eq!(
        DiskCache::new(dir.path().join("hl"), "id-1".into()).get("let x", "rust"),
        None
    );
}

#[test]
fn a_torn_tail_keeps_the_whole_records_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, good) = filled(dir.path(), 3);
    let ends = record_ends(&cache, 3);
    assert_eq!(*ends.last().unwrap(), good.len());
    drop(cache);
    for cut in 0..=good.len() {
        let hits = hits_in(dir.path(), &good[..cut], 3);
        let whole: Vec<bool> = ends.iter().map(|end| *end <= cut).collect();
        assert_eq!(hits, whole, "cut at {cut}");
    }
}

#[test]
fn a_damaged_byte_anywhere_is_a_miss_never_wrong_html() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, good) = filled(dir.path(), 3);
    let ends = record_ends(&cache, 3);
    drop(cache);
    for i in 0..good.len() {
        for bit in [0x01, 0x80] {
            let mut flipped = good.clone();
            flipped[i] ^= bit;
            let hits = hits_in(dir.path(), &flipped, 3);
            // Records wholly before the damage are served; the damaged one is not, nor any
            // when the header is damaged.
            for (n, end) in ends.iter().enumerate() {
                let start = if n == 0 {
                    header_len(dir.path())
                } else {
                    ends[n - 1]
                };
                if *end <= i {
                    assert!(hits[n], "byte {i}: block {n} before the damage");
                }
                if i < *end && (i >= start || i < header_len(dir.path())) {
                    assert!(!hits[n], "byte {i}: damaged block {n} served");
                }
            }
        }
    }
    // Lengthened with garbage, or garbage whole: the good records stay, the garbage is a miss.
    let longer = [&good[..], b"garbage\n\n\n"].concat();
    assert_eq!(hits_in(dir.path(), &longer, 3), [true; 3]);
    assert_eq!(hits_in(dir.path(), b"garbage\n\n\n", 3), [false; 3]);
}

#[test]
fn a_damaged_file_is_repaired_by_the_end_of_the_build() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, good) = filled(dir.path(), 3);
    let ends = record_ends(&cache, 3);
    drop(cache);
    // Block 1's payload damaged (a miss when read), then its magic (block 2 behind it is out
    // of reach of a scan).
    for at in [ends[1] - 1, ends[0]] {
        let mut bad = good.clone();
        bad[at] ^= 0x55;
        fs::write(dir.path().join(FILE), &bad).unwrap();
        let cache = DiskCache::new(dir.path().to_path_buf(), "id".into());
        for i in 0..3 {
            if cache.get(&code(i), "rust").is_none() {
                cache.put(&code(i), "rust", &block(i));
            }
        }
        cache.compact();
        assert_eq!(
            hits_in(dir.path(), &fs::read(dir.path().join(FILE)).unwrap(), 3),
            [true; 3],
            "damage at {at}"
        );
    }
}

#[test]
fn compaction_keeps_only_the_blocks_a_build_used() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, good) = filled(dir.path(), 3);
    let ends = record_ends(&cache, 3);
    assert_eq!(ends[2], good.len());
    drop(cache);
    // A build that uses blocks 0 and 2 only.
    let cache = DiskCache::new(dir.path().to_path_buf(), "id".into());
    assert!(cache.get(&code(0), "rust").is_some() && cache.get(&code(2), "rust").is_some());
    cache.compact();
    let after = fs::read(cache.path()).unwrap();
    let len = |n: usize| {
        ends[n]
            - if n == 0 {
                header_len(dir.path())
            } else {
                ends[n - 1]
            }
    };
    assert_eq!(after.len(), header_len(dir.path()) + len(0) + len(2));
    assert_eq!(hits_in(dir.path(), &after, 3), [true, false, true]);
    // The compacted file is the one the cache goes on with (`serve`'s next build).
    cache.put(&code(1), "rust", &block(1));
    assert_eq!(cache.get(&code(0), "rust"), Some(block(0)));
    assert_eq!(cache.get(&code(1), "rust"), Some(block(1)));
}

#[cfg(unix)]
#[test]
fn a_build_that_used_every_block_leaves_the_file_alone() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let (cache, good) = filled(dir.path(), 3);
    drop(cache);
    let inode = fs::metadata(dir.path().join(FILE)).unwrap().ino();
    let cache = DiskCache::new(dir.path().to_path_buf(), "id".into());
    for i in 0..3 {
        assert!(cache.get(&code(i), "rust").is_some());
    }
    cache.compact();
    let meta = fs::metadata(cache.path()).unwrap();
    assert_eq!((meta.ino(), fs::read(cache.path()).unwrap()), (inode, good));
}

#[test]
fn two_caches_on_one_file_never_see_wrong_html() {
    let dir = tempfile::tempdir().unwrap();
    let a = DiskCache::new(dir.path().to_path_buf(), "id".into());
    let b = DiskCache::new(dir.path().to_path_buf(), "id".into());
    a.put(&code(0), "rust", &block(0));
    b.put(&code(1), "rust", &block(1));
    a.put(&code(2), "rust", &block(2));
    // `a` compacts (renames a new file over the path) while `b` still holds the old one.
    a.compact();
    assert_eq!(b.get(&code(1), "rust"), Some(block(1)));
    b.put(&code(3), "rust", &block(3));
    b.compact();
    for cache in [
        &a,
        &b,
        &DiskCache::new(dir.path().to_path_buf(), "id".into()),
    ] {
        for i in 0..4 {
            let got = cache.get(&code(i), "rust");
            assert!(got.is_none() || got == Some(block(i)), "block {i}");
        }
    }
    let c = DiskCache::new(dir.path().to_path_buf(), "id".into());
    assert_eq!(
        c.get(&code(3), "rust"),
        Some(block(3)),
        "the last compaction wins"
    );
}

#[test]
fn threads_append_and_read_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(dir.path().to_path_buf(), "id".into());
    std::thread::scope(|s| {
        for t in 0..4 {
            let cache = &cache;
            s.spawn(move || {
                for i in (t * 50)..(t * 50 + 50) {
                    cache.put(&code(i), "rust", &block(i));
                    assert_eq!(cache.get(&code(i), "rust"), Some(block(i)));
                }
            });
        }
    });
    drop(cache);
    let again = DiskCache::new(dir.path().to_path_buf(), "id".into());
    for i in 0..200 {
        assert_eq!(again.get(&code(i), "rust"), Some(block(i)), "block {i}");
    }
}

#[test]
fn deleted_cache_is_recreated_and_the_old_folder_removed() {
    let dir = tempfile::tempdir().unwrap();
    let legacy = dir.path().join("c").join(LEGACY_DIR).join("ab");
    fs::create_dir_all(&legacy).unwrap();
    fs::write(legacy.join("0123"), b"old entry").unwrap();
    let cache = DiskCache::new(dir.path().join("c"), "id".into());
    cache.put("a", "js", &block(0));
    assert!(!dir.path().join("c").join(LEGACY_DIR).exists());
    fs::remove_dir_all(dir.path().join("c")).unwrap();
    // The open file still serves this build; the end of the build writes it again.
    assert_eq!(cache.get("a", "js"), Some(block(0)));
    cache.compact();
    let again = DiskCache::new(dir.path().join("c"), "id".into());
    assert_eq!(again.get("a", "js"), Some(block(0)));
}
