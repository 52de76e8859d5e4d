//! Authors: each article's `authors:` resolved to declared authors (or the site's default,
//! `author:` in `config.yaml` when that is an id), and each author told their articles.

use std::collections::HashMap;

use super::{AuthorPage, Page, Parsed};
use crate::config::Config;
use crate::content::{Author, Located};
use crate::error::{suggest, Diagnostic, Diagnostics};

/// URL of an author's page.
pub fn author_url(config: &Config, id: &str) -> String {
    config.url(&format!("authors/{id}/"))
}

/// The author pages, by id, with their articles (newest first); each article's
/// [`Page::authors`] is set.
pub fn resolve(
    parsed: Vec<Parsed<Author>>,
    pages: &mut [Page],
    config: &Config,
    problems: &mut Diagnostics,
) -> Vec<AuthorPage> {
    let mut authors: Vec<AuthorPage> = parsed
        .into_iter()
        .map(|p| AuthorPage {
            url: author_url(config, &p.item.id),
            author: p.item,
            rendered: p.rendered,
            terms: p.terms,
            pages: Vec::new(),
        })
        .collect();
    authors.sort_by(|a, b| a.author.id.cmp(&b.author.id));
    let by_id: HashMap<&str, usize> = authors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.author.id.as_str(), i))
        .collect();
    let default = by_id.get(config.author.as_str()).copied();
    let known: Vec<&str> = authors.iter().map(|a| a.author.id.as_str()).collect();
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); authors.len()];
    for (i, page) in pages.iter_mut().enumerate() {
        let mut ids = Vec::new();
        for named in &page.article.authors {
            match by_id.get(named.value.trim()) {
                Some(&a) if !ids.contains(&a) => ids.push(a),
                Some(_) => {}
                None => problems.push(unknown(page, named, &known)),
            }
        }
        if page.article.authors.is_empty() {
            ids.extend(default);
        }
        for &a in &ids {
            lists[a].push(i);
        }
        page.authors = ids;
    }
    // Pages are newest first, so each list already is.
    for (author, list) in authors.iter_mut().zip(lists) {
        author.pages = list;
    }
    authors
}

fn unknown(page: &Page, named: &Located, known: &[&str]) -> Diagnostic {
    let d = page
        .article
        .diagnostic_at(named, format!("`authors`: no author `{}`", named.value));
    match suggest(&named.value, known) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "declare them in content/authors/{}.md (a `name:`, and a short bio as the body)",
            named.value.trim()
        )),
    }
}
