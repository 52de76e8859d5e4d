//! `config.yaml`: read with defaults, unknown keys refused, checked into [`Config`].

use serde::Deserialize;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::yaml::YamlBlock;

pub mod images;
pub mod menus;

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "author",
    "output_dir",
    "related_count",
    "highlight",
    "feed_limit",
    "paginate_by",
    "image",
    "images",
    "menus",
    "markdown",
];

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    description: String,
    language: String,
    author: String,
    output_dir: String,
    related_count: usize,
    highlight: RawHighlight,
    feed_limit: usize,
    paginate_by: usize,
    image: Option<String>,
    images: images::RawImages,
    menus: std::collections::BTreeMap<String, Vec<menus::RawItem>>,
    markdown: RawMarkdown,
}

/// `markdown:`: Markdown extensions that are off unless asked for.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawMarkdown {
    /// `$…$` and `$$…$$` as math, rendered to MathML.
    math: bool,
}

impl Default for RawConfig {
    fn default() -> Self {
        Self {
            title: "galley site".into(),
            base_url: "http://127.0.0.1:1111/".into(),
            description: String::new(),
            language: "en".into(),
            author: String::new(),
            output_dir: "public".into(),
            related_count: 3,
            highlight: RawHighlight::default(),
            feed_limit: 20,
            paginate_by: 10,
            image: None,
            images: Default::default(),
            menus: Default::default(),
            markdown: RawMarkdown::default(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawHighlight {
    light_theme: String,
    dark_theme: String,
}

impl Default for RawHighlight {
    fn default() -> Self {
        Self {
            light_theme: "InspiredGithub".into(),
            dark_theme: "OneHalfDark".into(),
        }
    }
}

/// The checked site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site name, shown in the header and page titles.
    pub title: String,
    /// Absolute URL of the site root, always ending in `/` (`https://example.com/blog/`).
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/` (`/blog/`).
    pub base_path: String,
    /// One line about the site, for the home page and metadata.
    pub description: String,
    /// `lang` attribute of every page.
    pub language: String,
    /// Default author of articles.
    pub author: String,
    /// Output folder, relative to the site root unless absolute.
    pub output_dir: PathBuf,
    /// How many related articles each article shows.
    pub related_count: usize,
    /// syntect theme for light mode.
    pub light_theme: String,
    /// syntect theme for dark mode.
    pub dark_theme: String,
    /// How many of the newest articles the feeds hold.
    pub feed_limit: usize,
    /// Articles per page on the home, category and tag lists.
    pub paginate_by: usize,
    /// Default image for social cards, a URL or a path under `static/`.
    pub image: Option<String>,
    /// The entries of `menus:`, in the order written.
    pub menus: Vec<menus::MenuItem>,
    /// `markdown.math`: `$…$` and `$$…$$` are math, rendered to MathML.
    pub math: bool,
    /// `images:`: the widths of resized variants, the size that is worth a warning.
    pub images: images::Images,
}

impl Config {
    /// Reads `config.yaml` in `root`. A missing file is an error: every site has one.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("config.yaml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::from(Diagnostic::file(
                "config.yaml",
                format!("cannot read config.yaml in {}: {e}", root.display()),
            ))
        })?;
        Self::parse(&text)
    }

    /// Parses and checks the text of a `config.yaml`.
    pub fn parse(text: &str) -> Result<Config> {
        let block = YamlBlock {
            path: Path::new("config.yaml"),
            file_text: text,
            yaml: text,
            first_line: 1,
        };
        let raw: RawConfig = block.parse(KNOWN_KEYS).map_err(Error::Diagnostics)?;
        let base_url = normalize_base_url(&raw.base_url)
            .ok_or_else(|| block.field_error("base_url", "expected an absolute http(s) URL like https://example.com/ or https://example.github.io/site/"))?;
        let base_path = base_path_of(&base_url);
        if raw.paginate_by == 0 {
            return Err(block
                .field_error("paginate_by", "must be at least 1")
                .into());
        }
        if raw.output_dir.trim().is_empty() {
            return Err(block.field_error("output_dir", "must not be empty").into());
        }
        let menus = menus::check(&block, raw.menus).map_err(Error::Diagnostics)?;
        let images = images::check(&block, raw.images).map_err(Error::Diagnostics)?;
        Ok(Config {
            title: raw.title,
            base_url,
            base_path,
            description: raw.description,
            language: raw.language,
            author: raw.author,
            output_dir: PathBuf::from(raw.output_dir),
            related_count: raw.related_count,
            light_theme: raw.highlight.light_theme,
            dark_theme: raw.highlight.dark_theme,
            feed_limit: raw.feed_limit,
            paginate_by: raw.paginate_by,
            image: raw.image.filter(|i| !i.trim().is_empty()),
            menus,
            math: raw.markdown.math,
            images,
        })
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn with_base_url(mut self, url: &str) -> Result<Config> {
        self.base_url = normalize_base_url(url).ok_or_else(|| {
            Error::Usage(format!(
                "--base-url: expected an absolute http(s) URL, found `{url}`"
            ))
        })?;
        self.base_path = base_path_of(&self.base_url);
        Ok(self)
    }

    /// Absolute URL of a site path such as `/articles/x/`.
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }

    /// Root-relative URL of a site path, with the base path in front (`/blog/articles/x/`).
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path.trim_start_matches('/'))
    }
}

fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(['?', '#', ' ', '"', '<', '>']) {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_base_url() {
        let c = Config::parse("base_url: https://example.github.io/site\n").unwrap();
        assert_eq!(c.base_url, "https://example.github.io/site/");
        assert_eq!(c.base_path, "/site/");
        assert_eq!(c.url("/articles/a/"), "/site/articles/a/");
        assert_eq!(
            c.permalink("/articles/a/"),
            "https://example.github.io/site/articles/a/"
        );
    }

    #[test]
    fn unknown_key_is_refused_with_suggestion() {
        let Err(Error::Diagnostics(d)) = Config::parse("title: x\ntilte: y\n") else {
            panic!("expected an error")
        };
        assert_eq!(d[0].line, Some(2));
        assert_eq!(d[0].help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn math_is_off_unless_switched_on() {
        assert!(!Config::parse("title: x\n").unwrap().math);
        assert!(Config::parse("markdown:\n  math: true\n").unwrap().math);
        let Err(Error::Diagnostics(d)) = Config::parse("title: x\nmarkdown:\n  math: yes please\n")
        else {
            panic!("expected an error")
        };
        assert_eq!(d[0].line, Some(3), "{d:?}");
        let Err(Error::Diagnostics(d)) = Config::parse("markdown:\n  maths: true\n") else {
            panic!("expected an error")
        };
        assert_eq!(d[0].line, Some(2), "{d:?}");
    }

    #[test]
    fn relative_base_url_is_refused() {
        assert!(Config::parse("base_url: /site/\n").is_err());
    }
}
