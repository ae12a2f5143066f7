//! The HTTP client against a mock Webflow (wiremock): request shape, the mapping
//! of every HTTP outcome to an `ApiError`, and token hygiene in every message.

mod common {
    pub mod webflow;
}

use std::time::Duration;

use common::webflow::{
    SEED_ID as ASSET_ID, TOKEN, assert_no_token, asset_json, json_ok, mount_any, ok, seed,
    seed_id as asset_id, too_many_requests_retry_after, webflow_error,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use webflow_assets::webflow::{
    ApiError, AssetPage, Client, ClientConfig, FailureClass, FolderId, LocaleId, SiteId, Token,
};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCALE_ID: &str = "65427cf400e02b306eaa04a0";

/// One try per request: these tests are about how a single answer is mapped;
/// retries have tests of their own in `client_retries.rs`.
fn config_for(base: String) -> ClientConfig {
    let mut config = ClientConfig::new(base, Token::new(TOKEN));
    config.attempts = 1;
    config
}

/// [`config_for`] the mock server's `/v2`.
fn config_at(server: &MockServer) -> ClientConfig {
    config_for(format!("{}/v2", server.uri()))
}

fn client(server: &MockServer) -> Client {
    Client::new(config_at(server)).unwrap()
}

/// The error a client with `config` gets for the seed asset.
async fn get_err(config: ClientConfig) -> ApiError {
    Client::new(config)
        .unwrap()
        .get_asset(&asset_id(), None)
        .await
        .unwrap_err()
}

/// `e`'s message shows every one of `shown`, and `e` has this code and exit code.
fn assert_shows(e: &ApiError, shown: &[&str], code: &str, exit_code: u8) {
    let msg = e.to_string();
    for part in shown {
        assert!(msg.contains(part), "{part:?} is missing from: {msg}");
    }
    assert_eq!(e.code(), code, "{msg}");
    assert_eq!(e.class().exit_code(), exit_code, "{msg}");
}

/// Mounts `template` for the asset path and returns the client's error.
async fn error_for(template: ResponseTemplate) -> ApiError {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .respond_with(template)
        .expect(1)
        .mount(&server)
        .await;
    let e = client(&server)
        .get_asset(&asset_id(), None)
        .await
        .expect_err("the request must fail");
    assert_no_token(&e);
    e
}

// ---------------------------------------------------------------- success

#[tokio::test]
async fn get_asset_sends_bearer_token_and_returns_the_asset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param_is_missing("localeId"))
        .and(query_param_is_missing("locale"))
        .respond_with(
            ok().insert_header("X-RateLimit-Limit", "120")
                .insert_header("X-RateLimit-Remaining", "117"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let fetched = client(&server).get_asset(&asset_id(), None).await.unwrap();
    assert_eq!(fetched.value.id, ASSET_ID);
    assert_eq!(fetched.value.size, 2_212_772);
    assert_eq!(
        fetched.value.alt_text.as_deref(),
        Some("A single candy wrapper")
    );
    assert_eq!(fetched.value.variants[0].height, Some(900));
    let body = seed();
    assert_eq!(fetched.raw, body);
    assert_eq!(fetched.rate.limit, Some(120));
    assert_eq!(fetched.rate.remaining, Some(117));

    // The Authorization header is exactly one value, exactly this one.
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let auth: Vec<_> = requests[0]
        .headers
        .get_all("authorization")
        .iter()
        .collect();
    assert_eq!(auth.len(), 1);
    assert_eq!(auth[0].to_str().unwrap(), "Bearer test-token-SECRET");
    let accept = requests[0].headers.get("accept").unwrap().to_str().unwrap();
    assert!(accept.contains("application/json"), "Accept: {accept}");
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn rate_headers_absent_or_garbled_are_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok().insert_header("X-RateLimit-Limit", "lots"))
        .mount(&server)
        .await;
    let fetched = client(&server).get_asset(&asset_id(), None).await.unwrap();
    assert_eq!(fetched.rate.limit, None);
    assert_eq!(fetched.rate.remaining, None);
}

#[tokio::test]
async fn locale_is_sent_as_locale_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .and(query_param("localeId", LOCALE_ID))
        .and(query_param_is_missing("locale"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let locale = LocaleId::parse(LOCALE_ID).unwrap();
    let fetched = client(&server)
        .get_asset(&asset_id(), Some(&locale))
        .await
        .unwrap();
    assert_eq!(fetched.value.id, ASSET_ID);
}

#[tokio::test]
async fn no_locale_means_no_locale_id() {
    let server = MockServer::start().await;
    // Only a request without localeId gets an answer; anything else is a 404.
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .and(query_param_is_missing("localeId"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    client(&server).get_asset(&asset_id(), None).await.unwrap();
}

#[tokio::test]
async fn beta_base_and_trailing_slash_work() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/beta/assets/{ASSET_ID}")))
        .respond_with(ok())
        .expect(2)
        .mount(&server)
        .await;
    for base in [
        format!("{}/beta", server.uri()),
        format!("{}/beta/", server.uri()),
    ] {
        let c = Client::new(config_for(base.clone())).unwrap();
        let fetched = c.get_asset(&asset_id(), None).await;
        assert!(fetched.is_ok(), "{base}: {fetched:?}");
    }
    let requests = server.received_requests().await.unwrap();
    for r in &requests {
        assert_eq!(r.url.path(), format!("/beta/assets/{ASSET_ID}"));
    }
}

#[tokio::test]
async fn list_assets_pages_with_offset_limit_folder_and_locale() {
    let server = MockServer::start().await;
    let site = "63938b302ea6b0aa6f3d8745";
    let folder = "6390c49774a71f99f21a08eb";
    let mut asset = seed();
    asset["folderId"] = json!(folder);
    Mock::given(method("GET"))
        .and(path(format!("/v2/sites/{site}/assets")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(query_param("offset", "100"))
        .and(query_param("limit", "100"))
        .and(query_param("folderId", folder))
        .and(query_param("localeId", LOCALE_ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "assets": [asset],
            "pagination": {"limit": 100, "offset": 100, "total": 101}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .list_assets(
            &SiteId::parse(site).unwrap(),
            100,
            100,
            Some(&FolderId::parse(folder).unwrap()),
            Some(&LocaleId::parse(LOCALE_ID).unwrap()),
        )
        .await
        .unwrap();
    let AssetPage { assets, pagination } = page.value;
    assert_eq!(assets.len(), 1);
    assert_eq!(assets[0].folder_id, Some(Some(folder.to_string())));
    assert_eq!(pagination.total, 101);
}

#[tokio::test]
async fn without_a_token_no_authorization_is_sent() {
    let server = MockServer::start().await;
    mount_any(&server, ok()).await;
    let c = Client::new(ClientConfig::new(format!("{}/v2", server.uri()), None)).unwrap();
    c.get_asset(&asset_id(), None).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none());
}

#[test]
fn config_and_client_debug_hide_the_token() {
    let config = config_for("https://api.webflow.com/v2".into());
    assert!(!format!("{config:?}").contains(TOKEN));
    let c = Client::new(config).unwrap();
    assert!(!format!("{c:?}").contains(TOKEN));
    assert_eq!(c.host(), "api.webflow.com");
}

#[test]
fn unusable_bases_are_usage_errors() {
    for base in [
        "http://example.com/v2",
        "ftp://api.webflow.com/v2",
        "api.webflow.com/v2",
        "https://api.webflow.com/v2?x=1",
        "https://user:pw@api.webflow.com/v2",
    ] {
        let e = Client::new(config_for(base.into())).expect_err(base);
        assert!(matches!(e, ApiError::InvalidBase { .. }), "{base}: {e:?}");
        assert_eq!(e.class(), FailureClass::Usage);
        assert_eq!(e.class().exit_code(), 2);
        assert_no_token(&e);
    }
    let e = Client::new(config_for("http://example.com/v2".into())).unwrap_err();
    assert!(e.to_string().contains("unencrypted"), "{e}");
    for ok in [
        "http://127.0.0.1:9/v2",
        "http://localhost:9/v2",
        "http://[::1]:9/v2",
    ] {
        assert!(Client::new(config_for(ok.into())).is_ok(), "{ok}");
    }
}

// ---------------------------------------------------------------- HTTP errors

#[tokio::test]
async fn status_400_is_bad_request() {
    let e = error_for(webflow_error(
        400,
        "validation_error",
        "Validation Error: Invalid localeId",
    ))
    .await;
    assert!(matches!(e, ApiError::BadRequest { .. }), "{e:?}");
    assert_eq!(e.http_status(), Some(400));
    assert_shows(
        &e,
        &[
            "HTTP 400",
            "\"Validation Error: Invalid localeId\" (validation_error)",
            "--locale",
        ],
        "validation_error",
        1,
    );
}

#[tokio::test]
async fn status_401_is_unauthorized_with_advice() {
    let e = error_for(webflow_error(
        401,
        "not_authorized",
        "Request not authorized",
    ))
    .await;
    assert!(matches!(e, ApiError::Unauthorized { .. }), "{e:?}");
    assert_shows(
        &e,
        &[
            "WEBFLOW_API_TOKEN",
            "assets:read",
            "\"Request not authorized\" (not_authorized)",
        ],
        "not_authorized",
        3,
    );
    assert_eq!(e.class(), FailureClass::Auth);
}

#[tokio::test]
async fn status_403_is_forbidden() {
    let e = error_for(webflow_error(
        403,
        "missing_scopes",
        "OAuthForbidden: You are missing the following scopes - assets:read",
    ))
    .await;
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    assert_shows(
        &e,
        &["HTTP 403", "(missing_scopes)", "assets:read"],
        "missing_scopes",
        3,
    );
}

#[tokio::test]
async fn status_404_is_not_found() {
    let e = error_for(webflow_error(
        404,
        "resource_not_found",
        "Requested resource not found: The asset was not found",
    ))
    .await;
    let ApiError::NotFound { what, .. } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(what, &format!("Asset {ASSET_ID}"));
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("Asset {ASSET_ID} was not found (HTTP 404")),
        "{msg}"
    );
    assert_shows(
        &e,
        &["The asset was not found", "Check the ID"],
        "resource_not_found",
        1,
    );
}

#[tokio::test]
async fn status_404_with_empty_body() {
    let e = error_for(ResponseTemplate::new(404)).await;
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(msg.contains("(HTTP 404)."), "{msg}");
    assert!(!msg.contains("Webflow:"), "{msg}");
    assert_eq!(e.code(), "resource_not_found");
    assert_eq!(e.class().exit_code(), 1);
}

#[tokio::test]
async fn status_429_with_retry_after_seconds() {
    let e = error_for(too_many_requests_retry_after("30")).await;
    let ApiError::RateLimited { retry_after, .. } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(30)));
    assert_eq!(e.retry_after(), Some(Duration::from_secs(30)));
    let msg = e.to_string();
    assert!(msg.contains("retry after 30 s"), "{msg}");
    assert!(msg.contains("HTTP 429"), "{msg}");
    assert_eq!(e.class(), FailureClass::RateLimited);
    assert_eq!(e.class().exit_code(), 4);
}

#[tokio::test]
async fn status_429_with_http_date_retry_after() {
    let when = chrono::Utc::now() + chrono::Duration::seconds(120);
    let date = when.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let e = error_for(
        webflow_error(429, "too_many_requests", "Slow down")
            .insert_header("Retry-After", date.as_str()),
    )
    .await;
    let wait = e
        .retry_after()
        .expect("an HTTP-date Retry-After is understood");
    assert!(
        (Duration::from_secs(100)..=Duration::from_secs(120)).contains(&wait),
        "{date} → {wait:?}"
    );
    assert_eq!(e.class().exit_code(), 4);

    // A date in the past means "now", not a panic or a huge wait.
    let e = error_for(
        ResponseTemplate::new(429).insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
    )
    .await;
    assert_eq!(e.retry_after(), Some(Duration::ZERO));

    // Nonsense: no wait known, and the message says so.
    let e = error_for(ResponseTemplate::new(429).insert_header("Retry-After", "soon")).await;
    assert!(
        matches!(
            e,
            ApiError::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("did not say when"), "{e}");
}

#[tokio::test]
async fn status_5xx_are_server_errors() {
    for status in [500, 503] {
        let e = error_for(webflow_error(
            status,
            "internal_error",
            "Internal Server Error",
        ))
        .await;
        assert!(
            matches!(e, ApiError::Server { status: s, .. } if s == status),
            "{status}: {e:?}"
        );
        let msg = e.to_string();
        assert!(msg.contains(&format!("HTTP {status}")), "{msg}");
        assert!(
            msg.contains("\"Internal Server Error\" (internal_error)"),
            "{msg}"
        );
        assert_eq!(e.class(), FailureClass::Transport);
        assert_eq!(e.class().exit_code(), 5);
    }
}

#[tokio::test]
async fn status_502_with_html_has_no_webflow_quote() {
    let e = error_for(ResponseTemplate::new(502).set_body_raw(
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
    ))
    .await;
    assert!(matches!(e, ApiError::Server { status: 502, .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.starts_with("Webflow had a server error (HTTP 502)."),
        "{msg}"
    );
    assert!(!msg.contains("Webflow: "), "{msg}");
    assert!(!msg.contains("<html"), "{msg}");
    assert_eq!(e.code(), "internal_error");
    assert_eq!(e.class().exit_code(), 5);
}

#[tokio::test]
async fn other_statuses_are_unexpected() {
    let e = error_for(ResponseTemplate::new(418)).await;
    assert!(
        matches!(e, ApiError::UnexpectedStatus { status: 418, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("HTTP 418"), "{e}");
    assert_eq!(e.class().exit_code(), 1);
}

#[tokio::test]
async fn error_body_with_control_characters_is_cleaned() {
    let e = error_for(webflow_error(
        404,
        "resource_not_found",
        "gone\u{1b}]0;pwned\u{7}\u{1b}[2J for good",
    ))
    .await;
    let msg = e.to_string();
    assert!(!msg.contains('\u{1b}'), "{msg:?}");
    assert!(!msg.contains("pwned"), "{msg:?}");
    assert!(msg.contains("gone for good"), "{msg:?}");
}

// ---------------------------------------------------------------- bad bodies

#[tokio::test]
async fn html_200_is_not_json() {
    let e = error_for(
        ResponseTemplate::new(200).set_body_raw("<!doctype html><title>Login</title>", "text/html"),
    )
    .await;
    let ApiError::NotJson {
        status,
        content_type,
        ..
    } = &e
    else {
        panic!("{e:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(content_type.as_deref(), Some("text/html"));
    assert_shows(
        &e,
        &["not JSON", "text/html", "--api-base"],
        "invalid_json",
        5,
    );
}

#[tokio::test]
async fn empty_200_is_not_json() {
    let e = error_for(ResponseTemplate::new(200)).await;
    assert!(matches!(e, ApiError::NotJson { len: 0, .. }), "{e:?}");
    assert!(e.to_string().contains("empty"), "{e}");
}

#[tokio::test]
async fn wrong_json_is_wrong_shape() {
    let e = error_for(ResponseTemplate::new(200).set_body_json(json!({"foo": 1}))).await;
    assert!(matches!(e, ApiError::WrongShape { .. }), "{e:?}");
    assert_shows(
        &e,
        &["missing field", "`id`", "not an asset"],
        "unexpected_json",
        5,
    );

    let e = error_for(ResponseTemplate::new(200).set_body_json(json!([1, 2]))).await;
    assert!(matches!(e, ApiError::WrongShape { .. }), "{e:?}");
}

/// `GET /assets/X` answered with asset Y is an error, not Y shown as X.
#[tokio::test]
async fn an_answer_about_another_asset_is_refused() {
    const OTHER: &str = "65c9e1770f5e44065d2abbfa";
    let e = error_for(json_ok(asset_json(OTHER).to_string())).await;
    let ApiError::WrongAsset { asked, got, .. } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(asked, ASSET_ID);
    assert_eq!(got, OTHER);
    assert_shows(
        &e,
        &[ASSET_ID, OTHER, "another asset", "Try again"],
        "wrong_asset",
        5,
    );
    assert_eq!(e.http_status(), None);

    // The same ID in upper case is the same asset.
    let server = MockServer::start().await;
    mount_any(
        &server,
        json_ok(asset_json(&ASSET_ID.to_uppercase()).to_string()),
    )
    .await;
    let fetched = client(&server).get_asset(&asset_id(), None).await.unwrap();
    assert_eq!(fetched.value.id, ASSET_ID.to_uppercase());
}

#[tokio::test]
async fn body_over_the_cap_is_too_large() {
    let server = MockServer::start().await;
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(2048));
    mount_any(&server, json_ok(big)).await;
    let mut config = config_at(&server);
    config.max_body = 1024;
    let e = get_err(config).await;
    assert_no_token(&e);
    assert!(matches!(e, ApiError::TooLarge { limit: 1024, .. }), "{e:?}");
    assert!(e.to_string().contains("1.0 KiB"), "{e}");
    assert_eq!(e.code(), "response_too_large");
    assert_eq!(e.class().exit_code(), 1);
}

#[tokio::test]
async fn body_exactly_at_the_cap_is_read() {
    const CAP: usize = 4096;
    let server = MockServer::start().await;
    let mut body = seed();
    body["pad"] = json!("");
    let len = body.to_string().len();
    body["pad"] = json!("x".repeat(CAP - len));
    let body = body.to_string();
    assert_eq!(body.len(), CAP);
    mount_any(&server, json_ok(body)).await;
    let mut config = config_at(&server);
    config.max_body = CAP as u64;
    let c = Client::new(config.clone()).unwrap();
    let fetched = c.get_asset(&asset_id(), None).await;
    assert!(fetched.is_ok(), "{fetched:?}");
    // One byte less of allowance and it is refused.
    config.max_body = CAP as u64 - 1;
    let e = get_err(config).await;
    assert!(matches!(e, ApiError::TooLarge { .. }), "{e:?}");
}

/// A one-shot raw HTTP server, for answers wiremock cannot give (no
/// Content-Length, a body that stops mid-way). Returns its base URL.
async fn raw_server(head: &'static str, chunks: Vec<Vec<u8>>, then_wait: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.unwrap();
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
        }
        let _ = stream.write_all(head.as_bytes()).await;
        for chunk in chunks {
            let _ = stream.write_all(&chunk).await;
            let _ = stream.flush().await;
        }
        tokio::time::sleep(then_wait).await;
    });
    format!("http://{addr}/v2")
}

#[tokio::test]
async fn chunked_body_over_the_cap_is_too_large() {
    // Transfer-Encoding: chunked, so no Content-Length to refuse up front.
    let chunk = |n: usize| {
        let mut c = format!("{n:x}\r\n").into_bytes();
        c.extend(std::iter::repeat_n(b' ', n));
        c.extend_from_slice(b"\r\n");
        c
    };
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        vec![chunk(700), chunk(700), chunk(700), b"0\r\n\r\n".to_vec()],
        Duration::ZERO,
    )
    .await;
    let mut config = config_for(base);
    config.max_body = 1024;
    let e = get_err(config).await;
    assert_no_token(&e);
    assert!(matches!(e, ApiError::TooLarge { limit: 1024, .. }), "{e:?}");
}

#[tokio::test]
async fn close_delimited_body_over_the_cap_is_too_large() {
    // No Content-Length and no chunking: the body ends when the server hangs up.
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        vec![vec![b' '; 600], vec![b' '; 600], vec![b' '; 600]],
        Duration::ZERO,
    )
    .await;
    let mut config = config_for(base);
    config.max_body = 1024;
    let e = get_err(config).await;
    assert!(matches!(e, ApiError::TooLarge { .. }), "{e:?}");
}

#[tokio::test]
async fn deeply_nested_json_is_an_error_not_a_crash() {
    let nested = "[".repeat(10_000);
    let e = error_for(json_ok(nested.clone())).await;
    assert!(matches!(e, ApiError::NotJson { .. }), "{e:?}");
    // Said as what it is: deep, not "not JSON".
    assert!(
        matches!(e, ApiError::NotJson { too_deep: true, .. }),
        "{e:?}"
    );
    assert_shows(
        &e,
        &["too deeply nested", "HTTP 200"],
        "json_too_deeply_nested",
        5,
    );
    assert!(!e.to_string().contains("not JSON"), "{e}");

    let closed = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = error_for(json_ok(closed)).await;
    assert!(
        matches!(e, ApiError::NotJson { .. } | ApiError::WrongShape { .. }),
        "{e:?}"
    );

    let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let e = error_for(ResponseTemplate::new(404).set_body_raw(objects, "application/json")).await;
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    assert!(!e.to_string().contains("Webflow:"), "{e}");
}

// ---------------------------------------------------------------- transport

#[tokio::test]
async fn slow_answer_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok().set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let mut config = config_at(&server);
    config.timeout = Duration::from_millis(300);
    let started = std::time::Instant::now();
    let e = get_err(config).await;
    assert!(
        started.elapsed() < Duration::from_millis(1900),
        "{:?}",
        started.elapsed()
    );
    assert_no_token(&e);
    assert!(matches!(e, ApiError::Timeout { .. }), "{e:?}");
    assert!(e.to_string().contains("no complete answer"), "{e}");
    assert_eq!(e.code(), "timeout");
    assert_eq!(e.class(), FailureClass::Transport);
    assert_eq!(e.class().exit_code(), 5);
}

#[tokio::test]
async fn body_that_stalls_times_out() {
    // Headers arrive at once, then the body never completes.
    let base = raw_server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
        vec![b"{\"id\":".to_vec()],
        Duration::from_secs(3),
    )
    .await;
    let mut config = config_for(base);
    config.timeout = Duration::from_millis(300);
    let e = get_err(config).await;
    assert_no_token(&e);
    assert!(matches!(e, ApiError::Timeout { .. }), "{e:?}");
    assert_eq!(e.class().exit_code(), 5);
}

#[tokio::test]
async fn refused_connection_is_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let c = Client::new(config_for(format!("http://127.0.0.1:{port}/v2"))).unwrap();
    let e = c.get_asset(&asset_id(), None).await.unwrap_err();
    assert_no_token(&e);
    assert!(matches!(e, ApiError::Connect { .. }), "{e:?}");
    assert_shows(
        &e,
        &[&format!("127.0.0.1:{port}"), "could not connect"],
        "connection_failed",
        5,
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .expect(0)
        .mount(&elsewhere)
        .await;
    for status in [301, 302, 307, 308] {
        let target = format!("{}/v2/assets/{ASSET_ID}", elsewhere.uri());
        let e = error_for(ResponseTemplate::new(status).insert_header("Location", target.as_str()))
            .await;
        let ApiError::Redirected { status: s, host } = &e else {
            panic!("{status}: {e:?}");
        };
        assert_eq!(*s, status);
        assert!(host.starts_with("127.0.0.1:"), "{host}");
        let msg = e.to_string();
        assert!(msg.contains("does not follow redirects"), "{msg}");
        assert!(!msg.contains(&elsewhere.uri()), "{msg}");
        assert_eq!(e.code(), "redirected");
        assert_eq!(e.class().exit_code(), 1);
    }
    let stray = elsewhere.received_requests().await.unwrap();
    assert!(
        stray.is_empty(),
        "the redirect target was contacted: {stray:?}"
    );
}

#[tokio::test]
async fn malformed_token_fails_without_leaking_or_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .expect(0)
        .mount(&server)
        .await;
    // A token pasted with a line break or a control character inside cannot be
    // sent as a header; it must fail cleanly and never be echoed.
    for secret in ["test-token\nSECRET", "test-token\u{7f}SECRET"] {
        let c = Client::new(ClientConfig::new(
            format!("{}/v2", server.uri()),
            Token::new(secret),
        ))
        .unwrap();
        let e = c.get_asset(&asset_id(), None).await.unwrap_err();
        assert_no_token(&e);
        assert!(!e.to_string().contains("SECRET"), "{e}");
        assert!(!format!("{e:?}").contains("SECRET"), "{e:?}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}
