//! The layer between the stores and their users: asset lookups with the
//! on-disk asset cache in front of the client ([`Lookup`]), and the file store
//! in front of the preview downloader ([`FileCache`]). Both the CLI and the
//! browser call this; it depends on `store` and `webflow`, never the other
//! way round.
//!
//! One policy for both, the [`CacheMode`]: normal mode fetches (or downloads)
//! and stores what it gets; the browser also shows a cached asset at once
//! while that fetch runs, and a stored file needs no download at all.
//! `--offline` answers only from the stores (no request at all); `--no-cache`
//! neither reads nor writes them.

use std::sync::Arc;

use crate::store::cache::{Cache, CachedAsset};
use crate::store::files::FileStore;
use crate::webflow::{ApiError, Asset, AssetId, AssetPatch, Client, Fetched, LocaleId, RateLimit};

/// Defined with the stores, so that the configuration can name it without
/// depending on this layer.
pub use crate::store::CacheMode;

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

    /// The cached copy, if caching is on and there is a good one. An entry
    /// that holds another asset than `id` (written before wfa checked
    /// answers) is no good: it is a miss.
    pub async fn cached(&self, id: &AssetId, locale: Option<&LocaleId>) -> Option<CachedAsset> {
        let cache = self.cache.clone()?;
        let (host, key, locale) = (self.client.host().to_string(), id.clone(), locale.cloned());
        tokio::task::spawn_blocking(move || cache.get(&host, locale.as_ref(), &key))
            .await
            .ok()
            .flatten()
            .filter(|hit| is_asset(&hit.asset, id))
    }

    /// The asset: from the cache when offline, otherwise from the API (and
    /// then stored in the cache).
    pub async fn fetch(
        &self,
        id: &AssetId,
        locale: Option<&LocaleId>,
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
        // The client refuses an answer about another asset
        // (`ApiError::WrongAsset`); that error is never cached, and neither is
        // such an answer should one ever get through.
        let fetched = self.client.get_asset(id, locale).await?;
        self.store(id, locale, &fetched).await;
        Ok(fetched)
    }

    /// Changes the asset (`PATCH /assets/{id}`) and stores Webflow's answer
    /// in the cache in place of the old copy, so a later lookup (`--offline`
    /// included) shows the change. `--offline` sends nothing, so it refuses
    /// ([`ApiError::OfflineWrite`]); `--no-cache` sends the change and keeps
    /// nothing.
    pub async fn update(
        &self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        patch: &AssetPatch,
    ) -> Result<Fetched<Asset>, ApiError> {
        if self.mode == CacheMode::Offline {
            return Err(ApiError::OfflineWrite { id: id.to_string() });
        }
        let updated = self.client.update_asset(id, locale, patch).await?;
        self.store(id, locale, &updated).await;
        Ok(updated)
    }

    /// Keeps an answer about `id` in the cache (when there is one). An answer
    /// about another asset is never kept (the client refuses those anyway).
    async fn store(&self, id: &AssetId, locale: Option<&LocaleId>, fetched: &Fetched<Asset>) {
        let Some(cache) = self.cache.clone().filter(|_| is_asset(&fetched.value, id)) else {
            return;
        };
        let (host, id, locale) = (self.client.host().to_string(), id.clone(), locale.cloned());
        let raw = fetched.raw.clone();
        // A cache that cannot be written only costs the next lookup its head start.
        let stored =
            tokio::task::spawn_blocking(move || cache.put(&host, locale.as_ref(), &id, &raw)).await;
        if let Ok(Err(e)) = stored {
            tracing::warn!(error = %e, "could not write the asset cache");
        }
    }
}

/// `asset` is the one with `id` (IDs compare case-insensitively).
fn is_asset(asset: &Asset, id: &AssetId) -> bool {
    asset.id.trim().eq_ignore_ascii_case(id.as_str())
}

/// The file store as the preview downloader sees it: the store (when there
/// is one) and the cache mode.
#[derive(Debug, Clone)]
pub struct FileCache {
    store: Option<Arc<FileStore>>,
    mode: CacheMode,
}

impl FileCache {
    /// In `Bypass` mode the store is dropped: it is neither read nor written.
    /// Without a store (no home directory), offline previews are all misses.
    pub fn new(store: Option<Arc<FileStore>>, mode: CacheMode) -> Self {
        let store = if mode == CacheMode::Bypass {
            None
        } else {
            store
        };
        Self { store, mode }
    }

    /// Nothing may be downloaded: a file not in the store cannot be shown.
    pub fn is_offline(&self) -> bool {
        self.mode == CacheMode::Offline
    }

    /// The stored bytes of the file at `url`, when there is a store and a
    /// good entry.
    pub async fn cached(&self, url: &str) -> Option<Vec<u8>> {
        let store = self.store.clone()?;
        let url = url.to_string();
        tokio::task::spawn_blocking(move || store.get(&url))
            .await
            .ok()
            .flatten()
    }

    /// Keeps a downloaded file (nothing without a store). A store that
    /// cannot be written only costs the next preview a download.
    pub async fn keep(&self, url: &str, bytes: &[u8]) {
        let Some(store) = self.store.clone() else {
            return;
        };
        let (url, bytes) = (url.to_string(), bytes.to_vec());
        let stored = tokio::task::spawn_blocking(move || store.put(&url, &bytes)).await;
        if let Ok(Err(e)) = stored {
            tracing::warn!(error = %e, "could not write the file store");
        }
    }
}
