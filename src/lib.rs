//! wfa: a terminal browser for Webflow assets.
//!
//! `webflow` is the API client (no UI), `store` the other places assets come
//! from, `commands` the headless commands; `main.rs` only dispatches.

pub mod audit;
pub mod cli;
pub mod commands;
pub mod config;
pub mod format;
pub mod listing;
pub mod logging;
pub mod lookup;
pub mod source;
pub mod store;
pub mod text;
pub mod thumbnail;
pub mod tui;
pub mod webflow;
