//! Helpers shared by the tests that run the real `wfa` binary.

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
