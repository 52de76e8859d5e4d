//! Social cards: the picture a link to a page shows on social sites and in chat (Open Graph's
//! `og:image`, X's `twitter:image`, the JSON-LD `image`).
//!
//! Each article and standalone page gets one, in this order: its front matter's `image:`; a
//! `card.png` (or `.jpg`, `.jpeg`, `.webp`) beside its `index.md`; else, with `images.cards` on
//! (the default), a 1200×630 PNG drawn from `templates/card.svg` and published beside the page
//! (`/articles/<slug>/card.png`). [`plan`] decides which, from the indexed site; [`make`] draws
//! the cards, in parallel, each kept in `.galley-cache/cards/` under a key made of everything
//! that decides its pixels (the template's text, the card's data, the fonts, galley's and the
//! renderer's versions), so a rebuild draws only the cards that changed.

mod draw;
mod fonts;
mod text;

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::assets::Asset;
use crate::cache;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::index::Site;
use crate::markdown::{ImageMap, LinkMap};
pub use draw::{CardCtx, HEIGHT, TEMPLATE, WIDTH};

/// The cards' folder inside the cache folder.
pub const DIR: &str = "cards";

/// A generated card's file name, beside its page.
pub const FILE: &str = "card.png";

/// A page's social image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocialImage {
    /// Absolute URL.
    pub url: String,
    /// Its size in pixels, when known.
    pub size: Option<(u32, u32)>,
    /// Alternative text: the page's title.
    pub alt: String,
}

/// Social images by page URL (root-relative, as `Page::url`).
pub type SocialImages = HashMap<String, SocialImage>;

/// A card to draw.
#[derive(Debug, Clone)]
pub struct Job {
    /// The page's URL, as in [`SocialImages`].
    pub page: String,
    /// The page's file (`content/articles/x.md`), for messages.
    pub source: PathBuf,
    /// Output path (`articles/x/card.png`).
    pub output: String,
    /// What the template gets.
    pub card: CardCtx,
}

/// Every page's social image, and the cards to draw.
#[derive(Debug, Default)]
pub struct Plan {
    /// By page URL.
    pub images: SocialImages,
    /// The cards to draw.
    pub jobs: Vec<Job>,
}

/// Decides each article's and page's social image.
pub fn plan(site: &Site, config: &Config, links: &LinkMap, sizes: &ImageMap) -> Plan {
    let mut plan = Plan::default();
    let shared = Shared {
        config,
        links,
        sizes,
    };
    for p in &site.pages {
        let a = &p.article;
        let own = a
            .image
            .as_deref()
            .map(|i| shared.front_matter_image(&a.source, i, &a.title));
        let card = || CardCtx {
            kind: "article",
            title: a.title.clone(),
            description: a.description.clone(),
            category: p.category.map(|c| site.categories[c].name.clone()),
            date: Some(a.date.to_string()),
            date_display: Some(crate::render::display_date(a.date)),
            authors: p
                .authors
                .iter()
                .map(|&i| site.authors[i].author.name.clone())
                .collect(),
            ..shared.card(&a.title)
        };
        let path = format!("articles/{}/", a.slug);
        shared.add(
            &mut plan,
            &p.url,
            &a.source,
            &a.display_path,
            &path,
            own,
            card,
        );
    }
    for p in &site.standalone {
        let d = &p.page;
        let card = || CardCtx {
            description: d.description.clone(),
            date: d.date.map(|x| x.to_string()),
            date_display: d.date.map(crate::render::display_date),
            ..shared.card(&d.title)
        };
        shared.add(
            &mut plan,
            &p.url,
            &d.source,
            &d.display_path,
            &d.path,
            None,
            card,
        );
    }
    plan
}

struct Shared<'a> {
    config: &'a Config,
    links: &'a LinkMap,
    sizes: &'a ImageMap,
}

impl Shared<'_> {
    /// A page's image: its own, a `card.*` beside it, or a card to draw.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        plan: &mut Plan,
        url: &str,
        source: &str,
        display: &Path,
        path: &str,
        own: Option<SocialImage>,
        card: impl FnOnce() -> CardCtx,
    ) {
        let image = own.or_else(|| {
            ["card.png", "card.jpg", "card.jpeg", "card.webp"]
                .iter()
                .find_map(|name| self.beside(source, name, ""))
        });
        let image = match image {
            Some(i) => i,
            None if self.config.images.cards => {
                let card = card();
                let image = SocialImage {
                    url: self.config.permalink(&format!("{path}{FILE}")),
                    size: Some((WIDTH, HEIGHT)),
                    alt: card.title.clone(),
                };
                plan.jobs.push(Job {
                    page: url.to_string(),
                    source: display.to_path_buf(),
                    output: format!("{path}{FILE}"),
                    card,
                });
                image
            }
            None => return,
        };
        plan.images.insert(url.to_string(), image);
    }

    /// `image:` from front matter: a file beside the page's `index.md`, else a URL or a path
    /// under `static/` as before.
    fn front_matter_image(&self, source: &str, image: &str, title: &str) -> SocialImage {
        self.beside(source, image, title)
            .unwrap_or_else(|| SocialImage {
                url: crate::render::absolute_image(self.config, image),
                size: None,
                alt: title.to_string(),
            })
    }

    /// The file `name` beside a bundle's `index.md`, when there is one.
    fn beside(&self, source: &str, name: &str, title: &str) -> Option<SocialImage> {
        let dir = source.strip_suffix("index.md")?;
        let name = name.trim_start_matches("./");
        let url = self.links.get(&format!("{dir}{name}"))?;
        let site_path = url.strip_prefix(self.config.base_path.as_str())?;
        Some(SocialImage {
            url: self.config.permalink(site_path),
            size: self.sizes.get(url).map(|i| (i.width, i.height)),
            alt: title.to_string(),
        })
    }

    /// What every card has: the title, the site.
    fn card(&self, title: &str) -> CardCtx {
        let c = self.config;
        let domain = c
            .base_url
            .split_once("://")
            .map_or(c.base_url.as_str(), |(_, rest)| rest)
            .trim_end_matches('/')
            .to_string();
        CardCtx {
            kind: "page",
            title: title.to_string(),
            description: String::new(),
            site: c.title.clone(),
            domain,
            category: None,
            date: None,
            date_display: None,
            authors: Vec::new(),
            rtl: text::is_rtl(title),
            language: c.language.clone(),
        }
    }
}

/// The cards drawn or found in the cache, how many were drawn, and what their fonts lacked.
#[derive(Debug, Default)]
pub struct Made {
    /// One asset per card.
    pub assets: Vec<Asset>,
    /// Cards drawn in this build (the others came from the cache).
    pub rendered: usize,
    /// Characters or fonts missing from a card.
    pub warnings: Vec<Diagnostic>,
}

/// What decides a card's pixels besides the template, its data and the fonts: a change here
/// draws every card again.
fn renderer() -> String {
    format!(
        "galley {} cards v1; {}",
        env!("CARGO_PKG_VERSION"),
        cache::crate_versions(&["resvg", "usvg", "tiny-skia", "harfrust", "skrifa", "fontdb"])
    )
}

/// Draws the cards of `jobs` that the cache does not have.
pub fn make(jobs: &[Job], config: &Config, root: &Path) -> Result<Made, Vec<Diagnostic>> {
    if jobs.is_empty() {
        return Ok(Made::default());
    }
    let template = draw::Template::load(root).map_err(|d| vec![d])?;
    let files = font_files(config, root).map_err(|d| vec![d])?;
    let mut key = cache::Hasher::default();
    key.part(renderer().as_bytes())
        .part(template.text.as_bytes())
        .part(&files.fingerprint().to_le_bytes());
    let store = Store {
        dir: cache::path(root, DIR),
    };
    let found: Vec<Found> = jobs
        .par_iter()
        .map(|job| store.find(&key, &job.card))
        .collect();
    // Fonts are loaded, and the template compiled, only when a card must be drawn.
    let painter = if found.iter().any(|f| f.bytes.is_none()) {
        Some(draw::Painter::new(&template, files.load()).map_err(|d| vec![d])?)
    } else {
        None
    };
    let results: Vec<Result<Card, Diagnostic>> = jobs
        .par_iter()
        .zip(found)
        .map(|(job, found)| store.card(job, found, painter.as_ref()))
        .collect();
    let mut made = Made::default();
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(card) => {
                made.assets.push(card.asset);
                made.rendered += usize::from(card.drawn);
                made.warnings.extend(card.warning);
            }
            Err(d) => problems.push(d),
        }
    }
    // One broken template fails every card the same way: report it once.
    problems.dedup_by(|a, b| a.path == b.path && a.line == b.line && a.message == b.message);
    if problems.is_empty() {
        Ok(made)
    } else {
        Err(problems)
    }
}

/// A card's key, and its bytes when the cache has them.
struct Found {
    key: u64,
    bytes: Option<Vec<u8>>,
}

/// A card ready to publish.
struct Card {
    asset: Asset,
    /// Drawn in this build, not found in the cache.
    drawn: bool,
    warning: Option<Diagnostic>,
}

/// The cards' cache folder: `<key>.png`, and `<key>.txt` holding the warning a card gave
/// when it was drawn, so a rebuild repeats it.
struct Store {
    dir: PathBuf,
}

impl Store {
    fn png(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}.png"))
    }

    fn note(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}.txt"))
    }

    fn find(&self, shared: &cache::Hasher, card: &CardCtx) -> Found {
        let data = serde_json::to_vec(card).unwrap_or_default();
        let key = shared.clone().part(&data).finish();
        let bytes = std::fs::read(self.png(key)).ok().filter(|b| !b.is_empty());
        Found { key, bytes }
    }

    /// The card from the cache, or drawn now and kept.
    fn card(
        &self,
        job: &Job,
        found: Found,
        painter: Option<&draw::Painter>,
    ) -> Result<Card, Diagnostic> {
        let key = found.key;
        let (bytes, drawn, warning) = match (found.bytes, painter) {
            (Some(bytes), _) => (bytes, false, std::fs::read_to_string(self.note(key)).ok()),
            (None, Some(painter)) => {
                let (bytes, missing) = painter.draw(&job.card, &job.source)?;
                let warning = warning_text(&missing);
                cache::store(&self.png(key), &bytes);
                match &warning {
                    Some(w) => cache::store(&self.note(key), w.as_bytes()),
                    None => {
                        let _ = std::fs::remove_file(self.note(key));
                    }
                }
                (bytes, true, warning)
            }
            // `make` compiles the painter whenever a card is not in the cache.
            (None, None) => return Err(Diagnostic::file(&job.source, "card not drawn")),
        };
        Ok(Card {
            asset: Asset {
                path: job.output.clone(),
                bytes,
            },
            drawn,
            warning: warning.map(|w| Diagnostic::file(&job.source, w)),
        })
    }
}

/// The fonts: `images.card_fonts` (which must be a folder), then galley's, then the system's.
fn font_files(config: &Config, root: &Path) -> Result<fonts::FontFiles, Diagnostic> {
    let own = config.images.card_fonts.as_deref().map(|f| root.join(f));
    if let (Some(dir), Some(name)) = (&own, &config.images.card_fonts) {
        if !dir.is_dir() {
            return Err(Diagnostic::file(
                "config.yaml",
                format!("`images.card_fonts`: no folder `{name}` in the site"),
            ));
        }
    }
    Ok(fonts::FontFiles::find(own.as_deref()))
}

/// A warning about what a card's fonts lacked, or none.
fn warning_text(missing: &fonts::Missing) -> Option<String> {
    let mut parts = Vec::new();
    if !missing.families.is_empty() {
        let names: Vec<String> = missing.families.iter().map(|f| format!("`{f}`")).collect();
        parts.push(format!(
            "no font of {} is installed, so its social card uses another",
            names.join(" or ")
        ));
    }
    if !missing.chars.is_empty() {
        let chars: Vec<String> = missing
            .chars
            .iter()
            .map(|c| format!("{c} (U+{:04X})", *c as u32))
            .collect();
        parts.push(format!(
            "no installed font has {}: its social card shows an empty box instead; install a \
             font that has it (on Debian, fonts-noto-core, fonts-noto-cjk, \
             fonts-noto-color-emoji) or add one to `images.card_fonts`",
            chars.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
