//! Where assets come from: `lookup` puts the on-disk cache in front of the
//! client, `listing` orders a site listing.
//!
//! Picks where assets come from — Webflow or the demo catalogue — and builds the
//! one client both use.

pub mod coverage;
pub mod listing;
pub mod lookup;
pub mod site_content;

use std::sync::Arc;

use crate::config::{Settings, asset_cache_dir, file_cache_dir};
use crate::source::lookup::{CacheMode, FileCache, Lookup};
use crate::store::cache::{self, Cache};
use crate::store::demo::Catalogue;
use crate::store::demo_server::DemoServer;
use crate::store::files::{self, FileStore};
use crate::webflow::{ApiError, Client, ClientConfig};

/// A ready client, and the demo server behind it when in demo mode (kept alive
/// for as long as the client is used).
pub struct Source {
    pub client: Client,
    /// The client with the on-disk cache in front (no cache in demo mode).
    pub lookup: Lookup,
    /// The file store for the preview downloader, under the same cache mode
    /// as `lookup`. `None` in demo mode: the demo's file URLs change with
    /// every run (its port does), so keeping them would only fill the disk.
    pub files: Option<FileCache>,
    pub demo: Option<(DemoServer, Arc<Catalogue>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("the demo catalogue could not start: {0}")]
    Demo(String),
}

/// Where assets will come from, decided and checked without starting
/// anything: the browser draws its first frame from this, then connects.
#[derive(Debug, Clone)]
pub struct SourcePlan {
    kind: PlanKind,
    /// The API host as the status bar shows it (`None` in demo mode).
    host: Option<String>,
    cache_mode: CacheMode,
}

#[derive(Debug, Clone)]
enum PlanKind {
    Demo,
    Live(ClientConfig),
}

impl SourcePlan {
    /// Live API when a token is set; the demo catalogue when asked for, or when
    /// `demo_without_token` and there is no token (the TUI's newcomer path).
    /// Everything that can be wrong with the settings is found here.
    pub fn new(settings: &Settings, demo_without_token: bool) -> Result<Self, SourceError> {
        let offline = settings.cache_mode == CacheMode::Offline;
        if settings.demo || (demo_without_token && settings.token.is_none() && !offline) {
            return Ok(Self::demo());
        }
        // Offline needs no token: nothing is sent.
        if settings.token.is_none() && !offline {
            return Err(ApiError::MissingToken {
                config_path: settings.config_path.display().to_string(),
            }
            .into());
        }
        let config = settings.client_config();
        let host = crate::webflow::client::check_base(&config.api_base)?;
        Ok(Self {
            kind: PlanKind::Live(config),
            host: Some(host),
            cache_mode: settings.cache_mode,
        })
    }

    /// The demo catalogue, whatever the settings say (tests and `--demo`).
    pub fn demo() -> Self {
        Self {
            kind: PlanKind::Demo,
            host: None,
            cache_mode: CacheMode::Bypass,
        }
    }

    pub fn is_demo(&self) -> bool {
        matches!(self.kind, PlanKind::Demo)
    }

    /// The API host (empty in demo mode, where the port is chosen at start).
    pub fn host(&self) -> &str {
        self.host.as_deref().unwrap_or_default()
    }

    pub fn cache_mode(&self) -> CacheMode {
        self.cache_mode
    }

    /// Starts the client (and the demo server in demo mode).
    pub async fn connect(self) -> Result<Source, SourceError> {
        match self.kind {
            PlanKind::Demo => Source::demo().await,
            PlanKind::Live(config) => {
                let client = Client::new(config)?;
                // Where the stores live is decided here, from the
                // configuration; `store` itself reads none.
                let cache = asset_cache_dir()
                    .map(|root| Arc::new(Cache::new(root, cache::DEFAULT_MAX_BYTES)));
                let file_store = file_cache_dir()
                    .map(|root| Arc::new(FileStore::new(root, files::DEFAULT_MAX_BYTES)));
                Ok(Source {
                    lookup: Lookup::new(client.clone(), cache, self.cache_mode),
                    files: Some(FileCache::new(file_store, self.cache_mode)),
                    client,
                    demo: None,
                })
            }
        }
    }
}

impl Source {
    /// `SourcePlan::new` and `connect` in one step, for the headless commands.
    pub async fn connect(
        settings: &Settings,
        demo_without_token: bool,
    ) -> Result<Self, SourceError> {
        SourcePlan::new(settings, demo_without_token)?
            .connect()
            .await
    }

    /// Starts the loopback demo server and a token-less client pointed at it.
    pub async fn demo() -> Result<Self, SourceError> {
        let catalogue = Arc::new(Catalogue::load().map_err(SourceError::Demo)?);
        let server = DemoServer::start(catalogue.clone())
            .await
            .map_err(|e| SourceError::Demo(format!("no loopback port: {e}")))?;
        let client = Client::new(ClientConfig::new(server.api_base(), None))?;
        Ok(Self {
            lookup: Lookup::new(client.clone(), None, CacheMode::Bypass),
            files: None,
            client,
            demo: Some((server, catalogue)),
        })
    }

    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    pub fn catalogue(&self) -> Option<&Arc<Catalogue>> {
        self.demo.as_ref().map(|(_, c)| c)
    }
}

impl SourceError {
    pub fn exit_code(&self) -> u8 {
        match self {
            SourceError::Api(e) => e.class().exit_code(),
            SourceError::Demo(_) => 1,
        }
    }
}
