//! Code highlighting with syntect, as CSS classes (`hl-` prefix), plus the stylesheet for a
//! light and a dark theme.
//!
//! Two grammar sets are used. syntect's own set comes first: its JavaScript grammar is the one
//! syntect is tested against. bat's larger set (from `two-face`) adds TypeScript, TOML,
//! Dockerfile and the rest. bat's JavaScript grammar makes syntect 5.3 loop forever on lines as
//! ordinary as `x /*` (syntect PR #706), so it is never used; neither are the bat grammars that
//! embed it (listed in [`EMBEDS_BAT_JAVASCRIPT`]): blocks in those languages stay plain text.
//! Both sets are decoded lazily, the first time a page has code.

use std::sync::OnceLock;
use syntect::highlighting::{Color, Theme};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Class prefix of every highlighting span.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// bat grammars that pull in bat's looping JavaScript grammar (found by
/// `tests::no_reachable_grammar_hangs_on_comment_openers`).
const EMBEDS_BAT_JAVASCRIPT: &[&str] = &[
    "JavaScript",
    "CFML",
    "HTML (EEx)",
    "HTML (Twig)",
    "HTML (Jinja2)",
    "Ruby Slim",
    "Svelte",
    "Vue Component",
];

/// Languages written in fences that are plain text on purpose.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none"];

/// The grammar sets, loaded once per build and shared by reference between threads.
#[derive(Default)]
pub struct Highlighter {
    syntect: OnceLock<SyntaxSet>,
    bat: OnceLock<SyntaxSet>,
}

/// A highlighted (or plain) code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Inner HTML of the `<code>` element.
    pub html: String,
    /// Name of the language shown on the block (`JavaScript`), if one was given.
    pub label: Option<String>,
    /// Whether a grammar was applied.
    pub highlighted: bool,
}

impl Highlighter {
    /// A highlighter whose grammars load on first use.
    pub fn new() -> Self {
        Self::default()
    }

    fn syntect_set(&self) -> &SyntaxSet {
        self.syntect.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    fn bat_set(&self) -> &SyntaxSet {
        self.bat.get_or_init(two_face::syntax::extra_newlines)
    }

    /// Finds the grammar for a fence's language token, and the set it belongs to.
    pub fn resolve(&self, lang: &str) -> Option<(&SyntaxReference, &SyntaxSet)> {
        let token = lang.trim().to_ascii_lowercase();
        let token = alias(&token);
        if token.is_empty() || PLAIN.contains(&token) {
            return None;
        }
        let own = self.syntect_set();
        if let Some(s) = own.find_syntax_by_token(token) {
            return Some((s, own));
        }
        let bat = self.bat_set();
        bat.find_syntax_by_token(token)
            .filter(|s| !EMBEDS_BAT_JAVASCRIPT.contains(&s.name.as_str()))
            .map(|s| (s, bat))
    }

    /// Highlights `code` written in `lang`. Unknown or absent languages give escaped plain text.
    pub fn highlight(&self, code: &str, lang: Option<&str>) -> Block {
        let lang = lang.map(str::trim).filter(|l| !l.is_empty());
        let Some(lang) = lang else {
            return plain(code, None);
        };
        let Some((syntax, set)) = self.resolve(lang) else {
            return plain(code, Some(lang.to_string()));
        };
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return plain(code, Some(syntax.name.clone()));
            }
        }
        Block {
            html: gen.finalize(),
            label: Some(syntax.name.clone()),
            highlighted: true,
        }
    }
}

fn alias(token: &str) -> &str {
    match token {
        "shell" | "sh" | "zsh" | "console" | "shell-session" => "bash",
        "mjs" | "cjs" | "node" => "js",
        "yml" => "yaml",
        "golang" => "go",
        "py" => "python",
        "rs" => "rust",
        other => other,
    }
}

fn plain(code: &str, label: Option<String>) -> Block {
    let mut html = String::with_capacity(code.len() + code.len() / 8);
    pulldown_cmark_escape::escape_html_body_text(&mut html, code).ok();
    Block {
        html,
        label,
        highlighted: false,
    }
}

/// Why a stylesheet could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// The configured theme name is not one we ship.
    #[error("unknown highlight theme `{0}`; available: {1}")]
    Unknown(String, String),
    /// syntect could not turn the theme into CSS.
    #[error("cannot make CSS for theme `{0}`: {1}")]
    Css(String, String),
}

/// The stylesheet for both themes: each inside its own `prefers-color-scheme` query, so no
/// rule of one theme leaks into the other. Token colours are darkened or lightened where needed
/// so every token reaches a 4.5:1 contrast with the code background (WCAG AA).
pub fn stylesheet(light: &str, dark: &str) -> Result<String, ThemeError> {
    let themes = two_face::theme::extra();
    let mut css = String::from("/* Code highlighting, generated by galley. */\n");
    for (name, scheme) in [(light, "light"), (dark, "dark")] {
        let theme = find_theme(&themes, name)?;
        let theme = with_readable_contrast(theme.clone());
        let body = syntect::html::css_for_theme_with_class_style(&theme, CLASS_STYLE)
            .map_err(|e| ThemeError::Css(name.to_string(), e.to_string()))?;
        css.push_str(&format!(
            "@media (prefers-color-scheme: {scheme}) {{\n{body}}}\n"
        ));
    }
    Ok(css)
}

fn find_theme<'a>(
    themes: &'a two_face::theme::EmbeddedLazyThemeSet,
    name: &str,
) -> Result<&'a Theme, ThemeError> {
    let names = two_face::theme::EmbeddedLazyThemeSet::theme_names();
    names
        .iter()
        .find(|n| {
            format!("{n:?}").eq_ignore_ascii_case(name) || n.as_name().eq_ignore_ascii_case(name)
        })
        .map(|n| themes.get(*n))
        .ok_or_else(|| {
            let all: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            ThemeError::Unknown(name.to_string(), all.join(", "))
        })
}

fn with_readable_contrast(mut theme: Theme) -> Theme {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(readable(fg, bg));
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground {
            let bg = item.style.background.unwrap_or(bg);
            item.style.foreground = Some(readable(fg, bg));
        }
    }
    theme
}

/// Moves `fg` towards black (on light backgrounds) or white (on dark ones) until it reaches a
/// 4.6:1 contrast ratio with `bg` (4.5 plus a margin for rounding in checkers).
fn readable(fg: Color, bg: Color) -> Color {
    let fg = Color { a: 0xff, ..fg };
    let target = if luminance(bg) > 0.5 {
        Color::BLACK
    } else {
        Color::WHITE
    };
    (0..=20)
        .map(|step| mix(fg, target, f64::from(step) / 20.0))
        .find(|c| contrast(*c, bg) >= 4.6)
        .unwrap_or(target)
}

fn mix(a: Color, b: Color, t: f64) -> Color {
    let m = |x: u8, y: u8| (f64::from(x) * (1.0 - t) + f64::from(y) * t).round() as u8;
    Color {
        r: m(a.r, b.r),
        g: m(a.g, b.g),
        b: m(a.b, b.b),
        a: 0xff,
    }
}

fn luminance(c: Color) -> f64 {
    let ch = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)
}

/// WCAG contrast ratio between two colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn javascript_is_highlighted_with_classes() {
        let h = Highlighter::new();
        let b = h.highlight("const x = 1; // hi\n", Some("javascript"));
        assert!(b.highlighted);
        assert_eq!(b.label.as_deref(), Some("JavaScript"));
        assert!(b.html.contains("class=\"hl-"), "{}", b.html);
        assert!(!b.html.contains("style="));
    }

    #[test]
    fn bat_only_languages_highlight() {
        let h = Highlighter::new();
        for (lang, name) in [
            ("ts", "TypeScript"),
            ("toml", "TOML"),
            ("dockerfile", "Dockerfile"),
        ] {
            let b = h.highlight("a = 1\n", Some(lang));
            assert_eq!(b.label.as_deref(), Some(name), "{lang}");
            assert!(b.highlighted);
        }
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let b = Highlighter::new().highlight("<b>&</b>\n", Some("nosuchlang"));
        assert!(!b.highlighted);
        assert_eq!(b.html, "&lt;b&gt;&amp;&lt;/b&gt;\n");
        assert_eq!(b.label.as_deref(), Some("nosuchlang"));
        assert_eq!(Highlighter::new().highlight("x", None).label, None);
    }

    /// Every grammar a fence can reach must finish on input that made bat's JavaScript grammar
    /// loop forever. Runs each in a thread so a regression fails the test instead of hanging it.
    #[test]
    fn no_reachable_grammar_hangs_on_comment_openers() {
        let h = std::sync::Arc::new(Highlighter::new());
        let mut tokens: Vec<String> = vec![
            "js".into(),
            "javascript".into(),
            "jsx".into(),
            "html".into(),
            "vue".into(),
            "svelte".into(),
            "php".into(),
            "md".into(),
        ];
        for set in [h.syntect_set(), h.bat_set()] {
            tokens.extend(set.syntaxes().iter().map(|s| s.name.clone()));
        }
        let mut hung = Vec::new();
        for token in tokens {
            let h2 = h.clone();
            let t = token.clone();
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let code = "x /*\n<script>\nx /*\n</script>\n<script> y /* </script>\n```js\nx /*\n```\n`${x /* }`\n";
                let _ = h2.highlight(code, Some(&t));
                let _ = tx.send(());
            });
            if rx.recv_timeout(Duration::from_secs(5)).is_err() {
                hung.push(token);
            }
        }
        assert!(hung.is_empty(), "grammars that hang: {hung:?}");
    }

    #[test]
    fn stylesheet_has_both_schemes_and_readable_colours() {
        let css = stylesheet("InspiredGithub", "OneHalfDark").unwrap();
        assert!(css.contains("@media (prefers-color-scheme: light)"));
        assert!(css.contains("@media (prefers-color-scheme: dark)"));
        assert!(css.contains(".hl-code"));
        assert!(matches!(
            stylesheet("Nope", "OneHalfDark"),
            Err(ThemeError::Unknown(..))
        ));
    }

    #[test]
    fn readable_reaches_aa_contrast() {
        let bg = Color::WHITE;
        let pale = Color {
            r: 0xcc,
            g: 0xcc,
            b: 0xcc,
            a: 0xff,
        };
        assert!(contrast(readable(pale, bg), bg) >= 4.5);
        let dark_bg = Color {
            r: 0x28,
            g: 0x2c,
            b: 0x34,
            a: 0xff,
        };
        let dim = Color {
            r: 0x5c,
            g: 0x63,
            b: 0x70,
            a: 0xff,
        };
        assert!(contrast(readable(dim, dark_bg), dark_bg) >= 4.5);
    }
}
