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
    for path in markdown_files(dir) {
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

/// The Markdown files under `dir`, in subfolders too (page bundles), in a stable order.
fn markdown_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

/// How many lines of the corpus meet a (parser state, line) pair already parsed in an earlier
/// line of any block, and the share of the parse time those lines took: what memoizing lines
/// across blocks could save at best (`GALLEY_BENCH_MEMO=1`).
fn memo_potential(dir: &Path) {
    use syntect::parsing::ParseState;
    use syntect::util::LinesWithEndings;
    let highlighter = Highlighter::new();
    let mut seen: std::collections::HashMap<(usize, String), Vec<ParseState>> = Default::default();
    let (mut lines, mut hits, mut all, mut hit_time) =
        (0usize, 0usize, Duration::ZERO, Duration::ZERO);
    for path in markdown_files(dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (lang, code) in fences(&text) {
            let Some((syntax, set)) = highlighter.resolve(&lang) else {
                continue;
            };
            let mut state = ParseState::new(syntax);
            for line in LinesWithEndings::from(&code) {
                let key = (set as *const _ as usize, line.to_string());
                let states = seen.entry(key).or_default();
                let hit = states.contains(&state);
                if !hit {
                    states.push(state.clone());
                }
                let t = Instant::now();
                black_box(state.parse_line(line, set).unwrap());
                let took = t.elapsed();
                lines += 1;
                all += took;
                if hit {
                    hits += 1;
                    hit_time += took;
                }
            }
        }
    }
    println!(
        "{lines} lines, {hits} repeat a (state, line) pair ({:.1} %), {:.1} % of {:.2} s of parsing",
        100.0 * hits as f64 / lines.max(1) as f64,
        100.0 * hit_time.as_secs_f64() / all.as_secs_f64().max(1e-9),
        all.as_secs_f64()
    );
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
        if std::env::var_os("GALLEY_BENCH_MEMO").is_some() {
            return memo_potential(Path::new(&dir));
        }
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
