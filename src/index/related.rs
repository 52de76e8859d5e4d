//! Related articles: the ones an author names in `related` first, then the best others by a
//! score of shared category, tags and title terms. Candidates come from an inverted index
//! (category, tag or term → articles), so the work grows with the overlaps, not with every
//! pair of articles.

use rayon::prelude::*;
use std::collections::HashMap;

use super::Page;
use crate::content::{Article, LeftOut, Located};
use crate::error::{Diagnostic, Diagnostics};
use crate::markdown::links::{resolve as resolve_link, LinkMap, Resolved};
use crate::slug::slugify;

const CATEGORY_WEIGHT: u32 = 6;
const TAG_WEIGHT: u32 = 4;
const TERM_WEIGHT: u32 = 1;
/// Keys shared by more articles than this say little about any two of them; skipping them
/// keeps a 100,000-article site from scoring every pair in a big category.
const MAX_KEY_FANOUT: usize = 2_000;

/// Fills `related` of every page, or records a problem for each `related` entry that names
/// no article.
pub fn resolve(pages: &mut [Page], count: usize, left_out: &LeftOut, problems: &mut Diagnostics) {
    let explicit = explicit_all(pages, left_out, problems);
    let keys: Vec<Vec<(String, u32)>> = pages.iter().map(|p| keys_of(&p.article)).collect();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, ks) in keys.iter().enumerate() {
        for (k, _) in ks {
            index.entry(k.as_str()).or_default().push(i);
        }
    }
    let n = pages.len();
    // Each page is scored on its own: in parallel, with one dense score array per worker
    // (reset through the list of touched entries) instead of a map per page.
    // `map_init` makes a score array per split of the work, not per thread: few splits.
    let related: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .with_min_len(n.div_ceil(64).max(1))
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(scores, touched), i| {
                let mut chosen: Vec<usize> = Vec::with_capacity(count);
                for &j in &explicit[i] {
                    if j != i && !chosen.contains(&j) && chosen.len() < count {
                        chosen.push(j);
                    }
                }
                if chosen.len() >= count {
                    return chosen;
                }
                for (k, w) in &keys[i] {
                    let Some(list) = index.get(k.as_str()) else {
                        continue;
                    };
                    if list.len() > MAX_KEY_FANOUT {
                        continue;
                    }
                    for &j in list {
                        if j != i && !chosen.contains(&j) {
                            if scores[j] == 0 {
                                touched.push(j);
                            }
                            scores[j] += w;
                        }
                    }
                }
                // Best score first; ties go to the newer article (pages are sorted newest
                // first, so the smaller index), which makes the order total and stable.
                let mut ranked: Vec<(u32, usize)> = touched
                    .drain(..)
                    .map(|j| (std::mem::take(&mut scores[j]), j))
                    .collect();
                // Only the best few are kept: partition them out, then sort just those
                // (a popular tag can touch thousands of pages).
                let order = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
                let need = count - chosen.len();
                if ranked.len() > need {
                    ranked.select_nth_unstable_by(need, order);
                    ranked.truncate(need);
                }
                ranked.sort_unstable_by(order);
                chosen.extend(ranked.into_iter().map(|(_, j)| j));
                chosen
            },
        )
        .collect();
    for (page, chosen) in pages.iter_mut().zip(related) {
        page.related = chosen;
    }
}

/// What makes two articles related: `c:<category>`, `t:<tag>`, `w:<title word>`.
fn keys_of(a: &Article) -> Vec<(String, u32)> {
    let mut keys: Vec<(String, u32)> = Vec::new();
    if let Some(c) = &a.category {
        keys.push((format!("c:{}", slugify(c)), CATEGORY_WEIGHT));
    }
    for t in &a.tags {
        keys.push((format!("t:{}", slugify(t)), TAG_WEIGHT));
    }
    for word in slugify(&a.title).split('-') {
        if word.len() > 3 && !STOP_WORDS.contains(&word) {
            let key = format!("w:{word}");
            if !keys.iter().any(|(k, _)| *k == key) {
                keys.push((key, TERM_WEIGHT));
            }
        }
    }
    keys
}

const STOP_WORDS: &[&str] = &[
    "what",
    "which",
    "when",
    "where",
    "with",
    "your",
    "from",
    "that",
    "this",
    "have",
    "does",
    "should",
    "using",
    "about",
    "into",
    "understanding",
    "difference",
    "choose",
    "guide",
    "work",
    "works",
];

fn explicit_all(pages: &[Page], left_out: &LeftOut, problems: &mut Diagnostics) -> Vec<Vec<usize>> {
    let by_source: LinkMap = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.article.source.clone(), i.to_string()))
        .collect();
    let by_slug: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.article.slug.as_str(), i))
        .collect();
    pages
        .iter()
        .map(|p| {
            p.article
                .related
                .iter()
                .filter_map(
                    |entry| match find(entry, &p.article, &by_source, &by_slug) {
                        Some(j) => Some(j),
                        None => {
                            problems.push(missing(&p.article, entry, left_out));
                            None
                        }
                    },
                )
                .collect()
        })
        .collect()
}

fn find(
    entry: &Located,
    from: &Article,
    by_source: &LinkMap,
    by_slug: &HashMap<&str, usize>,
) -> Option<usize> {
    let value = entry.value.trim();
    if value.ends_with(".md") {
        // Tried as written (`@/articles/x.md`, or relative to the article's folder), then
        // from the articles folder, the way most people write it in front matter.
        let written = match resolve_link(value, &from.source, by_source) {
            Resolved::Url(i) => Some(i),
            _ => None,
        };
        let rooted = || {
            by_source
                .get(&format!("articles/{}", value.trim_start_matches("./")))
                .cloned()
        };
        written.or_else(rooted).and_then(|i| i.parse().ok())
    } else {
        by_slug.get(value).copied()
    }
}

fn missing(article: &Article, entry: &Located, left_out: &LeftOut) -> Diagnostic {
    let value = entry.value.trim();
    // Found the way `find` looks for files: as written, then from the articles folder.
    let reasons: LinkMap = left_out
        .iter()
        .map(|(k, v)| (k.clone(), v.to_string()))
        .collect();
    let why = match resolve_link(value, &article.source, &reasons) {
        Resolved::Url(why) => Some(why),
        _ => reasons
            .get(&format!("articles/{}", value.trim_start_matches("./")))
            .cloned(),
    };
    let message = match why.filter(|_| value.ends_with(".md")) {
        Some(why) => format!("`related`: `{value}` is left out of this build: it is {why}"),
        None => format!("`related`: no article `{}`", entry.value),
    };
    let d = article.diagnostic_at(entry, message);
    d.with_help("name another article by its file (`other.md`, relative to this file, or `@/articles/other.md`) or by its slug")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Rendered;

    fn page(slug: &str, date: &str, category: &str, tags: &[&str], related: &[&str]) -> Page {
        let article = Article {
            source: format!("articles/{slug}.md"),
            display_path: format!("content/articles/{slug}.md").into(),
            slug: slug.into(),
            title: slug.replace('-', " "),
            description: String::new(),
            date: crate::content::article::parse_date(date).unwrap(),
            updated: None,
            category: Some(category.into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            draft: false,
            related: related
                .iter()
                .map(|r| Located {
                    value: r.to_string(),
                    line: 1,
                })
                .collect(),
            tools: vec![],
            aliases: vec![],
            series: None,
            series_order: None,
            authors: Vec::new(),
            toc: false,
            extra: Default::default(),
            image: None,
            body_start: 1,
            body_line: 1,
            file_text: "x".into(),
            path: std::path::PathBuf::new(),
            released: None,
        };
        Page {
            article,
            rendered: Rendered::default(),
            terms: Default::default(),
            url: String::new(),
            category: None,
            tags: vec![],
            related: vec![],
            tools: vec![],
            series: None,
            authors: vec![],
        }
    }

    #[test]
    fn explicit_first_then_by_score_never_self_no_duplicates() {
        let mut pages = vec![
            page("a", "2026-01-05", "JWT", &["auth"], &["d.md", "d", "a"]),
            page("b", "2026-01-04", "JWT", &["auth"], &[]),
            page("c", "2026-01-03", "JWT", &[], &[]),
            page("d", "2026-01-02", "Base64", &[], &[]),
            page("e", "2026-01-01", "Other", &[], &[]),
        ];
        let mut problems = Diagnostics::default();
        resolve(&mut pages, 3, &LeftOut::default(), &mut problems);
        assert!(problems.into_result().is_ok());
        assert_eq!(pages[0].related, vec![3, 1, 2]);
        assert_eq!(pages[1].related, vec![0, 2]);
        assert_eq!(pages[4].related, Vec::<usize>::new());
    }

    #[test]
    fn ties_go_to_the_newer_article() {
        let mut pages = vec![
            page("x", "2026-01-03", "K", &[], &[]),
            page("y", "2026-01-02", "K", &[], &[]),
            page("z", "2026-01-01", "K", &[], &[]),
        ];
        let mut problems = Diagnostics::default();
        resolve(&mut pages, 1, &LeftOut::default(), &mut problems);
        assert_eq!(pages[2].related, vec![0]);
    }

    #[test]
    fn missing_related_is_an_error() {
        let mut pages = vec![page("a", "2026-01-01", "K", &[], &["nope.md"])];
        let mut problems = Diagnostics::default();
        resolve(&mut pages, 3, &LeftOut::default(), &mut problems);
        let Err(crate::Error::Diagnostics(d)) = problems.into_result() else {
            panic!()
        };
        assert_eq!(d[0].message, "`related`: no article `nope.md`");
    }
}
