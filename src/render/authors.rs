//! Authors: `author` on each author's list page (`author.html`, paginated like a tag), the
//! `/authors/` index (`authors.html`), and `article.authors`, the byline of every article.

use serde::Serialize;
use tera::Context;

use super::Shared;
use crate::index::{AuthorPage, Page};
use crate::markdown::TocEntry;

/// An author as a byline names them (`article.authors`, `authors` on `/authors/`).
#[derive(Serialize)]
pub struct BylineCtx<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub avatar: Option<String>,
    /// `person` or `organization`.
    pub kind: &'static str,
    /// Number of articles.
    pub count: usize,
}

/// A link of an author's (`GitHub` → its address).
#[derive(Serialize)]
struct LinkCtx<'a> {
    name: &'a str,
    url: String,
}

/// `author` on an author's page.
#[derive(Serialize)]
pub struct AuthorCtx<'a> {
    #[serde(flatten)]
    byline: BylineCtx<'a>,
    description: &'a str,
    /// The bio, as HTML.
    content: &'a str,
    toc: &'a [TocEntry],
    links: Vec<LinkCtx<'a>>,
    extra: &'a serde_yaml::Mapping,
}

impl<'a> Shared<'a, '_> {
    /// A site path (`/images/me.png`) with the base path; a URL as it is.
    fn site_link(&self, target: &str) -> String {
        match target.strip_prefix('/') {
            Some(path) => self.config.url(path),
            None => target.to_string(),
        }
    }

    pub(super) fn byline(&self, x: &'a AuthorPage) -> BylineCtx<'a> {
        let a = &x.author;
        BylineCtx {
            id: &a.id,
            name: &a.name,
            url: &x.url,
            avatar: a.avatar.as_deref().map(|v| self.site_link(v)),
            kind: a.kind.as_str(),
            count: x.pages.len(),
        }
    }

    /// `article.authors`.
    pub(super) fn article_authors(&self, p: &Page) -> Vec<BylineCtx<'a>> {
        p.authors
            .iter()
            .map(|&i| self.byline(&self.site.authors[i]))
            .collect()
    }

    pub(super) fn author_ctx(&self, x: &'a AuthorPage) -> AuthorCtx<'a> {
        let a = &x.author;
        AuthorCtx {
            byline: self.byline(x),
            description: &a.description,
            content: &x.rendered.html,
            toc: &x.rendered.toc,
            links: a
                .links
                .iter()
                .map(|l| LinkCtx {
                    name: &l.name,
                    url: self.site_link(&l.url),
                })
                .collect(),
            extra: &a.extra,
        }
    }

    /// `/authors/`: every author, by name.
    pub(super) fn authors_index(&self) -> (String, &'static str, Context) {
        let path = "authors/";
        let count = self.site.authors.len();
        let description = format!(
            "The {count} author{} of {}",
            if count == 1 { "" } else { "s" },
            self.config.title
        );
        let mut ctx = self.base(self.page_ctx("authors", "Authors", &description, path), &[]);
        let mut list: Vec<BylineCtx> = self.site.authors.iter().map(|x| self.byline(x)).collect();
        list.sort_by(|a, b| a.name.cmp(b.name).then(a.id.cmp(b.id)));
        ctx.insert("authors", &list);
        (format!("{path}index.html"), "authors.html", ctx)
    }
}
