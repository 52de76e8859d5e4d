//! "Test the surface you promise" (issue 11): every command and flag `--help` lists, run alone
//! and together on three sites (the repository's own, one from `galley init`, and a generated
//! corpus with non-ASCII text everywhere) with the exit codes the README documents; a generated
//! site of awkward Markdown; and `--minify` checked to change bytes but never visible text.
//! Every site is made in its own temporary folder; nothing touches the network (external
//! links go to a local proxy that refuses them) and no browser opens.

#[path = "../common/mod.rs"]
mod common;

mod corpus;
mod flags;
mod minified;
mod sites;
mod stress;
mod support;
mod table;
mod visible;
