//! `wfa list --site SITE_ID` (or `wfa list --demo`): every asset of a site, headless.

use std::io::{self, IsTerminal, Write};
use std::ops::ControlFlow;

use super::locale::SiteHint;
use crate::cli::ListArgs;
use crate::config::Settings;
use crate::source::Source;
use crate::source::listing::SortKey;
use crate::text::{self, clean};
use crate::webflow::{Asset, FailureClass, FolderId, InvalidId, SiteId};

pub async fn run(args: &ListArgs, settings: &Settings) -> u8 {
    let ids = parse_site_choice(args.site.as_deref(), args.folder.as_deref(), settings);
    let (site, folder) = match ids {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("wfa list: {e}");
            return FailureClass::Usage.exit_code();
        }
    };
    let source = match super::connect(settings, "wfa list").await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let site = match site.resolve(&source) {
        Ok(site) => site,
        Err(e) => {
            eprintln!("wfa list: {e}");
            return 1;
        }
    };
    let locale =
        match super::locale::resolve(&source, settings, SiteHint::Site(&site), "wfa list").await {
            Ok(locale) => locale,
            Err(code) => return code,
        };
    let mut out = io::stdout().lock();
    let streaming = args.sort_by == SortKey::Site;
    // Progress is for a person watching, not for a file or a pipe.
    let progress = !args.json && io::stderr().is_terminal();
    let mut held: Vec<(Asset, serde_json::Value)> = Vec::new();
    // The first failed write to stdout: listing stops there, and no further
    // page is requested.
    let mut write_error: Option<io::Error> = None;
    if !args.json
        && streaming
        && let Err(e) = writeln!(out, "{}", header())
    {
        return finish_after_write_error(&e);
    }
    let listed = source
        .client
        .list_site_while(&site, folder.as_ref(), locale.as_ref(), |page| {
            if progress {
                eprint!("\rlisted {} of {}", page.loaded, page.total);
            }
            if !streaming {
                held.extend(page.assets);
                return ControlFlow::Continue(());
            }
            for (asset, raw) in &page.assets {
                if let Err(e) = emit(&mut out, asset, raw, args.json) {
                    write_error = Some(e);
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        })
        .await;
    if progress {
        eprintln!();
    }
    if let Some(e) = write_error {
        return finish_after_write_error(&e);
    }
    if let Err(e) = listed {
        eprintln!("wfa list: {e}");
        return e.class().exit_code();
    }
    if !streaming {
        held.sort_by(|a, b| args.sort_by.compare(&a.0, &b.0));
        let written = if args.json {
            Ok(())
        } else {
            writeln!(out, "{}", header())
        };
        let written = written.and_then(|()| {
            held.iter()
                .try_for_each(|(asset, raw)| emit(&mut out, asset, raw, args.json))
        });
        if let Err(e) = written {
            return finish_after_write_error(&e);
        }
    }
    match out.flush() {
        Ok(()) => 0,
        Err(e) => finish_after_write_error(&e),
    }
}

/// The exit code once writing to stdout failed. A closed pipe (`wfa list |
/// head`) is the reader's choice, not a failure: exit 0 without a word.
/// Anything else (a full disk) is reported.
fn finish_after_write_error(e: &io::Error) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return 0;
    }
    eprintln!("wfa list: cannot write to standard output: {e}");
    1
}

/// The site a listing is of: the one given with `--site`, or in demo mode
/// (without `--site`) the demo catalogue's site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteChoice {
    Given(SiteId),
    Demo,
}

impl SiteChoice {
    /// The site ID; the demo's comes from the catalogue `source` serves.
    pub fn resolve(self, source: &Source) -> Result<SiteId, String> {
        match self {
            SiteChoice::Given(site) => Ok(site),
            SiteChoice::Demo => {
                let catalogue = source
                    .catalogue()
                    .ok_or("the demo catalogue is not running")?;
                SiteId::parse(&catalogue.site_id).map_err(|e| e.to_string())
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
) -> Result<(SiteChoice, Option<FolderId>), SiteChoiceError> {
    let (site, folder) = crate::webflow::id::parse_site_folder(site, folder)?;
    match site {
        Some(site) => Ok((SiteChoice::Given(site), folder)),
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
        return super::json::write_line(out, raw);
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
        clean(&text::decode_file_name(
            crate::source::listing::name_key_display(asset)
        ))
    )
}
