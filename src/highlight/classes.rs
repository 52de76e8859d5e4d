//! The class vocabulary of highlighted code, and its stylesheet.
//!
//! Every token gets the style syntect resolves for it in each theme. A theme can only resolve to
//! a foreground from its rules (or its default), a background from its rules (or its default)
//! and a font style from its rules (or none), so its possible styles are numbered
//! `(fg * backgrounds + bg) * font_styles + fs`, the default style being 0. A token's class is
//! `hl-` followed by its light number and its dark number, each in base 36 with a width fixed by
//! the theme pair (`hl-4b`: light style 4, dark style 11). A token whose style is the default
//! in both themes gets no span at all.
//!
//! The stylesheet styles the light number with `span[class^="hl-4"]` inside the light-scheme
//! block and the dark number with `span[class^="hl-"][class$="b"]` inside the dark one (the
//! prefix keeps the rule off other spans in a block, such as its `line` spans): one rule per style a
//! theme can resolve to, not per pair, and the whole vocabulary is a function of the two themes
//! alone, known before any page is highlighted.

use std::fmt::Write as _;
use syntect::highlighting::{Color, FontStyle, Style, Theme};

/// The styles one theme can resolve a token to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeTable {
    fgs: Vec<Color>,
    bgs: Vec<Color>,
    font_styles: Vec<FontStyle>,
}

impl ThemeTable {
    /// The table of `theme` (already adjusted for contrast).
    pub fn new(theme: &Theme) -> ThemeTable {
        // As syntect's `Highlighter::get_default`.
        let mut fgs = vec![theme.settings.foreground.unwrap_or(Color::BLACK)];
        let mut bgs = vec![theme.settings.background.unwrap_or(Color::WHITE)];
        let mut font_styles = vec![FontStyle::empty()];
        for item in &theme.scopes {
            push_new(&mut fgs, item.style.foreground);
            push_new(&mut bgs, item.style.background);
            push_new(&mut font_styles, item.style.font_style);
        }
        ThemeTable {
            fgs,
            bgs,
            font_styles,
        }
    }

    /// The style of plain text.
    pub fn default_style(&self) -> Style {
        self.style(0)
    }

    /// How many styles there are.
    pub fn len(&self) -> u32 {
        (self.fgs.len() * self.bgs.len() * self.font_styles.len()) as u32
    }

    /// Never empty: the default style is always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The number of `style`, or `None` if the theme cannot produce it.
    pub fn id(&self, style: Style) -> Option<u32> {
        let fg = self.fgs.iter().position(|c| *c == style.foreground)?;
        let bg = self.bgs.iter().position(|c| *c == style.background)?;
        let fs = self
            .font_styles
            .iter()
            .position(|f| *f == style.font_style)?;
        Some(((fg * self.bgs.len() + bg) * self.font_styles.len() + fs) as u32)
    }

    /// The style numbered `id`.
    pub fn style(&self, id: u32) -> Style {
        let id = id as usize;
        let fs = id % self.font_styles.len();
        let rest = id / self.font_styles.len();
        Style {
            foreground: self.fgs[rest / self.bgs.len()],
            background: self.bgs[rest % self.bgs.len()],
            font_style: self.font_styles[fs],
        }
    }

    /// Whether whitespace looks the same in style `id` as in the default style (no background,
    /// no underline): such whitespace may join any neighbouring span, or none.
    pub fn blank_is_plain(&self, id: u32) -> bool {
        let s = self.style(id);
        s.background == self.bgs[0] && !s.font_style.contains(FontStyle::UNDERLINE)
    }

    /// CSS declarations that turn the default style into style `id`; empty for the default.
    pub fn declarations(&self, id: u32) -> String {
        let s = self.style(id);
        let mut d = String::new();
        if s.foreground != self.fgs[0] {
            let _ = write!(d, "color:{};", hex(s.foreground));
        }
        if s.background != self.bgs[0] {
            let _ = write!(d, "background-color:{};", hex(s.background));
        }
        if s.font_style.contains(FontStyle::BOLD) {
            d.push_str("font-weight:bold;");
        }
        if s.font_style.contains(FontStyle::ITALIC) {
            d.push_str("font-style:italic;");
        }
        if s.font_style.contains(FontStyle::UNDERLINE) {
            d.push_str("text-decoration:underline;");
        }
        d
    }

    fn identity(&self, out: &mut String) {
        for c in self.fgs.iter().chain(&self.bgs) {
            out.push_str(&hex(*c));
        }
        for f in &self.font_styles {
            let _ = write!(out, ",{}", f.bits());
        }
        out.push(';');
    }
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: Option<T>) {
    if let Some(item) = item {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// `#rrggbb`, or `#rrggbbaa` for a translucent colour.
pub fn hex(c: Color) -> String {
    if c.a == 0xff {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// A class name, stored inline: `hl-` and at most 8 base-36 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassName {
    bytes: [u8; 11],
    len: u8,
}

impl ClassName {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever written into `bytes`.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

/// The class of a token: its name, and whether whitespace may join or leave it freely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Class {
    /// `None` for plain text (the default style in both themes).
    pub name: Option<ClassName>,
    /// Whitespace in this class looks like plain whitespace.
    pub blank_is_plain: bool,
}

/// The class vocabulary of a light and a dark theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classes {
    /// The light theme's styles.
    pub light: ThemeTable,
    /// The dark theme's styles.
    pub dark: ThemeTable,
    light_width: usize,
    dark_width: usize,
}

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn width(n: u32) -> usize {
    let (mut w, mut cap) = (1, 36u64);
    while u64::from(n) > cap {
        w += 1;
        cap *= 36;
    }
    w
}

impl Classes {
    /// The vocabulary of two (contrast-adjusted) themes.
    pub fn new(light: &Theme, dark: &Theme) -> Classes {
        let (light, dark) = (ThemeTable::new(light), ThemeTable::new(dark));
        let (light_width, dark_width) = (width(light.len()), width(dark.len()));
        assert!(light_width + dark_width <= 8, "theme with too many styles");
        Classes {
            light,
            dark,
            light_width,
            dark_width,
        }
    }

    /// The class of a token styled `light` in the light theme and `dark` in the dark one.
    /// `None` when a theme cannot produce that style (never, for styles its syntect
    /// `Highlighter` computed).
    pub fn class(&self, light: Style, dark: Style) -> Option<Class> {
        let (l, d) = (self.light.id(light)?, self.dark.id(dark)?);
        Some(self.class_of(l, d))
    }

    /// The class of light style `l` and dark style `d`.
    pub fn class_of(&self, l: u32, d: u32) -> Class {
        let blank_is_plain = self.light.blank_is_plain(l) && self.dark.blank_is_plain(d);
        if l == 0 && d == 0 {
            return Class {
                name: None,
                blank_is_plain,
            };
        }
        let mut bytes = [0u8; 11];
        bytes[..3].copy_from_slice(b"hl-");
        let mut len = 3;
        for (id, w) in [(l, self.light_width), (d, self.dark_width)] {
            for i in (0..w).rev() {
                bytes[len] = DIGITS[(id / 36u32.pow(i as u32) % 36) as usize];
                len += 1;
            }
        }
        Class {
            name: Some(ClassName {
                bytes,
                len: len as u8,
            }),
            blank_is_plain,
        }
    }

    /// The light and dark style numbers of a class name made by [`Classes::class_of`].
    pub fn ids_of(&self, name: &str) -> Option<(u32, u32)> {
        let digits = name.strip_prefix("hl-")?;
        if digits.len() != self.light_width + self.dark_width {
            return None;
        }
        let parse = |s: &str| u32::from_str_radix(s, 36).ok();
        Some((
            parse(&digits[..self.light_width])?,
            parse(&digits[self.light_width..])?,
        ))
    }

    fn selector(&self, dark: bool, id: u32) -> String {
        let name = self.class_of(if dark { 0 } else { id }, if dark { id } else { 0 });
        let name = name
            .name
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        if dark {
            format!(
                ".hl-code span[class^=\"hl-\"][class$=\"{}\"]",
                &name[name.len() - self.dark_width..]
            )
        } else {
            format!(
                ".hl-code span[class^=\"{}\"]",
                &name[..3 + self.light_width]
            )
        }
    }

    /// The rules of one theme: the code block's colours, then one rule per style.
    pub fn css(&self, dark: bool) -> String {
        let table = if dark { &self.dark } else { &self.light };
        let base = table.default_style();
        let mut css = format!(
            ".hl-code {{ color: {}; background-color: {}; }}\n",
            hex(base.foreground),
            hex(base.background)
        );
        for id in 1..table.len() {
            let d = table.declarations(id);
            if !d.is_empty() {
                let _ = writeln!(css, "{} {{ {d} }}", self.selector(dark, id));
            }
        }
        css
    }

    /// A text that changes whenever any class could be styled differently.
    pub fn identity(&self) -> String {
        let mut s = format!("{}.{};", self.light_width, self.dark_width);
        self.light.identity(&mut s);
        self.dark.identity(&mut s);
        s
    }
}
