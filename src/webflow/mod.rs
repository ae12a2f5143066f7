//! Webflow's Data API: the client, its model and its errors. No UI code here, so
//! the TUI, the headless commands and the tests all share exactly this path.

pub mod client;
pub mod error;
pub mod id;
pub mod model;
pub mod pacing;
pub mod site;
mod site_api;

pub use client::{Client, ClientConfig, DEFAULT_API_BASE, Fetched, PAGE_LIMIT, SitePage, Token};
pub use error::{ApiError, FailureClass};
pub use id::{AssetId, BadIds, FolderId, InvalidId, LocaleId, SiteId, WebflowId, parse_ids};
pub use model::{
    AltState, Asset, AssetPage, AssetPatch, Pagination, RateLimit, Timestamp, Variant,
};
pub use pacing::RateStatus;
