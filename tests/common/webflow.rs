//! A mock Webflow for wiremock: the token tests use, the seed asset, Webflow's
//! error bodies and the mounts that serve them, and the token check every
//! client error must pass.

// Each test crate uses a different part of these fixtures; the rest would be
// reported as dead code in that crate (and fail clippy's `-D warnings`).
#![allow(dead_code)]

use serde_json::{Value, json};
use webflow_assets::webflow::{ApiError, AssetId};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// The token every test sends; it must never be printed.
pub const TOKEN: &str = "test-token-SECRET";
/// The ID of the asset in `fixtures/get-asset.seed.json`.
pub const SEED_ID: &str = "63e5889e7fe4eafa7384cea4";
/// A real `GET /v2/assets/{id}` answer, from Webflow's documentation.
pub const SEED_JSON: &str = include_str!("../fixtures/get-asset.seed.json");

/// [`SEED_ID`] parsed.
pub fn seed_id() -> AssetId {
    AssetId::parse(SEED_ID).unwrap()
}

/// The seed asset as a JSON value.
pub fn seed() -> Value {
    serde_json::from_str(SEED_JSON).unwrap()
}

/// The seed asset under another `id` (and a display name that carries it).
pub fn asset_json(id: &str) -> Value {
    let mut v = seed();
    v["id"] = json!(id);
    v["displayName"] = json!(format!("{id}_Candy-Wrapper.png"));
    v
}

/// A 200 whose body is `body`, as JSON.
pub fn json_ok(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// A 200 with the seed asset.
pub fn ok() -> ResponseTemplate {
    json_ok(SEED_JSON)
}

/// An error answer in Webflow's shape.
pub fn webflow_error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "code": code,
        "message": message,
        "externalReference": null,
        "details": []
    }))
}

/// Webflow's 429.
pub fn too_many_requests() -> ResponseTemplate {
    webflow_error(429, "too_many_requests", "Too many requests")
}

/// Webflow's 429 with a `Retry-After` header.
pub fn too_many_requests_retry_after(retry_after: &str) -> ResponseTemplate {
    too_many_requests().insert_header("Retry-After", retry_after)
}

/// Webflow's 5xx.
pub fn internal_error(status: u16) -> ResponseTemplate {
    webflow_error(status, "internal_error", "Internal Server Error")
}

/// Answers every GET with `responder` (a `ResponseTemplate` or any `Respond`).
pub async fn mount_any(server: &MockServer, responder: impl Respond + 'static) {
    Mock::given(method("GET"))
        .respond_with(responder)
        .mount(server)
        .await;
}

/// Answers `GET /v2/assets/{id}` with `template`.
pub async fn mount_asset(server: &MockServer, id: &str, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{id}")))
        .respond_with(template)
        .mount(server)
        .await;
}

/// How many requests `server` has seen.
pub async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// Every error a person can see leaves the token out: Display, Debug and code.
pub fn assert_no_token(e: &ApiError) {
    for shown in [e.to_string(), format!("{e:?}"), e.code()] {
        assert!(
            !shown.contains(TOKEN) && !shown.contains("SECRET"),
            "token in an error: {shown}"
        );
    }
}
