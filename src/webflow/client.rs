//! The HTTP client for Webflow's Data API: base URL, bearer auth, `localeId`,
//! a size-capped body read, and the mapping from HTTP outcomes to [`ApiError`].
//!
//! The token is attached only to requests this client builds from its own base
//! URL, redirects are never followed (a redirect could carry the token to
//! another host), and no message built here includes it.

use std::collections::HashSet;
use std::fmt;
use std::ops::ControlFlow;
use std::time::Duration;

use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;
use super::id::{AssetId, FolderId, LocaleId, SiteId};
use super::model::RateLimit;
use super::model::{Asset, AssetPage, AssetPatch, ErrorBody};
use super::pacing::{RateGate, RateStatus};

/// Webflow's live API.
pub const DEFAULT_API_BASE: &str = "https://api.webflow.com/v2";
/// Largest response body read (an asset is a few kilobytes; a page of 100, ~100 KiB).
pub const DEFAULT_MAX_BODY: u64 = 8 * 1024 * 1024;

/// An API token. Its `Debug` and `Display` never show the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// `None` for an empty or blank token, which is the same as none.
    pub fn new(secret: impl Into<String>) -> Option<Self> {
        let secret = secret.into().trim().to_string();
        (!secret.is_empty()).then_some(Self(secret))
    }

    fn secret(&self) -> &str {
        &self.0
    }

    /// Tokens are printable ASCII without spaces; anything else (a pasted line
    /// break, say) cannot go into a header and is refused before any request.
    pub fn is_well_formed(&self) -> bool {
        self.0.bytes().all(|b| b.is_ascii_graphic())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// How to reach the API.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub api_base: String,
    pub token: Option<Token>,
    pub connect_timeout: Duration,
    /// For the whole request, body included: a body that drips in slowly
    /// still ends here.
    pub timeout: Duration,
    pub max_body: u64,
    /// Tries per request, the first included (retries on 408, 429, 5xx,
    /// timeouts and dropped connections; never on other 4xx).
    pub attempts: u32,
    /// The longest a 429's Retry-After is honoured before trying again.
    pub max_retry_wait: Duration,
    /// First backoff step; doubled per retry, with jitter.
    pub backoff_base: Duration,
}

impl ClientConfig {
    pub fn new(api_base: impl Into<String>, token: Option<Token>) -> Self {
        Self {
            api_base: api_base.into(),
            token,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_body: DEFAULT_MAX_BODY,
            attempts: 3,
            max_retry_wait: Duration::from_secs(60),
            backoff_base: Duration::from_millis(500),
        }
    }
}

/// The largest page Webflow serves.
pub const PAGE_LIMIT: u32 = 100;

/// One page of a site listing, with each asset's exact JSON and the progress.
/// Only assets not listed before are in it (see [`Client::list_site`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SitePage {
    pub assets: Vec<(Asset, Value)>,
    /// Distinct assets received so far, this page included.
    pub loaded: u32,
    /// What the server says the site holds (at least `loaded`).
    pub total: u32,
}

/// A parsed answer together with the exact JSON it came from (for `--json`, which
/// prints what Webflow sent, not a re-encoding of wfa's model).
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched<T> {
    pub value: T,
    pub raw: Value,
    pub rate: RateLimit,
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    /// The base without a trailing slash; paths are appended to it.
    base: Url,
    host: String,
    token: Option<Token>,
    connect_timeout: Duration,
    timeout: Duration,
    max_body: u64,
    attempts: u32,
    max_retry_wait: Duration,
    backoff_base: Duration,
    gate: RateGate,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, ApiError> {
        let base = parse_base(&config.api_base)?;
        let host = host_label(&base);
        let http = reqwest::Client::builder()
            .user_agent(concat!("wfa/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ApiError::InvalidBase {
                base: config.api_base.clone(),
                reason: format!("the HTTP client could not start: {e}"),
            })?;
        Ok(Self {
            http,
            base,
            host,
            token: config.token,
            connect_timeout: config.connect_timeout,
            timeout: config.timeout,
            max_body: config.max_body,
            attempts: config.attempts.max(1),
            max_retry_wait: config.max_retry_wait,
            backoff_base: config.backoff_base,
            gate: RateGate::default(),
        })
    }

    /// `host[:port]` of the API, for status lines and messages.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The rate-limit budget as last reported, and any wait in progress.
    pub fn rate_status(&self) -> RateStatus {
        self.gate.status()
    }

    /// `GET /assets/{asset_id}` (with `localeId` when given).
    pub async fn get_asset(
        &self,
        id: &AssetId,
        locale: Option<&LocaleId>,
    ) -> Result<Fetched<Asset>, ApiError> {
        let url = self.url(&["assets", id.as_str()], &locale_query(locale));
        // An answer about another asset (a mixed-up cache or proxy) is a
        // malformed answer: retried once, then an error, never shown as `id`.
        let check = |asset: &Asset| self.check_asset(id, asset);
        self.get(url, &format!("asset {id}"), "an asset", check)
            .await
    }

    /// `PATCH /assets/{asset_id}` (with `localeId` when given) with the JSON
    /// body `patch` (only the fields it sets); returns the updated asset.
    ///
    /// Paced and mapped like a GET, and retried on the same failures (408,
    /// 429, 5xx, timeouts, dropped connections): setting a value is
    /// idempotent, so sending it twice changes nothing more. An answer about
    /// another asset is refused as for [`Client::get_asset`]. A 403 with
    /// Webflow's code `missing_scopes` is [`ApiError::MissingWriteScope`]:
    /// a token that can read but not write.
    pub async fn update_asset(
        &self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        patch: &AssetPatch,
    ) -> Result<Fetched<Asset>, ApiError> {
        let url = self.url(&["assets", id.as_str()], &locale_query(locale));
        let body = serde_json::to_vec(patch).expect("an AssetPatch always serialises");
        let check = |asset: &Asset| self.check_asset(id, asset);
        let result = self
            .send(
                Method::Patch(body),
                url,
                &format!("asset {id}"),
                "an asset",
                check,
            )
            .await;
        match result {
            Err(ApiError::Forbidden { body })
                if body.code.as_deref().map(str::trim) == Some("missing_scopes") =>
            {
                Err(ApiError::MissingWriteScope { body })
            }
            other => other,
        }
    }

    /// [`ApiError::WrongAsset`] when `asset` is not the one with `id`.
    fn check_asset(&self, id: &AssetId, asset: &Asset) -> Option<ApiError> {
        let got = asset.id.trim();
        (!got.eq_ignore_ascii_case(id.as_str())).then(|| ApiError::WrongAsset {
            host: self.host.clone(),
            asked: id.to_string(),
            got: crate::text::shorten(&crate::text::clean(got), 40),
        })
    }

    /// `GET /sites/{site_id}/assets`: one page of a site's assets.
    pub async fn list_assets(
        &self,
        site: &SiteId,
        offset: u32,
        limit: u32,
        folder: Option<&FolderId>,
        locale: Option<&LocaleId>,
    ) -> Result<Fetched<AssetPage>, ApiError> {
        let mut query = locale_query(locale);
        query.push(("offset", offset.to_string()));
        query.push(("limit", limit.to_string()));
        if let Some(folder) = folder {
            query.push(("folderId", folder.to_string()));
        }
        let url = self.url(&["sites", site.as_str(), "assets"], &query);
        self.get(url, &format!("site {site}"), "a page of assets", |_| None)
            .await
    }

    /// Every asset of a site: pages of 100 through `GET /sites/{id}/assets`
    /// until `total` is reached, handing each page to `on_page` as it arrives
    /// (so the first page can be shown at once), in site order.
    ///
    /// Nothing is lost or repeated silently. Assets are de-duplicated by ID
    /// (the first copy is kept, so `on_page` sees each asset once). A page
    /// that does not fit the listing (another offset than asked for, more or
    /// fewer assets than `total` leaves room for, assets already listed, or a
    /// changed `total`) is fetched again once, and then taken for what it
    /// adds. The listing ends at `total` or at an empty page (a server that
    /// over-reports cannot keep wfa paging forever); ending with another
    /// number of distinct assets than `total` is
    /// [`ApiError::IncompleteListing`], and a `total` that changes while
    /// paging stops the listing with [`ApiError::SiteChanged`]. Each request
    /// is retried like any other. Returns the number of distinct assets.
    pub async fn list_site(
        &self,
        site: &SiteId,
        folder: Option<&FolderId>,
        locale: Option<&LocaleId>,
        mut on_page: impl FnMut(SitePage),
    ) -> Result<usize, ApiError> {
        self.list_site_while(site, folder, locale, |page| {
            on_page(page);
            ControlFlow::Continue(())
        })
        .await
    }

    /// [`Client::list_site`], stopping without another request as soon as
    /// `on_page` answers `Break` (`wfa list | head`: the reader has gone; not
    /// an error, and not held against `total`).
    pub async fn list_site_while(
        &self,
        site: &SiteId,
        folder: Option<&FolderId>,
        locale: Option<&LocaleId>,
        mut on_page: impl FnMut(SitePage) -> ControlFlow<()>,
    ) -> Result<usize, ApiError> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut offset: u32 = 0;
        let mut first_total: Option<u32> = None;
        loop {
            let mut page = self
                .list_assets(site, offset, PAGE_LIMIT, folder, locale)
                .await?;
            if let Some(reason) = misfit(&page.value, offset, first_total, &seen) {
                tracing::warn!(host = %self.host, offset, reason, "a page does not fit the listing; fetching it again");
                page = self
                    .list_assets(site, offset, PAGE_LIMIT, folder, locale)
                    .await?;
                if let Some(reason) = misfit(&page.value, offset, first_total, &seen) {
                    tracing::warn!(host = %self.host, offset, reason, "the page still does not fit; keeping what it adds");
                }
            }
            let total = page.value.pagination.total;
            let first = *first_total.get_or_insert(total);
            let raws = match page.raw.get_mut("assets") {
                Some(Value::Array(items)) => std::mem::take(items),
                _ => Vec::new(),
            };
            let count = page.value.assets.len() as u32;
            let fresh: Vec<(Asset, Value)> = page
                .value
                .assets
                .into_iter()
                .zip(raws)
                .filter(|(asset, _)| seen.insert(id_key(&asset.id)))
                .collect();
            offset = offset.saturating_add(count);
            let loaded = seen.len() as u32;
            let flow = on_page(SitePage {
                assets: fresh,
                loaded,
                total: total.max(loaded),
            });
            if flow.is_break() {
                return Ok(loaded as usize);
            }
            if total != first {
                return Err(ApiError::SiteChanged {
                    site: site.to_string(),
                    first,
                    last: total,
                    got: loaded,
                });
            }
            if count == 0 || offset >= total {
                if loaded != total {
                    return Err(ApiError::IncompleteListing {
                        site: site.to_string(),
                        got: loaded,
                        total,
                    });
                }
                return Ok(loaded as usize);
            }
        }
    }

    pub(super) fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Url {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .expect("parse_base only accepts http(s) URLs, which have paths")
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// One GET with pacing and retries: waits for the rate gate, and retries
    /// what may succeed later (408, 429, 5xx, timeouts, dropped connections)
    /// with exponential backoff and jitter, or a 429's Retry-After.
    ///
    /// A success whose body cannot be used (not JSON, the wrong shape, or
    /// refused by `check`) is tried once more, never more: a proxy may have
    /// cut it short, but a server that keeps sending it will not change.
    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        url: Url,
        what: &str,
        expected: &'static str,
        check: impl Fn(&T) -> Option<ApiError>,
    ) -> Result<Fetched<T>, ApiError> {
        self.send(Method::Get, url, what, expected, check).await
    }

    /// One request of `method` with the pacing and retries of [`Client::get`].
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        what: &str,
        expected: &'static str,
        check: impl Fn(&T) -> Option<ApiError>,
    ) -> Result<Fetched<T>, ApiError> {
        let mut attempt = 1;
        let mut malformed_retried = false;
        loop {
            let permit = self.gate.acquire().await;
            let started = std::time::Instant::now();
            let (rate, mut result) = self.send_once(&method, &url, what, expected).await;
            if let Ok(fetched) = &result
                && let Some(e) = check(&fetched.value)
            {
                result = Err(e);
            }
            // Any answer, a 429 included, reports the budget.
            match rate {
                Some(rate) => permit.observe(rate),
                None => drop(permit),
            }
            let status = match &result {
                Ok(_) => Some(200),
                Err(e) => e.http_status(),
            };
            tracing::debug!(
                host = %self.host,
                path = url.path(),
                status,
                attempt,
                elapsed_ms = started.elapsed().as_millis() as u64,
                method = method.name(),
                "request"
            );
            let error = match result {
                Err(e) if attempt < self.attempts && is_retryable(&e) => e,
                Err(e)
                    if attempt < self.attempts && e.is_malformed_answer() && !malformed_retried =>
                {
                    malformed_retried = true;
                    e
                }
                done => return done,
            };
            let wait = match error.retry_after() {
                Some(after) => {
                    let wait = after.min(self.max_retry_wait);
                    self.gate.pause(wait);
                    wait
                }
                None if matches!(error, ApiError::RateLimited { .. }) => {
                    self.gate.pause(self.max_retry_wait);
                    self.max_retry_wait
                }
                None => backoff(self.backoff_base, attempt),
            };
            tracing::warn!(host = %self.host, attempt, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
            if !matches!(error, ApiError::RateLimited { .. }) {
                tokio::time::sleep(wait).await;
            }
            attempt += 1;
        }
    }

    /// One request; returns the budget the response reported (if a response
    /// arrived) beside the outcome.
    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &Method,
        url: &Url,
        what: &str,
        expected: &'static str,
    ) -> (Option<RateLimit>, Result<Fetched<T>, ApiError>) {
        let mut request = match method {
            Method::Get => self.http.get(url.clone()),
            Method::Patch(body) => self
                .http
                .patch(url.clone())
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.clone()),
        }
        .header(header::ACCEPT, "application/json");
        if let Some(token) = &self.token {
            request = request.bearer_auth(token.secret());
        }
        let response = match request.send().await {
            Ok(response) => response,
            Err(e) => return (None, Err(self.transport_error(e))),
        };
        let rate = rate_limit(response.headers());
        (Some(rate), self.parse(response, rate, what, expected).await)
    }

    async fn parse<T: DeserializeOwned>(
        &self,
        response: reqwest::Response,
        rate: RateLimit,
        what: &str,
        expected: &'static str,
    ) -> Result<Fetched<T>, ApiError> {
        let status = response.status();
        let headers = response.headers().clone();
        let body = self.read_body(response).await?;

        if !status.is_success() {
            return Err(self.status_error(status, &headers, &body, what));
        }
        let raw: Value = serde_json::from_slice(&body).map_err(|e| ApiError::NotJson {
            host: self.host.clone(),
            status: status.as_u16(),
            content_type: content_type(&headers),
            len: body.len(),
            too_deep: is_too_deep(&e),
        })?;
        // The path (`variants[0].width`) says which field is wrong; serde's
        // message may quote the whole bad value, so it is cut short.
        let value = serde_path_to_error::deserialize(&raw).map_err(|e| {
            let path = e.path().to_string();
            let inner = crate::text::clean(&e.inner().to_string()).into_owned();
            let detail = if path == "." {
                crate::text::shorten(&inner, 200)
            } else {
                format!(
                    "{}: {}",
                    crate::text::shorten(&path, 80),
                    crate::text::shorten(&inner, 200)
                )
            };
            ApiError::WrongShape {
                host: self.host.clone(),
                expected,
                detail,
            }
        })?;
        Ok(Fetched { value, raw, rate })
    }

    /// The body, capped at `max_body` ([`read_capped`]).
    async fn read_body(&self, response: reqwest::Response) -> Result<Vec<u8>, ApiError> {
        read_capped(response, self.max_body)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge => ApiError::TooLarge {
                    host: self.host.clone(),
                    limit: self.max_body,
                },
                BodyError::Transport(e) => self.transport_error(e),
            })
    }

    fn status_error(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        what: &str,
    ) -> ApiError {
        // Gateways answer with HTML or nothing: then there is only the status line.
        let body: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        match status.as_u16() {
            400 => ApiError::BadRequest { body },
            401 => ApiError::Unauthorized { body },
            403 => ApiError::Forbidden { body },
            404 => ApiError::NotFound {
                what: capitalise(what),
                body,
            },
            429 => ApiError::RateLimited {
                retry_after: retry_after(headers),
                body,
            },
            s @ 500..=599 => ApiError::Server { status: s, body },
            s @ 300..=399 => ApiError::Redirected {
                host: self.host.clone(),
                status: s,
            },
            s => ApiError::UnexpectedStatus {
                host: self.host.clone(),
                status: s,
                body,
            },
        }
    }

    fn transport_error(&self, e: reqwest::Error) -> ApiError {
        let host = self.host.clone();
        if e.is_timeout() {
            let after = if e.is_connect() {
                self.connect_timeout
            } else {
                self.timeout
            };
            ApiError::Timeout { host, after }
        } else if e.is_connect() {
            ApiError::Connect {
                host,
                cause: root_cause(&e),
            }
        } else {
            ApiError::Transport {
                host,
                cause: root_cause(&e),
            }
        }
    }
}

/// The HTTP method of a request, with its body.
#[derive(Debug, Clone)]
pub(super) enum Method {
    Get,
    /// A JSON body.
    Patch(Vec<u8>),
}

impl Method {
    fn name(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Patch(_) => "PATCH",
        }
    }
}

/// Why [`read_capped`] gave up on a body.
#[derive(Debug)]
pub enum BodyError {
    /// The body is (or its Content-Length says it is) over the cap.
    TooLarge,
    /// The connection failed (or timed out) mid-body.
    Transport(reqwest::Error),
}

/// Reads a response body chunk by chunk, refusing it as soon as it passes
/// `max` bytes: a lying or absent Content-Length cannot make wfa buffer
/// gigabytes. The one capped body reader: the API client and the preview
/// downloader (`thumbnail::Downloader`) both read through it.
pub async fn read_capped(mut response: reqwest::Response, max: u64) -> Result<Vec<u8>, BodyError> {
    if response.content_length().is_some_and(|n| n > max) {
        return Err(BodyError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if (body.len() + chunk.len()) as u64 > max {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// How two spellings of one asset ID compare: trimmed, case-insensitive.
fn id_key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

/// Why a page of a listing asked for at `offset` does not fit it, if it
/// does not: the listing so far holds `seen`, and its first page said
/// `first_total`.
fn misfit(
    page: &AssetPage,
    offset: u32,
    first_total: Option<u32>,
    seen: &HashSet<String>,
) -> Option<&'static str> {
    let pagination = &page.pagination;
    if first_total.is_some_and(|first| first != pagination.total) {
        return Some("the site's total changed");
    }
    if pagination.offset != offset {
        return Some("its offset is not the one asked for");
    }
    let limit = match pagination.limit {
        0 => PAGE_LIMIT,
        limit => limit.min(PAGE_LIMIT),
    };
    let expected = limit.min(pagination.total.saturating_sub(offset));
    if page.assets.len() as u32 != expected {
        return Some("it holds another number of assets than the total leaves room for");
    }
    let mut on_page = HashSet::new();
    if page
        .assets
        .iter()
        .any(|a| seen.contains(&id_key(&a.id)) || !on_page.insert(id_key(&a.id)))
    {
        return Some("it repeats assets already listed");
    }
    None
}

/// serde_json gives up past 128 levels of nesting; its error says so only in
/// its message ("recursion limit exceeded").
fn is_too_deep(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// Worth another try: the server or the network may do better in a moment.
fn is_retryable(e: &ApiError) -> bool {
    matches!(
        e,
        ApiError::RateLimited { .. }
            | ApiError::Server { .. }
            | ApiError::Timeout { .. }
            | ApiError::Transport { .. }
    ) || e.http_status() == Some(408)
}

/// `base · 2^(attempt-1)`, capped at 10 s, with "equal jitter": half fixed,
/// half random, so that many clients retrying together spread out.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let step = base
        .saturating_mul(1u32 << (attempt - 1).min(10))
        .min(Duration::from_secs(10));
    step / 2 + step.mul_f64(jitter() / 2.0)
}

/// A number in [0, 1) from the clock and a counter; good enough to spread
/// retries, with no dependency on a random-number crate.
fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as u64);
    let mut x = COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ nanos;
    // xorshift64* scrambles the bits.
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
}

fn locale_query(locale: Option<&LocaleId>) -> Vec<(&'static str, String)> {
    locale
        .map(|l| vec![("localeId", l.to_string())])
        .unwrap_or_default()
}

/// Accepts `http(s)://host[:port][/path]`. Plain http only to this machine: a
/// token must not cross a network in clear text.
/// Checks an API base URL without starting an HTTP client (which loads the
/// system's root certificates: milliseconds a first frame should not wait
/// for) and returns its host label, as `Client::host` will show it.
pub fn check_base(base: &str) -> Result<String, ApiError> {
    parse_base(base).map(|url| host_label(&url))
}

fn parse_base(base: &str) -> Result<Url, ApiError> {
    let invalid = |reason: &str| ApiError::InvalidBase {
        base: crate::text::clean(base).into_owned(),
        reason: reason.to_string(),
    };
    let url = Url::parse(base.trim())
        .map_err(|e| invalid(&format!("{e}; expected a URL like {DEFAULT_API_BASE}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "plain http would send the API token unencrypted; use https (http is allowed only for localhost)",
            ));
        }
        _ => return Err(invalid("only https URLs can be used")),
    }
    if url.host_str().is_none() || url.cannot_be_a_base() {
        return Err(invalid("it has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(invalid(
            "it must not contain a query, fragment or credentials",
        ));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn host_label(url: &Url) -> String {
    let host = url.host_str().unwrap_or("?");
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

fn rate_limit(headers: &HeaderMap) -> RateLimit {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
    };
    RateLimit {
        limit: number("x-ratelimit-limit"),
        remaining: number("x-ratelimit-remaining"),
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_string())
}

/// The innermost cause of a reqwest error ("connection refused"), which is the
/// part a person can act on; reqwest's own top line repeats the URL.
fn root_cause(e: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    crate::text::clean(&cause.to_string()).into_owned()
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases() {
        assert!(parse_base("https://api.webflow.com/beta").is_ok());
        assert!(parse_base("http://127.0.0.1:8080/v2").is_ok());
        assert!(parse_base("http://localhost/v2").is_ok());
        let e = parse_base("http://api.webflow.com/v2").unwrap_err();
        assert!(e.to_string().contains("unencrypted"), "{e}");
        assert!(parse_base("ftp://x").is_err());
        assert!(parse_base("api.webflow.com").is_err());
    }

    #[test]
    fn urls_keep_the_base_path() {
        let client = Client::new(ClientConfig::new("https://api.webflow.com/beta/", None)).unwrap();
        let id = AssetId::parse("580e63fc8c9a982ac9b8b745").unwrap();
        let url = client.url(&["assets", id.as_str()], &[("localeId", "x".into())]);
        assert_eq!(
            url.as_str(),
            "https://api.webflow.com/beta/assets/580e63fc8c9a982ac9b8b745?localeId=x"
        );
    }

    #[test]
    fn token_debug_is_redacted() {
        let t = Token::new("sekrit").unwrap();
        assert!(!format!("{t:?}").contains("sekrit"));
        assert!(Token::new("  ").is_none());
    }
}
