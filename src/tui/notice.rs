//! What the status bar reports, as values: a [`Notice`] of something done,
//! shown for a few seconds, and a [`Problem`], which stays until another
//! replaces it. The worker and the App make these; neither words them. The
//! sentences are made in one place, where the status bar is drawn
//! (`ui::status`, through `Display`).

use std::borrow::Cow;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use crate::webflow::{ApiError, AssetId, SiteId};

/// An I/O failure, shared so that a problem can be cloned with the App.
pub type IoFailure = Arc<io::Error>;

/// Something done, reported briefly.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Put on the clipboard with OSC 52; `what` names it ("hosted URL").
    Copied { what: &'static str },
    /// The hosted URL was handed to the desktop's browser.
    Opened,
    /// A notice the App's key handling words itself (sorting, toggles).
    Text(Cow<'static, str>),
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
    Lookup { id: AssetId, error: ApiError },
    /// Listing the site stopped before its end.
    Listing { site: SiteId, error: ApiError },
    /// The terminal could not be asked to set the clipboard.
    CopyFailed {
        what: &'static str,
        error: IoFailure,
    },
    /// Nothing was opened in the browser.
    OpenFailed(OpenFailure),
    /// The lookup history file could not be written.
    HistoryNotSaved { path: PathBuf, error: IoFailure },
    /// The lookup history file could not be read (the list starts empty).
    HistoryUnreadable { path: PathBuf, error: IoFailure },
    /// Lines of the lookup history file were not IDs and were skipped.
    HistoryDamaged { path: PathBuf, skipped: usize },
    /// Whether the preview shows could not be remembered for the next run.
    PreviewChoiceNotSaved { path: PathBuf, error: IoFailure },
    /// A warning worded before the browser started (e.g. about the config
    /// file), shown as it is.
    Startup(String),
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
