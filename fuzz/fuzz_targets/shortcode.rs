//! `shortcode::parse` and `looks_like_shortcode` on arbitrary text: no panic, every offset a
//! char boundary inside the input, and a parsed call survives being written out and re-read.
#![no_main]

use galley::markdown::shortcode::{looks_like_shortcode, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(i) = looks_like_shortcode(text) {
        assert!(
            text.is_char_boundary(i),
            "looks_like_shortcode offset {i} inside a char of {text:?}"
        );
        assert!(
            text[i..].starts_with("{{"),
            "looks_like_shortcode offset {i} not at `{{{{` in {text:?}"
        );
    }
    match parse(text) {
        Err((at, message)) => {
            assert!(
                text.is_char_boundary(at),
                "error offset {at} ({message}) not a char boundary of {text:?}"
            );
            assert!(!message.is_empty());
        }
        Ok(None) => {}
        Ok(Some(call)) => {
            assert!(!call.name.is_empty());
            assert_eq!(looks_like_shortcode(text.trim()), Some(0));
            // Write the call back out with a quote its value does not contain; it must read back.
            let mut written = format!("{{{{ {}(", call.name);
            for (key, value) in &call.args {
                let q = if value.contains('"') { '\'' } else { '"' };
                if value.contains(q) {
                    return;
                }
                written.push_str(&format!("{key}={q}{value}{q}, "));
            }
            written.push_str(") }}");
            assert_eq!(
                parse(&written),
                Ok(Some(call)),
                "re-parse of {written:?} (from {text:?})"
            );
        }
    }
});
