//! The flag table against `--help`, and every row run on the three sites: the repository's
//! own, one made by `galley init`, and the non-ASCII corpus.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{command, finish, galley, page, sel, Serve};
use crate::sites::{add_extras, Site, DRAFT_PAGE, FUTURE_PAGE};
use crate::support::{assert_pages_parse, Proxy};
use crate::table::{Expect, Row, ROWS};

/// `(command, entry)` for everything `--help` lists: `("", "build")` for a command,
/// `("", "-V")` for galley's own flags, `("build", "--root")` for a command's flags and
/// `("new", "TITLE")` for its arguments.
fn help_entries() -> BTreeSet<(String, String)> {
    let here = std::env::temp_dir();
    let top = galley(&here, &["--help"]);
    top.assert_exit(0);
    let top = sections(&top.stdout);
    let mut entries = BTreeSet::new();
    let commands: Vec<String> = top["Commands"]
        .iter()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    entries.extend(flags(&top["Options"]).map(|f| (String::new(), f)));
    for cmd in commands {
        entries.insert((String::new(), cmd.clone()));
        if cmd == "help" {
            continue; // clap's own: its one argument is a command name
        }
        let help = galley(&here, &[&cmd, "--help"]);
        help.assert_exit(0);
        let sections = sections(&help.stdout);
        let listed = sections.get("Options").into_iter().flat_map(|o| flags(o));
        let arguments = sections.get("Arguments").into_iter().flatten();
        // Only the lines that name an argument: clap's long help puts each description on
        // the next line.
        let arguments = arguments
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.starts_with(['<', '[']));
        let names = arguments.map(|a| a.trim_matches(['<', '>', '[', ']', '.']).to_string());
        entries.extend(listed.chain(names).map(|e| (cmd.clone(), e)));
    }
    entries
}

/// The lines of each `Heading:` section of a help text.
fn sections(help: &str) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    // Blank lines separate entries in clap's long help; they do not end a section.
    for line in help.lines().filter(|l| !l.is_empty()) {
        if !line.starts_with(' ') {
            current = line.strip_suffix(':').map(str::to_string);
            if let Some(name) = &current {
                map.entry(name.clone()).or_default();
            }
        } else if let Some(name) = &current {
            map.get_mut(name).unwrap().push(line.to_string());
        }
    }
    map
}

/// The flags of an `Options:` section: `-h` and `--help` from `  -h, --help  Print help`.
/// Wrapped description lines are indented further and never start with `-`.
fn flags(lines: &[String]) -> impl Iterator<Item = String> + '_ {
    lines
        .iter()
        .filter(|l| l.len() - l.trim_start().len() <= 6 && l.trim_start().starts_with('-'))
        .flat_map(|l| {
            let head = l.trim_start().split("  ").next().unwrap_or_default();
            let words = head.split_whitespace().map(|w| w.trim_end_matches(','));
            words.filter(|w| w.starts_with('-')).map(str::to_string)
        })
}

/// `(command, entry)` for everything the table covers. A row that expects a usage error
/// may name a command that does not exist (that is its point), so only the others count
/// as covering their command.
fn table_entries() -> BTreeSet<(String, String)> {
    let mut entries = BTreeSet::new();
    for row in ROWS {
        let cmd = row.command().to_string();
        if !cmd.is_empty() && !matches!(row.expect, Expect::Usage) {
            entries.insert((String::new(), cmd.clone()));
        }
        for flag in row.covers.iter().filter(|c| c.starts_with('-')) {
            let passes = |a: &&str| a == flag || a.starts_with(&format!("{flag}="));
            let passed = row.args.iter().any(passes);
            assert!(passed, "{:?} covers {flag} without passing it", row.args);
        }
        entries.extend(row.covers.iter().map(|c| (cmd.clone(), c.to_string())));
    }
    entries
}

#[test]
fn help_lists_exactly_the_flags_of_the_table() {
    let (help, table) = (help_entries(), table_entries());
    let missing: Vec<_> = help.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&help).collect();
    assert!(
        missing.is_empty(),
        "`--help` lists these (command, flag) pairs with no row in tests/surface/table.rs; add rows that run them: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "rows in tests/surface/table.rs cover these (command, flag) pairs, which `--help` does not list: {unknown:?}"
    );
}

/// Runs every row whose command `pick` accepts on each of the three sites, and reports every
/// failing row. Rows run one after another: serves on free ports and fresh output folders
/// keep them apart, but a shared site's cache is written by each build. `new` and `init`
/// change the site, so each of their rows gets a site of its own.
fn run_rows(pick: impl Fn(&str) -> bool) {
    let rows: Vec<&Row> = ROWS.iter().filter(|r| pick(r.command())).collect();
    assert!(!rows.is_empty(), "no rows");
    let mut failed = Vec::new();
    for site in Site::THREE {
        let shared = prepare(site);
        for row in &rows {
            let own = matches!(row.command(), "new" | "init").then(|| prepare(site));
            let root = own.as_ref().unwrap_or(&shared).path().join("site");
            let started = Instant::now();
            if catch_unwind(AssertUnwindSafe(|| run_row(row, site, &root))).is_err() {
                failed.push(format!("{site:?}: galley {}", row.args.join(" ")));
            }
            eprintln!("{site:?} {:?}: {:?}", row.args, started.elapsed());
        }
    }
    assert!(
        failed.is_empty(),
        "{} rows failed (each one's message is above):\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// A temporary folder holding `site/`: the site with a draft and a future article added.
fn prepare(site: Site) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    site.make(&tmp.path().join("site"));
    add_extras(&tmp.path().join("site"));
    tmp
}

/// Runs one row on the site at `root` (also the working directory, so a row without
/// `--root` exercises the default) and checks what its [`Expect`] promises.
fn run_row(row: &Row, site: Site, root: &Path) {
    let scratch = tempfile::tempdir().unwrap();
    // `{busy}`: a port held by this listener until the row ends.
    let busy = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let busy_port = busy.local_addr().unwrap().port().to_string();
    let fill = |a: &str| {
        a.replace("{site}", root.to_str().unwrap())
            .replace("{out}", scratch.path().join("out").to_str().unwrap())
            .replace("{new}", scratch.path().join("new").to_str().unwrap())
            .replace("{busy}", &busy_port)
    };
    let args: Vec<String> = row.args.iter().map(|a| fill(a)).collect();
    let mut cmd = command(&args);
    cmd.current_dir(root);
    match row.expect {
        Expect::Built => built(&args, root, cmd),
        Expect::Clean => {
            let run = finish(cmd);
            run.assert_exit(0);
            assert!(run.stdout.contains("no problems"), "{run:#?}");
        }
        Expect::External => external(site, cmd),
        Expect::Serves => serves(&args, cmd, scratch.path()),
        Expect::Created(file) => created(&fill(file), cmd, scratch.path()),
        Expect::Prints(text) => {
            let run = finish(cmd);
            run.assert_exit(0);
            assert!(run.stdout.contains(text), "no `{text}`\n{run:#?}");
        }
        Expect::Refused | Expect::Usage => {
            let code = if matches!(row.expect, Expect::Refused) {
                1
            } else {
                2
            };
            let run = finish(cmd);
            run.assert_exit(code);
            assert!(!run.stderr.trim().is_empty(), "says why\n{run:#?}");
        }
    }
    drop(busy);
}

/// Whether the command line passes `flag`.
fn has(args: &[String], flag: &str) -> bool {
    args.iter().any(|a| a == flag)
}

/// Every value given to `flag`.
fn values<'a>(args: &'a [String], flag: &str) -> Vec<&'a str> {
    let pairs = args.iter().zip(args.iter().skip(1));
    pairs
        .filter(|(f, _)| *f == flag)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// A build: the site is where `--output` (or the config's `public/`) says, and the flags
/// that change what is built did.
fn built(args: &[String], root: &Path, cmd: Command) {
    finish(cmd).assert_exit(0);
    let out = values(args, "--output")
        .first()
        .map_or_else(|| root.join("public"), PathBuf::from);
    assert_pages_parse(&out);
    for (flag, page) in [("--drafts", DRAFT_PAGE), ("--future", FUTURE_PAGE)] {
        let want = has(args, flag);
        assert_eq!(out.join(page).is_file(), want, "{page} is built iff {flag}");
    }
    if let Some(base) = values(args, "--base-url").first() {
        let home = page(&out, "index.html");
        let canonical = home.select(&sel("link[rel=canonical]")).next().unwrap();
        let href = canonical.value().attr("href").unwrap_or_default();
        assert!(href.starts_with(base), "canonical {href} under {base}");
    }
}

/// `check --external` with every request sent to a local proxy that refuses it, so the row
/// never reaches the network and its outcome does not depend on the sites linked to.
fn external(site: Site, mut cmd: Command) {
    let proxy = Proxy::start();
    proxy.apply(&mut cmd);
    let run = finish(cmd);
    if site.has_external_links() {
        run.assert_exit(1);
        assert!(run.stderr.contains("broken external link"), "{run:#?}");
        assert!(proxy.connections() > 0, "asked through the proxy\n{run:#?}");
    } else {
        run.assert_exit(0);
        assert_eq!(proxy.connections(), 0, "nothing to ask\n{run:#?}");
    }
}

/// `new` or `init`: the file is written, and the site holding it builds with it (a new
/// article or page is a draft, hence `--drafts`), with a page for it.
fn created(file: &str, cmd: Command, scratch: &Path) {
    finish(cmd).assert_exit(0);
    let file = Path::new(file);
    assert!(file.is_file(), "{} was written", file.display());
    let site = file.ancestors().find(|d| d.join("config.yaml").is_file());
    let site = site.expect("the file is inside a site");
    let out = scratch.join("created");
    let build = ["build", "--drafts", "--output", out.to_str().unwrap()];
    galley(site, &build).assert_exit(0);
    assert_pages_parse(&out);
    let slug = file.file_stem().unwrap();
    let folder = file.parent().and_then(|d| d.file_name());
    let built = match folder.and_then(|f| f.to_str()) {
        Some("pages") => out.join(slug).join("index.html"),
        Some("authors") => out.join("authors").join(slug).join("index.html"),
        _ => out.join("articles").join(slug).join("index.html"),
    };
    assert!(built.is_file(), "{} is built", built.display());
}

/// Stand-ins for every launcher the `open` crate tries on Linux, first on `PATH`, recording
/// what they were asked to open: `--open` then starts no browser (`BROWSER=true` covers
/// launchers that read it). Returns the record file.
fn stub_openers(scratch: &Path, cmd: &mut Command) -> PathBuf {
    let bin = scratch.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let record = scratch.join("opened");
    let script = format!("#!/bin/sh\necho \"$@\" >> '{}'\n", record.display());
    for name in [
        "xdg-open",
        "gio",
        "gnome-open",
        "kde-open",
        "kde-open5",
        "kde-open6",
        "wslview",
    ] {
        let path = bin.join(name);
        std::fs::write(&path, &script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin];
    dirs.extend(std::env::split_paths(&path));
    cmd.env("PATH", std::env::join_paths(dirs).unwrap())
        .env("BROWSER", "true");
    record
}

/// A server: `/` answers, the draft only with `--drafts`, every `--allowed-host` name is
/// answered and any other name refused, and `--open` asked a (stub) browser for its URL.
fn serves(args: &[String], mut cmd: Command, scratch: &Path) {
    let record = stub_openers(scratch, &mut cmd);
    let serve = Serve::spawn(cmd);
    let host = serve.host();
    let (status, _, body) = serve.get_as(&host, "/");
    assert_eq!(status, 200, "GET /\n{}", serve.log());
    assert!(body.contains("<main"), "the home page: {body}");
    let draft = if has(args, "--drafts") { 200 } else { 404 };
    let url = format!("/{}", DRAFT_PAGE.trim_end_matches("index.html"));
    assert_eq!(serve.get_as(&host, &url).0, draft, "the draft, {url}");
    let allowed = values(args, "--allowed-host");
    for name in &allowed {
        // A bare name is answered with or without the listening port; `NAME:PORT` as given.
        let mut hosts = vec![name.to_string()];
        if !name.contains(':') {
            hosts.push(format!("{name}:{}", serve.port));
        }
        for host in hosts {
            assert_eq!(serve.get_as(&host, "/").0, 200, "Host: {host}");
        }
    }
    // Any other name is refused, with or without `--allowed-host` (DNS rebinding).
    let other = format!("elsewhere.test:{}", serve.port);
    assert_eq!(serve.get_as(&other, "/").0, 403, "Host: {other}");
    if has(args, "--open") {
        let want = format!("127.0.0.1:{}", serve.port);
        let deadline = Instant::now() + Duration::from_secs(10);
        while !std::fs::read_to_string(&record).is_ok_and(|r| r.contains(&want)) {
            assert!(Instant::now() < deadline, "--open opened nothing at {want}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The commands with a test of their own; the rest (galley itself, `help`, unknown
/// commands) run in `galley_and_help_rows`.
const COMMANDS: &[&str] = &["build", "serve", "check", "new", "init"];

#[test]
fn galley_and_help_rows() {
    run_rows(|cmd| !COMMANDS.contains(&cmd));
}

#[test]
fn build_rows() {
    run_rows(|cmd| cmd == "build");
}

#[test]
fn serve_rows() {
    run_rows(|cmd| cmd == "serve");
}

#[test]
fn check_rows() {
    run_rows(|cmd| cmd == "check");
}

#[test]
fn new_rows() {
    run_rows(|cmd| cmd == "new");
}

#[test]
fn init_rows() {
    run_rows(|cmd| cmd == "init");
}
