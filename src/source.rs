//! Picks where assets come from — Webflow or the demo catalogue — and builds the
//! one client both use.

use std::sync::Arc;

use crate::config::Settings;
use crate::lookup::{CacheMode, Lookup};
use crate::store::cache::{Cache, DEFAULT_MAX_BYTES};
use crate::store::demo::Catalogue;
use crate::store::demo_server::DemoServer;
use crate::webflow::{ApiError, Client, ClientConfig};

/// A ready client, and the demo server behind it when in demo mode (kept alive
/// for as long as the client is used).
pub struct Source {
    pub client: Client,
    /// The client with the on-disk cache in front (no cache in demo mode).
    pub lookup: Lookup,
    pub demo: Option<(DemoServer, Arc<Catalogue>)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("the demo catalogue could not start: {0}")]
    Demo(String),
}

impl Source {
    /// Live API when a token is set; the demo catalogue when asked for, or when
    /// `demo_without_token` and there is no token (the TUI's newcomer path).
    pub async fn connect(
        settings: &Settings,
        demo_without_token: bool,
    ) -> Result<Self, SourceError> {
        let offline = settings.cache_mode == CacheMode::Offline;
        if settings.demo || (demo_without_token && settings.token.is_none() && !offline) {
            return Self::demo().await;
        }
        // Offline needs no token: nothing is sent.
        if settings.token.is_none() && !offline {
            return Err(ApiError::MissingToken {
                config_path: settings.config_path.display().to_string(),
            }
            .into());
        }
        let client = Client::new(settings.client_config())?;
        let cache = Cache::default_root().map(|root| Arc::new(Cache::new(root, DEFAULT_MAX_BYTES)));
        let lookup = Lookup::new(client.clone(), cache, settings.cache_mode);
        Ok(Self {
            client,
            lookup,
            demo: None,
        })
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
