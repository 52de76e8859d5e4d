//! Watching the site's sources: `content/`, `data/`, `templates/`, `static/` and
//! `config.yaml`. Changes are debounced here, so an editor's save (often several events)
//! causes one rebuild.

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use crate::error::{Error, Result};

/// Folders whose every file feeds the build.
const SOURCES: &[&str] = &["content", "data", "templates", "static"];

/// Quiet time after the last event before a change is reported: long enough to group an
/// editor's write-rename-chmod, short enough that the page follows within a fraction of a second.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// A running watch on one site.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Starts watching the site at `root` (an absolute path).
    pub fn start(root: &Path) -> Result<Watch> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(root, &e))?;
        // The root itself, not recursively: that is where config.yaml is, and editors replace
        // files by renaming, which a watch on the file alone would lose.
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, &e))?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            events,
            watched: Vec::new(),
        };
        watch.refresh()?;
        Ok(watch)
    }

    /// Watches the source folders that exist now (one may be created while serving).
    pub fn refresh(&mut self) -> Result<()> {
        for name in SOURCES {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&dir, &e))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// Blocks until a source changes and stays unchanged for [`DEBOUNCE`]; returns the changed
    /// files (relative to the root), or `None` when the watch has stopped.
    pub fn wait(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        let mut dirty = false;
        while !dirty {
            dirty = self.collect(self.events.recv().ok()?, &mut changed);
        }
        loop {
            match self.events.recv_timeout(DEBOUNCE) {
                Ok(event) => {
                    self.collect(event, &mut changed);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    /// Adds the source files an event changed; answers whether the event calls for a rebuild.
    /// Reads are not changes: the build itself opens every source, and counting that would
    /// rebuild forever.
    fn collect(&self, event: notify::Result<Event>, changed: &mut Vec<PathBuf>) -> bool {
        let event = match event {
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => return false,
            Ok(e) => e,
            // Lost events (a queue overflow) may hide any change: rebuild to be sure.
            Err(_) => return true,
        };
        let before = changed.len();
        let rel = event
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok());
        changed.extend(rel.filter(|rel| is_source(rel)).map(Path::to_path_buf));
        changed.len() > before
    }
}

/// Whether a path (relative to the root) is a source file, and not an editor's scratch file.
fn is_source(rel: &Path) -> bool {
    let in_sources = rel
        .components()
        .next()
        .is_some_and(|c| SOURCES.iter().any(|s| c.as_os_str() == *s));
    if !(in_sources || rel == Path::new("config.yaml")) {
        return false;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    !scratch
}

fn watch_error(path: &Path, e: &notify::Error) -> Error {
    Error::io(
        path,
        std::io::Error::other(format!("cannot watch for changes: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_scratch_files() {
        for yes in [
            "config.yaml",
            "content/articles/a.md",
            "data/team/members.yaml",
            "templates/base.html",
            "static/css/s.css",
        ] {
            assert!(is_source(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            ".galley-cache/x",
            "content/articles/.a.md.swp",
            "content/a.md~",
            "templates/4913",
            "data/.x.toml.swp",
            "config.yaml.bak",
        ] {
            assert!(!is_source(Path::new(no)), "{no}");
        }
    }
}
