//! Where assets come from besides Webflow itself, and what wfa keeps on disk.
//!
//! `cache` (asset bodies) and `files` (downloaded preview files) are the two
//! on-disk stores; they share one atomic writer (`atomic`), one hash (`key`)
//! and one size cap with oldest-first eviction (`entries`). Nothing here
//! reads the configuration: callers pass the directories and caps in.

pub mod atomic;
pub mod cache;
pub mod demo;
pub mod demo_server;
mod entries;
pub mod files;
pub mod key;
