//! galley: a static-site generator for developer articles.
//!
//! The build is a one-way pipeline of plain data: [`content::load`] (walk, read, front matter)
//! → [`markdown::render`] (Markdown, shortcodes, highlighting) → [`index::Site`] (URLs,
//! categories, tags, related) → [`render`] (templates) → [`output`] (the only writer).
//! [`build::build`] runs it.

// A `Diagnostic` is a large error (path, source line, message, help), returned only on the
// cold path where a build is about to fail: boxing it everywhere would buy nothing.
#![allow(clippy::result_large_err)]

pub mod assets;
pub mod build;
pub mod config;
pub mod content;
pub mod embeds;
pub mod error;
pub mod highlight;
pub mod index;
pub mod markdown;
pub mod output;
pub mod render;
pub mod slug;
pub mod templates;
pub mod yaml;

pub use build::{build, BuildOptions, Summary};
pub use error::{Diagnostic, Error, Result};
