//! A localised Webflow site for wiremock: its locales, pages with their DOM,
//! components with their DOM and properties, CMS collections with their
//! items, and the site's assets, each in every locale — served the way the
//! Data API serves them (paged by `offset`/`limit`, pages and components by
//! a locale's `id`, CMS items by its `cmsLocaleId`).
//!
//! Every route checks which locale parameter it is given: a page, DOM or
//! component call must carry `localeId` (a locale's `id`) and never
//! `cmsLocaleId`; an items call the reverse. A request that fits no route —
//! a mixed-up locale, a disabled locale, an unknown page — is answered 400
//! by a catch-all mock that expects none, so the test fails when the server
//! is dropped. Needs `common::webflow` declared next to it.

// Each test crate uses a different part of these helpers; the rest would be
// reported as dead code in that crate (and fail clippy's `-D warnings`).
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};
use wiremock::matchers::{any, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::webflow::{json_ok, webflow_error};

/// A locale of the site: pages and components take `id`, CMS items `cms`.
#[derive(Debug, Clone)]
pub struct Loc {
    pub id: &'static str,
    pub cms: &'static str,
    pub tag: &'static str,
    pub enabled: bool,
}

impl Loc {
    fn json(&self) -> Value {
        json!({
            "id": self.id,
            "cmsLocaleId": self.cms,
            "enabled": self.enabled,
            "displayName": self.tag,
            "subdirectory": self.tag.to_ascii_lowercase(),
            "tag": self.tag,
        })
    }
}

/// The primary locale of the test sites.
pub const EN: Loc = Loc {
    id: "653fd9af6a07fc9cfd7a5e50",
    cms: "653fd9af6a07fc9cfd7a5e51",
    tag: "en-US",
    enabled: true,
};
/// A secondary locale, enabled.
pub const FR: Loc = Loc {
    id: "653fd9af6a07fc9cfd7a5e56",
    cms: "653fd9af6a07fc9cfd7a5e5d",
    tag: "fr-FR",
    enabled: true,
};

/// A part of the site whose scope a token can lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Pages,
    Components,
    Cms,
}

/// A site served by [`MockSite::mount`]. The first locale is the primary.
#[derive(Debug, Clone)]
pub struct MockSite {
    pub id: String,
    pub name: String,
    pub locales: Vec<Loc>,
    pages: Vec<Value>,
    /// `(page id, locale id)` → nodes.
    doms: HashMap<(String, String), Vec<Value>>,
    components: Vec<Value>,
    /// `(component id, locale id)` → nodes / properties.
    component_doms: HashMap<(String, String), Vec<Value>>,
    component_properties: HashMap<(String, String), Vec<Value>>,
    /// Collections with their fields.
    collections: Vec<Value>,
    /// Collection id → items, each carrying its `cmsLocaleId`.
    items: HashMap<String, Vec<Value>>,
    /// Locale id → the asset listing in that locale.
    assets: HashMap<String, Vec<Value>>,
    denied: HashSet<Scope>,
}

impl MockSite {
    pub fn new(id: &str, name: &str, locales: Vec<Loc>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            locales,
            pages: Vec::new(),
            doms: HashMap::new(),
            components: Vec::new(),
            component_doms: HashMap::new(),
            component_properties: HashMap::new(),
            collections: Vec::new(),
            items: HashMap::new(),
            assets: HashMap::new(),
            denied: HashSet::new(),
        }
    }

    /// The enabled locales.
    fn enabled(&self) -> impl Iterator<Item = &Loc> {
        self.locales.iter().filter(|l| l.enabled)
    }

    /// A page (`{id, title, slug, draft?, collectionId?}`) and its DOM in
    /// each enabled locale.
    pub fn page(mut self, page: Value, dom: impl Fn(&Loc) -> Vec<Value>) -> Self {
        let id = page["id"].as_str().unwrap().to_string();
        for loc in self.locales.iter().filter(|l| l.enabled) {
            self.doms.insert((id.clone(), loc.id.into()), dom(loc));
        }
        self.pages.push(page);
        self
    }

    /// A component (`{id, name}`), its DOM and its properties per locale.
    pub fn component(
        mut self,
        component: Value,
        dom: impl Fn(&Loc) -> Vec<Value>,
        properties: impl Fn(&Loc) -> Vec<Value>,
    ) -> Self {
        let id = component["id"].as_str().unwrap().to_string();
        for loc in self.locales.iter().filter(|l| l.enabled) {
            self.component_doms
                .insert((id.clone(), loc.id.into()), dom(loc));
            self.component_properties
                .insert((id.clone(), loc.id.into()), properties(loc));
        }
        self.components.push(component);
        self
    }

    /// A collection (`{id, displayName, slug, fields}`) and its items: for
    /// each enabled locale, `items(loc)` gives `{id, isDraft?, fieldData}`
    /// objects, which are served with that locale's `cmsLocaleId`.
    pub fn collection(mut self, collection: Value, items: impl Fn(&Loc) -> Vec<Value>) -> Self {
        let id = collection["id"].as_str().unwrap().to_string();
        let mut all = Vec::new();
        for loc in self.locales.iter().filter(|l| l.enabled) {
            for mut item in items(loc) {
                item["cmsLocaleId"] = json!(loc.cms);
                for key in ["isDraft", "isArchived"] {
                    if item.get(key).is_none() {
                        item[key] = json!(false);
                    }
                }
                all.push(item);
            }
        }
        self.items.insert(id, all);
        self.collections.push(collection);
        self
    }

    /// The site's assets as listed in each enabled locale.
    pub fn assets(mut self, assets: impl Fn(&Loc) -> Vec<Value>) -> Self {
        for loc in self.locales.iter().filter(|l| l.enabled) {
            self.assets.insert(loc.id.into(), assets(loc));
        }
        self
    }

    /// The token lacks the scope of `scope`: its listings answer 403
    /// `missing_scopes`.
    pub fn deny(mut self, scope: Scope) -> Self {
        self.denied.insert(scope);
        self
    }

    pub fn locale(&self, tag: &str) -> &Loc {
        self.locales.iter().find(|l| l.tag == tag).unwrap()
    }

    /// Mounts every route on `server`, plus the catch-all that expects none.
    pub async fn mount(&self, server: &MockServer) {
        let no_locale = || {
            (
                query_param_is_missing("localeId"),
                query_param_is_missing("cmsLocaleId"),
            )
        };

        let mut locales = self.locales.iter();
        let primary = locales.next().map(Loc::json);
        let secondary: Vec<Value> = locales.map(Loc::json).collect();
        let (a, b) = no_locale();
        Mock::given(method("GET"))
            .and(path(format!("/v2/sites/{}", self.id)))
            .and(a)
            .and(b)
            .respond_with(json_ok(
                json!({
                    "id": self.id,
                    "displayName": self.name,
                    "shortName": "mock",
                    "locales": {"primary": primary, "secondary": secondary},
                })
                .to_string(),
            ))
            .named("the site")
            .mount(server)
            .await;

        let denied = |scope: Scope, name: &str| {
            self.denied.contains(&scope).then(|| {
                webflow_error(
                    403,
                    "missing_scopes",
                    &format!("OAuthForbidden: missing scopes: {name}"),
                )
            })
        };

        // Pages.
        let (a, b) = no_locale();
        Mock::given(method("GET"))
            .and(path(format!("/v2/sites/{}/pages", self.id)))
            .and(a)
            .and(b)
            .respond_with(or_denied(
                denied(Scope::Pages, "pages:read"),
                Paged::new("pages", self.pages.clone()),
            ))
            .named("pages")
            .mount(server)
            .await;
        for ((page, locale), nodes) in &self.doms {
            Mock::given(method("GET"))
                .and(path(format!("/v2/pages/{page}/dom")))
                .and(query_param("localeId", locale.as_str()))
                .and(query_param_is_missing("cmsLocaleId"))
                .respond_with(Paged::new("nodes", nodes.clone()).with("pageId", json!(page)))
                .named(format!("page {page} DOM in {locale}"))
                .mount(server)
                .await;
        }

        // Components: the listing takes no locale at all.
        let (a, b) = no_locale();
        Mock::given(method("GET"))
            .and(path(format!("/v2/sites/{}/components", self.id)))
            .and(a)
            .and(b)
            .respond_with(or_denied(
                denied(Scope::Components, "components:read"),
                Paged::new("components", self.components.clone()),
            ))
            .named("components")
            .mount(server)
            .await;
        for (kind, map) in [
            ("dom", &self.component_doms),
            ("properties", &self.component_properties),
        ] {
            for ((component, locale), list) in map {
                let key = if kind == "dom" { "nodes" } else { "properties" };
                Mock::given(method("GET"))
                    .and(path(format!(
                        "/v2/sites/{}/components/{component}/{kind}",
                        self.id
                    )))
                    .and(query_param("localeId", locale.as_str()))
                    .and(query_param_is_missing("cmsLocaleId"))
                    .respond_with(
                        Paged::new(key, list.clone()).with("componentId", json!(component)),
                    )
                    .named(format!("component {component} {kind} in {locale}"))
                    .mount(server)
                    .await;
            }
        }

        // The CMS: collections and their details take no locale; items take
        // `cmsLocaleId` (one or several, comma-separated), never `localeId`.
        let listed: Vec<Value> = self
            .collections
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.as_object_mut().unwrap().remove("fields");
                c
            })
            .collect();
        let (a, b) = no_locale();
        Mock::given(method("GET"))
            .and(path(format!("/v2/sites/{}/collections", self.id)))
            .and(a)
            .and(b)
            .respond_with(or_denied(
                denied(Scope::Cms, "cms:read"),
                json_ok(json!({ "collections": listed }).to_string()),
            ))
            .named("collections")
            .mount(server)
            .await;
        let cms_ids: HashSet<String> = self.enabled().map(|l| l.cms.to_string()).collect();
        for collection in &self.collections {
            let id = collection["id"].as_str().unwrap();
            let (a, b) = no_locale();
            Mock::given(method("GET"))
                .and(path(format!("/v2/collections/{id}")))
                .and(a)
                .and(b)
                .respond_with(json_ok(collection.to_string()))
                .named(format!("collection {id}"))
                .mount(server)
                .await;
            let known = cms_ids.clone();
            Mock::given(method("GET"))
                .and(path(format!("/v2/collections/{id}/items")))
                .and(query_param_is_missing("localeId"))
                .and(move |req: &Request| {
                    cms_locales(req).is_some_and(|ids| ids.iter().all(|i| known.contains(i)))
                })
                .respond_with(Paged::new("items", self.items[id].clone()).by_cms_locale())
                .named(format!("items of {id}"))
                .mount(server)
                .await;
        }

        // The asset listing, per locale.
        for (locale, assets) in &self.assets {
            Mock::given(method("GET"))
                .and(path(format!("/v2/sites/{}/assets", self.id)))
                .and(query_param("localeId", locale.as_str()))
                .and(query_param_is_missing("cmsLocaleId"))
                .respond_with(Paged::new("assets", assets.clone()))
                .named(format!("assets in {locale}"))
                .mount(server)
                .await;
        }

        Mock::given(any())
            .respond_with(webflow_error(
                400,
                "validation_error",
                "a request the mock site has no route for",
            ))
            .with_priority(u8::MAX)
            .expect(0)
            .named("a request that fits no route (a mixed-up or unknown locale, an unknown ID)")
            .mount(server)
            .await;
    }
}

/// `denied` when set, else `answer`.
fn or_denied(denied: Option<ResponseTemplate>, answer: impl Respond + 'static) -> impl Respond {
    move |req: &Request| match &denied {
        Some(e) => e.clone(),
        None => answer.respond(req),
    }
}

/// The `cmsLocaleId`s of a request, split at commas; `None` without one.
pub fn cms_locales(req: &Request) -> Option<Vec<String>> {
    let value = query(req).remove("cmsLocaleId")?;
    Some(value.split(',').map(|s| s.trim().to_string()).collect())
}

/// A request's query as a map (the last value of a repeated key wins).
pub fn query(req: &Request) -> HashMap<String, String> {
    req.url.query_pairs().into_owned().collect()
}

/// Answers a paged listing: the slice of `list` at the request's `offset`
/// and `limit` (default 100, at most 100), under `key`, with `pagination`.
struct Paged {
    key: &'static str,
    list: Vec<Value>,
    extra: Vec<(&'static str, Value)>,
    /// Items: only those in the requested `cmsLocaleId`s.
    by_cms: bool,
}

impl Paged {
    fn new(key: &'static str, list: Vec<Value>) -> Self {
        Self {
            key,
            list,
            extra: Vec::new(),
            by_cms: false,
        }
    }

    fn with(mut self, key: &'static str, value: Value) -> Self {
        self.extra.push((key, value));
        self
    }

    fn by_cms_locale(mut self) -> Self {
        self.by_cms = true;
        self
    }
}

impl Respond for Paged {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let q = query(req);
        let number = |key: &str, default: usize| {
            q.get(key)
                .map_or(Some(default), |v| v.parse::<usize>().ok())
        };
        let (Some(offset), Some(limit)) = (number("offset", 0), number("limit", 100)) else {
            return webflow_error(400, "validation_error", "offset and limit must be numbers");
        };
        if limit > 100 {
            return webflow_error(400, "validation_error", "limit must be at most 100");
        }
        let list: Vec<&Value> = match (self.by_cms, cms_locales(req)) {
            (true, Some(ids)) => self
                .list
                .iter()
                .filter(|item| {
                    ids.iter()
                        .any(|id| item["cmsLocaleId"].as_str() == Some(id.as_str()))
                })
                .collect(),
            _ => self.list.iter().collect(),
        };
        let page: Vec<&Value> = list.iter().skip(offset).take(limit).copied().collect();
        let mut body = json!({
            self.key: page,
            "pagination": {"limit": limit, "offset": offset, "total": list.len()},
        });
        for (key, value) in &self.extra {
            body[*key] = value.clone();
        }
        json_ok(body.to_string())
    }
}

/// The requests `server` received whose path matches `pattern`, where `*`
/// stands for any one segment (`/v2/pages/*/dom`).
pub async fn requests_to(server: &MockServer, pattern: &str) -> Vec<Request> {
    let re = path_pattern(pattern);
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| re(r.url.path()))
        .collect()
}

/// Whether a path fits `pattern` segment by segment (`*`: any segment).
fn path_pattern(pattern: &str) -> impl Fn(&str) -> bool {
    let parts: Vec<String> = pattern.split('/').map(str::to_string).collect();
    move |p: &str| {
        let segments: Vec<&str> = p.split('/').collect();
        segments.len() == parts.len()
            && segments
                .iter()
                .zip(&parts)
                .all(|(s, want)| want == "*" || s == want)
    }
}
