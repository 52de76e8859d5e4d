//! Shared helpers: running the binary with a time limit, a running `serve` and raw HTTP
//! requests to it, a proxy that refuses everything, folders and output pages.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

/// The compiled `galley` binary.
pub const GALLEY: &str = env!("CARGO_BIN_EXE_galley");

/// Longest a command may run; a hung command fails its row instead of the whole run.
const LIMIT: Duration = Duration::from_secs(120);

/// The repository: its own site, and the templates and static files other sites copy.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `text` at `rel` under `root`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
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

/// What a finished run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The command line, for failure messages.
    pub args: Vec<String>,
    /// Exit code; `None` if a signal ended it.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code is exactly `code`. A bug in galley (exit 70 with `internal
    /// error:`, or Rust's own 101 and `panicked`), a signal, or any code the README does not
    /// document fails with the whole output, whatever `code` is.
    pub fn assert_exit(&self, code: i32) -> &Self {
        let line = self.args.join(" ");
        let crashed = self.stderr.contains("panicked") || self.stderr.contains("internal error:");
        assert!(!crashed, "galley {line} crashed\n{self:#?}");
        assert_eq!(
            self.code,
            Some(code),
            "galley {line}: wrong exit code\n{self:#?}"
        );
        self
    }
}

/// A `galley` command, without colour, in folder `cwd`.
pub fn command(cwd: &Path, args: &[String]) -> Command {
    let mut cmd = Command::new(GALLEY);
    // A panic's message and place are enough here; its backtrace would bury the row's report.
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0");
    cmd
}

/// Runs `cmd` to its end (killed after [`LIMIT`]) and collects what it printed.
pub fn finish(mut cmd: Command, args: &[String]) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start galley");
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
        args: args.to_vec(),
        code: status.code(),
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn drain(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// Runs `galley args` in `cwd`.
pub fn galley(cwd: &Path, args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    finish(command(cwd, &args), &args)
}

/// A running `galley serve`, killed (by its own handle) when dropped.
pub struct Serve {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    log: mpsc::Receiver<String>,
}

impl Serve {
    /// Starts `cmd` (a `serve` command) and waits for its `serving http://127.0.0.1:PORT/`.
    pub fn start(mut cmd: Command) -> Serve {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start galley serve");
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
            // In slices, so a server that exits (a bad flag) fails the row at once.
            match serve.log.recv_timeout(Duration::from_millis(50)) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
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

    /// `GET path` with this `Host` header: (status, body).
    pub fn get(&self, host: &str, path: &str) -> (u16, String) {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok());
        (status.unwrap_or(0), body.to_string())
    }

    /// The `Host` a browser sends to this server.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Everything the server printed so far.
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

/// Relative paths (with `/`) of every `.html` file under `dir`, sorted.
pub fn html_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Parses an output page.
pub fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

/// A CSS selector (panics on a typo).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
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
    for rel in &files {
        let doc = page(out, rel);
        for (css, selector, n) in &checks {
            let found = doc.select(selector).count();
            assert_eq!(found, *n, "{}/{rel}: `{css}` elements", out.display());
        }
    }
    files.len()
}
