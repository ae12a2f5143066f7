//! `PATCH /assets/{id}` (issue "Fix alt text", items 1 and 8): the request the
//! client sends, how its answers map to errors, retries, the cache that keeps
//! the answer, `--offline` refusing to write, and the demo server's in-memory
//! edits.

mod common {
    pub mod webflow;
}

use std::sync::Arc;
use std::time::Duration;

use common::webflow::{
    SEED_ID as ASSET_ID, TOKEN, assert_no_token, internal_error, json_ok, seed,
    seed_id as asset_id, too_many_requests_retry_after, webflow_error,
};
use serde_json::{Value, json};
use webflow_assets::source::Source;
use webflow_assets::source::lookup::{CacheMode, Lookup};
use webflow_assets::store::cache::{Cache, DEFAULT_MAX_BYTES};
use webflow_assets::webflow::{
    ApiError, AssetId, AssetPatch, Client, ClientConfig, FailureClass, LocaleId, SiteId, Token,
};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCALE_ID: &str = "65427cf400e02b306eaa04a0";
const NEW_ALT: &str = "A crumpled candy wrapper on a white table";

/// Three quick tries: retries happen, but fast.
fn client(server: &MockServer) -> Client {
    Client::new(ClientConfig {
        backoff_base: Duration::from_millis(10),
        max_retry_wait: Duration::from_secs(5),
        attempts: 3,
        ..ClientConfig::new(format!("{}/v2", server.uri()), Token::new(TOKEN))
    })
    .unwrap()
}

fn alt_only(alt: &str) -> AssetPatch {
    AssetPatch {
        alt_text: Some(alt.to_string()),
        display_name: None,
    }
}

/// The seed asset with `alt` as its alt text, as Webflow answers a PATCH.
fn patched(alt: &str) -> ResponseTemplate {
    let mut asset = seed();
    asset["altText"] = json!(alt);
    json_ok(asset.to_string())
}

fn asset_path() -> String {
    format!("/v2/assets/{ASSET_ID}")
}

// ---------------------------------------------------------------- the request

#[tokio::test]
async fn patch_sends_only_the_alt_text_with_locale_json_and_bearer() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .and(query_param("localeId", LOCALE_ID))
        .and(header("content-type", "application/json"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_json(json!({ "altText": NEW_ALT })))
        .respond_with(patched(NEW_ALT))
        .expect(1)
        .mount(&server)
        .await;
    let locale = LocaleId::parse(LOCALE_ID).unwrap();
    let fetched = client(&server)
        .update_asset(&asset_id(), Some(&locale), &alt_only(NEW_ALT))
        .await
        .unwrap();
    assert_eq!(fetched.value.alt_text.as_deref(), Some(NEW_ALT));
    assert_eq!(fetched.raw["altText"], json!(NEW_ALT));

    // Exactly this body: no `displayName`, no nulls.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        format!(r#"{{"altText":"{NEW_ALT}"}}"#)
    );
}

#[tokio::test]
async fn patch_without_locale_sends_no_locale_and_both_fields_when_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .and(query_param_is_missing("localeId"))
        .and(body_json(
            json!({ "altText": "", "displayName": "wrapper.png" }),
        ))
        .respond_with(patched(""))
        .expect(1)
        .mount(&server)
        .await;
    let patch = AssetPatch {
        alt_text: Some(String::new()),
        display_name: Some("wrapper.png".into()),
    };
    let fetched = client(&server)
        .update_asset(&asset_id(), None, &patch)
        .await
        .unwrap();
    assert_eq!(fetched.value.alt_text.as_deref(), Some(""));
}

#[test]
fn an_empty_patch_is_an_empty_object() {
    assert_eq!(serde_json::to_string(&AssetPatch::default()).unwrap(), "{}");
}

// ---------------------------------------------------------------- errors

async fn patch_error(template: ResponseTemplate, expected_requests: u64) -> ApiError {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .respond_with(template)
        .expect(expected_requests)
        .mount(&server)
        .await;
    let e = client(&server)
        .update_asset(&asset_id(), None, &alt_only(NEW_ALT))
        .await
        .expect_err("the request must fail");
    assert_no_token(&e);
    e
}

#[tokio::test]
async fn missing_write_scope_says_what_token_to_create() {
    let e = patch_error(
        webflow_error(
            403,
            "missing_scopes",
            "OAuthForbidden: You are missing the following scopes - assets:write",
        ),
        1,
    )
    .await;
    assert!(matches!(e, ApiError::MissingWriteScope { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "this token can read assets but not change them: create one with the assets:write scope"
    );
    assert_eq!(e.code(), "missing_scopes");
    assert_eq!(e.class(), FailureClass::Auth);
    assert_eq!(e.class().exit_code(), 3);
    assert_eq!(e.http_status(), Some(403));
}

#[tokio::test]
async fn another_403_stays_forbidden() {
    let e = patch_error(webflow_error(403, "forbidden", "Forbidden"), 1).await;
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    assert_eq!(e.class().exit_code(), 3);
}

#[tokio::test]
async fn unknown_asset_is_not_found_and_not_retried() {
    let e = patch_error(
        webflow_error(404, "resource_not_found", "Requested resource not found"),
        1,
    )
    .await;
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    assert!(e.to_string().contains(ASSET_ID), "{e}");
    assert_eq!(e.class().exit_code(), 1);
}

#[tokio::test]
async fn validation_error_is_not_retried() {
    let e = patch_error(
        webflow_error(400, "validation_error", "Validation Error"),
        1,
    )
    .await;
    assert!(matches!(e, ApiError::BadRequest { .. }), "{e:?}");
}

#[tokio::test]
async fn an_answer_about_another_asset_is_refused() {
    let mut other = seed();
    other["id"] = json!("65c9e1770f5e44065d2abbfa");
    // Tried once more as a malformed answer, then refused.
    let e = patch_error(json_ok(other.to_string()), 2).await;
    assert!(matches!(e, ApiError::WrongAsset { .. }), "{e:?}");
}

// ---------------------------------------------------------------- retries

/// `first` once, then the changed asset; returns how many PATCHes arrived.
async fn patch_after(first: ResponseTemplate) -> usize {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .respond_with(patched(NEW_ALT))
        .with_priority(2)
        .mount(&server)
        .await;
    let fetched = client(&server)
        .update_asset(&asset_id(), None, &alt_only(NEW_ALT))
        .await
        .unwrap();
    assert_eq!(fetched.value.alt_text.as_deref(), Some(NEW_ALT));
    server.received_requests().await.unwrap().len()
}

#[tokio::test]
async fn rate_limited_write_is_retried_once_then_succeeds() {
    assert_eq!(patch_after(too_many_requests_retry_after("0")).await, 2);
}

#[tokio::test]
async fn server_error_is_retried() {
    assert_eq!(patch_after(internal_error(502)).await, 2);
}

#[tokio::test]
async fn request_timeout_is_retried() {
    assert_eq!(patch_after(ResponseTemplate::new(408)).await, 2);
}

// ---------------------------------------------------------------- the cache

#[tokio::test]
async fn the_answer_replaces_the_cached_copy() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(asset_path()))
        .respond_with(json_ok(seed().to_string()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .respond_with(patched(NEW_ALT))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(Cache::new(dir.path().join("cache"), DEFAULT_MAX_BYTES));
    let online = Lookup::new(client(&server), Some(cache.clone()), CacheMode::Normal);

    // The old alt text is cached first...
    let before = online.fetch(&asset_id(), None).await.unwrap();
    assert_eq!(
        before.value.alt_text.as_deref(),
        Some("A single candy wrapper")
    );
    // ...then the change replaces it.
    let updated = online
        .update(&asset_id(), None, &alt_only(NEW_ALT))
        .await
        .unwrap();
    assert_eq!(updated.value.alt_text.as_deref(), Some(NEW_ALT));

    let offline = Lookup::new(client(&server), Some(cache), CacheMode::Offline);
    let cached = offline.fetch(&asset_id(), None).await.unwrap();
    assert_eq!(cached.value.alt_text.as_deref(), Some(NEW_ALT));
    assert_eq!(cached.raw["altText"], json!(NEW_ALT));
}

#[tokio::test]
async fn offline_refuses_to_write_and_sends_nothing() {
    let server = MockServer::start().await;
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(Cache::new(dir.path().join("cache"), DEFAULT_MAX_BYTES));
    let offline = Lookup::new(client(&server), Some(cache), CacheMode::Offline);
    let e = offline
        .update(&asset_id(), None, &alt_only(NEW_ALT))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::OfflineWrite { .. }), "{e:?}");
    assert!(e.to_string().starts_with("--offline sends nothing"), "{e}");
    assert!(e.to_string().contains(ASSET_ID), "{e}");
    assert_eq!(e.class().exit_code(), 2);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn no_cache_sends_the_write_and_keeps_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(asset_path()))
        .respond_with(patched(NEW_ALT))
        .expect(1)
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let cache = Arc::new(Cache::new(dir.path().join("cache"), DEFAULT_MAX_BYTES));
    let bypass = Lookup::new(client(&server), Some(cache.clone()), CacheMode::Bypass);
    bypass
        .update(&asset_id(), None, &alt_only(NEW_ALT))
        .await
        .unwrap();
    let offline = Lookup::new(client(&server), Some(cache), CacheMode::Offline);
    let e = offline.fetch(&asset_id(), None).await.unwrap_err();
    assert!(matches!(e, ApiError::NotCached { .. }), "{e:?}");
}

// ---------------------------------------------------------------- demo mode

#[tokio::test]
async fn demo_server_keeps_edits_for_gets_and_listings() {
    let source = Source::demo().await.unwrap();
    let catalogue = source.catalogue().unwrap().clone();
    let id = AssetId::parse("65c9e1770f5e44065d2abbfa").unwrap();
    let site = SiteId::parse(&catalogue.site_id).unwrap();

    let before = source.client.get_asset(&id, None).await.unwrap();
    let updated = source
        .lookup
        .update(&id, None, &alt_only(NEW_ALT))
        .await
        .unwrap();
    assert_eq!(updated.value.alt_text.as_deref(), Some(NEW_ALT));
    assert_eq!(updated.value.display_name, before.value.display_name);
    // Served files still point at the demo server.
    assert_eq!(updated.value.hosted_url, before.value.hosted_url);

    let after = source.client.get_asset(&id, None).await.unwrap();
    assert_eq!(after.value.alt_text.as_deref(), Some(NEW_ALT));
    assert_ne!(after.value.last_updated, before.value.last_updated);

    // A display name alone leaves the alt text as it was.
    let renamed = source
        .client
        .update_asset(
            &id,
            None,
            &AssetPatch {
                alt_text: None,
                display_name: Some("swirl.jpg".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.value.display_name, "swirl.jpg");
    assert_eq!(renamed.value.alt_text.as_deref(), Some(NEW_ALT));

    let mut listed = Vec::new();
    source
        .client
        .list_site(&site, None, None, |page| listed.extend(page.assets))
        .await
        .unwrap();
    assert_eq!(listed.len(), catalogue.assets().len());
    let (asset, raw) = listed.iter().find(|(a, _)| a.id == id.as_str()).unwrap();
    assert_eq!(asset.alt_text.as_deref(), Some(NEW_ALT));
    assert_eq!(asset.display_name, "swirl.jpg");
    assert_eq!(raw["altText"], json!(NEW_ALT));
    // Listings still carry the folder.
    assert!(asset.folder_id.is_some());
    // The other assets are untouched.
    let seed_listed = listed.iter().find(|(a, _)| a.id == ASSET_ID).unwrap();
    assert_eq!(
        seed_listed.0.alt_text.as_deref(),
        Some("A single candy wrapper")
    );
}

#[tokio::test]
async fn demo_server_answers_bad_patches_like_webflow() {
    let source = Source::demo().await.unwrap();
    let unknown = AssetId::parse("0123456789abcdef01234567").unwrap();
    let e = source
        .client
        .update_asset(&unknown, None, &alt_only(NEW_ALT))
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");

    let base = source.client.host().to_string();
    let http = reqwest::Client::new();
    let send = |body: &'static str| {
        http.patch(format!("http://{base}/v2/assets/{ASSET_ID}"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for body in ["[1]", "not json", r#"{"altText": 5}"#] {
        let response = send(body).await.unwrap();
        assert_eq!(response.status(), 400, "{body}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["code"], json!("validation_error"), "{body}");
    }
    // Unknown fields are ignored.
    let response = send(r#"{"altText": "Kept", "size": 1}"#).await.unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["altText"], json!("Kept"));
    assert_ne!(answer["size"], json!(1));
}
