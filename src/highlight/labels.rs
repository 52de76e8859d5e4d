//! The names readers know languages by, for the labels on code blocks: a grammar's name
//! (`Bourne Again Shell (bash)`) becomes `Bash`. Applied after the cache, which keeps the
//! grammar's own name.

/// The name a reader knows a language by, for a grammar's name (or, for a language without
/// a grammar, the fence's word): `Bourne Again Shell (bash)` is `Bash`, `text` is `Plain text`.
pub fn display_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if super::PLAIN.contains(&lower.as_str()) || lower == "plain text" {
        return "Plain text".into();
    }
    let known = match name {
        "Bourne Again Shell (bash)" => "Bash",
        "JavaScript (Babel)" => "JSX",
        "TypeScriptReact" => "TSX",
        "HTTP Request and Response" => "HTTP",
        "Regular Expression" => "Regex",
        "Rust Enhanced" => "Rust",
        other => other.split(" (").next().unwrap_or(other),
    };
    known.to_string()
}

#[cfg(test)]
mod tests {
    use crate::highlight::Highlighter;

    #[test]
    fn labels_are_the_names_readers_know() {
        let h = Highlighter::new();
        let cases = [
            ("js", "JavaScript"),
            ("ts", "TypeScript"),
            ("sh", "Bash"),
            ("console", "Bash"),
            ("json", "JSON"),
            ("http", "HTTP"),
            ("text", "Plain text"),
            ("TXT", "Plain text"),
            ("py", "Python"),
            ("golang", "Go"),
            ("jsx", "JSX"),
            ("tsx", "TSX"),
            ("no-such-language", "no-such-language"),
        ];
        for (token, label) in cases {
            let block = h.highlight("x\n", Some(token));
            assert_eq!(block.label.as_deref(), Some(label), "{token}");
        }
        assert_eq!(h.highlight("x\n", None).label, None);
    }
}
