//! This target's own helpers, built on `common`: small fixture sites, runs of the binary in
//! the test's own folder, and `serve` started on a site.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{command, copy_site, finish, write, Run, Serve, THEME};

/// An article's text with the given front matter extras and body.
pub fn article(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndescription: \"About {title}.\"\ndate: {date}\n{extra}---\n{body}")
}

/// A small site in `dir`: the repository's templates and static files, two articles.
pub fn small_site(dir: &Path) {
    write(
        dir,
        "config.yaml",
        "title: \"Fixture\"\nbase_url: \"https://fixture.example/\"\n",
    );
    copy_site(dir, THEME);
    write(
        dir,
        "content/articles/alpha.md",
        &article(
            "Alpha",
            "2026-01-02",
            "tags: [one]\n",
            "\nOriginal body.\n\n## First part\n\n```rust\nfn main() {}\n```\n",
        ),
    );
    write(dir, "content/articles/beta.md", &article("Beta", "2026-01-01", "", "\nBeta body with [a link to alpha](@/articles/alpha.md#first-part).\n\n## Details\n\nMore.\n"));
}

/// Runs the binary with `args` in the test's own folder, without colour.
pub fn galley(args: &[&str]) -> Run {
    finish(command(args))
}

/// Calls `f` until it returns `Some`, or panics after `limit`.
pub fn poll<T>(limit: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> (T, Duration) {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return (v, start.elapsed());
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Serve {
    /// Starts `galley serve --port 0` on the site at `root` and waits for its URL.
    pub fn start(root: &Path) -> Serve {
        Serve::start_with(root, &[])
    }

    /// [`Serve::start`] with more flags.
    pub fn start_with(root: &Path, flags: &[&str]) -> Serve {
        let mut cmd = command(["serve", "--port", "0", "--root"]);
        cmd.arg(root).args(flags);
        Serve::spawn(cmd)
    }
}
