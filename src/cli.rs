//! The command line (clap derive structs only).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// galley: a fast static-site generator for developer articles.
#[derive(Debug, Parser)]
#[command(name = "galley", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: ./public).
    Build {
        /// The site folder, holding config.yaml, content/, templates/ and static/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: config.yaml's output_dir, relative to --root).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Override config.yaml's base_url (for preview deploys).
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles dated in the future.
        #[arg(long)]
        future: bool,
        /// Minify the HTML pages.
        #[arg(long)]
        minify: bool,
    },
}
