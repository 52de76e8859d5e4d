//! galley's integration tests, one test binary (so the crate and its dependencies are linked
//! once): the real site, bad inputs, output guards, determinism, escaping, drafts and base URL.
//!
//! Every fixture lives in its own temporary folder; nothing is written into the repository.

mod support;

mod real_site;
mod bad_input;
