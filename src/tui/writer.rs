//! The worker's writes: one asset's alt text (a save from the editor, an
//! undo), plans made from the `$EDITOR` table and their runs, and the drafts
//! file. Every write goes through `crate::changes` — read fresh, conflict
//! checked, journaled before it is sent — into one journal per browser
//! session, made at the first write. Answers go back as messages; the
//! writer words nothing.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

use super::msg::Msg;
use super::notice::Problem;
use super::writes::{ApplySummary, CmsOutcome, PlanView, WriteOutcome};
use crate::audit::AuditConfig;
use crate::changes::Wanted;
use crate::changes::cms::{self, CmsSingle, CmsWanted};
use crate::changes::plan::{self, Decision, Item, Plan};
use crate::changes::run::{self, Single, Stop, Written};
use crate::source::lookup::Lookup;
use crate::store::drafts::{self, Draft};
use crate::store::journal::Journal;
use crate::webflow::AssetId;

/// How long a draft waits before it is written (typing rewrites it often).
const DRAFT_DEBOUNCE: Duration = Duration::from_millis(300);
/// A plan shown longer than this is read again before it runs.
const RECHECK_AFTER: Duration = Duration::from_secs(30);

/// Where the writer sends its answers.
pub type Reply = Arc<dyn Fn(Msg) + Send + Sync>;

/// Where writes are recorded and drafts kept.
#[derive(Debug, Clone, Default)]
pub struct WriteSetup {
    /// The journal directory (`config::journal_dir`); `None`: no writes.
    pub journal_dir: Option<PathBuf>,
    /// The API host the journal names (`None` in demo mode).
    pub host: Option<String>,
    /// The drafts file (`None`: drafts are not kept).
    pub drafts_path: Option<PathBuf>,
    /// What plans judge new alt texts by (the project's audit settings).
    pub audit: AuditConfig,
}

/// The session's journal, made at the first write and shared by every write
/// (one at a time, so its lines stay in order).
type SharedJournal = Arc<tokio::sync::Mutex<Option<Journal>>>;

pub struct Writer {
    lookup: Lookup,
    setup: WriteSetup,
    reply: Reply,
    journal: SharedJournal,
    plans: Arc<Mutex<HashMap<u64, Plan>>>,
    drafts_task: Option<tokio::task::AbortHandle>,
    /// Turned true when the browser stops: a run in progress stops before
    /// its next asset.
    stop: watch::Sender<bool>,
    /// Each run's own stop (`x` while it runs), by its ticket: looked at
    /// each time a write of the run is answered.
    run_stops: Arc<Mutex<HashMap<u64, Arc<AtomicBool>>>>,
}

impl Writer {
    pub fn new(lookup: Lookup, setup: WriteSetup, reply: Reply) -> Self {
        Self {
            lookup,
            setup,
            reply,
            journal: Arc::default(),
            plans: Arc::default(),
            drafts_task: None,
            stop: watch::channel(false).0,
            run_stops: Arc::default(),
        }
    }

    /// Writes one asset's alt text ([`run::single`]): answers `Msg::Saved`.
    pub fn write(&self, ticket: u64, wanted: Wanted) {
        let (lookup, journal, setup, reply) = self.parts();
        tokio::spawn(async move {
            let id = wanted.asset_id.clone();
            let mut guard = journal.lock().await;
            let (outcome, path) = match open(&mut guard, &setup) {
                Err(e) => (WriteOutcome::NotJournaled(e), None),
                Ok(journal) => {
                    let path = journal.path().to_path_buf();
                    let single = run::single(&lookup, journal, wanted, false, &setup.audit).await;
                    (outcome_of(single), Some(path))
                }
            };
            drop(guard);
            reply(Msg::Saved {
                ticket,
                id,
                outcome,
                journal: path,
            });
        });
    }

    /// Writes one CMS image's alt ([`cms::single`]): answers `Msg::CmsSaved`.
    pub fn write_cms(&self, ticket: u64, id: AssetId, wanted: CmsWanted) {
        let (lookup, journal, setup, reply) = self.parts();
        tokio::spawn(async move {
            let mut guard = journal.lock().await;
            let (outcome, path) = match open(&mut guard, &setup) {
                Err(e) => (CmsOutcome::NotJournaled(e), None),
                Ok(journal) => {
                    let path = journal.path().to_path_buf();
                    let single =
                        cms::single(&lookup.client, journal, wanted, false, &setup.audit).await;
                    (cms_outcome(single), Some(path))
                }
            };
            drop(guard);
            reply(Msg::CmsSaved {
                ticket,
                id,
                outcome,
                journal: path,
            });
        });
    }

    /// Reads and decides ([`plan::make`]): answers `Msg::Planned`; the plan
    /// waits here for `apply` or `drop_plan`.
    pub fn make_plan(&self, ticket: u64, wanted: Vec<Wanted>) {
        let (lookup, _, setup, reply) = self.parts();
        let plans = self.plans.clone();
        tokio::spawn(async move {
            let plan = plan::make(&lookup, wanted, false, &setup.audit, |_| {}).await;
            let view = PlanView::of(&plan);
            lock(&plans).insert(ticket, plan);
            reply(Msg::Planned { ticket, plan: view });
        });
    }

    pub fn drop_plan(&self, ticket: u64) {
        lock(&self.plans).remove(&ticket);
    }

    /// Runs the plan `ticket` as `wfa apply` does ([`run::record_plan`],
    /// [`run::run`]): `Msg::Applied` per asset, then `Msg::ApplyDone`.
    pub fn apply(&self, ticket: u64) {
        let Some(plan) = lock(&self.plans).remove(&ticket) else {
            return;
        };
        let (lookup, journal, setup, reply) = self.parts();
        // The run stops at once when the browser does (the write in flight
        // is abandoned, its journal lines stay `sending`), and after the
        // write in flight on its own `x`: that flag is looked at as each
        // write is answered.
        let mut stop = self.stop.subscribe();
        let asked = Arc::new(AtomicBool::new(false));
        lock(&self.run_stops).insert(ticket, asked.clone());
        let run_stops = self.run_stops.clone();
        tokio::spawn(async move {
            let plan = if plan.read_at.elapsed() > RECHECK_AFTER {
                plan::recheck(&lookup, plan, false, &setup.audit).await
            } else {
                plan
            };
            // What changed since the plan was shown is answered at once.
            for item in plan.items.iter().filter(|i| i.decision != Decision::Write) {
                reply(Msg::Applied {
                    ticket,
                    id: item.wanted.asset_id.clone(),
                    outcome: decided(item),
                    journal: None,
                });
            }
            let mut guard = journal.lock().await;
            let summary = match open(&mut guard, &setup) {
                Err(e) => stopped(e),
                Ok(journal) => {
                    let path = journal.path().to_path_buf();
                    let ran = match run::record_plan(journal, &plan) {
                        Err(e) => Err(e),
                        Ok(()) => {
                            run::run(&lookup, journal, &plan, &mut stop, |item, written| {
                                reply(Msg::Applied {
                                    ticket,
                                    id: item.wanted.asset_id.clone(),
                                    outcome: match written {
                                        Written::Done(asset) => WriteOutcome::Done {
                                            asset: Box::new(asset.clone()),
                                        },
                                        Written::Failed(e) => WriteOutcome::Failed(e.clone()),
                                    },
                                    journal: Some(path.clone()),
                                });
                                if asked.load(Ordering::Relaxed) {
                                    ControlFlow::Break(())
                                } else {
                                    ControlFlow::Continue(())
                                }
                            })
                            .await
                        }
                    };
                    match ran {
                        Ok(summary) => summary_of(summary),
                        Err(e) => stopped(e.to_string()),
                    }
                }
            };
            drop(guard);
            lock(&run_stops).remove(&ticket);
            reply(Msg::ApplyDone { ticket, summary });
        });
    }

    /// Stops the run `ticket` before its next asset (the write in flight is
    /// answered first); the journal records what was never sent.
    pub fn stop_run(&self, ticket: u64) {
        if let Some(asked) = lock(&self.run_stops).get(&ticket) {
            asked.store(true, Ordering::Relaxed);
        }
    }

    /// Keeps `list` in the drafts file: after a short wait (typing replaces
    /// it), or `at_once` (on quit: on a blocking thread, which the runtime
    /// finishes before the process exits).
    pub fn save_drafts(&mut self, list: Vec<Draft>, at_once: bool) {
        let Some(path) = self.setup.drafts_path.clone() else {
            return;
        };
        if let Some(old) = self.drafts_task.take() {
            old.abort();
        }
        let reply = self.reply.clone();
        let write = move || {
            if let Err(e) = drafts::save(&path, &list) {
                reply(Msg::Notice(Err(Problem::DraftsNotSaved {
                    path,
                    error: e.into(),
                })));
            }
        };
        if at_once {
            tokio::task::spawn_blocking(write);
            return;
        }
        let task = tokio::spawn(async move {
            tokio::time::sleep(DRAFT_DEBOUNCE).await;
            let _ = tokio::task::spawn_blocking(write).await;
        });
        self.drafts_task = Some(task.abort_handle());
    }

    fn parts(&self) -> (Lookup, SharedJournal, WriteSetup, Reply) {
        (
            self.lookup.clone(),
            self.journal.clone(),
            self.setup.clone(),
            self.reply.clone(),
        )
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// The session's journal, made now if this is the first write.
fn open<'a>(slot: &'a mut Option<Journal>, setup: &WriteSetup) -> Result<&'a mut Journal, String> {
    if slot.is_none() {
        let dir = setup
            .journal_dir
            .as_ref()
            .ok_or("there is no state directory for the write journal")?;
        let journal = Journal::create(dir, "browser", setup.host.as_deref())
            .map_err(|e| format!("cannot create a journal in {}: {e}", dir.display()))?;
        *slot = Some(journal);
    }
    Ok(slot.as_mut().expect("made above"))
}

/// A single write's answer as the App takes it.
fn outcome_of(single: Result<Single, run::JournalError>) -> WriteOutcome {
    match single {
        Err(e) => WriteOutcome::NotJournaled(e.to_string()),
        Ok(Single::Unread(e)) => WriteOutcome::Failed(e),
        Ok(Single::Decided { item, written }) => match written {
            Some(Written::Done(asset)) => WriteOutcome::Done {
                asset: Box::new(asset),
            },
            Some(Written::Failed(e)) => WriteOutcome::Failed(e),
            None => decided(&item),
        },
    }
}

/// What an item not written says: unchanged, or a conflict.
fn decided(item: &Item) -> WriteOutcome {
    let asset = Box::new(item.asset.clone());
    match item.conflicts.first() {
        Some(conflict) => WriteOutcome::Conflict {
            asset,
            now: conflict.now.clone(),
        },
        None => WriteOutcome::Unchanged { asset },
    }
}

fn summary_of(summary: run::Summary) -> ApplySummary {
    let stopped = match &summary.stopped {
        None => None,
        Some(Stop::Asked { .. }) => Some("stopped before its end".to_string()),
        Some(Stop::Failure(_)) => summary.failed.last().map(|(id, e)| format!("{id}: {e}")),
    };
    ApplySummary {
        done: summary.done,
        failed: summary.failed.len(),
        not_sent: summary.not_sent,
        stopped,
    }
}

/// A run that could not start: nothing was sent.
fn stopped(why: String) -> ApplySummary {
    ApplySummary {
        done: 0,
        failed: 0,
        not_sent: 0,
        stopped: Some(why),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The browser's words for how a CMS save ended.
fn cms_outcome(single: Result<CmsSingle, run::JournalError>) -> CmsOutcome {
    match single {
        Err(e) => CmsOutcome::NotJournaled(e.to_string()),
        Ok(CmsSingle::Unreadable(why)) => CmsOutcome::Unreadable(why),
        Ok(CmsSingle::Decided { item, failed }) => match (item.decision, failed) {
            (_, Some(error)) => CmsOutcome::Failed(error),
            (Decision::Write, None) => CmsOutcome::Done,
            (Decision::Unchanged, None) => CmsOutcome::Unchanged,
            (Decision::Conflict, None) => CmsOutcome::Conflict { now: item.before },
        },
    }
}
