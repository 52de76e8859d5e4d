//! The fonts social cards are drawn with, in this order: the site's own folder
//! (`images.card_fonts`), galley's built-in Noto Sans (Regular and Bold, a Latin subset embedded
//! in the binary, see `fonts/README.md`), then the system's font folders, each file in a fixed
//! order. The built-in faces come before the system's so that a Latin title draws the same
//! pixels on every machine, with or without fonts installed; a character they lack (Greek,
//! CJK, Arabic, emoji) falls back to the system's fonts, the same font on every build and
//! machine with the same files.
//!
//! The list of files is cheap to make (no font is opened), and its fingerprint (paths, sizes,
//! modification times, and the built-in fonts' bytes) keys the cards' cache: a build whose
//! cards are all cached never loads a font. Loading parses each face's names (fontdb, files
//! memory-mapped).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use resvg::usvg::{self, fontdb};

/// Font file extensions fontdb reads.
const EXTENSIONS: &[&str] = &["ttf", "otf", "ttc", "otc"];

/// galley's own fonts, Noto Sans Regular and Bold cut to Latin (OFL 1.1, `fonts/OFL.txt`).
const BUILT_IN: [&[u8]; 2] = [
    include_bytes!("fonts/NotoSans-Regular.ttf"),
    include_bytes!("fonts/NotoSans-Bold.ttf"),
];

/// The font files of a build, in the order they are loaded, around the built-in fonts. The
/// default has none: the built-in fonts alone, what a machine without fonts draws with.
#[derive(Debug, Default)]
pub struct FontFiles {
    /// The site's own, loaded before the built-in fonts.
    own: Vec<PathBuf>,
    /// The system's, loaded after them.
    system: Vec<PathBuf>,
}

impl FontFiles {
    /// The fonts in `site_folder` (when given), then the system's.
    pub fn find(site_folder: Option<&Path>) -> FontFiles {
        let own = site_folder.map(files_under).unwrap_or_default();
        let mut system: Vec<PathBuf> = system_folders()
            .iter()
            .flat_map(|d| files_under(d))
            .collect();
        // Colour emoji fonts first among the system's: a character the card's font lacks goes
        // to the first font that has it, and an emoji should be drawn in colour rather than
        // by a symbol font's black outline.
        system.sort_by_key(|p| !is_emoji_font(p));
        // A file in two folders of the list (`images.card_fonts` naming a system folder, or
        // two system folders that are one) is loaded once, at its first place.
        let mut seen: std::collections::HashSet<PathBuf> = own.iter().cloned().collect();
        system.retain(|p| seen.insert(p.clone()));
        FontFiles { own, system }
    }

    /// Every file's path, size and modification time, and the built-in fonts' bytes, hashed:
    /// what the fonts add to a card's cache key.
    pub fn fingerprint(&self) -> u64 {
        let mut h = crate::cache::Hasher::default();
        for f in &self.own {
            file_part(&mut h, f);
        }
        for bytes in BUILT_IN {
            h.part(bytes);
        }
        for f in &self.system {
            file_part(&mut h, f);
        }
        h.finish()
    }

    /// Loads every face, in order, with the generic families (`sans-serif`, `serif`,
    /// `monospace`) set to fonts that are there.
    pub fn load(&self) -> Arc<fontdb::Database> {
        let mut db = fontdb::Database::new();
        // A file fontdb cannot read is skipped, like a system would skip it.
        for f in &self.own {
            let _ = db.load_font_file(f);
        }
        // Before the system's: `Database::query` breaks a tie between faces of one family,
        // stretch, style and weight by taking the first in its storage, which is load order
        // since no face is ever removed. So an installed Noto Sans never replaces these.
        for bytes in BUILT_IN {
            db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
        }
        for f in &self.system {
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
/// font lacks another face of its family that has it, else the first font that has it.
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
            let found = same_family(c, used, db).or_else(|| fallback(c, used, db));
            if found.is_none() && !c.is_whitespace() && !is_joiner(c) {
                if let Ok(mut m) = missing.lock() {
                    m.chars.insert(c);
                }
            }
            found
        }),
    }
}

/// A face of the same family, weight, style and stretch as the text's font that has `c`: for
/// a character the built-in Latin subset lacks, the system's complete Noto Sans, so that a
/// Greek or Cyrillic title is drawn as it would be without the subset, not by the first font
/// in the list that has the character (a CJK font, whose Latin would then draw the whole title).
fn same_family(c: char, used: &[fontdb::ID], db: &fontdb::Database) -> Option<fontdb::ID> {
    let base = db.face(*used.first()?)?;
    db.faces()
        .find(|f| {
            !used.contains(&f.id)
                && family_name(f) == family_name(base)
                && (f.weight, f.style, f.stretch) == (base.weight, base.style, base.stretch)
                && has_char(db, f.id, c)
        })
        .map(|f| f.id)
}

/// Whether a face's character map has `c`, as usvg checks it.
fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        let font = skrifa::FontRef::from_index(data, index).ok()?;
        skrifa::charmap::Charmap::new(&font).map(c)
    })
    .flatten()
    .is_some()
}

/// Zero-width joiners and variation selectors, which no font needs to draw.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}' | '\u{fe00}'..='\u{fe0f}')
}

/// A file's path, size and modification time, as a part of a hash.
fn file_part(h: &mut crate::cache::Hasher, f: &Path) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const BOLD: fontdb::Weight = fontdb::Weight::BOLD;

    /// The face `family` at `weight` resolves to, as fontdb's query picks it.
    fn pick(
        db: &fontdb::Database,
        family: fontdb::Family<'_>,
        weight: fontdb::Weight,
    ) -> fontdb::ID {
        db.query(&fontdb::Query {
            families: &[family],
            weight,
            ..fontdb::Query::default()
        })
        .expect("a face")
    }

    fn is_built_in(db: &fontdb::Database, id: fontdb::ID) -> bool {
        matches!(db.face_source(id), Some((fontdb::Source::Binary(_), _)))
    }

    #[test]
    fn the_built_in_fonts_alone_are_noto_sans_and_sans_serif() {
        let db = FontFiles::default().load();
        assert_eq!(db.len(), 2);
        assert_eq!(db.family_name(&fontdb::Family::SansSerif), "Noto Sans");
        for weight in [fontdb::Weight::NORMAL, BOLD] {
            let id = pick(&db, fontdb::Family::SansSerif, weight);
            assert_eq!(db.face(id).map(|f| f.weight), Some(weight));
        }
    }

    #[test]
    fn the_built_in_fonts_win_over_the_systems_and_lose_to_the_sites() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        // A copy of the built-in Bold stands for an installed Noto Sans Bold: the same family,
        // weight and style, so only the load order decides.
        let copy = tmp.path().join("NotoSans-Bold.ttf");
        std::fs::write(&copy, BUILT_IN[1]).expect("written");
        let system = FontFiles {
            own: Vec::new(),
            system: vec![copy.clone()],
        };
        let db = system.load();
        assert!(is_built_in(
            &db,
            pick(&db, fontdb::Family::Name("Noto Sans"), BOLD)
        ));
        assert!(is_built_in(&db, pick(&db, fontdb::Family::SansSerif, BOLD)));
        let own = FontFiles {
            own: vec![copy],
            system: Vec::new(),
        };
        let db = own.load();
        assert!(!is_built_in(
            &db,
            pick(&db, fontdb::Family::SansSerif, BOLD)
        ));
    }

    #[test]
    fn the_fingerprint_covers_the_built_in_fonts_and_the_order() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let f = tmp.path().join("a.ttf");
        std::fs::write(&f, b"x").expect("written");
        let own = FontFiles {
            own: vec![f.clone()],
            system: Vec::new(),
        };
        let system = FontFiles {
            own: Vec::new(),
            system: vec![f],
        };
        let none = FontFiles::default().fingerprint();
        assert_ne!(none, crate::cache::Hasher::default().finish());
        assert_ne!(own.fingerprint(), system.fingerprint());
        assert_ne!(own.fingerprint(), none);
    }

    /// A Greek letter in a bold title goes to the system's Noto Sans Bold, not to the first
    /// font with Greek (Noto Sans CJK Bold, before it in `/usr/share/fonts` as here). Needs
    /// Debian's fonts-noto-core and fonts-noto-cjk, which `scripts/test-all.sh` installs;
    /// skipped without them.
    #[test]
    fn a_character_the_subset_lacks_goes_to_the_same_family_first() {
        let cjk = PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc");
        let noto = PathBuf::from("/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf");
        if !cjk.is_file() || !noto.is_file() {
            eprintln!("skipped: no {} or {}", cjk.display(), noto.display());
            return;
        }
        let files = FontFiles {
            own: Vec::new(),
            system: vec![cjk, noto.clone()],
        };
        let mut db = files.load();
        let base = pick(&db, fontdb::Family::SansSerif, BOLD);
        assert!(is_built_in(&db, base));
        assert!(!has_char(&db, base, 'α'), "the subset has no Greek");
        assert!(has_char(&db, base, 'ç'));
        let missing = Mutex::new(Missing::default());
        let found = (resolver(&missing).select_fallback)('α', &[base], &mut db);
        let source = found.and_then(|id| db.face_source(id)).map(|(s, _)| s);
        match source {
            Some(fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _)) => {
                assert_eq!(p, noto);
            }
            other => panic!("fell back to {other:?}"),
        }
        assert!(missing.lock().expect("not poisoned").chars.is_empty());
    }
}
