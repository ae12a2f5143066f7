//! Writing alt texts from the browser, routed: the editor (`e`), its drafts,
//! a save and its answer, `u`, the marks, and many at once through
//! `$EDITOR` (`E`). Each part keeps its own rules — the editor
//! (`alt_editor.rs`), the drafts (`drafts.rs`), the rows being written and
//! marked (`assets/`), the command log (`write_log.rs`), the plan's stage
//! (`bulk.rs`); this only says which comes first. Writes go out as
//! [`Cmd::Write`], [`Cmd::MakePlan`] and [`Cmd::ApplyPlan`], run by the
//! worker through `crate::changes`.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent};

use super::alt_editor::{AltEditor, EditorKey};
use super::bulk::Bulk;
use super::write_log::{LogEntry, LogResult, WriteKind};
use super::{App, Cmd, filter};
use crate::changes::{Wanted, table};
use crate::edit::{self, AltTextValue};
use crate::store::drafts::Draft;
use crate::tui::notice::{IoFailure, NotEditable, Notice, Problem};
use crate::tui::writes::{ApplySummary, PlanView, WriteOutcome};
use crate::webflow::{AssetId, LocaleId};

impl App {
    /// Drafts read from disk after the first frame (or why they could not
    /// be): offered back, `e` on their asset resumes them.
    pub fn offer_drafts(&mut self, loaded: Vec<Draft>, problem: Option<Problem>) {
        self.status.report_first(problem);
        let before = self.drafts.len();
        let count = self.drafts.offer(loaded);
        if count > before {
            self.status.notify(Notice::DraftsOffered(count));
        }
    }

    // ---- One asset: the editor ----

    /// `e`: edits the selected asset's alt text, resuming its draft if
    /// there is one.
    pub(super) fn edit_selected(&mut self) -> Vec<Cmd> {
        let Some(entry) = self.assets.selected_entry() else {
            return self.not_editable(NotEditable::NothingLoaded);
        };
        let Some(asset) = entry.asset() else {
            return self.not_editable(NotEditable::NothingLoaded);
        };
        if entry.saving() {
            return self.not_editable(NotEditable::Saving);
        }
        let id = entry.id().clone();
        let locale = self.assets.locale().cloned();
        let editor = match self.drafts.get(&id, locale.as_ref()) {
            Some(draft) => AltEditor::new(id, locale, draft.base.clone(), draft.text.clone()),
            None => {
                let base = asset.alt_text.clone();
                let text = base.clone().unwrap_or_default();
                AltEditor::new(id, locale, base, text)
            }
        };
        self.alt_editor = Some(editor);
        Vec::new()
    }

    fn not_editable(&mut self, why: NotEditable) -> Vec<Cmd> {
        self.status.report(Problem::NotEditable(why));
        Vec::new()
    }

    pub(super) fn on_editor_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(editor) = self.alt_editor.as_mut() else {
            return Vec::new();
        };
        let outcome = editor.key(key);
        self.after_editor(outcome)
    }

    pub(super) fn on_editor_paste(&mut self, text: &str) -> Vec<Cmd> {
        let Some(editor) = self.alt_editor.as_mut() else {
            return Vec::new();
        };
        let outcome = editor.paste(text);
        self.after_editor(outcome)
    }

    /// What the editor's answer does: the draft kept or dropped, a save.
    fn after_editor(&mut self, outcome: EditorKey) -> Vec<Cmd> {
        let Some(editor) = self.alt_editor.as_ref() else {
            return Vec::new();
        };
        if editor.cms().is_some() {
            return self.after_cms_editor(outcome);
        }
        let (id, locale) = (editor.id().clone(), editor.locale().cloned());
        match outcome {
            EditorKey::Nothing => Vec::new(),
            EditorKey::Changed if editor.changed() => {
                let (base, text) = (editor.base().map(str::to_string), editor.text());
                vec![
                    self.drafts
                        .put(&id, locale.as_ref(), base.as_deref(), text, self.now),
                ]
            }
            // Typed back to what the asset holds: nothing is unsaved.
            EditorKey::Changed => self
                .drafts
                .remove(&id, locale.as_ref())
                .into_iter()
                .collect(),
            EditorKey::Cancel => {
                self.alt_editor = None;
                self.status.notify(Notice::DraftDropped);
                self.drafts
                    .remove(&id, locale.as_ref())
                    .into_iter()
                    .collect()
            }
            EditorKey::Close => {
                let changed = editor.changed();
                self.alt_editor = None;
                if changed {
                    self.status.notify(Notice::DraftKept);
                }
                Vec::new()
            }
            EditorKey::Save(value) => {
                let editor = self.alt_editor.take().expect("the editor is open");
                if editor.base() == Some(value.text.as_str()) {
                    self.status.notify(Notice::NoChange);
                    return self
                        .drafts
                        .remove(&id, locale.as_ref())
                        .into_iter()
                        .collect();
                }
                // The draft stays (on disk too) until the save is done.
                let keep =
                    self.drafts
                        .put(&id, locale.as_ref(), editor.base(), editor.text(), self.now);
                let mut cmds = vec![keep];
                let before = editor.base().map(str::to_string);
                cmds.extend(self.write(WriteKind::Save, id, locale, before, value));
                cmds
            }
        }
    }

    /// Sends one asset's new alt text, expecting it to hold `before`; the row
    /// shows the write in flight and the command log lists it.
    fn write(
        &mut self,
        kind: WriteKind,
        id: AssetId,
        locale: Option<LocaleId>,
        before: Option<String>,
        value: AltTextValue,
    ) -> Vec<Cmd> {
        let ticket = self.tickets.issue();
        let name = self.asset_name(&id);
        self.log.start(LogEntry {
            ticket,
            time: self.now,
            kind,
            id: id.clone(),
            locale: locale.clone(),
            name,
            before: before.clone(),
            after: value.text.clone(),
            result: LogResult::Pending,
            undone: false,
            cms: None,
        });
        self.assets.start_write(&id);
        let mut wanted = Wanted::new(id, locale, "the browser");
        wanted.alt_text = Some(value);
        wanted.expect_alt_text = Some(before);
        vec![Cmd::Write { ticket, wanted }]
    }

    fn asset_name(&self, id: &AssetId) -> String {
        self.assets
            .entry(id)
            .and_then(|e| e.asset())
            .map_or_else(|| id.to_string(), |a| a.display_name.clone())
    }

    /// `u`: restores the before-value of the newest write of this session
    /// not undone yet, expecting the value it wrote (a later edit by someone
    /// else is a conflict, as for a save).
    pub(super) fn undo_last(&mut self) -> Vec<Cmd> {
        let Some((index, entry)) = self.log.last_undoable() else {
            self.status.notify(Notice::NothingToUndo);
            return Vec::new();
        };
        if entry.cms.is_some() {
            return self.undo_cms(index);
        }
        let (id, locale) = (entry.id.clone(), entry.locale.clone());
        if self.assets.entry(&id).is_some_and(|e| e.saving()) {
            return self.not_editable(NotEditable::Saving);
        }
        let Some(before) = entry.before.clone() else {
            self.status.report(Problem::CannotRestoreNull { id });
            return Vec::new();
        };
        let after = entry.after.clone();
        match edit::alt_text(&before, true) {
            Ok(value) => self.write(WriteKind::Undo(index), id, locale, Some(after), value),
            Err(error) => {
                // A before-value the API took but the rules refuse (an old
                // line break): nothing sent.
                self.status.report(Problem::CannotRestore { id, error });
                Vec::new()
            }
        }
    }

    /// A write (save, undo or a plan's asset) was answered: the row, the
    /// log, the draft and the status follow.
    pub(super) fn on_written(
        &mut self,
        ticket: u64,
        id: AssetId,
        outcome: WriteOutcome,
        journal: Option<std::path::PathBuf>,
    ) -> Vec<Cmd> {
        let waited = self.log.finish(ticket, &id, &outcome, journal);
        self.assets.end_write(&id, outcome.asset());
        if !waited {
            return Vec::new();
        }
        self.bulk.answered(
            ticket,
            !matches!(
                outcome,
                WriteOutcome::Failed(_) | WriteOutcome::NotJournaled(_)
            ),
        );
        let Some(entry) = self
            .log
            .entries()
            .iter()
            .rev()
            .find(|e| e.ticket == ticket && e.id == id)
        else {
            return Vec::new();
        };
        // (Found: `finish` just answered it.)
        let (kind, locale, name) = (entry.kind, entry.locale.clone(), entry.name.clone());
        if let Some(asset) = outcome.asset() {
            self.coverage
                .saw_write(id.as_str(), locale.as_ref(), asset.alt_text.as_deref());
        }
        let mut cmds = Vec::new();
        match outcome {
            WriteOutcome::Done { .. } | WriteOutcome::Unchanged { .. } => {
                if kind == WriteKind::Save {
                    cmds.extend(self.drafts.remove(&id, locale.as_ref()));
                }
                match (kind, matches!(outcome, WriteOutcome::Done { .. })) {
                    // Done with: rows that failed or met a conflict stay
                    // marked for another go.
                    (WriteKind::Apply, _) => self.assets.unmark(&id),
                    (_, false) => self.status.notify(Notice::AlreadyHeld { name }),
                    (WriteKind::Undo(_), true) => self.status.notify(Notice::Undone { name }),
                    (WriteKind::Save, true) => self.status.notify(Notice::Saved { name }),
                }
            }
            WriteOutcome::Conflict { now, .. } => {
                // The draft now starts from what the asset holds: the pane
                // shows it, and saving again writes over it knowingly.
                if kind == WriteKind::Save
                    && let Some(text) = self
                        .drafts
                        .get(&id, locale.as_ref())
                        .map(|d| d.text.clone())
                {
                    cmds.push(self.drafts.put(
                        &id,
                        locale.as_ref(),
                        now.as_deref(),
                        &text,
                        self.now,
                    ));
                }
                if kind != WriteKind::Apply {
                    self.status.report(Problem::WriteConflict { id, now });
                }
            }
            WriteOutcome::Failed(error) => {
                if kind != WriteKind::Apply {
                    self.status.report(Problem::WriteFailed { id, error });
                }
            }
            WriteOutcome::NotJournaled(error) => self.status.report(Problem::NotJournaled(error)),
        }
        cmds
    }

    // ---- Marks ----

    pub(super) fn toggle_mark(&mut self) {
        match self.assets.toggle_mark() {
            Some(marked) => self.status.notify(Notice::Marked {
                marked,
                rows: 1,
                total: self.assets.marked_count(),
            }),
            None => self
                .status
                .report(Problem::NotEditable(NotEditable::NothingLoaded)),
        }
    }

    pub(super) fn toggle_mark_shown(&mut self) {
        let (marked, rows) = self.assets.toggle_mark_shown();
        self.status.notify(Notice::Marked {
            marked,
            rows,
            total: self.assets.marked_count(),
        });
    }

    // ---- Many at once ----

    /// `E`: the marked assets (or the selected one) as a table for `$EDITOR`;
    /// a table refused before opens again as it was.
    pub(super) fn edit_marked(&mut self) -> Vec<Cmd> {
        if let Bulk::Refused {
            text,
            shown,
            locale,
        } = std::mem::take(&mut self.bulk)
        {
            self.bulk = Bulk::Editing { shown, locale };
            return vec![Cmd::EditTable { text }];
        }
        if !self.bulk.is_idle() {
            return self.not_editable(NotEditable::PlanBusy);
        }
        let mut rows: Vec<_> = self
            .assets
            .marked()
            .filter_map(|e| e.asset().map(|a| (e.id(), a)))
            .collect();
        if self.assets.marked_count() == 0
            && let Some(entry) = self.assets.selected_entry()
            && let Some(asset) = entry.asset()
        {
            rows.push((entry.id(), asset));
        }
        if rows.is_empty() {
            return self.not_editable(NotEditable::NothingLoaded);
        }
        let names: HashMap<&AssetId, String> = rows
            .iter()
            .map(|(id, a)| (*id, filter::shown_name(&a.display_name).into_owned()))
            .collect();
        let text = table::write(
            rows.iter()
                .map(|(id, a)| (*id, names[id].as_str(), a.alt_text.as_deref())),
        );
        let shown: HashMap<AssetId, Option<String>> = rows
            .iter()
            .map(|(id, a)| ((*id).clone(), a.alt_text.clone()))
            .collect();
        self.bulk = Bulk::Editing {
            shown,
            locale: self.assets.locale().cloned(),
        };
        vec![Cmd::EditTable { text }]
    }

    /// The table came back from the editor: checked, then planned.
    pub(super) fn on_table_edited(&mut self, text: Result<String, IoFailure>) -> Vec<Cmd> {
        let Bulk::Editing { shown, locale } = std::mem::take(&mut self.bulk) else {
            return Vec::new();
        };
        let text = match text {
            Ok(text) => text,
            Err(error) => {
                self.status.report(Problem::EditorFailed(error));
                return Vec::new();
            }
        };
        let parsed = match table::parse(&text, locale.as_ref(), &shown) {
            Ok(parsed) => parsed,
            Err(errors) => {
                let text = table::with_errors(&text, &errors);
                self.status.report(Problem::TableRefused(errors));
                self.bulk = Bulk::Refused {
                    text,
                    shown,
                    locale,
                };
                return Vec::new();
            }
        };
        if parsed.wanted.is_empty() {
            self.status.notify(Notice::TableUnchanged {
                untouched: parsed.untouched,
            });
            return Vec::new();
        }
        let ticket = self.tickets.issue();
        self.bulk = Bulk::Reading {
            ticket,
            count: parsed.wanted.len(),
        };
        vec![Cmd::MakePlan {
            ticket,
            wanted: parsed.wanted,
        }]
    }

    pub(super) fn on_planned(&mut self, ticket: u64, plan: PlanView) -> Vec<Cmd> {
        if !self.bulk.reading(ticket) {
            return vec![Cmd::DropPlan { ticket }];
        }
        self.bulk = Bulk::Review {
            ticket,
            plan,
            scroll: 0,
        };
        Vec::new()
    }

    /// Keys while the plan is shown: `y` runs it, `n`/Esc drops it, ↑/↓
    /// scroll.
    pub(super) fn on_review_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Bulk::Review {
            ticket,
            plan,
            scroll,
        } = &mut self.bulk
        else {
            return Vec::new();
        };
        let ticket = *ticket;
        let writes = plan.rows.iter().any(is_write);
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            KeyCode::Char('y' | 'Y') if writes => {
                let writes: Vec<_> = plan.rows.iter().filter(|r| is_write(r)).cloned().collect();
                self.bulk = Bulk::Applying {
                    ticket,
                    total: writes.len(),
                    done: 0,
                    failed: 0,
                };
                let locale = self.assets.locale().cloned();
                for row in writes {
                    self.log.start(LogEntry {
                        ticket,
                        time: self.now,
                        kind: WriteKind::Apply,
                        id: row.id.clone(),
                        locale: locale.clone(),
                        name: row.name,
                        before: row.current,
                        after: row.new,
                        result: LogResult::Pending,
                        undone: false,
                        cms: None,
                    });
                    self.assets.start_write(&row.id);
                }
                return vec![Cmd::ApplyPlan { ticket }];
            }
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => {
                self.bulk = Bulk::Idle;
                self.status.notify(Notice::PlanDropped);
                return vec![Cmd::DropPlan { ticket }];
            }
            // A plan with nothing to write closes on any key.
            _ if !writes => {
                self.bulk = Bulk::Idle;
                return vec![Cmd::DropPlan { ticket }];
            }
            _ => {}
        }
        Vec::new()
    }

    /// `x` while a plan runs: it stops before its next asset.
    pub(super) fn stop_run(&mut self) -> Vec<Cmd> {
        match self.bulk {
            Bulk::Applying { ticket, .. } => {
                self.status
                    .notify("stopping the run after the write in flight…");
                vec![Cmd::StopPlan { ticket }]
            }
            _ => {
                self.status.notify("no plan is running");
                Vec::new()
            }
        }
    }

    /// The run `ticket` ended: rows it never reached are no longer saving.
    pub(super) fn on_apply_done(&mut self, ticket: u64, summary: ApplySummary) {
        for id in self.log.abandon(ticket) {
            self.assets.end_write(&id, None);
        }
        if matches!(self.bulk, Bulk::Applying { ticket: t, .. } if t == ticket) {
            self.bulk = Bulk::Idle;
        }
        self.status.notify(Notice::Applied(summary));
    }
}

fn is_write(row: &crate::tui::writes::PlanRow) -> bool {
    row.decision == crate::changes::plan::Decision::Write
}
