//! `--minify`: HTML pages through minify-html, stylesheets through lightningcss and ES modules
//! through oxc (the two libraries minify-html itself uses for inline code).
//!
//! minify-html follows the HTML spec's whitespace rules: whitespace-only text is dropped only
//! where it cannot render (between block-level elements), runs are collapsed elsewhere, and
//! `<pre>`, `<textarea>` and JSON-LD are left as they are. Options that give invalid HTML
//! (unquoted attribute values with odd characters, shortened doctypes, optimal entities) stay
//! off, so a minified site passes the same validation as a normal one. One rule matters to
//! template authors: inside a block container (`div`, `nav`, `header`, …) whitespace *alone*
//! between two inline elements is dropped; put such elements in a `<p>` or `<span>`, or
//! separate them with text, when the space must show.

use minify_html::Cfg;
use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Minifies an HTML document.
pub fn html(input: &str) -> String {
    let cfg = Cfg {
        // The site's policy allows no inline code; what is left is JSON-LD, which stays as it is.
        minify_css: false,
        minify_js: false,
        ..Cfg::default()
    };
    let bytes = minify_html::minify(input.as_bytes(), &cfg);
    // minify-html only ever drops or rewrites whole UTF-8 sequences; fall back to the input
    // rather than trust that blindly.
    String::from_utf8(bytes).unwrap_or_else(|_| input.to_string())
}

/// Minifies a stylesheet, or `None` when lightningcss cannot parse it (the file is then
/// published as it is; a browser may still understand what the parser refused).
pub fn css(input: &str) -> Option<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let mut sheet = StyleSheet::parse(input, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printer = PrinterOptions {
        minify: true,
        ..PrinterOptions::default()
    };
    let code = sheet.to_css(printer).ok()?.code;
    (code.len() < input.len()).then_some(code)
}

/// Minifies an ES module, or `None` when it does not parse as one (published as it is).
///
/// Only the safest compressions are applied, and names are mangled only inside functions and
/// modules' own scope: exports keep their names, so other modules' imports still match.
pub fn js_module(input: &str) -> Option<String> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, input, SourceType::mjs()).parse();
    if !parsed.errors.is_empty() || parsed.panicked {
        return None;
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    };
    let done = Minifier::new(options).minify(&allocator, &mut program);
    let code = Codegen::new()
        .with_options(CodegenOptions {
            minify: true,
            ..CodegenOptions::default()
        })
        .with_scoping(done.scoping)
        .with_private_member_mappings(done.class_private_mappings)
        .build(&program)
        .code;
    (code.len() < input.len()).then_some(code)
}

#[cfg(test)]
mod tests;
