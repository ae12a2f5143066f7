//! A Webflow-compatible HTTP server on loopback that serves the demo catalogue.
//!
//! Demo mode points the ordinary client at it, so the demo goes through real HTTP,
//! the same parsing and the same error handling as the live API. It speaks just
//! the part of the Data API wfa uses: `GET /v2/assets/{id}`,
//! `PATCH /v2/assets/{id}` (alt text and display name, kept in memory for as
//! long as the server runs), `GET /v2/sites/{id}/assets` (paged) and
//! `GET /files/{name}` for the hosted files, whose URLs it rewrites to point
//! at itself.
//!
//! Benchmarks can grow the site past the catalogue's 18 assets
//! ([`DemoServer::start_sized`]), enforce a rate limit, and read back what the
//! server saw ([`DemoServer::stats`], [`DemoServer::requests`]).

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::demo::{Catalogue, DemoLocale, DemoSite, file_segment, in_locale};

/// The rate limit the server applies, as a token bucket: `burst` requests at
/// once, refilled at `per_minute / 60` a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitPolicy {
    pub per_minute: u32,
    pub burst: u32,
    /// Answer 429 with Retry-After when the bucket is empty. The demo only
    /// reports its budget; benchmarks and tests enforce it.
    pub enforce: bool,
}

impl Default for RateLimitPolicy {
    /// Like a CMS-plan site: 120 a minute, reported but not enforced.
    fn default() -> Self {
        Self {
            per_minute: 120,
            burst: 120,
            enforce: false,
        }
    }
}

/// What the server has seen, for benchmarks and tests.
///
/// Every API request is counted once, a refused one (429) included, and also
/// by route, so a benchmark can tell the reads a command made from its writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerStats {
    pub api_requests: u64,
    pub rejected_429: u64,
    /// `GET /v2/assets/{id}`.
    pub asset_gets: u64,
    /// `GET /v2/sites/{id}/assets`: pages of a site listing.
    pub listing_pages: u64,
    /// `PATCH /v2/assets/{id}`.
    pub patches: u64,
    /// Reads of the site's content (site, pages, DOM, components, CMS).
    pub content_reads: u64,
}

/// Which API route a request took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    AssetGet,
    ListingPage,
    Patch,
    /// A read of the site's content: the site, pages, DOM, components, CMS.
    Content,
}

/// One API request as the server saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestRecord {
    /// When it arrived, from the server's start.
    pub at: Duration,
    pub route: Route,
    /// Whether it was refused with 429.
    pub rejected: bool,
}

/// The most requests [`DemoServer::requests`] remembers: a demo session left
/// running for days must not grow without bound; a benchmark stays far below.
const MAX_RECORDS: usize = 100_000;

/// A running demo server; it stops when dropped.
pub struct DemoServer {
    addr: SocketAddr,
    task: JoinHandle<()>,
    state: Arc<State>,
}

impl DemoServer {
    /// Binds an ephemeral port on 127.0.0.1 and serves until dropped.
    pub async fn start(catalogue: Arc<Catalogue>) -> std::io::Result<Self> {
        Self::start_with(catalogue, RateLimitPolicy::default()).await
    }

    /// Like `start`, with a chosen rate limit.
    pub async fn start_with(
        catalogue: Arc<Catalogue>,
        policy: RateLimitPolicy,
    ) -> std::io::Result<Self> {
        Self::start_sized(catalogue, policy, 0).await
    }

    /// Like `start_with`, with the demo site grown to at least `assets`
    /// assets, for measurements that need a site of realistic size (paging,
    /// a few hundred writes): after the catalogue's own assets come copies of
    /// its images, round-robin, under the fresh IDs `{:024x}` of their
    /// position in the site counted from 1 (as the benches' synthetic assets
    /// are numbered). The copies share their originals' files.
    pub async fn start_sized(
        catalogue: Arc<Catalogue>,
        policy: RateLimitPolicy,
        assets: usize,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State::new(
            catalogue,
            format!("http://{addr}/files/"),
            policy,
            assets,
        ));
        let served = state.clone();
        let task = tokio::spawn(async move {
            let state = served;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(state.handle(req).await) }
                    });
                    // A client that hangs up mid-request is not the server's problem.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { addr, task, state })
    }

    pub fn stats(&self) -> ServerStats {
        *self.state.stats.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every API request so far (up to the first 100,000), in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state
            .records
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The site's asset IDs, in site order (the order of its listing).
    pub fn asset_ids(&self) -> Vec<String> {
        self.state
            .site
            .iter()
            .filter_map(|raw| raw["id"].as_str().map(str::to_string))
            .collect()
    }

    /// The site's ID.
    pub fn site_id(&self) -> &str {
        &self.state.catalogue.site_id
    }

    /// An asset's JSON as the server would answer it now (edits included),
    /// read without a request: for checking what a run wrote without
    /// spending the rate limit it is measured against.
    pub fn current_asset(&self, id: &str) -> Option<Value> {
        self.state.current(id).map(|raw| self.state.rewrite(&raw))
    }

    /// The API base to give the client: `http://127.0.0.1:PORT/v2`.
    pub fn api_base(&self) -> String {
        format!("http://{}/v2", self.addr)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// (collection, item, CMS locale), lowercase.
type ItemKey = (String, String, String);

struct State {
    catalogue: Arc<Catalogue>,
    files_base: String,
    /// File name → content type, from the catalogue (extensions can lie).
    file_types: HashMap<String, String>,
    policy: RateLimitPolicy,
    /// The site's assets as served before any edit, in site order: the
    /// catalogue's, then any copies `start_sized` asked for.
    site: Vec<Value>,
    /// Lowercase ID → position in `site`.
    by_id: HashMap<String, usize>,
    /// Assets changed by PATCH (lowercase ID → the whole changed JSON), served
    /// in place of the catalogue's copy by every route.
    edits: Mutex<HashMap<String, Value>>,
    /// CMS field values changed by PATCH: (collection, item, CMS locale),
    /// lowercase → the fields set, served over the demo site's values.
    item_edits: Mutex<HashMap<ItemKey, Map<String, Value>>>,
    /// Tokens left and when they were last counted.
    bucket: Mutex<(f64, Instant)>,
    stats: Mutex<ServerStats>,
    started: Instant,
    records: Mutex<Vec<RequestRecord>>,
}

impl State {
    fn new(
        catalogue: Arc<Catalogue>,
        files_base: String,
        policy: RateLimitPolicy,
        assets: usize,
    ) -> Self {
        let mut file_types = HashMap::new();
        for asset in catalogue.assets() {
            file_types.insert(
                file_segment(&asset.hosted_url).to_string(),
                asset.content_type.clone(),
            );
            for v in &asset.variants {
                let format = if v.format == "jpg" { "jpeg" } else { &v.format };
                file_types.insert(
                    file_segment(&v.hosted_url).to_string(),
                    format!("image/{format}"),
                );
            }
        }
        let site = grown_site(&catalogue, assets);
        let by_id = site
            .iter()
            .enumerate()
            .filter_map(|(i, raw)| Some((raw["id"].as_str()?.to_ascii_lowercase(), i)))
            .collect();
        Self {
            catalogue,
            files_base,
            file_types,
            policy,
            site,
            by_id,
            edits: Mutex::new(HashMap::new()),
            item_edits: Mutex::new(HashMap::new()),
            bucket: Mutex::new((f64::from(policy.burst), Instant::now())),
            stats: Mutex::new(ServerStats::default()),
            started: Instant::now(),
            records: Mutex::new(Vec::new()),
        }
    }

    async fn handle(&self, req: Request<Incoming>) -> Response<Full<Bytes>> {
        let (parts, body) = req.into_parts();
        let path = parts.uri.path();
        let query = parse_query(parts.uri.query().unwrap_or(""));
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        if parts.method == Method::PATCH
            && let ["v2", "assets", id] = segments.as_slice()
        {
            // Asset edits are a few hundred bytes; anything past the cap is
            // not an edit.
            return match capped_body(body, MAX_PATCH_BODY).await {
                Ok(body) => self.rate_limited(Route::Patch, || self.patch(id, &body)),
                Err(refused) => refused,
            };
        }
        if parts.method == Method::PATCH
            && let ["v2", "collections", collection, "items"] = segments.as_slice()
        {
            return match capped_body(body, MAX_ITEMS_PATCH_BODY).await {
                Ok(body) => self.rate_limited(Route::Patch, || self.patch_items(collection, &body)),
                Err(refused) => refused,
            };
        }
        if parts.method != Method::GET {
            return error(
                StatusCode::METHOD_NOT_ALLOWED,
                "bad_request",
                "The demo catalogue serves GET, and PATCH of an asset or of CMS items",
            );
        }
        match segments.as_slice() {
            ["files", name] => self.file(name),
            ["v2", "assets", id] => self.rate_limited(Route::AssetGet, || self.asset(id, &query)),
            ["v2", "sites", site, "assets"] => {
                self.rate_limited(Route::ListingPage, || self.list(site, &query))
            }
            ["v2", "sites", site] => self.rate_limited(Route::Content, || self.site(site)),
            ["v2", "sites", site, "pages"] => {
                self.rate_limited(Route::Content, || self.pages(site, &query))
            }
            ["v2", "pages", page, "dom"] => {
                self.rate_limited(Route::Content, || self.page_dom(page, &query))
            }
            ["v2", "sites", site, "components"] => {
                self.rate_limited(Route::Content, || self.components(site, &query))
            }
            [
                "v2",
                "sites",
                site,
                "components",
                component,
                part @ ("dom" | "properties"),
            ] => self.rate_limited(Route::Content, || {
                self.component_part(site, component, part, &query)
            }),
            ["v2", "sites", site, "collections"] => {
                self.rate_limited(Route::Content, || self.collections(site))
            }
            ["v2", "collections", collection] => {
                self.rate_limited(Route::Content, || self.collection(collection))
            }
            ["v2", "collections", collection, "items"] => {
                self.rate_limited(Route::Content, || self.items(collection, &query))
            }
            _ => error(StatusCode::NOT_FOUND, "route_not_found", "Route not found"),
        }
    }

    /// The asset's JSON as served now: the edited copy, else the catalogue's.
    fn current(&self, id: &str) -> Option<Value> {
        let key = id.to_ascii_lowercase();
        let edited = self
            .edits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned();
        edited.or_else(|| self.by_id.get(&key).map(|&i| self.site[i].clone()))
    }

    fn asset(&self, id: &str, query: &HashMap<String, String>) -> Response<Full<Bytes>> {
        let tag = self.asset_locale(query);
        match self.current(id) {
            Some(raw) => {
                let edits = self.edits.lock().unwrap_or_else(|p| p.into_inner());
                let raw = self.localised(&raw, tag.as_deref(), &edits);
                json_response(StatusCode::OK, &self.rewrite(&raw))
            }
            None => not_found_asset(id),
        }
    }

    /// The tag of the secondary locale an asset request names (`None`: the
    /// primary, a locale the site does not have — asset routes served any
    /// `localeId` before the demo site had locales, and still do — or a site
    /// without content).
    fn asset_locale(&self, query: &HashMap<String, String>) -> Option<String> {
        let site = self.catalogue.site()?;
        let locale = locale_by_id(site, query).ok().flatten()?;
        (!locale.primary).then_some(locale.tag)
    }

    /// `PATCH /v2/assets/{id}`: sets `altText` and/or `displayName` (other
    /// fields are ignored, as Webflow does) and answers the changed asset.
    fn patch(&self, id: &str, body: &[u8]) -> Response<Full<Bytes>> {
        let invalid = |message: &str| error(StatusCode::BAD_REQUEST, "validation_error", message);
        let Some(mut raw) = self.current(id) else {
            return not_found_asset(id);
        };
        let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
            return invalid("Validation Error: the request body must be a JSON object");
        };
        let mut changed = false;
        for key in ["altText", "displayName"] {
            match fields.get(key) {
                None => {}
                Some(Value::String(value)) => {
                    changed |= raw[key].as_str() != Some(value.as_str());
                    raw[key] = Value::String(value.clone());
                }
                Some(_) => return invalid(&format!("Validation Error: {key} must be a string")),
            }
        }
        if changed {
            raw["lastUpdated"] = Value::String(
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            );
            self.edits
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(id.to_ascii_lowercase(), raw.clone());
        }
        json_response(StatusCode::OK, &self.rewrite(&raw))
    }

    fn list(&self, site: &str, query: &HashMap<String, String>) -> Response<Full<Bytes>> {
        if site != self.catalogue.site_id {
            return error(
                StatusCode::NOT_FOUND,
                "resource_not_found",
                "Requested resource not found: The site was not found",
            );
        }
        let (offset, limit) = match offset_limit(query) {
            Ok(paging) => paging,
            Err(refused) => return refused.response(),
        };
        let tag = self.asset_locale(query);
        let folder = query.get("folderId");
        let (page, total) = {
            let edits = self.edits.lock().unwrap_or_else(|p| p.into_inner());
            let matching: Vec<&Value> = self
                .site
                .iter()
                .map(|raw| {
                    let id = raw["id"].as_str().unwrap_or_default().to_ascii_lowercase();
                    edits.get(&id).unwrap_or(raw)
                })
                .filter(|raw| folder.is_none_or(|f| raw["folderId"].as_str() == Some(f.as_str())))
                .collect();
            let page: Vec<Value> = matching
                .iter()
                .skip(offset)
                .take(limit)
                .map(|raw| self.rewrite(&self.localised(raw, tag.as_deref(), &edits)))
                .collect();
            (page, matching.len())
        };
        json_response(
            StatusCode::OK,
            &json!({
                "assets": page,
                "pagination": {"limit": limit, "offset": offset, "total": total},
            }),
        )
    }

    /// `raw` with its alt text in the secondary locale `tag`, unless it was
    /// edited here (`edits`: the locked edits).
    fn localised(&self, raw: &Value, tag: Option<&str>, edits: &HashMap<String, Value>) -> Value {
        let (Some(tag), Some(site)) = (tag, self.catalogue.site()) else {
            return raw.clone();
        };
        let id = raw["id"].as_str().unwrap_or_default().to_ascii_lowercase();
        match site.asset_alt.get(tag).and_then(|m| m.get(&id)) {
            Some(alt) if !edits.contains_key(&id) => {
                let mut raw = raw.clone();
                raw["altText"] = json!(alt);
                raw
            }
            _ => raw.clone(),
        }
    }

    /// The demo site's content, when `site` is the demo site and has any.
    fn content(&self, site: &str) -> Result<&DemoSite, Refused> {
        if !site.eq_ignore_ascii_case(&self.catalogue.site_id) {
            return Err(Refused(
                StatusCode::NOT_FOUND,
                "resource_not_found",
                "Requested resource not found: The site was not found".into(),
            ));
        }
        self.catalogue.site().ok_or_else(|| {
            Refused(
                StatusCode::NOT_FOUND,
                "route_not_found",
                "Route not found".into(),
            )
        })
    }

    /// `GET /v2/sites/{id}`.
    fn site(&self, site: &str) -> Response<Full<Bytes>> {
        match self.content(site) {
            Ok(content) => json_response(StatusCode::OK, &content.site),
            Err(refused) => refused.response(),
        }
    }

    /// `GET /v2/sites/{id}/pages` (paged; `localeId` is checked, titles are
    /// not localised).
    fn pages(&self, site: &str, query: &HashMap<String, String>) -> Response<Full<Bytes>> {
        let content = match self.content(site) {
            Ok(content) => content,
            Err(refused) => return refused.response(),
        };
        if let Err(refused) = locale_by_id(content, query) {
            return refused.response();
        }
        let pages = content
            .pages
            .iter()
            .map(|p| Value::Object(p.page.clone()))
            .collect();
        paged("pages", pages, query, json!({}))
    }

    /// `GET /v2/pages/{id}/dom?localeId=` (paged nodes).
    fn page_dom(&self, page: &str, query: &HashMap<String, String>) -> Response<Full<Bytes>> {
        let Some(content) = self.catalogue.site() else {
            return error(StatusCode::NOT_FOUND, "route_not_found", "Route not found");
        };
        let Some(found) = content
            .pages
            .iter()
            .find(|p| p.page.get("id").and_then(Value::as_str) == Some(page))
        else {
            return not_found("page");
        };
        let nodes = match in_asked_locale(content, &found.dom, query) {
            Ok(nodes) => nodes,
            Err(refused) => return refused.response(),
        };
        paged(
            "nodes",
            nodes,
            query,
            json!({"pageId": page, "lastUpdated": null}),
        )
    }

    /// `GET /v2/sites/{id}/components` (paged; no locale).
    fn components(&self, site: &str, query: &HashMap<String, String>) -> Response<Full<Bytes>> {
        let content = match self.content(site) {
            Ok(content) => content,
            Err(refused) => return refused.response(),
        };
        let components = content
            .components
            .iter()
            .map(|c| Value::Object(c.component.clone()))
            .collect();
        paged("components", components, query, json!({}))
    }

    /// `GET /v2/sites/{id}/components/{id}/dom|properties?localeId=`.
    fn component_part(
        &self,
        site: &str,
        component: &str,
        part: &str,
        query: &HashMap<String, String>,
    ) -> Response<Full<Bytes>> {
        let content = match self.content(site) {
            Ok(content) => content,
            Err(refused) => return refused.response(),
        };
        let Some(found) = content
            .components
            .iter()
            .find(|c| c.component.get("id").and_then(Value::as_str) == Some(component))
        else {
            return not_found("component");
        };
        let (key, map) = if part == "dom" {
            ("nodes", &found.dom)
        } else {
            ("properties", &found.properties)
        };
        let list = match in_asked_locale(content, map, query) {
            Ok(list) => list,
            Err(refused) => return refused.response(),
        };
        paged(key, list, query, json!({"componentId": component}))
    }

    /// `GET /v2/sites/{id}/collections`: not paged, without fields.
    fn collections(&self, site: &str) -> Response<Full<Bytes>> {
        let content = match self.content(site) {
            Ok(content) => content,
            Err(refused) => return refused.response(),
        };
        let listed: Vec<Value> = content
            .collections
            .iter()
            .map(|c| {
                let mut c = c.collection.clone();
                c.remove("fields");
                Value::Object(c)
            })
            .collect();
        json_response(StatusCode::OK, &json!({ "collections": listed }))
    }

    /// `GET /v2/collections/{id}`: with its fields.
    fn collection(&self, collection: &str) -> Response<Full<Bytes>> {
        match self.find_collection(collection) {
            Some((_, found)) => {
                json_response(StatusCode::OK, &Value::Object(found.collection.clone()))
            }
            None => not_found("collection"),
        }
    }

    fn find_collection(&self, id: &str) -> Option<(&DemoSite, &super::demo::DemoCollection)> {
        let content = self.catalogue.site()?;
        let found = content
            .collections
            .iter()
            .find(|c| c.collection.get("id").and_then(Value::as_str) == Some(id))?;
        Some((content, found))
    }

    /// `PATCH /v2/collections/{id}/items` with `{items: [{id, cmsLocaleId?,
    /// fieldData}]}` (at most 100): the fields given replace the item's, in
    /// memory; answers the items changed.
    fn patch_items(&self, collection: &str, body: &[u8]) -> Response<Full<Bytes>> {
        let invalid = |message: &str| error(StatusCode::BAD_REQUEST, "validation_error", message);
        let Some((content, found)) = self.find_collection(collection) else {
            return not_found("collection");
        };
        let Ok(Value::Object(request)) = serde_json::from_slice::<Value>(body) else {
            return invalid("Validation Error: the request body must be a JSON object");
        };
        let Some(Value::Array(items)) = request.get("items") else {
            return invalid("Validation Error: items is required");
        };
        if items.is_empty() || items.len() > 100 {
            return invalid("Validation Error: items must hold 1 to 100 items");
        }
        let locales = content.locales();
        let primary = locales
            .iter()
            .find(|l| l.primary)
            .map(|l| l.cms_locale_id.to_ascii_lowercase())
            .unwrap_or_default();
        let mut changes = Vec::new();
        for item in items {
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                return invalid("Validation Error: every item needs an id");
            };
            if !found.items.iter().any(|i| i.id.eq_ignore_ascii_case(id)) {
                return not_found("item");
            }
            let locale = match item.get("cmsLocaleId").and_then(Value::as_str) {
                None => primary.clone(),
                Some(l)
                    if locales
                        .iter()
                        .any(|k| k.cms_locale_id.eq_ignore_ascii_case(l)) =>
                {
                    l.to_ascii_lowercase()
                }
                Some(_) => return invalid_locale("cmsLocaleId").response(),
            };
            let Some(Value::Object(fields)) = item.get("fieldData") else {
                return invalid("Validation Error: every item needs fieldData");
            };
            changes.push((id.to_ascii_lowercase(), locale, fields.clone()));
        }
        let mut edits = self.item_edits.lock().unwrap_or_else(|p| p.into_inner());
        let mut answered = Vec::new();
        for (id, locale, fields) in changes {
            let slot = edits
                .entry((collection.to_ascii_lowercase(), id.clone(), locale.clone()))
                .or_default();
            for (key, value) in fields {
                slot.insert(key, value);
            }
            answered.push(json!({"id": id, "cmsLocaleId": locale, "fieldData": slot.clone()}));
        }
        json_response(StatusCode::OK, &json!({ "items": answered }))
    }

    /// `GET /v2/collections/{id}/items?cmsLocaleId=a,b` (paged): each item
    /// once per CMS locale asked for (none: the primary).
    fn items(&self, collection: &str, query: &HashMap<String, String>) -> Response<Full<Bytes>> {
        let Some((content, found)) = self.find_collection(collection) else {
            return not_found("collection");
        };
        if query.contains_key("localeId") {
            return error(
                StatusCode::BAD_REQUEST,
                "validation_error",
                "Validation Error: items take cmsLocaleId, not localeId",
            );
        }
        let locales = content.locales();
        let asked: Vec<&DemoLocale> = match query.get("cmsLocaleId") {
            None => locales.iter().filter(|l| l.primary).collect(),
            Some(ids) => {
                let mut asked = Vec::new();
                for id in ids.split(',').map(str::trim) {
                    match locales
                        .iter()
                        .find(|l| l.cms_locale_id.eq_ignore_ascii_case(id))
                    {
                        Some(l) => asked.push(l),
                        None => return invalid_locale("cmsLocaleId").response(),
                    }
                }
                asked
            }
        };
        let primary = content.primary_tag();
        let mut items = Vec::new();
        for item in &found.items {
            for locale in &asked {
                let mut fields = in_locale(&item.field_data, &locale.tag, &primary)
                    .cloned()
                    .unwrap_or_else(|| json!({}));
                let key = (
                    collection.to_ascii_lowercase(),
                    item.id.to_ascii_lowercase(),
                    locale.cms_locale_id.to_ascii_lowercase(),
                );
                if let (Some(edited), Some(object)) = (
                    self.item_edits
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .get(&key),
                    fields.as_object_mut(),
                ) {
                    for (k, v) in edited {
                        object.insert(k.clone(), v.clone());
                    }
                }
                items.push(json!({
                    "id": item.id,
                    "cmsLocaleId": locale.cms_locale_id,
                    "lastPublished": null,
                    "lastUpdated": "2025-11-02T09:30:00.000Z",
                    "createdOn": "2024-05-01T10:00:00.000Z",
                    "isArchived": item.is_archived,
                    "isDraft": item.is_draft,
                    "fieldData": fields,
                }));
            }
        }
        paged("items", items, query, json!({}))
    }

    fn file(&self, name: &str) -> Response<Full<Bytes>> {
        match self.catalogue.file(name) {
            Some(bytes) => {
                let content_type = self
                    .file_types
                    .get(name)
                    .map(String::as_str)
                    .unwrap_or("application/octet-stream");
                let mut response = Response::new(Full::new(Bytes::from_static(bytes)));
                if let Ok(value) = HeaderValue::from_str(content_type) {
                    response.headers_mut().insert(CONTENT_TYPE, value);
                }
                response
            }
            None => {
                let mut response = Response::new(Full::new(Bytes::from_static(b"Not Found")));
                *response.status_mut() = StatusCode::NOT_FOUND;
                response
            }
        }
    }

    /// Points every `hostedUrl` at this server's `/files/`.
    fn rewrite(&self, raw: &Value) -> Value {
        let mut value = raw.clone();
        let point_here = |v: &mut Value| {
            if let Some(url) = v.get("hostedUrl").and_then(Value::as_str) {
                let local = format!("{}{}", self.files_base, file_segment(url));
                v["hostedUrl"] = Value::String(local);
            }
        };
        point_here(&mut value);
        if let Some(variants) = value.get_mut("variants").and_then(Value::as_array_mut) {
            variants.iter_mut().for_each(point_here);
        }
        value
    }

    /// Spends a token (or answers 429 when enforcing and none is left) and adds
    /// `X-RateLimit-Limit`/`-Remaining`, as Webflow does.
    fn rate_limited(
        &self,
        route: Route,
        answer: impl FnOnce() -> Response<Full<Bytes>>,
    ) -> Response<Full<Bytes>> {
        let per_second = f64::from(self.policy.per_minute) / 60.0;
        let (allowed, remaining, retry_after) = {
            let mut bucket = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let refilled = bucket.0 + now.duration_since(bucket.1).as_secs_f64() * per_second;
            bucket.0 = refilled.min(f64::from(self.policy.burst));
            bucket.1 = now;
            if bucket.0 >= 1.0 || !self.policy.enforce {
                bucket.0 = (bucket.0 - 1.0).max(0.0);
                (true, bucket.0.floor() as u32, 0)
            } else {
                let wait = ((1.0 - bucket.0) / per_second).ceil() as u64;
                (false, 0, wait.max(1))
            }
        };
        {
            let mut stats = self.stats.lock().unwrap_or_else(|p| p.into_inner());
            stats.api_requests += 1;
            stats.rejected_429 += u64::from(!allowed);
            *match route {
                Route::AssetGet => &mut stats.asset_gets,
                Route::ListingPage => &mut stats.listing_pages,
                Route::Patch => &mut stats.patches,
                Route::Content => &mut stats.content_reads,
            } += 1;
        }
        {
            let mut records = self.records.lock().unwrap_or_else(|p| p.into_inner());
            if records.len() < MAX_RECORDS {
                records.push(RequestRecord {
                    at: self.started.elapsed(),
                    route,
                    rejected: !allowed,
                });
            }
        }
        let mut response = if allowed {
            answer()
        } else {
            let mut r = error(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "Too many requests",
            );
            r.headers_mut().insert("retry-after", retry_after.into());
            r
        };
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", self.policy.per_minute.into());
        headers.insert("x-ratelimit-remaining", remaining.into());
        response
    }
}

/// The catalogue's assets, then copies of its images (round-robin) under
/// fresh IDs until there are `size` (see [`DemoServer::start_sized`]).
fn grown_site(catalogue: &Catalogue, size: usize) -> Vec<Value> {
    let mut site: Vec<Value> = catalogue.raw_all().cloned().collect();
    let images: Vec<&Value> = catalogue
        .assets()
        .zip(catalogue.raw_all())
        .filter(|(asset, _)| asset.is_image())
        .map(|(_, raw)| raw)
        .collect();
    let mut template = images.iter().cycle();
    while site.len() < size {
        let Some(raw) = template.next() else { break };
        let mut copy = (*raw).clone();
        copy["id"] = Value::String(format!("{:024x}", site.len() + 1));
        site.push(copy);
    }
    site
}

/// The largest PATCH body read.
const MAX_PATCH_BODY: usize = 64 * 1024;
/// The largest PATCH body of CMS items read (100 items with their images).
const MAX_ITEMS_PATCH_BODY: usize = 4 * 1024 * 1024;

/// The answer for an asset that is not in the catalogue, as Webflow gives it.
fn not_found_asset(id: &str) -> Response<Full<Bytes>> {
    if is_object_id(id) {
        error(
            StatusCode::NOT_FOUND,
            "resource_not_found",
            "Requested resource not found: The asset was not found",
        )
    } else {
        error(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "Validation Error: asset_id must be a valid ObjectId",
        )
    }
}

fn not_found(what: &str) -> Response<Full<Bytes>> {
    error(
        StatusCode::NOT_FOUND,
        "resource_not_found",
        &format!("Requested resource not found: The {what} was not found"),
    )
}

/// An error answer, made into a response where it is returned.
struct Refused(StatusCode, &'static str, String);

impl Refused {
    fn response(self) -> Response<Full<Bytes>> {
        error(self.0, self.1, &self.2)
    }
}

fn invalid_locale(key: &str) -> Refused {
    Refused(
        StatusCode::BAD_REQUEST,
        "validation_error",
        format!("Validation Error: {key} is not a locale of the site"),
    )
}

/// The locale whose `id` is the query's `localeId` (`None` without one); a
/// `localeId` that is not a locale's `id` (a `cmsLocaleId`, say) is refused.
fn locale_by_id(
    site: &DemoSite,
    query: &HashMap<String, String>,
) -> Result<Option<DemoLocale>, Refused> {
    if query.contains_key("cmsLocaleId") {
        return Err(Refused(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "Validation Error: this route takes localeId, not cmsLocaleId".into(),
        ));
    }
    let Some(id) = query.get("localeId") else {
        return Ok(None);
    };
    site.locales()
        .into_iter()
        .find(|l| l.id.eq_ignore_ascii_case(id.trim()))
        .map(Some)
        .ok_or_else(|| invalid_locale("localeId"))
}

/// The list `map` holds for the query's locale (`localeId`; the primary's
/// without one, or when the map has nothing for it), empty when neither has
/// one: what the DOM and component routes answer.
fn in_asked_locale(
    site: &DemoSite,
    map: &BTreeMap<String, Vec<Value>>,
    query: &HashMap<String, String>,
) -> Result<Vec<Value>, Refused> {
    let primary = site.primary_tag();
    let tag = locale_by_id(site, query)?.map_or_else(|| primary.clone(), |l| l.tag);
    Ok(in_locale(map, &tag, &primary).cloned().unwrap_or_default())
}

/// `offset` and `limit` (at most 100) of a listing.
fn offset_limit(query: &HashMap<String, String>) -> Result<(usize, usize), Refused> {
    let number = |key: &str, default: usize| {
        query
            .get(key)
            .map(|v| v.parse::<usize>().map_err(|_| key.to_string()))
            .unwrap_or(Ok(default))
    };
    match (number("offset", 0), number("limit", 100)) {
        (Ok(o), Ok(l)) if l <= 100 => Ok((o, l)),
        _ => Err(Refused(
            StatusCode::BAD_REQUEST,
            "validation_error",
            "Validation Error: offset and limit must be numbers, limit at most 100".into(),
        )),
    }
}

/// One page of `list` under `key`, with `pagination` and `extra`'s keys.
fn paged(
    key: &str,
    list: Vec<Value>,
    query: &HashMap<String, String>,
    extra: Value,
) -> Response<Full<Bytes>> {
    let (offset, limit) = match offset_limit(query) {
        Ok(paging) => paging,
        Err(refused) => return refused.response(),
    };
    let total = list.len();
    let page: Vec<Value> = list.into_iter().skip(offset).take(limit).collect();
    let mut body = extra;
    body[key] = Value::Array(page);
    body["pagination"] = json!({"limit": limit, "offset": offset, "total": total});
    json_response(StatusCode::OK, &body)
}

fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A request body of at most `max` bytes; a bigger one is answered 413.
async fn capped_body(body: Incoming, max: usize) -> Result<Bytes, Response<Full<Bytes>>> {
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(_) => Err(error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "bad_request",
            "The request body is too large",
        )),
    }
}

fn parse_query(query: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn json_response(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error(status: StatusCode, code: &str, message: &str) -> Response<Full<Bytes>> {
    json_response(
        status,
        &json!({"code": code, "message": message, "externalReference": null, "details": []}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_grown_site_lists_every_asset_and_counts_requests_by_route() {
        let catalogue = Arc::new(Catalogue::load().unwrap());
        let own = catalogue.assets().len();
        let server = DemoServer::start_sized(catalogue, RateLimitPolicy::default(), 250)
            .await
            .unwrap();
        let ids = server.asset_ids();
        assert_eq!(ids.len(), 250);
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), 250, "IDs are unique");
        let copy = server.current_asset(&ids[own]).unwrap();
        assert!(copy["contentType"].as_str().unwrap().starts_with("image/"));

        let http = reqwest::Client::new();
        let base = server.api_base();
        let site = server.site_id().to_string();
        let page: Value = http
            .get(format!("{base}/sites/{site}/assets?offset=200&limit=100"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["pagination"]["total"], 250);
        assert_eq!(page["assets"].as_array().unwrap().len(), 50);
        let last = &ids[249];
        let patched: Value = http
            .patch(format!("{base}/assets/{last}"))
            .body(r#"{"altText":"new"}"#)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(patched["altText"], "new");
        let got: Value = http
            .get(format!("{base}/assets/{last}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(got["altText"], "new");
        assert_eq!(server.current_asset(last).unwrap()["altText"], "new");

        let stats = server.stats();
        assert_eq!(
            (
                stats.api_requests,
                stats.listing_pages,
                stats.patches,
                stats.asset_gets
            ),
            (3, 1, 1, 1)
        );
        let routes: Vec<Route> = server.requests().iter().map(|r| r.route).collect();
        assert_eq!(routes, [Route::ListingPage, Route::Patch, Route::AssetGet]);
    }

    #[tokio::test]
    async fn a_patch_of_cms_items_is_served_back_in_its_locale_only() {
        let catalogue = Arc::new(Catalogue::load().unwrap());
        let server = DemoServer::start(catalogue).await.unwrap();
        let http = reqwest::Client::new();
        let base = server.api_base();
        let collection = "6740b1c2d3e4f5a6b7c8d901";
        let item = "6740d1c2d3e4f5a6b7c8d901";
        let french = "63938b302ea6b0aa6f3d875d";
        let image =
            json!({"fileId": "66583e0aa3a3eab163912052", "url": "/x.png", "alt": "Un ourson"});
        let body = json!({"items": [{"id": item, "cmsLocaleId": french, "fieldData": {"main-image": image}}]});
        let answer = http
            .patch(format!("{base}/collections/{collection}/items"))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let read = |locale: &'static str| {
            let http = http.clone();
            let url = format!("{base}/collections/{collection}/items?cmsLocaleId={locale}");
            async move {
                let listed: Value = http.get(url).send().await.unwrap().json().await.unwrap();
                listed["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|i| i["id"] == item)
                    .unwrap()["fieldData"]["main-image"]["alt"]
                    .clone()
            }
        };
        assert_eq!(read(french).await, "Un ourson");
        assert_eq!(read("63938b302ea6b0aa6f3d8751").await, "A red gummy bear");
        // An unknown item is refused, and nothing changes.
        let bad = json!({"items": [{"id": "6740d1c2d3e4f5a6b7c8dfff", "fieldData": {}}]});
        let answer = http
            .patch(format!("{base}/collections/{collection}/items"))
            .body(bad.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404);
    }
}
