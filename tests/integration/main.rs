//! galley's integration tests, in one test binary so the crate and its dependencies are linked
//! once: the real site, bad inputs, code blocks and callouts, data files, the output guard,
//! determinism, escaping, drafts and `--base-url`. Every fixture lives in its own temporary
//! folder (see `support`, built on `common`, the helpers every test target shares); nothing is
//! written into the repository.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod authors;
mod bad_input;
mod cards;
mod code_blocks;
mod components;
mod data_files;
mod determinism;
mod drafts;
mod escaping;
mod images;
mod output_guard;
mod reader_page;
mod real_site;
mod resize_image;
mod site_structure;
