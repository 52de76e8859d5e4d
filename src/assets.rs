//! Static files: read from `static/` (part of the load stage), each with a content hash for
//! cache-busting URLs. Generated assets (the highlighting stylesheet) join the same list.

use std::path::Path;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::templates::AssetUrls;

/// A file to copy to the output root.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under `static/` and under the output folder, `/`-separated.
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Reads every file under `root/static`, sorted by path.
pub fn load(root: &Path) -> Result<Vec<Asset>> {
    let dir = root.join("static");
    let mut assets = Vec::new();
    if !dir.is_dir() {
        return Ok(assets);
    }
    let mut problems = Diagnostics::default();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::file("static", format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read(entry.path()) {
            Ok(bytes) => assets.push(Asset { path, bytes }),
            Err(e) => problems.push(Diagnostic::file(
                Path::new("static").join(rel),
                format!("cannot read: {e}"),
            )),
        }
    }
    problems.into_result()?;
    Ok(assets)
}

/// The URL of each asset, with `?h=<hash of its bytes>` so a changed file gets a new URL.
pub fn urls(assets: &[Asset], config: &Config) -> AssetUrls {
    assets
        .iter()
        .map(|a| {
            (
                a.path.clone(),
                format!("{}?h={:016x}", config.url(&a.path), fnv1a(&a.bytes)),
            )
        })
        .collect()
}

/// FNV-1a, 64 bits: fast, stable across runs and platforms, plenty for cache busting.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_a_content_hash() {
        let config = Config::parse("base_url: https://x.org/site/\n").unwrap();
        let a = vec![Asset {
            path: "css/a.css".into(),
            bytes: b"a".to_vec(),
        }];
        let b = vec![Asset {
            path: "css/a.css".into(),
            bytes: b"b".to_vec(),
        }];
        let (ua, ub) = (
            &urls(&a, &config)["css/a.css"],
            &urls(&b, &config)["css/a.css"],
        );
        assert!(ua.starts_with("/site/css/a.css?h="));
        assert_ne!(ua, ub);
    }
}
