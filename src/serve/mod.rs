//! `galley serve`: build the site into memory, serve it on a local address, rebuild when a
//! source changes and make open pages follow (reload on success, an error overlay on failure).
//!
//! The site is built with `base_url` set to the local address, so every link works locally,
//! and is never written to disk: the user's `public/` is left alone. A rebuild re-renders only
//! the Markdown that changed (see [`crate::incremental`]) and replaces only the files whose
//! bytes changed. Only requests under the names the server is reached by are answered, so a
//! page elsewhere cannot read the preview by DNS rebinding (see `host.rs`).

mod host;
mod http;
mod store;
mod watch;

use std::io::{IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::build::{self, BuildOptions, Preview};
use crate::error::{Error, Result};
use crate::incremental::Session;
use crate::term;
pub use host::AllowedHost;
use host::HostPolicy;
pub use http::{ERROR_PATH, RELOAD_PATH, VERSION_PATH};
use store::Store;
use watch::Watch;

/// Threads answering requests. Answers come from memory, so a few are plenty.
const WORKERS: usize = 4;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port; 0 picks a free one (the URL is printed).
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Host names answered besides loopback and the listening address (`--allowed-host`).
    pub allowed_hosts: Vec<AllowedHost>,
}

/// Serves the site until the process is stopped. Errors only if it cannot start.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let wanted = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(wanted).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on {wanted}: {e}; choose another --port or --bind"
        ))
    })?;
    let server = Arc::new(server);
    let addr = server.server_addr().to_ip().unwrap_or(wanted);
    let url = site_url(addr);
    let hosts = HostPolicy::new(
        addr,
        &options.allowed_hosts,
        host::machine_hostname().as_deref(),
    );
    let root = std::path::absolute(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let build = BuildOptions {
        root: root.clone(),
        output: None,
        drafts: options.drafts,
        base_url: Some(url.clone()),
        ..BuildOptions::default()
    };
    // Watch before the first build, so an edit made while it runs is not missed.
    let mut watch = Watch::start(&root)?;
    let store = Arc::new(Store::default());
    let mut session = Session::with_progress(std::io::stderr().is_terminal());
    let colour = term::stderr_colour();
    // Answer at once: until the first build is in, every page is a "building…" notice that
    // reloads itself, so a large site's first build does not leave the browser hanging.
    for _ in 0..WORKERS {
        let (server, store) = (server.clone(), store.clone());
        let (hosts, url) = (hosts.clone(), url.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                http::respond(request, &store, &hosts, &url);
            }
        });
    }
    println!("building the site for {url} (it answers with a \"building…\" page until ready)");
    let _ = std::io::stdout().flush();
    if options.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!(
                "{}",
                term::paint(&format!("warning: cannot open a browser: {e}"), colour)
            );
        }
    }
    let mut preview = rebuild(&build, &mut session, &store, colour);
    println!("serving {url} (press Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    while let Some(changed) = watch.wait() {
        report_changed(&changed);
        // Taken, so it is dropped before the full rebuild makes the next one: never two sites
        // held at once.
        if let Some(mut p) = preview.take() {
            edited_pages_first(&mut p, &session, &store, &changed);
        }
        preview = rebuild(&build, &mut session, &store, colour);
        // A source folder created since the start is watched from now on.
        if let Err(e) = watch.refresh() {
            eprintln!("{}", term::paint(&format!("warning: {e}"), colour));
        }
    }
    Ok(())
}

/// The site's URL at `addr`; a wildcard address is reached through loopback.
fn site_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

/// Publishes the pages of edited articles, rendered against the last build's index, before
/// the full rebuild: the page being edited follows within a fraction of a second even on a
/// large site, and what depends on it (lists, feeds, search) follows with the rebuild.
fn edited_pages_first(
    preview: &mut Preview,
    session: &Session,
    store: &Store,
    changed: &[PathBuf],
) {
    let started = Instant::now();
    let Some(pages) = preview.pages(changed, session) else {
        return;
    };
    let written = store.patch(pages.iter().map(|o| (o.path.as_str(), o.html.as_bytes())));
    if written > 0 {
        eprintln!(
            "page{} updated in {} ms; rebuilding the rest",
            if written == 1 { "" } else { "s" },
            started.elapsed().as_millis()
        );
    }
}

/// Builds into the store and reports on stderr. A failed build keeps the last good files
/// and makes the error the browser's overlay. Answers what the next edit's preview needs.
fn rebuild(
    build: &BuildOptions,
    session: &mut Session,
    store: &Store,
    colour: bool,
) -> Option<Preview> {
    let started = Instant::now();
    let mut staging = store.staging();
    let built = build::prepare_each(build, session, build::WRITE_CHUNK, |pages| {
        staging.add(
            pages
                .iter()
                .map(|o| (o.path.as_str(), o.html.as_bytes()))
                .collect(),
        );
        Ok(())
    });
    match built {
        Ok(prepared) => {
            staging.add(prepared.files().collect());
            let changes = store.install(staging);
            let stats = session.stats();
            let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "built in {} ms: {} changed, {} removed; {} of {} documents rendered",
                started.elapsed().as_millis(),
                files(changes.written),
                changes.removed,
                stats.rendered,
                stats.rendered + stats.reused
            );
            Some(prepared.into_preview(&build.root))
        }
        Err(e) => {
            let report = e.to_string();
            eprintln!("{}", term::paint(&report, colour));
            eprintln!("serving the last good build; the error also shows in the browser until it is fixed");
            store.fail(report);
            None
        }
    }
}

/// Says which sources changed (the first, and how many more).
fn report_changed(changed: &[PathBuf]) {
    if let Some(first) = changed.first() {
        let more = if changed.len() > 1 {
            format!(" and {} more", changed.len() - 1)
        } else {
            String::new()
        };
        eprintln!("changed: {}{more}", show(first));
    }
}

fn show(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
