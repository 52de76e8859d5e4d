//! Page bundles: an article or a page may be a folder, `content/articles/<name>/index.md`,
//! with its images and downloads beside it. The load stage only finds those files and the
//! document that owns each; the index gives them URLs beside the page, and the build
//! publishes them.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A file kept in a bundle folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Content path (`articles/jwt/diagram.png`).
    pub source: String,
    /// Content path of the `index.md` that owns it (`articles/jwt/index.md`).
    pub owner: String,
    /// Its path inside the bundle folder (`diagram.png`, `img/flow.svg`): the same below the
    /// page's URL.
    pub rel: String,
    /// The file on disk.
    pub path: PathBuf,
}

impl Attachment {
    /// Its path inside the folder as a URL path (`flow diagram.png` → `flow%20diagram.png`).
    pub fn url_path(&self) -> String {
        encode_path(&self.rel)
    }
}

/// A `/`-separated file path as a URL path, each segment percent-encoded where it must be.
pub fn encode_path(path: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    let segments: Vec<String> = path
        .split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
        .collect();
    segments.join("/")
}

/// The file every bundle folder holds.
pub const INDEX: &str = "index.md";

/// Whether a content path is a bundle's `index.md` (`articles/x/index.md`, not the kind's
/// own folder `articles/index.md`).
pub fn is_bundle_index(source: &str) -> bool {
    source
        .strip_suffix(INDEX)
        .and_then(|dir| dir.strip_suffix('/'))
        .is_some_and(|dir| dir.contains('/'))
}

/// The name of a document file: its folder's for a bundle's `index.md`, its own otherwise,
/// without `.md` (`articles/jwt/index.md` → `jwt`).
pub fn document_stem(source: &str) -> &str {
    let path = match source.strip_suffix(INDEX) {
        Some(dir) if is_bundle_index(source) => dir.trim_end_matches('/'),
        _ => source,
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// Gives each non-Markdown file (`others`, content paths) the nearest bundle `index.md` among
/// `documents` above it. Files outside every bundle and hidden files (`.DS_Store`) are left
/// alone, as before bundles existed.
pub fn attach<K>(
    content_dir: &Path,
    others: Vec<String>,
    documents: &[(String, K)],
) -> Vec<Attachment> {
    let owners: HashSet<&str> = documents
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| is_bundle_index(rel))
        .collect();
    let mut attachments: Vec<Attachment> = others
        .into_iter()
        .filter(|source| !source.rsplit('/').next().unwrap_or("").starts_with('.'))
        .filter_map(|source| {
            let owner = owner_of(&source, &owners)?;
            let dir_len = owner.len() - INDEX.len();
            Some(Attachment {
                rel: source[dir_len..].to_string(),
                owner,
                path: content_dir.join(&source),
                source,
            })
        })
        .collect();
    attachments.sort_by(|a, b| a.source.cmp(&b.source));
    attachments
}

/// The nearest folder above `source` whose `index.md` is a bundle.
fn owner_of(source: &str, owners: &HashSet<&str>) -> Option<String> {
    let mut dir = source;
    while let Some((parent, _)) = dir.rsplit_once('/') {
        let candidate = format!("{parent}/{INDEX}");
        if owners.contains(candidate.as_str()) {
            return Some(candidate);
        }
        dir = parent;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_owners() {
        assert!(is_bundle_index("articles/jwt/index.md"));
        assert!(is_bundle_index("pages/legal/index.md"));
        assert!(!is_bundle_index("articles/index.md"));
        assert!(!is_bundle_index("articles/jwt.md"));
        assert_eq!(document_stem("articles/jwt/index.md"), "jwt");
        assert_eq!(document_stem("articles/a/jwt.md"), "jwt");
        assert_eq!(document_stem("articles/index.md"), "index");
        let docs = vec![
            ("articles/jwt/index.md".to_string(), ()),
            ("articles/flat.md".to_string(), ()),
        ];
        let others = vec![
            "articles/jwt/img/flow.png".to_string(),
            "articles/jwt/diagram.svg".to_string(),
            "articles/jwt/.DS_Store".to_string(),
            "articles/loose.png".to_string(),
        ];
        let found = attach(Path::new("content"), others, &docs);
        let rels: Vec<_> = found
            .iter()
            .map(|a| (a.rel.as_str(), a.owner.as_str()))
            .collect();
        assert_eq!(
            rels,
            [
                ("diagram.svg", "articles/jwt/index.md"),
                ("img/flow.png", "articles/jwt/index.md")
            ]
        );
    }
}
