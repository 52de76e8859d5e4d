//! `cargo bench --bench highlight`: the markdown + highlight stage of one corpus article, and
//! the highlighter alone per language. A plain harness (no criterion): each case runs for about
//! a second after a warm-up and reports the mean and the best time per iteration.
//!
//! With `GALLEY_BENCH_CORPUS=<folder of .md files>`, it highlights every block of the corpus on
//! one thread instead and prints the time per language.
//!
//! The article is `scripts/gen-corpus.py`'s article 3 of seed 1 (`benches/article.md`).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use galley::highlight::Highlighter;
use galley::markdown::{self, Document, Embeds, Env, LinkMap, Pass, Shortcode, Use};

struct NoEmbeds;

impl Embeds for NoEmbeds {
    fn embed(&self, call: &Shortcode, _: &Use<'_>) -> Result<String, String> {
        Err(format!("no shortcode `{}` in benchmarks", call.name))
    }
}

fn measure(name: &str, mut f: impl FnMut()) {
    f();
    let (mut runs, mut best, started) = (0u32, Duration::MAX, Instant::now());
    while started.elapsed() < Duration::from_secs(1) || runs < 5 {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
        runs += 1;
    }
    let mean = started.elapsed() / runs;
    println!(
        "{name:<40} mean {:>10.1} µs   best {:>10.1} µs   ({runs} runs)",
        mean.as_secs_f64() * 1e6,
        best.as_secs_f64() * 1e6
    );
}

/// Highlights every fenced block of the Markdown files under `dir` on one thread, and reports the
/// time per language.
fn corpus(dir: &Path) {
    let highlighter = Highlighter::new();
    let mut per_lang: std::collections::BTreeMap<String, (usize, usize, Duration)> =
        Default::default();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for (lang, code) in fences(&text) {
            let t = Instant::now();
            black_box(highlighter.highlight(&code, Some(&lang)));
            let e = per_lang.entry(lang).or_default();
            e.0 += 1;
            e.1 += code.lines().count();
            e.2 += t.elapsed();
        }
    }
    let total: Duration = per_lang.values().map(|v| v.2).sum();
    for (lang, (blocks, lines, time)) in &per_lang {
        println!(
            "{lang:<12} {blocks:>6} blocks {lines:>8} lines {:>8.2} s {:>6.1} µs/line",
            time.as_secs_f64(),
            time.as_secs_f64() * 1e6 / *lines as f64
        );
    }
    println!("total {:.2} s", total.as_secs_f64());
}

fn fences(body: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("```") {
        let after = &rest[start + 3..];
        let nl = after.find('\n').unwrap();
        let lang = &after[..nl];
        let end = after.find("\n```").unwrap();
        blocks.push((lang.to_string(), after[nl + 1..end + 1].to_string()));
        rest = &after[end + 4..];
    }
    blocks
}

fn main() {
    if let Some(dir) = std::env::var_os("GALLEY_BENCH_CORPUS") {
        return corpus(Path::new(&dir));
    }
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    let file_text = include_str!("article.md");
    let body_start = file_text[3..].find("\n---\n").map(|i| i + 3 + 5).unwrap();
    let body = &file_text[body_start..];
    let links = LinkMap::new();
    let highlighter = Highlighter::new();
    let doc = Document {
        body,
        body_line: 1,
        source: "articles/bench.md",
        display_path: Path::new("bench.md"),
        file_text,
    };
    let left_out = Default::default();
    let env = Env {
        images: &Default::default(),
        highlighter: &highlighter,
        links: &links,
        embeds: &NoEmbeds,
        left_out: &left_out,
        pass: Pass::Whole,
        math: false,
    };
    if wanted("markdown+highlight") {
        measure("markdown+highlight (one article)", || {
            black_box(markdown::render(&doc, &env).unwrap());
        });
    }
    // The code blocks of the article, alone.
    let blocks = fences(body);
    for (i, (lang, code)) in blocks.iter().enumerate() {
        let name = format!(
            "highlight block {i} ({lang}, {} lines)",
            code.lines().count()
        );
        if wanted(&name) {
            measure(&name, || {
                black_box(highlighter.highlight(code, Some(lang)));
            });
        }
    }
    let dir = std::env::temp_dir().join(format!("galley-bench-cache-{}", std::process::id()));
    let cached = Highlighter::new().with_cache_dir(dir.clone());
    for (lang, code) in &blocks {
        cached.highlight(code, Some(lang));
    }
    if wanted("cache hit") {
        measure("cache hit (all blocks of the article)", || {
            for (lang, code) in &blocks {
                black_box(cached.highlight(code, Some(lang)));
            }
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}
