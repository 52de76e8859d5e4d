//! The words of a document for the search index, scored: computed while a body is parsed and
//! kept instead of its text (about a third of its size), so the whole site's prose need not be
//! held until the search index is written.

use std::collections::HashMap;

const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 5;
const DESCRIPTION_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// Cap on one word's score in one document, so a word repeated 200 times doesn't drown the rest.
pub const MAX_SCORE: u32 = 60;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their",
    "then", "there", "these", "this", "to", "was", "we", "were", "will", "with", "you", "your",
];

/// Splits text into index words: lower-case runs of letters and digits, at least two long.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// The scored words of one document: title, description, headings and body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocTerms {
    /// The distinct words, sorted, each followed by `\n`.
    words: String,
    /// Each word's score, capped at [`MAX_SCORE`].
    scores: Vec<u8>,
}

impl DocTerms {
    /// Scores the words of a document's title, description, headings and body.
    pub fn new(title: &str, description: &str, headings: &[String], body: &str) -> DocTerms {
        let mut scores: HashMap<String, u32> = HashMap::new();
        for (text, weight) in [
            (title, TITLE_WEIGHT),
            (description, DESCRIPTION_WEIGHT),
            (body, BODY_WEIGHT),
        ] {
            for w in words(text) {
                *scores.entry(w).or_default() += weight;
            }
        }
        for w in headings.iter().flat_map(|h| words(h)) {
            *scores.entry(w).or_default() += HEADING_WEIGHT;
        }
        let mut sorted: Vec<(String, u32)> = scores.into_iter().collect();
        sorted.sort_unstable();
        let mut terms = DocTerms {
            words: String::with_capacity(sorted.iter().map(|(w, _)| w.len() + 1).sum()),
            scores: Vec::with_capacity(sorted.len()),
        };
        for (w, score) in sorted {
            terms.words.push_str(&w);
            terms.words.push('\n');
            terms.scores.push(score.min(MAX_SCORE) as u8);
        }
        terms
    }

    /// Each word with its score, words in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .split_terminator('\n')
            .zip(self.scores.iter().map(|&s| u32::from(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_and_filtered() {
        let w: Vec<String> = words("The JWT's revocation-list, a b c Ünïcode").collect();
        assert_eq!(w, vec!["jwt", "revocation", "list", "ünïcode"]);
    }

    #[test]
    fn terms_add_their_weights_and_are_capped() {
        let heads = vec!["Revocation".to_string()];
        let t = DocTerms::new("JWT revocation", "About JWT", &heads, "jwt jwt revocation");
        let all: Vec<(&str, u32)> = t.iter().collect();
        assert_eq!(all, [("about", 3), ("jwt", 15), ("revocation", 16)]);
        let body = "token ".repeat(500);
        assert_eq!(
            DocTerms::new("", "", &[], &body).iter().next(),
            Some(("token", MAX_SCORE))
        );
    }
}
