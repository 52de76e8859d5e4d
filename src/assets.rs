//! Static files: read from `static/` (part of the load stage), each with a content hash for
//! cache-busting URLs. Generated assets (the highlighting stylesheet) join the same list.

use std::collections::HashMap;
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
///
/// JavaScript modules import each other by relative URL (`from './base64.js'`); those imports
/// are rewritten to the hashed URL too, before the importer is hashed. So a change in a module
/// changes the URL of every module that imports it, and a page that loads both by script tag
/// and by import gets one instance, not two.
/// With `minify`, stylesheets and modules are minified first (modules after their imports are
/// rewritten, since the minifier changes the `from './x.js'` spelling the rewrite looks for).
pub fn urls(assets: &mut [Asset], config: &Config, minify: bool) -> AssetUrls {
    let index: HashMap<String, usize> = assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.path.clone(), i))
        .collect();
    let mut hashes: HashMap<String, u64> = HashMap::new();
    for i in 0..assets.len() {
        hash_of(i, assets, &index, &mut hashes, &mut Vec::new(), minify);
    }
    assets
        .iter()
        .map(|a| {
            (
                a.path.clone(),
                format!("{}?h={:016x}", config.url(&a.path), hashes[&a.path]),
            )
        })
        .collect()
}

fn hash_of(
    i: usize,
    assets: &mut [Asset],
    index: &HashMap<String, usize>,
    hashes: &mut HashMap<String, u64>,
    visiting: &mut Vec<usize>,
    minify: bool,
) -> Option<u64> {
    if let Some(h) = hashes.get(&assets[i].path) {
        return Some(*h);
    }
    if visiting.contains(&i) {
        return None; // an import cycle: that import keeps its plain URL
    }
    if assets[i].path.ends_with(".js") {
        visiting.push(i);
        let dir = assets[i]
            .path
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_string();
        let text = String::from_utf8_lossy(&assets[i].bytes).into_owned();
        let rewritten = rewrite_imports(&text, |spec| {
            let target = resolve(&dir, spec)?;
            let h = hash_of(
                *index.get(&target)?,
                assets,
                index,
                hashes,
                visiting,
                minify,
            )?;
            Some(format!("{spec}?h={h:016x}"))
        });
        visiting.pop();
        let minified = minify
            .then(|| crate::minify::js_module(&rewritten))
            .flatten();
        if let Some(code) = minified {
            assets[i].bytes = code.into_bytes();
        } else if rewritten != text {
            assets[i].bytes = rewritten.into_bytes();
        }
    } else if minify && assets[i].path.ends_with(".css") {
        let text = String::from_utf8_lossy(&assets[i].bytes);
        if let Some(code) = crate::minify::css(&text) {
            assets[i].bytes = code.into_bytes();
        }
    }
    let h = crate::cache::hash64(&assets[i].bytes);
    hashes.insert(assets[i].path.clone(), h);
    Some(h)
}

/// Replaces every relative module specifier (`'./x.js'`, `"../y.js"`) after `from` or
/// `import` with what `map` gives for it.
fn rewrite_imports(text: &str, mut map: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(at) = ["from ", "import "]
        .iter()
        .filter_map(|k| rest.find(k).map(|i| i + k.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let quote = rest.chars().next().filter(|q| *q == '\'' || *q == '"');
        let spec = quote.and_then(|q| rest[1..].find(q).map(|end| &rest[1..=end]));
        if let Some(spec) = spec.filter(|s| s.starts_with("./") || s.starts_with("../")) {
            let q = &rest[..1];
            out.push_str(q);
            out.push_str(&map(spec).unwrap_or_else(|| spec.to_string()));
            out.push_str(q);
            rest = &rest[spec.len() + 2..];
        }
    }
    out.push_str(rest);
    out
}

/// The asset path a relative specifier names from folder `dir`.
fn resolve(dir: &str, spec: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in spec.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_a_content_hash() {
        let config = Config::parse("base_url: https://x.org/site/\n").unwrap();
        let mut a = vec![Asset {
            path: "css/a.css".into(),
            bytes: b"a".to_vec(),
        }];
        let mut b = vec![Asset {
            path: "css/a.css".into(),
            bytes: b"b".to_vec(),
        }];
        let (ua, ub) = (
            &urls(&mut a, &config, false)["css/a.css"],
            &urls(&mut b, &config, false)["css/a.css"],
        );
        assert!(ua.starts_with("/site/css/a.css?h="));
        assert_ne!(ua, ub);
    }

    #[test]
    fn module_imports_get_the_hashed_url_and_change_the_importer() {
        let config = Config::parse("base_url: https://x.org/\n").unwrap();
        let make = |dep: &str| {
            vec![
                Asset { path: "tools/a.js".into(), bytes: b"import { x } from './b.js';\nimport('./missing.js');\nconst s = \"import './no.js'\";".to_vec() },
                Asset { path: "tools/b.js".into(), bytes: dep.as_bytes().to_vec() },
            ]
        };
        let (mut one, mut two) = (make("export const x = 1;"), make("export const x = 2;"));
        let (u1, u2) = (
            urls(&mut one, &config, false),
            urls(&mut two, &config, false),
        );
        let a = String::from_utf8(one[0].bytes.clone()).unwrap();
        let b_hash = u1["tools/b.js"].split_once("?h=").unwrap().1;
        assert!(
            a.starts_with(&format!("import {{ x }} from './b.js?h={b_hash}';")),
            "{a}"
        );
        assert!(a.contains("import('./missing.js')"));
        assert_ne!(
            u1["tools/a.js"], u2["tools/a.js"],
            "a dependency's change must change the importer's URL"
        );
    }
}
