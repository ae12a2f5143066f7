//! The headless commands (`wfa get`, …): each takes parsed arguments and settings
//! and returns the process exit code.

pub mod asset_text;
pub mod audit;
pub mod get;
pub mod list;
