//! The galley binary: parse the command line, run, print errors, set the exit code:
//! 0 ok, 1 content, config, template or I/O errors, 2 usage errors, 70 an internal error
//! (a panic: a bug in galley, reported as one line by `crash.rs`).

mod cli;
mod crash;

use clap::Parser;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cli::{Cli, Command};
use galley::check::{external::ExternalOptions, CheckOptions};
use galley::serve::ServeOptions;
use galley::{term, BuildOptions, Result, Session};

/// mimalloc hands memory back to the system as a build frees it (a large site's sources are
/// freed after the parse stage), and allocates faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    crash::install();
    // A test hook, not a feature: the only way to make a release binary panic on purpose, so
    // the tests can see what a user sees when galley has a bug.
    if std::env::var_os("GALLEY_TEST_PANIC").is_some_and(|v| v == "1") {
        crash::test_panic();
    }
    let cli = Cli::parse();
    let (result, failed) = run(cli.command);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", term::paint(&e.to_string(), term::stderr_colour()));
            if matches!(e, galley::Error::Diagnostics(_)) {
                eprintln!("{failed}");
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Runs a command; the text says what became of the user's files if it fails.
fn run(command: Command) -> (Result<()>, &'static str) {
    match command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            future,
            minify,
        } => {
            let options = BuildOptions {
                root,
                output,
                drafts,
                base_url,
                future,
                minify,
            };
            let result = galley::build::build_with(
                &options,
                &mut Session::one_build(std::io::stderr().is_terminal()),
            );
            let kept = "build failed; the previous output was left as it was";
            let print = |summary: galley::Summary| {
                print_warnings(&summary.warnings);
                println!("{summary}");
            };
            (result.map(print), kept)
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
            allowed_host,
        } => {
            let options = ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
                allowed_hosts: allowed_host,
            };
            (galley::serve::serve(&options), "serve stopped")
        }
        Command::Check {
            root,
            drafts,
            external,
        } => (check(root, drafts, external), "check failed"),
        Command::New { title, root, kind } => (new(&root, &title, kind), "nothing was written"),
        Command::Init { dir, force } => (init(&dir, force), "nothing was written"),
    }
}

/// A build session with a progress bar when stderr is a terminal.
fn session() -> Session {
    Session::with_progress(std::io::stderr().is_terminal())
}

fn check(root: PathBuf, drafts: bool, external: bool) -> Result<()> {
    let check = CheckOptions {
        external: external.then(|| ExternalOptions::for_site(&root)),
    };
    let options = BuildOptions {
        root,
        drafts,
        ..BuildOptions::default()
    };
    let report = galley::check::check(&options, &check, &mut session())?;
    print_warnings(&report.warnings);
    println!("{report}");
    Ok(())
}

/// Warnings go to stderr like errors, coloured the same way, and fail nothing.
fn print_warnings(warnings: &[galley::error::Diagnostic]) {
    for w in warnings {
        eprintln!("{}", term::paint(&w.as_warning(), term::stderr_colour()));
    }
}

fn new(root: &Path, title: &str, kind: galley::scaffold::DocKind) -> Result<()> {
    let path = galley::scaffold::new_document(root, kind, title, today())?;
    println!("created {}", path.display());
    Ok(())
}

fn init(dir: &Path, force: bool) -> Result<()> {
    let files = galley::scaffold::init(dir, force, today())?;
    println!(
        "created a site in {} ({} files); next: galley serve --root {}",
        dir.display(),
        files.len(),
        dir.display()
    );
    Ok(())
}

/// Today's date in UTC: the date a new article is written on.
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}
