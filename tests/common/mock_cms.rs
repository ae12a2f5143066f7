//! A stateful mock of Webflow's CMS on loopback (wiremock): collections of
//! items in CMS locales that `GET /v2/collections/{id}/items?cmsLocaleId=`
//! lists (paged) and `PATCH /v2/collections/{id}/items` changes — every
//! request logged, so tests can say how many reads and writes a run cost and
//! what each write carried. Needs `common::webflow` declared next to it.

// Each test crate uses a different part of this mock.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value, json};
use wiremock::matchers::{any, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::webflow::{TOKEN, webflow_error};

/// The primary CMS locale.
pub const PRIMARY: &str = "653fd9af6a07fc9cfd7a5e51";
/// A secondary CMS locale.
pub const FRENCH: &str = "653fd9af6a07fc9cfd7a5e5d";

/// The site whose locales `GET /v2/sites/{SITE}` gives.
pub const SITE: &str = "653fd9af6a07fc9cfd7a5e00";
/// The French locale's site locale ID (its CMS locale ID is [`FRENCH`]).
pub const FRENCH_SITE_LOCALE: &str = "653fd9af6a07fc9cfd7a5e56";

/// A valid collection ID, distinct for each `i`.
pub fn collection_id(i: usize) -> String {
    format!("6740b1c2d3e4f5a6b7c{i:05x}")
}

/// A valid item ID, distinct for each `i`.
pub fn item_id(i: usize) -> String {
    format!("6740d1c2d3e4f5a6b7c{i:05x}")
}

/// A valid file (asset) ID, distinct for each `i`.
pub fn file_id(i: usize) -> String {
    format!("682c638307b59e106fe{i:05x}")
}

/// An image value `{fileId, url, alt}`.
pub fn image(file: &str, alt: Option<&str>) -> Value {
    let mut value = json!({"fileId": file, "url": format!("https://cdn.test/{file}_photo.jpg")});
    if let Some(alt) = alt {
        value["alt"] = json!(alt);
    }
    value
}

/// What a request was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    List,
    Patch,
    Other,
}

/// One request as the mock saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub kind: Kind,
    pub path: String,
    pub collection: Option<String>,
    /// The `cmsLocaleId` query parameter.
    pub locale: Option<String>,
    pub body: Value,
}

/// ((item, CMS locale), fieldData).
type Stored = ((String, String), Value);

#[derive(Debug, Default)]
struct State {
    /// collection → (item, CMS locale) → fieldData; in listing order.
    collections: BTreeMap<String, Vec<Stored>>,
    log: Vec<Seen>,
    /// From the Nth PATCH (1-based) on, a 403 `missing_scopes`.
    fail_from: Option<usize>,
    patches: usize,
}

/// The mock CMS. Cloning shares the state.
#[derive(Clone, Default)]
pub struct MockCms {
    state: Arc<Mutex<State>>,
}

impl MockCms {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds (or replaces) an item's fieldData in a locale.
    pub fn put(&self, collection: &str, item: &str, locale: &str, field_data: Value) {
        let mut state = self.lock();
        let items = state.collections.entry(collection.to_string()).or_default();
        let key = (item.to_string(), locale.to_string());
        match items.iter_mut().find(|(k, _)| *k == key) {
            Some((_, data)) => *data = field_data,
            None => items.push((key, field_data)),
        }
    }

    /// An item's field now.
    pub fn field(&self, collection: &str, item: &str, locale: &str, field: &str) -> Value {
        let state = self.lock();
        state.collections[collection]
            .iter()
            .find(|((i, l), _)| i == item && l == locale)
            .map(|(_, data)| data[field].clone())
            .unwrap_or(Value::Null)
    }

    /// Someone else sets an alt (no request logged).
    pub fn set_alt(
        &self,
        collection: &str,
        item: &str,
        locale: &str,
        field: &str,
        file: &str,
        alt: &str,
    ) {
        let mut state = self.lock();
        let items = state.collections.get_mut(collection).unwrap();
        let (_, data) = items
            .iter_mut()
            .find(|((i, l), _)| i == item && l == locale)
            .unwrap();
        let value = &mut data[field];
        let images: Vec<&mut Value> = match value {
            Value::Array(images) => images.iter_mut().collect(),
            other => vec![other],
        };
        for image in images {
            if image["fileId"] == json!(file) {
                image["alt"] = json!(alt);
            }
        }
    }

    pub fn fail_patches_from(&self, n: Option<usize>) {
        let mut state = self.lock();
        state.fail_from = n;
        state.patches = 0;
    }

    pub fn log(&self) -> Vec<Seen> {
        self.lock().log.clone()
    }

    pub fn clear_log(&self) {
        self.lock().log.clear();
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.lock().log.iter().filter(|s| s.kind == kind).count()
    }

    pub fn patches(&self) -> Vec<Seen> {
        self.log()
            .into_iter()
            .filter(|s| s.kind == Kind::Patch)
            .collect()
    }

    /// Serves it on a fresh loopback server.
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
            path: path.clone(),
            collection: None,
            locale: query("cmsLocaleId"),
            body: serde_json::from_slice(&request.body).unwrap_or(Value::Null),
        };
        let authorised = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            == Some(&format!("Bearer {TOKEN}"));
        if !authorised {
            return (
                seen,
                webflow_error(401, "not_authorized", "Request not authorized"),
            );
        }
        let mut state = self.lock();
        let answer = match (method.as_str(), segments.as_slice()) {
            ("GET", ["v2", "collections", collection, "items"]) => {
                seen.kind = Kind::List;
                seen.collection = Some((*collection).to_string());
                match state.collections.get(*collection) {
                    None => not_found(),
                    Some(items) => {
                        let locales: Vec<String> = query("cmsLocaleId")
                            .map(|l| l.split(',').map(str::to_string).collect())
                            .unwrap_or_else(|| vec![PRIMARY.to_string()]);
                        let offset: usize =
                            query("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
                        let limit: usize = query("limit")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(100)
                            .min(100);
                        let all: Vec<Value> = items
                            .iter()
                            .filter(|((_, l), _)| locales.contains(l))
                            .map(|((id, l), data)| {
                                json!({"id": id, "cmsLocaleId": l, "isDraft": false,
                                       "isArchived": false, "fieldData": data})
                            })
                            .collect();
                        let page: Vec<Value> =
                            all.iter().skip(offset).take(limit).cloned().collect();
                        ResponseTemplate::new(200).set_body_json(json!({
                            "items": page,
                            "pagination": {"limit": limit, "offset": offset, "total": all.len()},
                        }))
                    }
                }
            }
            ("PATCH", ["v2", "collections", collection, "items"]) => {
                seen.kind = Kind::Patch;
                seen.collection = Some((*collection).to_string());
                state.patches += 1;
                let n = state.patches;
                if state.fail_from.is_some_and(|from| n >= from) {
                    webflow_error(
                        403,
                        "missing_scopes",
                        "OAuthForbidden: missing required scopes: cms:write",
                    )
                } else if let Some(items) = state.collections.get_mut(*collection) {
                    let mut answered = Vec::new();
                    for change in seen.body["items"].as_array().cloned().unwrap_or_default() {
                        let id = change["id"].as_str().unwrap_or_default().to_string();
                        let locale = change["cmsLocaleId"]
                            .as_str()
                            .unwrap_or(PRIMARY)
                            .to_string();
                        if let Some((_, data)) = items
                            .iter_mut()
                            .find(|((i, l), _)| *i == id && *l == locale)
                        {
                            for (k, v) in change["fieldData"].as_object().unwrap() {
                                data[k] = v.clone();
                            }
                            answered
                                .push(json!({"id": id, "cmsLocaleId": locale, "fieldData": data}));
                        }
                    }
                    ResponseTemplate::new(200).set_body_json(json!({"items": answered}))
                } else {
                    not_found()
                }
            }
            ("GET", ["v2", "sites", site]) if *site == SITE => ResponseTemplate::new(200)
                .set_body_json(json!({
                    "id": SITE,
                    "displayName": "CMS test",
                    "shortName": "cms-test",
                    "locales": {
                        "primary": {"id": "653fd9af6a07fc9cfd7a5e50", "cmsLocaleId": PRIMARY,
                                    "enabled": true, "tag": "en-US", "displayName": "English"},
                        "secondary": [{"id": FRENCH_SITE_LOCALE, "cmsLocaleId": FRENCH,
                                       "enabled": true, "tag": "fr-FR", "displayName": "French"}]
                    }
                })),
            _ => not_found(),
        };
        (seen, answer)
    }
}

impl Respond for MockCms {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let (seen, answer) = self.answer(request);
        self.lock().log.push(seen);
        answer
    }
}

fn not_found() -> ResponseTemplate {
    webflow_error(404, "resource_not_found", "Requested resource not found")
}
