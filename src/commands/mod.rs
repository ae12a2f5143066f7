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
mod rendered_audit;
pub mod undo;
pub mod update;
pub mod usage;
mod writes;

use crate::config::Settings;
use crate::source::Source;

/// [`Source::connect`] for a headless command: a failure is reported on
/// stderr as `<command>: <error>`, and `Err` holds the exit code to return.
async fn connect(settings: &Settings, command: &str) -> Result<Source, u8> {
    if let Some(tag) = &settings.locale_tag {
        eprintln!("{command}: {}", locale_tag_refused(tag));
        return Err(crate::webflow::FailureClass::Usage.exit_code());
    }
    connect_resolving_tags(settings, command).await
}

/// [`connect`] for a command that resolves a locale tag through the site.
async fn connect_resolving_tags(settings: &Settings, command: &str) -> Result<Source, u8> {
    Source::connect(settings, false).await.map_err(|e| {
        eprintln!("{command}: {e}");
        e.exit_code()
    })
}

/// Why a command without a site refuses `--locale fr-FR`.
pub fn locale_tag_refused(tag: &str) -> String {
    format!(
        "--locale {} is a locale tag; this command needs the locale's ID (24 hex \
         characters), since it does not read the site. `wfa usage --site SITE_ID --all-locales` \
         lists each locale's tag and ID",
        crate::text::clean(tag)
    )
}
