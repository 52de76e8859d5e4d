//! Slugs: the URL-safe names of articles, categories, tags and heading anchors.

/// Lower-cases `text` and keeps letters and digits, joining every other run of characters with
/// a single `-`. The result can never contain `/`, `.` or `\`, so it cannot escape a folder.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    // `C++` and `C#` are different languages, not `c`: spell the two signs out.
    let spelled = text.replace('+', " plus ").replace('#', " sharp ");
    for c in spelled.chars() {
        // Lower-casing alone does not make a slug character: `𝕆` (a mathematical capital) has
        // no lower case and stays upper-case, and `İ` becomes `i` plus a combining dot, which
        // is not alphanumeric. Keep only the pieces `is_valid_slug` accepts; a character with
        // none separates words like punctuation does.
        let mut kept = c.to_lowercase().filter(|&l| is_word_char(l)).peekable();
        if (c.is_alphanumeric() || c == '_') && kept.peek().is_some() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(kept);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// A character a slug keeps as part of a word: a lower-case (or caseless) letter or digit, or `_`.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !c.is_uppercase() || c == '_'
}

/// Whether an author-written slug is usable as is: non-empty, and made only of what
/// [`slugify`] would keep (so `../x`, `a/b` and absolute paths are refused).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty() && !slug.starts_with('-') && slug.chars().all(|c| is_word_char(c) || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_examples() {
        assert_eq!(
            slugify("JWT vs Session: Which Should You Choose?"),
            "jwt-vs-session-which-should-you-choose"
        );
        assert_eq!(slugify("  Base64 -- URL safe  "), "base64-url-safe");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("Ünïcode 漢字"), "ünïcode-漢字");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("C++"), "c-plus-plus");
        assert_eq!(slugify("C#"), "c-sharp");
        assert_eq!(slugify("C"), "c");
    }

    /// Found by `fuzz/` (target `slug`): both gave slugs that `is_valid_slug` refused.
    #[test]
    fn slugify_keeps_only_slug_characters() {
        assert_eq!(slugify("\u{1D546}x"), "x"); // 𝕆 has no lower case
        assert_eq!(slugify("a \u{1D546} b"), "a-b");
        assert_eq!(slugify("İstanbul"), "istanbul"); // İ lower-cases to i + U+0307
        assert!(is_valid_slug(&slugify("İ")));
    }

    #[test]
    fn slug_validation_refuses_paths() {
        assert!(is_valid_slug("jwt-vs-session"));
        for bad in ["", "../x", "/abs", "a/b", "a.b", "Upper", "-x", "a b"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }
}
