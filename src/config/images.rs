//! `images:` in `config.yaml`: the widths of the resized variants made for every image in
//! Markdown, the size over which an image is worth a warning, and the social cards (whether
//! to make them, and a folder of fonts for them).

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::yaml::YamlBlock;

/// `images:` as written.
#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(super) struct RawImages {
    widths: Vec<u32>,
    max_bytes: u64,
    cards: bool,
    card_fonts: Option<String>,
}

impl Default for RawImages {
    fn default() -> Self {
        let d = Images::default();
        Self {
            widths: d.widths,
            max_bytes: d.max_bytes,
            cards: d.cards,
            card_fonts: None,
        }
    }
}

/// The checked `images:` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Images {
    /// Widths of the resized variants, ascending, without duplicates; an image gets those
    /// narrower than itself.
    pub widths: Vec<u32>,
    /// An image file larger than this is a warning.
    pub max_bytes: u64,
    /// Make a social card (`card.png`) for every article and page without an image of its own.
    pub cards: bool,
    /// A folder of fonts for the cards (relative to the site root), searched before the
    /// system's.
    pub card_fonts: Option<String>,
}

impl Default for Images {
    fn default() -> Self {
        Self {
            widths: vec![480, 960, 1440],
            max_bytes: 5_000_000,
            cards: true,
            card_fonts: None,
        }
    }
}

/// Narrower variants save little; wider ones than a large screen needs cost build time.
const WIDTHS: std::ops::RangeInclusive<u32> = 16..=4096;

/// Checks `images:`, with each problem at the line of its key.
pub(super) fn check(block: &YamlBlock<'_>, raw: RawImages) -> Result<Images, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    if let Some(w) = raw.widths.iter().find(|w| !WIDTHS.contains(w)) {
        problems.push(nested_error(
            block,
            "widths",
            &format!(
                "expected widths in pixels from {} to {}, found {w}",
                WIDTHS.start(),
                WIDTHS.end()
            ),
        ));
    }
    if raw.max_bytes == 0 {
        problems.push(nested_error(block, "max_bytes", "must be at least 1"));
    }
    let card_fonts = raw
        .card_fonts
        .map(|f| f.trim().trim_end_matches('/').to_string());
    if card_fonts
        .as_deref()
        .is_some_and(|f| f.is_empty() || f.starts_with('/') || f.split('/').any(|p| p == ".."))
    {
        problems.push(nested_error(
            block,
            "card_fonts",
            "expected a folder inside the site, such as `fonts`",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut widths = raw.widths;
    widths.sort_unstable();
    widths.dedup();
    Ok(Images {
        widths,
        max_bytes: raw.max_bytes,
        cards: raw.cards,
        card_fonts,
    })
}

/// A problem with `images.<key>`, at that key's line and column under `images:`.
fn nested_error(block: &YamlBlock<'_>, key: &str, message: &str) -> Diagnostic {
    let start = block.key_line("images").unwrap_or(block.first_line);
    let found = block
        .file_text
        .lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| l.starts_with(' ') || l.trim().is_empty())
        .find_map(|(i, l)| {
            let column = l.find(&format!("{key}:"))?;
            Some((i + 1, column + 1))
        });
    let (line, column) = found.unwrap_or((start, 1));
    block.diagnostic(line, column, &format!("`images.{key}`: {message}"))
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::error::Error;

    #[test]
    fn widths_are_sorted_and_bad_ones_refused_at_their_line() {
        let c = Config::parse("title: x\nimages:\n  widths: [960, 480, 960]\n").unwrap();
        assert_eq!(c.images.widths, [480, 960]);
        assert_eq!(c.images.max_bytes, 5_000_000);
        let Err(Error::Diagnostics(d)) =
            Config::parse("title: x\nimages:\n  max_bytes: 10\n  widths: [480, 9000]\n")
        else {
            panic!("expected an error")
        };
        assert_eq!((d[0].line, d[0].column), (Some(4), Some(3)));
        assert!(d[0].message.contains("found 9000"), "{}", d[0].message);
    }

    #[test]
    fn cards_are_on_by_default_and_their_font_folder_stays_inside_the_site() {
        let c = Config::parse("title: x\n").unwrap();
        assert!(c.images.cards);
        assert_eq!(c.images.card_fonts, None);
        let c = Config::parse("title: x\nimages:\n  cards: false\n  card_fonts: fonts/\n").unwrap();
        assert!(!c.images.cards);
        assert_eq!(c.images.card_fonts.as_deref(), Some("fonts"));
        let Err(Error::Diagnostics(d)) =
            Config::parse("title: x\nimages:\n  card_fonts: ../fonts\n")
        else {
            panic!("expected an error")
        };
        assert_eq!((d[0].line, d[0].column), (Some(3), Some(3)));
    }
}
