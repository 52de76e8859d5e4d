//! Splits a block's HTML (as [`super::writer`] or plain escaping made it, and as the cache
//! keeps it) into one piece of HTML per line, so line marks can be applied after highlighting
//! without highlighting again.
//!
//! The writer's HTML is flat: escaped text and `<span class="…">…</span>` that never nest, but
//! that may run across a newline (a multi-line comment or string). A span open at a newline is
//! closed at the end of the line and opened again on the next line, only if text follows.

/// The HTML of each line of `html`, without the newlines. A final newline ends the last line
/// (as [`str::lines`] counts), and a `\r` before a newline is dropped.
pub fn split(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    // The open span's start tag, and whether it is written on the current line yet.
    let mut open: Option<&str> = None;
    let mut written = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<span ") {
            if let Some(end) = rest.find('>') {
                open = Some(&rest[..=end]);
                written = false;
                rest = &rest[end + 1..];
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix("</span>") {
            if written {
                line.push_str("</span>");
            }
            open = None;
            rest = after;
            continue;
        }
        if c == '\n' || rest.starts_with("\r\n") {
            if open.is_some() && written {
                line.push_str("</span>");
            }
            written = false;
            lines.push(std::mem::take(&mut line));
            rest = &rest[if c == '\n' { 1 } else { 2 }..];
            continue;
        }
        if let (Some(tag), false) = (open, written) {
            line.push_str(tag);
            written = true;
        }
        // Text runs to the next tag or line end: copied whole, not a character at a time.
        let first = c.len_utf8();
        let end = memchr::memchr3(b'<', b'\n', b'\r', &rest.as_bytes()[first..])
            .map_or(rest.len(), |i| i + first);
        line.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    if open.is_some() && written {
        line.push_str("</span>");
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn spans_across_lines_are_closed_and_reopened() {
        let html = "a <span class=\"hl-1\">/* x\ny */</span> b\n";
        assert_eq!(
            split(html),
            vec![
                "a <span class=\"hl-1\">/* x</span>",
                "<span class=\"hl-1\">y */</span> b"
            ]
        );
    }

    #[test]
    fn lines_are_counted_as_str_lines_does() {
        for code in ["", "a", "a\n", "a\n\nb", "a\n\n", "\n", "x\r\ny\r\n"] {
            assert_eq!(split(code).len(), code.lines().count(), "{code:?}");
        }
        assert_eq!(split("x\r\ny"), vec!["x", "y"]);
    }

    #[test]
    fn a_span_that_ends_at_a_newline_is_not_reopened_empty() {
        let html = "<span class=\"hl-2\">a\n</span>b\n";
        assert_eq!(split(html), vec!["<span class=\"hl-2\">a</span>", "b"]);
    }

    #[test]
    fn escaped_text_is_kept() {
        assert_eq!(split("&lt;a&gt; &amp;\n"), vec!["&lt;a&gt; &amp;"]);
    }
}
