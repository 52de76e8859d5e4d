//! `galley init` and `galley new`: the files that start a site or an article.
//!
//! The starter site's templates and stylesheet are the repository's own, embedded at compile
//! time, so `init` needs neither the network nor a checkout. When a template is added to
//! `templates/` that every site needs, add it to [`EMBEDDED`] too (a test checks that every
//! template in [`crate::templates::REQUIRED`] is here).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use time::Date;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::slug::slugify;

/// `(path in the site, contents)` of a repository file, embedded at compile time.
macro_rules! embed {
    ($path:literal) => {
        ($path, include_str!(concat!("../", $path)))
    };
}

/// Files copied from the repository into every new site, by their path in the site.
pub const EMBEDDED: &[(&str, &str)] = &[
    embed!("templates/base.html"),
    embed!("templates/index.html"),
    embed!("templates/article.html"),
    embed!("templates/category.html"),
    embed!("templates/tag.html"),
    embed!("templates/categories.html"),
    embed!("templates/tags.html"),
    embed!("templates/tools.html"),
    embed!("templates/tool.html"),
    embed!("templates/search.html"),
    embed!("templates/404.html"),
    embed!("templates/page.html"),
    embed!("templates/series.html"),
    embed!("templates/author.html"),
    embed!("templates/authors.html"),
    embed!("templates/partials/card.html"),
    embed!("templates/partials/tool_cards.html"),
    embed!("templates/partials/pagination.html"),
    embed!("templates/partials/toc.html"),
    embed!("templates/partials/breadcrumbs.html"),
    embed!("templates/card.svg"),
    embed!("templates/components/details.html"),
    embed!("templates/components/figure.html"),
    embed!("templates/components/tab.html"),
    embed!("templates/components/tabs.html"),
    embed!("static/css/site.css"),
    embed!("static/js/search.js"),
    embed!("static/js/search-excerpt.js"),
    embed!("static/js/code-copy.js"),
    embed!("static/js/reader.js"),
    embed!("static/js/toc-follow.js"),
    embed!("static/js/components/tabs.js"),
    embed!("static/favicon.svg"),
    embed!("static/_headers"),
];

const CONFIG: &str = r#"# Site settings. Every key is optional except base_url on a real deploy.
title: "My galley site"
base_url: "https://example.com/"
description: "Articles and guides, built with galley."
language: "en"
author: ""
output_dir: "public"
related_count: 3
highlight:
  light_theme: "InspiredGithub"
  dark_theme: "OneHalfDark"
# The header's menu. An entry is a `url` (from the site root, or absolute) or a `page` (a file
# in content/); lower weights come first. Pages can join a menu with `menu:` in their front
# matter, as content/pages/about.md does.
menus:
  main:
    - { name: "Home", url: "/", weight: 0 }
    - { name: "Search", url: "/search/", weight: 90 }
"#;

const ABOUT: &str = r#"---
title: "About"
description: "What this site is about and who writes it."
menu:
  main: { weight: 50 }
---

This is a standalone page: it lives in `content/pages/about.md` and is published at `/about/`.
Pages use `templates/page.html`. Add more with `galley new --kind page "Contact"`.
"#;

const SAMPLE_BODY: &str = r#"
This is a sample article. Edit it, or run `galley new "My first article"` to start another,
then `galley serve` to see the site at http://127.0.0.1:1111/ while you write.

## Writing

Articles are Markdown with YAML front matter. Headings get anchors, so you can link to
[the section on code](#code) or to another article with `@/articles/other.md`.

## Code

Fenced code blocks are highlighted when they name their language:

```rust
fn main() {
    println!("Hello from galley");
}
```
"#;

/// Creates a new site in `dir`: config, templates, stylesheet and one sample article.
/// Refuses a folder that holds anything unless `force` is set; with `force`, galley's own
/// files are replaced and every other file is left alone. Returns the files written.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<Vec<PathBuf>> {
    if !force && has_entries(dir)? {
        let why = "the folder is not empty; choose an empty or new folder, or pass --force to write the starter files into it";
        return Err(Error::io(
            dir,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, why),
        ));
    }
    let sample = format!(
        "---\ntitle: \"Hello, galley\"\ndescription: \"A sample article: what a galley article looks like.\"\ndate: {today}\ncategory: Guides\ntags: [galley, writing]\ntoc: true\n---\n{SAMPLE_BODY}"
    );
    let gitignore = format!("/public\n/{}\n", crate::cache::DIR);
    let mut files: Vec<(&str, &str)> = vec![
        ("config.yaml", CONFIG),
        (".gitignore", &gitignore),
        ("content/articles/hello-galley.md", &sample),
        ("content/pages/about.md", ABOUT),
    ];
    files.extend_from_slice(EMBEDDED);
    let mut written = Vec::with_capacity(files.len());
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    // Tools are optional; the empty folder shows where they go.
    let tools = dir.join("content/tools");
    fs::create_dir_all(&tools).map_err(|e| Error::io(&tools, e))?;
    Ok(written)
}

fn has_entries(dir: &Path) -> Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(Error::Usage(format!(
            "{} is a file, not a folder",
            dir.display()
        ))),
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// What `galley new` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocKind {
    /// An article in content/articles/.
    Article,
    /// A standalone page (About, Privacy) in content/pages/.
    Page,
    /// An author (the title is their name) in content/authors/.
    Author,
}

/// Creates `content/articles/<slug>.md` (or a page or author file) in the site at `root`,
/// with its front matter filled in (articles and pages as drafts). Never overwrites: an existing file is an error.
/// Returns the new file's path.
pub fn new_document(root: &Path, kind: DocKind, title: &str, today: Date) -> Result<PathBuf> {
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "cannot make a file name from the title `{title}`: it needs letters or digits"
        )));
    }
    // Only inside a site: this also reports a broken config.yaml before anything is written.
    Config::load(root)?;
    let (folder, text) = match kind {
        DocKind::Article => ("content/articles", article_text(title, today)),
        DocKind::Page => ("content/pages", page_text(title)),
        DocKind::Author => ("content/authors", author_text(title)),
    };
    let dir = root.join(folder);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join(format!("{slug}.md"));
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let why = "already exists; galley new never overwrites a file: edit it, or choose another title";
            return Err(Error::io(&path, std::io::Error::new(e.kind(), why)));
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

/// `title` as a YAML string: written as a JSON string, which is also a valid YAML
/// double-quoted string, so quotes and colons in it are safe.
fn quoted(title: &str) -> String {
    serde_json::to_string(title).unwrap_or_else(|_| format!("\"{}\"", title.replace('"', "'")))
}

/// The text of a new page.
fn page_text(title: &str) -> String {
    let quoted = quoted(title);
    format!(
        "---\ntitle: {quoted}\ndescription: \"One sentence about this page.\"\n# menu: {{main: {{weight: 50}}}}\ndraft: true\n---\n\nWrite the page here.\n\nRemove `draft: true` above when the page is ready to publish.\n"
    )
}

/// The text of a new author. Authors have no draft state: one nobody names shows nowhere
/// but their own page.
fn author_text(name: &str) -> String {
    let quoted = quoted(name);
    format!(
        "---\nname: {quoted}\n# type: organization   # for a team; a person by default\n# avatar: /images/me.png\nlinks: {{}}\n#   GitHub: https://github.com/me\n---\n\nA few sentences about the author.\n"
    )
}

/// The text of a new article.
fn article_text(title: &str, today: Date) -> String {
    let quoted = quoted(title);
    format!(
        "---\ntitle: {quoted}\ndescription: \"One sentence about this article: what the reader will learn.\"\ndate: {today}\n# category: Guides\ntags: []\ndraft: true\n---\n\nWrite the introduction here.\n\n## First section\n\nRemove `draft: true` above when the article is ready to publish.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_required_template_is_embedded() {
        for required in crate::templates::REQUIRED {
            let path = format!("templates/{required}");
            assert!(
                EMBEDDED.iter().any(|(p, _)| *p == path),
                "scaffold misses {path}"
            );
        }
    }

    #[test]
    fn titles_with_yaml_syntax_are_quoted() {
        let text = article_text(
            "Colons: \"quotes\" # and hashes",
            time::macros::date!(2026 - 01 - 31),
        );
        let split = crate::content::front_matter::split(&text).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(split.yaml).unwrap();
        assert_eq!(
            value["title"].as_str(),
            Some("Colons: \"quotes\" # and hashes")
        );
        assert_eq!(value["draft"].as_bool(), Some(true));
    }
}
