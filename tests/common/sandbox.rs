//! A sandbox for one test's runs of the real `wfa`: a private home, config
//! directory and config file, nothing from the caller's environment, and
//! output checked for the token on every run. Needs `common::cli` and
//! `common::webflow` declared next to it.

// Each test crate uses a different part of these helpers; the rest would be
// reported as dead code in that crate (and fail clippy's `-D warnings`).
#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;
use wiremock::MockServer;

use super::cli::wfa_in;
use super::webflow::TOKEN;

/// A private config directory, config file path and home for runs of `wfa`.
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        std::fs::create_dir_all(dir.path().join("xdg")).unwrap();
        // `WFA_CONFIG` points here, and an explicit config path must exist.
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        Self { dir }
    }

    /// Where `WFA_CONFIG` points.
    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The home of every run (`common::cli::wfa_in`): the cache, data and
    /// state directories are under it.
    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// Where `XDG_CONFIG_HOME` points.
    pub fn xdg_config_home(&self) -> PathBuf {
        self.dir.path().join("xdg")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(self.config_path(), text).unwrap();
    }

    /// `wfa ARGS` with nothing from the caller's environment: no token, base or
    /// locale unless the test adds them, config under the sandbox, UTC.
    pub fn wfa(&self, args: &[&str]) -> Command {
        let mut cmd = wfa_in(&self.dir.path().join("home"), args);
        cmd.env("XDG_CONFIG_HOME", self.xdg_config_home())
            .env("WFA_CONFIG", self.config_path());
        cmd
    }

    /// `wfa get --api-base BASE ARGS` with the token in the environment.
    pub fn get_at(&self, base: &str, args: &[&str]) -> Command {
        let mut cmd = self.wfa(&["get", "--api-base", base]);
        cmd.args(args).env("WEBFLOW_API_TOKEN", TOKEN);
        cmd
    }

    /// `wfa get --api-base <server>/v2 ARGS` with the token in the environment.
    pub fn get_live(&self, server: &MockServer, args: &[&str]) -> Command {
        self.get_at(&format!("{}/v2", server.uri()), args)
    }
}

/// What a run printed, as raw bytes (tests about terminal safety look at the
/// bytes) that [`exec`] has checked are UTF-8, read as text through
/// [`Out::stdout`] and [`Out::stderr`].
pub struct Out {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Out {
    pub fn stdout(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }

    pub fn stderr(&self) -> &str {
        std::str::from_utf8(&self.stderr).expect("stderr is UTF-8")
    }
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Out")
            .field("code", &self.code)
            .field("stdout", &String::from_utf8_lossy(&self.stdout))
            .field("stderr", &String::from_utf8_lossy(&self.stderr))
            .finish()
    }
}

/// Runs `cmd` to completion. Whatever happened, the token must not be printed,
/// and what was printed is UTF-8.
pub fn exec(mut cmd: Command) -> Out {
    let output = cmd.output().expect("wfa runs");
    let out = Out {
        code: output
            .status
            .code()
            .unwrap_or_else(|| panic!("wfa was killed (crash?): {:?}", output.status)),
        stdout: output.stdout,
        stderr: output.stderr,
    };
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            std::str::from_utf8(bytes).is_ok(),
            "{name} is not UTF-8:\n{text}"
        );
        assert!(
            !text.contains(TOKEN) && !text.contains("SECRET"),
            "the token leaked on {name}:\n{text}"
        );
    }
    out
}

/// `exec` off the async runtime, so the mock server keeps answering.
pub async fn run(cmd: Command) -> Out {
    tokio::task::spawn_blocking(move || exec(cmd))
        .await
        .unwrap()
}
