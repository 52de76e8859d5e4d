//! `serve`'s first answer to an edit: the edited articles' own pages, rendered against the
//! last build's index and published before the rest of the site is rebuilt. What merely
//! depends on an article (lists, related cards, feeds, the search index) follows with the
//! full rebuild; an edit that moves an article (a new slug, a draft, a file that does not
//! load) has no preview and waits for it.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::Prepared;
use crate::config::Config;
use crate::content::data::Data;
use crate::content::{self, LeftOut, Tool};
use crate::error::Diagnostic;
use crate::incremental::Session;
use crate::index::{Page, Site};
use crate::markdown::{self, Env, ImageMap, LinkMap, Pass};
use crate::parse::article_document;
use crate::parse::embeds::Components;
use crate::render::{self, Output};
use crate::templates::{AssetUrls, Templates};

/// What rendering a page needs besides the site and the config, kept from a build.
pub struct Inputs {
    pub(super) templates: Templates,
    pub(super) asset_urls: Arc<AssetUrls>,
    pub(super) data: Data,
    pub(super) links: LinkMap,
    pub(super) images: ImageMap,
    pub(super) declared: Vec<Tool>,
    pub(super) left_out: LeftOut,
    pub(super) minify: bool,
}

/// The last good build, held to render an edited article before the next build.
pub struct Preview {
    root: PathBuf,
    config: Config,
    site: Site,
    inputs: Inputs,
}

impl Prepared {
    /// Keeps what a preview needs from this build (the site at `root`), dropping the rendered
    /// files: they are in the server's store.
    pub fn into_preview(self, root: &Path) -> Preview {
        Preview {
            root: root.to_path_buf(),
            config: self.config,
            site: self.site,
            inputs: self.inputs,
        }
    }
}

impl Preview {
    /// The new pages of the edited articles, when every file in `changed` (relative to the
    /// root) is an article of the site that still loads at the same URL; `None` otherwise.
    /// The articles are updated in the kept site, so two quick edits build on each other.
    pub fn pages(&mut self, changed: &[PathBuf], session: &Session) -> Option<Vec<Output>> {
        let mut edited = Vec::with_capacity(changed.len());
        for path in changed {
            let rel = content_path(path)?;
            let i = self
                .site
                .pages
                .iter()
                .position(|p| p.article.source == rel)?;
            let article = content::load_article(&self.root, &rel)?;
            let old = &self.site.pages[i].article;
            if article.slug != old.slug || article.draft != old.draft || article.date != old.date {
                return None;
            }
            edited.push((i, article));
        }
        if edited.is_empty() {
            return None;
        }
        let inputs = &self.inputs;
        let embeds = Components::new(&inputs.declared, &inputs.templates);
        let env = Env {
            highlighter: session.highlighter(),
            links: &inputs.links,
            images: &inputs.images,
            embeds: &embeds,
            left_out: &inputs.left_out,
            pass: Pass::Whole,
            math: self.config.math,
        };
        let mut indexes = Vec::with_capacity(edited.len());
        for (i, article) in edited {
            let doc = article_document(&article, &article.file_text);
            let rendered = markdown::render(&doc, &env).ok()?;
            let page = &mut self.site.pages[i];
            page.article = article;
            page.rendered = rendered;
            indexes.push(i);
        }
        render::render_articles(
            &self.site,
            &kept_body,
            &inputs.data,
            &self.config,
            &inputs.templates,
            &inputs.asset_urls,
            inputs.minify,
            &indexes,
        )
        .ok()
    }
}

/// A page's body as the build rendered it.
fn kept_body(page: &Page) -> Result<Cow<'_, str>, Vec<Diagnostic>> {
    Ok(Cow::Borrowed(&*page.rendered.html))
}

/// `content/articles/x.md` → `articles/x.md`, the source path articles are known by.
fn content_path(path: &Path) -> Option<String> {
    let mut parts = path.components();
    if parts.next() != Some(Component::Normal("content".as_ref())) {
        return None;
    }
    let rest: Option<Vec<&str>> = parts
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    Some(rest?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_paths() {
        let p = |s: &str| content_path(Path::new(s));
        assert_eq!(p("content/articles/x.md").as_deref(), Some("articles/x.md"));
        assert_eq!(
            p("content/articles/jwt/index.md").as_deref(),
            Some("articles/jwt/index.md")
        );
        assert_eq!(p("templates/base.html"), None);
        assert_eq!(p("content/../x.md"), None);
    }
}
