//! One open pack file and its index: where each valid record starts, and whether this build
//! used it.
//!
//! Records are only ever appended (`O_APPEND`, one `write` per record), and a compacted file is
//! written beside the pack and renamed over it, so the bytes behind an offset in the index never
//! change while the file is open: another process may append after them or rename a new file
//! over the path, but the inode this process holds keeps what it indexed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::record;
use crate::highlight::Block;

/// Files up to this size are compacted whenever a record in them went unused: it costs little.
/// Larger ones only when a quarter of their bytes are dead, so an edit to one article does not
/// rewrite a large site's whole pack.
const SMALL: u64 = 4 << 20;

/// A thread's record buffer is dropped after a read that grew it past this, so one huge block
/// does not stay in memory for the rest of a session.
const KEEP: usize = 1 << 20;

thread_local! {
    /// The record [`Pack::get`] reads on this thread, reused from one hit to the next.
    static RECORD: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// An open pack.
pub struct Pack {
    file: File,
    header_len: u64,
    index: HashMap<u128, Slot>,
    /// Bytes were found that are not a valid record (a torn tail, a damaged record): records
    /// after a damaged fixed part are invisible to the next scan, and a damaged payload is a
    /// miss every build, so the file is rewritten at the end.
    damaged: AtomicBool,
}

/// Where one record is, and whether the build asked for it.
struct Slot {
    offset: u64,
    len: u32,
    used: AtomicBool,
}

impl Pack {
    /// The pack at `path` if it starts with `header`; otherwise (missing, foreign, from another
    /// galley) a new empty pack put in its place.
    pub fn open(path: &Path, header: &[u8]) -> io::Result<Pack> {
        match File::options().read(true).append(true).open(path) {
            Ok(file) => {
                if let Some(pack) = Pack::scan(file, header)? {
                    return Ok(pack);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Pack::replace(path, header, |_| Ok(HashMap::new()))
    }

    /// Indexes every record from the header on, stopping at the first that does not start like
    /// a record or does not fit in the file. `None` if the file does not start with `header`.
    ///
    /// Only each record's fixed part is read: checking every payload here, and again when a
    /// hit reads it, cost a warm build a second pass over the whole file. [`Pack::get`] checks
    /// the record it serves, so a damaged payload is still a miss, never wrong HTML.
    fn scan(file: File, header: &[u8]) -> io::Result<Option<Pack>> {
        let mut reader = BufReader::with_capacity(1 << 16, &file);
        let mut start = vec![0; header.len()];
        if reader.read_exact(&mut start).is_err() || start != header {
            return Ok(None);
        }
        let (mut index, mut offset) = (HashMap::new(), header.len() as u64);
        let file_len = file.metadata()?.len();
        while offset < file_len {
            let Some((key, len)) = next_record(&mut reader, file_len - offset) else {
                break;
            };
            // A later record of the same key (two builds that both missed it) wins.
            index.insert(key, Slot::new(offset, len, false));
            offset += len as u64;
        }
        let damaged = AtomicBool::new(offset < file_len);
        Ok(Some(Pack {
            header_len: header.len() as u64,
            file,
            index,
            damaged,
        }))
    }

    /// The block stored under `key`, if its record is intact; it counts as used by this build.
    pub fn get(&self, key: u128) -> Option<Block> {
        let slot = self.index.get(&key)?;
        let block = RECORD.with_borrow_mut(|bytes| {
            // Resizing a reused buffer zeroes only what it grows by; a new zeroed buffer per
            // hit cost a warm build as much as checking the record.
            bytes.resize(slot.len as usize, 0);
            let block = read_at(&self.file, bytes, slot.offset)
                .ok()
                .and_then(|()| record::decode(bytes, key));
            if bytes.capacity() > KEEP {
                *bytes = Vec::new();
            }
            block
        });
        match &block {
            Some(_) => slot.used.store(true, Ordering::Relaxed),
            None => self.damaged.store(true, Ordering::Relaxed),
        }
        block
    }

    /// Appends the record `bytes` of `key` in one write. A failed write may leave a torn
    /// record: the file is marked damaged so the end of the build rewrites it.
    pub fn append(&mut self, key: u128, bytes: &[u8]) {
        let written = (&self.file)
            .write_all(bytes)
            .and_then(|()| (&self.file).stream_position());
        match written {
            // With O_APPEND the record ends where the write left the file position.
            Ok(end) => {
                let offset = end.saturating_sub(bytes.len() as u64);
                self.index.insert(key, Slot::new(offset, bytes.len(), true));
            }
            Err(_) => self.damaged.store(true, Ordering::Relaxed),
        }
    }

    /// Whether the end of a build should rewrite the file: damaged, or holding records this
    /// build did not use (see [`SMALL`]).
    pub fn wants_compaction(&self) -> bool {
        if self.damaged.load(Ordering::Relaxed) {
            return true;
        }
        let Ok(len) = self.file.metadata().map(|m| m.len()) else {
            return false;
        };
        let live: u64 = self.used().map(|(_, s)| u64::from(s.len)).sum();
        let dead = len.saturating_sub(self.header_len + live);
        dead > 0 && (len <= SMALL || dead >= live / 4)
    }

    fn used(&self) -> impl Iterator<Item = (&u128, &Slot)> {
        self.index
            .iter()
            .filter(|(_, s)| s.used.load(Ordering::Relaxed))
    }

    /// A new pack at `path` holding only the records this build used, written beside it and
    /// renamed over it (atomic: a reader sees the old file or the new one, never a mix).
    pub fn compact(&self, path: &Path, header: &[u8]) -> io::Result<Pack> {
        let mut used: Vec<(&u128, &Slot)> = self.used().collect();
        used.sort_by_key(|(_, s)| s.offset);
        Pack::replace(path, header, |out| {
            let (mut index, mut buf) = (HashMap::new(), Vec::new());
            let mut offset = header.len() as u64;
            for (key, slot) in used {
                buf.resize(slot.len as usize, 0);
                read_at(&self.file, &mut buf, slot.offset)?;
                if record::verify(&buf) == Some(*key) {
                    out.write_all(&buf)?;
                    index.insert(*key, Slot::new(offset, buf.len(), true));
                    offset += buf.len() as u64;
                }
            }
            Ok(index)
        })
    }

    /// Writes `header` and what `fill` writes to a temporary file beside `path`, renames it
    /// over `path` and returns it open for appending, with the index `fill` returned.
    fn replace(
        path: &Path,
        header: &[u8],
        fill: impl FnOnce(&mut BufWriter<&File>) -> io::Result<HashMap<u128, Slot>>,
    ) -> io::Result<Pack> {
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        let written = (|| {
            let file = File::options()
                .read(true)
                .append(true)
                .create_new(true)
                .open(&tmp)?;
            let mut out = BufWriter::with_capacity(1 << 18, &file);
            out.write_all(header)?;
            let index = fill(&mut out)?;
            out.flush()?;
            drop(out);
            fs::rename(&tmp, path)?;
            Ok((file, index))
        })();
        match written {
            Ok((file, index)) => Ok(Pack {
                file,
                header_len: header.len() as u64,
                index,
                damaged: AtomicBool::new(false),
            }),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}

impl Slot {
    fn new(offset: u64, len: usize, used: bool) -> Slot {
        Slot {
            offset,
            len: len as u32,
            used: AtomicBool::new(used),
        }
    }
}

/// Reads the fixed part of the next record and skips its payload: its key and whole length,
/// if it starts like a record and fits in the `left` bytes of the file.
fn next_record(reader: &mut BufReader<&File>, left: u64) -> Option<(u128, usize)> {
    let mut head = [0; record::HEAD];
    reader.read_exact(&mut head).ok()?;
    let payload = record::payload_len(&head)?;
    let len = record::HEAD + payload;
    if len as u64 > left {
        return None;
    }
    reader.seek_relative(i64::try_from(payload).ok()?).ok()?;
    Some((record::key(&head)?, len))
}

/// Fills `buf` from `file` at `offset`, without moving a shared file position, so threads read
/// in parallel.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}
