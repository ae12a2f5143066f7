//! Reading a site's locale coverage: its locales (`GET /sites/{id}`), then
//! one asset listing per enabled locale, primary first — the fewest
//! requests that show every image's alt text in every language.

use crate::usage::coverage::Coverage;
use crate::webflow::site::Locale;
use crate::webflow::{ApiError, Asset, Client, LocaleId, SiteId};

/// Reads the coverage of `site`. A site without locales (or a token that
/// cannot read the site) gives one column: the default locale.
pub async fn read(client: &Client, site: &SiteId) -> Result<Coverage, ApiError> {
    let locales: Vec<Locale> = match client.get_site(site).await {
        Ok(found) => {
            let mut all: Vec<Locale> = found
                .all_locales()
                .into_iter()
                .filter(|l| l.enabled)
                .collect();
            // Primary first: the other columns are compared with it.
            all.sort_by_key(|l| !l.primary);
            all
        }
        Err(ApiError::Forbidden { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    let ids: Vec<Option<LocaleId>> = if locales.is_empty() {
        vec![None]
    } else {
        locales
            .iter()
            .map(|l| LocaleId::parse(l.id.trim()).ok())
            .collect()
    };
    let mut listings = Vec::with_capacity(ids.len());
    for id in &ids {
        let mut assets: Vec<Asset> = Vec::new();
        client
            .list_site(site, None, id.as_ref(), |page| {
                assets.extend(page.assets.into_iter().map(|(asset, _)| asset));
            })
            .await?;
        listings.push(assets);
    }
    Ok(Coverage::new(locales, &listings))
}
