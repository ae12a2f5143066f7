//! What the worker reports about writes to Webflow (a save from the editor,
//! an undo, a plan made from the `$EDITOR` table and its run), as values the
//! App keeps and the view words. The engine itself is `crate::changes`; this
//! only carries its answers across the channel.

use crate::changes::plan::{Decision, Plan};
use crate::webflow::{ApiError, Asset, AssetId};

/// How one asset's write ended.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome {
    /// Written; `asset` is Webflow's answer.
    Done { asset: Box<Asset> },
    /// It already held the new value: nothing was sent.
    Unchanged { asset: Box<Asset> },
    /// Someone else changed it since it was shown (`now`): nothing was sent.
    Conflict {
        asset: Box<Asset>,
        now: Option<String>,
    },
    /// The asset could not be read, or the write failed.
    Failed(ApiError),
    /// The journal could not be written: nothing was sent.
    NotJournaled(String),
}

impl WriteOutcome {
    /// The asset as Webflow holds it now, when the answer says.
    pub fn asset(&self) -> Option<&Asset> {
        match self {
            Self::Done { asset } | Self::Unchanged { asset } | Self::Conflict { asset, .. } => {
                Some(asset)
            }
            Self::Failed(_) | Self::NotJournaled(_) => None,
        }
    }
}

/// How one CMS image's alt write ended (`changes::cms::single`).
#[derive(Debug, Clone, PartialEq)]
pub enum CmsOutcome {
    /// Written: the field's alt is now the text sent.
    Done,
    /// It already held the new text: nothing was sent.
    Unchanged,
    /// Someone else changed it (to `now`) since it was shown: not sent.
    Conflict { now: Option<String> },
    /// The item could not be read (why): nothing was sent.
    Unreadable(String),
    /// The write was refused.
    Failed(ApiError),
    /// The journal could not be written: nothing was sent.
    NotJournaled(String),
}

/// One asset of a plan, as the plan popup shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub id: AssetId,
    pub name: String,
    /// As read for the plan (`None`: `null`).
    pub current: Option<String>,
    pub new: String,
    pub decision: Decision,
    /// What the audit says of the new text, in words.
    pub findings: Vec<String>,
}

/// A plan, as the plan popup shows it (the plan itself stays with the worker
/// until it is applied or dropped).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    pub rows: Vec<PlanRow>,
    /// Assets whose state could not be read: nothing is sent to them.
    pub unreadable: Vec<(AssetId, ApiError)>,
}

impl PlanView {
    /// The popup's view of `plan` (alt-text changes only).
    pub fn of(plan: &Plan) -> Self {
        let rows = plan
            .items
            .iter()
            .map(|item| PlanRow {
                id: item.wanted.asset_id.clone(),
                name: item.asset.display_name.clone(),
                current: item.asset.alt_text.clone(),
                new: item
                    .wanted
                    .alt_text
                    .as_ref()
                    .map(|v| v.text.clone())
                    .unwrap_or_default(),
                decision: item.decision,
                findings: item
                    .findings
                    .iter()
                    .map(|f| format!("{}: {}", f.rule, f.detail))
                    .collect(),
            })
            .collect();
        Self {
            rows,
            unreadable: plan
                .unreadable
                .iter()
                .map(|u| (u.wanted.asset_id.clone(), u.error.clone()))
                .collect(),
        }
    }

    pub fn count(&self, decision: Decision) -> usize {
        self.rows.iter().filter(|r| r.decision == decision).count()
    }
}

/// How a run of a plan ended.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplySummary {
    pub done: usize,
    pub failed: usize,
    pub not_sent: usize,
    /// Why it stopped early, in words from the engine, if it did.
    pub stopped: Option<String>,
}
