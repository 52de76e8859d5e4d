//! galley: a static-site generator for developer articles.
//!
//! The build is a one-way pipeline of plain data: [`content`] (walk, read, front matter) →
//! [`parse`] (each document through [`markdown::render`]: shortcodes, highlighting) → index
//! (URLs, categories, tags, related) → render (templates) → output (the only writer).
//! [`build::build`] runs it. The public API is what the binary, the tests, the benchmarks and
//! the fuzz targets use; the other stages are private to the crate.
//!
//! The author's other commands: [`serve::serve`] (live preview), [`check::check`] (links and
//! anchors), [`scaffold::init`] and [`scaffold::new_document`].

// Errors are diagnostics for people, built only on the failure path; boxing them everywhere
// to shrink `Result` would cost clarity and buy nothing measurable.
#![allow(clippy::result_large_err)]

pub(crate) mod assets;
pub mod build;
pub mod cache;
pub mod cards;
pub mod check;
pub mod components;
pub(crate) mod config;
pub mod content;
pub mod error;
pub mod highlight;
pub mod images;
pub(crate) mod incremental;
pub(crate) mod index;
pub mod markdown;
pub mod minify;
pub mod mode;
pub(crate) mod output;
pub(crate) mod packed;
pub mod parse;
pub(crate) mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub(crate) mod templates;
pub mod term;
pub mod yaml;

pub use build::{build, BuildOptions, Summary};
pub use config::Config;
pub use error::{Diagnostic, Error, Result};
pub use incremental::Session;
