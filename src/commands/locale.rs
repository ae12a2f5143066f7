//! `--locale fr-FR`: a locale given by its tag, resolved to the locale's ID
//! through the site it belongs to. A tag means something only on one site,
//! so each command names how to find that site: the site it lists, or the
//! site of the first asset it looks up that can be read (one
//! `GET /assets/{id}` as a rule, then `GET /sites/{id}`). A locale ID needs
//! no request and is passed through.

use crate::config::Settings;
use crate::source::Source;
use crate::source::lookup::CacheMode;
use crate::text;
use crate::webflow::site::Site;
use crate::webflow::{ApiError, AssetId, FailureClass, LocaleId, SiteId};

/// How a command can learn which site a locale tag belongs to.
#[derive(Debug, Clone, Copy)]
pub enum SiteHint<'a> {
    /// The command works on this site (`--site`).
    Site(&'a SiteId),
    /// The command looks up these assets; the first that can be read names
    /// the site (up to [`PROBES`] are tried, so one deleted ID does not
    /// stop the others).
    Assets(&'a [AssetId]),
}

/// How many assets are tried to find the site a tag belongs to.
const PROBES: usize = 3;

/// The locale a command should use: `settings.locale`, or the ID of
/// `settings.locale_tag` on the site `hint` leads to. Failures are reported
/// as `<command>: …`; `Err` holds the exit code.
pub async fn resolve(
    source: &Source,
    settings: &Settings,
    hint: SiteHint<'_>,
    command: &str,
) -> Result<Option<LocaleId>, u8> {
    let Some(tag) = &settings.locale_tag else {
        return Ok(settings.locale.clone());
    };
    if settings.cache_mode == CacheMode::Offline {
        eprintln!(
            "{command}: --locale {} is a locale tag, and --offline sends no request to look it up; \
             pass the locale's ID instead (`wfa usage --site SITE_ID --all-locales` lists them)",
            text::clean(tag)
        );
        return Err(FailureClass::Usage.exit_code());
    }
    let failed = |e: ApiError| {
        eprintln!("{command}: cannot look up locale {}: {e}", text::clean(tag));
        e.class().exit_code()
    };
    let site_id = match hint {
        SiteHint::Site(site) => site.clone(),
        SiteHint::Assets(ids) => {
            let mut last = None;
            let mut found = None;
            for id in ids.iter().take(PROBES) {
                match source.lookup.fetch(id, None).await {
                    Ok(asset) => {
                        found = SiteId::parse(asset.value.site_id.trim()).ok();
                        if found.is_some() {
                            break;
                        }
                    }
                    // A token or network failure meets every other ID too.
                    Err(e) if e.class() != FailureClass::Other => return Err(failed(e)),
                    Err(e) => last = Some(e),
                }
            }
            match (found, last) {
                (Some(site), _) => site,
                (None, Some(e)) => return Err(failed(e)),
                (None, None) => {
                    eprintln!(
                        "{command}: cannot look up locale {}: no asset named a site; \
                         pass the locale's ID instead",
                        text::clean(tag)
                    );
                    return Err(FailureClass::Usage.exit_code());
                }
            }
        }
    };
    let site = source.client.get_site(&site_id).await.map_err(failed)?;
    match site.locale(tag) {
        Some(locale) => {
            if !locale.enabled {
                warn_disabled(&locale.tag);
            }
            LocaleId::parse(locale.id.trim()).map(Some).map_err(|e| {
                eprintln!(
                    "{command}: the site's locale {} has a bad ID: {e}",
                    text::clean(tag)
                );
                1
            })
        }
        None => {
            eprintln!("{command}: {}", unknown(&site, tag));
            Err(FailureClass::Usage.exit_code())
        }
    }
}

/// "the site has no locale xx; it has: fr-FR (…), …".
pub fn unknown(site: &Site, asked: &str) -> String {
    format!(
        "the site has no locale {}; it has: {}",
        text::clean(asked),
        list(site)
    )
}

/// A disabled locale is read and written, but visitors do not get it.
pub fn warn_disabled(tag: &str) {
    eprintln!(
        "wfa: warning: locale {} is disabled: visitors do not get it until it is enabled",
        text::clean(tag)
    );
}

/// The site's locales, as `tag (id)`, for error messages.
fn list(site: &Site) -> String {
    let all = site.all_locales();
    if all.is_empty() {
        return "none (the site is not localised)".into();
    }
    all.iter()
        .map(|l| format!("{} ({})", text::clean(&l.tag), text::clean(&l.id)))
        .collect::<Vec<_>>()
        .join(", ")
}
