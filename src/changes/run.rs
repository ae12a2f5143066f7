//! Running a plan: every change journaled, one `PATCH` per asset.
//!
//! The journal gets the whole plan first (`planned` lines, with the values
//! read), so a run stopped before it reached an asset still says what that
//! asset held; then, per asset, `sending` lines before the request and
//! `done` or `failed` after it. A request cut off by a stop leaves its
//! `sending` lines unanswered: the asset is read again on the next run.
//!
//! A failure that only concerns one asset (not found, refused value) is
//! recorded and the run goes on; one that every later request would meet too
//! (the token, the scope, the network, the rate limit) stops it.

use std::io;
use std::ops::ControlFlow;

use tokio::sync::watch;

use super::plan::{Decision, Item, Plan};
use crate::source::lookup::Lookup;
use crate::store::journal::{self, Entry, Field, Journal, Outcome};
use crate::webflow::{ApiError, Asset, AssetPatch, FailureClass};

/// What happened to one asset.
#[derive(Debug)]
pub enum Written {
    /// Webflow took the change and answered with the asset as it is now.
    Done(Asset),
    Failed(ApiError),
}

/// A run's result.
#[derive(Debug, Default)]
pub struct Summary {
    pub done: usize,
    pub failed: Vec<(String, ApiError)>,
    /// Not sent: the run stopped first (asked to, or after a failure every
    /// later write would meet).
    pub not_sent: usize,
    /// Why the run stopped early, if it did.
    pub stopped: Option<Stop>,
    /// Fields whose value in Webflow's answer is not the one sent.
    pub mismatches: Vec<String>,
}

#[derive(Debug)]
pub enum Stop {
    /// Interrupted (Ctrl-C, a quit): `in_flight` names an asset whose request
    /// was cut off, whose state the next run reads again.
    Asked { in_flight: Option<String> },
    /// A failure every later write would meet too.
    Failure(FailureClass),
}

impl Summary {
    /// The exit code: the worst failure's class, 130 when interrupted, else 0.
    pub fn exit_code(&self) -> u8 {
        match &self.stopped {
            Some(Stop::Asked { .. }) => 130,
            Some(Stop::Failure(class)) => class.exit_code(),
            None => self
                .failed
                .iter()
                .map(|(_, e)| e.class().exit_code())
                .max()
                .unwrap_or(0),
        }
    }
}

/// Why a write could not even be tried.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the journal {path}: {source}; nothing more was sent")]
pub struct JournalError {
    pub path: String,
    pub source: io::Error,
}

/// Records the plan in `journal`: every write as `planned`, every conflict
/// as `skipped` with what was found.
pub fn record_plan(journal: &mut Journal, plan: &Plan) -> Result<(), JournalError> {
    let time = journal::now();
    for item in &plan.items {
        let lines: Vec<Entry> = match item.decision {
            Decision::Write => entries(item, Outcome::Planned, None, &time),
            Decision::Conflict => item
                .conflicts
                .iter()
                .map(|c| {
                    let after = item.wanted.new_value(c.field).unwrap_or_default();
                    let mut line = line(item, c.field, c.now.clone(), after, &time);
                    line.result = Outcome::Skipped;
                    line.detail = Some(format!(
                        "changed by someone else: expected {}, found {}",
                        super::shown(c.expected.as_deref()),
                        super::shown(c.now.as_deref())
                    ));
                    line
                })
                .collect(),
            Decision::Unchanged => Vec::new(),
        };
        for line in &lines {
            record(journal, line)?;
        }
    }
    Ok(())
}

/// Writes every `Write` item of the plan in order, telling `on_item` after
/// each. Stops at once when `stop` turns true (a request in flight is
/// abandoned; its journal lines stay `sending`), and before the next item
/// when `on_item` answers `Break` (nothing is abandoned).
pub async fn run(
    lookup: &Lookup,
    journal: &mut Journal,
    plan: &Plan,
    stop: &mut watch::Receiver<bool>,
    mut on_item: impl FnMut(&Item, &Written) -> ControlFlow<()>,
) -> Result<Summary, JournalError> {
    let mut summary = Summary::default();
    let writes: Vec<&Item> = plan.writes().collect();
    for (i, item) in writes.iter().enumerate() {
        if *stop.borrow() {
            summary.stopped = Some(Stop::Asked { in_flight: None });
        }
        if summary.stopped.is_some() {
            summary.not_sent = writes.len() - i;
            break;
        }
        let written = tokio::select! {
            biased;
            _ = stop.wait_for(|stop| *stop) => {
                summary.stopped = Some(Stop::Asked {
                    in_flight: Some(item.wanted.asset_id.to_string()),
                });
                summary.not_sent = writes.len() - i;
                break;
            }
            written = write(lookup, journal, item) => written?,
        };
        let asked_to_stop = on_item(item, &written).is_break();
        match written {
            Written::Done(asset) => {
                summary.done += 1;
                summary.mismatches.extend(mismatches(item, &asset));
            }
            Written::Failed(e) => {
                if stops_the_run(&e) {
                    summary.stopped = Some(Stop::Failure(e.class()));
                }
                summary.failed.push((item.wanted.asset_id.to_string(), e));
            }
        }
        if asked_to_stop && summary.stopped.is_none() && i + 1 < writes.len() {
            summary.stopped = Some(Stop::Asked { in_flight: None });
        }
    }
    Ok(summary)
}

/// Sends one item's changes: `sending` lines, the `PATCH`, then `done` or
/// `failed` lines.
pub async fn write(
    lookup: &Lookup,
    journal: &mut Journal,
    item: &Item,
) -> Result<Written, JournalError> {
    let time = journal::now();
    let sending = entries(item, Outcome::Sending, None, &time);
    for line in &sending {
        record(journal, line)?;
    }
    let mut patch = AssetPatch::default();
    for change in &item.changes {
        match change.field {
            journal::Field::AltText => patch.alt_text = Some(change.after.clone()),
            journal::Field::DisplayName => patch.display_name = Some(change.after.clone()),
            journal::Field::CmsAlt => {}
        }
    }
    let answer = lookup
        .update(&item.wanted.asset_id, item.wanted.locale.as_ref(), &patch)
        .await;
    let (result, detail) = match &answer {
        Ok(_) => (Outcome::Done, None),
        Err(e) => (Outcome::Failed, Some(e.to_string())),
    };
    for line in &sending {
        record(journal, &line.with_result(result, detail.clone()))?;
    }
    Ok(match answer {
        Ok(fetched) => Written::Done(fetched.value),
        Err(e) => Written::Failed(e),
    })
}

/// The journal lines of an item's changes at one stage.
fn entries(item: &Item, result: Outcome, detail: Option<String>, time: &str) -> Vec<Entry> {
    item.changes
        .iter()
        .map(|change| Entry {
            result,
            detail: detail.clone(),
            ..line(
                item,
                change.field,
                change.before.clone(),
                &change.after,
                time,
            )
        })
        .collect()
}

/// A journal line about `field` of `item`'s asset, stamped `time`; planned
/// until the caller says otherwise.
fn line(item: &Item, field: Field, before: Option<String>, after: &str, time: &str) -> Entry {
    Entry {
        time: time.to_string(),
        ..Entry::asset(
            item.wanted.asset_id.to_string(),
            item.wanted.locale.as_ref().map(ToString::to_string),
            field,
            before,
            after.to_string(),
            Outcome::Planned,
            None,
        )
    }
}

fn record(journal: &mut Journal, entry: &Entry) -> Result<(), JournalError> {
    journal.record(entry).map_err(|source| JournalError {
        path: journal.path().display().to_string(),
        source,
    })
}

/// A failure that every later write would meet too.
fn stops_the_run(e: &ApiError) -> bool {
    matches!(
        e.class(),
        FailureClass::Auth
            | FailureClass::RateLimited
            | FailureClass::Transport
            | FailureClass::Usage
    )
}

/// Fields where Webflow's answer does not hold what was sent.
pub fn mismatches(item: &Item, updated: &Asset) -> Vec<String> {
    item.changes
        .iter()
        .filter_map(|change| {
            let now = match change.field {
                journal::Field::AltText => updated.alt_text.as_deref(),
                journal::Field::DisplayName => Some(updated.display_name.as_str()),
                journal::Field::CmsAlt => Some(change.after.as_str()),
            };
            (now != Some(change.after.as_str())).then(|| {
                format!(
                    "{}: Webflow answered with {} {}, not the {} sent",
                    item.wanted.asset_id,
                    super::field_label(change.field),
                    super::shown(now),
                    super::shown(Some(&change.after))
                )
            })
        })
        .collect()
}

/// One asset read, decided and (when there is something to write) written
/// at once: the browser's save and undo.
// One value per save, moved once: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Single {
    /// Its current state could not be read: nothing was sent.
    Unread(ApiError),
    /// Decided; `written` is `None` unless the decision was `Write`.
    Decided {
        item: Box<Item>,
        written: Option<Written>,
    },
}

/// Reads the asset fresh, decides ([`super::plan::decide`]: a conflict is
/// not written unless `force`), and writes it with its journal lines.
pub async fn single(
    lookup: &Lookup,
    journal: &mut Journal,
    wanted: super::Wanted,
    force: bool,
    audit: &crate::audit::AuditConfig,
) -> Result<Single, JournalError> {
    let asset = match lookup.fetch(&wanted.asset_id, wanted.locale.as_ref()).await {
        Ok(fetched) => fetched.value,
        Err(e) => return Ok(Single::Unread(e)),
    };
    let item = super::plan::decide(wanted, asset, force, audit);
    let written = match item.decision {
        Decision::Write => {
            let time = journal::now();
            for line in entries(&item, Outcome::Planned, None, &time) {
                record(journal, &line)?;
            }
            Some(write(lookup, journal, &item).await?)
        }
        Decision::Unchanged | Decision::Conflict => None,
    };
    Ok(Single::Decided {
        item: Box::new(item),
        written,
    })
}
