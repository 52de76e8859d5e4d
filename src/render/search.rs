//! The search index: built at build time, read by `static/js/search.js` in the browser.
//!
//! Layout, all JSON under `search/`:
//! - `meta.json`: `{"docs": N, "chunk": C, "shards": ["a", "re", "rev", ...]}`: the prefix of
//!   every shard; shard `i` is `t/i.json`;
//! - `docs-K.json`: documents K*C .. K*C+C-1 as `[title, url, description]`;
//! - `t/I.json`: `{"term": [doc, score, doc, score, ...]}` for the terms of shard I. Doc numbers
//!   are delta-coded (each is the difference from the previous one), which keeps them short.
//!
//! - `p/I.json`: for a prefix that was split (`meta.tops[prefix]` is I), the [`TOP_DOCS`]
//!   documents that score best for a word still being typed: `{"#": {"prefix": P, "docs": N},
//!   "term": [doc, score, ...]}`, each document listed under its best term only, N the number
//!   of documents any term under P is in.
//!
//! A term lives in the shard with the longest prefix that starts it. Shards start as the
//! terms' first two characters and are split by one more character while they are larger than
//! [`SHARD_BYTES`], so a query downloads a few small files however large the site is: the
//! shards whose prefix starts the query word or that the query word starts. Words match by
//! prefix in the client, which also stands in for stemming ("revoc" finds "revocation").
//! A short word under which the terms were split many times ("co": over a hundred shards on
//! 10,000 articles) would download them all; the client takes its top file instead, which
//! ranks the best documents the same way.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

use crate::index::{DocTerms, Site};
use crate::render::Output;

/// Documents per `docs-K.json` file.
pub const DOC_CHUNK: usize = 500;
/// A shard larger than this (in bytes of JSON, roughly) is split by one more character.
pub const SHARD_BYTES: usize = 48 * 1024;
/// Shard prefixes never grow longer than this.
const MAX_PREFIX: usize = 8;
/// Documents in a split prefix's top file: many more than the 20 results shown, so a second
/// word rarely finds none of its documents among them.
pub const TOP_DOCS: usize = 500;
/// A prefix gets a top file when at least this many shards lie below it (the client's
/// `MANY_SHARDS` in `static/js/search.js`: from there on it reads the top file instead).
const TOP_MIN_SHARDS: usize = 4;

/// Every term with its `[doc, score, doc, score, ...]` (absolute, ascending doc numbers),
/// sorted by term.
struct Postings<'a> {
    terms: Vec<(&'a str, Vec<u32>)>,
}

impl<'a> Postings<'a> {
    /// Sorts the terms of `map` (in parallel: a large site has a million of them).
    fn new(map: FxHashMap<&'a str, Vec<u32>>) -> Self {
        let mut terms: Vec<(&str, Vec<u32>)> = map.into_iter().collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        Postings { terms }
    }

    /// The terms that start with `prefix`, in order.
    fn starting_with(&self, prefix: &str) -> &[(&'a str, Vec<u32>)] {
        let start = self.terms.partition_point(|(t, _)| *t < prefix);
        let len = self.terms[start..].partition_point(|(t, _)| t.starts_with(prefix));
        &self.terms[start..start + len]
    }
}

/// Every file of the index for the articles, tools, standalone pages, series and authors of
/// `site`.
pub fn index_files(site: &Site) -> Vec<Output> {
    let mut docs: Vec<[&str; 3]> = Vec::new();
    let mut postings: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    let pages = site.pages.iter().map(|p| {
        let a = &p.article;
        (
            [a.title.as_str(), p.url.as_str(), a.description.as_str()],
            &p.terms,
        )
    });
    let tools = site.tools.iter().map(|t| {
        let d = &t.tool;
        (
            [d.title.as_str(), t.url.as_str(), d.description.as_str()],
            &t.terms,
        )
    });
    let standalone = site.standalone.iter().map(|p| {
        let d = &p.page;
        (
            [d.title.as_str(), p.url.as_str(), d.description.as_str()],
            &p.terms,
        )
    });
    let series = site.series.iter().map(|x| {
        let d = &x.series;
        (
            [d.title.as_str(), x.url.as_str(), d.description.as_str()],
            &x.terms,
        )
    });
    let authors = site.authors.iter().map(|x| {
        let d = &x.author;
        (
            [d.name.as_str(), x.url.as_str(), d.description.as_str()],
            &x.terms,
        )
    });
    for (doc, terms) in pages
        .chain(tools)
        .chain(standalone)
        .chain(series)
        .chain(authors)
    {
        add_doc(&mut docs, &mut postings, doc, terms);
    }
    let postings = Postings::new(postings);
    let shards = shard(&postings);
    let prefixes: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
    let split = split_prefixes(&prefixes);
    let tops: BTreeMap<&str, usize> = split.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let meta = serde_json::json!({
        "docs": docs.len(),
        "chunk": DOC_CHUNK,
        "shards": prefixes,
        "tops": tops,
    });
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
    let shard_files = shards.par_iter().enumerate().map(|(i, (_, terms))| {
        let coded: BTreeMap<&str, Vec<u32>> = terms.iter().map(|(t, p)| (*t, delta(p))).collect();
        Output {
            path: format!("search/t/{i}.json"),
            html: serde_json::to_string(&coded).unwrap_or_default(),
        }
    });
    let top_files = split.par_iter().enumerate().map(|(i, prefix)| Output {
        path: format!("search/p/{i}.json"),
        html: top_file(prefix, &postings),
    });
    out.par_extend(shard_files);
    out.par_extend(top_files);
    out
}

/// The prefixes under which the terms were split into at least [`TOP_MIN_SHARDS`] shards:
/// those a word still being typed would download too many shards for.
fn split_prefixes<'a>(prefixes: &[&'a str]) -> Vec<&'a str> {
    let mut below: BTreeMap<&str, usize> = BTreeMap::new();
    for p in prefixes {
        // Every shorter prefix of at least two characters has this shard below it.
        for (end, _) in p.char_indices().skip(2) {
            *below.entry(&p[..end]).or_default() += 1;
        }
    }
    below
        .into_iter()
        .filter(|(_, n)| *n >= TOP_MIN_SHARDS)
        .map(|(p, _)| p)
        .collect()
}

/// How much `term` counts for a query word `prefix` in a document where it scores `score`:
/// the client's `form` (1 for the word itself, 0.5 for a longer word) times its saturation.
fn weight(prefix: &str, term: &str, score: u32) -> f64 {
    let form = if term == prefix { 1.0 } else { 0.5 };
    let s = f64::from(score);
    form * (s / (s + 3.0))
}

/// The top file of `prefix`: its [`TOP_DOCS`] best documents, each under its best term, and
/// how many documents any of its terms is in.
fn top_file(prefix: &str, postings: &Postings<'_>) -> String {
    // Doc → (weight, term, score) of its best term under the prefix.
    let mut best: FxHashMap<u32, (f64, &str, u32)> = FxHashMap::default();
    for (term, list) in postings.starting_with(prefix) {
        let term: &str = term;
        for pair in list.chunks(2) {
            let (doc, score) = (pair[0], pair[1]);
            let w = weight(prefix, term, score);
            let slot = best.entry(doc).or_insert((w, term, score));
            if w > slot.0 {
                *slot = (w, term, score);
            }
        }
    }
    let docs = best.len();
    let mut ranked: Vec<(u32, (f64, &str, u32))> = best.into_iter().collect();
    // Best first, then by document number; only the first TOP_DOCS need to be found.
    let order = |a: &(u32, (f64, &str, u32)), b: &(u32, (f64, &str, u32))| {
        b.1 .0.total_cmp(&a.1 .0).then(a.0.cmp(&b.0))
    };
    if ranked.len() > TOP_DOCS {
        ranked.select_nth_unstable_by(TOP_DOCS, order);
        ranked.truncate(TOP_DOCS);
    }
    ranked.sort_unstable_by_key(|(doc, _)| *doc);
    let mut terms: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (doc, (_, term, score)) in ranked {
        terms.entry(term).or_default().extend([doc, score]);
    }
    let mut file = serde_json::Map::new();
    file.insert(
        "#".into(),
        serde_json::json!({ "prefix": prefix, "docs": docs }),
    );
    for (term, list) in terms {
        file.insert(term.into(), serde_json::json!(delta(&list)));
    }
    serde_json::Value::Object(file).to_string()
}

fn add_doc<'a>(
    docs: &mut Vec<[&'a str; 3]>,
    postings: &mut FxHashMap<&'a str, Vec<u32>>,
    doc: [&'a str; 3],
    terms: &'a DocTerms,
) {
    let id = docs.len() as u32;
    docs.push(doc);
    for (word, score) in terms.iter() {
        let list = postings.entry(word).or_default();
        list.push(id);
        list.push(score);
    }
}

/// A term and its postings.
type Entry<'a> = (&'a str, Vec<u32>);

/// Groups the terms into shards: `(prefix, terms)`, sorted by prefix. Each shard's terms are
/// a run of the sorted terms.
fn shard<'p, 'a>(postings: &'p Postings<'a>) -> Vec<(String, &'p [Entry<'a>])> {
    let mut out = Vec::new();
    for (prefix, run) in runs(&postings.terms, 2) {
        split(prefix.to_string(), run, &mut out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The first `n` characters of `term` (all of it when it is shorter).
fn head(term: &str, n: usize) -> &str {
    term.char_indices().nth(n).map_or(term, |(i, _)| &term[..i])
}

/// The runs of `entries` (sorted) that share their first `n` characters, with those.
fn runs<'p, 'a>(entries: &'p [Entry<'a>], n: usize) -> Vec<(&'a str, &'p [Entry<'a>])> {
    let mut out = Vec::new();
    let mut rest = entries;
    while let Some((first, _)) = rest.first() {
        let prefix = head(first, n);
        let len = rest.partition_point(|(t, _)| head(t, n) == prefix);
        out.push((prefix, &rest[..len]));
        rest = &rest[len..];
    }
    out
}

/// Keeps `terms` as one shard if it is small enough, else splits it by one more character;
/// terms no longer than the prefix (the prefix itself, which sorts first) stay in the parent
/// shard.
fn split<'p, 'a>(prefix: String, terms: &'p [Entry<'a>], out: &mut Vec<(String, &'p [Entry<'a>])>) {
    let size: usize = terms.iter().map(|(t, p)| t.len() + 6 * p.len()).sum();
    let depth = prefix.chars().count();
    if size <= SHARD_BYTES || depth >= MAX_PREFIX {
        out.push((prefix, terms));
        return;
    }
    let parent = terms.partition_point(|(t, _)| t.chars().count() <= depth);
    if parent > 0 {
        out.push((prefix, &terms[..parent]));
    }
    for (child, run) in runs(&terms[parent..], depth + 1) {
        split(child.to_string(), run, out);
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
    fn doc_numbers_are_delta_coded() {
        assert_eq!(delta(&[3, 10, 7, 1, 20, 5]), vec![3, 10, 4, 1, 13, 5]);
    }

    #[test]
    fn big_shards_split_by_one_more_character_and_short_terms_stay() {
        let mut postings = FxHashMap::default();
        let many: Vec<u32> = (0..SHARD_BYTES as u32).flat_map(|d| [d, 1]).collect();
        postings.insert("re", vec![0, 1]);
        postings.insert("rev", many.clone());
        postings.insert("rea", vec![1, 1]);
        postings.insert("zz", vec![2, 1]);
        let postings = Postings::new(postings);
        let shards = shard(&postings);
        let names: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["re", "rea", "rev", "zz"]);
        assert_eq!(shards[0].1, [("re", vec![0, 1])]);
        let all: usize = shards.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(all, 4, "every term in exactly one shard");
        let prefixes = [
            "co", "con", "cona", "conb", "cond", "conf", "cu", "dé", "déa", "déb", "déc", "déca",
        ];
        // "co" has five shards below it, "con" and "dé" four, "déc" one.
        assert_eq!(split_prefixes(&prefixes), ["co", "con", "dé"]);
    }

    #[test]
    fn a_top_file_keeps_each_documents_best_term_and_the_best_documents() {
        let mut postings = FxHashMap::default();
        // Doc 1 has the word itself, which counts twice as much as a longer word.
        postings.insert("co", vec![1, 2]);
        postings.insert("code", vec![1, 9, 2, 9]);
        postings.insert("config", vec![0, 1, 2, 3]);
        postings.insert("cup", vec![5, 9]);
        let many: Vec<u32> = (10..10 + 2 * TOP_DOCS as u32)
            .flat_map(|d| [d, 1])
            .collect();
        postings.insert("cobalt", many);
        postings.insert("b", vec![0, 9]);
        postings.insert("d", vec![0, 9]);
        let postings = Postings::new(postings);
        assert_eq!(postings.starting_with("co").len(), 4);
        assert_eq!(postings.starting_with("cu"), &[("cup", vec![5, 9])]);
        let file: serde_json::Value = serde_json::from_str(&top_file("co", &postings)).unwrap();
        assert_eq!(
            file["#"],
            serde_json::json!({"prefix": "co", "docs": 3 + 2 * TOP_DOCS})
        );
        assert_eq!(file["co"], serde_json::json!([1, 2]));
        assert_eq!(file["code"], serde_json::json!([2, 9]));
        // Doc 0 scores as little as cobalt's documents, and comes first among equals.
        assert_eq!(file["config"], serde_json::json!([0, 1]));
        assert_eq!(file.get("cup"), None);
        // 500 documents in all: docs 0, 1 and 2, then the first 497 of cobalt's.
        let cobalt = file["cobalt"].as_array().unwrap();
        assert_eq!(cobalt.len(), 2 * (TOP_DOCS - 3));
        assert_eq!(
            (&cobalt[0], cobalt.last().unwrap()),
            (&10.into(), &1.into())
        );
        let last_doc: u64 = cobalt.iter().step_by(2).map(|d| d.as_u64().unwrap()).sum();
        assert_eq!(last_doc, 10 + TOP_DOCS as u64 - 4);
    }
}
