//! A card's title laid out in a box: broken into lines where a line may break (at spaces, and
//! between the characters of Chinese and Japanese, which use none), at the largest font size
//! from `size` down to `min_size` at which it fits in `max_lines`; at `min_size` a title still
//! too long is cut with "…". No line is ever wider than the box.
//!
//! Widths come from a `measure` function: the real widths of texts at [`MEASURE_SIZE`], as
//! the card's renderer lays them out with its fonts (see `draw::measure`), many at once. A
//! text's width is proportional to its font size (the renderer does no hinting), and a line is
//! as wide as its pieces side by side (the last one without its space), so each piece is
//! measured once, in one call, whatever the number of sizes tried.

use std::ops::Range;

/// The size at which lines are measured; other sizes are scaled from it.
pub const MEASURE_SIZE: f32 = 100.0;

/// What to fit, and where.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Widest a line may be, in pixels.
    pub width: f32,
    /// Font size to start from.
    pub size: f32,
    /// Smallest font size to shrink to.
    pub min_size: f32,
    /// Most lines.
    pub max_lines: usize,
}

/// A text laid out: its lines and their font size.
#[derive(Debug, Clone, PartialEq)]
pub struct Wrapped {
    /// The lines, in reading order, without spaces at their ends.
    pub lines: Vec<String>,
    /// The font size they fit at.
    pub size: f32,
}

/// Lays out `text` in `b`; `measure(texts)` gives the width of each text at [`MEASURE_SIZE`].
pub fn wrap(text: &str, b: Frame, measure: impl Fn(&[String]) -> Vec<f32>) -> Wrapped {
    let pieces = pieces(text);
    let mut texts = pieces.clone();
    texts.extend(pieces.iter().map(|p| p.trim_end().to_string()));
    let mut widths = measure(&texts);
    widths.resize(texts.len(), 0.0);
    let (full, trimmed) = widths.split_at(pieces.len());
    let one = |s: &str| measure(&[s.to_string()]).first().copied().unwrap_or(0.0);
    let max_lines = b.max_lines.max(1);
    let min_size = b.min_size.clamp(1.0, b.size.max(1.0));
    let mut size = b.size.max(min_size);
    loop {
        let scale = size / MEASURE_SIZE;
        let measured = Measured {
            pieces: &pieces,
            full,
            trimmed,
            limit: b.width / scale,
        };
        let lines = measured.lines(&one);
        if lines.len() <= max_lines || size <= min_size {
            let lines = if lines.len() > max_lines {
                cut(lines, max_lines, |l| one(l) <= measured.limit)
            } else {
                lines
            };
            return Wrapped { lines, size };
        }
        // Steps of a tenth: few enough to be quick, close enough to fill the box.
        size = (size * 0.9).max(min_size);
    }
}

/// The pieces of a text with their widths at [`MEASURE_SIZE`], and the widest a line may be
/// at that size.
struct Measured<'a> {
    pieces: &'a [String],
    /// Each piece's width, its space included.
    full: &'a [f32],
    /// Each piece's width without its space, as the last piece of a line.
    trimmed: &'a [f32],
    limit: f32,
}

impl Measured<'_> {
    /// Greedy lines: as many pieces on each line as fit; a piece too wide for a line of its
    /// own is split between characters (measured one candidate at a time, a rare case).
    fn lines(&self, one: &dyn Fn(&str) -> f32) -> Vec<String> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut sum = 0.0;
        for i in 0..self.pieces.len() {
            if sum + self.trimmed[i] <= self.limit {
                sum += self.full[i];
                continue;
            }
            if start < i {
                out.push(self.text(start..i));
            }
            start = i;
            sum = self.full[i];
            if self.trimmed[i] > self.limit {
                out.extend(split(&self.pieces[i], |l| one(l) <= self.limit));
                start = i + 1;
                sum = 0.0;
            }
        }
        if start < self.pieces.len() {
            out.push(self.text(start..self.pieces.len()));
        }
        out
    }

    fn text(&self, range: Range<usize>) -> String {
        self.pieces[range].concat().trim_end().to_string()
    }
}

/// A piece too wide for a line, in lines of as many characters as fit.
fn split(piece: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for unit in units(piece.trim_end()) {
        let candidate = format!("{line}{unit}");
        if line.is_empty() || fits(&candidate) {
            line = candidate;
        } else {
            out.push(std::mem::replace(&mut line, unit));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The text in pieces after which a line may break: words with the space after them, and each
/// character of a script written without spaces.
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            if !current.is_empty() && !current.ends_with(' ') {
                current.push(' ');
            }
            continue;
        }
        if current.ends_with(' ') {
            out.push(std::mem::take(&mut current));
        }
        let after_opening = current.chars().last().is_some_and(is_opening);
        if breaks_around(c) && !current.is_empty() && !is_closing(c) && !after_opening {
            out.push(std::mem::take(&mut current));
        }
        current.push(c);
        let next_joins = chars
            .peek()
            .is_some_and(|&n| joins_previous(n) || is_closing(n));
        if breaks_around(c) && !next_joins && !is_opening(c) {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The first `max` lines, the last one ending with "…" and as long as fits with it (found by
/// halving, so a long line takes a few measurements, not one per character).
fn cut(mut lines: Vec<String>, max: usize, fits: impl Fn(&str) -> bool) -> Vec<String> {
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        let units = units(last);
        let with = |n: usize| format!("{}…", units[..n].concat().trim_end());
        // The most units that fit: `lo` always fits (none does, whatever the box).
        let (mut lo, mut hi) = (0, units.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(&with(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        *last = with(lo);
    }
    lines
}

/// A text in the units it may be split into: characters, with what joins a character (a
/// combining mark, a variation selector, a zero-width joiner and what follows it, a skin tone)
/// kept with it.
fn units(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut after_joiner = false;
    for c in text.chars() {
        match out.last_mut() {
            Some(last) if joins_previous(c) || after_joiner => last.push(c),
            _ => out.push(c.to_string()),
        }
        after_joiner = c == '\u{200d}';
    }
    out
}

/// Characters of scripts written without spaces, where a line may break between any two.
fn breaks_around(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF     // CJK radicals, Kangxi
        | 0x3000..=0x303F   // CJK punctuation
        | 0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3100..=0x31FF   // Bopomofo, Katakana extensions
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0xFF00..=0xFFEF   // full-width forms
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// Punctuation that must not start a line (、。」) and stays with the character before it.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '！'
            | '？'
            | '：'
            | '；'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
            | 'ー'
            | '…'
    ) || c.is_ascii_punctuation() && matches!(c, '.' | ',' | '!' | '?' | ':' | ';' | ')')
}

/// Punctuation that must not end a line (「（) and stays with the character after it.
fn is_opening(c: char) -> bool {
    matches!(c, '「' | '『' | '（' | '【' | '〈' | '《')
}

/// Characters that belong to the one before them.
fn joins_previous(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F      // combining diacritics
        | 0x0483..=0x0489
        | 0x0591..=0x05C7    // Hebrew points
        | 0x0610..=0x061A
        | 0x064B..=0x065F    // Arabic harakat
        | 0x0670
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x200D             // zero-width joiner
        | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F    // variation selectors
        | 0x1F3FB..=0x1F3FF  // skin tones
        | 0xE0020..=0xE007F  // tag characters (flags of regions)
    )
}

/// Whether `text` reads from right to left: its first letter is Hebrew, Arabic, Syriac,
/// Thaana or N'Ko.
pub fn is_rtl(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| {
            matches!(c as u32,
                0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is 50 wide at size 100 (so half the size in pixels).
    fn width(line: &str) -> f32 {
        line.chars().count() as f32 * 50.0
    }

    fn mono(texts: &[String]) -> Vec<f32> {
        texts.iter().map(|t| width(t)).collect()
    }

    fn b(width: f32, size: f32, min_size: f32, max_lines: usize) -> Frame {
        Frame {
            width,
            size,
            min_size,
            max_lines,
        }
    }

    #[test]
    fn breaks_at_spaces_and_between_cjk_characters() {
        assert_eq!(pieces("JWT  vs Session"), ["JWT ", "vs ", "Session"]);
        assert_eq!(
            pieces("日本語のタイトル"),
            ["日", "本", "語", "の", "タ", "イ", "ト", "ル"]
        );
        assert_eq!(
            pieces("「日本」です。OK"),
            ["「日", "本」", "で", "す。", "OK"]
        );
        assert_eq!(pieces("Rust 入門"), ["Rust ", "入", "門"]);
        assert_eq!(units("a👩‍💻b👍🏽"), ["a", "👩‍💻", "b", "👍🏽"]);
    }

    #[test]
    fn fills_lines_and_shrinks_before_it_cuts() {
        // 10 characters a line at size 20 (each 10 px wide) in a 100 px box.
        let w = wrap("aaaa bbbb cccc dddd", b(100.0, 20.0, 10.0, 2), mono);
        assert_eq!(w.lines, ["aaaa bbbb", "cccc dddd"]);
        assert_eq!(w.size, 20.0);
        // Three lines' worth at 20 → smaller until it fits in two.
        let w = wrap("aaaa bbbb cccc dddd eeee", b(100.0, 20.0, 10.0, 2), mono);
        assert_eq!(w.lines.len(), 2);
        assert!(w.size < 20.0 && w.size >= 10.0, "{}", w.size);
        // Far too long: cut at the smallest size, every line inside the box.
        let long = "word ".repeat(100);
        let w = wrap(&long, b(100.0, 20.0, 10.0, 3), mono);
        assert_eq!(w.size, 10.0);
        assert_eq!(w.lines.len(), 3);
        assert!(w.lines[2].ends_with('…'), "{:?}", w.lines);
        for l in &w.lines {
            assert!(width(l) * w.size / MEASURE_SIZE <= 100.0, "{l}");
        }
    }

    #[test]
    fn a_word_wider_than_the_box_is_split() {
        let w = wrap(&"x".repeat(25), b(100.0, 20.0, 20.0, 5), mono);
        assert_eq!(w.lines, ["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
        let w = wrap("", b(100.0, 20.0, 20.0, 5), mono);
        assert!(w.lines.is_empty());
    }

    #[test]
    fn right_to_left_titles_are_recognised() {
        assert!(is_rtl("«مرحبا» JWT"));
        assert!(is_rtl("שלום עולם"));
        assert!(!is_rtl("JWT: مرحبا"));
        assert!(!is_rtl("日本語"));
        assert!(!is_rtl("🚀 2026"));
    }
}
