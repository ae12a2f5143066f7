//! `wfa list --site SITE_ID` (or `wfa list --demo`): every asset of a site, headless.

use std::io::{self, IsTerminal, Write};

use crate::cli::ListArgs;
use crate::config::Settings;
use crate::listing::SortKey;
use crate::source::Source;
use crate::text::{self, clean};
use crate::webflow::{Asset, FailureClass, InvalidId, ObjectId};

pub async fn run(args: &ListArgs, settings: &Settings) -> u8 {
    let ids = parse_site_choice(args.site.as_deref(), args.folder.as_deref(), settings);
    let (site, folder) = match ids {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("wfa list: {e}");
            return FailureClass::Usage.exit_code();
        }
    };
    let source = match Source::connect(settings, false).await {
        Ok(source) => source,
        Err(e) => {
            eprintln!("wfa list: {e}");
            return e.exit_code();
        }
    };
    let site = match site.resolve(&source) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("wfa list: {e}");
            return 1;
        }
    };
    let mut out = io::stdout().lock();
    let streaming = args.sort_by == SortKey::Site;
    // Progress is for a person watching, not for a file or a pipe.
    let progress = !args.json && io::stderr().is_terminal();
    let mut held: Vec<(Asset, serde_json::Value)> = Vec::new();
    let mut broken_pipe = false;
    if !args.json && streaming {
        let _ = writeln!(out, "{}", header());
    }
    let listed = source
        .client
        .list_site(&site, folder.as_ref(), settings.locale.as_ref(), |page| {
            if streaming {
                for (asset, raw) in &page.assets {
                    broken_pipe |= emit(&mut out, asset, raw, args.json).is_err();
                }
            } else {
                held.extend(page.assets);
            }
            if progress {
                eprint!("\rlisted {} of {}", page.loaded, page.total);
            }
        })
        .await;
    if progress {
        eprintln!();
    }
    if let Err(e) = listed {
        eprintln!("wfa list: {e}");
        return e.class().exit_code();
    }
    if !streaming {
        held.sort_by(|a, b| args.sort_by.compare(&a.0, &b.0));
        if !args.json {
            let _ = writeln!(out, "{}", header());
        }
        for (asset, raw) in &held {
            if emit(&mut out, asset, raw, args.json).is_err() {
                break;
            }
        }
    }
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    let _ = broken_pipe;
    0
}

/// The site a listing is of: the one given with `--site`, or in demo mode
/// (without `--site`) the demo catalogue's site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteChoice {
    Given(ObjectId),
    Demo,
}

impl SiteChoice {
    /// The site ID; the demo's comes from the catalogue `source` serves.
    pub fn resolve(self, source: &Source) -> Result<ObjectId, String> {
        match self {
            SiteChoice::Given(site) => Ok(site),
            SiteChoice::Demo => {
                let catalogue = source
                    .catalogue()
                    .ok_or("the demo catalogue is not running")?;
                ObjectId::parse("site", &catalogue.site_id).map_err(|e| e.to_string())
            }
        }
    }
}

/// Validates `--site` and `--folder` before any request. Without `--site`,
/// demo mode lists the demo site; anything else is [`SiteChoiceError::Missing`].
pub fn parse_site_choice(
    site: Option<&str>,
    folder: Option<&str>,
    settings: &Settings,
) -> Result<(SiteChoice, Option<ObjectId>), SiteChoiceError> {
    let folder = folder.map(|f| ObjectId::parse("folder", f)).transpose()?;
    match site {
        Some(site) => Ok((SiteChoice::Given(ObjectId::parse("site", site)?), folder)),
        None if settings.demo => Ok((SiteChoice::Demo, folder)),
        None => Err(SiteChoiceError::Missing),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SiteChoiceError {
    #[error(transparent)]
    Invalid(#[from] InvalidId),
    #[error(
        "no site given: pass --site SITE_ID (the site's 24-character hex ID), or try --demo to list the demo catalogue's site"
    )]
    Missing,
}

/// Validates `--site` and `--folder` before any request.
pub fn parse_site_and_folder(
    site: &str,
    folder: Option<&str>,
) -> Result<(ObjectId, Option<ObjectId>), crate::webflow::InvalidId> {
    let site = ObjectId::parse("site", site)?;
    let folder = folder.map(|f| ObjectId::parse("folder", f)).transpose()?;
    Ok((site, folder))
}

fn header() -> String {
    format!(
        "{:<24}  {:<9}  {:>10}  {:<16}  {:<10}  NAME",
        "ID", "ALT", "SIZE", "UPDATED", "TYPE"
    )
}

fn emit(
    out: &mut impl Write,
    asset: &Asset,
    raw: &serde_json::Value,
    json: bool,
) -> io::Result<()> {
    if json {
        return writeln!(out, "{raw}");
    }
    let updated = asset.last_updated.parsed().map_or_else(
        || clean(asset.last_updated.raw()).into_owned(),
        |d| d.format("%Y-%m-%d %H:%M").to_string(),
    );
    let kind = asset
        .content_type
        .split('/')
        .next_back()
        .unwrap_or_default();
    writeln!(
        out,
        "{:<24}  {:<9}  {:>10}  {:<16}  {:<10}  {}",
        clean(&asset.id),
        if asset.is_image() {
            asset.alt_state().label()
        } else {
            "n/a"
        },
        text::human_size(asset.size),
        updated,
        clean(kind),
        clean(&text::decode_file_name(crate::listing::name_key_display(
            asset
        )))
    )
}
