//! A bug in galley (a panic, here provoked with the `GALLEY_TEST_PANIC=1` test hook inside
//! rayon workers) shows as one line and exit code 70, not a `thread '…' panicked` per worker.

use crate::common::{command, finish, Run};

/// Runs the binary with the test hook; `--version` so that a hook that did not fire ends
/// quietly with 0 instead of doing anything.
fn panicking(backtrace: Option<&str>) -> Run {
    let mut cmd = command(["--version"]);
    cmd.env("GALLEY_TEST_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    if let Some(value) = backtrace {
        cmd.env("RUST_BACKTRACE", value);
    }
    finish(cmd)
}

#[test]
fn a_panic_is_one_line_and_exit_code_70() {
    // Several runs: the workers race to panic, and only one of them may speak.
    for _ in 0..5 {
        let out = panicking(None);
        let stderr = &out.stderr;
        assert_eq!(out.code, Some(70), "{stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "exactly one line: {stderr}");
        let line = lines[0];
        assert!(line.starts_with("internal error: "), "{line}");
        assert!(
            line.contains("deliberate panic for GALLEY_TEST_PANIC"),
            "{line}"
        );
        assert!(
            line.contains(" at src/crash.rs:"),
            "where it happened: {line}"
        );
        assert!(
            line.ends_with("; please report it with the command you ran"),
            "{line}"
        );
        assert!(!stderr.contains("thread '"), "{stderr}");
        assert!(out.stdout.is_empty(), "the command did not run");
    }
}

#[test]
fn rust_backtrace_adds_the_backtrace() {
    for value in ["1", "full"] {
        let out = panicking(Some(value));
        let stderr = &out.stderr;
        assert_eq!(out.code, Some(70), "{stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("internal error: "), "{stderr}");
        assert!(stderr.lines().count() > 3, "a backtrace follows: {stderr}");
        assert!(
            stderr.contains("test_panic"),
            "the frames are named: {stderr}"
        );
        assert!(!stderr.contains("thread '"), "{stderr}");
    }
}
