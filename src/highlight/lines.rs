//! Splits a block's HTML (as [`super::writer`] or plain escaping made it, and as the cache
//! keeps it) into one piece of HTML per line, so line marks can be applied after highlighting
//! without highlighting again.
//!
//! The writer's HTML is flat: escaped text and `<span class="…">…</span>` that never nest, but
//! that may run across a newline (a multi-line comment or string). A span open at a newline is
//! closed at the end of the line and opened again on the next line, only if text follows.

/// The HTML of each line of a block, kept in one string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    text: String,
    /// Where each line ends in `text`.
    ends: Vec<u32>,
}

impl Lines {
    /// Lines read back from their parts (as the cache stores them), if the parts fit: line
    /// ends in order, inside the text, at character boundaries.
    pub fn from_parts(text: String, ends: Vec<u32>) -> Option<Lines> {
        let mut last = 0;
        for &end in &ends {
            let end = end as usize;
            if end < last || !text.is_char_boundary(end) {
                return None;
            }
            last = end;
        }
        Some(Lines { text, ends })
    }

    /// The text of every line, one after the other, and where each line ends in it.
    pub fn parts(&self) -> (&str, &[u32]) {
        (&self.text, &self.ends)
    }

    /// Every line followed by a newline: the block's HTML with spans closed at line ends.
    pub fn joined(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.ends.len());
        for line in self.iter() {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// How many lines there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no line.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each line's HTML, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(a, &b)| &self.text[a as usize..b as usize])
    }

    fn end_line(&mut self) {
        // A block over 4 GB cannot be highlighted: its Markdown could not be read either.
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }
}

/// The HTML of each line of `html`, without the newlines. A final newline ends the last line
/// (as [`str::lines`] counts), and a `\r` before a newline is dropped.
pub fn split(html: &str) -> Lines {
    let mut lines = Lines {
        text: String::with_capacity(html.len() + html.len() / 8),
        ends: Vec::new(),
    };
    let mut line_start = 0;
    // The open span's start tag, and whether it is written on the current line yet.
    let mut open: Option<&str> = None;
    let mut written = false;
    let mut rest = html;
    while let Some(&b) = rest.as_bytes().first() {
        if rest.starts_with("<span ") {
            if let Some(end) = memchr::memchr(b'>', rest.as_bytes()) {
                open = Some(&rest[..=end]);
                written = false;
                rest = &rest[end + 1..];
                continue;
            }
        }
        if let Some(after) = rest.strip_prefix("</span>") {
            if written {
                lines.text.push_str("</span>");
            }
            open = None;
            rest = after;
            continue;
        }
        if b == b'\n' || rest.starts_with("\r\n") {
            if open.is_some() && written {
                lines.text.push_str("</span>");
            }
            written = false;
            lines.end_line();
            line_start = lines.text.len();
            rest = &rest[if b == b'\n' { 1 } else { 2 }..];
            continue;
        }
        if let (Some(tag), false) = (open, written) {
            lines.text.push_str(tag);
            written = true;
        }
        // Text runs to the next tag or line end: copied whole, not a character at a time. The
        // first byte is copied even if it is one of those (a `<` that starts no span, a lone
        // `\r`), and the run ends at an ASCII byte, so it ends on a character boundary.
        let end = memchr::memchr3(b'<', b'\n', b'\r', &rest.as_bytes()[1..])
            .map_or(rest.len(), |i| i + 1);
        lines.text.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    if open.is_some() && written {
        lines.text.push_str("</span>");
    }
    if lines.text.len() > line_start {
        lines.end_line();
    }
    lines
}

#[cfg(test)]
mod tests {
    fn split(html: &str) -> Vec<String> {
        super::split(html).iter().map(str::to_string).collect()
    }

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
