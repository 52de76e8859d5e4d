//! Escaping for XML (feeds, sitemap) and for JSON inside an HTML `<script>` data block.

/// Escapes text for XML element content and attribute values, dropping the control
/// characters XML 1.0 forbids (they would make the whole feed invalid).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside `<script type="application/ld+json">`: `<`, `>` and `&` become
/// `\u003c`-style escapes, so no value can close the script element or open a comment.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_controls() {
        assert_eq!(
            escape("a<b>&\"'\u{1}]]>"),
            "a&lt;b&gt;&amp;&quot;&apos;]]&gt;"
        );
    }

    #[test]
    fn json_cannot_close_the_script() {
        let v = serde_json::json!({ "t": "</script><!--" });
        let s = json_for_script(&v);
        assert!(!s.contains('<'));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
