//! Standalone pages (About, Privacy): their own template (`page.html` unless the page names
//! another) with the page's body, table of contents and `extra`.

use serde::Serialize;
use tera::Context;

use super::context::display_date;
use super::Shared;
use crate::error::Diagnostic;
use crate::index::StandalonePage;
use crate::markdown::TocEntry;

/// `doc`: the standalone page's own data.
#[derive(Serialize)]
struct DocCtx<'a> {
    title: &'a str,
    description: &'a str,
    url: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    show_toc: bool,
    date: Option<String>,
    date_display: Option<String>,
    updated: Option<String>,
    updated_display: Option<String>,
    extra: &'a serde_yaml::Mapping,
}

impl<'a> Shared<'a, '_> {
    pub(super) fn standalone(
        &self,
        p: &'a StandalonePage,
    ) -> Result<(String, &'a str, Context), Diagnostic> {
        let doc = &p.page;
        let template = doc.template.value.as_str();
        if !self.templates.has(template) {
            return Err(doc.diagnostic_at(
                &doc.template,
                format!("no template `templates/{template}` to render this page with"),
            ));
        }
        let mut page = self.page_ctx("page", &doc.title, &doc.description, &doc.path);
        self.social_image(&mut page, &p.url);
        let mut ctx = self.base(page, &self.component_scripts(&p.rendered.shortcodes));
        ctx.insert(
            "doc",
            &DocCtx {
                title: &doc.title,
                description: &doc.description,
                url: &p.url,
                content: &p.rendered.html,
                toc: &p.rendered.toc,
                show_toc: doc.toc && !p.rendered.toc.is_empty(),
                date: doc.date.map(|d| d.to_string()),
                date_display: doc.date.map(display_date),
                updated: doc.updated.map(|d| d.to_string()),
                updated_display: doc.updated.map(display_date),
                extra: &doc.extra,
            },
        );
        Ok((format!("{}index.html", doc.path), template, ctx))
    }
}
