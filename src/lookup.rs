//! Asset lookups with the on-disk cache in front of the client: what both the
//! CLI and the browser call.
//!
//! Normal mode fetches from the API and stores what it gets; the browser also
//! shows the cached copy at once while that fetch runs. `--offline` answers
//! only from the cache (no request at all); `--no-cache` neither reads nor
//! writes it.

use std::sync::Arc;

use crate::store::cache::{Cache, CachedAsset};
use crate::webflow::{ApiError, Asset, Client, Fetched, ObjectId, RateLimit};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    #[default]
    Normal,
    Offline,
    Bypass,
}

#[derive(Clone)]
pub struct Lookup {
    pub client: Client,
    cache: Option<Arc<Cache>>,
    pub mode: CacheMode,
}

impl Lookup {
    pub fn new(client: Client, cache: Option<Arc<Cache>>, mode: CacheMode) -> Self {
        let cache = if mode == CacheMode::Bypass {
            None
        } else {
            cache
        };
        Self {
            client,
            cache,
            mode,
        }
    }

    /// The cached copy, if caching is on and there is a good one.
    pub async fn cached(&self, id: &ObjectId, locale: Option<&ObjectId>) -> Option<CachedAsset> {
        let cache = self.cache.clone()?;
        let (host, id, locale) = (self.client.host().to_string(), id.clone(), locale.cloned());
        tokio::task::spawn_blocking(move || cache.get(&host, locale.as_ref(), &id))
            .await
            .ok()
            .flatten()
    }

    /// The asset: from the cache when offline, otherwise from the API (and
    /// then stored in the cache).
    pub async fn fetch(
        &self,
        id: &ObjectId,
        locale: Option<&ObjectId>,
    ) -> Result<Fetched<Asset>, ApiError> {
        if self.mode == CacheMode::Offline {
            return match self.cached(id, locale).await {
                Some(hit) => Ok(Fetched {
                    value: hit.asset,
                    raw: hit.raw,
                    rate: RateLimit::default(),
                }),
                None => Err(ApiError::NotCached { id: id.to_string() }),
            };
        }
        let fetched = self.client.get_asset(id, locale).await?;
        if let Some(cache) = self.cache.clone() {
            let (host, id, locale) = (self.client.host().to_string(), id.clone(), locale.cloned());
            let raw = fetched.raw.clone();
            // A cache that cannot be written only costs the next lookup its head start.
            let stored =
                tokio::task::spawn_blocking(move || cache.put(&host, locale.as_ref(), &id, &raw))
                    .await;
            if let Ok(Err(e)) = stored {
                tracing::warn!(error = %e, "could not write the asset cache");
            }
        }
        Ok(fetched)
    }
}
