//! Many alt texts at once: the marked assets go to `$EDITOR` as a table
//! (`changes::table`), come back as changes, are planned by the worker
//! (`changes::plan`), shown, and run when the user says yes. One run at a
//! time: each stage waits on the answer to the one before, by its ticket.

use std::collections::HashMap;

use crate::tui::writes::PlanView;
use crate::webflow::{AssetId, LocaleId};

/// Where the many-at-once edit stands.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Bulk {
    #[default]
    Idle,
    /// The table is open in the editor; what the browser showed of each of
    /// its assets (the plan expects it still), in the locale shown.
    Editing {
        shown: HashMap<AssetId, Option<String>>,
        locale: Option<LocaleId>,
    },
    /// The table came back with lines that cannot be written: nothing was
    /// planned. `E` opens it again as it was, the reasons appended.
    Refused {
        text: String,
        shown: HashMap<AssetId, Option<String>>,
        locale: Option<LocaleId>,
    },
    /// The worker reads the current state of `count` assets.
    Reading { ticket: u64, count: usize },
    /// The plan is shown; `y` runs it.
    Review {
        ticket: u64,
        plan: PlanView,
        scroll: u16,
    },
    /// The plan runs: `done` of `total` answered.
    Applying {
        ticket: u64,
        total: usize,
        done: usize,
        failed: usize,
    },
}

impl Bulk {
    /// Nothing is being edited, planned or run (a refused table waits for
    /// `E` without holding anything up).
    pub fn is_idle(&self) -> bool {
        matches!(self, Self::Idle | Self::Refused { .. })
    }

    /// The plan on show, if one is.
    pub fn review(&self) -> Option<(&PlanView, u16)> {
        match self {
            Self::Review { plan, scroll, .. } => Some((plan, *scroll)),
            _ => None,
        }
    }

    /// Whether `ticket` is the plan being read.
    pub(super) fn reading(&self, ticket: u64) -> bool {
        matches!(self, Self::Reading { ticket: t, .. } if *t == ticket)
    }

    /// One asset of the run `ticket` was answered.
    pub(super) fn answered(&mut self, ticket: u64, ok: bool) {
        if let Self::Applying {
            ticket: t,
            done,
            failed,
            ..
        } = self
            && *t == ticket
        {
            *done += 1;
            *failed += usize::from(!ok);
        }
    }
}
