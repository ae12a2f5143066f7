//! A stateful mock Webflow site on loopback (wiremock): assets held by ID that
//! `GET /v2/assets/{id}` answers, `PATCH /v2/assets/{id}` changes and
//! `GET /v2/sites/{site}/assets?offset&limit` lists — every request counted
//! by kind and logged, so tests can say how many reads and writes a run cost
//! and what each write carried. Needs `common::webflow` declared next to it.
//!
//! The test changes the state between runs as "someone else" would
//! ([`MockSite::set_alt_text`]) and can make writes fail from the Nth on, or
//! answer slowly ([`PatchMode`]).

// Each test crate uses a different part of this mock; the rest would be
// reported as dead code in that crate (and fail clippy's `-D warnings`).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::webflow::{TOKEN, webflow_error};

/// The site every asset of the mock belongs to.
pub const SITE_ID: &str = "63938b302ea6b0aa6f3d8745";

/// The largest page the listing serves (Webflow's maximum).
pub const MAX_PAGE: usize = 100;

/// A valid asset ID, distinct for each `i`.
pub fn asset_id(i: usize) -> String {
    format!("64a1b2c3d4e5f6a7b8c{i:05x}")
}

/// An image asset of [`SITE_ID`] in Webflow's shape (as a listing gives it).
pub fn asset(id: &str, alt_text: Option<&str>) -> Value {
    json!({
        "id": id,
        "contentType": "image/jpeg",
        "size": 12345,
        "siteId": SITE_ID,
        "hostedUrl": format!("https://cdn.test/{SITE_ID}/{id}_photo.jpg"),
        "originalFileName": format!("photo-{id}.jpg"),
        "displayName": format!("{id}_photo.jpg"),
        "lastUpdated": "2025-01-01T00:00:00.000Z",
        "createdOn": "2025-01-01T00:00:00.000Z",
        "variants": [],
        "altText": alt_text,
        "folderId": null,
    })
}

/// What a request was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `GET /v2/assets/{id}`
    Get,
    /// `PATCH /v2/assets/{id}`
    Patch,
    /// `GET /v2/sites/{site}/assets`
    List,
    /// Anything else (answered 404), or a request without the right token
    /// (answered 401).
    Other,
}

/// One request as the mock saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub kind: Kind,
    pub method: String,
    pub path: String,
    /// The asset of a GET or PATCH.
    pub id: Option<String>,
    /// The `localeId` query parameter.
    pub locale: Option<String>,
    /// A PATCH's body, as JSON (`Null` when it was not JSON).
    pub body: Value,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
}

/// How PATCHes are answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchMode {
    /// The asset is changed and answered.
    Normal,
    /// From the Nth PATCH (1-based, counted from when this mode was set) on,
    /// Webflow's 403 `missing_scopes`, and nothing changes.
    FailFrom(usize),
    /// The asset is changed as the request arrives, but the answer takes
    /// this long: a run stopped meanwhile does not know the change was made.
    Slow(Duration),
}

#[derive(Debug)]
struct State {
    /// Asset IDs in listing order.
    order: Vec<String>,
    assets: HashMap<String, Value>,
    log: Vec<Seen>,
    mode: PatchMode,
    /// PATCHes since the mode was set.
    patches_in_mode: usize,
}

/// The mock site. Cloning shares the state.
#[derive(Clone)]
pub struct MockSite {
    state: Arc<Mutex<State>>,
}

impl MockSite {
    /// A site holding `assets` (from [`asset`]), in that listing order.
    pub fn new(assets: impl IntoIterator<Item = Value>) -> Self {
        let mut order = Vec::new();
        let mut map = HashMap::new();
        for a in assets {
            let id = a["id"].as_str().expect("an asset has an id").to_string();
            order.push(id.clone());
            map.insert(id, a);
        }
        Self {
            state: Arc::new(Mutex::new(State {
                order,
                assets: map,
                log: Vec::new(),
                mode: PatchMode::Normal,
                patches_in_mode: 0,
            })),
        }
    }

    /// `n` assets (`asset_id(0..n)`), each with the alt text `alt(i)`.
    pub fn with(n: usize, alt: impl Fn(usize) -> Option<String>) -> Self {
        Self::new((0..n).map(|i| asset(&asset_id(i), alt(i).as_deref())))
    }

    /// Serves this site on a fresh loopback server.
    pub async fn serve(&self) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(self.clone())
            .mount(&server)
            .await;
        server
    }

    /// Answers the requests whose path fits `pattern` (a regex) on
    /// `server`, beside another mock answering the rest.
    pub async fn mount_paths(&self, server: &MockServer, pattern: &str) {
        Mock::given(path_regex(pattern))
            .respond_with(self.clone())
            .mount(server)
            .await;
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Someone else edits the asset (no request is logged).
    pub fn set_alt_text(&self, id: &str, alt_text: Option<&str>) {
        let mut state = self.lock();
        let asset = state.assets.get_mut(id).expect("a known asset");
        asset["altText"] = json!(alt_text);
    }

    /// The asset's alt text now (`None`: null).
    pub fn alt_text(&self, id: &str) -> Option<String> {
        let state = self.lock();
        state.assets[id]["altText"].as_str().map(str::to_string)
    }

    pub fn set_patch_mode(&self, mode: PatchMode) {
        let mut state = self.lock();
        state.mode = mode;
        state.patches_in_mode = 0;
    }

    /// Every request so far, oldest first.
    pub fn log(&self) -> Vec<Seen> {
        self.lock().log.clone()
    }

    /// Forgets the requests seen so far (the state stays).
    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    /// How many requests of `kind` were seen.
    pub fn count(&self, kind: Kind) -> usize {
        self.lock().log.iter().filter(|s| s.kind == kind).count()
    }

    /// The PATCHes seen, oldest first.
    pub fn patches(&self) -> Vec<Seen> {
        self.log()
            .into_iter()
            .filter(|s| s.kind == Kind::Patch)
            .collect()
    }

    /// How many PATCHes reached `id`.
    pub fn patches_to(&self, id: &str) -> usize {
        self.patches()
            .iter()
            .filter(|s| s.id.as_deref() == Some(id))
            .count()
    }

    fn answer(&self, request: &Request) -> (Seen, ResponseTemplate) {
        let url = &request.url;
        let path = url.path().to_string();
        let query = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let method = request.method.to_string();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let mut seen = Seen {
            kind: Kind::Other,
            method: method.clone(),
            path: path.clone(),
            id: None,
            locale: query("localeId"),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
            content_type: request
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        };
        let authorised = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            == Some(&format!("Bearer {TOKEN}"));
        if !authorised {
            let answer = webflow_error(401, "not_authorized", "Request not authorized");
            return (seen, answer);
        }
        let mut state = self.lock();
        let answer = match (method.as_str(), segments.as_slice()) {
            ("GET", ["v2", "assets", id]) => {
                seen.kind = Kind::Get;
                seen.id = Some((*id).to_string());
                match state.assets.get(*id) {
                    Some(asset) => ResponseTemplate::new(200).set_body_json(asset),
                    None => not_found(),
                }
            }
            ("PATCH", ["v2", "assets", id]) => {
                seen.kind = Kind::Patch;
                seen.id = Some((*id).to_string());
                state.patches_in_mode += 1;
                let n = state.patches_in_mode;
                let mode = state.mode;
                match (mode, state.assets.get_mut(*id)) {
                    (PatchMode::FailFrom(from), _) if n >= from => webflow_error(
                        403,
                        "missing_scopes",
                        "OAuthForbidden: missing required scopes: assets:write",
                    ),
                    (_, None) => not_found(),
                    (_, Some(asset)) => {
                        for key in ["altText", "displayName"] {
                            if let Some(value) = seen.body.get(key).and_then(Value::as_str) {
                                asset[key] = json!(value);
                            }
                        }
                        asset["lastUpdated"] = json!("2026-11-28T12:00:00.000Z");
                        let answer = ResponseTemplate::new(200).set_body_json(&*asset);
                        match mode {
                            PatchMode::Slow(delay) => answer.set_delay(delay),
                            _ => answer,
                        }
                    }
                }
            }
            ("GET", ["v2", "sites", site, "assets"]) => {
                seen.kind = Kind::List;
                if *site != SITE_ID {
                    not_found()
                } else {
                    let offset: usize = query("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let limit: usize = query("limit")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(MAX_PAGE)
                        .min(MAX_PAGE);
                    let assets: Vec<Value> = state
                        .order
                        .iter()
                        .skip(offset)
                        .take(limit)
                        .map(|id| state.assets[id].clone())
                        .collect();
                    ResponseTemplate::new(200).set_body_json(json!({
                        "assets": assets,
                        "pagination": {
                            "limit": limit,
                            "offset": offset,
                            "total": state.order.len(),
                        },
                    }))
                }
            }
            _ => not_found(),
        };
        (seen, answer)
    }
}

impl Respond for MockSite {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (seen, answer) = self.answer(request);
        self.lock().log.push(seen);
        answer
    }
}

/// Webflow's 404.
fn not_found() -> ResponseTemplate {
    webflow_error(404, "resource_not_found", "Requested resource not found")
}
