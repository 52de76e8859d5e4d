//! Internal links: `@/articles/x.md` (from the content root) or `../articles/x.md` (from the
//! current file) become the target page's URL; a missing target is an error.

use std::collections::HashMap;

/// Content path (`articles/x.md`) → URL of its page (`/articles/x/`, base path included).
pub type LinkMap = HashMap<String, String>;

/// What to do with a link destination.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Not an internal content link: keep as written.
    External,
    /// Rewritten to this URL.
    Url(String),
    /// An internal link whose target does not exist: the normalised path looked for.
    Missing(String),
}

/// Resolves `dest` written in the file at content path `from`.
pub fn resolve(dest: &str, from: &str, links: &LinkMap) -> Resolved {
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let target = if let Some(rooted) = path.strip_prefix("@/") {
        normalise(rooted)
    } else if is_relative_markdown(path) {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        normalise(&format!("{dir}/{path}"))
    } else if is_relative_file(path) {
        return resolve_file(dest, from, links);
    } else {
        return Resolved::External;
    };
    // `x.md` also finds the article that moved into a folder as `x/index.md`.
    let moved = |t: &str| {
        let bundle = format!(
            "{}/{}",
            t.strip_suffix(".md")?,
            crate::content::bundle::INDEX
        );
        links.get(&bundle)
    };
    match target {
        Some(t) => match links.get(&t).or_else(|| moved(&t)) {
            Some(url) => Resolved::Url(format!("{url}{fragment}")),
            // The path looked for is the normalised one (`articles/x.md` for `x.md` written in
            // an article), not the link as written: the message says "looked for content/…".
            None => Resolved::Missing(t),
        },
        // Climbs above content/: there is no path to look for; show it as written.
        None => Resolved::Missing(path.trim_start_matches("@/").to_string()),
    }
}

/// A file beside the document (`diagram.png`, `img/flow.svg?v=2`), looked up among the files
/// of its bundle. Written in a bundle's `index.md`, a missing one is an error; elsewhere the
/// reference is kept as written, as it was before bundles.
fn resolve_file(dest: &str, from: &str, links: &LinkMap) -> Resolved {
    let end = dest.find(['?', '#']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
    let target = normalise(&format!("{dir}/{path}"));
    if let Some(url) = target.as_ref().and_then(|t| links.get(t)) {
        return Resolved::Url(format!("{url}{rest}"));
    }
    if !crate::content::bundle::is_bundle_index(from) {
        return Resolved::External;
    }
    Resolved::Missing(target.unwrap_or_else(|| path.into_owned()))
}

/// A relative path to a file: no scheme, not from the site root, and a last segment with an
/// extension (`../other/` is a page's URL, not a file of the bundle).
fn is_relative_file(path: &str) -> bool {
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    let name = path.rsplit('/').next().unwrap_or(path);
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(':')
        && name.contains('.')
        && name != "."
        && name != ".."
}

fn is_relative_markdown(path: &str) -> bool {
    path.ends_with(".md") && !path.contains("://") && !path.starts_with('/') && !path.contains(':')
}

/// Folds `.` and `..` segments; `None` if the path climbs above the content root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
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

    fn map() -> LinkMap {
        [("articles/b.md".to_string(), "/site/articles/b/".to_string())].into()
    }

    #[test]
    fn resolves_both_forms() {
        let m = map();
        assert_eq!(
            resolve("@/articles/b.md", "articles/a.md", &m),
            Resolved::Url("/site/articles/b/".into())
        );
        assert_eq!(
            resolve("b.md#x", "articles/a.md", &m),
            Resolved::Url("/site/articles/b/#x".into())
        );
        assert_eq!(
            resolve("../articles/b.md", "articles/a.md", &m),
            Resolved::Url("/site/articles/b/".into())
        );
        assert_eq!(
            resolve("./b.md", "articles/sub/../a.md", &m),
            Resolved::Url("/site/articles/b/".into())
        );
    }

    #[test]
    fn resolves_bundle_files() {
        let mut m = map();
        m.insert(
            "articles/jwt/flow diagram.png".into(),
            "/site/articles/jwt/flow%20diagram.png".into(),
        );
        let from = "articles/jwt/index.md";
        assert_eq!(
            resolve("flow%20diagram.png#x", from, &m),
            Resolved::Url("/site/articles/jwt/flow%20diagram.png#x".into())
        );
        assert_eq!(
            resolve("./flow diagram.png", from, &m),
            Resolved::Url("/site/articles/jwt/flow%20diagram.png".into())
        );
        assert_eq!(
            resolve("nope.png?v=1", from, &m),
            Resolved::Missing("articles/jwt/nope.png".into())
        );
        assert_eq!(resolve("../other/", from, &m), Resolved::External);
        assert_eq!(resolve("/img/a.png", from, &m), Resolved::External);
        assert_eq!(resolve("nope.png", "articles/a.md", &m), Resolved::External);
        m.insert(
            "articles/moved/index.md".into(),
            "/site/articles/moved/".into(),
        );
        assert_eq!(
            resolve("@/articles/moved.md#x", "articles/a.md", &m),
            Resolved::Url("/site/articles/moved/#x".into())
        );
        assert_eq!(
            resolve("../moved/index.md", from, &m),
            Resolved::Url("/site/articles/moved/".into())
        );
    }

    #[test]
    fn leaves_external_and_reports_missing() {
        let m = map();
        assert_eq!(
            resolve("https://x.org/a.md", "articles/a.md", &m),
            Resolved::External
        );
        assert_eq!(resolve("#top", "articles/a.md", &m), Resolved::External);
        assert_eq!(
            resolve("/abs/page/", "articles/a.md", &m),
            Resolved::External
        );
        assert_eq!(
            resolve("@/articles/nope.md", "articles/a.md", &m),
            Resolved::Missing("articles/nope.md".into())
        );
        assert_eq!(
            resolve("../../../x.md", "articles/a.md", &m),
            Resolved::Missing("../../../x.md".into())
        );
        assert_eq!(
            resolve("nope.md", "articles/a.md", &m),
            Resolved::Missing("articles/nope.md".into())
        );
        assert_eq!(
            resolve("../tools/nope.md#x", "articles/a.md", &m),
            Resolved::Missing("tools/nope.md".into())
        );
    }
}
