//! The promised surface as a table: every command of `galley --help` and every flag and
//! argument of each command's `--help`, each run alone and in combinations, with the exit
//! code and outcome the README documents. `flags` checks the table against `--help` and runs
//! every row on every site.

use crate::sites::DRAFT_TITLE;

/// What a row must do. Exit codes are the README's: 0 ok, 1 content (or a refused
/// overwrite, or an I/O error), 2 usage.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// Exit 0 and a whole site where `--output` (or the config's `public/`) says; drafts and
    /// future articles in only with their flag; links under `--base-url` when given.
    Built,
    /// Exit 0 and "no problems".
    Clean,
    /// `check --external` through a proxy that refuses everything: exit 0 and no request on
    /// a site without external links, exit 1 naming them on one with.
    External,
    /// The server answers `/` (and drafts, and allowed hosts, as its flags say).
    Serves,
    /// Exit 0, this file (placeholders allowed) exists, and its site builds with it.
    Created(&'static str),
    /// Exit 0 and this text on stdout.
    Prints(&'static str),
    /// Exit 1: the content is broken, a file would be overwritten, or a folder is missing.
    Refused,
    /// Exit 2: a usage error.
    Usage,
}

/// One row: the help entries it exercises, and the command line. In `args`, `{site}` is the
/// site's folder (also the working directory), `{out}` a fresh output folder, `{new}` a
/// folder that does not exist yet and `{busy}` a port another socket holds.
#[derive(Debug)]
pub struct Row {
    /// Flags (`--root`, `-h`) and arguments (`TITLE`) of `--help` this row covers.
    pub covers: &'static [&'static str],
    /// The command line after `galley`.
    pub args: &'static [&'static str],
    /// What must happen.
    pub expect: Expect,
}

impl Row {
    /// The command (`""` for `galley` itself).
    pub fn command(&self) -> &'static str {
        match self.args.first() {
            Some(a) if !a.starts_with('-') => a,
            _ => "",
        }
    }
}

const fn row(
    covers: &'static [&'static str],
    args: &'static [&'static str],
    expect: Expect,
) -> Row {
    Row {
        covers,
        args,
        expect,
    }
}

use Expect::*;

/// What `--version` prints.
const VERSION: &str = concat!("galley ", env!("CARGO_PKG_VERSION"));
const BUILD_USAGE: &str = "Usage: galley build";
const SERVE_USAGE: &str = "Usage: galley serve";
const CHECK_USAGE: &str = "Usage: galley check";
const NEW_USAGE: &str = "Usage: galley new";
const INIT_USAGE: &str = "Usage: galley init";

/// Every row. One row a line reads as a table, so rustfmt leaves it as written.
#[rustfmt::skip]
pub const ROWS: &[Row] = &[
    // galley itself, and `help`
    row(&["-h"], &["-h"], Prints("Commands:")),
    row(&["--help"], &["--help"], Prints("Commands:")),
    row(&["-V"], &["-V"], Prints(VERSION)),
    row(&["--version"], &["--version"], Prints(VERSION)),
    row(&[], &[], Usage),
    row(&[], &["publish"], Usage),
    row(&[], &["--bogus"], Usage),
    row(&[], &["help"], Prints("Commands:")),
    row(&[], &["help", "build"], Prints(BUILD_USAGE)),
    row(&[], &["help", "nosuch"], Usage),
    // build; the working directory is the site, so no --root means this site
    row(&[], &["build"], Built),
    row(&["--root"], &["build", "--root", "{site}"], Built),
    row(&["--output"], &["build", "--output", "{out}"], Built),
    row(&["--drafts"], &["build", "--output", "{out}", "--drafts"], Built),
    row(&["--future"], &["build", "--output", "{out}", "--future"], Built),
    row(&["--base-url"], &["build", "--output", "{out}", "--base-url", "https://ex.test/sub/"], Built),
    row(&["--minify"], &["build", "--output", "{out}", "--minify"], Built),
    row(
        &["--drafts", "--future", "--minify", "--base-url", "--output"],
        &["build", "--drafts", "--future", "--minify", "--base-url", "https://ex.test/sub/", "--output", "{out}"],
        Built,
    ),
    row(&["--root", "--drafts", "--future"], &["build", "--root", "{site}", "--output", "{out}", "--future", "--drafts"], Built),
    row(&["-h"], &["build", "-h"], Prints(BUILD_USAGE)),
    row(&["--help"], &["build", "--help"], Prints(BUILD_USAGE)),
    row(&[], &["build", "--bogus"], Usage),
    row(&["--output"], &["build", "--output"], Usage),
    row(&["--output"], &["build", "--output", "{site}"], Usage),
    row(&["--base-url"], &["build", "--output", "{out}", "--base-url", "not a url"], Usage),
    row(&["--minify"], &["build", "--output", "{out}", "--minify=yes"], Usage),
    row(&["--root"], &["build", "--root", "{new}"], Refused),
    // serve; every server takes a free port, so rows can run side by side
    row(&["--root", "--port"], &["serve", "--root", "{site}", "--port", "0"], Serves),
    row(&["--bind"], &["serve", "--port", "0", "--bind", "127.0.0.1"], Serves),
    row(&["--drafts"], &["serve", "--port", "0", "--drafts"], Serves),
    row(&["--open"], &["serve", "--port", "0", "--open"], Serves),
    row(
        &["--allowed-host"],
        &["serve", "--port", "0", "--allowed-host", "preview.test", "--allowed-host", "tunnel.test:8443"],
        Serves,
    ),
    row(
        &["--root", "--port", "--bind", "--drafts", "--open", "--allowed-host"],
        &["serve", "--root", "{site}", "--port", "0", "--bind", "127.0.0.1", "--drafts", "--open", "--allowed-host", "preview.test"],
        Serves,
    ),
    row(&["-h"], &["serve", "-h"], Prints(SERVE_USAGE)),
    row(&["--help"], &["serve", "--help"], Prints(SERVE_USAGE)),
    row(&[], &["serve", "--bogus"], Usage),
    row(&["--port"], &["serve", "--port", "notanumber"], Usage),
    row(&["--port"], &["serve", "--port", "70000"], Usage),
    row(&["--port"], &["serve", "--port", "{busy}"], Usage),
    row(&["--bind"], &["serve", "--port", "0", "--bind", "nowhere"], Usage),
    row(&["--allowed-host"], &["serve", "--port", "0", "--allowed-host", "http://preview.test/"], Usage),
    row(&["--root"], &["serve", "--root", "{new}", "--port", "0"], Refused),
    // check
    row(&[], &["check"], Clean),
    row(&["--root"], &["check", "--root", "{site}"], Clean),
    row(&["--drafts"], &["check", "--drafts"], Clean),
    row(&["--external"], &["check", "--external"], External),
    row(&["--root", "--drafts", "--external"], &["check", "--root", "{site}", "--drafts", "--external"], External),
    row(&["-h"], &["check", "-h"], Prints(CHECK_USAGE)),
    row(&["--help"], &["check", "--help"], Prints(CHECK_USAGE)),
    row(&[], &["check", "--bogus"], Usage),
    row(&["--root"], &["check", "--root", "{new}"], Refused),
    // new; the slug keeps letters of every script and drops the emoji
    row(&["TITLE"], &["new", "Título: 日本語 🚀"], Created("{site}/content/articles/título-日本語.md")),
    row(
        &["TITLE", "--root"],
        &["new", "Another article", "--root", "{site}"],
        Created("{site}/content/articles/another-article.md"),
    ),
    row(&["TITLE", "--kind"], &["new", "--kind", "page", "Über uns · 关于 🚀"], Created("{site}/content/pages/über-uns-关于.md")),
    row(&["TITLE", "--kind", "--root"], &["new", "Legal notice", "--kind", "article", "--root", "{site}"], Created("{site}/content/articles/legal-notice.md")),
    row(&["--kind"], &["new", "--kind", "author", "Ana Lima · 安娜"], Created("{site}/content/authors/ana-lima-安娜.md")),
    row(&["--kind"], &["new", "--kind", "novel", "Nobody"], Usage),
    row(&["TITLE"], &["new", DRAFT_TITLE], Refused),
    row(&["TITLE"], &["new", "!!! 🚀"], Usage),
    row(&[], &["new"], Usage),
    row(&["--root"], &["new", "Nowhere", "--root", "{new}"], Refused),
    row(&["-h"], &["new", "-h"], Prints(NEW_USAGE)),
    row(&["--help"], &["new", "--help"], Prints(NEW_USAGE)),
    // init; README: a folder that is not empty is refused with exit 1, a file is a usage error
    row(&["DIR"], &["init", "{new}"], Created("{new}/content/articles/hello-galley.md")),
    row(&["DIR", "--force"], &["init", "{site}", "--force"], Created("{site}/content/articles/hello-galley.md")),
    row(&["DIR"], &["init", "{site}"], Refused),
    row(&["DIR"], &["init", "{site}/config.yaml"], Usage),
    row(&[], &["init"], Usage),
    row(&["-h"], &["init", "-h"], Prints(INIT_USAGE)),
    row(&["--help"], &["init", "--help"], Prints(INIT_USAGE)),
];
