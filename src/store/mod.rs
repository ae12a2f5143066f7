//! Where assets come from besides Webflow itself, and what wfa keeps on disk.
//!
//! `cache` (asset bodies), `site_cache` (snapshots of what was read of a
//! site, beside the asset cache) and `files` (downloaded preview files) are
//! the on-disk stores; they share one atomic writer (`atomic`), one hash
//! (`key`) and one size cap with oldest-first eviction (`entries`). The local
//! files wfa reads back, here and elsewhere, go through one capped read
//! (`read`), the cap the caller's. Nothing here reads the configuration:
//! callers pass the directories and caps in.

pub mod atomic;
pub mod cache;
pub mod demo;
pub mod demo_server;
pub mod drafts;
mod entries;
pub mod files;
pub mod journal;
pub mod key;
pub mod read;
pub mod site_cache;

/// How the on-disk stores are used (`--offline`, `--no-cache`). The stores do
/// not read it themselves: the lookup layer applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// Read the stores, fetch from the network, write what was fetched.
    #[default]
    Normal,
    /// Answer only from the stores: nothing is sent.
    Offline,
    /// Neither read nor write the stores.
    Bypass,
}
