//! galley: a static-site generator for developer articles.
//!
//! The build is a one-way pipeline of plain data: [`content::load`] (walk, read, front matter)
//! → [`markdown::render`] (Markdown, shortcodes, highlighting) → [`index::Site`] (URLs,
//! categories, tags, related) → [`render`] (templates) → [`output`] (the only writer).
//! [`build::build`] runs it.
//!
//! The author's other commands: [`serve::serve`] (live preview), [`check::check`] (links and
//! anchors), [`scaffold::init`] and [`scaffold::new_article`].

// Errors are diagnostics for people, built only on the failure path; boxing them everywhere
// to shrink `Result` would cost clarity and buy nothing measurable.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod build;
pub mod cache;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod highlight;
pub mod incremental;
pub mod index;
pub mod markdown;
pub mod minify;
pub mod mode;
pub mod output;
pub mod parse;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod templates;
pub mod term;
pub mod yaml;

pub use build::{build, BuildOptions, Summary};
pub use error::{Diagnostic, Error, Result};
pub use incremental::Session;
