//! Answering HTTP requests from the in-memory site: URL → file, the `/__galley/` endpoints of
//! the reload script, and the reload script itself injected into every HTML page. Requests
//! under a Host name the server is not reached by are refused first (see `host.rs`).

use percent_encoding::percent_decode_str;
use std::io::Cursor;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::host::{host_allowed, HostPolicy};
use super::store::{State, Store};

/// The script that polls for rebuilds and shows build errors. Same-origin and external, so it
/// runs under a strict `default-src 'self'` Content-Security-Policy.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// Path of the reload script.
pub const RELOAD_PATH: &str = "/__galley/reload.js";
/// Path answering the current version number, as text.
pub const VERSION_PATH: &str = "/__galley/version";
/// Path answering the current build error as text (200), or nothing (204) when the site builds.
pub const ERROR_PATH: &str = "/__galley/error";

/// The policy the site is deployed with; sent with every page so `serve` shows what breaks it.
const CSP: &str = "default-src 'self'; img-src 'self' data:";

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its output path.
    File(String),
    /// The folder exists: add the trailing slash.
    Redirect(String),
    /// Not in the site: the site's 404 page.
    NotFound,
    /// One of galley's own endpoints.
    Reload,
    /// See [`VERSION_PATH`].
    Version,
    /// See [`ERROR_PATH`].
    Error,
    /// A path no site can hold (`..`, encoded slashes, backslashes, control characters).
    BadRequest,
}

/// Maps a request target (path and query, as sent) to a route, looking files up in `has`.
pub fn route(target: &str, has: impl Fn(&str) -> bool) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    match path {
        RELOAD_PATH => return Route::Reload,
        VERSION_PATH => return Route::Version,
        ERROR_PATH => return Route::Error,
        _ => {}
    }
    let Some(key) = site_key(path) else {
        return Route::BadRequest;
    };
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if has(&index) {
            Route::File(index)
        } else {
            Route::NotFound
        };
    }
    if has(&key) {
        return Route::File(key);
    }
    if has(&format!("{key}/index.html")) {
        let query = target.find('?').map_or("", |i| &target[i..]);
        return Route::Redirect(format!("{path}/{query}"));
    }
    Route::NotFound
}

/// The output path a request path names (`/articles/x/` → `articles/x/`), or `None` for a path
/// that tries to leave the site or hides separators in percent-escapes.
fn site_key(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if rest.contains('\\')
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return None;
    }
    Some(segments.join("/"))
}

/// Answers one request to the site served at `url`.
pub fn respond(request: Request, store: &Store, hosts: &HostPolicy, url: &str) {
    // Before anything else, the reload endpoints included: a rebinding page must learn nothing.
    if !host_allowed(host_header(&request), hosts) {
        let message = format!(
            "galley serve: this Host is not allowed; use {url} or add --allowed-host NAME\n"
        );
        let _ = request.respond(text(403, &message));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text(405, "only GET and HEAD are served\n"));
        return;
    }
    let state = store.read();
    let route = route(request.url(), |p| state.files.contains_key(p));
    let response = match route {
        Route::Reload => body(
            200,
            "text/javascript; charset=utf-8",
            Arc::from(RELOAD_JS.as_bytes()),
            &[],
        ),
        Route::Version => text(200, &version_for(request.url(), &state).to_string()),
        Route::Error => match &state.error {
            Some(report) => text(200, report),
            None => body(204, "text/plain; charset=utf-8", Arc::from(&b""[..]), &[]),
        },
        Route::BadRequest => text(
            400,
            "bad request: the path is not a path inside this site\n",
        ),
        Route::Redirect(to) => body(
            301,
            "text/plain; charset=utf-8",
            Arc::from(&b"moved\n"[..]),
            &[("Location", &to)],
        ),
        Route::File(path) => file(&state, &path, 200),
        Route::NotFound => file(&state, "404.html", 404),
    };
    drop(state);
    // The browser may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

/// The version asked for: the page's with `?page=/articles/x/` (see [`State::version_of`]),
/// else the site's.
fn version_for(target: &str, state: &State) -> u64 {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let page = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("page="))
        .and_then(|v| percent_decode_str(v).decode_utf8().ok());
    let Some(page) = page else {
        return state.version;
    };
    // The page path is routed as a request would be, so `/articles/x/` names its index.html.
    match route(&page, |p| state.files.contains_key(p)) {
        Route::File(path) => state.version_of(&path),
        _ => state.version,
    }
}

/// The request's Host header; `None` when it has none (HTTP/1.0) or several, which leave
/// the name the browser used unknown.
fn host_header(request: &Request) -> Option<&str> {
    let mut hosts = request.headers().iter().filter(|h| h.field.equiv("Host"));
    match (hosts.next(), hosts.next()) {
        (Some(host), None) => Some(host.value.as_str()),
        _ => None,
    }
}

type Reply = Response<Cursor<Arc<[u8]>>>;

/// A file of the site; HTML pages get the reload script. Before the first good build every
/// page is a short notice (503) that carries the script: "building…" while the first build
/// runs, then, if it failed, a notice under which the overlay shows the error. The script
/// reloads the page when the site is built.
fn file(state: &State, path: &str, status: u16) -> Reply {
    if !state.built {
        let notice = if state.error.is_some() {
            NOT_BUILT
        } else {
            BUILDING
        };
        return html(503, notice.as_bytes(), state.version);
    }
    let Some(stored) = state.files.get(path) else {
        // Every site has a 404.html (the template is required); this is only a safety net.
        let page = "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>";
        return html(status, page.as_bytes(), state.version);
    };
    let bytes = stored.bytes();
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    if mime.essence_str() == "text/html" {
        return html(status, &bytes, state.version_of(path));
    }
    let charset = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        "; charset=utf-8"
    } else {
        ""
    };
    body(
        status,
        &format!("{}{charset}", mime.essence_str()),
        bytes,
        &[],
    )
}

const BUILDING: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>galley: building…</title></head><body><h1>Building the site…</h1><p>This page reloads when the first build is done.</p></body></html>";

const NOT_BUILT: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>galley: the site does not build yet</title></head><body><h1>The site does not build yet</h1><p>The error is shown below and in the terminal. This page reloads when the site builds.</p></body></html>";

fn html(status: u16, page: &[u8], version: u64) -> Reply {
    let tag = format!("<script src=\"{RELOAD_PATH}\" data-version=\"{version}\" defer></script>");
    let text = String::from_utf8_lossy(page);
    let at = find_ascii_ci(&text, "</head>")
        .or_else(|| find_ascii_ci(&text, "</body>"))
        .unwrap_or(text.len());
    let injected = format!("{}{tag}{}", &text[..at], &text[at..]);
    body(
        status,
        "text/html; charset=utf-8",
        Arc::from(injected.into_bytes()),
        &[("Content-Security-Policy", CSP)],
    )
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn text(status: u16, message: &str) -> Reply {
    body(
        status,
        "text/plain; charset=utf-8",
        Arc::from(message.as_bytes()),
        &[],
    )
}

/// A response; `no-store` so an edited page is never taken from the browser's cache.
fn body(status: u16, content_type: &str, bytes: Arc<[u8]>, extra: &[(&str, &str)]) -> Reply {
    let len = bytes.len();
    let fixed = [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ];
    // Header values are galley's own or a request path that routed to a file (so printable);
    // one that is not a valid header is left out rather than failing the response.
    let headers = fixed
        .iter()
        .chain(extra)
        .filter_map(|(n, v)| Header::from_bytes(n.as_bytes(), v.as_bytes()).ok())
        .collect();
    Response::new(
        StatusCode(status),
        headers,
        Cursor::new(bytes),
        Some(len),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(p: &str) -> bool {
        [
            "index.html",
            "articles/a/index.html",
            "css/site.css",
            "404.html",
        ]
        .contains(&p)
    }

    #[test]
    fn routes_files_folders_and_redirects() {
        assert_eq!(route("/", site), Route::File("index.html".into()));
        assert_eq!(
            route("/articles/a/", site),
            Route::File("articles/a/index.html".into())
        );
        assert_eq!(
            route("/css/site.css?h=12", site),
            Route::File("css/site.css".into())
        );
        assert_eq!(
            route("/articles/a?x=1", site),
            Route::Redirect("/articles/a/?x=1".into())
        );
        assert_eq!(
            route("/articles/%61/", site),
            Route::File("articles/a/index.html".into())
        );
        assert_eq!(route("/nope/", site), Route::NotFound);
        assert_eq!(route("/__galley/version", site), Route::Version);
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        for bad in [
            "/../etc/passwd",
            "/articles/../../x",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc",
            "/a%5c..",
            "/..\\x",
            "/a/%00",
            "*",
            "http://x/",
            "/%ff/",
        ] {
            assert_eq!(route(bad, site), Route::BadRequest, "{bad}");
        }
    }
}
