//! Reading a rendered page: the ids it defines, the URLs it refers to, and where each URL
//! points within the site.

use percent_encoding::percent_decode_str;
use scraper::{ElementRef, Html};
use std::collections::HashSet;

use crate::config::Config;

/// What a URL is used for, which decides how a problem with it is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<a href>`, `<area href>`, `<iframe src>`.
    Link,
    /// `<img>`, `<source>`, `<video poster>`.
    Image,
    /// Stylesheets, scripts, media.
    Asset,
}

/// Elements and attributes that hold URLs.
const ATTRS: &[(&str, &str, Kind)] = &[
    ("a", "href", Kind::Link),
    ("area", "href", Kind::Link),
    ("iframe", "src", Kind::Link),
    ("link", "href", Kind::Asset),
    ("script", "src", Kind::Asset),
    ("img", "src", Kind::Image),
    ("img", "srcset", Kind::Image),
    ("source", "src", Kind::Image),
    ("source", "srcset", Kind::Image),
    ("video", "src", Kind::Asset),
    ("video", "poster", Kind::Image),
    ("audio", "src", Kind::Asset),
    ("track", "src", Kind::Asset),
    ("embed", "src", Kind::Asset),
];

/// `<meta>` tags whose `content` is an image URL: a page's social image (its card), which a
/// link preview fetches like any other image of the page.
const META_IMAGES: &[&str] = &[
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
];

/// A URL found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    /// What it is used for.
    pub kind: Kind,
    /// The URL as written (entities decoded).
    pub url: String,
}

/// What a page holds.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every `id` (and `<a name>`), the targets of `#fragment` links.
    pub ids: HashSet<String>,
    /// Every URL, in document order.
    pub refs: Vec<Ref>,
    /// The `src` of every `<img>` with no alt text, in document order.
    pub no_alt: Vec<String>,
}

/// Parses a page and collects its ids and URLs.
pub fn scan(html: &str) -> Scan {
    let doc = Html::parse_document(html);
    let mut out = Scan::default();
    for node in doc.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let el = el.value();
        if let Some(id) = el.id() {
            out.ids.insert(id.to_string());
        }
        if el.name() == "img" && el.attr("alt").is_none_or(|a| a.trim().is_empty()) {
            out.no_alt.push(el.attr("src").unwrap_or("").to_string());
        }
        if el.name() == "a" {
            if let Some(name) = el.attr("name") {
                out.ids.insert(name.to_string());
            }
        }
        if el.name() == "meta" {
            let name = el.attr("property").or_else(|| el.attr("name"));
            if let (Some(name), Some(url)) = (name, el.attr("content")) {
                if META_IMAGES.contains(&name) {
                    out.refs.push(Ref {
                        kind: Kind::Image,
                        url: url.to_string(),
                    });
                }
            }
        }
        for &(tag, attr, kind) in ATTRS {
            let Some(value) = (el.name() == tag).then(|| el.attr(attr)).flatten() else {
                continue;
            };
            if attr == "srcset" {
                // `a.png 1x, b.png 2x`: the URL is the first word of each candidate.
                let urls = value.split(',').filter_map(|c| c.split_whitespace().next());
                out.refs.extend(urls.map(|u| Ref {
                    kind,
                    url: u.to_string(),
                }));
            } else {
                out.refs.push(Ref {
                    kind,
                    url: value.to_string(),
                });
            }
        }
    }
    out
}

/// Where a URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A path inside the site, relative to its root and percent-decoded (`articles/x/`), with
    /// the decoded fragment, if any.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// An http(s) URL elsewhere.
    External(String),
    /// A root-relative URL outside the site's base path, or a relative one climbing above it.
    Outside,
    /// `mailto:`, `data:`, `javascript:` and other URLs there is nothing to check in.
    Skip,
    /// An empty URL, as `[text]()` writes: it leads back to the page itself, which is almost
    /// always a link the author meant to fill in.
    Empty,
}

/// Classifies `url`, found in the page at `page` (its path in the output, `articles/x/index.html`).
pub fn classify(url: &str, page: &str, config: &Config) -> Target {
    let url = url.trim();
    if url.is_empty() {
        return Target::Empty;
    }
    if let Some(rest) = url.strip_prefix(config.base_url.as_str()) {
        return internal("", rest);
    }
    if url.starts_with("//") {
        return Target::External(format!("https:{url}"));
    }
    if let Some(scheme) = scheme(url) {
        let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
        return if web {
            Target::External(url.to_string())
        } else {
            Target::Skip
        };
    }
    if url.starts_with('/') {
        return match url.strip_prefix(config.base_path.as_str()) {
            Some(rest) => internal("", rest),
            None => Target::Outside,
        };
    }
    if url.starts_with('#') {
        // The page's own path: `index.html` stays, so no folder lookup is needed.
        return internal("", &format!("{page}{url}"));
    }
    let dir = page.rfind('/').map_or("", |i| &page[..=i]);
    internal(dir, url)
}

/// The scheme of an absolute URL (`https` in `https://x`), if `url` has one.
fn scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

fn internal(dir: &str, rest: &str) -> Target {
    let (before, fragment) = match rest.split_once('#') {
        Some((b, f)) => (b, Some(decode(f))),
        None => (rest, None),
    };
    let path = before.split('?').next().unwrap_or_default();
    let joined = format!("{dir}{}", decode(path));
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::Outside;
                }
            }
            p => parts.push(p),
        }
    }
    // Empty parts are kept so `a/` stays a folder; a doubled slash is rare enough to keep too.
    let path = parts.join("/").trim_start_matches('/').to_string();
    Target::Internal { path, fragment }
}

/// Percent-decodes `s`; invalid UTF-8 is replaced, which can only make a lookup fail.
pub fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse("base_url: https://x.org/blog/\n").unwrap()
    }

    fn int(path: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn classifies_every_form() {
        let c = config();
        let page = "articles/a/index.html";
        assert_eq!(
            classify("/blog/articles/b/#x", page, &c),
            int("articles/b/", Some("x"))
        );
        assert_eq!(
            classify("https://x.org/blog/css/s.css?h=1", page, &c),
            int("css/s.css", None)
        );
        assert_eq!(classify("../b/", page, &c), int("articles/b/", None));
        assert_eq!(
            classify("img/%C3%BC.png", page, &c),
            int("articles/a/img/ü.png", None)
        );
        assert_eq!(
            classify("#top", page, &c),
            int("articles/a/index.html", Some("top"))
        );
        assert_eq!(classify("/other/", page, &c), Target::Outside);
        assert_eq!(classify("../../../x", page, &c), Target::Outside);
        assert_eq!(
            classify("https://example.com/a", page, &c),
            Target::External("https://example.com/a".into())
        );
        assert_eq!(
            classify("//cdn.example.com/a.js", page, &c),
            Target::External("https://cdn.example.com/a.js".into())
        );
        assert_eq!(classify("mailto:a@b.c", page, &c), Target::Skip);
        assert_eq!(classify("data:image/png;base64,xx", page, &c), Target::Skip);
    }

    #[test]
    fn scan_finds_ids_and_urls() {
        let s = scan(
            r##"<h2 id="a">A</h2><a name="old"></a><a href="#a">x</a><img src="i.png" srcset="i.png 1x, j.png 2x"><meta property="og:image" content="c.png"><meta name="description" content="d">"##,
        );
        assert!(s.ids.contains("a") && s.ids.contains("old"));
        let urls: Vec<_> = s.refs.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, ["#a", "i.png", "i.png", "j.png", "c.png"]);
    }
}
