//! Backgrounds of marked lines (`hl`, `ins`, `del`) for each theme, and their CSS.
//!
//! They are tints of the theme's own code background, and the token colours are adjusted so
//! every token keeps a 4.5:1 contrast on the plain background and on each tint (see
//! `with_readable_contrast` in the parent module): marking a line never makes its code harder
//! to read.

use std::fmt::Write as _;
use syntect::highlighting::Color;

use super::{luminance, mix};
use crate::highlight::classes::hex;

/// The tints, on a light background and on a dark one: (class, colour, share of the colour).
const LIGHT: [(&str, Color, f64); 3] = [
    ("hl", rgb(0xf9, 0xd9, 0x49), 0.22),
    ("ins", rgb(0x2d, 0xa4, 0x4e), 0.14),
    ("del", rgb(0xcf, 0x22, 0x2e), 0.12),
];
const DARK: [(&str, Color, f64); 3] = [
    ("hl", rgb(0xe3, 0xb3, 0x41), 0.16),
    ("ins", rgb(0x3f, 0xb9, 0x50), 0.16),
    ("del", rgb(0xf8, 0x51, 0x49), 0.16),
];

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

fn tints(bg: Color) -> [(&'static str, Color, Color); 3] {
    let table = if luminance(bg) > 0.5 { LIGHT } else { DARK };
    table.map(|(class, colour, share)| (class, mix(bg, colour, share), colour))
}

/// The background of each kind of marked line on code background `bg`.
pub fn backgrounds(bg: Color) -> [Color; 3] {
    tints(bg).map(|(_, tint, _)| tint)
}

/// Rules for marked lines on code background `bg`: the tint, and a bar in the mark's colour
/// at the line's left edge, so a highlighted line is not shown by its background alone.
pub fn css(bg: Color) -> String {
    let mut css = String::new();
    for (class, tint, colour) in tints(bg) {
        let _ = writeln!(
            css,
            ".hl-code .line.{class} {{ background-color: {}; box-shadow: inset 3px 0 {}; }}",
            hex(tint),
            hex(colour)
        );
    }
    css
}
