//! Test support shared by every test target: the repository's site (or parts of it) copied
//! into a temporary folder, the compiled binary run to its end with a time limit or served,
//! byte snapshots of folders, and output pages parsed with `scraper`.
//!
//! Each target includes this file as its own `common` module (`#[path = "../common/mod.rs"]
//! mod common;` from a folder target, `mod common;` from a single-file one); a folder named
//! `common` holding `mod.rs` is not a test target of its own. Helpers only one target needs
//! stay in that target's `support.rs`, built on these.

// Every target compiles the whole module but uses a different subset of it; what one target
// leaves unused is used by another.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

/// The compiled `galley` binary.
pub const GALLEY: &str = env!("CARGO_BIN_EXE_galley");

/// Longest a command may run; a hung command fails its test instead of the whole run.
const LIMIT: Duration = Duration::from_secs(120);

/// The repository root: its own site, and the templates and static files other sites copy.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---- Sites ----------------------------------------------------------------------------------

/// Every part of the repository's own site.
pub const WHOLE_SITE: &[&str] = &["config.yaml", "content", "data", "templates", "static"];

/// The parts of the repository's site that fixture sites borrow: its templates and static
/// files.
pub const THEME: &[&str] = &["templates", "static"];

/// Copies `parts` of the repository's site (files or folders, named from the repository
/// root; see [`WHOLE_SITE`] and [`THEME`]) into `to`, creating it.
pub fn copy_site(to: &Path, parts: &[&str]) {
    std::fs::create_dir_all(to).unwrap();
    for part in parts {
        let from = repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &to.join(part));
        } else {
            std::fs::copy(&from, to.join(part)).unwrap_or_else(|e| panic!("{part}: {e}"));
        }
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Writes `text` at `rel` under `root`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    write_bytes(root, rel, text.as_bytes());
}

/// Writes `bytes` at `rel` under `root`, creating folders.
pub fn write_bytes(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

// ---- Folders --------------------------------------------------------------------------------

/// Every entry below `dir` (dotfiles included), by relative path with `/`.
fn walk(dir: &Path) -> impl Iterator<Item = (String, walkdir::DirEntry)> + '_ {
    // A missing folder is an empty one (`WalkDir` would report an error for it).
    let root = dir.exists().then_some(dir);
    root.into_iter()
        .flat_map(|dir| walkdir::WalkDir::new(dir).min_depth(1))
        .map(move |entry| {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(dir).unwrap();
            (rel.to_string_lossy().replace('\\', "/"), entry)
        })
}

/// Every file below `dir` with its bytes, by relative path with `/`: what a build wrote.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .filter(|(_, entry)| entry.file_type().is_file())
        .map(|(rel, entry)| (rel, std::fs::read(entry.path()).unwrap()))
        .collect()
}

/// Like [`snapshot`], but also every folder (as `None`, so an added or removed empty folder
/// shows too) and every symbolic link (as the bytes of the path it points to): all there is
/// below `dir`.
pub fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walk(dir)
        .map(|(rel, entry)| {
            let kind = entry.file_type();
            let bytes = if kind.is_dir() {
                None
            } else if kind.is_symlink() {
                let target = std::fs::read_link(entry.path()).unwrap();
                Some(target.into_os_string().into_encoded_bytes())
            } else {
                Some(std::fs::read(entry.path()).unwrap())
            };
            (rel, bytes)
        })
        .collect()
}

/// Names directly inside `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---- Pages ----------------------------------------------------------------------------------

/// Relative paths (with `/`) of every `.html` file under `dir`, sorted.
pub fn html_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir)
        .filter(|(rel, entry)| entry.file_type().is_file() && rel.ends_with(".html"))
        .map(|(rel, _)| rel)
        .collect();
    files.sort();
    files
}

/// Parses an output file as an HTML document.
pub fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

/// A CSS selector (panics on a typo).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

// ---- Running the binary ---------------------------------------------------------------------

/// A `galley args` command: no colour, no backtrace, and the test's own folder unless the
/// caller sets another.
pub fn command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(GALLEY);
    // A panic's message and place are enough here; its backtrace would bury the report.
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0");
    cmd
}

/// Runs `galley args` in folder `cwd` to its end.
pub fn galley(cwd: &Path, args: &[&str]) -> Run {
    let mut cmd = command(args);
    cmd.current_dir(cwd);
    finish(cmd)
}

/// What a finished run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The command line, for failure messages.
    pub args: Vec<String>,
    /// Exit code; `None` if a signal ended it (a stack overflow, for one).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Whether it exited by itself with code 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Standard output followed by standard error, for assertions on what a user sees.
    pub fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts the exit code is exactly `code`, and [`Run::assert_clean`]: a bug in galley
    /// fails with the whole output, whatever `code` is.
    pub fn assert_exit(&self, code: i32) -> &Self {
        self.assert_clean();
        let line = self.args.join(" ");
        assert_eq!(
            self.code,
            Some(code),
            "galley {line}: wrong exit code\n{self:#?}"
        );
        self
    }

    /// Asserts the process ended by itself (no signal) and shows no bug in galley: no panic
    /// (galley's own `internal error:` line, or Rust's `panicked`) and no stack overflow.
    pub fn assert_clean(&self) -> &Self {
        let line = self.args.join(" ");
        assert!(
            self.code.is_some(),
            "galley {line} was killed by a signal\n{self:#?}"
        );
        let crashed = self.stderr.contains("panicked") || self.stderr.contains("internal error:");
        assert!(!crashed, "galley {line} crashed\n{self:#?}");
        assert!(
            !self.stderr.contains("overflow"),
            "galley {line}: stack overflow?\n{self:#?}"
        );
        self
    }
}

/// Runs `cmd` to its end with stdin closed (killed after [`LIMIT`]) and collects what it
/// printed.
pub fn finish(mut cmd: Command) -> Run {
    let args: Vec<String> = cmd
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut child = start(&mut cmd);
    // Both pipes are drained on threads so a chatty command cannot block on a full pipe.
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("galley {args:?} still ran after {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        args,
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Starts `cmd` with stdin closed and its output piped to the test.
fn start(cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start galley {:?}: {e}", cmd.get_args().collect::<Vec<_>>()))
}

fn drain(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

// ---- Serving --------------------------------------------------------------------------------

/// A running `galley serve`, killed (by its own handle) when dropped.
pub struct Serve {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    log: mpsc::Receiver<String>,
}

impl Serve {
    /// Starts `cmd` (a `serve` command) and waits for its `serving http://127.0.0.1:PORT/`.
    pub fn spawn(cmd: Command) -> Serve {
        Serve::spawn_until(cmd, "serving http://127.0.0.1:")
    }

    /// Starts `cmd` (a `serve` command) and returns as soon as it listens, while its first
    /// build runs (`building the site for http://127.0.0.1:PORT/`).
    pub fn spawn_building(cmd: Command) -> Serve {
        Serve::spawn_until(cmd, "building the site for http://127.0.0.1:")
    }

    /// Waits (up to a minute) until the first build is served; the lines printed on the way
    /// are dropped.
    pub fn wait_served(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = self.log.recv_timeout(Duration::from_millis(50)) {
                if line.starts_with("serving http://") {
                    return;
                }
            }
        }
        panic!("serve never printed its `serving` line");
    }

    fn spawn_until(mut cmd: Command, prefix: &str) -> Serve {
        let mut child = start(&mut cmd);
        let (tx, rx) = mpsc::channel();
        let out: Box<dyn Read + Send> = Box::new(child.stdout.take().unwrap());
        let err: Box<dyn Read + Send> = Box::new(child.stderr.take().unwrap());
        for stream in [out, err] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut serve = Serve {
            child,
            port: 0,
            log: rx,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while serve.port == 0 {
            // In slices, so a server that exits (a bad flag) fails at once.
            match serve.log.recv_timeout(Duration::from_millis(50)) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix(prefix) {
                        serve.port = rest.split('/').next().unwrap().parse().unwrap();
                    }
                    seen.push(line);
                }
                Err(_) => {
                    let code = serve.child.try_wait().unwrap();
                    if code.is_some() || Instant::now() > deadline {
                        std::thread::sleep(Duration::from_millis(50));
                        seen.extend(serve.log.try_iter());
                        panic!("serve printed no URL (exit: {code:?}); it printed:\n{seen:#?}");
                    }
                }
            }
        }
        serve
    }

    /// `GET path` with `Host: 127.0.0.1`: (status, headers, body).
    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.get_as("127.0.0.1", path)
    }

    /// `GET path` sent with `Host: host`, as a browser that reached the server by that name:
    /// (status, headers, body).
    pub fn get_as(&self, host: &str, path: &str) -> (u16, String, String) {
        raw(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    }

    /// The `Host` a browser sends to this server.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Everything the server printed since it printed its URL, or since the last call.
    pub fn log(&self) -> String {
        self.log.try_iter().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` to 127.0.0.1:`port` as written (no client to normalise the path) and
/// parses the answer: (status, headers in lower case, body). The status is 0 if there was
/// no answer.
pub fn raw(port: u16, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}
