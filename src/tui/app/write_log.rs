//! The command log: every write this session made (a save, an undo, an
//! asset of a plan run), with what it changed and how it ended, and the
//! journal they were recorded in. `u` undoes the newest one not undone yet.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::alt_editor::CmsPlace;
use crate::tui::writes::{CmsOutcome, WriteOutcome};
use crate::webflow::{ApiError, AssetId, LocaleId};

/// What asked for a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    /// The editor's Enter.
    Save,
    /// `u`: restores the entry at this index of the log.
    Undo(usize),
    /// One asset of a plan from the `$EDITOR` table.
    Apply,
}

/// How a write ended, or that it has not yet.
#[derive(Debug, Clone, PartialEq)]
pub enum LogResult {
    Pending,
    Done,
    /// It already held the value: nothing was sent.
    Unchanged,
    /// Someone else changed it (to `now`): skipped.
    Conflict {
        now: Option<String>,
    },
    Failed(ApiError),
    /// What was to be written could not be read (why): nothing was sent.
    Unreadable(String),
    /// The journal could not be written: nothing was sent.
    NotJournaled(String),
    /// The run stopped before it was sent.
    NotSent,
}

/// One write of this session.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    pub ticket: u64,
    pub time: DateTime<Utc>,
    pub kind: WriteKind,
    pub id: AssetId,
    pub locale: Option<LocaleId>,
    /// The display name when it was written, for reading the log.
    pub name: String,
    /// What it was expected to hold before (`None`: `null`).
    pub before: Option<String>,
    pub after: String,
    pub result: LogResult,
    /// A later `u` restored its before-value.
    pub undone: bool,
    /// A CMS item's alt for the image, not the asset's.
    pub cms: Option<CmsPlace>,
}

#[derive(Debug, Clone, Default)]
pub struct WriteLog {
    entries: Vec<LogEntry>,
    journal: Option<PathBuf>,
}

impl WriteLog {
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// Where this session's writes are journaled, once one was.
    pub fn journal(&self) -> Option<&PathBuf> {
        self.journal.as_ref()
    }

    pub fn start(&mut self, entry: LogEntry) {
        self.entries.push(entry);
    }

    /// The write `ticket` of `id` ended; returns whether the log had it
    /// waiting (a plan also answers for assets it found needed nothing).
    pub fn finish(
        &mut self,
        ticket: u64,
        id: &AssetId,
        outcome: &WriteOutcome,
        journal: Option<PathBuf>,
    ) -> bool {
        let result = match outcome {
            WriteOutcome::Done { .. } => LogResult::Done,
            WriteOutcome::Unchanged { .. } => LogResult::Unchanged,
            WriteOutcome::Conflict { now, .. } => LogResult::Conflict { now: now.clone() },
            WriteOutcome::Failed(e) => LogResult::Failed(e.clone()),
            WriteOutcome::NotJournaled(e) => LogResult::NotJournaled(e.clone()),
        };
        self.finish_with(ticket, id, result, journal)
    }

    /// [`WriteLog::finish`] for a CMS item's alt.
    pub fn finish_cms(
        &mut self,
        ticket: u64,
        id: &AssetId,
        outcome: &CmsOutcome,
        journal: Option<PathBuf>,
    ) -> bool {
        let result = match outcome {
            CmsOutcome::Done => LogResult::Done,
            CmsOutcome::Unchanged => LogResult::Unchanged,
            CmsOutcome::Conflict { now } => LogResult::Conflict { now: now.clone() },
            CmsOutcome::Unreadable(why) => LogResult::Unreadable(why.clone()),
            CmsOutcome::Failed(e) => LogResult::Failed(e.clone()),
            CmsOutcome::NotJournaled(e) => LogResult::NotJournaled(e.clone()),
        };
        self.finish_with(ticket, id, result, journal)
    }

    fn finish_with(
        &mut self,
        ticket: u64,
        id: &AssetId,
        result: LogResult,
        journal: Option<PathBuf>,
    ) -> bool {
        if journal.is_some() {
            self.journal = journal;
        }
        let Some(index) = self
            .entries
            .iter()
            .rposition(|e| e.ticket == ticket && e.id == *id && e.result == LogResult::Pending)
        else {
            return false;
        };
        let done = result == LogResult::Done;
        let entry = &mut self.entries[index];
        entry.result = result;
        if let (true, WriteKind::Undo(target)) = (done, entry.kind) {
            self.entries[target].undone = true;
        }
        true
    }

    /// The newest save or applied change that is done and not undone, with
    /// its index: each `u` goes one write further back.
    pub fn last_undoable(&self) -> Option<(usize, &LogEntry)> {
        self.entries.iter().enumerate().rev().find(|(_, e)| {
            e.result == LogResult::Done && !e.undone && !matches!(e.kind, WriteKind::Undo(_))
        })
    }

    /// The run `ticket` ended: its writes still pending were never sent;
    /// returns their assets.
    pub fn abandon(&mut self, ticket: u64) -> Vec<AssetId> {
        self.entries
            .iter_mut()
            .filter(|e| e.ticket == ticket && e.result == LogResult::Pending)
            .map(|e| {
                e.result = LogResult::NotSent;
                e.id.clone()
            })
            .collect()
    }

    /// Writes not answered yet.
    pub fn pending(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.result == LogResult::Pending)
            .count()
    }
}
