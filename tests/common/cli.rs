//! The real `wfa` binary in a clean environment.
//!
//! The shared test helpers are submodules of `tests/common/`, and each test
//! crate declares only the ones it uses, inline:
//!
//! ```ignore
//! mod common {
//!     pub mod cli; // `wfa_in`
//!     pub mod sandbox; // `Sandbox`, `Out`, `exec`, `run`; needs `cli` and `webflow`
//!     pub mod webflow; // Webflow fixtures, error bodies and wiremock mounts
//! }
//! ```
//!
//! `app.rs` (the TUI `App` builder) is declared the same way. A crate that does
//! not declare a module does not compile it; a crate that declares one but uses
//! only part of it relies on that module's `#![allow(dead_code)]`.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

/// `wfa ARGS` in a clean environment whose home, config, cache, data and state
/// directories all live under `home`, so no test sees the user's files or
/// another test's, and dates print in UTC.
pub fn wfa_in(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wfa"));
    cmd.env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("TZ", "UTC")
        .args(args)
        .timeout(Duration::from_secs(30));
    cmd
}
