//! The sites the surface is exercised on, each made fresh in its own folder: a copy of the
//! repository's own site, a site made by `galley init`, the generated non-ASCII corpus and
//! the generated stress site.

use std::path::Path;

use crate::common::{copy_site, galley, write, WHOLE_SITE};
use crate::{corpus, stress};

/// A kind of site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// `config.yaml`, `content/`, `templates/` and `static/` of the repository.
    Repo,
    /// What `galley init` writes.
    Init,
    /// The generated corpus with non-ASCII text everywhere (see `corpus`).
    Unicode,
    /// The generated site of awkward Markdown constructs (see `stress`).
    Stress,
}

impl Site {
    /// The three sites every row of the flag table runs on.
    pub const THREE: [Site; 3] = [Site::Repo, Site::Init, Site::Unicode];

    /// Makes the site's sources in `dir`, which must be missing or empty.
    pub fn make(self, dir: &Path) {
        match self {
            Site::Repo => copy_site(dir, WHOLE_SITE),
            Site::Init => {
                let parent = dir.parent().unwrap();
                std::fs::create_dir_all(parent).unwrap();
                galley(parent, &["init", dir.to_str().unwrap()]).assert_exit(0);
            }
            Site::Unicode => corpus::write_site(dir),
            Site::Stress => stress::write_site(dir),
        }
    }

    /// Whether its pages link to other web sites. Only the repository's articles do (npm);
    /// `check --external` must ask about those, and nothing at all on the other sites.
    pub fn has_external_links(self) -> bool {
        self == Site::Repo
    }
}

/// Where the draft of [`add_extras`] is built.
pub const DRAFT_PAGE: &str = "articles/surface-draft/index.html";
/// Where the future article of [`add_extras`] is built.
pub const FUTURE_PAGE: &str = "articles/surface-future/index.html";
/// The `galley new` title whose file [`add_extras`] already wrote.
pub const DRAFT_TITLE: &str = "Surface draft";

/// Adds a draft and an article dated far in the future, so the flag rows can see that
/// `--drafts` and `--future` let them in and that they stay out without.
pub fn add_extras(dir: &Path) {
    let article = |title: &str, date: &str, extra: &str| {
        format!("---\ntitle: \"{title}\"\ndescription: \"Seen only with a flag.\"\ndate: {date}\n{extra}---\n\nBody of the {title}.\n")
    };
    write(
        dir,
        "content/articles/surface-draft.md",
        &article(DRAFT_TITLE, "2026-01-01", "draft: true\n"),
    );
    write(
        dir,
        "content/articles/surface-future.md",
        &article("Surface future", "2999-01-01", ""),
    );
}
