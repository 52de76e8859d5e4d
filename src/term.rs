//! Terminal output: whether to colour, and colouring the diagnostic layout of
//! [`crate::Diagnostic`]'s `Display` (so the plain text stays the one source of truth).

use anstyle::{AnsiColor, Style};
use std::io::IsTerminal;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default().bold();
const BOLD: Style = Style::new().bold();

/// Whether to colour what goes to stderr: only on a terminal, and never when `NO_COLOR` is
/// set (no-color.org) or under CI, whose logs show escape codes as noise.
pub fn stderr_colour() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    std::io::stderr().is_terminal()
        && !set("NO_COLOR")
        && !set("CI")
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// Colours the lines of an error report (`error:`, `-->`, the source line gutter, the caret,
/// `= help:`); returns the text unchanged when `colour` is false.
pub fn paint(text: &str, colour: bool) -> String {
    if !colour {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&paint_line(line));
    }
    out
}

fn paint_line(line: &str) -> String {
    let styled = |style: Style, s: &str| format!("{style}{s}{style:#}");
    if let Some(msg) = line.strip_prefix("error:") {
        return format!("{}{}", styled(ERROR, "error:"), styled(BOLD, msg));
    }
    if let Some(msg) = line.strip_prefix("warning:") {
        return format!("{}{}", styled(WARNING, "warning:"), styled(BOLD, msg));
    }
    if let Some(rest) = line.strip_prefix("  -->") {
        return format!("{}{rest}", styled(GUTTER, "  -->"));
    }
    if let Some(rest) = line.strip_prefix("  = help:") {
        return format!("{}{rest}", styled(HELP, "  = help:"));
    }
    // Gutter lines: `12 | text`, ` | ` and the caret line ` |    ^`.
    if let Some(bar) = line.find(" |") {
        let (gutter, rest) = line.split_at(bar + 2);
        if gutter[..bar].trim().chars().all(|c| c.is_ascii_digit()) {
            let rest = if rest.trim() == "^" {
                styled(ERROR, rest)
            } else {
                rest.to_string()
            };
            return format!("{}{rest}", styled(GUTTER, gutter));
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_off_and_styled_when_on() {
        let text = "error: bad\n  --> a.md:2:1\n  |\n2 | x\n  | ^\n  = help: fix";
        assert_eq!(paint(text, false), text);
        let painted = paint(text, true);
        assert!(painted.contains("\u{1b}["), "{painted}");
        let stripped: String = strip(&painted);
        assert_eq!(stripped, text);
    }

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
