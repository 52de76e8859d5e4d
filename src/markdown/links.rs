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
    } else {
        return Resolved::External;
    };
    match target {
        Some(t) => match links.get(&t) {
            Some(url) => Resolved::Url(format!("{url}{fragment}")),
            // The path looked for is the normalised one (`articles/x.md` for `x.md` written in
            // an article), not the link as written: the message says "looked for content/…".
            None => Resolved::Missing(t),
        },
        // Climbs above content/: there is no path to look for; show it as written.
        None => Resolved::Missing(path.trim_start_matches("@/").to_string()),
    }
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
