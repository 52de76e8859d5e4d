//! Checking http(s) links: HEAD, then GET for servers that refuse HEAD, eight at a time, each
//! with a timeout. URLs that answered well are remembered in `.galley-cache/external-links.json`
//! for a day, so a second `galley check --external` does not hit every server again. Failures
//! are never remembered: a server that was down should be asked again next time.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Requests under way at once.
const THREADS: usize = 8;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Longest wait for one URL, redirects included.
    pub timeout: Duration,
    /// How long a good answer is trusted.
    pub ttl: Duration,
    /// The cache file; `None` for no cache.
    pub cache: Option<PathBuf>,
}

impl ExternalOptions {
    /// Ten seconds per URL, answers kept for 24 hours in `root/.galley-cache/external-links.json`.
    pub fn for_site(root: &Path) -> Self {
        Self {
            timeout: Duration::from_secs(10),
            ttl: Duration::from_secs(24 * 60 * 60),
            cache: Some(crate::cache::path(root, "external-links.json")),
        }
    }
}

/// The outcome of checking a set of URLs.
#[derive(Debug, Default)]
pub struct Outcome {
    /// URL → what went wrong, for every URL that failed.
    pub failures: HashMap<String, String>,
    /// How many URLs were asked over the network.
    pub fetched: usize,
    /// How many answers came from the cache.
    pub cached: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct CacheFile {
    /// URL → when it last answered well, in seconds since the Unix epoch.
    ok: BTreeMap<String, u64>,
}

/// Checks every URL in `urls` (each once).
pub fn check(urls: &[String], options: &ExternalOptions) -> Outcome {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut cache = options.cache.as_deref().map(load_cache).unwrap_or_default();
    cache
        .ok
        .retain(|_, at| now.saturating_sub(*at) < options.ttl.as_secs());
    let (known, todo): (Vec<&String>, Vec<&String>) =
        urls.iter().partition(|u| cache.ok.contains_key(*u));
    let results = fetch_all(&todo, options.timeout);
    let mut outcome = Outcome {
        cached: known.len(),
        fetched: todo.len(),
        ..Outcome::default()
    };
    for (url, result) in todo.into_iter().zip(results) {
        match result {
            Ok(()) => {
                cache.ok.insert(url.clone(), now);
            }
            Err(why) => {
                outcome.failures.insert(url.clone(), why);
            }
        }
    }
    if let Some(path) = &options.cache {
        // A cache that cannot be written only costs time on the next run.
        save_cache(path, &cache);
    }
    outcome
}

fn fetch_all(urls: &[&String], timeout: Duration) -> Vec<Result<(), String>> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("galley-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let run = || {
        use rayon::prelude::*;
        urls.par_iter().map(|u| fetch(&agent, u, timeout)).collect()
    };
    // A pool of its own: these threads mostly wait on the network, and must not take the
    // build's threads.
    match rayon::ThreadPoolBuilder::new().num_threads(THREADS).build() {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// HEAD first; some servers answer HEAD with 403, 404 or 405 and GET with 200, so any failed
/// HEAD is retried as GET (whose body is not read).
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Result<(), String> {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| r.map(|r| r.status());
    match status(agent.head(url).call()) {
        Ok(s) if s.is_success() => return Ok(()),
        Err(ureq::Error::Timeout(_)) => {
            return Err(format!("no answer within {} s", timeout.as_secs()))
        }
        _ => {}
    }
    match status(agent.get(url).call()) {
        Ok(s) if s.is_success() => Ok(()),
        Ok(s) => Err(format!("the server answered {s}")),
        Err(ureq::Error::Timeout(_)) => Err(format!("no answer within {} s", timeout.as_secs())),
        Err(e) => Err(format!("cannot fetch it: {e}")),
    }
}

fn load_cache(path: &Path) -> CacheFile {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn save_cache(path: &Path, cache: &CacheFile) {
    let Ok(json) = serde_json::to_vec_pretty(cache) else {
        return;
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(path, json);
}
