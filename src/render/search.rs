//! The search index: built at build time, read by `static/js/search.js` in the browser.
//!
//! Layout, all JSON under `search/`:
//! - `meta.json`: `{"docs": N, "chunk": C, "shards": ["ab", ...]}`;
//! - `docs-K.json`: documents K*C .. K*C+C-1 as `[title, url, description]`;
//! - `t/<shard>.json`: `{"term": [doc, score, doc, score, ...]}` for the terms whose first two
//!   characters make the shard name (letters and digits; anything else becomes `_`).
//!
//! A query loads only the shards of its words' first two letters, so the client downloads a
//! small part of the index however large the site is. Words match by prefix in the client,
//! which also stands in for stemming ("revoc" finds "revocation", "revoked").

use std::collections::{BTreeMap, HashMap};

use crate::index::Site;
use crate::render::Output;

/// Documents per `docs-K.json` file.
pub const DOC_CHUNK: usize = 500;

const TITLE_WEIGHT: u32 = 10;
const HEADING_WEIGHT: u32 = 5;
const DESCRIPTION_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// Cap on one word's score in one document, so a word repeated 200 times doesn't drown the rest.
const MAX_SCORE: u32 = 60;

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

/// The shard a word belongs to.
pub fn shard_of(word: &str) -> String {
    word.chars()
        .take(2)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Every file of the index for the articles and tools of `site`.
pub fn index_files(site: &Site) -> Vec<Output> {
    let mut docs: Vec<[&str; 3]> = Vec::new();
    let mut postings: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for p in &site.pages {
        let r = &p.rendered;
        add_doc(
            &mut docs,
            &mut postings,
            [&p.article.title, &p.url, &p.article.description],
            &r.headings,
            &r.text,
        );
    }
    for t in &site.tools {
        add_doc(
            &mut docs,
            &mut postings,
            [&t.tool.title, &t.url, &t.tool.description],
            &t.rendered.headings,
            &t.rendered.text,
        );
    }
    let mut out = Vec::new();
    let shards: Vec<&String> = postings.keys().collect();
    let meta = serde_json::json!({ "docs": docs.len(), "chunk": DOC_CHUNK, "shards": shards });
    out.push(Output {
        path: "search/meta.json".into(),
        html: meta.to_string(),
    });
    for (k, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        out.push(Output {
            path: format!("search/docs-{k}.json"),
            html: serde_json::to_string(chunk).unwrap_or_default(),
        });
    }
    for (shard, terms) in &postings {
        out.push(Output {
            path: format!("search/t/{shard}.json"),
            html: serde_json::to_string(terms).unwrap_or_default(),
        });
    }
    out
}

type Postings = BTreeMap<String, BTreeMap<String, Vec<u32>>>;

fn add_doc<'a>(
    docs: &mut Vec<[&'a str; 3]>,
    postings: &mut Postings,
    doc: [&'a String; 3],
    headings: &[String],
    body: &str,
) {
    let id = docs.len() as u32;
    docs.push([doc[0].as_str(), doc[1].as_str(), doc[2].as_str()]);
    let mut scores: HashMap<String, u32> = HashMap::new();
    for (text, weight) in [
        (doc[0].as_str(), TITLE_WEIGHT),
        (doc[2].as_str(), DESCRIPTION_WEIGHT),
        (body, BODY_WEIGHT),
    ] {
        for w in words(text) {
            *scores.entry(w).or_default() += weight;
        }
    }
    for h in headings {
        for w in words(h) {
            *scores.entry(w).or_default() += HEADING_WEIGHT;
        }
    }
    for (word, score) in scores {
        let list = postings
            .entry(shard_of(&word))
            .or_default()
            .entry(word)
            .or_default();
        list.push(id);
        list.push(score.min(MAX_SCORE));
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
    fn shards_are_safe_file_names() {
        assert_eq!(shard_of("revocation"), "re");
        assert_eq!(shard_of("ünïcode"), "_n");
        assert_eq!(shard_of("x"), "x");
    }
}
