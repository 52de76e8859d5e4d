//! The build up to the render stage: load, parse and index, with every problem of every
//! stage gathered into one report.

use indicatif::ProgressBar;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{collect, load_config, BuildOptions};
use crate::assets::{self, Asset};
use crate::cache;
use crate::config::Config;
use crate::content::data::{self, Data};
use crate::content::{self, Content, Tool};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::highlight;
use crate::images;
use crate::incremental::{self, Session};
use crate::index::{self, Page};
use crate::markdown::{self, Env, LinkMap, Pass};
use crate::mode::Mode;
use crate::parse::embeds::Components;
use crate::parse::outlines::{self, Outlines};
use crate::parse::{article_document, parse_all};
use crate::render;
use crate::templates::{AssetUrls, Templates};

/// Path of the generated highlighting stylesheet in the output.
pub const HIGHLIGHT_CSS: &str = "css/highlight.css";

/// What stored outlines are valid for: the documents' shared context, galley itself and the
/// highlighter (summaries hold highlighted code).
fn outline_key(context: u64, session: &Session) -> u64 {
    let identity = session.highlighter().identity();
    let key = format!("{context}\n{}\n{identity}", env!("CARGO_PKG_VERSION"));
    crate::cache::hash64(key.as_bytes())
}

/// A site indexed and ready to render.
pub(super) struct Indexed {
    pub(super) config: Config,
    pub(super) site: index::Site,
    pub(super) templates: Templates,
    pub(super) asset_urls: Arc<crate::templates::AssetUrls>,
    pub(super) assets: Vec<Asset>,
    /// `data/`'s files, for every page's `data`.
    pub(super) data: Data,
    pub(super) output: PathBuf,
    /// What article bodies need to render again: link targets, tools, left-out files.
    pub(super) links: LinkMap,
    pub(super) declared: Vec<Tool>,
    pub(super) left_out: content::LeftOut,
    /// In a one-off build articles were parsed in outline: their bodies are rendered when
    /// their pages are.
    pub(super) mode: Mode,
    /// What the outlines are stored under, when they are and changed.
    pub(super) outline_key: Option<u64>,
    /// Sizes and variants of the images beside the pages, by URL, and their warnings.
    pub(super) images: images::Plan,
    /// Image variants encoded in this build (the others came from the cache).
    pub(super) encoded: usize,
    /// Social cards drawn in this build, and what their fonts lacked (the cards themselves
    /// are among `assets`).
    pub(super) cards: crate::cards::Made,
}

impl Indexed {
    /// Keeps the articles' outlines for the next build, when they were outlined.
    pub(super) fn store_outlines(&self, root: &Path) {
        let Some(key) = self.outline_key else { return };
        let pages = self.site.pages.iter().filter_map(|p| {
            let (_, hash) = p.article.released?;
            Some((p.article.source.as_str(), hash, &p.rendered, &p.terms))
        });
        Outlines::save(&cache::path(root, outlines::FILE), key, pages);
    }

    /// Each article's body HTML: kept from the parse stage, or rendered now.
    pub(super) fn bodies<'a>(
        &'a self,
        session: &'a Session,
        embeds: &'a Components<'a>,
        bar: &'a ProgressBar,
    ) -> impl Fn(&'a Page) -> std::result::Result<Cow<'a, str>, Vec<Diagnostic>> + Sync + 'a {
        let env = Env {
            highlighter: session.highlighter(),
            links: &self.links,
            images: &self.images.map,
            embeds,
            left_out: &self.left_out,
            pass: Pass::Body,
            math: self.config.math,
        };
        move |page: &'a Page| {
            bar.inc(1);
            // A session keeps the body (see `parse::Source::BODY_APART`); the file is read and
            // rendered again only if it did not.
            if self.mode == Mode::Session {
                if let Some(html) = session.body(&page.article.source) {
                    return Ok(Cow::Owned(html));
                }
            }
            let text = page.article.reload().map_err(|d| vec![d])?;
            let doc = article_document(&page.article, &text);
            markdown::render_body(&doc, &env).map(Cow::Owned)
        }
    }
}

/// [`prepare`] up to the render stage.
pub(super) fn prepare_site(options: &BuildOptions, session: &mut Session) -> Result<Indexed> {
    let root = &options.root;
    let config = load_config(options)?;
    let output = output_dir(options, &config);
    let mut problems = Diagnostics::default();
    let (mut assets, asset_urls) = load_assets(options, &config, session, &mut problems);
    // A one-off build reads each article's body when it needs it (outline, then page) and
    // keeps only the front matter; a session that keeps documents (`serve`) keeps the text.
    let mode = session.mode();
    let mut content = content::load_all(root, options.drafts, mode, &mut problems);
    let data = data::load(root, &mut problems);
    leave_out_future(&mut content, options.future);
    let links = link_map(&content, &config, &mut problems);
    let (attached, plan) =
        super::bundles::attach(&content, &links, &assets, &config, &mut problems);
    let resizer = session.resizer().clone();
    resizer.set_originals(plan.originals.clone(), &config.base_path);
    let templates = load_templates(root, &config, &asset_urls, resizer, &mut problems);
    // Without templates, shortcodes cannot be expanded: stop at the load stage's report.
    let Some(templates) = templates else {
        return Err(problems.into_error());
    };
    let context = incremental::context_hash(root, &content, &links, &plan.map);
    session.begin(context);
    // Tool declarations are few; the embeds keep their own copy while the tools move on.
    let declared = content.tools.clone();
    let embeds = Components::new(&declared, &templates);
    // A one-off build outlines articles now and renders each body when its page is written;
    // a session that keeps documents for the next build (`serve`) renders them fully now.
    let outline_key = (mode == Mode::OneOff).then(|| outline_key(context, session));
    let mut stored = outline_key.map(|key| Outlines::load(&cache::path(root, outlines::FILE), key));
    let parsed = collect(
        parse_all(
            content.take_documents(),
            &links,
            &plan.map,
            &embeds,
            &content.left_out,
            stored.as_mut(),
            config.math,
            session,
        ),
        &mut problems,
    );
    let Some(parsed) = parsed.filter(|_| problems.is_empty()) else {
        return Err(problems.into_error());
    };
    let encoded = super::bundles::publish(attached, &plan.jobs, root, &mut assets)?;
    // A rebuild that served every outline from the file has nothing new to store.
    let unchanged = stored.is_some_and(|s| s.served_all(parsed.articles.len()));
    let mut site = index::index(parsed, &config, &content.left_out)?;
    drop(embeds);
    let cards = make_cards(&mut site, &config, &links, &plan, root, &mut assets)?;
    add_redirects(&mut assets, &site.aliases);
    Ok(Indexed {
        config,
        site,
        templates,
        asset_urls,
        assets,
        data,
        output,
        links,
        declared,
        left_out: content.left_out,
        mode,
        outline_key: outline_key.filter(|_| !unchanged),
        images: plan,
        encoded,
        cards,
    })
}

/// Gives every article and page its social image, and draws the cards that need drawing
/// (added to `assets`).
fn make_cards(
    site: &mut index::Site,
    config: &Config,
    links: &LinkMap,
    images: &images::Plan,
    root: &Path,
    assets: &mut Vec<Asset>,
) -> Result<crate::cards::Made> {
    let plan = crate::cards::plan(site, config, links, &images.map);
    let mut made = crate::cards::make(&plan.jobs, config, root)
        .map_err(|list| Diagnostics(list).into_error())?;
    site.social = plan.images;
    assets.append(&mut made.assets);
    Ok(made)
}

/// Where the site goes: `--output`, else `output_dir` from `config.yaml` under the root.
pub(super) fn output_dir(options: &BuildOptions, config: &Config) -> PathBuf {
    options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir))
}

fn load_templates(
    root: &Path,
    config: &Config,
    urls: &Arc<AssetUrls>,
    resizer: Arc<crate::images::resize::Resizer>,
    problems: &mut Diagnostics,
) -> Option<Templates> {
    let dir = root.join("templates");
    collect(
        Templates::load(&dir, urls.clone(), &config.base_path, resizer),
        problems,
    )
}

/// Adds a line per alias to `_redirects`, the author's `static/_redirects` or a new one.
fn add_redirects(assets: &mut Vec<Asset>, aliases: &[index::Alias]) {
    let position = assets.iter().position(|a| a.path == "_redirects");
    let existing = position.map(|i| String::from_utf8_lossy(&assets[i].bytes).into_owned());
    let Some(text) = render::redirects::redirects_file(existing.as_deref(), aliases) else {
        return;
    };
    let asset = Asset {
        path: "_redirects".into(),
        bytes: text.into_bytes(),
    };
    match position {
        Some(i) => assets[i] = asset,
        None => assets.push(asset),
    }
}

/// The static files with the highlighting stylesheet, and their URLs.
fn load_assets(
    options: &BuildOptions,
    config: &Config,
    session: &mut Session,
    problems: &mut Diagnostics,
) -> (Vec<Asset>, Arc<AssetUrls>) {
    let root = &options.root;
    let mut assets = collect(assets::load(root), problems).unwrap_or_default();
    let cache_dir = root.join(cache::DIR);
    match session.use_themes(&config.light_theme, &config.dark_theme, cache_dir) {
        Ok((css, picked)) => {
            assets.push(Asset {
                path: HIGHLIGHT_CSS.into(),
                bytes: css.into_bytes(),
            });
            assets.push(Asset {
                path: highlight::PICKED_CSS.into(),
                bytes: picked.into_bytes(),
            });
        }
        Err(e) => problems.push(Diagnostic::file("config.yaml", format!("`highlight`: {e}"))),
    }
    let urls = Arc::new(assets::urls(&mut assets, config, options.minify));
    (assets, urls)
}

/// Leaves out the articles and pages dated after today, saying why (for links to them),
/// unless the build wants them (`--future`).
fn leave_out_future(content: &mut Content, future: bool) {
    if future {
        return;
    }
    let today = time::OffsetDateTime::now_utc().date();
    let why = "dated in the future (build with --future to include it)";
    for a in content.articles.iter().filter(|a| a.date > today) {
        content.left_out.insert(a.source.clone(), why);
    }
    content.articles.retain(|a| a.date <= today);
    let future = |p: &content::Standalone| p.date.is_some_and(|d| d > today);
    for p in content.pages.iter().filter(|p| future(p)) {
        content.left_out.insert(p.source.clone(), why);
    }
    content.pages.retain(|p| !future(p));
}

/// Every content path's URL, files that failed to load included: a link to one of them is not
/// a second error, the file exists.
fn link_map(content: &Content, config: &Config, problems: &mut Diagnostics) -> LinkMap {
    let mut links = index::link_map(content, config, problems);
    for failed in &content.failed {
        links
            .entry(failed.clone())
            .or_insert_with(|| index::guess_url(config, failed));
    }
    links
}
