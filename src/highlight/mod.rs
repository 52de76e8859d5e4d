//! Code highlighting with syntect, as short CSS classes (`hl-` prefix), plus the stylesheet for
//! a light and a dark theme.
//!
//! Two grammar sets are used. syntect's own set comes first: its JavaScript grammar is the one
//! syntect is tested against. bat's larger set (from `two-face`) adds TypeScript, TOML,
//! Dockerfile and the rest. bat's JavaScript grammar makes syntect 5.3 loop forever on lines as
//! ordinary as `x /*` (syntect PR #706), so it is never used; neither are the bat grammars that
//! embed it (listed in [`EMBEDS_BAT_JAVASCRIPT`]): blocks in those languages stay plain text.
//! Both sets are decoded lazily, the first time a page has code that is not in the cache.
//!
//! The HTML has one span per run of text that looks the same in both themes, and none for text
//! that looks plain in both ([`writer`]); the class names and the stylesheet come from the two
//! themes alone ([`classes`]). Highlighted blocks can be kept on disk between builds
//! ([`cache`]).

pub mod cache;
pub mod classes;
mod labels;
pub mod lines;
mod marks;
pub mod writer;

use std::path::PathBuf;
use std::sync::OnceLock;
use syntect::highlighting::{Color, Theme};
use syntect::parsing::{SyntaxReference, SyntaxSet};

use cache::DiskCache;
use classes::Classes;

/// Light theme of [`Highlighter::new`] (and of `config.yaml` without a `highlight` key).
pub const DEFAULT_LIGHT_THEME: &str = "InspiredGithub";
/// Dark theme of [`Highlighter::new`].
pub const DEFAULT_DARK_THEME: &str = "OneHalfDark";

/// Version of the HTML this module writes for a block. Part of the cache key: bump it whenever
/// a change here (writer, classes, grammar choice, aliases) can change a block's HTML.
const FORMAT: u32 = 1;

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

/// Path in the output of the highlighting rules for a theme picked in the header.
pub const PICKED_CSS: &str = "css/highlight-picked.css";

/// The grammar sets, loaded once per build and shared by reference between threads, the two
/// themes and their classes, and the disk cache if there is one.
pub struct Highlighter {
    syntect: OnceLock<SyntaxSet>,
    bat: OnceLock<SyntaxSet>,
    light: Theme,
    dark: Theme,
    classes: Classes,
    styles: writer::StyleCache,
    cache: Option<DiskCache>,
}

/// A highlighted (or plain) code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Inner HTML of the `<code>` element, a line at a time (a span across a newline is
    /// closed at the line's end and opened again on the next line), so line marks apply
    /// without splitting the HTML again on every build.
    pub lines: lines::Lines,
    /// Name of the language shown on the block (`JavaScript`), if one was given.
    pub label: Option<String>,
    /// Whether a grammar was applied.
    pub highlighted: bool,
}

impl Block {
    /// The block's HTML, each line followed by a newline.
    pub fn html(&self) -> String {
        self.lines.joined()
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// A highlighter with the default themes and no disk cache, whose grammars load on first use.
    pub fn new() -> Self {
        Self::with_themes(DEFAULT_LIGHT_THEME, DEFAULT_DARK_THEME)
            .expect("the default themes are shipped")
    }

    /// A highlighter for the named themes (see [`stylesheet`]), without a disk cache.
    pub fn with_themes(light: &str, dark: &str) -> Result<Self, ThemeError> {
        let themes = two_face::theme::extra();
        let light = with_readable_contrast(find_theme(&themes, light)?.clone());
        let dark = with_readable_contrast(find_theme(&themes, dark)?.clone());
        let classes = Classes::new(&light, &dark);
        Ok(Highlighter {
            syntect: OnceLock::new(),
            bat: OnceLock::new(),
            light,
            dark,
            classes,
            styles: writer::StyleCache::default(),
            cache: None,
        })
    }

    /// Keeps highlighted blocks in `dir` (for a site, its `.galley-cache`, see
    /// [`crate::cache::DIR`]) in the file [`cache::FILE`], and reuses them.
    pub fn with_cache_dir(mut self, dir: PathBuf) -> Self {
        self.cache = Some(DiskCache::new(dir, self.identity()));
        self
    }

    /// Ends a successful build: the disk cache drops the blocks no build of this highlighter
    /// used (see [`DiskCache::compact`]). A failed build skips it, as it may not have asked
    /// for every block of the site.
    pub fn finish_build(&self) {
        if let Some(cache) = &self.cache {
            cache.compact();
        }
    }

    /// Everything besides a block's code and language that its HTML depends on.
    pub fn identity(&self) -> String {
        format!(
            "galley {} format {FORMAT}; {}; bat js off: {}; classes {}",
            env!("CARGO_PKG_VERSION"),
            grammar_versions(),
            EMBEDS_BAT_JAVASCRIPT.join(","),
            self.classes.identity()
        )
    }

    /// The class vocabulary of the two themes.
    pub fn classes(&self) -> &Classes {
        &self.classes
    }

    /// The stylesheet for the classes this highlighter writes: each theme inside its own
    /// `prefers-color-scheme` query, so no rule of one theme leaks into the other, unless the
    /// reader picked the other theme in the header (`data-theme` on `<html>`, see
    /// `static/js/reader.js`). Token colours are darkened or lightened where needed so every
    /// token reaches a 4.5:1 contrast with the code background (WCAG AA).
    pub fn stylesheet(&self) -> String {
        self.stylesheets().0
    }

    /// [`Highlighter::stylesheet`], and the rules for a theme picked in the header
    /// ([`PICKED_CSS`]): loaded by `reader.js` only for readers who picked one, so a first
    /// visit does not download every rule twice.
    pub fn stylesheets(&self) -> (String, String) {
        let mut css = String::from("/* Code highlighting, generated by galley. */\n");
        let rules = |dark: bool| {
            let theme = if dark { &self.dark } else { &self.light };
            let bg = theme.settings.background.unwrap_or(Color::WHITE);
            format!("{}{}", self.classes.css(dark), marks::css(bg))
        };
        let scoped = |rules: &str, scope: &str| -> String {
            rules.lines().map(|l| format!("{scope} {l}\n")).collect()
        };
        for (dark, scheme, other) in [(false, "light", "dark"), (true, "dark", "light")] {
            css.push_str(&format!(
                "@media (prefers-color-scheme: {scheme}) {{\n{}}}\n",
                scoped(&rules(dark), &format!(":root:not([data-theme={other}])"))
            ));
        }
        let mut picked =
            String::from("/* Code highlighting for a theme picked in the header. */\n");
        for (dark, scheme) in [(false, "light"), (true, "dark")] {
            picked.push_str(&scoped(
                &rules(dark),
                &format!(":root[data-theme={scheme}]"),
            ));
        }
        (css, picked)
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
    /// With a disk cache, a block highlighted by an earlier build is read back instead.
    /// The block's label is the language's readable name ([`labels::display_name`]).
    pub fn highlight(&self, code: &str, lang: Option<&str>) -> Block {
        let mut block = self.highlight_as_named(code, lang);
        block.label = block.label.map(|l| labels::display_name(&l));
        block
    }

    /// [`Highlighter::highlight`] with the grammar's own name as the label, as cached.
    fn highlight_as_named(&self, code: &str, lang: Option<&str>) -> Block {
        let lang = lang.map(str::trim).filter(|l| !l.is_empty());
        let Some(lang) = lang else {
            return plain(code, None);
        };
        if PLAIN.contains(&lang.to_ascii_lowercase().as_str()) {
            return plain(code, Some(lang.to_string()));
        }
        if let Some(block) = self.cache.as_ref().and_then(|c| c.get(code, lang)) {
            return block;
        }
        let block = self.highlight_uncached(code, lang);
        if let Some(cache) = &self.cache {
            cache.put(code, lang, &block);
        }
        block
    }

    fn highlight_uncached(&self, code: &str, lang: &str) -> Block {
        let Some((syntax, set)) = self.resolve(lang) else {
            return plain(code, Some(lang.to_string()));
        };
        let styler = writer::Styler {
            set,
            light: &self.light,
            dark: &self.dark,
            classes: &self.classes,
            cache: &self.styles,
        };
        match writer::write(code, syntax, &styler) {
            Some(html) => Block {
                lines: lines::split(&html),
                label: Some(syntax.name.clone()),
                highlighted: true,
            },
            None => plain(code, Some(syntax.name.clone())),
        }
    }
}

/// Versions of the crates whose grammars and regex engine decide the highlighting, from the
/// lock file galley was built with.
fn grammar_versions() -> &'static str {
    static VERSIONS: OnceLock<String> = OnceLock::new();
    VERSIONS
        .get_or_init(|| crate::cache::crate_versions(&["syntect", "two-face", "onig", "onig_sys"]))
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
        lines: lines::split(&html),
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

/// Adjusts token colours for contrast with the code background and with the backgrounds of
/// marked lines ([`marks`]); tokens with a background of their own are checked against it.
fn with_readable_contrast(mut theme: Theme) -> Theme {
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let [hl, ins, del] = marks::backgrounds(bg);
    let all = [bg, hl, ins, del];
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(readable(fg, &all));
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground {
            let own = item.style.background.map(|b| [b; 4]);
            item.style.foreground = Some(readable(fg, own.as_ref().unwrap_or(&all)));
        }
    }
    theme
}

/// Moves `fg` towards black (on light backgrounds) or white (on dark ones) until it reaches a
/// 4.6:1 contrast ratio with each of `bgs` (4.5 plus a margin for rounding in checkers).
fn readable(fg: Color, bgs: &[Color; 4]) -> Color {
    let fg = Color { a: 0xff, ..fg };
    let target = if luminance(bgs[0]) > 0.5 {
        Color::BLACK
    } else {
        Color::WHITE
    };
    (0..=20)
        .map(|step| mix(fg, target, f64::from(step) / 20.0))
        .find(|c| bgs.iter().all(|bg| contrast(*c, *bg) >= 4.6))
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
mod tests;
