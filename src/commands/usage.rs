//! `wfa usage --site S`: every place each image renders, with the alt text
//! a visitor gets there, in one locale or all of them; the images used
//! nowhere; references to assets that no longer exist.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use serde_json::json;

use super::list::{SiteChoiceError, parse_site_choice};
use crate::changes::shown;
use crate::cli::UsageArgs;
use crate::config::{Settings, asset_cache_dir};
use crate::source::listing::name_key_display;
use crate::source::site_content::{Answer, ReadError, Reading, SiteContent, Snapshots};
use crate::text;
use crate::usage::{self, AltSource, Usage, Use, UseKind};
use crate::webflow::FailureClass;
use crate::webflow::site::{Locale, Site};

const PREFIX: &str = "wfa usage";

/// Runs the command; returns the exit code.
pub async fn run(args: &UsageArgs, settings: &Settings) -> u8 {
    let read = read_usages(
        PREFIX,
        args.site.as_deref(),
        args.all_locales,
        !args.json,
        settings,
    )
    .await;
    let (site, usages) = match read {
        Ok(read) => read,
        Err(code) => return code,
    };
    let mut out = io::stdout().lock();
    let tagged = args.all_locales;
    let written = usages.iter().try_for_each(|usage| {
        if args.json {
            write_json(&mut out, usage, tagged)
        } else {
            write_text(&mut out, &site, usage)
        }
    });
    match written {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("{PREFIX}: cannot write to standard output: {e}");
            1
        }
    }
}

/// What `wfa usage` and `wfa audit --rendered` share: the site chosen
/// (`--site`, or the demo's), its locales, its content read (a progress bar
/// per source on a terminal when `progress`) or, with `--offline`, the
/// content kept by an earlier read, and where each image renders in each
/// locale. Failures are reported as `<prefix>: …`; `Err` holds the exit code.
pub(super) async fn read_usages(
    prefix: &str,
    site: Option<&str>,
    all_locales: bool,
    progress: bool,
    settings: &Settings,
) -> Result<(Site, Vec<Usage>), u8> {
    let usage_error = |message: &dyn std::fmt::Display| {
        eprintln!("{prefix}: {message}");
        FailureClass::Usage.exit_code()
    };
    let failed = |e: &ReadError| {
        eprintln!("{prefix}: {e}");
        e.exit_code()
    };
    let site = match parse_site_choice(site, None, settings) {
        Ok((site, _)) => site,
        Err(SiteChoiceError::Missing) => {
            return Err(usage_error(
                &"no site given: pass --site SITE_ID, or try --demo for the demo site",
            ));
        }
        Err(e) => return Err(usage_error(&e)),
    };
    let source = super::connect(settings, prefix).await?;
    let site_id = site.resolve(&source).map_err(|e| {
        eprintln!("{prefix}: {e}");
        1
    })?;
    // Kept beside the asset cache, under the same cache mode; the demo's
    // content is built in, so it is never kept.
    let root = (!source.is_demo()).then(asset_cache_dir).flatten();
    let snapshots = Snapshots::new(root, source.client.host(), source.lookup.mode);
    let site = snapshots
        .site(&source.client, &site_id)
        .await
        .map_err(|e| failed(&e))?
        .value;
    let locales = choose_locales(&site, all_locales, settings).map_err(|m| usage_error(&m))?;
    let mut bars = Bars::new(progress && !snapshots.offline() && io::stderr().is_terminal());
    let read = snapshots
        .content(
            &source.client,
            &site_id,
            &locales,
            all_locales,
            &mut |what, done, total| bars.report(what, done, total),
        )
        .await;
    bars.finish();
    let Answer { value, kept_at } = read.map_err(|e| failed(&e))?;
    if let Some(at) = kept_at {
        eprintln!(
            "{prefix}: from the cache, read {} (offline)",
            text::relative_time(at, chrono::Utc::now())
        );
    }
    let SiteContent { contents, skipped } = value;
    for s in &skipped {
        eprintln!("{prefix}: {}", s.sentence());
    }
    Ok((site, contents.iter().map(usage::resolve).collect()))
}

/// A progress bar per source on standard error, each added when its source
/// starts and left showing its count when the read ends; none at all when
/// not `shown` (not a terminal, `--json`, offline).
struct Bars {
    multi: Option<MultiProgress>,
    bars: HashMap<Reading, ProgressBar>,
}

impl Bars {
    fn new(shown: bool) -> Self {
        Self {
            multi: shown.then(MultiProgress::new),
            bars: HashMap::new(),
        }
    }

    fn report(&mut self, what: Reading, done: usize, total: usize) {
        let Some(multi) = &self.multi else {
            return;
        };
        let bar = self.bars.entry(what).or_insert_with(|| {
            let style = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            multi.add(
                ProgressBar::new(0)
                    .with_style(style)
                    .with_prefix(what.label()),
            )
        });
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    }

    fn finish(&self) {
        for bar in self.bars.values() {
            bar.finish();
        }
    }
}

/// The locales to read: the one asked for (tag or ID), every enabled one,
/// or the site's default (`None`).
pub(super) fn choose_locales(
    site: &Site,
    all_locales: bool,
    settings: &Settings,
) -> Result<Vec<Option<Locale>>, String> {
    let all = site.all_locales();
    if all_locales {
        let enabled: Vec<Option<Locale>> =
            all.into_iter().filter(|l| l.enabled).map(Some).collect();
        return Ok(if enabled.is_empty() {
            vec![None]
        } else {
            enabled
        });
    }
    let asked = settings
        .locale_tag
        .clone()
        .or_else(|| settings.locale.as_ref().map(ToString::to_string));
    match asked {
        None => Ok(vec![all.into_iter().find(|l| l.primary)]),
        Some(asked) => match site.locale(&asked) {
            Some(locale) => {
                if !locale.enabled {
                    super::locale::warn_disabled(&locale.tag);
                }
                Ok(vec![Some(locale)])
            }
            None => Err(super::locale::unknown(site, &asked)),
        },
    }
}

/// For people: each image asset with its uses, then unused and missing.
fn write_text(out: &mut impl Write, site: &Site, usage: &Usage) -> io::Result<()> {
    let locale = usage.locale.as_ref().map_or(String::new(), |l| {
        format!(" — locale {} ({})", text::clean(&l.tag), text::clean(&l.id))
    });
    writeln!(out, "Site {}{locale}", text::clean(site.name()))?;
    for asset in usage.assets.iter().filter(|a| !a.uses.is_empty()) {
        writeln!(
            out,
            "{}  {}  asset alt {}",
            asset.asset.id.trim(),
            text::clean(&text::decode_file_name(name_key_display(&asset.asset))),
            shown(asset.asset.alt_text.as_deref())
        )?;
        for u in &asset.uses {
            writeln!(
                out,
                "  {}: {} ({})",
                place(u),
                rendered(u.rendered_alt.as_deref()),
                source_words(u.alt_source)
            )?;
        }
    }
    let unused: Vec<_> = usage.unused().collect();
    writeln!(out, "used nowhere: {} image assets", unused.len())?;
    for asset in unused {
        writeln!(
            out,
            "  {}  {}",
            asset.asset.id.trim(),
            text::clean(&text::decode_file_name(name_key_display(&asset.asset)))
        )?;
    }
    if !usage.missing.is_empty() {
        writeln!(
            out,
            "references to assets that no longer exist: {}",
            usage.missing.len()
        )?;
        for m in &usage.missing {
            writeln!(out, "  {}  {}", text::clean(&m.asset_id), place(&m.at))?;
        }
    }
    Ok(())
}

/// Where a use is, in words.
pub(super) fn place(u: &Use) -> String {
    let p = &u.place;
    let page = match (&p.page_title, &p.page_slug) {
        (Some(title), Some(slug)) => {
            format!("page \"{}\" (/{})", text::clean(title), text::clean(slug))
        }
        _ => String::new(),
    };
    match u.kind {
        UseKind::Page => format!(
            "{page}, element {}",
            text::clean(u.node_id.as_deref().unwrap_or_default())
        ),
        UseKind::Component => format!(
            "component \"{}\" on {page}",
            text::clean(p.component.as_deref().unwrap_or_default())
        ),
        UseKind::Cms => {
            let on = if page.is_empty() {
                String::new()
            } else {
                format!(" on {page}")
            };
            format!(
                "CMS \"{}\" item \"{}\", field \"{}\"{on}",
                text::clean(p.collection.as_deref().unwrap_or_default()),
                text::clean(p.item.as_deref().unwrap_or_default()),
                text::clean(p.field.as_deref().unwrap_or_default())
            )
        }
    }
}

fn rendered(alt: Option<&str>) -> String {
    match alt {
        None => "no alt at all".to_string(),
        Some(alt) => shown(Some(alt)),
    }
}

fn source_words(source: AltSource) -> &'static str {
    match source {
        AltSource::Node => "the element's own alt",
        AltSource::Override => "the instance's override",
        AltSource::Property => "the component's property",
        AltSource::Field => "the CMS field's alt",
        AltSource::Asset => "the asset's alt",
    }
}

/// `--json`: one line per image asset, then one per missing reference.
fn write_json(out: &mut impl Write, usage: &Usage, tagged: bool) -> io::Result<()> {
    let locale = usage.locale.as_ref().map(|l| l.tag.clone());
    for asset in &usage.assets {
        let mut line = json!({
            "assetId": asset.asset.id.trim(),
            "assetAlt": asset.asset.alt_text,
            "unused": asset.uses.is_empty(),
            "uses": asset.uses,
        });
        if tagged {
            line["locale"] = json!(locale);
        }
        super::json::write_line(out, &line)?;
    }
    for m in &usage.missing {
        let mut line = serde_json::to_value(&m.at).unwrap_or_default();
        line["missingAssetId"] = json!(m.asset_id);
        if let Some(object) = line.as_object_mut() {
            object.remove("renderedAlt");
            object.remove("altSource");
        }
        if tagged {
            line["locale"] = json!(locale);
        }
        super::json::write_line(out, &line)?;
    }
    Ok(())
}
