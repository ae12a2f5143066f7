//! `wfa audit`: check alt text of a whole site (or given assets) and report it
//! for people (table, markdown) or machines (json, csv); the exit code lets CI
//! refuse a publish.

use std::fmt::Write as _;
use std::io::{self, IsTerminal};

use super::get::{collect_ids, fetch_in_order};
use super::list::{SiteChoice, SiteChoiceError, parse_site_choice};
use crate::audit::{self, AuditConfig, Finding, RULES, Report, Severity};
use crate::cli::{AuditArgs, FailOn, MissingSeverity, ReportFormat};
use crate::config::Settings;
use crate::source::Source;
use crate::text::clean;
use crate::webflow::{Asset, FailureClass, FolderId};

pub async fn run(args: &AuditArgs, settings: &Settings) -> u8 {
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
    let source = match super::connect(settings, "wfa audit").await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let (assets, fetch_failure) = match collect(args, site, settings, &source).await {
        Ok(collected) => collected,
        Err(code) => return code,
    };
    let config = AuditConfig {
        missing_severity: match args.missing {
            MissingSeverity::Error => Severity::Error,
            MissingSeverity::Warning => Severity::Warning,
            MissingSeverity::Info => Severity::Info,
        },
        max_chars: args.max_chars,
        ..AuditConfig::default()
    };
    let report = audit::audit(&assets, &config);
    print!("{}", render(&report, args.format));
    if let Some(class) = fetch_failure {
        eprintln!("wfa audit: some assets could not be fetched; the report covers the others");
        return class.exit_code();
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    match (threshold, report.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => 1,
        _ => 0,
    }
}

/// What `wfa audit` says when given neither a site nor IDs outside demo mode.
const NOTHING_TO_AUDIT: &str = "nothing to audit: pass --site SITE_ID (the site's 24-character hex ID) or asset IDs (`-` reads them from standard input), or try --demo to audit the demo catalogue";

/// The assets to audit (the `site` listing when there is one, else the IDs),
/// and the worst fetch failure if some could not be had.
async fn collect(
    args: &AuditArgs,
    site: Option<(SiteChoice, Option<FolderId>)>,
    settings: &Settings,
    source: &Source,
) -> Result<(Vec<Asset>, Option<FailureClass>), u8> {
    if let Some((site, folder)) = site {
        let site = site.resolve(source).map_err(|e| {
            eprintln!("wfa audit: {e}");
            1
        })?;
        let progress = io::stderr().is_terminal();
        let mut assets = Vec::new();
        let listed = source
            .client
            .list_site(&site, folder.as_ref(), settings.locale.as_ref(), |page| {
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
    let mut assets = Vec::new();
    let worst = fetch_in_order(source, settings.locale.as_ref(), &ids, 4, |id, outcome| {
        match outcome {
            Ok(fetched) => assets.push(fetched.value.clone()),
            Err(e) => eprintln!("wfa audit: {id}: {e}"),
        }
        Ok(())
    })
    .await;
    Ok((assets, worst))
}

pub fn render(report: &Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Json => {
            let mut json = super::json::to_string(report);
            json.push('\n');
            json
        }
        ReportFormat::Csv => csv(report),
        ReportFormat::Markdown => markdown(report),
        ReportFormat::Table => table(report),
    }
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
    format!(
        "{} assets ({} images): {} findings — {}",
        s.assets,
        s.images,
        s.findings,
        severity_counts(report)
    )
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

fn table(report: &Report) -> String {
    let mut out = String::new();
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
            .filter(|r| report.summary.by_rule.contains_key(r.id))
        {
            let _ = writeln!(
                out,
                "  {:<22} {:>4}×  {}",
                rule.id, report.summary.by_rule[rule.id], rule.explanation
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", summary_line(report));
    out
}

fn markdown(report: &Report) -> String {
    let mut out = String::from("## Alt-text audit\n\n");
    let _ = writeln!(out, "{}\n", md_escape(&summary_line(report)));
    if report.findings.is_empty() {
        out.push_str("No alt-text problems found. ✅\n");
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

/// Markdown table cells: no pipes, no line breaks, no HTML.
fn md_escape(s: &str) -> String {
    clean(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

fn csv(report: &Report) -> String {
    let mut out = String::from("assetId,displayName,rule,severity,altText,detail\n");
    for f in &report.findings {
        let alt = f.alt_text.as_deref().unwrap_or("");
        let fields = [
            f.asset_id.as_str(),
            f.display_name.as_str(),
            f.rule,
            severity_label(f.severity),
            alt,
            f.detail.as_str(),
        ];
        let line: Vec<String> = fields.iter().map(|v| csv_field(v)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// RFC 4180 quoting; a leading `= + - @` gets a `'` so spreadsheets do not run
/// it as a formula (alt text comes from anyone with Designer access).
fn csv_field(value: &str) -> String {
    let value = clean(value);
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.into_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
