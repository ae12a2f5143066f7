//! Diagnostics go to a log file, never to the terminal: the browser owns the
//! screen, and scripts own stdout/stderr. Level from `--log-level` or `WFA_LOG`
//! (tracing's filter syntax, e.g. `debug` or `webflow_assets=trace`); default
//! `warn`. Nothing logged includes the token: requests are logged by host,
//! path, status and timing, never by header.

use std::fs::{File, OpenOptions};
use std::path::PathBuf;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

pub const LOG_ENV: &str = "WFA_LOG";

/// `<state dir>/wfa.log` (`~/.local/state/wfa` on Linux), else the data dir.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "wfa")?;
    let dir = dirs.state_dir().unwrap_or(dirs.data_dir());
    Some(dir.join("wfa.log"))
}

/// Starts logging to the default file. An invalid level is an error (a usage
/// mistake); a log file that cannot be opened only costs the log.
pub fn init(level: Option<&str>) -> Result<Option<PathBuf>, String> {
    let spec = level
        .map(str::to_string)
        .or_else(|| std::env::var(LOG_ENV).ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "warn".to_string());
    let filter = EnvFilter::try_new(&spec).map_err(|e| {
        format!("{spec:?} is not a log level ({e}); use error, warn, info, debug or trace (--log-level or {LOG_ENV})")
    })?;
    let Some(path) = default_path() else {
        return Ok(None);
    };
    let Some(file) = open(&path) else {
        return Ok(None);
    };
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    Ok(installed.is_ok().then_some(path))
}

fn open(path: &std::path::Path) -> Option<File> {
    std::fs::create_dir_all(path.parent()?).ok()?;
    OpenOptions::new().create(true).append(true).open(path).ok()
}
