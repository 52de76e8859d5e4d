//! Arbitrary bytes as an article file: split at the fences, parse and check the front matter
//! as an article (and as a tool declaration), and print every diagnostic. Never panics; line
//! numbers stay inside the file.
#![no_main]

use galley::content::front_matter::split;
use galley::content::{Article, Tool};
use galley::error::Diagnostic;
use galley::slug::is_valid_slug;
use galley::yaml::YamlBlock;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(s) = split(&text) else { return };
    let unbommed = text.strip_prefix('\u{feff}').unwrap_or(&text);
    assert!(unbommed.ends_with(s.body));
    assert_eq!(s.yaml_line, 2);
    if !s.body.is_empty() {
        let before = &unbommed[..unbommed.len() - s.body.len()];
        assert_eq!(
            s.body_line,
            before.matches('\n').count() + 1,
            "body_line of {text:?}"
        );
    }
    // Lines a diagnostic may point at: every line of the file, and the one just past its end.
    let max_line = text.split_inclusive('\n').count() + 1;
    let check = |diags: &[Diagnostic]| {
        assert!(!diags.is_empty());
        for d in diags {
            let _ = d.to_string();
            if let Some(line) = d.line {
                assert!(
                    (1..=max_line).contains(&line),
                    "line {line} of {max_line}: {d:?} for {text:?}"
                );
            }
        }
    };
    let block = YamlBlock {
        path: Path::new("content/articles/fuzz.md"),
        file_text: &text,
        yaml: s.yaml,
        first_line: s.yaml_line,
    };
    match Article::check("articles/fuzz.md".into(), &block, s.body, s.body_line) {
        Ok(a) => {
            assert!(is_valid_slug(&a.slug), "{:?}", a.slug);
            assert!(!a.title.trim().is_empty());
        }
        Err(diags) => check(&diags),
    }
    if let Err(diags) = Tool::check("tools/fuzz.md".into(), &block, s.body, s.body_line) {
        check(&diags);
    }
});
