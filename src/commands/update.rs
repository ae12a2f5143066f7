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

use super::locale::SiteHint;
use crate::changes::plan::{self, Decision, FieldChange, Item};
use crate::changes::run::{self, Written};
use crate::changes::{Wanted, shown};
use crate::cli::UpdateArgs;
use crate::config;
use crate::config::Settings;
use crate::edit;
use crate::store::journal::{Field, Journal};
use crate::text;
use crate::webflow::{ApiError, AssetId, FailureClass};

const PREFIX: &str = "wfa update";

/// Runs the command; returns the exit code.
pub async fn run(args: &UpdateArgs, settings: &Settings) -> u8 {
    // A locale tag is resolved once connected, from the asset's site.
    let mut wanted = match check(args, settings.locale.clone()) {
        Ok(wanted) => wanted,
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
    let id = wanted.asset_id.clone();
    wanted.locale = match super::locale::resolve(
        &source,
        settings,
        SiteHint::Assets(std::slice::from_ref(&id)),
        PREFIX,
    )
    .await
    {
        Ok(locale) => locale,
        Err(code) => return code,
    };
    let asset = match source.lookup.fetch(&id, wanted.locale.as_ref()).await {
        Ok(fetched) => fetched.value,
        Err(e) => return api_failure(&id, &e, args.json, "nothing was sent"),
    };
    let item = plan::decide(wanted, asset, false, &settings.audit.config);
    warn_about(&item);
    let mut out = io::stdout().lock();
    if !args.json {
        let _ = print_plan(&mut out, &item);
    }
    if item.decision != Decision::Write || args.dry_run {
        let result = if item.decision == Decision::Write {
            "dryRun"
        } else {
            "unchanged"
        };
        if args.json {
            let _ = super::json::write_line(
                &mut out,
                &outcome_json(&id, &item.changes, result, None, None),
            );
        } else if result == "unchanged" {
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
    let updated = match run::write(&source.lookup, &mut journal, &item).await {
        Ok(Written::Done(updated)) => updated,
        Ok(Written::Failed(e)) => {
            return api_failure(&id, &e, args.json, "Webflow did not take the change");
        }
        Err(e) => {
            eprintln!("{PREFIX}: {e}");
            return 1;
        }
    };
    for mismatch in run::mismatches(&item, &updated) {
        eprintln!("{PREFIX}: warning: {mismatch}");
    }
    let journal_path = journal.path().display().to_string();
    if args.json {
        let _ = super::json::write_line(
            &mut out,
            &outcome_json(
                &id,
                &item.changes,
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
        let _ = writeln!(out, "journal: {journal_path}");
    }
    0
}

/// Checks the ID and every new value before anything is sent.
fn check(args: &UpdateArgs, locale: Option<crate::webflow::LocaleId>) -> Result<Wanted, String> {
    let id = AssetId::parse(&args.id).map_err(|e| e.to_string())?;
    let mut wanted = Wanted::new(id, locale, "the command line");
    wanted.alt_text = match (&args.alt_text, args.decorative) {
        (_, true) => Some(edit::alt_text("", true)),
        (Some(text), false) => Some(edit::alt_text(text, false)),
        (None, false) => None,
    }
    .transpose()
    .map_err(|e| e.to_string())?;
    wanted.display_name = args
        .display_name
        .as_deref()
        .map(edit::display_name)
        .transpose()
        .map_err(|e| e.to_string())?;
    Ok(wanted)
}

/// What the audit would say of the new alt text on this asset.
fn warn_about(item: &Item) {
    if item.wanted.alt_text.is_none() {
        return;
    }
    if !item.asset.is_image() {
        eprintln!(
            "{PREFIX}: warning: {} is not an image ({}): its alt text is not shown anywhere",
            item.wanted.asset_id,
            text::clean(&item.asset.content_type)
        );
        return;
    }
    for finding in &item.findings {
        // Too long was already said, before the asset was read.
        if finding.rule != crate::audit::ALT_TOO_LONG {
            eprintln!("{PREFIX}: warning: {}: {}", finding.rule, finding.detail);
        }
    }
}

/// Before → after for each field asked about.
fn print_plan(out: &mut impl Write, item: &Item) -> io::Result<()> {
    let asset = &item.asset;
    writeln!(
        out,
        "{} ({})",
        text::clean(asset.id.trim()),
        text::clean(&asset.display_name)
    )?;
    let line = |field: Field, label: &str, now: Option<&str>| match item
        .changes
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
    if item.wanted.alt_text.is_some() {
        writeln!(
            out,
            "{}",
            line(Field::AltText, "alt text:    ", asset.alt_text.as_deref())
        )?;
    }
    if item.wanted.display_name.is_some() {
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
    changes: &[FieldChange],
    result: &str,
    updated: Option<&crate::webflow::Asset>,
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
