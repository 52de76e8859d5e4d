//! Series: each article's `series:` resolved to a declared series, the parts put in order
//! (`series_order`, then date, then title), and each part told its place.

use std::collections::HashMap;

use super::{Page, Parsed, SeriesPage};
use crate::config::Config;
use crate::content::Series;
use crate::error::{suggest, Diagnostic, Diagnostics};

/// URL of a series page.
pub fn series_url(config: &Config, id: &str) -> String {
    config.url(&format!("series/{id}/"))
}

/// The series pages, by id, with their parts; each part's [`Page::series`] is set.
pub fn resolve(
    parsed: Vec<Parsed<Series>>,
    pages: &mut [Page],
    config: &Config,
    problems: &mut Diagnostics,
) -> Vec<SeriesPage> {
    let mut series: Vec<SeriesPage> = parsed
        .into_iter()
        .map(|p| SeriesPage {
            url: series_url(config, &p.item.id),
            series: p.item,
            rendered: p.rendered,
            terms: p.terms,
            parts: Vec::new(),
        })
        .collect();
    series.sort_by(|a, b| a.series.id.cmp(&b.series.id));
    let by_id: HashMap<&str, usize> = series
        .iter()
        .enumerate()
        .map(|(i, s)| (s.series.id.as_str(), i))
        .collect();
    let known: Vec<&str> = by_id.keys().copied().collect();
    let mut parts: Vec<Vec<usize>> = vec![Vec::new(); series.len()];
    for (i, page) in pages.iter().enumerate() {
        let Some(named) = &page.article.series else {
            continue;
        };
        match by_id.get(named.value.as_str()) {
            Some(&s) => parts[s].push(i),
            None => problems.push(unknown(page, named, &known)),
        }
    }
    for (s, mut list) in parts.into_iter().enumerate() {
        list.sort_by(|&a, &b| order_key(&pages[a]).cmp(&order_key(&pages[b])));
        same_order(&list, pages, problems);
        for (place, &i) in list.iter().enumerate() {
            pages[i].series = Some((s, place));
        }
        series[s].parts = list;
    }
    series
}

fn order_key(p: &Page) -> (u32, time::Date, &str, &str) {
    let a = &p.article;
    (
        a.series_order.unwrap_or(u32::MAX),
        a.date,
        &a.title,
        &a.slug,
    )
}

/// Two parts of one series with the same `series_order` are an error naming both.
fn same_order(list: &[usize], pages: &[Page], problems: &mut Diagnostics) {
    for pair in list.windows(2) {
        let (a, b) = (&pages[pair[0]].article, &pages[pair[1]].article);
        if let (Some(n), Some(m)) = (a.series_order, b.series_order) {
            if n == m {
                let line = b
                    .file_text
                    .lines()
                    .position(|l| l.starts_with("series_order:"));
                let message = format!(
                    "`series_order`: {n} is also the place of {} in this series; give each part its own number",
                    a.display_path.display()
                );
                problems.push(match line {
                    Some(l) => Diagnostic::at(&b.display_path, &b.file_text, l + 1, 1, message),
                    None => Diagnostic::file(&b.display_path, message),
                });
            }
        }
    }
}

fn unknown(page: &Page, named: &crate::content::Located, known: &[&str]) -> Diagnostic {
    let d = page
        .article
        .diagnostic_at(named, format!("`series`: no series `{}`", named.value));
    match suggest(&named.value, known) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "declare it in content/series/{}.md (title, description, and a guide text)",
            named.value
        )),
    }
}
