//! `wfa get` as a user runs it: the real binary, a clean environment, and a mock
//! Webflow (wiremock) or the built-in demo catalogue.

mod common {
    pub mod cli;
    pub mod sandbox;
    pub mod webflow;
}

use std::time::Duration;

use common::sandbox::{Out, Sandbox, exec, run};
use common::webflow::{
    SEED_ID, SEED_JSON, TOKEN, asset_json, internal_error, json_ok, mount_asset, ok, request_count,
    seed, too_many_requests_retry_after, webflow_error,
};
use serde_json::{Value, json};
use wiremock::matchers::{
    HeaderExactMatcher, header, method, path, query_param, query_param_is_missing,
};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

const CARAMEL_ID: &str = "65c9e1770f5e44065d2abbfa";
const MISSING_ID: &str = "0000000000000000000000ff";
const LOCALE_ID: &str = "65427cf400e02b306eaa04a0";
const SEED_JSON_BYTES: &[u8] = SEED_JSON.as_bytes();

/// `wfa` exited with `code` and its stderr shows every one of `shown`.
fn assert_fails(out: &Out, code: i32, shown: &[&str]) {
    assert_eq!(out.code, code, "{out:?}");
    for part in shown {
        assert!(out.stderr().contains(part), "{part:?} is missing: {out:?}");
    }
}

/// A sandbox whose config allows one try: for tests about how a single answer
/// is reported.
fn one_try_sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write_config("attempts = 1\n");
    sb
}

/// A mock Webflow that answers `GET /v2/assets/{SEED_ID}` with `template`.
async fn seed_answered_with(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    mount_asset(&server, SEED_ID, template).await;
    server
}

/// A mock Webflow that serves the seed asset to requests that match `mock`,
/// and expects `times` of them.
async fn expect_seed(times: u64, mock: MockBuilder) -> MockServer {
    let server = MockServer::start().await;
    mock.respond_with(ok()).expect(times).mount(&server).await;
    server
}

/// `GET /v2/assets/{SEED_ID}`.
fn seed_request() -> MockBuilder {
    Mock::given(method("GET")).and(path(format!("/v2/assets/{SEED_ID}")))
}

/// The token, as `wfa` must send it.
fn bearer() -> HeaderExactMatcher {
    header("authorization", "Bearer test-token-SECRET")
}

async fn mount_ok(server: &MockServer, id: &str) -> Value {
    let body = asset_json(id);
    mount_asset(server, id, json_ok(body.to_string())).await;
    body
}

fn json_lines(stdout: &str) -> Vec<Value> {
    assert!(stdout.ends_with('\n') || stdout.is_empty(), "{stdout:?}");
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn a_free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

// ---------------------------------------------------------------- demo

#[test]
fn demo_get_prints_every_field() {
    let sb = Sandbox::new();
    let out = exec(sb.wfa(&["get", "--demo", SEED_ID]));
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr(), "", "{out:?}");
    let s = out.stdout();
    for expected in [
        "63e5889e7fe4eafa7384cea4_Candy-Wrapper.png",
        SEED_ID,
        "image/png",
        "2.1 MiB (2,212,772 bytes)",
        "63938b302ea6b0aa6f3d8745",
        "Candy-Wrapper.svg",
        "63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg",
        "2023-02-09 23:58:22",
        "2023-03-01 23:42:57",
        "present, 22 characters",
        "A single candy wrapper",
        "500×900",
        "Screenshot 2024-03-20 at 9.03.24\u{202f}PM-p-500.png",
    ] {
        assert!(s.contains(expected), "missing {expected:?} in:\n{s}");
    }
    // Labels go with their values, dates are shown in TZ (UTC here).
    let line = |label: &str| {
        s.lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in:\n{s}"))
            .to_string()
    };
    assert!(line("ID").ends_with(SEED_ID), "{s}");
    assert!(line("Size").contains("2.1 MiB (2,212,772 bytes)"));
    assert!(
        line("Created").contains("2023-02-09 23:58:22 +00:00"),
        "{s}"
    );
    assert!(
        line("Last updated").contains("2023-03-01 23:42:57 +00:00"),
        "{s}"
    );
    assert!(line("Alt text").contains("present, 22 characters"));
    assert!(line("Original name").ends_with("Candy-Wrapper.svg"));
    assert!(line("Variants").ends_with('1'), "{s}");
    assert!(line("Hosted URL").ends_with("/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg"));
    // The demo lists its assets at the site root (folderId: null).
    assert!(line("Folder").ends_with("(site root)"), "{s}");
    // Names are decoded for display; the encoded form is not what people read.
    assert!(!s.contains("%E2%80%AF"), "{s}");
    assert!(!s.contains("%20"), "{s}");
}

#[test]
fn demo_reads_ids_from_stdin() {
    let sb = Sandbox::new();
    let mut cmd = sb.wfa(&["get", "--demo", "-"]);
    cmd.write_stdin(format!("{SEED_ID}, {CARAMEL_ID}\n"));
    let out = exec(cmd);
    assert_eq!(out.code, 0, "{out:?}");
    let first = out
        .stdout()
        .find("63e5889e7fe4eafa7384cea4_Candy-Wrapper.png")
        .expect("first block");
    let second = out
        .stdout()
        .find("65c9e1770f5e44065d2abbfa_caramel-swirl-hero.jpg")
        .expect("second block");
    assert!(first < second, "blocks out of order:\n{}", out.stdout());
    let id_lines = out
        .stdout()
        .lines()
        .filter(|l| l.trim_start().starts_with("ID "))
        .count();
    assert_eq!(id_lines, 2, "{}", out.stdout());
}

#[test]
fn empty_stdin_is_a_usage_error() {
    let sb = Sandbox::new();
    for input in ["", " \n,\n"] {
        let mut cmd = sb.wfa(&["get", "--demo", "-"]);
        cmd.write_stdin(input);
        let out = exec(cmd);
        assert_eq!(out.code, 2, "{input:?}: {out:?}");
        assert!(out.stderr().contains("no asset IDs"), "{out:?}");
        assert_eq!(out.stdout(), "");
    }
}

#[test]
fn two_bad_ids_are_both_reported() {
    let sb = Sandbox::new();
    // On the command line, with a good one between them.
    let out = exec(sb.wfa(&["get", "--demo", "xyz", SEED_ID, "63e5889e7fe4eafa7384ceaZ"]));
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout(), "");
    assert!(out.stderr().contains("2 invalid asset IDs"), "{out:?}");
    assert!(out.stderr().contains("\"xyz\""), "{out:?}");
    assert!(
        out.stderr().contains("'Z' is not a hexadecimal digit"),
        "{out:?}"
    );
    assert!(out.stderr().contains("nothing was fetched"), "{out:?}");

    // One from standard input and one argument: the same policy, the same words.
    let mut cmd = sb.wfa(&["get", "--demo", "-", "abc"]);
    cmd.write_stdin(format!("{CARAMEL_ID}\nnope\n"));
    let out = exec(cmd);
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout(), "");
    assert!(out.stderr().contains("2 invalid asset IDs"), "{out:?}");
    assert!(out.stderr().contains("\"nope\""), "{out:?}");
    assert!(out.stderr().contains("\"abc\""), "{out:?}");
    // Each bad ID on a line of its own, in input order.
    let nope = out.stderr().find("\"nope\"").unwrap();
    let abc = out.stderr().find("\"abc\"").unwrap();
    assert!(nope < abc, "{out:?}");
    assert!(
        out.stderr()
            .lines()
            .any(|l| l.contains("\"nope\"") && !l.contains("\"abc\"")),
        "{out:?}"
    );
}

/// `wfa audit ID...` and the browser's `wfa ID...` read IDs the same way:
/// every bad one is named, exit 2.
#[test]
fn audit_and_browser_report_every_bad_id_too() {
    let sb = Sandbox::new();
    for args in [
        &["audit", "--demo", "xyz", SEED_ID, "abc"][..],
        &["--demo", "xyz", SEED_ID, "abc"][..],
    ] {
        let out = exec(sb.wfa(args));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(out.stdout(), "", "{args:?}");
        assert!(
            out.stderr().contains("2 invalid asset IDs"),
            "{args:?}: {out:?}"
        );
        assert!(out.stderr().contains("\"xyz\""), "{args:?}: {out:?}");
        assert!(out.stderr().contains("\"abc\""), "{args:?}: {out:?}");
    }
}

#[test]
fn demo_json_prints_the_catalogue_entry() {
    let sb = Sandbox::new();
    let out = exec(sb.wfa(&["get", "--demo", "--json", SEED_ID, MISSING_ID]));
    assert_eq!(out.code, 1, "{out:?}");
    let lines = json_lines(out.stdout());
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], SEED_ID);
    assert_eq!(lines[0]["altText"], "A single candy wrapper");
    assert_eq!(lines[1]["id"], MISSING_ID);
    assert_eq!(lines[1]["error"]["httpStatus"], 404);
}

// ---------------------------------------------------------------- live (mock)

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_get_prints_the_asset() {
    let server = expect_seed(1, seed_request().and(bearer())).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr(), "");
    for expected in [
        SEED_ID,
        "2.1 MiB (2,212,772 bytes)",
        "https://s3.amazonaws.com/webflow-prod-assets/63938b302ea6b0aa6f3d8745/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg",
        "2023-02-09 23:58:22 +00:00",
        "A single candy wrapper",
        "500×900",
    ] {
        assert!(
            out.stdout().contains(expected),
            "missing {expected:?}:\n{}",
            out.stdout()
        );
    }
    // A get response has no folderId, so no Folder line.
    assert!(!out.stdout().contains("Folder"), "{}", out.stdout());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_lines_follow_input_order_with_duplicates_and_errors() {
    let server = MockServer::start().await;
    let seed = seed();
    mount_asset(&server, SEED_ID, ok()).await;
    let caramel = mount_ok(&server, CARAMEL_ID).await;
    mount_asset(
        &server,
        MISSING_ID,
        webflow_error(
            404,
            "resource_not_found",
            "Requested resource not found: The asset was not found",
        ),
    )
    .await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(
        &server,
        &["--json", SEED_ID, MISSING_ID, SEED_ID, CARAMEL_ID],
    ))
    .await;
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout().lines().count(), 4, "{}", out.stdout());
    let lines = json_lines(out.stdout());
    assert_eq!(lines[0], seed, "the success line is the server's body");
    assert_eq!(lines[2], seed);
    assert_eq!(lines[3], caramel);
    let err = &lines[1];
    assert_eq!(err["id"], MISSING_ID);
    assert_eq!(err["error"]["httpStatus"], 404);
    assert_eq!(err["error"]["code"], "resource_not_found");
    assert_eq!(
        err["error"]["webflowMessage"],
        "Requested resource not found: The asset was not found"
    );
    let message = err["error"]["message"].as_str().unwrap();
    assert!(message.contains("was not found"), "{message}");
    assert_eq!(err.as_object().unwrap().len(), 2, "{err}");
    // The duplicate was fetched once.
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_rate_limit_line_carries_retry_after() {
    let server = seed_answered_with(too_many_requests_retry_after("30")).await;
    let sb = one_try_sandbox();
    let out = run(sb.get_live(&server, &["--json", SEED_ID])).await;
    assert_eq!(out.code, 4, "{out:?}");
    let lines = json_lines(out.stdout());
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["error"]["httpStatus"], 429);
    assert_eq!(lines[0]["error"]["code"], "too_many_requests");
    assert_eq!(lines[0]["error"]["retryAfterSeconds"], 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_first_id_keeps_input_order() {
    let server = MockServer::start().await;
    let ids = [
        "aaaaaaaaaaaaaaaaaaaaaaa1",
        "aaaaaaaaaaaaaaaaaaaaaaa2",
        "aaaaaaaaaaaaaaaaaaaaaaa3",
        "aaaaaaaaaaaaaaaaaaaaaaa4",
        "aaaaaaaaaaaaaaaaaaaaaaa5",
    ];
    mount_asset(
        &server,
        ids[0],
        ResponseTemplate::new(200)
            .set_body_raw(asset_json(ids[0]).to_string(), "application/json")
            .set_delay(Duration::from_millis(500)),
    )
    .await;
    for id in &ids[1..] {
        mount_ok(&server, id).await;
    }
    let sb = Sandbox::new();
    let mut args = vec!["--json"];
    args.extend(ids);
    let out = run(sb.get_live(&server, &args)).await;
    assert_eq!(out.code, 0, "{out:?}");
    let got: Vec<String> = json_lines(out.stdout())
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, ids);

    // Text mode too: the blocks come in input order.
    let out = run(sb.get_live(&server, &ids)).await;
    assert_eq!(out.code, 0, "{out:?}");
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| {
            out.stdout()
                .find(&format!("{id}_Candy-Wrapper.png"))
                .unwrap()
        })
        .collect();
    assert!(positions.is_sorted(), "{}", out.stdout());
}

// ---------------------------------------------------------------- exit codes

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_ok_exits_0() {
    let server = MockServer::start().await;
    mount_ok(&server, SEED_ID).await;
    mount_ok(&server, CARAMEL_ID).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID, CARAMEL_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr(), "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found_exits_1_and_says_so() {
    let server = MockServer::start().await;
    mount_ok(&server, SEED_ID).await;
    mount_asset(
        &server,
        MISSING_ID,
        webflow_error(404, "resource_not_found", "Requested resource not found"),
    )
    .await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID, MISSING_ID])).await;
    assert_eq!(out.code, 1, "{out:?}");
    // The found one is still printed; the missing one is explained on stderr.
    assert!(out.stdout().contains(SEED_ID), "{out:?}");
    assert!(!out.stdout().contains(MISSING_ID), "{out:?}");
    assert!(
        out.stderr()
            .contains(&format!("Asset {MISSING_ID} was not found (HTTP 404")),
        "{out:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_id_exits_2_before_any_request() {
    let server = MockServer::start().await;
    mount_ok(&server, SEED_ID).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &["xyz"])).await;
    assert_fails(&out, 2, &["24 hexadecimal", "\"xyz\""]);
    assert_eq!(out.stdout(), "");

    // One bad ID among good ones: nothing at all is fetched, every problem listed.
    let out = run(sb.get_live(&server, &[SEED_ID, "63e5889e7fe4eafa7384ceaZ", "abc"])).await;
    assert_fails(
        &out,
        2,
        &[
            "'Z' is not a hexadecimal digit",
            "\"abc\"",
            "nothing was fetched",
        ],
    );
    assert_eq!(out.stdout(), "");
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unauthorized_exits_3_and_points_at_the_token() {
    let server = seed_answered_with(webflow_error(
        401,
        "not_authorized",
        "Request not authorized",
    ))
    .await;
    let sb = Sandbox::new();
    // The base from the environment this time.
    let mut cmd = sb.wfa(&["get", SEED_ID]);
    cmd.env("WEBFLOW_API_TOKEN", TOKEN)
        .env("WEBFLOW_API_BASE", format!("{}/v2", server.uri()));
    let out = run(cmd).await;
    assert_fails(&out, 3, &["WEBFLOW_API_TOKEN", "Request not authorized"]);
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbidden_exits_3() {
    let server = seed_answered_with(webflow_error(
        403,
        "missing_scopes",
        "You are missing scopes: assets:read",
    ))
    .await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_fails(&out, 3, &["assets:read"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_exits_4() {
    let server = seed_answered_with(too_many_requests_retry_after("60")).await;
    let sb = one_try_sandbox();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_fails(&out, 4, &["retry after 60 s"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_error_exits_5() {
    let server = seed_answered_with(internal_error(500)).await;
    let sb = one_try_sandbox();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_fails(&out, 5, &["HTTP 500"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mixed_failures_exit_with_the_worst() {
    let server = MockServer::start().await;
    mount_ok(&server, SEED_ID).await;
    mount_asset(&server, MISSING_ID, ResponseTemplate::new(404)).await;
    mount_asset(&server, CARAMEL_ID, ResponseTemplate::new(503)).await;
    let sb = one_try_sandbox();
    let out = run(sb.get_live(&server, &[SEED_ID, MISSING_ID, CARAMEL_ID])).await;
    // A 5xx (exit 5) outranks a 404 (exit 1).
    assert_eq!(out.code, 5, "{out:?}");
    assert!(out.stdout().contains(SEED_ID));
}

#[test]
fn connection_refused_exits_5() {
    let sb = Sandbox::new();
    let base = format!("http://127.0.0.1:{}/v2", a_free_port());
    let mut cmd = sb.wfa(&["get", "--api-base", &base, SEED_ID]);
    cmd.env("WEBFLOW_API_TOKEN", TOKEN);
    let out = exec(cmd);
    assert_fails(&out, 5, &["could not connect"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_exits_3_and_suggests_demo() {
    let server = MockServer::start().await;
    mount_ok(&server, SEED_ID).await;
    let sb = Sandbox::new();
    let base = format!("{}/v2", server.uri());
    let out = run(sb.wfa(&["get", "--api-base", &base, SEED_ID])).await;
    assert_fails(&out, 3, &["WEBFLOW_API_TOKEN", "--demo"]);
    assert!(
        out.stderr()
            .contains(&sb.config_path().display().to_string()),
        "the message names the config file: {out:?}"
    );
    assert_eq!(request_count(&server).await, 0);

    // A blank token is no token.
    let mut cmd = sb.wfa(&["get", "--api-base", &base, SEED_ID]);
    cmd.env("WEBFLOW_API_TOKEN", "   ");
    let out = run(cmd).await;
    assert_eq!(out.code, 3, "{out:?}");
    assert_eq!(request_count(&server).await, 0);
}

#[test]
fn unknown_flag_exits_2() {
    let sb = Sandbox::new();
    let out = exec(sb.wfa(&["get", "--bogus", SEED_ID]));
    assert_fails(&out, 2, &["--bogus"]);
    let out = exec(sb.wfa(&["get"]));
    assert_eq!(out.code, 2, "no IDs at all: {out:?}");
    let out = exec(sb.wfa(&["get", "--demo", "--concurrency", "0", SEED_ID]));
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn plain_http_to_a_remote_host_exits_2() {
    let sb = Sandbox::new();
    let mut cmd = sb.wfa(&["get", "--api-base", "http://example.com/v2", SEED_ID]);
    cmd.env("WEBFLOW_API_TOKEN", TOKEN);
    let out = exec(cmd);
    assert_fails(&out, 2, &["unencrypted", "http://example.com/v2"]);
    assert_eq!(out.stdout(), "");
}

// ---------------------------------------------------------------- locale

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locale_flag_and_env_send_locale_id() {
    let server = expect_seed(3, seed_request().and(query_param("localeId", LOCALE_ID))).await;
    let sb = Sandbox::new();

    let out = run(sb.get_live(&server, &["--locale", LOCALE_ID, SEED_ID])).await;
    assert_eq!(out.code, 0, "--locale: {out:?}");

    let mut cmd = sb.get_live(&server, &[SEED_ID]);
    cmd.env("WFA_LOCALE", LOCALE_ID);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "WFA_LOCALE: {out:?}");

    // The flag wins over the environment.
    let mut cmd = sb.get_live(&server, &["--locale", LOCALE_ID, SEED_ID]);
    cmd.env("WFA_LOCALE", "65427cf400e02b306eaa0000");
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "flag over env: {out:?}");
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_locale_sends_no_locale_id() {
    let server = expect_seed(1, seed_request().and(query_param_is_missing("localeId"))).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_locale_exits_2_before_any_request() {
    let server = MockServer::start().await;
    mount_ok(&server, SEED_ID).await;
    let sb = Sandbox::new();
    // Not an ID and not a tag.
    let out = run(sb.get_live(&server, &["--locale", "12345", SEED_ID])).await;
    assert_fails(&out, 2, &["locale", "24 hexadecimal"]);
    let mut cmd = sb.get_live(&server, &[SEED_ID]);
    cmd.env("WFA_LOCALE", "not a locale");
    let out = run(cmd).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(request_count(&server).await, 0);
}

// ---------------------------------------------------------------- config file

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_file_token_is_used() {
    let server = expect_seed(1, seed_request().and(bearer())).await;
    let sb = Sandbox::new();
    sb.write_config(&format!(
        "token = \"{TOKEN}\"\napi_base = \"{}/v2\"\n",
        server.uri()
    ));
    // No WEBFLOW_API_TOKEN, no --api-base: both come from the file.
    let out = run(sb.wfa(&["get", SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout().contains(SEED_ID));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_token_beats_the_file() {
    let server = expect_seed(1, Mock::given(method("GET")).and(bearer())).await;
    let sb = Sandbox::new();
    sb.write_config("token = \"stale-file-token\"\n");
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xdg_config_is_read_without_wfa_config() {
    let server = expect_seed(
        1,
        Mock::given(method("GET"))
            .and(bearer())
            .and(query_param("localeId", LOCALE_ID)),
    )
    .await;
    let sb = Sandbox::new();
    let dir = sb.xdg_config_home().join("wfa");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "token = \"{TOKEN}\"\napi_base = \"{}/v2\"\nlocale = \"{LOCALE_ID}\"\n",
            server.uri()
        ),
    )
    .unwrap();
    let mut cmd = sb.wfa(&["get", SEED_ID]);
    cmd.env_remove("WFA_CONFIG");
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn config_with_unknown_key_exits_2_naming_key_and_file() {
    let sb = Sandbox::new();
    sb.write_config("tokne = \"x\"\n");
    let out = exec(sb.wfa(&["get", "--demo", SEED_ID]));
    assert_fails(&out, 2, &["tokne", &sb.config_path().display().to_string()]);
    assert_eq!(out.stdout(), "");
}

#[test]
fn bad_config_files_do_not_echo_the_token() {
    // A config file that fails to parse must not quote its token line back: the
    // likeliest case is a misspelt key holding the real token.
    let sb = Sandbox::new();
    let mut leaks = Vec::new();
    for (case, text) in [
        ("misspelt key", format!("tokne = \"{TOKEN}\"\n")),
        (
            "duplicate key",
            format!("token = \"{TOKEN}\"\ntoken = \"{TOKEN}\"\n"),
        ),
        ("unterminated string", format!("token = \"{TOKEN}\n")),
    ] {
        sb.write_config(&text);
        let output = sb.wfa(&["get", "--demo", SEED_ID]).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{case}: {stderr}");
        assert!(
            stderr.contains(&sb.config_path().display().to_string()),
            "{case}: {stderr}"
        );
        if stderr.contains(TOKEN) {
            leaks.push(format!("{case}: {stderr}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "config errors print the token (src/config.rs read_file_config quotes the TOML line):\n{}",
        leaks.join("\n")
    );
}

// ---------------------------------------------------------------- answers that cannot be used

/// `GET /assets/X` answered with asset Y: an error line for X (never Y's JSON
/// as X), exit 5, and nothing cached for X.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_about_another_asset_is_an_error_and_not_cached() {
    let server = MockServer::start().await;
    mount_asset(
        &server,
        SEED_ID,
        json_ok(asset_json(CARAMEL_ID).to_string()),
    )
    .await;
    let caramel = mount_ok(&server, CARAMEL_ID).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &["--json", SEED_ID, CARAMEL_ID])).await;
    assert_eq!(out.code, 5, "{out:?}");
    let lines = json_lines(out.stdout());
    assert_eq!(lines.len(), 2, "one line per requested ID: {out:?}");
    assert_eq!(lines[0]["id"], SEED_ID);
    assert_eq!(lines[0]["error"]["code"], "wrong_asset");
    let message = lines[0]["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(SEED_ID) && message.contains(CARAMEL_ID),
        "{message}"
    );
    assert_eq!(lines[1], caramel);
    // Retried once (two requests for the seed), then given up.
    let seed_requests = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with(SEED_ID))
        .count();
    assert_eq!(seed_requests, 2);

    // Text output says so on stderr, and prints nothing for it.
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_fails(&out, 5, &["another asset", SEED_ID, CARAMEL_ID]);
    assert_eq!(out.stdout(), "", "{out:?}");

    // Nothing was cached for the seed: offline it is a miss (the caramel,
    // fetched rightly, is there).
    let out = run(sb.get_live(&server, &["--offline", "--json", SEED_ID, CARAMEL_ID])).await;
    assert_eq!(out.code, 1, "{out:?}");
    let lines = json_lines(out.stdout());
    assert_eq!(lines[0]["error"]["code"], "not_cached", "{out:?}");
    assert_eq!(lines[1], caramel);
}

/// DEL and C1 controls (xterm reads U+009B as CSI) are JSON escapes in
/// `wfa get --json`, in the asset and in an error's Webflow message; the
/// value a JSON reader gets is unchanged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_escapes_del_and_c1_controls() {
    let mut asset = seed();
    asset["altText"] = json!("Candy\u{9b}2J wrapper\u{7f}");
    asset["displayName"] = json!("wrapper\u{85}\u{9f}.png");
    let server = MockServer::start().await;
    mount_asset(&server, SEED_ID, json_ok(asset.to_string())).await;
    mount_asset(
        &server,
        MISSING_ID,
        webflow_error(404, "resource_not_found", "Not \u{9b}31mfound\u{7f}"),
    )
    .await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &["--json", SEED_ID, MISSING_ID])).await;
    assert_eq!(out.code, 1, "{out:?}");
    for (bytes, what) in [
        (&[0xC2, 0x9B][..], "U+009B"),
        (&[0xC2, 0x85][..], "U+0085"),
        (&[0xC2, 0x9F][..], "U+009F"),
        (&[0x7F][..], "DEL"),
    ] {
        assert!(
            !out.stdout.windows(bytes.len()).any(|w| w == bytes),
            "raw {what} in --json output: {out:?}"
        );
    }
    let stdout = out.stdout();
    for escape in ["\\u009b", "\\u007f", "\\u0085", "\\u009f"] {
        assert!(stdout.contains(escape), "{escape}: {stdout}");
    }
    let lines = json_lines(stdout);
    assert_eq!(lines[0], asset, "the same JSON, only escaped");
    assert_eq!(
        lines[1]["error"]["webflowMessage"],
        json!("Not \u{9b}31mfound\u{7f}")
    );
}

/// A malformed 200 is a server fault: retried once, then exit 5 (not 1, the
/// code `wfa audit` uses for findings). Deep nesting says what it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_answers_exit_5_and_deep_nesting_says_so() {
    let sb = Sandbox::new();
    let truncated = &SEED_JSON_BYTES[..SEED_JSON_BYTES.len() / 2];
    for (name, template, shown) in [
        ("truncated", json_ok(truncated), "not JSON"),
        (
            "html",
            ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"),
            "not JSON",
        ),
        ("deep", json_ok("[".repeat(10_000)), "too deeply nested"),
    ] {
        let server = seed_answered_with(template).await;
        let out = run(sb.get_live(&server, &[SEED_ID])).await;
        assert_fails(&out, 5, &[shown, SEED_ID]);
        assert_eq!(request_count(&server).await, 2, "{name}: retried once");
        if name == "deep" {
            assert!(!out.stderr().contains("not JSON"), "{out:?}");
            let out = run(sb.get_live(&server, &["--json", SEED_ID])).await;
            let lines = json_lines(out.stdout());
            assert_eq!(lines[0]["error"]["code"], "json_too_deeply_nested");
        }
    }
}
