//! The author's workflow, as a user meets it: `serve`, `check`, `new`, `init`, exit codes,
//! and what a bug in galley looks like.
//! Every site is built in a temporary folder; nothing here touches the network beyond
//! 127.0.0.1.

#[path = "../common/mod.rs"]
mod common;

mod check;
mod data;
mod documents;
mod incremental;
mod panic;
mod scaffold;
mod serve;
mod support;
