//! `galley check`: dead links and anchors named at their source line, and external links
//! checked against a local server.

use std::sync::Arc;
use std::thread::JoinHandle;

use crate::common::write;
use crate::support::{article, galley, small_site};

#[test]
fn clean_site_passes() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let out = galley(&["check", "--root", dir.path().to_str().unwrap()]);
    assert!(out.success(), "{}", out.text());
    assert!(out.text().contains("no problems"), "{}", out.text());
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}

#[test]
fn empty_links_are_named_each_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let body = "\nIntro with [a link to fill in]() here.\n\nAnd [another]() — é 日本.\n";
    write(
        dir.path(),
        "content/articles/gamma.md",
        &article("Gamma", "2026-01-03", "", body),
    );
    let out = galley(&["check", "--root", dir.path().to_str().unwrap()]);
    let report = out.text();
    assert_eq!(out.code, Some(1), "{report}");
    // Front matter is 5 lines and the body starts on line 6; the column is the `(`.
    assert!(report.contains("link with an empty URL"), "{report}");
    assert!(
        report.contains("--> content/articles/gamma.md:7:31"),
        "{report}"
    );
    assert!(
        report.contains("--> content/articles/gamma.md:9:14"),
        "{report}"
    );
}

#[test]
fn dead_links_and_anchors_are_named_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let body = "\nIntro.\n\nSee [nowhere](/articles/nope/) for more.\n\nAnd [a section](@/articles/alpha.md#frist-part).\n\n![A picture](/img/missing.png)\n\nA [local anchor](#no-such-heading).\n";
    write(
        dir.path(),
        "content/articles/gamma.md",
        &article("Gamma", "2026-01-03", "", body),
    );
    let out = galley(&["check", "--root", dir.path().to_str().unwrap()]);
    let report = out.text();
    assert_eq!(out.code, Some(1), "{report}");
    // Front matter is 5 lines and the body starts on line 6.
    assert!(report.contains("dead link `/articles/nope/`"), "{report}");
    assert!(
        report.contains("--> content/articles/gamma.md:9:15"),
        "{report}"
    );
    assert!(
        report.contains("dead anchor `/articles/alpha/#frist-part`"),
        "{report}"
    );
    assert!(
        report.contains("--> content/articles/gamma.md:11:"),
        "{report}"
    );
    assert!(report.contains("did you mean `#first-part`?"), "{report}");
    assert!(
        report.contains("missing image `/img/missing.png`"),
        "{report}"
    );
    assert!(
        report.contains("--> content/articles/gamma.md:13:"),
        "{report}"
    );
    assert!(
        report.contains("dead anchor `#no-such-heading`"),
        "{report}"
    );
    assert!(
        report.contains("--> content/articles/gamma.md:15:"),
        "{report}"
    );
    assert!(report.contains("4 errors in 1 file"), "{report}");
    assert!(!report.contains('\u{1b}'), "no colour when piped");
}

/// A server on 127.0.0.1 that answers 200 for `/ok` and 404 for everything else.
struct LocalServer {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    port: u16,
}

impl LocalServer {
    fn start() -> LocalServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let s = server.clone();
        let thread = std::thread::spawn(move || {
            while let Ok(request) = s.recv() {
                let status = if request.url() == "/ok" { 200 } else { 404 };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
        LocalServer {
            server,
            thread: Some(thread),
            port,
        }
    }

    fn stop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        self.stop();
    }
}

#[test]
fn external_links_are_checked_and_good_answers_cached() {
    let mut local = LocalServer::start();
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let body = format!(
        "\nGood: [ok](http://127.0.0.1:{p}/ok).\n\nBad: [gone](http://127.0.0.1:{p}/missing).\n",
        p = local.port
    );
    write(
        dir.path(),
        "content/articles/links.md",
        &article("Links", "2026-01-03", "", &body),
    );
    let root = dir.path().to_str().unwrap();

    let out = galley(&["check", "--root", root]);
    assert!(
        out.success(),
        "external links are left alone without --external: {}",
        out.text()
    );

    let out = galley(&["check", "--external", "--root", root]);
    let report = out.text();
    assert_eq!(out.code, Some(1), "{report}");
    assert!(
        report.contains(&format!(
            "broken external link `http://127.0.0.1:{}/missing`",
            local.port
        )),
        "{report}"
    );
    assert!(report.contains("404"), "{report}");
    assert!(
        report.contains("--> content/articles/links.md:9:"),
        "{report}"
    );
    assert!(!report.contains("/ok`"), "{report}");
    let cache =
        std::fs::read_to_string(dir.path().join(".galley-cache/external-links.json")).unwrap();
    assert!(
        cache.contains("/ok") && !cache.contains("/missing"),
        "{cache}"
    );

    // With the server gone, the good link is still good (from the cache); the bad one still fails.
    local.stop();
    let out = galley(&["check", "--external", "--root", root]);
    let report = out.text();
    assert_eq!(out.code, Some(1), "{report}");
    assert!(!report.contains("/ok`"), "{report}");
    assert!(report.contains("/missing`"), "{report}");
}
