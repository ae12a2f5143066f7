//! One row of the asset list and what it contributes to the list's totals.
//!
//! An entry's fields are private: `problem` is worked out from the asset, and
//! a row's share of the counts must be taken away and added back around every
//! change, so only the list (through `AssetList::change`) may change a row.

use chrono::{DateTime, Utc};

use crate::audit;
use crate::webflow::{AltState, Asset, AssetId, FailureClass};

/// Where an entry's data stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// From history, not fetched yet this session.
    NotLoaded,
    Loading {
        ticket: u64,
    },
    Loaded,
    Failed {
        message: String,
        class: FailureClass,
    },
}

/// What the row's mark says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    NotLoaded,
    Loading,
    Ok,
    AltProblem,
    Error,
    /// A write of its alt text is on its way.
    Saving,
}

/// One row of the asset list.
#[derive(Debug, Clone)]
pub struct Entry {
    id: AssetId,
    load: Load,
    /// The last good answer; kept while a refetch runs or after it fails.
    asset: Option<Box<Asset>>,
    /// Looked up this session (as opposed to listed from history).
    session: bool,
    /// When `asset` is a cached copy: when it was fetched.
    cached_at: Option<DateTime<Utc>>,
    /// The asset has an alt-text finding; worked out once per asset (the
    /// rules are too costly to run for every row on every change).
    problem: bool,
    /// A write of its alt text is on its way.
    saving: bool,
}

impl Entry {
    pub(super) fn new(id: AssetId, session: bool) -> Self {
        Self {
            id,
            load: Load::NotLoaded,
            asset: None,
            session,
            cached_at: None,
            problem: false,
            saving: false,
        }
    }

    pub fn id(&self) -> &AssetId {
        &self.id
    }

    pub fn load(&self) -> &Load {
        &self.load
    }

    pub fn asset(&self) -> Option<&Asset> {
        self.asset.as_deref()
    }

    /// Looked up this session (as opposed to listed from history or a site).
    pub fn session(&self) -> bool {
        self.session
    }

    /// When the asset shown is a cached copy: when it was fetched.
    pub fn cached_at(&self) -> Option<DateTime<Utc>> {
        self.cached_at
    }

    pub(super) fn is_loading(&self) -> bool {
        matches!(self.load, Load::Loading { .. })
    }

    pub(super) fn set_load(&mut self, load: Load) {
        self.load = load;
    }

    pub(super) fn set_session(&mut self) {
        self.session = true;
    }

    pub(super) fn set_cached_at(&mut self, at: Option<DateTime<Utc>>) {
        self.cached_at = at;
    }

    /// Sets the asset and works out whether it has an alt-text problem under
    /// `config` (the audit settings: a waived finding is no problem).
    pub(super) fn set_asset(&mut self, asset: Option<Box<Asset>>, config: &audit::AuditConfig) {
        self.asset = asset;
        self.recheck(config);
    }

    /// Works out the problem flag again, under other audit settings.
    pub(super) fn recheck(&mut self, config: &audit::AuditConfig) {
        self.problem = self.asset.as_ref().is_some_and(|a| {
            audit::check_asset(a, config)
                .iter()
                .any(|f| f.waived.is_none())
        });
    }

    /// What this row adds to the status bar's counts.
    pub(super) fn counts(&self) -> AltCounts {
        let mut c = AltCounts::default();
        if let Some(asset) = &self.asset {
            if !asset.is_image() {
                c.not_images = 1;
            } else {
                match asset.alt_state() {
                    AltState::Missing => c.missing = 1,
                    AltState::Empty => c.empty = 1,
                    AltState::Present => c.present = 1,
                }
            }
        }
        // From the asset alone (not the load state), so that adding and
        // removing a row's share always balances.
        c.problems = usize::from(self.problem && self.asset.is_some());
        c
    }

    pub(super) fn set_saving(&mut self, saving: bool) {
        self.saving = saving;
    }

    /// A write of its alt text is on its way.
    pub fn saving(&self) -> bool {
        self.saving
    }

    pub fn mark(&self) -> Mark {
        if self.saving {
            return Mark::Saving;
        }
        self.data_mark()
    }

    /// The mark from the row's data alone (whatever is being written).
    fn data_mark(&self) -> Mark {
        match (&self.load, &self.asset) {
            (Load::Loading { .. }, _) => Mark::Loading,
            (Load::Failed { .. }, _) => Mark::Error,
            (_, Some(_)) if self.problem => Mark::AltProblem,
            (_, Some(_)) => Mark::Ok,
            (_, None) => Mark::NotLoaded,
        }
    }

    /// Shown by the problems-only view and found by `n`/`N`.
    pub(super) fn needs_attention(&self) -> bool {
        matches!(self.data_mark(), Mark::AltProblem | Mark::Error)
    }
}

/// How many rows are in each alt-text state. A plain value: the list hands
/// out copies, so reading it can never change the list's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AltCounts {
    pub missing: usize,
    pub empty: usize,
    pub present: usize,
    /// Rows with any alt-text finding.
    pub problems: usize,
    pub not_images: usize,
}

impl AltCounts {
    pub(super) fn add(&mut self, o: AltCounts) {
        self.missing += o.missing;
        self.empty += o.empty;
        self.present += o.present;
        self.problems += o.problems;
        self.not_images += o.not_images;
    }

    pub(super) fn remove(&mut self, o: AltCounts) {
        self.missing = self.missing.saturating_sub(o.missing);
        self.empty = self.empty.saturating_sub(o.empty);
        self.present = self.present.saturating_sub(o.present);
        self.problems = self.problems.saturating_sub(o.problems);
        self.not_images = self.not_images.saturating_sub(o.not_images);
    }
}
