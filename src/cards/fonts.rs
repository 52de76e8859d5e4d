//! The fonts social cards are drawn with: the site's own folder (`images.card_fonts`), then
//! the system's font folders, each file in a fixed order so that a character missing from
//! the card's font falls back to the same font on every build and machine with the same
//! files.
//!
//! The list of files is cheap to make (no font is opened), and its fingerprint (paths, sizes,
//! modification times) keys the cards' cache: a build whose cards are all cached never loads
//! a font. Loading parses each face's names (fontdb, files memory-mapped).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use resvg::usvg::{self, fontdb};

/// Font file extensions fontdb reads.
const EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

/// The font files of a build, in the order they are loaded.
#[derive(Debug, Default)]
pub struct FontFiles {
    files: Vec<PathBuf>,
}

impl FontFiles {
    /// The fonts in `site_folder` (when given), then the system's.
    pub fn find(site_folder: Option<&Path>) -> FontFiles {
        let mut own = site_folder.map(files_under).unwrap_or_default();
        let mut system: Vec<PathBuf> = system_folders()
            .iter()
            .flat_map(|d| files_under(d))
            .collect();
        // Colour emoji fonts first among the system's: a character the card's font lacks goes
        // to the first font that has it, and an emoji should be drawn in colour rather than
        // by a symbol font's black outline.
        system.sort_by_key(|p| !is_emoji_font(p));
        own.append(&mut system);
        let mut seen = std::collections::HashSet::new();
        own.retain(|p| seen.insert(p.clone()));
        FontFiles { files: own }
    }

    /// Whether there is no font at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every file's path, size and modification time, hashed: what the fonts add to a card's
    /// cache key.
    pub fn fingerprint(&self) -> u64 {
        let mut h = crate::cache::Hasher::default();
        for f in &self.files {
            let meta = std::fs::metadata(f).ok();
            let len = meta.as_ref().map_or(0, std::fs::Metadata::len);
            let modified = meta
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.part(f.to_string_lossy().as_bytes())
                .part(&len.to_le_bytes())
                .part(&modified.to_le_bytes());
        }
        h.finish()
    }

    /// Loads every face, in order, with the generic families (`sans-serif`, `serif`,
    /// `monospace`) set to fonts that are there.
    pub fn load(&self) -> Arc<fontdb::Database> {
        let mut db = fontdb::Database::new();
        for f in &self.files {
            // A file fontdb cannot read is skipped, like a system would skip it.
            let _ = db.load_font_file(f);
        }
        let has = |db: &fontdb::Database, name: &str| {
            db.faces()
                .any(|f| f.families.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)))
        };
        let first = |db: &fontdb::Database, names: &[&str]| {
            names
                .iter()
                .find(|n| has(db, n))
                .map(|n| n.to_string())
                .or_else(|| db.faces().next().map(|f| family_name(f).to_string()))
        };
        let sans = [
            "Noto Sans",
            "DejaVu Sans",
            "Liberation Sans",
            "Arial",
            "Helvetica",
        ];
        let serif = [
            "Noto Serif",
            "DejaVu Serif",
            "Liberation Serif",
            "Times New Roman",
        ];
        let mono = [
            "Noto Sans Mono",
            "DejaVu Sans Mono",
            "Liberation Mono",
            "Courier New",
        ];
        if let Some(f) = first(&db, &sans) {
            db.set_sans_serif_family(f);
        }
        if let Some(f) = first(&db, &serif) {
            db.set_serif_family(f);
        }
        if let Some(f) = first(&db, &mono) {
            db.set_monospace_family(f);
        }
        Arc::new(db)
    }
}

/// What a drawing found missing: characters no font has, and font families not installed.
#[derive(Debug, Default)]
pub struct Missing {
    /// Characters no loaded font has (drawn as nothing or a box).
    pub chars: std::collections::BTreeSet<char>,
    /// `font-family` lists of which no family is installed.
    pub families: std::collections::BTreeSet<String>,
}

/// usvg's font choice with what it could not find recorded in `missing`: the first installed
/// family of a `font-family` list (else `sans-serif`, else any font), and for a character that
/// font lacks the first font that has it.
pub fn resolver(missing: &Mutex<Missing>) -> usvg::FontResolver<'_> {
    let fallback = usvg::FontResolver::default_fallback_selector();
    usvg::FontResolver {
        select_font: Box::new(move |font, db| {
            let families: Vec<fontdb::Family<'_>> = font
                .families()
                .iter()
                .map(|f| match f {
                    usvg::FontFamily::Serif => fontdb::Family::Serif,
                    usvg::FontFamily::SansSerif => fontdb::Family::SansSerif,
                    usvg::FontFamily::Cursive => fontdb::Family::Cursive,
                    usvg::FontFamily::Fantasy => fontdb::Family::Fantasy,
                    usvg::FontFamily::Monospace => fontdb::Family::Monospace,
                    usvg::FontFamily::Named(s) => fontdb::Family::Name(s),
                })
                .collect();
            let query = |families: &[fontdb::Family<'_>]| {
                db.query(&fontdb::Query {
                    families,
                    weight: fontdb::Weight(font.weight()),
                    stretch: font.stretch().into(),
                    style: font.style().into(),
                })
            };
            if let Some(id) = query(&families) {
                return Some(id);
            }
            if let Ok(mut m) = missing.lock() {
                let names: Vec<String> = font.families().iter().map(|f| f.to_string()).collect();
                m.families.insert(names.join(", "));
            }
            query(&[fontdb::Family::SansSerif]).or_else(|| db.faces().next().map(|f| f.id))
        }),
        select_fallback: Box::new(move |c, used, db| {
            let found = fallback(c, used, db);
            if found.is_none() && !c.is_whitespace() && !is_joiner(c) {
                if let Ok(mut m) = missing.lock() {
                    m.chars.insert(c);
                }
            }
            found
        }),
    }
}

/// Zero-width joiners and variation selectors, which no font needs to draw.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}')
}

fn family_name(face: &fontdb::FaceInfo) -> &str {
    face.families.first().map_or("", |(n, _)| n.as_str())
}

fn is_emoji_font(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().to_ascii_lowercase().contains("emoji"))
}

/// The font files under `dir`, by path.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_ascii_lowercase();
                EXTENSIONS.contains(&e.as_str())
            })
        })
        .collect()
}

/// Where the system keeps fonts.
fn system_folders() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = Vec::new();
    if cfg!(target_os = "macos") {
        dirs.extend(["/System/Library/Fonts", "/Library/Fonts"].map(PathBuf::from));
        dirs.extend(home.map(|h| h.join("Library/Fonts")));
    } else if cfg!(windows) {
        let windir = std::env::var_os("SYSTEMROOT")
            .map_or_else(|| PathBuf::from("C:\\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join("Microsoft\\Windows\\Fonts"));
        }
    } else {
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        let data_home = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
        dirs.extend(data_home.map(|d| d.join("fonts")));
        dirs.extend(home.map(|h| h.join(".fonts")));
    }
    dirs
}
