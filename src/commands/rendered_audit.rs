//! `wfa audit --rendered`: the audit of the alt text visitors actually get —
//! every page, component instance and CMS item, in one locale or all of them
//! (`usage::rendered`), each finding with its place, in every report format.
//! Waivers and severities from the audit settings apply as in `wfa audit`.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::cells::{csv_field, md_escape};
use super::usage::{place, read_usages};
use crate::audit::{AuditConfig, Severity};
use crate::cli::{AuditArgs, FailOn, ReportFormat};
use crate::config::Settings;
use crate::text::clean;
use crate::usage::rendered::{self, RenderedFinding};
use crate::usage::{AltSource, Use, UseKind};
use crate::webflow::site::Site;

const PREFIX: &str = "wfa audit";

/// Runs the rendered audit; returns the exit code.
pub async fn run(args: &AuditArgs, settings: &Settings, config: &AuditConfig) -> u8 {
    let progress = matches!(args.format, ReportFormat::Table | ReportFormat::Markdown);
    let (site, usages) = match read_usages(
        PREFIX,
        args.site.as_deref(),
        args.all_locales,
        progress,
        settings,
    )
    .await
    {
        Ok(read) => read,
        Err(code) => return code,
    };
    let (counted, waived) = settle(rendered::audit(&usages, config), config);
    print!("{}", render(&site, &counted, &waived, args.format));
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    let failing = threshold.map_or(0, |t| counted.iter().filter(|f| f.severity >= t).count());
    if failing > 0 {
        eprintln!(
            "{PREFIX}: {failing} rendered finding{} at least as severe as --fail-on (exit 1)",
            if failing == 1 { "" } else { "s" }
        );
        return 1;
    }
    0
}

/// A finding set apart by a waiver, with its reason.
struct Waived {
    finding: RenderedFinding,
    reason: String,
}

/// Severities and waivers from the settings: a rule turned off reports
/// nothing; a waived finding is listed apart and counts toward nothing.
fn settle(
    findings: Vec<RenderedFinding>,
    config: &AuditConfig,
) -> (Vec<RenderedFinding>, Vec<Waived>) {
    let mut counted = Vec::new();
    let mut waived = Vec::new();
    for mut f in findings {
        if crate::audit::rule(f.rule).is_some() {
            match config.severity_of(f.rule) {
                Some(severity) => f.severity = severity,
                None => continue,
            }
        }
        let waiver = config.waivers.iter().find(|w| {
            w.asset.eq_ignore_ascii_case(&f.asset_id)
                && w.rules.as_ref().is_none_or(|rules| rules.contains(&f.rule))
        });
        match waiver {
            Some(w) => waived.push(Waived {
                reason: w.reason.clone(),
                finding: f,
            }),
            None => counted.push(f),
        }
    }
    (counted, waived)
}

fn render(
    site: &Site,
    counted: &[RenderedFinding],
    waived: &[Waived],
    format: ReportFormat,
) -> String {
    match format {
        ReportFormat::Table => table(site, counted, waived),
        ReportFormat::Markdown => markdown(site, counted, waived),
        ReportFormat::Json => {
            let mut text = super::json::to_string(&json!({
                "site": site.id,
                "summary": summary(counted, waived.len()),
                "findings": counted.iter().map(|f| finding_json(f, None)).collect::<Vec<_>>(),
                "waived": waived.iter().map(|w| finding_json(&w.finding, Some(&w.reason))).collect::<Vec<_>>(),
            }));
            text.push('\n');
            text
        }
        ReportFormat::Csv => csv(counted, waived),
    }
}

fn summary(counted: &[RenderedFinding], waived: usize) -> Value {
    let count = |s: Severity| counted.iter().filter(|f| f.severity == s).count();
    json!({
        "findings": counted.len(),
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "info": count(Severity::Info),
        "waived": waived,
    })
}

/// `{"assetId","rule","severity","renderedAlt","locale","location":{…},"detail"}`.
fn finding_json(f: &RenderedFinding, waived: Option<&str>) -> Value {
    let mut value = json!({
        "assetId": f.asset_id,
        "rule": f.rule,
        "severity": f.severity,
        "renderedAlt": f.rendered_alt,
        "locale": f.locale,
        "location": f.location.as_ref().map(location_json),
        "detail": f.detail,
    });
    if let Some(reason) = waived {
        value["waived"] = json!({ "reason": reason });
    }
    value
}

fn location_json(u: &Use) -> Value {
    let mut value = serde_json::to_value(u).unwrap_or_default();
    let p = &u.place;
    if let Some(object) = value.as_object_mut() {
        object.remove("renderedAlt");
        for (key, name) in [
            ("pageTitle", &p.page_title),
            ("pageSlug", &p.page_slug),
            ("componentName", &p.component),
            ("collectionName", &p.collection),
            ("itemName", &p.item),
            ("fieldName", &p.field),
        ] {
            if let Some(name) = name {
                object.insert(key.into(), json!(name));
            }
        }
    }
    value
}

/// Where, for people: the place of the use, or "the asset" for findings
/// about the asset as a whole (unused, decorative here and described there).
fn where_words(f: &RenderedFinding) -> String {
    let locale = f
        .locale
        .as_deref()
        .map_or(String::new(), |l| format!("[{}] ", clean(l)));
    match &f.location {
        Some(u) => format!("{locale}{}", place(u)),
        None => format!("{locale}the asset, wherever it renders"),
    }
}

fn alt_words(f: &RenderedFinding) -> String {
    if f.rule == rendered::ASSET_MISSING {
        return "no such asset".into();
    }
    match (&f.rendered_alt, f.location.as_ref().map(|u| u.alt_source)) {
        (None, Some(_)) => "no alt at all".into(),
        (None, None) => String::new(),
        (Some(alt), source) => {
            let from = match source {
                Some(AltSource::Node) => " (element)",
                Some(AltSource::Override) => " (instance override)",
                Some(AltSource::Property) => " (component property)",
                Some(AltSource::Field) => " (CMS field)",
                Some(AltSource::Asset) => " (asset)",
                None => "",
            };
            format!("{}{from}", crate::changes::shown(Some(alt)))
        }
    }
}

fn table(site: &Site, counted: &[RenderedFinding], waived: &[Waived]) -> String {
    let mut out = format!("Rendered alt text of {}\n", clean(site.name()));
    for f in counted {
        let _ = writeln!(
            out,
            "{:<7}  {:<22}  {}  {}\n         {}: {}",
            f.severity.as_str(),
            f.rule,
            clean(&f.asset_id),
            where_words(f),
            alt_words(f),
            clean(&f.detail)
        );
    }
    let s = summary(counted, waived.len());
    let _ = writeln!(
        out,
        "{} findings: {} errors, {} warnings, {} info{}",
        s["findings"],
        s["errors"],
        s["warnings"],
        s["info"],
        if waived.is_empty() {
            String::new()
        } else {
            format!("; {} waived", waived.len())
        }
    );
    if !waived.is_empty() {
        let _ = writeln!(out, "Waived ({}), not counted:", waived.len());
        for w in waived {
            let _ = writeln!(
                out,
                "  {}  {}  {} — {}",
                w.finding.rule,
                clean(&w.finding.asset_id),
                where_words(&w.finding),
                clean(&w.reason)
            );
        }
    }
    out
}

fn markdown(site: &Site, counted: &[RenderedFinding], waived: &[Waived]) -> String {
    let mut out = format!(
        "## Rendered alt text of {}\n\n| severity | rule | asset | where | alt | detail |\n|---|---|---|---|---|---|\n",
        md_escape(&site.display_name)
    );
    for f in counted {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} | {} |",
            f.severity.as_str(),
            f.rule,
            md_escape(&f.asset_id),
            md_escape(&where_words(f)),
            md_escape(&alt_words(f)),
            md_escape(&f.detail)
        );
    }
    if !waived.is_empty() {
        let _ = writeln!(
            out,
            "\n### Waived ({}), not counted\n\n| rule | asset | where | reason |\n|---|---|---|---|",
            waived.len()
        );
        for w in waived {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} |",
                w.finding.rule,
                md_escape(&w.finding.asset_id),
                md_escape(&where_words(&w.finding)),
                md_escape(&w.reason)
            );
        }
    }
    out
}

fn text(value: Option<&str>) -> &str {
    value.unwrap_or_default()
}

/// The report as CSV, one finding a row: for people first (where, what
/// renders, why), then the IDs `wfa apply` needs to write an edited
/// `altText` cell back — to the asset, or to the CMS item's field — in the
/// row's locale. `altText` starts as what renders; a row left so asks for
/// nothing.
fn csv(counted: &[RenderedFinding], waived: &[Waived]) -> String {
    let mut out = String::from(
        "assetId,rule,severity,localeTag,kind,pageTitle,pageSlug,component,item,fieldName,\
         renderedAlt,altText,detail,waived,altSource,locale,pageId,nodeId,collectionId,itemId,field\n",
    );
    let rows = counted
        .iter()
        .map(|f| (f, ""))
        .chain(waived.iter().map(|w| (&w.finding, w.reason.as_str())));
    for (f, reason) in rows {
        let u = f.location.as_ref();
        let p = u.map(|u| &u.place);
        let kind = match u.map(|u| u.kind) {
            Some(UseKind::Page) => "page",
            Some(UseKind::Component) => "component",
            Some(UseKind::Cms) => "cms",
            None => "",
        };
        let missing = f.rule == rendered::ASSET_MISSING;
        let source = u.map(|u| u.alt_source).filter(|_| !missing);
        let source_word = match source {
            // No alt text can be written for an asset that is gone.
            _ if missing => "missing",
            Some(AltSource::Node) => "node",
            Some(AltSource::Override) => "override",
            Some(AltSource::Property) => "property",
            Some(AltSource::Field) => "field",
            Some(AltSource::Asset) | None => "asset",
        };
        // The locale as the row's write takes it: a CMS field, by its CMS
        // locale ID; the asset, by the locale's ID.
        let locale = f.locale_ids.as_ref().map_or("", |(id, cms)| {
            if source == Some(AltSource::Field) {
                cms.as_str()
            } else {
                id.as_str()
            }
        });
        let rendered = f.rendered_alt.as_deref().unwrap_or_default();
        let fields = [
            f.asset_id.as_str(),
            f.rule,
            f.severity.as_str(),
            f.locale.as_deref().unwrap_or_default(),
            kind,
            text(p.and_then(|p| p.page_title.as_deref())),
            text(p.and_then(|p| p.page_slug.as_deref())),
            text(p.and_then(|p| p.component.as_deref())),
            text(p.and_then(|p| p.item.as_deref())),
            text(p.and_then(|p| p.field.as_deref())),
            rendered,
            rendered,
            f.detail.as_str(),
            reason,
            source_word,
            locale,
            text(u.and_then(|u| u.page_id.as_deref())),
            // The element to select: for an override, the instance.
            text(u.and_then(|u| match u.alt_source {
                AltSource::Override => u.instance_id.as_deref().or(u.node_id.as_deref()),
                _ => u.node_id.as_deref(),
            })),
            text(u.and_then(|u| u.collection_id.as_deref())),
            text(u.and_then(|u| u.item_id.as_deref())),
            text(u.and_then(|u| u.field.as_deref())),
        ];
        let line: Vec<String> = fields.iter().map(|v| csv_field(v)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
