//! This target's own helpers, built on `common`: a proxy that refuses everything, and the
//! shape every built page must parse into.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::{html_files, page, sel};

/// An HTTP proxy on 127.0.0.1 that answers every request (and every `CONNECT`) with 502 and
/// counts connections: pointed at by `*_PROXY`, it keeps `check --external` off the network
/// and shows whether it tried to go there.
pub struct Proxy {
    /// Its address, as a proxy URL.
    pub url: String,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Proxy {
    /// Starts the proxy on a free port.
    pub fn start() -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (count, stopped) = (connections.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
                let _ = stream.read(&mut [0; 4096]);
                let refusal =
                    "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                let _ = stream.write_all(refusal.as_bytes());
            }
        });
        Proxy {
            url: format!("http://127.0.0.1:{port}"),
            connections,
            stop,
            port,
        }
    }

    /// Connections so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Points every proxy variable `ureq` reads at this proxy, and clears `NO_PROXY`.
    pub fn apply(&self, cmd: &mut Command) {
        for var in [
            "ALL_PROXY",
            "all_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
        ] {
            cmd.env(var, &self.url);
        }
        cmd.env_remove("NO_PROXY").env_remove("no_proxy");
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // Wakes the accept loop so its thread ends.
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Asserts every page of a built site parses into the shape galley's templates (and
/// `init`'s, the same files) give it: exactly one `<main>`, inside `<body>`, exactly one
/// `<h1>` (the page title; articles here use `##` and deeper), and the site footer after
/// `<main>`, not inside it. A raw HTML block left open, or closed once too often, moves or
/// swallows `</main>` and shows up here. Returns how many pages it read.
pub fn assert_pages_parse(out: &Path) -> usize {
    let files = html_files(out);
    assert!(
        files.iter().any(|f| f == "index.html"),
        "{} has no index.html",
        out.display()
    );
    let checks = [
        ("body main", 1),
        ("main", 1),
        ("h1", 1),
        ("body > footer.site-footer", 1),
        ("main footer.site-footer", 0),
    ]
    .map(|(css, n)| (css, sel(css), n));
    let redirect = sel("meta[http-equiv=refresh]");
    for rel in &files {
        let doc = page(out, rel);
        if doc.select(&redirect).next().is_some() {
            // An alias's page: galley's own small redirect, without the site's templates.
            continue;
        }
        for (css, selector, n) in &checks {
            let found = doc.select(selector).count();
            assert_eq!(found, *n, "{}/{rel}: `{css}` elements", out.display());
        }
    }
    files.len()
}
