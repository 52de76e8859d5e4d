//! `galley check`: build the site in memory, then check every URL in every page (links,
//! `#anchors`, images, stylesheets, scripts) and, when asked, every external link. Each problem
//! is reported at the line of the Markdown (or template) that holds the URL. Nothing is written
//! but the external-link cache.

pub mod external;
mod locate;
pub mod scan;

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::build::{self, BuildOptions};
use crate::config::Config;
use crate::error::{suggest, Diagnostic, Diagnostics, Result};
use crate::incremental::Session;
use external::ExternalOptions;
use locate::Sources;
use scan::{Kind, Scan, Target};

/// What to check beyond the site itself.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Check http(s) links too, this way; `None` leaves them alone.
    pub external: Option<ExternalOptions>,
}

/// What a clean check looked at.
#[derive(Debug, Clone)]
pub struct Report {
    /// HTML pages read.
    pub pages: usize,
    /// Links, anchors and asset references inside the site.
    pub internal: usize,
    /// Distinct external URLs checked (0 without `--external`).
    pub external: usize,
    /// How many of those answers came from the cache.
    pub cached: usize,
    /// How long it took.
    pub elapsed: Duration,
    /// What is worth fixing but does not fail the check (images without alt text).
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "checked {} links on {} pages", self.internal, self.pages)?;
        if self.external > 0 {
            write!(
                f,
                " and {} external links ({} from the cache)",
                self.external, self.cached
            )?;
        }
        write!(f, " in {} ms: no problems", self.elapsed.as_millis())
    }
}

/// Builds the site without writing it and checks every reference in it.
pub fn check(
    options: &BuildOptions,
    check: &CheckOptions,
    session: &mut Session,
) -> Result<Report> {
    let started = Instant::now();
    let prepared = build::prepare(options, session)?;
    let config = &prepared.config;
    let files: HashSet<&str> = prepared.files().map(|(path, _)| path).collect();
    let scans: HashMap<&str, Scan> = prepared
        .pages
        .par_iter()
        .filter(|p| p.path.ends_with(".html"))
        .map(|p| (p.path.as_str(), scan::scan(&p.html)))
        .collect();
    let sources = Sources::new(&prepared.site, &config.base_path, &options.root);
    let mut problems = Problems {
        sources: &sources,
        located: Diagnostics::default(),
        unlocated: BTreeMap::new(),
    };
    let lookup = Lookup {
        files: &files,
        scans: &scans,
        base_path: &config.base_path,
    };
    let (internal, external) = check_pages(&lookup, config, &mut problems);
    let mut report = Report {
        pages: scans.len(),
        internal,
        external: 0,
        cached: 0,
        elapsed: Duration::ZERO,
        warnings: [prepared.warnings.clone(), missing_alt(&scans, &sources)].concat(),
    };
    if let Some(options) = &check.external {
        (report.external, report.cached) = check_external(&external, options, &mut problems);
    }
    problems.into_result()?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A warning for each image written in Markdown without alt text. Images of the templates
/// are left alone: an empty `alt` is right for a decorative one.
fn missing_alt(scans: &HashMap<&str, Scan>, sources: &Sources<'_>) -> Vec<Diagnostic> {
    let mut pages: Vec<_> = scans.iter().collect();
    pages.sort_by_key(|(page, _)| **page);
    let mut warnings = Diagnostics::default();
    for (page, scan) in pages {
        for src in &scan.no_alt {
            let message =
                format!("image `{src}` has no alt text: readers who cannot see it get nothing");
            if let Some(d) = sources.locate_in_markdown(page, src, &message) {
                warnings.push(d.with_help(
                    "describe the image between the brackets: `![what it shows](file.png)`",
                ));
            }
        }
    }
    warnings.into_vec()
}

/// External URL → the (page, URL as written) pairs that use it.
type ExternalUses<'a> = BTreeMap<String, Vec<(&'a str, &'a str)>>;

/// Checks every reference inside the site; returns how many there were, and the external
/// URLs to check separately.
fn check_pages<'a>(
    lookup: &Lookup<'a>,
    config: &Config,
    problems: &mut Problems<'_>,
) -> (usize, ExternalUses<'a>) {
    let mut external = ExternalUses::new();
    let mut internal = 0;
    let mut pages: Vec<_> = lookup.scans.iter().collect();
    pages.sort_by_key(|(page, _)| **page);
    for (page, scan) in pages {
        let mut empties = 0;
        for r in &scan.refs {
            match scan::classify(&r.url, page, config) {
                Target::Internal { path, fragment } => {
                    internal += 1;
                    if let Some((message, help)) =
                        lookup.problem(r.kind, &r.url, &path, fragment.as_deref())
                    {
                        problems.add(page, &r.url, message, help);
                    }
                }
                Target::External(url) => external.entry(url).or_default().push((page, &r.url)),
                Target::Outside => {
                    let message = format!(
                        "{} `{}` points outside the site, which lives under {}",
                        noun(r.kind),
                        r.url,
                        config.base_path
                    );
                    problems.add(page, &r.url, message, None);
                }
                Target::Empty => {
                    let message = format!("{} with an empty URL", noun(r.kind));
                    problems.add_empty(page, empties, message);
                    empties += 1;
                }
                Target::Skip => {}
            }
        }
    }
    (internal, external)
}

/// Checks the external URLs; returns how many there were and how many answers were cached.
fn check_external(
    uses: &ExternalUses<'_>,
    options: &ExternalOptions,
    problems: &mut Problems<'_>,
) -> (usize, usize) {
    let urls: Vec<String> = uses.keys().cloned().collect();
    let outcome = external::check(&urls, options);
    for (url, why) in &outcome.failures {
        for (page, written) in uses.get(url).into_iter().flatten() {
            problems.add(
                page,
                written,
                format!("broken external link `{written}`: {why}"),
                None,
            );
        }
    }
    (urls.len(), outcome.cached)
}

fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Link => "link",
        Kind::Image => "image",
        Kind::Asset => "file reference",
    }
}

/// The files of the built site, for resolving internal URLs.
struct Lookup<'a> {
    files: &'a HashSet<&'a str>,
    scans: &'a HashMap<&'a str, Scan>,
    base_path: &'a str,
}

impl Lookup<'_> {
    /// What is wrong with a reference to `path#fragment`, with a hint, if anything is.
    fn problem(
        &self,
        kind: Kind,
        url: &str,
        path: &str,
        fragment: Option<&str>,
    ) -> Option<(String, Option<String>)> {
        let shown = format!(
            "{}{}",
            self.base_path,
            path.strip_suffix("index.html").unwrap_or(path)
        );
        let Some(file) = self.file(path) else {
            let message = match kind {
                Kind::Link => format!("dead link `{url}`: the site has no page or file at {shown}"),
                Kind::Image => format!("missing image `{url}`: the site has no file at {shown}"),
                Kind::Asset => format!("missing file `{url}`: the site has no file at {shown}"),
            };
            return Some((message, None));
        };
        // `#` alone and `#top` scroll to the top in every browser, with or without an element.
        let fragment = fragment.filter(|f| !f.is_empty() && *f != "top")?;
        let ids = &self.scans.get(file)?.ids;
        if ids.contains(fragment) {
            return None;
        }
        let message = format!("dead anchor `{url}`: {shown} has no element with id `{fragment}`");
        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
        let help = suggest(fragment, &known).map(|s| format!("did you mean `#{s}`?"));
        Some((message, help))
    }

    /// The output file a site path names: itself, or the `index.html` of that folder.
    fn file(&self, path: &str) -> Option<&str> {
        let get = |p: &str| self.files.get(p).copied();
        if path.is_empty() || path.ends_with('/') {
            return get(&format!("{path}index.html"));
        }
        get(path).or_else(|| get(&format!("{path}/index.html")))
    }
}

/// Problems found so far: located in a source file, or only known by the generated pages
/// they appear on (grouped, since one bad template link shows on every page).
struct Problems<'a> {
    sources: &'a Sources<'a>,
    located: Diagnostics,
    unlocated: BTreeMap<(String, Option<String>), Vec<String>>,
}

impl Problems<'_> {
    fn add(&mut self, page: &str, url: &str, message: String, help: Option<String>) {
        match self.sources.locate(page, url, &message) {
            Some(d) => self.located.push(match &help {
                Some(h) => d.with_help(h),
                None => d,
            }),
            None => self
                .unlocated
                .entry((message, help))
                .or_default()
                .push(page.to_string()),
        }
    }

    /// The `nth` empty URL of `page`, located at the `nth` `]()` of its Markdown.
    fn add_empty(&mut self, page: &str, nth: usize, message: String) {
        let help = "write the address between the parentheses, or remove the link";
        match self.sources.locate_empty(page, nth, &message) {
            Some(d) => self.located.push(d.with_help(help)),
            None => self
                .unlocated
                .entry((message, Some(help.to_string())))
                .or_default()
                .push(page.to_string()),
        }
    }

    fn into_result(mut self) -> Result<()> {
        for ((message, help), pages) in self.unlocated {
            let more = match pages.len() {
                1 => String::new(),
                n => format!(" (and on {} more generated pages)", n - 1),
            };
            let mut d = Diagnostic::file(PathBuf::from(&pages[0]), format!("{message}{more}"));
            d.help = help.or_else(|| {
                Some("this page is generated from the templates; the link is in one of them".into())
            });
            self.located.push(d);
        }
        self.located.into_result()
    }
}
