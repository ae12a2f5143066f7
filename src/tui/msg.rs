//! What flows into `App::update` (Msg) and what comes out of it (Cmd).

use crossterm::event::{KeyEvent, MouseEvent};

use super::notice::{Notice, Problem};
use super::preview_content::PreviewContent;

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
}
