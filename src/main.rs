//! The galley binary: parse the command line, run, print errors, set the exit code
//! (0 ok, 1 content or template errors, 2 usage errors).

mod cli;

use clap::Parser;
use std::process::ExitCode;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            drafts,
            base_url,
            future,
            minify,
        } => {
            let options = galley::BuildOptions {
                root,
                output,
                drafts,
                base_url,
                future,
                minify,
            };
            galley::build(&options).map(|summary| println!("{summary}"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            if matches!(e, galley::Error::Diagnostics(_)) {
                eprintln!("build failed; the previous output was left as it was");
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
