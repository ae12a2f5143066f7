//! Retries, backoff, Retry-After and pacing of the HTTP client, against wiremock
//! sequences and raw TCP servers that misbehave on purpose (reset connections,
//! bodies that drip in), plus the retry settings of config.toml through `wfa get`.
//!
//! Timings are asserted as lower bounds only (a wait must not be shorter than
//! promised); upper bounds appear only as generous guards against hangs.

mod common {
    pub mod cli;
    pub mod sandbox;
    pub mod webflow;
}

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::sandbox::{Sandbox, run};
use common::webflow::{
    SEED_ID as ASSET_ID, SEED_JSON, TOKEN, assert_no_token, internal_error, json_ok, mount_any, ok,
    request_count, seed_id as asset_id, too_many_requests, too_many_requests_retry_after,
    webflow_error,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use webflow_assets::webflow::{ApiError, AssetId, Client, ClientConfig, FailureClass, Token};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const OTHER_ID: &str = "65c9e1770f5e44065d2abbfa";

/// Longest any single scenario may take before the test calls it a hang.
const HANG_GUARD: Duration = Duration::from_secs(20);

fn other_id() -> AssetId {
    AssetId::parse(OTHER_ID).unwrap()
}

/// Three tries with 10 ms backoff steps: retries happen, but quickly.
fn fast_config(base: String) -> ClientConfig {
    ClientConfig {
        backoff_base: Duration::from_millis(10),
        max_retry_wait: Duration::from_secs(5),
        attempts: 3,
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        ..ClientConfig::new(base, Token::new(TOKEN))
    }
}

fn client_with(server: &MockServer, tweak: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut config = fast_config(format!("{}/v2", server.uri()));
    tweak(&mut config);
    Client::new(config).unwrap()
}

/// A responder that notes when each request arrived.
#[derive(Clone)]
struct Stamped {
    template: ResponseTemplate,
    times: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for Stamped {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        self.times.lock().unwrap().push(Instant::now());
        self.template.clone()
    }
}

/// Mounts `responses` as a sequence for every GET: the n-th request gets the
/// n-th answer, and every request after the last gets the last one again (so
/// that an extra retry is answered, and counted, instead of being a 404).
/// Returns the arrival time of every request.
async fn mount_sequence(
    server: &MockServer,
    responses: Vec<ResponseTemplate>,
) -> Arc<Mutex<Vec<Instant>>> {
    let times = Arc::new(Mutex::new(Vec::new()));
    let last = responses.len() - 1;
    for (i, template) in responses.into_iter().enumerate() {
        let mock = Mock::given(method("GET")).respond_with(Stamped {
            template,
            times: times.clone(),
        });
        let mock = if i < last {
            mock.up_to_n_times(1)
        } else {
            mock
        };
        mock.mount(server).await;
    }
    times
}

/// A mock Webflow that answers with `responses` (see [`mount_sequence`]), and
/// the arrival time of every request.
async fn sequence_server(
    responses: Vec<ResponseTemplate>,
) -> (MockServer, Arc<Mutex<Vec<Instant>>>) {
    let server = MockServer::start().await;
    let times = mount_sequence(&server, responses).await;
    (server, times)
}

/// The request was tried twice, the retry `at_least` after the first answer.
async fn assert_one_retry_after(
    server: &MockServer,
    times: &Mutex<Vec<Instant>>,
    at_least: Duration,
) {
    assert_eq!(request_count(server).await, 2);
    let gap = gaps(times)[0];
    assert!(gap >= at_least, "{gap:?}");
}

fn gaps(times: &Mutex<Vec<Instant>>) -> Vec<Duration> {
    let times = times.lock().unwrap();
    times.windows(2).map(|w| w[1] - w[0]).collect()
}

async fn guarded<T>(what: &str, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(HANG_GUARD, fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: still waiting after {HANG_GUARD:?}"))
}

/// How long four more lookups take once the client is pacing.
async fn four_paced_gets(client: &Client) -> Duration {
    let started = Instant::now();
    for _ in 0..4 {
        guarded("paced get", client.get_asset(&asset_id(), None))
            .await
            .unwrap();
    }
    started.elapsed()
}

// ---------------------------------------------------------------- 429

#[tokio::test]
async fn rate_limited_waits_for_retry_after_then_succeeds() {
    let (server, times) = sequence_server(vec![too_many_requests_retry_after("1"), ok()]).await;
    let client = client_with(&server, |_| {});
    assert_eq!(client.rate_status().paused_for, None);

    let started = Instant::now();
    let task = {
        let client = client.clone();
        tokio::spawn(async move { client.get_asset(&asset_id(), None).await })
    };
    // While the request waits out the Retry-After, every clone of the client
    // reports the pause (that is what the TUI status bar shows).
    let mut seen = None;
    while seen.is_none() && started.elapsed() < Duration::from_millis(900) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        seen = client.rate_status().paused_for;
    }
    let paused = seen.expect("rate_status().paused_for is set during the wait");
    assert!(paused <= Duration::from_secs(1), "{paused:?}");

    let fetched = guarded("429 then 200", task).await.unwrap();
    let fetched = fetched.expect("the retry after the 429 succeeds");
    assert_eq!(fetched.value.id, ASSET_ID);
    assert_eq!(request_count(&server).await, 2);
    let gap = gaps(&times)[0];
    assert!(
        gap >= Duration::from_millis(900),
        "the retry came {gap:?} after the 429, before its Retry-After: 1"
    );
    assert!(started.elapsed() >= Duration::from_millis(900));
    assert_eq!(client.rate_status().paused_for, None, "the pause is over");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_waits_only_the_cap() {
    let (server, times) = sequence_server(vec![too_many_requests_retry_after("120"), ok()]).await;
    let cap = Duration::from_millis(200);
    let client = client_with(&server, |c| c.max_retry_wait = cap);

    let task = {
        let client = client.clone();
        tokio::spawn(async move { client.get_asset(&asset_id(), None).await })
    };
    // The pause the gate reports is the capped one, not Retry-After's 120 s.
    let started = Instant::now();
    let mut seen = None;
    while seen.is_none() && started.elapsed() < Duration::from_secs(2) && !task.is_finished() {
        tokio::time::sleep(Duration::from_millis(5)).await;
        seen = client.rate_status().paused_for;
    }
    if let Some(paused) = seen {
        assert!(paused <= cap, "paused for {paused:?}, over the {cap:?} cap");
    }

    let fetched = guarded("Retry-After: 120 with a 200 ms cap", task)
        .await
        .unwrap();
    assert!(fetched.is_ok(), "{fetched:?}");
    assert_one_retry_after(&server, &times, Duration::from_millis(190)).await;
}

#[tokio::test]
async fn rate_limited_without_retry_after_waits_the_cap() {
    let (server, times) = sequence_server(vec![too_many_requests(), ok()]).await;
    let client = client_with(&server, |c| c.max_retry_wait = Duration::from_millis(300));
    let fetched = guarded(
        "429 without Retry-After",
        client.get_asset(&asset_id(), None),
    )
    .await;
    assert!(fetched.is_ok(), "{fetched:?}");
    assert_one_retry_after(&server, &times, Duration::from_millis(290)).await;
}

#[tokio::test]
async fn rate_limited_every_time_gives_up_after_the_attempts() {
    let (server, _) = sequence_server(vec![too_many_requests_retry_after("0")]).await;
    let client = client_with(&server, |c| c.attempts = 2);
    let e = guarded("429 forever", client.get_asset(&asset_id(), None))
        .await
        .unwrap_err();
    assert_no_token(&e);
    assert!(matches!(e, ApiError::RateLimited { .. }), "{e:?}");
    assert_eq!(e.class(), FailureClass::RateLimited);
    assert_eq!(e.class().exit_code(), 4);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn a_429_pauses_every_request_of_the_client() {
    let server = MockServer::start().await;
    let first_times = Arc::new(Mutex::new(Vec::new()));
    let other_times = Arc::new(Mutex::new(Vec::new()));
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .respond_with(Stamped {
            template: webflow_error(429, "too_many_requests", "Slow down")
                .insert_header("Retry-After", "1"),
            times: first_times.clone(),
        })
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET_ID}")))
        .respond_with(ok())
        .mount(&server)
        .await;
    let other_body = SEED_JSON.replace(ASSET_ID, OTHER_ID);
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{OTHER_ID}")))
        .respond_with(Stamped {
            template: json_ok(other_body),
            times: other_times.clone(),
        })
        .mount(&server)
        .await;

    let client = client_with(&server, |_| {});
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.get_asset(&asset_id(), None).await })
    };
    let started = Instant::now();
    while client.rate_status().paused_for.is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the 429 never paused the gate"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // Another request on the same client (same token, same budget) waits too.
    let second = guarded("second request", client.get_asset(&other_id(), None)).await;
    assert_eq!(second.unwrap().value.id, OTHER_ID);
    assert!(guarded("first request", first).await.unwrap().is_ok());

    let rate_limited_at = first_times.lock().unwrap()[0];
    let other_at = other_times.lock().unwrap()[0];
    let waited = other_at - rate_limited_at;
    assert!(
        waited >= Duration::from_millis(900),
        "the other request went out {waited:?} after the 429"
    );
}

// ---------------------------------------------------------------- 5xx and 408

#[tokio::test]
async fn server_errors_then_success() {
    let (server, times) =
        sequence_server(vec![internal_error(500), internal_error(500), ok()]).await;
    let client = client_with(&server, |c| c.backoff_base = Duration::from_millis(40));
    let fetched = guarded("500, 500, 200", client.get_asset(&asset_id(), None)).await;
    assert_eq!(fetched.unwrap().value.id, ASSET_ID);
    assert_eq!(request_count(&server).await, 3);
    // Equal jitter: at least half of base·2^(n-1) before retry n.
    let gaps = gaps(&times);
    assert!(gaps[0] >= Duration::from_millis(20), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(40), "{gaps:?}");
}

#[tokio::test]
async fn server_errors_every_time_give_up_after_the_attempts() {
    let (server, _) = sequence_server(vec![internal_error(500)]).await;
    let client = client_with(&server, |c| c.attempts = 3);
    let e = guarded("500 forever", client.get_asset(&asset_id(), None))
        .await
        .unwrap_err();
    assert_no_token(&e);
    assert!(matches!(e, ApiError::Server { status: 500, .. }), "{e:?}");
    assert_eq!(e.class().exit_code(), 5);
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn one_attempt_means_one_request() {
    let (server, _) = sequence_server(vec![internal_error(500), ok()]).await;
    let client = client_with(&server, |c| c.attempts = 1);
    let e = client.get_asset(&asset_id(), None).await.unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 500, .. }), "{e:?}");
    assert_eq!(request_count(&server).await, 1);

    // Zero is read as one: a request is always tried once.
    let (server, _) = sequence_server(vec![ResponseTemplate::new(503), ok()]).await;
    let client = client_with(&server, |c| c.attempts = 0);
    let e = client.get_asset(&asset_id(), None).await.unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 503, .. }), "{e:?}");
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn transient_statuses_are_retried() {
    let html_502 = ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html");
    for (name, first) in [
        ("503", webflow_error(503, "internal_error", "Unavailable")),
        ("502 with HTML", html_502),
        ("504 empty", ResponseTemplate::new(504)),
        ("408", ResponseTemplate::new(408)),
    ] {
        let (server, _) = sequence_server(vec![first, ok()]).await;
        let client = client_with(&server, |_| {});
        let fetched = guarded(name, client.get_asset(&asset_id(), None)).await;
        assert!(fetched.is_ok(), "{name}: {fetched:?}");
        assert_eq!(request_count(&server).await, 2, "{name}");
    }
}

// ---------------------------------------------------------------- never retried

#[tokio::test]
async fn client_errors_are_never_retried() {
    for status in [400u16, 401, 403, 404, 405, 409, 410, 422] {
        let (server, _) =
            sequence_server(vec![webflow_error(status, "some_code", "Nope"), ok()]).await;
        let client = client_with(&server, |c| c.attempts = 3);
        let e = client.get_asset(&asset_id(), None).await.unwrap_err();
        assert_no_token(&e);
        assert_eq!(e.http_status(), Some(status), "{e:?}");
        let expected_variant = match status {
            400 => matches!(e, ApiError::BadRequest { .. }),
            401 => matches!(e, ApiError::Unauthorized { .. }),
            403 => matches!(e, ApiError::Forbidden { .. }),
            404 => matches!(e, ApiError::NotFound { .. }),
            _ => matches!(e, ApiError::UnexpectedStatus { .. }),
        };
        assert!(expected_variant, "{status}: {e:?}");
        assert_eq!(request_count(&server).await, 1, "HTTP {status} was retried");
    }
}

#[tokio::test]
async fn bad_answers_are_never_retried() {
    let oversize = format!("{{\"pad\": \"{}\"}}", "x".repeat(2048));
    let cases: Vec<(&str, ResponseTemplate)> = vec![
        ("too large", json_ok(oversize)),
        (
            "redirect",
            ResponseTemplate::new(302).insert_header("Location", "https://example.com/"),
        ),
    ];
    for (name, first) in cases {
        let (server, _) = sequence_server(vec![first, ok()]).await;
        let client = client_with(&server, |c| {
            c.attempts = 3;
            c.max_body = 1024;
        });
        let e = client.get_asset(&asset_id(), None).await.unwrap_err();
        let expected_variant = match name {
            "too large" => matches!(e, ApiError::TooLarge { limit: 1024, .. }),
            _ => matches!(e, ApiError::Redirected { status: 302, .. }),
        };
        assert!(expected_variant, "{name}: {e:?}");
        assert_eq!(e.class().exit_code(), 1, "{name}");
        assert_eq!(request_count(&server).await, 1, "{name} was retried");
    }
}

/// 200s whose body cannot be used: HTML, truncated JSON, the wrong shape, and
/// another asset than the one asked for.
fn malformed_answers() -> Vec<(&'static str, ResponseTemplate)> {
    let mut other = serde_json::from_str::<serde_json::Value>(SEED_JSON).unwrap();
    other["id"] = json!(OTHER_ID);
    vec![
        (
            "not JSON",
            ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"),
        ),
        (
            "truncated",
            json_ok(&SEED_JSON.as_bytes()[..SEED_JSON.len() / 2]),
        ),
        (
            "wrong shape",
            ResponseTemplate::new(200).set_body_json(json!({"foo": 1})),
        ),
        ("another asset", json_ok(other.to_string())),
    ]
}

fn is_variant(name: &str, e: &ApiError) -> bool {
    match name {
        "not JSON" | "truncated" => matches!(e, ApiError::NotJson { .. }),
        "wrong shape" => matches!(e, ApiError::WrongShape { .. }),
        _ => matches!(e, ApiError::WrongAsset { .. }),
    }
}

/// A malformed 200 may be a proxy's hiccup: one more try heals it.
#[tokio::test]
async fn a_malformed_answer_is_retried_once() {
    for (name, first) in malformed_answers() {
        let (server, _) = sequence_server(vec![first, ok()]).await;
        let client = client_with(&server, |c| c.attempts = 3);
        let fetched = guarded(name, client.get_asset(&asset_id(), None)).await;
        assert!(fetched.is_ok(), "{name}: {fetched:?}");
        assert_eq!(request_count(&server).await, 2, "{name}");
    }
}

/// ... but only once (a server that keeps sending it will not change), and
/// then it is a server fault: exit 5, never 1 (which `wfa audit` uses for
/// findings).
#[tokio::test]
async fn a_malformed_answer_twice_is_a_server_fault() {
    for (name, bad) in malformed_answers() {
        let (server, _) = sequence_server(vec![bad.clone(), bad, ok()]).await;
        let client = client_with(&server, |c| c.attempts = 3);
        let e = client.get_asset(&asset_id(), None).await.unwrap_err();
        assert!(is_variant(name, &e), "{name}: {e:?}");
        assert_no_token(&e);
        assert_eq!(e.class(), FailureClass::Transport, "{name}");
        assert_eq!(e.class().exit_code(), 5, "{name}");
        assert_eq!(request_count(&server).await, 2, "{name}: not retried once");
    }
    // One attempt allowed: no retry at all.
    for (name, bad) in malformed_answers() {
        let (server, _) = sequence_server(vec![bad, ok()]).await;
        let client = client_with(&server, |c| c.attempts = 1);
        let e = client.get_asset(&asset_id(), None).await.unwrap_err();
        assert!(is_variant(name, &e), "{name}: {e:?}");
        assert_eq!(request_count(&server).await, 1, "{name}");
    }
}

#[tokio::test]
async fn refused_connections_are_not_retried() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // A 5 s backoff step: one retry would take at least 2.5 s.
    let config = ClientConfig {
        backoff_base: Duration::from_secs(5),
        ..fast_config(format!("http://127.0.0.1:{port}/v2"))
    };
    let started = Instant::now();
    let e = Client::new(config)
        .unwrap()
        .get_asset(&asset_id(), None)
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Connect { .. }), "{e:?}");
    assert_eq!(e.class().exit_code(), 5);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a refused connection was retried ({:?})",
        started.elapsed()
    );
}

// ---------------------------------------------------------------- raw TCP

/// What the raw server does with one connection.
#[derive(Debug, Clone, Copy)]
enum Conn {
    /// Reads the request, then aborts the connection (TCP RST).
    Reset,
    /// Closes without reading anything.
    DropAtOnce,
    /// Reads the request, then closes cleanly without answering.
    Hangup,
    /// Sends the headers and half of the body, then closes.
    Partial,
    /// Sends headers with Content-Length: 100000, then one byte every 100 ms.
    Drip,
    /// A complete 200 with the seed asset.
    Ok,
}

/// A raw HTTP/1.1 server: connection n follows `plan[n]` (the last entry
/// repeats). Returns its base URL and the number of connections accepted.
async fn raw_server(plan: Vec<Conn>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let conn = plan[n.min(plan.len() - 1)];
            tokio::spawn(serve(stream, conn));
        }
    });
    (format!("http://{addr}/v2"), count)
}

async fn read_request(stream: &mut TcpStream) -> bool {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    true
}

async fn serve(mut stream: TcpStream, conn: Conn) {
    if matches!(conn, Conn::DropAtOnce) {
        return;
    }
    if !read_request(&mut stream).await {
        return;
    }
    let ok_head = |len: usize| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
        )
    };
    match conn {
        Conn::DropAtOnce => {}
        Conn::Reset => {
            let _ = stream.set_zero_linger();
        }
        Conn::Hangup => {
            let _ = stream.shutdown().await;
        }
        Conn::Partial => {
            let half = &SEED_JSON.as_bytes()[..SEED_JSON.len() / 2];
            let _ = stream.write_all(ok_head(SEED_JSON.len()).as_bytes()).await;
            let _ = stream.write_all(half).await;
            let _ = stream.shutdown().await;
        }
        Conn::Drip => {
            let _ = stream.write_all(ok_head(100_000).as_bytes()).await;
            for _ in 0..300 {
                if stream.write_all(b" ").await.is_err() || stream.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        Conn::Ok => {
            let _ = stream.write_all(ok_head(SEED_JSON.len()).as_bytes()).await;
            let _ = stream.write_all(SEED_JSON.as_bytes()).await;
            let _ = stream.shutdown().await;
            // Let the client read everything before the socket goes away.
            let mut sink = [0u8; 64];
            let _ = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut sink)).await;
        }
    }
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    for failure in [Conn::Reset, Conn::DropAtOnce, Conn::Hangup, Conn::Partial] {
        let (base, connections) = raw_server(vec![failure, Conn::Ok]).await;
        let client = Client::new(fast_config(base)).unwrap();
        let fetched = guarded(
            &format!("{failure:?} then OK"),
            client.get_asset(&asset_id(), None),
        )
        .await;
        let fetched = fetched.unwrap_or_else(|e| panic!("{failure:?} then OK: {e:?}"));
        assert_eq!(fetched.value.id, ASSET_ID);
        assert_eq!(connections.load(Ordering::SeqCst), 2, "{failure:?}");
    }
}

#[tokio::test]
async fn connections_dropped_every_time_are_a_transport_failure() {
    for failure in [Conn::Reset, Conn::Hangup, Conn::Partial] {
        let (base, connections) = raw_server(vec![failure]).await;
        let client = Client::new(fast_config(base)).unwrap();
        let e = guarded(
            &format!("{failure:?} forever"),
            client.get_asset(&asset_id(), None),
        )
        .await
        .unwrap_err();
        assert_no_token(&e);
        assert!(
            matches!(e, ApiError::Transport { .. } | ApiError::Timeout { .. }),
            "{failure:?}: {e:?}"
        );
        assert_eq!(e.class(), FailureClass::Transport, "{failure:?}");
        assert_eq!(e.class().exit_code(), 5);
        assert_eq!(connections.load(Ordering::SeqCst), 3, "{failure:?}");
        if let ApiError::Transport { cause, .. } = &e {
            assert!(!cause.chars().any(char::is_control), "{cause:?}");
        }
    }
}

#[tokio::test]
async fn a_dripping_body_hits_the_whole_request_deadline() {
    let (base, connections) = raw_server(vec![Conn::Drip]).await;
    let config = ClientConfig {
        timeout: Duration::from_millis(500),
        attempts: 1,
        ..fast_config(base)
    };
    let started = Instant::now();
    let e = guarded(
        "drip",
        Client::new(config).unwrap().get_asset(&asset_id(), None),
    )
    .await
    .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(e, ApiError::Timeout { .. }), "{e:?}");
    assert!(e.to_string().contains("no complete answer"), "{e}");
    assert_eq!(e.class().exit_code(), 5);
    assert!(elapsed >= Duration::from_millis(450), "{elapsed:?}");
    // 100,000 bytes at 10 a second would take hours; the deadline ends it.
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn timeouts_are_retried() {
    let (base, connections) = raw_server(vec![Conn::Drip, Conn::Ok]).await;
    let config = ClientConfig {
        timeout: Duration::from_millis(300),
        attempts: 2,
        ..fast_config(base)
    };
    let fetched = guarded(
        "drip then OK",
        Client::new(config).unwrap().get_asset(&asset_id(), None),
    )
    .await;
    assert!(fetched.is_ok(), "{fetched:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------- pacing

fn rate_headers(template: ResponseTemplate, limit: u32, remaining: u32) -> ResponseTemplate {
    template
        .insert_header("x-ratelimit-limit", limit.to_string().as_str())
        .insert_header("x-ratelimit-remaining", remaining.to_string().as_str())
}

/// A mock Webflow that enforces 600 requests a minute with nothing left in
/// the budget: a request less than 100 ms after the previous one is a 429.
struct StrictLimit {
    last: Mutex<Option<Instant>>,
    rejected: AtomicUsize,
}

impl Respond for StrictLimit {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap();
        let too_soon = last.is_some_and(|l| now - l < Duration::from_millis(100));
        if too_soon {
            self.rejected.fetch_add(1, Ordering::SeqCst);
            return rate_headers(too_many_requests(), 600, 0).insert_header("Retry-After", "1");
        }
        *last = Some(now);
        rate_headers(ok(), 600, 0)
    }
}

#[tokio::test]
async fn an_exhausted_budget_paces_requests_at_the_limit() {
    let server = MockServer::start().await;
    mount_any(&server, rate_headers(ok(), 600, 0)).await;
    let client = client_with(&server, |_| {});
    // The first answer reports the limit and an empty budget.
    client.get_asset(&asset_id(), None).await.unwrap();
    let status = client.rate_status();
    assert_eq!(status.limit, Some(600));
    assert_eq!(status.remaining, Some(0));

    // 60 s / 600 = 100 ms apart (+2 %): four more take at least three gaps.
    let elapsed = four_paced_gets(&client).await;
    assert!(
        elapsed >= Duration::from_millis(300),
        "4 paced requests took {elapsed:?}"
    );
    assert_eq!(request_count(&server).await, 5);
}

#[tokio::test]
async fn remaining_zero_on_the_first_answer_paces_the_next_request() {
    let server = MockServer::start().await;
    let strict = StrictLimit {
        last: Mutex::new(None),
        rejected: AtomicUsize::new(0),
    };
    let strict = Arc::new(strict);
    mount_any(&server, ArcRespond(strict.clone())).await;
    let client = client_with(&server, |c| c.max_retry_wait = Duration::from_millis(200));
    let elapsed = four_paced_gets(&client).await;
    assert_eq!(
        strict.rejected.load(Ordering::SeqCst),
        0,
        "the client sent a request the reported budget did not allow"
    );
    assert_eq!(request_count(&server).await, 4);
    assert!(
        elapsed >= Duration::from_millis(3 * 102),
        "4 requests at 600/min took only {elapsed:?}"
    );
}

/// Lets a shared responder (whose counters the test reads) be mounted.
struct ArcRespond<R>(Arc<R>);

impl<R: Respond> Respond for ArcRespond<R> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

#[tokio::test]
async fn a_reported_budget_is_spent_without_429s() {
    let server = MockServer::start().await;
    // Limit 60 a minute (paced requests would be a second apart), but five
    // left in the budget after the first answer.
    let responses = (0..=5)
        .rev()
        .map(|remaining| rate_headers(ok(), 60, remaining))
        .collect();
    mount_sequence(&server, responses).await;
    let client = client_with(&server, |_| {});
    for i in 0..6 {
        let fetched = guarded("budgeted get", client.get_asset(&asset_id(), None)).await;
        assert!(fetched.is_ok(), "request {i}: {fetched:?}");
    }
    assert_eq!(request_count(&server).await, 6);
    let status = client.rate_status();
    assert_eq!(status.limit, Some(60));
    assert_eq!(status.remaining, Some(0));
    assert_eq!(status.paused_for, None);
}

#[tokio::test]
async fn concurrent_requests_share_one_budget() {
    let server = MockServer::start().await;
    mount_any(&server, rate_headers(ok(), 600, 0)).await;
    let client = client_with(&server, |_| {});
    client.get_asset(&asset_id(), None).await.unwrap();
    // Four at once on clones of one client: they still go out one slot apart.
    let started = Instant::now();
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_asset(&asset_id(), None).await })
        })
        .collect();
    for task in tasks {
        assert!(guarded("concurrent get", task).await.unwrap().is_ok());
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert_eq!(request_count(&server).await, 5);
}

// ---------------------------------------------------------------- through `wfa get`

/// `wfa get --api-base <server>/v2 ARGS` in a sandbox, with `config` as its
/// config.toml. Returns (exit code, stdout, stderr).
async fn wfa_get(server_base: &str, config: &str, args: &[&str]) -> (i32, String, String) {
    let sb = Sandbox::new();
    sb.write_config(config);
    let mut cmd = sb.get_at(server_base, args);
    cmd.timeout(HANG_GUARD);
    let out = run(cmd).await;
    (out.code, out.stdout().into(), out.stderr().into())
}

/// `wfa get` against a server that answers `first`, then the asset: it must
/// retry once and print the asset.
async fn succeeds_on_the_second_request(first: ResponseTemplate, config: &str) {
    let (server, _) = sequence_server(vec![first, ok()]).await;
    let base = format!("{}/v2", server.uri());
    let (code, stdout, stderr) = wfa_get(&base, config, &[ASSET_ID]).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(ASSET_ID), "{stdout}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_retries_a_server_error() {
    succeeds_on_the_second_request(ResponseTemplate::new(500), "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_retries_a_malformed_answer_once() {
    let html = ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html");
    succeeds_on_the_second_request(html.clone(), "").await;

    // Malformed twice: exit 5 after two requests, in text and --json.
    for json_flag in [false, true] {
        let (server, _) = sequence_server(vec![html.clone(), html.clone(), ok()]).await;
        let base = format!("{}/v2", server.uri());
        let args: &[&str] = if json_flag {
            &["--json", ASSET_ID]
        } else {
            &[ASSET_ID]
        };
        let (code, stdout, stderr) = wfa_get(&base, "", args).await;
        assert_eq!(code, 5, "--json {json_flag}: {stderr}");
        assert_eq!(request_count(&server).await, 2, "--json {json_flag}");
        if json_flag {
            let line: serde_json::Value = serde_json::from_str(stdout.trim_end()).unwrap();
            assert_eq!(line["id"], ASSET_ID);
            assert_eq!(line["error"]["code"], "invalid_json");
        } else {
            assert!(stderr.contains("not JSON"), "{stderr}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_attempts_from_config_toml() {
    for attempts in [1, 2] {
        let (server, _) = sequence_server(vec![ResponseTemplate::new(503)]).await;
        let base = format!("{}/v2", server.uri());
        let config = format!("attempts = {attempts}\n");
        let (code, _, stderr) = wfa_get(&base, &config, &[ASSET_ID]).await;
        assert_eq!(code, 5, "attempts = {attempts}: {stderr}");
        assert!(
            stderr.contains("HTTP 503"),
            "attempts = {attempts}: {stderr}"
        );
        assert_eq!(
            request_count(&server).await,
            attempts,
            "attempts = {attempts}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_max_retry_wait_zero_retries_a_429_at_once() {
    // Without the cap this would wait a minute (and trip the hang guard).
    succeeds_on_the_second_request(
        too_many_requests_retry_after("60"),
        "max_retry_wait_secs = 0\n",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_timeout_secs_bounds_a_dripping_body() {
    let (base, connections) = raw_server(vec![Conn::Drip]).await;
    let started = Instant::now();
    let (code, stdout, stderr) = wfa_get(
        &base,
        "attempts = 1\ntimeout_secs = 1\nconnect_timeout_secs = 1\n",
        &[ASSET_ID],
    )
    .await;
    assert_eq!(code, 5, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("no complete answer"), "{stderr}");
    assert!(stderr.contains("1 s"), "{stderr}");
    assert!(started.elapsed() >= Duration::from_millis(950));
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_reset_connections_exit_5() {
    let (base, connections) = raw_server(vec![Conn::Reset]).await;
    let (code, stdout, stderr) = wfa_get(&base, "attempts = 2\n", &["--json", ASSET_ID]).await;
    assert_eq!(code, 5, "{stderr}");
    let line: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(line["id"], ASSET_ID);
    assert_eq!(line["error"]["code"], "transport_error", "{line}");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}
