//! `slugify` output is always a valid slug (or empty), and slugifying is idempotent.
#![no_main]

use galley::slug::{is_valid_slug, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let slug = slugify(&text);
    assert!(
        slug.is_empty() || is_valid_slug(&slug),
        "slugify({text:?}) = {slug:?} is not a valid slug"
    );
    assert_eq!(
        slugify(&slug),
        slug,
        "slugify is not idempotent on {text:?}"
    );
});
