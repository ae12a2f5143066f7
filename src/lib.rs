//! wfa: a terminal browser for Webflow assets.
//!
//! The layers point one way, from the API up to the two faces:
//!
//! - `webflow` — the Data API client: requests, pacing, the model, errors, IDs.
//!   No UI, no disk.
//! - `store` — what lives on disk or in the binary: the asset cache, the kept
//!   site reads (`site_cache`), the preview file store, the write journal and
//!   drafts, the demo catalogue and its loopback server. Told its paths and
//!   caps by its callers; reads no configuration.
//! - `source` — where assets come from: the live API or the demo (`Source`), the
//!   cache in front of the client (`lookup`), site-listing orders (`listing`),
//!   a site's pages, components and CMS read once and kept for `--offline`
//!   (`site_content`), every image's alt in every locale (`coverage`).
//! - `changes` — every write to Webflow: wanted values checked, the plan read
//!   and decided (conflicts with someone else's edit found), the journal, the
//!   run, resume and undo. Shared by `wfa update | apply | undo` and the
//!   browser's editor.
//! - `usage` — where each image renders and with which alt (pages, component
//!   instances, CMS items, per locale), the audit of what renders, and locale
//!   coverage (set, decorative, untranslated, missing); pure.
//! - `edit` (what may be written back: alt texts and display names checked),
//!   `audit` (alt-text rules), `thumbnail` (preview files: plan, download,
//!   decode, SVG), `format` (Webflow data put into words) and `text` (untrusted
//!   text made terminal-safe, sizes; knows nothing of Webflow) — shared by both
//!   faces.
//! - `commands` (`wfa get | list | audit | update | apply | undo | usage |
//!   completions | man`) and `tui` (the
//!   browser) — the two faces; `cli`, `config` and `logging` set them up, and
//!   `main.rs` only dispatches.

pub mod audit;
pub mod changes;
pub mod cli;
pub mod commands;
pub mod config;
pub mod edit;
pub mod format;
pub mod logging;
pub mod source;
pub mod store;
#[cfg(test)]
mod test_support;
pub mod text;
pub mod thumbnail;
pub mod tui;
pub mod usage;
pub mod webflow;
