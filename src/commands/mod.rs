//! The headless commands (`wfa get`, `wfa update`, …): each takes parsed arguments and settings
//! and returns the process exit code. `docs` (completions, man page) needs no
//! settings at all.

pub mod apply;
pub mod audit;
mod cells;
pub mod docs;
pub mod get;
pub mod json;
pub mod list;
pub mod locale;
mod rendered_audit;
pub mod undo;
pub mod update;
pub mod usage;
mod writes;

use crate::config::Settings;
use crate::source::Source;

/// [`Source::connect`] for a headless command: a failure is reported on
/// stderr as `<command>: <error>`, and `Err` holds the exit code to return.
/// A locale tag is resolved afterwards, by [`locale::resolve`].
async fn connect(settings: &Settings, command: &str) -> Result<Source, u8> {
    Source::connect(settings, false).await.map_err(|e| {
        eprintln!("{command}: {e}");
        e.exit_code()
    })
}
