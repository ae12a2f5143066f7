//! What flows into `App::update` (Msg) and what comes out of it (Cmd).

use crossterm::event::{KeyEvent, MouseEvent};

use std::path::PathBuf;

use super::notice::{IoFailure, Notice, Problem};
use super::preview_content::PreviewContent;
use super::writes::{ApplySummary, CmsOutcome, PlanView, WriteOutcome};
use crate::changes::Wanted;
use crate::changes::cms::CmsWanted;
use crate::source::site_content::Part;
use crate::store::drafts::Draft;
use crate::usage::Usage;
use crate::usage::coverage::Coverage;
use crate::webflow::site::Site;

use crate::webflow::{ApiError, Asset, AssetId, Fetched, FolderId, LocaleId, RateStatus, SiteId};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Bracketed paste: the whole pasted text at once.
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// A fetch finished. `ticket` says which request; stale tickets are dropped.
    Loaded {
        ticket: u64,
        id: AssetId,
        result: Result<Box<Fetched<Asset>>, ApiError>,
    },
    /// A cached copy, shown while the fetch for `ticket` is still running.
    Cached {
        ticket: u64,
        id: AssetId,
        asset: Box<Asset>,
        fetched_at: chrono::DateTime<chrono::Utc>,
    },
    /// Once a second: relative dates and countdowns move on.
    Tick(chrono::DateTime<chrono::Utc>),
    /// A page of the site being listed (`ticket` says which listing).
    SitePage {
        ticket: u64,
        assets: Vec<Asset>,
        loaded: u32,
        total: u32,
    },
    /// The listing ended, completely or with an error.
    SiteDone {
        ticket: u64,
        error: Option<ApiError>,
    },
    /// The terminal's graphics are known: `protocol` names what thumbnails are
    /// drawn with; `pixels` is false for half blocks.
    Graphics {
        protocol: &'static str,
        pixels: bool,
    },
    /// A thumbnail (or why there is none) for the preview request `ticket`.
    Preview {
        ticket: u64,
        content: PreviewContent,
    },
    /// The rate-limit budget and any wait, read from the client once a second.
    Rate(RateStatus),
    /// The outcome of a side effect (copy, open, saving history or the
    /// preview choice), for the status bar.
    Notice(Result<Notice, Problem>),
    /// The save (or undo) `ticket` of one asset's alt text ended; `journal`
    /// is where it was recorded.
    Saved {
        ticket: u64,
        id: AssetId,
        outcome: WriteOutcome,
        journal: Option<PathBuf>,
    },
    /// The `$EDITOR` table was closed: its text, or why it could not be had.
    TableEdited(Result<String, IoFailure>),
    /// The plan `ticket` is read and decided (or could not be made).
    Planned {
        ticket: u64,
        plan: PlanView,
    },
    /// One asset of the plan `ticket` was written (or failed).
    Applied {
        ticket: u64,
        id: AssetId,
        outcome: WriteOutcome,
        journal: Option<PathBuf>,
    },
    /// The run of the plan `ticket` ended.
    ApplyDone {
        ticket: u64,
        summary: ApplySummary,
    },
    /// The CMS alt write `ticket` (of the image `id`) was answered.
    CmsSaved {
        ticket: u64,
        id: AssetId,
        outcome: CmsOutcome,
        journal: Option<PathBuf>,
    },
    /// The site's image assets in each of its locales, for the read `ticket`.
    CoverageRead {
        ticket: u64,
        result: Result<Box<Coverage>, ApiError>,
    },
    /// The site's content for the read `ticket`, resolved into uses.
    UsageRead {
        ticket: u64,
        result: Result<Box<UsageRead>, ApiError>,
    },
}

/// A site's content read in one locale, for the "Used on" pane.
#[derive(Debug, Clone)]
pub struct UsageRead {
    /// `None` when the site itself could not be read (no `sites:read`).
    pub site: Option<Site>,
    pub usage: Usage,
    /// Parts not read, and why.
    pub skipped: Vec<(Part, ApiError)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cmd {
    Fetch {
        ticket: u64,
        id: AssetId,
        locale: Option<LocaleId>,
    },
    /// The request with this ticket is no longer wanted.
    Cancel {
        ticket: u64,
    },
    /// Put text on the clipboard with OSC 52 (works over SSH); `what` names it.
    Copy {
        text: String,
        what: &'static str,
    },
    /// Open a URL in the user's browser.
    Open {
        url: String,
    },
    SaveHistory(Vec<AssetId>),
    /// Fetch and decode a thumbnail of `asset` for a pane of `cells`.
    Preview {
        ticket: u64,
        asset: Box<Asset>,
        cells: (u16, u16),
    },
    CancelPreview {
        ticket: u64,
    },
    /// List every asset of a site, page by page.
    ListSite {
        ticket: u64,
        site: SiteId,
        folder: Option<FolderId>,
        locale: Option<LocaleId>,
    },
    CancelSite {
        ticket: u64,
    },
    SetMouseCapture(bool),
    /// Find out which graphics protocol the terminal speaks (once, when a
    /// preview is first needed), without blocking the browser.
    DetectGraphics,
    /// Remember whether the preview pane shows, for the next run.
    SavePreviewShown(bool),
    /// Read the asset fresh and write `wanted` (one asset's alt text) with
    /// its journal lines: a save from the editor, or an undo.
    Write {
        ticket: u64,
        wanted: Wanted,
    },
    /// Keep the unsaved drafts on disk (all of them: the file is replaced);
    /// `at_once` skips the debounce (on quit).
    SaveDrafts {
        drafts: Vec<Draft>,
        at_once: bool,
    },
    /// Open this table in `$VISUAL`/`$EDITOR` (needs the terminal: the event
    /// loop runs it), answered with `Msg::TableEdited`.
    EditTable {
        text: String,
    },
    /// Read the current state of `wanted` and decide (`changes::plan`).
    MakePlan {
        ticket: u64,
        wanted: Vec<Wanted>,
    },
    /// Run the plan `ticket` (journaled), answering per asset.
    ApplyPlan {
        ticket: u64,
    },
    /// Stop the run `ticket` before its next asset.
    StopPlan {
        ticket: u64,
    },
    /// The plan `ticket` is not wanted: nothing is written.
    DropPlan {
        ticket: u64,
    },
    /// Write one CMS image's alt (read fresh, conflict checked, journaled);
    /// answered by `Msg::CmsSaved`.
    WriteCms {
        ticket: u64,
        /// The image (its asset ID): the answer names it.
        id: AssetId,
        wanted: Box<CmsWanted>,
    },
    /// List the site's assets in each of its enabled locales (its locales
    /// read first) for the coverage view.
    ReadCoverage {
        ticket: u64,
        site: SiteId,
    },
    /// Read the site's pages, components and CMS in `locale` (the site's
    /// default when `None`) and resolve where each image renders.
    ReadUsage {
        ticket: u64,
        site: SiteId,
        locale: Option<LocaleId>,
    },
}
