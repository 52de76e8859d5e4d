//! This target's own helpers, built on `common`: a minimal fixture site in a temporary folder
//! built with the library or the binary, comparisons of folder trees, and HTML helpers for
//! links and fragments.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use galley::{BuildOptions, Diagnostic, Error, Summary};
use scraper::{ElementRef, Html};

use crate::common::{copy_site, galley, html_files, page, sel, write_bytes, Run, THEME};

/// The `config.yaml` of every fixture.
pub const CONFIG: &str = "title: \"Test site\"\n\
base_url: \"https://example.com/\"\n\
description: \"A site for galley's integration tests.\"\n\
author: \"Tester\"\n";

/// A good article, present in every fixture so the first build succeeds.
pub const GOOD_ARTICLE: &str = "---
title: \"Good article\"
description: \"The article every fixture starts with.\"
date: 2026-01-15
category: Testing
tags: [fixtures, galley]
tools: [base64]
---

## First section

Some text with a [link to the tool](@/tools/base64.md).

## Second section

More text.
";

/// A fixture site: `<tmp>/site` (config, templates and static copied from the repository,
/// three small tool declarations, one good article) and the output folder `<tmp>/out`.
pub struct Fixture {
    tmp: tempfile::TempDir,
    /// The site root.
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
}

impl Fixture {
    /// A fixture with the good article.
    pub fn new() -> Fixture {
        let f = Fixture::without_articles();
        f.write("content/articles/good.md", GOOD_ARTICLE);
        f
    }

    /// A fixture with no article at all.
    pub fn without_articles() -> Fixture {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("site");
        let out = tmp.path().join("out");
        copy_site(&root, THEME);
        fs::create_dir_all(root.join("content/articles")).unwrap();
        let f = Fixture { tmp, root, out };
        f.write("config.yaml", CONFIG);
        for (id, title, weight) in [
            ("base64", "Base64 tool", 1),
            ("data-uri", "Data URI tool", 2),
            ("jwt-decoder", "JWT tool", 3),
        ] {
            f.write(
                &format!("content/tools/{id}.md"),
                format!(
                    "---\ntitle: \"{title}\"\ndescription: \"What the {id} tool does.\"\nscript: tools/{id}.js\npartial: tools/{id}.html\nweight: {weight}\n---\n\n## How to use it\n\nPaste something.\n"
                ),
            );
        }
        f
    }

    /// The temporary folder holding `site/` and `out/`.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes a file of the site (`content/articles/x.md`), creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        write_bytes(&self.root, rel, bytes.as_ref());
    }

    /// Reads a file of the site as text.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Removes a file of the site.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).unwrap();
    }

    /// Writes an article from its front matter lines (without fences) and body.
    pub fn article(&self, name: &str, front: &str, body: &str) {
        self.write(
            &format!("content/articles/{name}.md"),
            format!("---\n{front}\n---\n\n{body}"),
        );
    }

    /// Builds with the library into `out`.
    pub fn build(&self) -> galley::Result<Summary> {
        self.build_with(|_| {})
    }

    /// Builds with the library into `out`, with options changed by `edit`.
    pub fn build_with(&self, edit: impl FnOnce(&mut BuildOptions)) -> galley::Result<Summary> {
        let mut options = BuildOptions {
            root: self.root.clone(),
            output: Some(self.out.clone()),
            ..BuildOptions::default()
        };
        edit(&mut options);
        galley::build(&options)
    }

    /// Builds with the library and returns the diagnostics; panics if the build succeeds or
    /// fails for another reason.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(s) => panic!("expected the build to fail, but it built {s}"),
            Err(Error::Diagnostics(list)) => list,
            Err(other) => panic!("expected diagnostics, got {other:?}"),
        }
    }

    /// Runs `galley build --root <site> --output <out>` followed by `extra`.
    pub fn galley(&self, extra: &[&str]) -> Run {
        let mut args: Vec<&str> = vec!["build", "--root"];
        let root = self.root.to_str().unwrap();
        let out = self.out.to_str().unwrap();
        args.extend([root, "--output", out]);
        args.extend(extra);
        galley(self.tmp(), &args)
    }
}

/// Asserts two [`tree`](crate::common::tree)s are equal, naming the first paths that differ.
pub fn assert_same_tree(
    before: &BTreeMap<String, Option<Vec<u8>>>,
    after: &BTreeMap<String, Option<Vec<u8>>>,
    what: &str,
) {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let differ: Vec<&String> = keys
        .into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .take(10)
        .collect();
    assert!(differ.is_empty(), "{what}: these paths differ: {differ:?}");
}

/// Elements of `doc` matching `css`.
pub fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&sel(css)).collect()
}

/// Text of an element, whitespace collapsed.
pub fn text(e: &ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every URL in a page's `href` and `src` attributes, with the element name.
pub fn urls(doc: &Html) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for e in select(doc, "[href], [src]") {
        for attr in ["href", "src"] {
            if let Some(v) = e.value().attr(attr) {
                found.push((e.value().name().to_string(), v.to_string()));
            }
        }
    }
    found
}

/// The output file a root-relative URL names, given the site's base path (`/` or `/site/`):
/// the query string and fragment are dropped and `/x/` means `x/index.html`. `None` if the
/// URL is outside the base path.
pub fn file_for(out: &Path, url: &str, base_path: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let rel = path.strip_prefix(base_path)?;
    let rel = percent_decode(rel);
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    Some(out.join(file))
}

/// The fragment of a URL, percent-decoded (`/a/#x` → `x`).
pub fn fragment(url: &str) -> Option<String> {
    url.split_once('#')
        .map(|(_, f)| percent_decode(f))
        .filter(|f| !f.is_empty())
}

/// Decodes `%XX` escapes.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `id` in a document.
pub fn ids(doc: &Html) -> Vec<String> {
    select(doc, "[id]")
        .iter()
        .filter_map(|e| e.value().id().map(str::to_owned))
        .collect()
}

/// Checks every internal link of every page in `out`: root-relative URLs (and absolute ones
/// under `permalink_root`) must name an existing file, and every fragment must be an `id` of
/// its target page. Returns the number of links checked.
pub fn check_internal_links(out: &Path, base_path: &str, permalink_root: &str) -> usize {
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &Path| -> BTreeSet<String> {
        id_cache
            .entry(file.to_path_buf())
            .or_insert_with(|| {
                ids(&Html::parse_document(
                    &fs::read_to_string(file).unwrap_or_default(),
                ))
                .into_iter()
                .collect()
            })
            .clone()
    };
    for rel in html_files(out) {
        let doc = page(out, &rel);
        let here = out.join(&rel);
        for (element, url) in urls(&doc) {
            let local = if let Some(rest) = url.strip_prefix(permalink_root) {
                Some(format!("{base_path}{rest}"))
            } else if url.starts_with('/') && !url.starts_with("//") {
                Some(url.clone())
            } else if url.starts_with('#') {
                None
            } else {
                continue; // external, mailto:, data: and the like
            };
            checked += 1;
            let target = match &local {
                Some(u) => match file_for(out, u, base_path) {
                    Some(f) => f,
                    None => {
                        problems.push(format!(
                            "{rel}: <{element}> {url} is outside the base path {base_path}"
                        ));
                        continue;
                    }
                },
                None => here.clone(),
            };
            if !target.is_file() {
                problems.push(format!(
                    "{rel}: <{element}> {url} → missing {}",
                    target.display()
                ));
                continue;
            }
            if let Some(frag) = fragment(&url) {
                if !ids_of(&target).contains(&frag) {
                    problems.push(format!(
                        "{rel}: <{element}> {url} → no id `{frag}` in {}",
                        target.display()
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} broken internal links:\n{}",
        problems.len(),
        problems.join("\n")
    );
    checked
}
