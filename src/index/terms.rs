//! The words of a document for the search index, scored: computed while a body is parsed and
//! kept instead of its text (about a third of its size), so the whole site's prose need not be
//! held until the search index is written.

use rustc_hash::FxHashMap;
use std::borrow::Cow;

const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 5;
const DESCRIPTION_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// Words found only in code blocks: present, and no more.
const CODE_WEIGHT: u32 = 1;
/// Cap on one word's score in one document, so a word repeated 200 times doesn't drown the rest.
pub const MAX_SCORE: u32 = 60;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "than", "that", "the", "their",
    "then", "there", "these", "this", "to", "was", "we", "were", "will", "with", "you", "your",
];

/// The words of `text`, lower-cased, stop words included: runs of alphanumeric characters, at
/// least two long. Most words are already lower-case ASCII: those are borrowed, not copied.
fn raw_words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let start = rest.len() - rest.trim_start_matches(|c: char| !is_word_char(c)).len();
        rest = &rest[start..];
        if rest.is_empty() {
            return None;
        }
        let len = rest.len() - rest.trim_start_matches(is_word_char).len();
        let (word, tail) = rest.split_at(len);
        rest = tail;
        if word.len() >= 2 && (word.is_ascii() || word.chars().count() >= 2) {
            return Some(lower(word));
        }
    })
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

fn lower(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// Whether a word of code is worth finding: it has a letter and is not a long number or hash
/// (`0x1f`, `a3f9c2e1d4`), which only grow the index.
fn is_identifier(w: &str) -> bool {
    let digits = w.chars().filter(char::is_ascii_digit).count();
    digits * 3 <= w.chars().count() && w.chars().count() <= 40
}

fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.binary_search(&w).is_ok()
}

/// The scored words of one document: title, description, headings and body.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocTerms {
    /// The distinct words, each followed by `\n`.
    words: String,
    /// Each word's score, capped at [`MAX_SCORE`].
    scores: Vec<u8>,
}

impl DocTerms {
    /// Scores the words of a document's title, description, headings and body.
    pub fn new(title: &str, description: &str, headings: &[String], body: &str) -> DocTerms {
        // Stop words are counted like the rest and dropped once, from the distinct words.
        let distinct = (body.len() / 24).clamp(16, 4096);
        let mut scores: FxHashMap<Cow<'_, str>, u32> =
            FxHashMap::with_capacity_and_hasher(distinct, Default::default());
        for (text, weight) in [
            (title, TITLE_WEIGHT),
            (description, DESCRIPTION_WEIGHT),
            (body, BODY_WEIGHT),
        ] {
            for w in raw_words(text) {
                *scores.entry(w).or_default() += weight;
            }
        }
        for w in headings.iter().flat_map(|h| raw_words(h)) {
            *scores.entry(w).or_default() += HEADING_WEIGHT;
        }
        // In no particular order: the index sorts the words of the whole site once.
        let kept = scores.into_iter().filter(|(w, _)| !is_stop_word(w));
        let mut terms = DocTerms::default();
        for (w, score) in kept {
            terms.words.push_str(&w);
            terms.words.push('\n');
            terms.scores.push(score.min(MAX_SCORE) as u8);
        }
        terms
    }

    /// Adds the words of code blocks that the prose lacks, with the lowest score: an
    /// identifier (`cookieParser`, the `verify` of `jwt.verify`) is found, and a word the
    /// prose uses ranks by the prose alone.
    pub fn with_code(mut self, code: &str) -> DocTerms {
        if code.is_empty() {
            return self;
        }
        let known: rustc_hash::FxHashSet<&str> = self.words.split_terminator('\n').collect();
        let mut added: rustc_hash::FxHashSet<Cow<'_, str>> = Default::default();
        for w in raw_words(code) {
            if !known.contains(w.as_ref()) && !is_stop_word(&w) && is_identifier(&w) {
                added.insert(w);
            }
        }
        let mut added: Vec<_> = added.into_iter().collect();
        added.sort();
        for w in added {
            self.words.push_str(&w);
            self.words.push('\n');
            self.scores.push(CODE_WEIGHT as u8);
        }
        self
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

    /// The definition `raw_words` must keep: split on non-alphanumerics, two characters or
    /// more, lower-cased.
    fn plain_words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(str::to_lowercase)
            .collect()
    }

    fn fast_words(text: &str) -> Vec<String> {
        raw_words(text).map(Cow::into_owned).collect()
    }

    #[test]
    fn words_match_the_plain_definition() {
        let text = "İstanbul's ΑΘΗΝΑ x2 9 ab_cd résumé—naïve 日本語 a1 Ⅻ ǅx";
        assert_eq!(fast_words(text), plain_words(text));
    }

    proptest::proptest! {
        #[test]
        fn words_match_the_plain_definition_for_any_text(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(fast_words(&text), plain_words(&text));
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop_word("the") && is_stop_word("your") && !is_stop_word("jwt"));
    }

    #[test]
    fn words_are_lowercased_and_filtered() {
        let w: Vec<_> = raw_words("The JWT's revocation-list, a b c Ünïcode")
            .filter(|w| !is_stop_word(w))
            .collect();
        assert_eq!(w, vec!["jwt", "revocation", "list", "ünïcode"]);
    }

    #[test]
    fn code_adds_only_words_the_prose_lacks_at_the_lowest_score() {
        let t = DocTerms::new("Cookies", "", &[], "parse the cookie")
            .with_code("app.use(cookieParser());\njwt.verify(token, key, 0x1f2e3d4c)\ncookie");
        let mut all: Vec<(&str, u32)> = t.iter().collect();
        all.sort();
        assert_eq!(
            all,
            [
                ("app", 1),
                ("cookie", 1),
                ("cookieparser", 1),
                ("cookies", 10),
                ("jwt", 1),
                ("key", 1),
                ("parse", 1),
                ("token", 1),
                ("use", 1),
                ("verify", 1),
            ]
        );
    }

    #[test]
    fn terms_add_their_weights_and_are_capped() {
        let heads = vec!["Revocation".to_string()];
        let t = DocTerms::new("JWT revocation", "About JWT", &heads, "jwt jwt revocation");
        let mut all: Vec<(&str, u32)> = t.iter().collect();
        all.sort();
        assert_eq!(all, [("about", 3), ("jwt", 15), ("revocation", 16)]);
        let body = "token ".repeat(500);
        assert_eq!(
            DocTerms::new("", "", &[], &body).iter().next(),
            Some(("token", MAX_SCORE))
        );
    }
}
