//! The headless commands (`wfa get`, …): each takes parsed arguments and settings
//! and returns the process exit code. `docs` (completions, man page) needs no
//! settings at all.

pub mod audit;
pub mod docs;
pub mod get;
pub mod list;
