//! What a user sees when galley has a bug: one line naming the panic and where it happened,
//! and exit code 70 (EX_SOFTWARE), instead of Rust's `thread '…' panicked` text repeated by
//! every rayon worker that hit the same bug.

use std::backtrace::Backtrace;
use std::io::Write;
use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, Ordering};

/// The exit code of an internal error (sysexits.h's EX_SOFTWARE).
pub const EXIT_INTERNAL: i32 = 70;

/// Set by the first panic; the ones after it say nothing.
static REPORTED: AtomicBool = AtomicBool::new(false);

/// Makes every panic, on any thread, end the process with one line on stderr (and the
/// backtrace when `RUST_BACKTRACE` asks for one) and exit code 70.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        if REPORTED.swap(true, Ordering::SeqCst) {
            // The first panicking thread is reporting and about to exit. Returning would
            // unwind this thread, and rayon would carry the panic to `main`, which could end
            // the process with Rust's code 101 before the report is out.
            loop {
                std::thread::park();
            }
        }
        let mut stderr = std::io::stderr().lock();
        // Nothing more can be done if stderr is gone; the exit code still tells.
        let _ = writeln!(stderr, "{}", report(info));
        if backtrace_wanted(std::env::var_os("RUST_BACKTRACE").as_deref()) {
            let _ = writeln!(stderr, "{}", Backtrace::force_capture());
        }
        let _ = stderr.flush();
        std::process::exit(EXIT_INTERNAL);
    }));
}

/// The line a user sees.
fn report(info: &PanicHookInfo<'_>) -> String {
    let at = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    format!(
        "internal error: {}{at}; please report it with the command you ran",
        one_line(message(info.payload()))
    )
}

/// The panic's message: `panic!` makes a `&str` or a `String`; `panic_any` can carry anything.
fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("panic")
}

/// A multi-line message (`assert_eq!`'s left and right) on one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// `RUST_BACKTRACE` as std reads it: set to anything but `0` (`1`, `full`).
fn backtrace_wanted(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0")
}

/// The test hook behind `GALLEY_TEST_PANIC=1`: panics in several rayon workers at once, so the
/// tests see that a bug shows as one line even when many threads hit it.
pub fn test_panic() {
    use rayon::prelude::*;
    // One item per job, and a pause before panicking: the other workers have time to steal
    // items and reach their own panic while the first one is still being reported.
    (0..8).into_par_iter().with_max_len(1).for_each(|item| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        panic!("deliberate panic for GALLEY_TEST_PANIC in item {item}");
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_of_any_payload() {
        assert_eq!(message(&"static"), "static");
        assert_eq!(message(&String::from("owned")), "owned");
        assert_eq!(message(&42_u8), "panic");
        assert_eq!(one_line("left\n  right \n\n"), "left; right");
    }

    #[test]
    fn backtrace_values() {
        let wanted = |v: &str| backtrace_wanted(Some(std::ffi::OsStr::new(v)));
        assert!(wanted("1") && wanted("full"));
        assert!(!wanted("0") && !wanted("") && !backtrace_wanted(None));
    }
}
