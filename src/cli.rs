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
    /// Serve the site locally, rebuild on every change and reload the open pages.
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; 0.0.0.0 makes the site reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Also answer requests for this host name (or NAME:PORT), e.g. behind a proxy or a
        /// tunnel; repeatable. Other names get 403, so a page elsewhere cannot read the
        /// preview through DNS rebinding.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_host: Vec<galley::serve::AllowedHost>,
    },
    /// Build without writing and check every link, anchor, image and asset reference.
    Check {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also check http(s) links (answers kept for 24 h in .galley-cache/).
        #[arg(long)]
        external: bool,
    },
    /// Start a new document with its front matter filled in: an article
    /// (content/articles/<slug>.md) or a standalone page (content/pages/<slug>.md), as drafts,
    /// or an author (content/authors/<slug>.md).
    New {
        /// The document's title.
        title: String,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// What to start.
        #[arg(long, value_enum, default_value_t = galley::scaffold::DocKind::Article)]
        kind: galley::scaffold::DocKind,
    },
    /// Create a new site in DIR: config, templates, stylesheet and a sample article.
    Init {
        /// The folder to create (must be empty or missing).
        dir: PathBuf,
        /// Write into a folder that is not empty, replacing galley's own files there.
        #[arg(long)]
        force: bool,
    },
}
