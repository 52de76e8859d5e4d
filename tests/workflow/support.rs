//! Helpers: fixture sites in temporary folders, running the binary, raw HTTP requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The repository, whose templates and stylesheet the fixture sites use.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `text` at `rel` under `root`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
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

/// An article's text with the given front matter extras and body.
pub fn article(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndescription: \"About {title}.\"\ndate: {date}\n{extra}---\n{body}")
}

/// A small site in `dir`: the repository's templates and static files, two articles.
pub fn small_site(dir: &Path) {
    write(
        dir,
        "config.yaml",
        "title: \"Fixture\"\nbase_url: \"https://fixture.example/\"\n",
    );
    copy_dir(&repo().join("templates"), &dir.join("templates"));
    copy_dir(&repo().join("static"), &dir.join("static"));
    write(
        dir,
        "content/articles/alpha.md",
        &article(
            "Alpha",
            "2026-01-02",
            "tags: [one]\n",
            "\nOriginal body.\n\n## First part\n\n```rust\nfn main() {}\n```\n",
        ),
    );
    write(dir, "content/articles/beta.md", &article("Beta", "2026-01-01", "", "\nBeta body with [a link to alpha](@/articles/alpha.md#first-part).\n\n## Details\n\nMore.\n"));
}

/// Runs the binary with `args`, without colour.
pub fn galley(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galley"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Text of stderr and stdout together, for assertions.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Calls `f` until it returns `Some`, or panics after `limit`.
pub fn poll<T>(limit: Duration, what: &str, mut f: impl FnMut() -> Option<T>) -> (T, Duration) {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return (v, start.elapsed());
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running `galley serve`, stopped (by its own handle) when dropped.
pub struct Serve {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    log: mpsc::Receiver<String>,
}

impl Serve {
    /// Starts `galley serve --port 0` on the site at `root` and waits for its URL.
    pub fn start(root: &Path) -> Serve {
        Serve::start_with(root, &[])
    }

    /// [`Serve::start`] with more flags.
    pub fn start_with(root: &Path, flags: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_galley"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(flags)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for stream in [Box::new(stdout) as Box<dyn Read + Send>, Box::new(stderr)] {
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
        while serve.port == 0 {
            let line = serve
                .log
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("serve printed no URL");
            if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
                serve.port = rest.split('/').next().unwrap().parse().unwrap();
            }
        }
        serve
    }

    /// `GET path`: (status, headers, body).
    pub fn get(&self, path: &str) -> (u16, String, String) {
        self.get_as("127.0.0.1", path)
    }

    /// `GET path` sent with `Host: host`, as a browser that reached the server by that name.
    pub fn get_as(&self, host: &str, path: &str) -> (u16, String, String) {
        raw(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
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

/// Sends `request` as written (no client to normalise the path) and parses the answer.
pub fn raw(port: u16, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
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
