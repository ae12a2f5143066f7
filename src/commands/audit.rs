//! `wfa audit`: check alt text of a whole site (or given assets) and report it
//! for people (table, markdown) or machines (json, csv); the exit code lets CI
//! refuse a publish.

use std::fmt::Write as _;
use std::io::{self, IsTerminal};
use std::path::Path;

use super::cells::{csv_field, md_escape};
use super::get::{collect_ids, fetch_in_order};
use super::list::{SiteChoice, SiteChoiceError, parse_site_choice};
use super::locale::SiteHint;
use crate::audit::{self, AuditConfig, Finding, RULES, Report, Severity, StaleWaiver};
use crate::cli::{AuditArgs, FailOn, MissingSeverity, ReportFormat};
use crate::config::Settings;
use crate::source::Source;
use crate::source::lookup::CacheMode;
use crate::text::clean;
use crate::webflow::{ApiError, Asset, FailureClass, FolderId};

pub async fn run(args: &AuditArgs, settings: &Settings) -> u8 {
    // `--explain` needs nothing but the rule's ID: no token, no network.
    if let Some(rule) = &args.explain {
        return explain(rule);
    }
    // Usage first: a wrong ID needs no token to be reported.
    let site = if args.ids.is_empty() {
        match parse_site_choice(args.site.as_deref(), args.folder.as_deref(), settings) {
            Ok(site) => Some(site),
            Err(SiteChoiceError::Missing) => {
                eprintln!("wfa audit: {NOTHING_TO_AUDIT}");
                return FailureClass::Usage.exit_code();
            }
            Err(e) => {
                eprintln!("wfa audit: {e}");
                return FailureClass::Usage.exit_code();
            }
        }
    } else {
        None
    };
    if args.rendered {
        let config = audit_config(args, settings);
        return super::rendered_audit::run(args, settings, &config).await;
    }
    // Only the rendered audit's read is kept; a site's asset listing is not.
    if args.site.is_some() && settings.cache_mode == CacheMode::Offline {
        eprintln!("wfa audit: {SITE_OFFLINE}");
        return FailureClass::Usage.exit_code();
    }
    let source = match super::connect(settings, "wfa audit").await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let (assets, fetch_failure) = match collect(args, site, settings, &source).await {
        Ok(collected) => collected,
        Err(code) => return code,
    };
    let config = audit_config(args, settings);
    let files = settings.audit.files();
    if let Some((nearest, rest)) = files.split_first() {
        let mut note = format!("wfa audit: audit settings from {}", nearest.display());
        for file in rest {
            let _ = write!(note, " (over [audit] in {})", file.display());
        }
        eprintln!("{note}");
    }
    let report = audit::audit(&assets, &config);
    print!("{}", render(&report, args.format, &files));
    for stale in &report.stale_waivers {
        eprintln!("wfa audit: warning: {}", stale_message(stale));
    }
    if let Some(failure) = fetch_failure {
        let audited = assets.len();
        if failure.not_found > 0 && failure.class == FailureClass::Other {
            eprintln!(
                "wfa audit: {} not found (exit 1 here means a missing asset, not findings); \
                 the report covers the {audited} found",
                plural(failure.not_found, "asset was", "assets were")
            );
        } else {
            eprintln!(
                "wfa audit: some assets could not be fetched; the report covers the {audited} others"
            );
        }
        return failure.class.exit_code();
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    match (threshold, report.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => {
            let failing = report
                .findings
                .iter()
                .filter(|f| f.severity >= threshold)
                .count();
            eprintln!(
                "wfa audit: {} at least as severe as --fail-on {threshold} (exit 1)",
                plural(failing, "finding", "findings")
            );
            1
        }
        _ => 0,
    }
}

/// The audit's settings: the files' (`settings.audit`), then the flags over them.
pub fn audit_config(args: &AuditArgs, settings: &Settings) -> AuditConfig {
    let mut config = settings.audit.config.clone();
    if let Some(missing) = args.missing {
        let severity = match missing {
            MissingSeverity::Error => Severity::Error,
            MissingSeverity::Warning => Severity::Warning,
            MissingSeverity::Info => Severity::Info,
        };
        config.missing_severity = severity;
        // Over `[audit.severity] alt-missing`, "off" included.
        config.severities.insert(audit::ALT_MISSING, Some(severity));
    }
    if let Some(max) = args.max_chars {
        config.max_chars = usize::try_from(max).unwrap_or(usize::MAX);
    }
    config
}

/// `wfa audit --explain RULE`: 0 with the text, 2 for an unknown rule.
fn explain(rule: &str) -> u8 {
    match audit::explain(rule.trim()) {
        Some(text) => {
            print!("{}", text);
            if !text.ends_with('\n') {
                println!();
            }
            0
        }
        None => {
            eprintln!(
                "wfa audit: --explain: {}",
                audit::settings::unknown_rule(rule)
            );
            FailureClass::Usage.exit_code()
        }
    }
}

/// "1 finding", "3 findings".
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// One line about a waiver that matched nothing.
fn stale_message(stale: &StaleWaiver) -> String {
    let at = stale
        .source
        .as_deref()
        .map(|s| format!(" ({})", clean(s)))
        .unwrap_or_default();
    match &stale.rules {
        None => format!(
            "the waiver for asset {}{at} matches no finding any more: remove it",
            stale.asset
        ),
        Some(rules) => format!(
            "the waiver for asset {}{at} matches no {} finding any more: remove {} from it",
            stale.asset,
            rules.join(", "),
            if rules.len() == 1 {
                "that rule"
            } else {
                "those rules"
            }
        ),
    }
}

/// Why some assets are not in the report: the most pressing failure, and how
/// many were simply not found.
#[derive(Debug, Clone, Copy)]
struct FetchFailure {
    class: FailureClass,
    not_found: usize,
}

/// Why `wfa audit --site S --offline` is refused.
const SITE_OFFLINE: &str = "--offline cannot list a site: a site's assets are always listed live. Drop --offline, pass asset IDs (read from the cache), or add --rendered to audit what the last `wfa usage` or `wfa audit --rendered` read of the site kept";

/// What `wfa audit` says when given neither a site nor IDs outside demo mode.
const NOTHING_TO_AUDIT: &str = "nothing to audit: pass --site SITE_ID (the site's 24-character hex ID) or asset IDs (`-` reads them from standard input), or try --demo to audit the demo catalogue";

/// The assets to audit (the `site` listing when there is one, else the IDs),
/// and the worst fetch failure if some could not be had.
async fn collect(
    args: &AuditArgs,
    site: Option<(SiteChoice, Option<FolderId>)>,
    settings: &Settings,
    source: &Source,
) -> Result<(Vec<Asset>, Option<FetchFailure>), u8> {
    if let Some((site, folder)) = site {
        let site = site.resolve(source).map_err(|e| {
            eprintln!("wfa audit: {e}");
            1
        })?;
        let locale =
            super::locale::resolve(source, settings, SiteHint::Site(&site), "wfa audit").await?;
        let progress = io::stderr().is_terminal();
        let mut assets = Vec::new();
        let listed = source
            .client
            .list_site(&site, folder.as_ref(), locale.as_ref(), |page| {
                assets.extend(page.assets.into_iter().map(|(asset, _)| asset));
                if progress {
                    eprint!("\rfetched {} of {} assets", page.loaded, page.total);
                }
            })
            .await;
        if progress {
            eprintln!();
        }
        return match listed {
            Ok(_) => Ok((assets, None)),
            Err(e) => {
                eprintln!("wfa audit: {e}");
                Err(e.class().exit_code())
            }
        };
    }
    let ids = collect_ids(&args.ids, &mut io::stdin().lock()).map_err(|e| {
        e.report("wfa audit");
        FailureClass::Usage.exit_code()
    })?;
    let locale =
        super::locale::resolve(source, settings, SiteHint::Assets(&ids), "wfa audit").await?;
    let mut assets = Vec::new();
    let mut not_found = 0;
    let worst = fetch_in_order(source, locale.as_ref(), &ids, 4, |id, outcome| {
        match outcome {
            Ok(fetched) => assets.push(fetched.value.clone()),
            Err(e) => {
                if matches!(e, ApiError::NotFound { .. }) {
                    not_found += 1;
                }
                eprintln!("wfa audit: {id}: {e}");
            }
        }
        Ok(())
    })
    .await;
    Ok((assets, worst.map(|class| FetchFailure { class, not_found })))
}

/// The report in `format`; `files` are the settings files in use, nearest
/// first (named in the table's and markdown's header).
pub fn render(report: &Report, format: ReportFormat, files: &[&Path]) -> String {
    match format {
        ReportFormat::Json => {
            let mut json = super::json::to_string(report);
            json.push('\n');
            json
        }
        ReportFormat::Csv => csv(report),
        ReportFormat::Markdown => markdown(report, files),
        ReportFormat::Table => table(report, files),
    }
}

/// "Settings: wfa.toml (over config.toml)", or `None` when no file has any.
fn settings_line(files: &[&Path]) -> Option<String> {
    let (nearest, rest) = files.split_first()?;
    let mut line = format!("Settings: {}", clean(&nearest.display().to_string()));
    for file in rest {
        let _ = write!(line, " (over {})", clean(&file.display().to_string()));
    }
    Some(line)
}

fn severity_counts(report: &Report) -> String {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{} errors, {} warnings, {} notes",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    )
}

fn summary_line(report: &Report) -> String {
    let s = &report.summary;
    let mut line = format!(
        "{} assets ({} images): {} findings — {}",
        s.assets,
        s.images,
        s.findings,
        severity_counts(report)
    );
    if s.waived > 0 {
        let _ = write!(line, "; {} waived", s.waived);
    }
    line
}

/// Where a waiver was written, for a report: `(wfa.toml:12)` or nothing.
fn waiver_source(f: &Finding) -> String {
    f.waived
        .as_ref()
        .and_then(|w| w.source.as_deref())
        .map(|s| format!(" ({})", clean(s)))
        .unwrap_or_default()
}

fn waiver_reason(f: &Finding) -> &str {
    f.waived.as_ref().map_or("", |w| w.reason.as_str())
}

fn alt_display(f: &Finding, max: usize) -> String {
    match &f.alt_text {
        None => "(null)".to_string(),
        Some(t) if t.is_empty() => "(empty)".to_string(),
        Some(t) => {
            let one_line = clean(&t.replace(['\n', '\r', '\t'], " ")).into_owned();
            format!("\"{}\"", crate::text::fit(&one_line, max))
        }
    }
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn table(report: &Report, files: &[&Path]) -> String {
    let mut out = String::new();
    if let Some(line) = settings_line(files) {
        let _ = writeln!(out, "{line}");
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "No alt-text problems found.");
    } else {
        let rows: Vec<[String; 5]> = report
            .findings
            .iter()
            .map(|f| {
                [
                    severity_label(f.severity).to_string(),
                    f.rule.to_string(),
                    clean(&f.asset_id).into_owned(),
                    clean(crate::source::listing::name_key_display_str(
                        &f.display_name,
                    ))
                    .into_owned(),
                    alt_display(f, 60),
                ]
            })
            .collect();
        let headers = ["SEVERITY", "RULE", "ASSET", "NAME", "ALT TEXT"];
        let mut widths = headers.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count().min(40));
            }
        }
        let line = |cells: [&str; 5]| {
            let mut l = String::new();
            for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if i + 1 == cells.len() {
                    l.push_str(cell);
                } else {
                    let _ = write!(l, "{cell:<w$}  ");
                }
            }
            l.trim_end().to_string()
        };
        let _ = writeln!(out, "{}", line(headers));
        for row in &rows {
            let _ = writeln!(
                out,
                "{}",
                line([&row[0], &row[1], &row[2], &row[3], &row[4]])
            );
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "Rules that fired:");
        for rule in RULES
            .iter()
            .filter(|r| report.summary.by_rule.get(r.id).is_some_and(|&n| n > 0))
        {
            let _ = writeln!(
                out,
                "  {:<22} {:>4}×  {}",
                rule.id, report.summary.by_rule[rule.id], rule.explanation
            );
        }
    }
    if !report.waived.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "Waived ({}), not counted:", report.waived.len());
        for f in &report.waived {
            let _ = writeln!(
                out,
                "  {:<22} {}  {}: {}{}",
                f.rule,
                clean(&f.asset_id),
                crate::text::fit(
                    &clean(crate::source::listing::name_key_display_str(
                        &f.display_name
                    )),
                    40
                ),
                crate::text::fit(&clean(waiver_reason(f)), 100),
                waiver_source(f)
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", summary_line(report));
    out
}

fn markdown(report: &Report, files: &[&Path]) -> String {
    let mut out = String::from("## Alt-text audit\n\n");
    if let Some(line) = settings_line(files) {
        let _ = writeln!(out, "{}\n", md_escape(&line));
    }
    let _ = writeln!(out, "{}\n", md_escape(&summary_line(report)));
    if report.findings.is_empty() {
        out.push_str("No alt-text problems found. ✅\n");
        markdown_waivers(report, &mut out);
        return out;
    }
    out.push_str(
        "| Severity | Rule | Asset | Name | Alt text | What to do |\n|---|---|---|---|---|---|\n",
    );
    for f in &report.findings {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}` | {} | {} | {} |",
            severity_label(f.severity),
            f.rule,
            md_escape(&f.asset_id),
            md_escape(crate::source::listing::name_key_display_str(
                &f.display_name
            )),
            md_escape(&alt_display(f, 80)),
            md_escape(&f.detail)
        );
    }
    markdown_waivers(report, &mut out);
    out.push_str("\n<details><summary>Rules</summary>\n\n");
    for rule in RULES {
        let _ = writeln!(
            out,
            "- `{}` ({}): {}",
            rule.id,
            severity_label(rule.severity),
            md_escape(rule.explanation)
        );
    }
    out.push_str("\n</details>\n");
    out
}

/// The waived findings (with their reasons) and the stale waivers, if any.
fn markdown_waivers(report: &Report, out: &mut String) {
    if !report.waived.is_empty() {
        let _ = writeln!(
            out,
            "\n### Waived ({}), not counted\n\n| Rule | Asset | Name | Alt text | Reason |\n|---|---|---|---|---|",
            report.waived.len()
        );
        for f in &report.waived {
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {}{} |",
                f.rule,
                md_escape(&f.asset_id),
                md_escape(crate::source::listing::name_key_display_str(
                    &f.display_name
                )),
                md_escape(&alt_display(f, 80)),
                md_escape(waiver_reason(f)),
                md_escape(&waiver_source(f))
            );
        }
    }
    if !report.stale_waivers.is_empty() {
        out.push_str("\n### Stale waivers\n\n");
        for stale in &report.stale_waivers {
            let _ = writeln!(out, "- {}", md_escape(&stale_message(stale)));
        }
    }
}

fn csv(report: &Report) -> String {
    let mut out = String::from("assetId,displayName,rule,severity,altText,detail,waived\n");
    for f in report.findings.iter().chain(&report.waived) {
        let alt = f.alt_text.as_deref().unwrap_or("");
        let fields = [
            f.asset_id.as_str(),
            f.display_name.as_str(),
            f.rule,
            severity_label(f.severity),
            alt,
            f.detail.as_str(),
            waiver_reason(f),
        ];
        let line: Vec<String> = fields.iter().map(|v| csv_field(v)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
