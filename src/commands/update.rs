//! `wfa update ID --alt-text TEXT [--display-name NAME]`: change one asset,
//! with Webflow CLI's flag names so scripts port over.
//!
//! The order is what makes it safe: the new values are checked before
//! anything is sent (a refusal exits 2 with no request); the asset is read
//! fresh and before → after printed; nothing is written when nothing changes
//! or with `--dry-run`; otherwise each change is recorded in the journal
//! (`store::journal`, on disk before the request goes out), sent as one
//! `PATCH`, and the journal completed with the answer.

use std::io::{self, Write};

use serde_json::json;

use crate::cli::UpdateArgs;
use crate::config::{self, Settings};
use crate::edit::{self, AltTextValue};
use crate::store::journal::{self, Entry, Field, Journal, Outcome};
use crate::text;
use crate::webflow::{ApiError, Asset, AssetId, AssetPatch, FailureClass};

const PREFIX: &str = "wfa update";

/// What was asked for, checked.
struct Wanted {
    alt_text: Option<AltTextValue>,
    display_name: Option<String>,
}

/// One field that will change.
struct Change {
    field: Field,
    before: Option<String>,
    after: String,
}

/// Runs the command; returns the exit code.
pub async fn run(args: &UpdateArgs, settings: &Settings) -> u8 {
    let (id, wanted) = match check(args) {
        Ok(checked) => checked,
        Err(message) => {
            eprintln!("{PREFIX}: {message}");
            eprintln!("{PREFIX}: nothing was sent");
            return FailureClass::Usage.exit_code();
        }
    };
    if let Some(value) = &wanted.alt_text {
        for warning in &value.warnings {
            eprintln!("{PREFIX}: warning: {warning}");
        }
    }
    let source = match super::connect(settings, PREFIX).await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let locale = settings.locale.as_ref();
    let asset = match source.lookup.fetch(&id, locale).await {
        Ok(fetched) => fetched.value,
        Err(e) => return api_failure(&id, &e, args.json, "nothing was sent"),
    };
    warn_about(&asset, &wanted);
    let changes = changes(&asset, &wanted);
    let mut out = io::stdout().lock();
    if !args.json {
        let _ = print_plan(&mut out, &asset, &wanted, &changes);
    }
    if changes.is_empty() || args.dry_run {
        let result = if changes.is_empty() {
            "unchanged"
        } else {
            "dryRun"
        };
        if args.json {
            let _ =
                super::json::write_line(&mut out, &outcome_json(&id, &changes, result, None, None));
        } else if changes.is_empty() {
            let _ = writeln!(out, "unchanged: nothing to write");
        } else {
            let _ = writeln!(out, "dry run: nothing was written");
        }
        return 0;
    }

    // Recorded before it is sent: no journal, no write.
    let Some(dir) = config::journal_dir() else {
        eprintln!("{PREFIX}: no state directory to keep the write journal in; nothing was sent");
        return 1;
    };
    let host = (!source.is_demo()).then(|| source.client.host().to_string());
    let mut journal = match Journal::create(&dir, "update", host.as_deref()) {
        Ok(journal) => journal,
        Err(e) => {
            eprintln!(
                "{PREFIX}: cannot write the journal in {}: {e}; nothing was sent",
                dir.display()
            );
            return 1;
        }
    };
    let time = journal::now();
    let sending: Vec<Entry> = changes
        .iter()
        .map(|change| Entry {
            time: time.clone(),
            asset_id: id.as_str().to_string(),
            locale: locale.map(|l| l.as_str().to_string()),
            field: change.field,
            before: change.before.clone(),
            after: change.after.clone(),
            result: Outcome::Sending,
            detail: None,
        })
        .collect();
    for entry in &sending {
        if let Err(e) = journal.record(entry) {
            eprintln!(
                "{PREFIX}: cannot write the journal {}: {e}; nothing was sent",
                journal.path().display()
            );
            return 1;
        }
    }
    let patch = patch(&changes);
    let answer = source.lookup.update(&id, locale, &patch).await;
    let (result, detail) = match &answer {
        Ok(_) => (Outcome::Done, None),
        Err(e) => (Outcome::Failed, Some(e.to_string())),
    };
    let mut journal_failed = false;
    for entry in &sending {
        if let Err(e) = journal.record(&entry.with_result(result, detail.clone())) {
            eprintln!(
                "{PREFIX}: warning: cannot complete the journal {}: {e}",
                journal.path().display()
            );
            journal_failed = true;
            break;
        }
    }
    let journal_path = journal.path().display().to_string();
    let updated = match answer {
        Ok(fetched) => fetched.value,
        Err(e) => {
            return api_failure(&id, &e, args.json, "Webflow did not take the change");
        }
    };
    let mismatches = mismatches(&updated, &changes);
    for mismatch in &mismatches {
        eprintln!("{PREFIX}: warning: {mismatch}");
    }
    if args.json {
        let _ = super::json::write_line(
            &mut out,
            &outcome_json(
                &id,
                &changes,
                "done",
                Some(&updated),
                Some(journal_path.as_str()),
            ),
        );
    } else {
        let _ = writeln!(out, "updated; now:");
        let _ = writeln!(
            out,
            "  alt text:     {}",
            shown(updated.alt_text.as_deref())
        );
        let _ = writeln!(
            out,
            "  display name: {}",
            shown(Some(updated.display_name.as_str()))
        );
        if !journal_failed {
            let _ = writeln!(out, "journal: {journal_path}");
        }
    }
    0
}

/// Checks the ID and every new value before anything is sent.
fn check(args: &UpdateArgs) -> Result<(AssetId, Wanted), String> {
    let id = AssetId::parse(&args.id).map_err(|e| e.to_string())?;
    let alt_text = match (&args.alt_text, args.decorative) {
        (_, true) => Some(edit::alt_text("", true)),
        (Some(text), false) => Some(edit::alt_text(text, false)),
        (None, false) => None,
    }
    .transpose()
    .map_err(|e| e.to_string())?;
    let display_name = args
        .display_name
        .as_deref()
        .map(edit::display_name)
        .transpose()
        .map_err(|e| e.to_string())?;
    Ok((
        id,
        Wanted {
            alt_text,
            display_name,
        },
    ))
}

/// The fields whose value differs from what the asset has now.
fn changes(asset: &Asset, wanted: &Wanted) -> Vec<Change> {
    let mut changes = Vec::new();
    if let Some(value) = &wanted.alt_text
        && asset.alt_text.as_deref() != Some(value.text.as_str())
    {
        changes.push(Change {
            field: Field::AltText,
            before: asset.alt_text.clone(),
            after: value.text.clone(),
        });
    }
    if let Some(name) = &wanted.display_name
        && asset.display_name != *name
    {
        changes.push(Change {
            field: Field::DisplayName,
            before: Some(asset.display_name.clone()),
            after: name.clone(),
        });
    }
    changes
}

/// The `PATCH` body: only what changes.
fn patch(changes: &[Change]) -> AssetPatch {
    let mut patch = AssetPatch::default();
    for change in changes {
        match change.field {
            Field::AltText => patch.alt_text = Some(change.after.clone()),
            Field::DisplayName => patch.display_name = Some(change.after.clone()),
        }
    }
    patch
}

/// What the audit would say of the new alt text on this asset.
fn warn_about(asset: &Asset, wanted: &Wanted) {
    let Some(value) = &wanted.alt_text else {
        return;
    };
    if !asset.is_image() {
        eprintln!(
            "{PREFIX}: warning: {} is not an image ({}): its alt text is not shown anywhere",
            asset.id.trim(),
            text::clean(&asset.content_type)
        );
        return;
    }
    for finding in edit::alt_text_findings(asset, value) {
        // Too long was already said, before the asset was read.
        if finding.rule != crate::audit::ALT_TOO_LONG {
            eprintln!("{PREFIX}: warning: {}: {}", finding.rule, finding.detail);
        }
    }
}

/// Before → after for each field asked about.
fn print_plan(
    out: &mut impl Write,
    asset: &Asset,
    wanted: &Wanted,
    changes: &[Change],
) -> io::Result<()> {
    writeln!(
        out,
        "{} ({})",
        text::clean(asset.id.trim()),
        text::clean(&asset.display_name)
    )?;
    let line = |field: Field, label: &str, now: Option<&str>| match changes
        .iter()
        .find(|c| c.field == field)
    {
        Some(change) => format!(
            "  {label} {} → {}",
            shown(change.before.as_deref()),
            shown(Some(&change.after))
        ),
        None => format!("  {label} {} (unchanged)", shown(now)),
    };
    if wanted.alt_text.is_some() {
        writeln!(
            out,
            "{}",
            line(Field::AltText, "alt text:    ", asset.alt_text.as_deref())
        )?;
    }
    if wanted.display_name.is_some() {
        writeln!(
            out,
            "{}",
            line(
                Field::DisplayName,
                "display name:",
                Some(&asset.display_name)
            )
        )?;
    }
    Ok(())
}

/// A value for a terminal: quoted and cleaned; `null` said in words, since
/// it cannot be written back; `""` said to be decorative.
fn shown(value: Option<&str>) -> String {
    match value {
        None => "not set (null)".to_string(),
        Some("") => "\"\" (decorative)".to_string(),
        Some(text) => format!("\"{}\"", text::clean(text)),
    }
}

/// Fields where Webflow's answer does not hold what was sent.
fn mismatches(updated: &Asset, changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|change| {
            let (label, now) = match change.field {
                Field::AltText => ("alt text", updated.alt_text.as_deref()),
                Field::DisplayName => ("display name", Some(updated.display_name.as_str())),
            };
            (now != Some(change.after.as_str())).then(|| {
                format!(
                    "Webflow answered with {label} {}, not the {} sent",
                    shown(now),
                    shown(Some(&change.after))
                )
            })
        })
        .collect()
}

/// Reports an API failure; returns the exit code of its class.
fn api_failure(id: &AssetId, e: &ApiError, json: bool, what: &str) -> u8 {
    if json {
        let mut out = io::stdout().lock();
        let _ = super::json::write_line(&mut out, &super::get::error_json(id, e));
    }
    eprintln!("{PREFIX}: {id}: {e}");
    eprintln!("{PREFIX}: {what}");
    e.class().exit_code()
}

/// `--json`: `{"id","result","changes":[{"field","before","after"}],…}`.
fn outcome_json(
    id: &AssetId,
    changes: &[Change],
    result: &str,
    updated: Option<&Asset>,
    journal: Option<&str>,
) -> serde_json::Value {
    let changes: Vec<_> = changes
        .iter()
        .map(|c| json!({"field": c.field, "before": c.before, "after": c.after}))
        .collect();
    let mut value = json!({"id": id.as_str(), "result": result, "changes": changes});
    if let Some(asset) = updated {
        value["altText"] = json!(asset.alt_text);
        value["displayName"] = json!(asset.display_name);
    }
    if let Some(path) = journal {
        value["journal"] = json!(path);
    }
    value
}
