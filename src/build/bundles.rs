//! Publishes the files of page bundles (found by the load stage, given URLs by the index)
//! beside their pages, as assets for the writer.

use rayon::prelude::*;
use std::path::Path;

use crate::assets::Asset;
use crate::config::Config;
use crate::content::Attachment;
use crate::error::{Diagnostic, Diagnostics};
use crate::images::Attached;
use crate::markdown::LinkMap;

/// The files beside the pages of this build, and what their images need: sizes, variants.
pub(super) fn attach(
    content: &crate::content::Content,
    links: &LinkMap,
    assets: &[Asset],
    config: &Config,
    problems: &mut Diagnostics,
) -> (Vec<Attached>, crate::images::Plan) {
    let attached = attachment_assets(&content.attachments, links, config, problems);
    let plan = crate::images::plan(&attached, assets, config);
    (attached, plan)
}

/// Reads each bundle file whose page is in this build, as an asset at its page's output
/// folder (`articles/<slug>/diagram.png`).
fn attachment_assets(
    attachments: &[Attachment],
    links: &LinkMap,
    config: &Config,
    problems: &mut Diagnostics,
) -> Vec<Attached> {
    let results: Vec<Result<Attached, Diagnostic>> = attachments
        .par_iter()
        .filter_map(|a| {
            let page = links.get(&a.owner)?;
            let url = links.get(&a.source)?;
            let dir = page.strip_prefix(config.base_path.as_str())?;
            Some(read(a, dir).map(|asset| Attached {
                source: a.source.clone(),
                url: url.clone(),
                asset,
            }))
        })
        .collect();
    let mut assets = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(asset) => assets.push(asset),
            Err(d) => problems.push(d),
        }
    }
    assets
}

/// Adds the files beside the pages and their images' variants, made now (only a build whose
/// input is good spends time on images), to `assets`; returns how many variants were encoded.
pub(super) fn publish(
    attached: Vec<Attached>,
    jobs: &[crate::images::variants::Job],
    root: &Path,
    assets: &mut Vec<Asset>,
) -> crate::error::Result<usize> {
    assets.extend(attached.into_iter().map(|a| a.asset));
    make(jobs, root, assets)
}

/// Makes the copies that templates asked for with `resize_image` while the pages rendered,
/// leaving out those already among `assets` (a `srcset` variant of the same width);
/// returns how many were encoded.
pub(super) fn publish_resized(
    resizer: &crate::images::resize::Resizer,
    root: &Path,
    assets: &mut Vec<Asset>,
) -> crate::error::Result<usize> {
    let known: std::collections::HashSet<&str> = assets.iter().map(|a| a.path.as_str()).collect();
    let mut jobs = resizer.jobs();
    jobs.retain(|j| j.outputs.iter().all(|o| !known.contains(o.path.as_str())));
    make(&jobs, root, assets)
}

fn make(
    jobs: &[crate::images::variants::Job],
    root: &Path,
    assets: &mut Vec<Asset>,
) -> crate::error::Result<usize> {
    let made = crate::images::variants::make(jobs, assets, root)
        .map_err(|list| Diagnostics(list).into_error())?;
    assets.extend(made.assets);
    Ok(made.encoded)
}

fn read(a: &Attachment, dir: &str) -> Result<Asset, Diagnostic> {
    let shown = Path::new("content").join(&a.source);
    if a.rel == "index.html" {
        return Err(Diagnostic::file(
            shown,
            "a file named index.html beside index.md would replace the page; rename it",
        ));
    }
    let bytes = std::fs::read(&a.path)
        .map_err(|e| Diagnostic::file(&shown, format!("cannot read: {e}")))?;
    Ok(Asset {
        path: format!("{dir}{}", a.rel),
        bytes,
    })
}
