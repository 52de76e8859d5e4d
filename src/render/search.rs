//! The search index: built at build time, read by `static/js/search.js` in the browser.
//!
//! Layout, all JSON under `search/`:
//! - `meta.json`: `{"docs": N, "chunk": C, "shards": ["a", "re", "rev", ...]}`: the prefix of
//!   every shard; shard `i` is `t/i.json`;
//! - `docs-K.json`: documents K*C .. K*C+C-1 as `[title, url, description]`;
//! - `t/I.json`: `{"term": [doc, score, doc, score, ...]}` for the terms of shard I. Doc numbers
//!   are delta-coded (each is the difference from the previous one), which keeps them short.
//!
//! A term lives in the shard with the longest prefix that starts it. Shards start as the
//! terms' first two characters and are split by one more character while they are larger than
//! [`SHARD_BYTES`], so a query downloads a few small files however large the site is: the
//! shards whose prefix starts the query word or that the query word starts. Words match by
//! prefix in the client, which also stands in for stemming ("revoc" finds "revocation").

use std::collections::{BTreeMap, HashMap};

use crate::index::Site;
use crate::render::Output;

/// Documents per `docs-K.json` file.
pub const DOC_CHUNK: usize = 500;
/// A shard larger than this (in bytes of JSON, roughly) is split by one more character.
pub const SHARD_BYTES: usize = 48 * 1024;
/// Shard prefixes never grow longer than this.
const MAX_PREFIX: usize = 8;

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

/// Term → `[doc, score, doc, score, ...]` with absolute, ascending doc numbers.
type Postings = BTreeMap<String, Vec<u32>>;

/// Every file of the index for the articles and tools of `site`.
pub fn index_files(site: &Site) -> Vec<Output> {
    let mut docs: Vec<[&str; 3]> = Vec::new();
    let mut postings = Postings::new();
    for p in &site.pages {
        let doc = [
            p.article.title.as_str(),
            p.url.as_str(),
            p.article.description.as_str(),
        ];
        add_doc(
            &mut docs,
            &mut postings,
            doc,
            &p.rendered.headings,
            &p.rendered.text,
        );
    }
    for t in &site.tools {
        let doc = [
            t.tool.title.as_str(),
            t.url.as_str(),
            t.tool.description.as_str(),
        ];
        add_doc(
            &mut docs,
            &mut postings,
            doc,
            &t.rendered.headings,
            &t.rendered.text,
        );
    }
    let shards = shard(&postings);
    let prefixes: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
    let meta = serde_json::json!({ "docs": docs.len(), "chunk": DOC_CHUNK, "shards": prefixes });
    let mut out = vec![Output {
        path: "search/meta.json".into(),
        html: meta.to_string(),
    }];
    for (k, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let html = serde_json::to_string(chunk).unwrap_or_default();
        out.push(Output {
            path: format!("search/docs-{k}.json"),
            html,
        });
    }
    for (i, (_, terms)) in shards.iter().enumerate() {
        let coded: BTreeMap<&str, Vec<u32>> = terms
            .iter()
            .map(|t| (t.as_str(), delta(&postings[t])))
            .collect();
        let html = serde_json::to_string(&coded).unwrap_or_default();
        out.push(Output {
            path: format!("search/t/{i}.json"),
            html,
        });
    }
    out
}

fn add_doc<'a>(
    docs: &mut Vec<[&'a str; 3]>,
    postings: &mut Postings,
    doc: [&'a str; 3],
    headings: &[String],
    body: &str,
) {
    let id = docs.len() as u32;
    let mut scores: HashMap<String, u32> = HashMap::new();
    for (text, weight) in [
        (doc[0], TITLE_WEIGHT),
        (doc[2], DESCRIPTION_WEIGHT),
        (body, BODY_WEIGHT),
    ] {
        for w in words(text) {
            *scores.entry(w).or_default() += weight;
        }
    }
    for w in headings.iter().flat_map(|h| words(h)) {
        *scores.entry(w).or_default() += HEADING_WEIGHT;
    }
    docs.push(doc);
    for (word, score) in scores {
        let list = postings.entry(word).or_default();
        list.push(id);
        list.push(score.min(MAX_SCORE));
    }
}

/// Groups the terms into shards: `(prefix, terms)`, sorted by prefix.
fn shard(postings: &Postings) -> Vec<(String, Vec<String>)> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for term in postings.keys() {
        groups
            .entry(term.chars().take(2).collect())
            .or_default()
            .push(term.clone());
    }
    let mut out = Vec::new();
    for (prefix, terms) in groups {
        split(prefix, terms, postings, &mut out);
    }
    out.sort();
    out
}

/// Keeps `terms` as one shard if it is small enough, else splits it by one more character;
/// terms no longer than the prefix stay in the parent shard.
fn split(
    prefix: String,
    terms: Vec<String>,
    postings: &Postings,
    out: &mut Vec<(String, Vec<String>)>,
) {
    let size: usize = terms.iter().map(|t| t.len() + 6 * postings[t].len()).sum();
    let depth = prefix.chars().count();
    if size <= SHARD_BYTES || depth >= MAX_PREFIX {
        out.push((prefix, terms));
        return;
    }
    let mut parent = Vec::new();
    let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for t in terms {
        if t.chars().count() <= depth {
            parent.push(t);
        } else {
            children
                .entry(t.chars().take(depth + 1).collect())
                .or_default()
                .push(t);
        }
    }
    if !parent.is_empty() {
        out.push((prefix, parent));
    }
    for (child, terms) in children {
        split(child, terms, postings, out);
    }
}

/// Delta-codes the doc numbers of `[doc, score, ...]`.
fn delta(list: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    list.chunks(2)
        .flat_map(|pair| {
            let d = pair[0] - prev;
            prev = pair[0];
            [d, pair[1]]
        })
        .collect()
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
    fn doc_numbers_are_delta_coded() {
        assert_eq!(delta(&[3, 10, 7, 1, 20, 5]), vec![3, 10, 4, 1, 13, 5]);
    }

    #[test]
    fn big_shards_split_by_one_more_character_and_short_terms_stay() {
        let mut postings = Postings::new();
        let many: Vec<u32> = (0..SHARD_BYTES as u32).flat_map(|d| [d, 1]).collect();
        postings.insert("re".into(), vec![0, 1]);
        postings.insert("rev".into(), many.clone());
        postings.insert("rea".into(), vec![1, 1]);
        postings.insert("zz".into(), vec![2, 1]);
        let shards = shard(&postings);
        let names: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["re", "rea", "rev", "zz"]);
        assert_eq!(shards[0].1, ["re"]);
        let all: usize = shards.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(all, 4, "every term in exactly one shard");
    }
}
