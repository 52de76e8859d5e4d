//! Data files while writing: `serve` rebuilds when one changes, a rebuild in a session shows
//! the new values without rendering any document again, and `check` reports a broken one.

use std::path::Path;
use std::time::Duration;

use galley::{build::prepare, BuildOptions, Session};

use crate::common::{write, Serve};
use crate::support::{galley, poll, small_site};

/// How long an edit may take to show (see `serve.rs`).
const CHANGE_LIMIT: Duration = Duration::from_secs(3);

/// The small site with a data file whose value every page's footer shows.
fn site_with_data(dir: &Path) {
    small_site(dir);
    write(dir, "data/site/footer.yaml", "note: \"First note\"\n");
    let base = std::fs::read_to_string(dir.join("templates/base.html")).unwrap();
    let footer = r#"<footer class="site-footer">"#;
    assert!(base.contains(footer));
    write(
        dir,
        "templates/base.html",
        &base.replace(
            footer,
            &format!("{footer}<span>Note: {{{{ data.site.footer.note }}}}</span>"),
        ),
    );
}

#[test]
fn serve_rebuilds_when_a_data_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    site_with_data(dir.path());
    let serve = Serve::start(dir.path());
    assert!(serve.get("/articles/beta/").2.contains("Note: First note"));

    write(
        dir.path(),
        "data/site/footer.yaml",
        "note: \"Zweite Notiz, 第二 ✓\"\n",
    );
    poll(CHANGE_LIMIT, "the data change", || {
        let body = serve.get("/articles/beta/").2;
        body.contains("Note: Zweite Notiz, 第二 ✓").then_some(())
    });

    // A broken data file is the error overlay's report, at its line and column.
    write(dir.path(), "data/site/footer.yaml", "note: [unclosed\n");
    let (report, _) = poll(CHANGE_LIMIT, "the error report", || {
        let (status, _, body) = serve.get("/__galley/error");
        (status == 200).then_some(body)
    });
    assert!(report.contains("--> data/site/footer.yaml:2:1"), "{report}");
    assert!(
        serve.get("/").2.contains("Note: Zweite Notiz"),
        "the last good build stays"
    );
}

#[test]
fn a_data_edit_changes_pages_but_renders_no_document_again() {
    let dir = tempfile::tempdir().unwrap();
    site_with_data(dir.path());
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let mut session = Session::default();
    let beta = |session: &mut Session| {
        let site = prepare(&options, session).unwrap();
        let page = site
            .pages
            .iter()
            .find(|p| p.path == "articles/beta/index.html");
        page.unwrap().html.clone()
    };
    assert!(beta(&mut session).contains("Note: First note"));

    write(
        dir.path(),
        "data/site/footer.yaml",
        "note: \"Edited note\"\n",
    );
    let html = beta(&mut session);
    assert!(html.contains("Note: Edited note"), "{html}");
    let stats = session.stats();
    assert_eq!(
        (stats.rendered, stats.reused),
        (0, 2),
        "documents do not depend on data: their HTML is reused"
    );
}

#[test]
fn check_reports_a_broken_data_file() {
    let dir = tempfile::tempdir().unwrap();
    site_with_data(dir.path());
    write(dir.path(), "data/tools.toml", "[broken\n");
    let out = galley(&["check", "--root", dir.path().to_str().unwrap()]);
    let report = out.text();
    assert_eq!(out.code, Some(1), "{report}");
    assert!(report.contains("--> data/tools.toml:1:8"), "{report}");
    assert!(report.contains("1 | [broken"), "{report}");
}
