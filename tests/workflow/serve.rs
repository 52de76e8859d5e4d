//! `galley serve`: pages, live rebuilds, errors that do not stop the server, refused paths,
//! refused Host names (DNS rebinding).

use std::time::Duration;

use crate::common::{raw, write, Serve};
use crate::support::{article, poll, small_site};

/// How long an edit may take to show. A rebuild of the small site takes tens of milliseconds
/// plus the watcher's 25 ms debounce; the margin is for a loaded test machine.
const CHANGE_LIMIT: Duration = Duration::from_secs(3);

#[test]
fn serves_the_site_with_the_reload_script() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let serve = Serve::start(dir.path());

    let (status, head, body) = serve.get("/");
    assert_eq!(status, 200);
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        head.contains("content-security-policy: default-src 'self'"),
        "{head}"
    );
    assert!(
        body.contains(r#"<script src="/__galley/reload.js""#),
        "{body}"
    );
    assert!(
        body.contains("/articles/alpha/"),
        "links use the local base path"
    );

    let (status, head, body) = serve.get("/__galley/reload.js");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/javascript"), "{head}");
    assert!(body.contains("galley-error-overlay") && body.contains("textContent"));

    let (status, head, _) = serve.get("/css/site.css?h=123");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");

    let (status, head, _) = serve.get("/articles/alpha");
    assert_eq!(status, 301);
    assert!(head.contains("location: /articles/alpha/"), "{head}");

    let (status, _, body) = serve.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found"),
        "the site's own 404.html: {body}"
    );
    assert!(
        !dir.path().join("public").exists(),
        "serve must not write the user's public/"
    );
}

#[test]
fn edits_show_errors_overlay_and_recovery() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let serve = Serve::start(dir.path());
    let (_, _, body) = serve.get("/articles/alpha/");
    assert!(body.contains("Original body."));
    let (_, _, first_version) = serve.get("/__galley/version");

    let path = "content/articles/alpha.md";
    write(
        dir.path(),
        path,
        &article("Alpha", "2026-01-02", "tags: [one]\n", "\nEdited body.\n"),
    );
    let (_, took) = poll(CHANGE_LIMIT, "the edit to show", || {
        serve
            .get("/articles/alpha/")
            .2
            .contains("Edited body.")
            .then_some(())
    });
    eprintln!("edit visible after {took:?}");
    assert_ne!(
        serve.get("/__galley/version").2,
        first_version,
        "the version moves so open pages reload"
    );
    assert_eq!(serve.get("/__galley/error").0, 204);

    // A broken file: the error is served for the overlay, the last good page stays.
    write(
        dir.path(),
        path,
        &article("Alpha", "31/01/2026", "", "\nBroken.\n"),
    );
    let (report, _) = poll(CHANGE_LIMIT, "the error report", || {
        let (status, _, body) = serve.get("/__galley/error");
        (status == 200).then_some(body)
    });
    assert!(report.contains("content/articles/alpha.md:4:1"), "{report}");
    assert!(
        report.contains("`date`: expected a date like 2026-01-31, found `31/01/2026`"),
        "{report}"
    );
    let (status, _, body) = serve.get("/articles/alpha/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Edited body."),
        "the last good build is still served"
    );
    let log = serve.log();
    assert!(
        log.contains("alpha.md:4:1"),
        "the terminal shows the error too: {log}"
    );

    // Fixed: the error goes away and the new text shows.
    write(
        dir.path(),
        path,
        &article("Alpha", "2026-01-02", "", "\nFixed body.\n"),
    );
    poll(CHANGE_LIMIT, "recovery", || {
        serve
            .get("/articles/alpha/")
            .2
            .contains("Fixed body.")
            .then_some(())
    });
    assert_eq!(serve.get("/__galley/error").0, 204);
}

/// Reads the server's log until the rebuild after a change is done; answers the lines from
/// the `changed:` line on (the first build's report may still be on its way).
fn log_of_rebuild(serve: &Serve) -> String {
    let mut log = String::new();
    poll(CHANGE_LIMIT, "a rebuild", || {
        log.push_str(&serve.log());
        log.push('\n');
        let from = log.find("changed: ")?;
        log = log.split_off(from);
        log.lines()
            .any(|l| l.starts_with("built in "))
            .then_some(())
    });
    log
}

#[test]
fn an_edited_article_is_published_first_and_its_page_reloads_once() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let serve = Serve::start(dir.path());
    let page_version = || serve.get("/__galley/version?page=%2Farticles%2Falpha%2F").2;
    let (before, site_before) = (page_version(), serve.get("/__galley/version").2);
    assert_eq!(before, site_before, "nothing has moved yet");

    write(
        dir.path(),
        "content/articles/alpha.md",
        &article(
            "Alpha",
            "2026-01-02",
            "tags: [one]\n",
            "\nÉdité, 編集済み 🚀 נערך: sesquipedalian.\n",
        ),
    );
    let log = log_of_rebuild(&serve);
    let first = log.lines().position(|l| l.starts_with("page updated in "));
    let built = log.lines().position(|l| l.starts_with("built in "));
    assert!(
        first.is_some() && first < built,
        "the page comes first: {log}"
    );
    assert!(serve
        .get("/articles/alpha/")
        .2
        .contains("Édité, 編集済み 🚀 נערך: sesquipedalian."));
    // The rebuild changed the search index, not the page the preview published: a page open
    // on it reloads once, not twice.
    let (page, site) = (page_version(), serve.get("/__galley/version").2);
    let number = |v: &str| v.trim().parse::<u64>().unwrap();
    assert!(number(&page) > number(&before), "the page moved");
    assert!(
        number(&site) > number(&page),
        "{page} {site}: the rest moved after it"
    );
    let (_, _, html) = serve.get("/articles/alpha/");
    assert!(
        html.contains(&format!("data-version=\"{}\"", page.trim())),
        "a page is served with its own version"
    );

    // A new slug moves the article: no preview, the rebuild publishes it at its new URL.
    write(
        dir.path(),
        "content/articles/alpha.md",
        &article("Alpha", "2026-01-02", "slug: moved\n", "\nMoved.\n"),
    );
    let log = log_of_rebuild(&serve);
    assert!(!log.contains("updated in"), "{log}");
    assert!(serve.get("/articles/moved/").2.contains("Moved."));
    assert_eq!(serve.get("/articles/alpha/").0, 404);
}

#[test]
fn template_and_static_changes_rebuild_everything_they_touch() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let serve = Serve::start(dir.path());
    let base = std::fs::read_to_string(dir.path().join("templates/base.html")).unwrap();
    write(
        dir.path(),
        "templates/base.html",
        &base.replace(
            "<footer class=\"site-footer\">",
            "<footer class=\"site-footer\">Footer changed.",
        ),
    );
    poll(CHANGE_LIMIT, "the template change", || {
        serve
            .get("/articles/beta/")
            .2
            .contains("Footer changed.")
            .then_some(())
    });
    write(dir.path(), "static/extra.txt", "new static file\n");
    poll(CHANGE_LIMIT, "a new static file", || {
        (serve.get("/extra.txt").0 == 200).then_some(())
    });
}

#[test]
fn paths_outside_the_site_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    small_site(&site);
    write(dir.path(), "secret.txt", "TOP SECRET\n");
    let serve = Serve::start(&site);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/articles/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/articles/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let (status, _, body) = raw(
            serve.port,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(
            !body.contains("TOP SECRET") && !body.contains("root:"),
            "{target} leaked a file"
        );
    }
}

#[test]
fn a_site_that_never_built_shows_its_error_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let good = std::fs::read_to_string(dir.path().join("templates/article.html")).unwrap();
    write(dir.path(), "templates/article.html", "{% if %}\n");
    let serve = Serve::start(dir.path());
    let (status, _, body) = serve.get("/articles/alpha/");
    assert_eq!(status, 503);
    assert!(
        body.contains("/__galley/reload.js"),
        "the notice page carries the script: {body}"
    );
    let (status, _, report) = serve.get("/__galley/error");
    assert_eq!(status, 200);
    assert!(
        report.contains("templates/article.html:1"),
        "template errors name file and line: {report}"
    );

    write(dir.path(), "templates/article.html", &good);
    poll(CHANGE_LIMIT, "the first good build", || {
        (serve.get("/articles/alpha/").0 == 200).then_some(())
    });
    assert_eq!(serve.get("/__galley/error").0, 204);
}

#[test]
fn pages_asked_for_during_the_first_build_say_it_is_building() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    // Enough articles with code that the first build outlasts the first request.
    for i in 0..300 {
        let body = format!(
            "## Étape {i}\n\n```js\nconst x{i} = {i};\nfunction f{i}() {{ return x{i}; }}\n```\n"
        );
        write(
            dir.path(),
            &format!("content/articles/a{i}.md"),
            &article(&format!("Article n° {i}"), "2026-01-01", "", &body),
        );
    }
    let mut cmd = crate::common::command(["serve", "--port", "0", "--root"]);
    cmd.arg(dir.path());
    let serve = Serve::spawn_building(cmd);
    let (status, head, body) = serve.get("/articles/a1/");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("Building the site"), "{body}");
    assert!(
        body.contains(r#"<script src="/__galley/reload.js""#),
        "the notice reloads itself when the build is in: {body}"
    );
    assert!(head.contains("content-security-policy: default-src 'self'"));
    // The version moves when the build is in, which makes the notice reload.
    let before = serve.get("/__galley/version").2;
    serve.wait_served();
    assert_ne!(serve.get("/__galley/version").2, before);
    let (status, _, body) = serve.get("/articles/a1/");
    assert_eq!(status, 200);
    assert!(body.contains("Article n° 1"));
}

#[test]
fn hosts_the_server_is_not_reached_by_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let serve = Serve::start(dir.path());
    let port = serve.port;
    // A page of evil.example.com whose name now resolves to 127.0.0.1 must learn nothing,
    // not even the version the reload script polls.
    for path in [
        "/",
        "/articles/alpha/",
        "/__galley/version",
        "/__galley/error",
    ] {
        for host in [
            "evil.example.com".to_string(),
            format!("evil.example.com:{port}"),
        ] {
            let (status, head, body) = serve.get_as(&host, path);
            assert_eq!(status, 403, "{host} {path}");
            assert!(head.contains("content-type: text/plain"), "{head}");
            assert_eq!(
                body,
                format!("galley serve: this Host is not allowed; use http://127.0.0.1:{port}/ or add --allowed-host NAME\n")
            );
        }
    }
    let (status, _, body) = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "no Host header: {body}");

    for host in [
        format!("127.0.0.1:{port}"),
        format!("LOCALHOST:{port}"),
        "localhost".into(),
    ] {
        let (status, _, body) = serve.get_as(&host, "/");
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("/articles/alpha/"), "{host}: {body}");
    }
    assert_eq!(
        serve
            .get_as(&format!("127.0.0.1:{port}"), "/__galley/version")
            .0,
        200
    );
}

#[test]
fn allowed_host_adds_a_name() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let serve = Serve::start_with(dir.path(), &["--allowed-host", "preview.test"]);
    let port = serve.port;
    for host in [format!("preview.test:{port}"), "Preview.Test".into()] {
        let (status, _, body) = serve.get_as(&host, "/");
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("/articles/alpha/"), "{host}: {body}");
    }
    assert_eq!(serve.get_as("evil.example.com", "/").0, 403);
    assert_eq!(serve.get_as("sub.preview.test", "/").0, 403);
}
