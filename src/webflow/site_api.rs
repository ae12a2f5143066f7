//! The client's reads of pages, components and the CMS, and its CMS write:
//! the same pacing, retries and error mapping as assets
//! ([`Client::get`]), with every paged listing read to its end.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::client::{Client, Method};
use super::site::{Collection, Component, Item, Listed, Node, Page, PropertyValue, Site};
use super::{ApiError, LocaleId, PAGE_LIMIT, SiteId};

/// A listing longer than this many pages is cut (and reported): a server
/// that over-reports `total` cannot keep wfa paging forever.
const MAX_PAGES: u32 = 10_000;

impl Client {
    /// `GET /sites/{site_id}`: names and locales.
    pub async fn get_site(&self, site: &SiteId) -> Result<Site, ApiError> {
        let url = self.url(&["sites", site.as_str()], &[]);
        let what = format!("site {site}");
        Ok(self.get(url, &what, "a site", |_| None).await?.value)
    }

    /// Every page of a site (`GET /sites/{site_id}/pages`).
    pub async fn list_pages(&self, site: &SiteId) -> Result<Vec<Page>, ApiError> {
        self.all(&["sites", site.as_str(), "pages"], &[], "pages")
            .await
    }

    /// A page's DOM in a locale (`GET /pages/{page_id}/dom?localeId=`).
    pub async fn page_dom(
        &self,
        page: &str,
        locale: Option<&LocaleId>,
    ) -> Result<Vec<Node>, ApiError> {
        self.all(
            &["pages", page, "dom"],
            &locale_query(locale),
            "a page's DOM",
        )
        .await
    }

    /// Every component of a site (no locale: names are not localised).
    pub async fn list_components(&self, site: &SiteId) -> Result<Vec<Component>, ApiError> {
        self.all(&["sites", site.as_str(), "components"], &[], "components")
            .await
    }

    /// A component's DOM in a locale.
    pub async fn component_dom(
        &self,
        site: &SiteId,
        component: &str,
        locale: Option<&LocaleId>,
    ) -> Result<Vec<Node>, ApiError> {
        self.all(
            &["sites", site.as_str(), "components", component, "dom"],
            &locale_query(locale),
            "a component's DOM",
        )
        .await
    }

    /// A component's properties (their default values) in a locale.
    pub async fn component_properties(
        &self,
        site: &SiteId,
        component: &str,
        locale: Option<&LocaleId>,
    ) -> Result<Vec<PropertyValue>, ApiError> {
        self.all(
            &[
                "sites",
                site.as_str(),
                "components",
                component,
                "properties",
            ],
            &locale_query(locale),
            "a component's properties",
        )
        .await
    }

    /// A site's collections (not paged; without fields).
    pub async fn list_collections(&self, site: &SiteId) -> Result<Vec<Collection>, ApiError> {
        let url = self.url(&["sites", site.as_str(), "collections"], &[]);
        let what = format!("the collections of site {site}");
        let listed: Listed<Collection> = self.get(url, &what, "collections", |_| None).await?.value;
        Ok(listed.list)
    }

    /// A collection with its fields (`GET /collections/{collection_id}`).
    pub async fn collection(&self, collection: &str) -> Result<Collection, ApiError> {
        let url = self.url(&["collections", collection], &[]);
        let what = format!("collection {collection}");
        Ok(self.get(url, &what, "a collection", |_| None).await?.value)
    }

    /// Every item of a collection in the given CMS locales (their
    /// `cmsLocaleId`s, sent comma-separated: one listing for all of them;
    /// each item comes once per locale). No locale: the primary.
    pub async fn list_items(
        &self,
        collection: &str,
        cms_locales: &[&str],
    ) -> Result<Vec<Item>, ApiError> {
        let query = if cms_locales.is_empty() {
            Vec::new()
        } else {
            vec![("cmsLocaleId", cms_locales.join(","))]
        };
        self.all(&["collections", collection, "items"], &query, "items")
            .await
    }

    /// `PATCH /collections/{collection_id}/items` with `{items: [...]}` (at
    /// most 100): idempotent field values, so retried like a GET.
    pub async fn update_items(&self, collection: &str, items: &[Value]) -> Result<Value, ApiError> {
        let url = self.url(&["collections", collection, "items"], &[]);
        let body = serde_json::to_vec(&serde_json::json!({ "items": items }))
            .expect("JSON values always serialise");
        let what = format!("items of collection {collection}");
        let answer = self
            .send(Method::Patch(body), url, &what, "items", |_: &Value| None)
            .await;
        Ok(answer?.value)
    }

    /// Every page of a paged listing, 100 at a time, until `total`.
    async fn all<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, String)],
        expected: &'static str,
    ) -> Result<Vec<T>, ApiError> {
        let mut all = Vec::new();
        let mut offset: u32 = 0;
        for _ in 0..MAX_PAGES {
            let mut query = query.to_vec();
            query.push(("offset", offset.to_string()));
            query.push(("limit", PAGE_LIMIT.to_string()));
            let url = self.url(segments, &query);
            let what = segments.join("/");
            let page: Listed<T> = self.get(url, &what, expected, |_| None).await?.value;
            let count = page.list.len() as u32;
            all.extend(page.list);
            offset = offset.saturating_add(count);
            let total = page.pagination.map_or(0, |p| p.total);
            if count == 0 || offset >= total {
                return Ok(all);
            }
        }
        tracing::warn!(host = %self.host(), path = %segments.join("/"), "a listing did not end; cut");
        Ok(all)
    }
}

fn locale_query(locale: Option<&LocaleId>) -> Vec<(&'static str, String)> {
    locale
        .map(|l| vec![("localeId", l.to_string())])
        .unwrap_or_default()
}
