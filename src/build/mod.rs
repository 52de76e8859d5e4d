//! Runs the pipeline: load → parse → index → render → write.

use indicatif::ProgressBar;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::incremental::Session;
use crate::output::Writer;
use crate::parse::embeds::Components;
use crate::render;

mod bundles;
mod options;
mod preview;
mod site;

use options::summary;
pub use options::{BuildOptions, Prepared, Summary};
pub use preview::Preview;
use site::prepare_site;
pub use site::HIGHLIGHT_CSS;

/// Builds the site. On any error the previous output is left untouched.
pub fn build(options: &BuildOptions) -> Result<Summary> {
    build_with(options, &mut Session::one_build(false))
}

/// Builds the site, reusing what `session` kept from earlier builds.
pub fn build_with(options: &BuildOptions, session: &mut Session) -> Result<Summary> {
    let started = Instant::now();
    // A build into a folder it must not write refuses before it writes anything, caches
    // (image variants, cards) included.
    crate::output::check_target(
        &options.root,
        &site::output_dir(options, &load_config(options)?),
    )?;
    let mut indexed = prepare_site(options, session)?;
    let session = &*session;
    // Pages are rendered and written a chunk at a time, so the build never holds every page.
    let writer = Writer::begin(&options.root, &indexed.output)?;
    let bar = session.progress_bar(indexed.site.pages.len(), "writing");
    let embeds = Components::new(&indexed.declared, &indexed.templates);
    let bodies = indexed.bodies(session, &embeds, &bar);
    let mut paths = Vec::new();
    render::render_site_each(
        &indexed.site,
        &bodies,
        &indexed.data,
        &indexed.config,
        &indexed.templates,
        &indexed.asset_urls,
        options.minify,
        WRITE_CHUNK,
        |chunk| {
            writer.write_all(
                chunk
                    .par_iter()
                    .map(|o| (o.path.as_str(), o.html.as_bytes())),
            )?;
            paths.extend(chunk.into_iter().map(|o| o.path));
            Ok(())
        },
    )?;
    bar.finish_and_clear();
    drop(bodies);
    let resized = bundles::publish_resized(session.resizer(), &options.root, &mut indexed.assets)?;
    let assets = &indexed.assets;
    writer.write_all(
        assets
            .par_iter()
            .map(|a| (a.path.as_str(), a.bytes.as_slice())),
    )?;
    let output = writer.commit()?;
    session.highlighter().finish_build();
    indexed.store_outlines(&options.root);
    let mut warnings = indexed.images.warnings.clone();
    warnings.extend(indexed.cards.warnings.iter().cloned());
    let made = options::Made {
        images_encoded: indexed.encoded + resized,
        cards_rendered: indexed.cards.rendered,
        warnings,
    };
    Ok(summary(
        &paths,
        assets.len(),
        output,
        started.elapsed(),
        made,
    ))
}

/// Pages rendered (in parallel) and handed on (written, or packed by `serve`) before the
/// next ones are rendered: a build holds at most this many finished pages.
pub const WRITE_CHUNK: usize = 512;

/// `config.yaml` with the command line's overrides.
pub fn load_config(options: &BuildOptions) -> Result<Config> {
    let config = Config::load(&options.root)?;
    match &options.base_url {
        Some(url) => config.with_base_url(url),
        None => Ok(config),
    }
}

/// Runs load → parse → index → render and returns every file of the site, writing nothing
/// (for `check` and `serve` too). Problems are gathered across stages where the data allows
/// it, so one run reports every broken file: a file whose front matter is wrong does not hide
/// a broken link in another.
pub fn prepare(options: &BuildOptions, session: &mut Session) -> Result<Prepared> {
    let mut pages = Vec::new();
    let mut prepared = prepare_each(options, session, usize::MAX, |chunk| {
        pages.extend(chunk);
        Ok(())
    })?;
    prepared.pages = pages;
    Ok(prepared)
}

/// Like [`prepare`], but hands the rendered pages to `sink` `chunk` at a time instead of
/// keeping them (the result's `pages` is empty), so the caller need not hold every page at
/// once. After a template error `sink` gets nothing more, and the build fails.
pub fn prepare_each(
    options: &BuildOptions,
    session: &mut Session,
    chunk: usize,
    sink: impl FnMut(Vec<render::Output>) -> Result<()>,
) -> Result<Prepared> {
    let mut s = prepare_site(options, session)?;
    {
        let embeds = Components::new(&s.declared, &s.templates);
        let bar = ProgressBar::hidden();
        let bodies = s.bodies(session, &embeds, &bar);
        render::render_site_each(
            &s.site,
            &bodies,
            &s.data,
            &s.config,
            &s.templates,
            &s.asset_urls,
            options.minify,
            chunk,
            sink,
        )?;
    }
    session.highlighter().finish_build();
    bundles::publish_resized(session.resizer(), &options.root, &mut s.assets)?;
    let inputs = preview::Inputs {
        templates: s.templates,
        asset_urls: s.asset_urls,
        data: s.data,
        links: s.links,
        images: s.images.map,
        declared: s.declared,
        left_out: s.left_out,
        minify: options.minify,
    };
    Ok(Prepared {
        config: s.config,
        site: s.site,
        pages: Vec::new(),
        assets: s.assets,
        output: s.output,
        warnings: s
            .images
            .warnings
            .into_iter()
            .chain(s.cards.warnings)
            .collect(),
        inputs,
    })
}

/// Writes a prepared site into its output folder, replacing the old one only on success.
pub fn write(root: &Path, prepared: &Prepared) -> Result<PathBuf> {
    let writer = Writer::begin(root, &prepared.output)?;
    let files: Vec<_> = prepared.files().collect();
    writer.write_all(files.into_par_iter())?;
    writer.commit()
}

/// Keeps a stage's result, moving its diagnostics into `problems`.
fn collect<T>(result: Result<T>, problems: &mut Diagnostics) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(Error::Diagnostics(list)) => {
            problems.extend(list);
            None
        }
        Err(other) => {
            problems.push(Diagnostic::file("", other.to_string()));
            None
        }
    }
}
