//! What the status bar reports, as values: a [`Notice`] of something done,
//! shown for a few seconds, and a [`Problem`], which stays until another
//! replaces it. The worker and the App make these; neither words them. The
//! sentences are made in one place, where the status bar is drawn
//! (`ui::status`, through `Display`).

use std::borrow::Cow;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crate::changes::input::RowError;
use crate::edit::EditError;
use crate::tui::writes::ApplySummary;
use crate::webflow::{ApiError, AssetId, SiteId};

/// An I/O failure, shared so that a problem can be cloned with the App.
pub type IoFailure = Arc<io::Error>;

/// Something done, reported briefly.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Put on the clipboard with OSC 52; `what` names it ("hosted URL").
    Copied {
        what: &'static str,
    },
    /// The hosted URL was handed to the desktop's browser.
    Opened,
    /// A notice the App's key handling words itself (sorting, toggles).
    Text(Cow<'static, str>),
    /// The alt text of `name` was written (`u` undoes it).
    Saved {
        name: String,
    },
    /// A `u` restored the alt text of `name`.
    Undone {
        name: String,
    },
    /// `name` already held the alt text: nothing was written.
    AlreadyHeld {
        name: String,
    },
    /// Enter on a draft equal to what the asset holds.
    NoChange,
    /// The draft was dropped (Esc), or kept for later (Ctrl-C).
    DraftDropped,
    DraftKept,
    /// Unsaved drafts from an earlier run, offered back.
    DraftsOffered(usize),
    /// `space` or the mark-all key: rows (un)marked, and how many are now.
    Marked {
        marked: bool,
        rows: usize,
        total: usize,
    },
    /// The `$EDITOR` table asked for nothing (`untouched` lines as they were).
    TableUnchanged {
        untouched: usize,
    },
    /// The plan was closed without writing.
    PlanDropped,
    /// A plan's run ended.
    Applied(ApplySummary),
    /// `u` with no write of this session left to undo.
    NothingToUndo,
}

impl From<&'static str> for Notice {
    fn from(text: &'static str) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Notice {
    fn from(text: String) -> Self {
        Self::Text(Cow::Owned(text))
    }
}

/// Something that went wrong, for the status bar's last error.
#[derive(Debug, Clone)]
pub enum Problem {
    /// Looking up the asset `id` failed.
    Lookup {
        id: AssetId,
        error: ApiError,
    },
    /// Listing the site stopped before its end.
    Listing {
        site: SiteId,
        error: ApiError,
    },
    /// The terminal could not be asked to set the clipboard.
    CopyFailed {
        what: &'static str,
        error: IoFailure,
    },
    /// Nothing was opened in the browser.
    OpenFailed(OpenFailure),
    /// The lookup history file could not be written.
    HistoryNotSaved {
        path: PathBuf,
        error: IoFailure,
    },
    /// The lookup history file could not be read (the list starts empty).
    HistoryUnreadable {
        path: PathBuf,
        error: IoFailure,
    },
    /// Lines of the lookup history file were not IDs and were skipped.
    HistoryDamaged {
        path: PathBuf,
        skipped: usize,
    },
    /// Whether the preview shows could not be remembered for the next run.
    PreviewChoiceNotSaved {
        path: PathBuf,
        error: IoFailure,
    },
    /// A warning worded before the browser started (e.g. about the config
    /// file), shown as it is.
    Startup(String),
    /// Someone else changed the alt text of `id` (to `now`) since it was
    /// shown: nothing was written, the draft is kept.
    WriteConflict {
        id: AssetId,
        now: Option<String>,
    },
    /// Writing the alt text of `id` failed: the draft is kept.
    WriteFailed {
        id: AssetId,
        error: ApiError,
    },
    /// The journal could not be written, so nothing was sent.
    NotJournaled(String),
    /// A CMS item's alt (`name`) could not be read to save it: nothing was
    /// sent, the draft is kept.
    CmsNotSaved {
        name: String,
        why: String,
    },
    /// `e` on a place whose alt the API cannot write (an element's own, an
    /// instance override, a component property): where to fix it instead.
    NotWritable {
        source: crate::usage::AltSource,
        /// `page "Home" (/index)`, cleaned.
        page: String,
        /// The element (or the component instance) on that page.
        element: Option<String>,
    },
    /// `u` on a write whose before-value was `null`: the API cannot set it.
    CannotRestoreNull {
        id: AssetId,
    },
    /// `u` on a before-value the checks refuse now (an old line break).
    CannotRestore {
        id: AssetId,
        error: EditError,
    },
    /// The `$EDITOR` table has lines that cannot be written: nothing was.
    TableRefused(Vec<RowError>),
    /// The editor could not be run, or its file read.
    EditorFailed(IoFailure),
    /// Editing needs a loaded asset, or a save of it is on its way.
    NotEditable(NotEditable),
    /// The unsaved drafts could not be kept on disk, or read back.
    DraftsNotSaved {
        path: PathBuf,
        error: IoFailure,
    },
    DraftsUnreadable {
        path: PathBuf,
        error: IoFailure,
    },
}

/// Why `e` or `E` opened nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotEditable {
    NothingLoaded,
    Saving,
    /// A plan is being made, shown or run.
    PlanBusy,
}

/// Why a URL was not opened.
#[derive(Debug, Clone)]
pub enum OpenFailure {
    NotAUrl(url::ParseError),
    /// Only http(s) URLs are handed to the opener.
    NotHttp,
    /// The desktop's opener failed.
    NoBrowser(IoFailure),
    /// The task running the opener ended without an answer.
    Stopped,
}
