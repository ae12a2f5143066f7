//! `wfa update` as a user runs it: the real binary against a mock Webflow
//! (wiremock) or the demo catalogue. Refused values never reach the API;
//! `--dry-run` and unchanged values send no PATCH; a real change sends one,
//! and is journalled before and after.

mod common {
    pub mod cli;
    pub mod sandbox;
    pub mod webflow;
}

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::sandbox::{Out, Sandbox, run};
use common::webflow::{SEED_ID, TOKEN, json_ok, ok, seed, webflow_error};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer};

/// `wfa update --api-base <server>/v2 ARGS` with the token set and the
/// state directory (the journal's home) at `state`.
fn update(sb: &Sandbox, server: &MockServer, state: &Path, args: &[&str]) -> Command {
    let base = format!("{}/v2", server.uri());
    let mut cmd = sb.wfa(&["update", "--api-base", &base]);
    cmd.args(args)
        .env("WEBFLOW_API_TOKEN", TOKEN)
        .env("XDG_STATE_HOME", state);
    cmd
}

/// A mock Webflow whose GET of the seed asset answers `current`, with the
/// test's own PATCH expectation `patch` mounted beside it.
async fn webflow(current: Value, patch: Mock) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{SEED_ID}")))
        .respond_with(json_ok(current.to_string()))
        .mount(&server)
        .await;
    patch.mount(&server).await;
    server
}

/// Runs `wfa update ARGS` against `server` in a fresh sandbox; returns what
/// it printed and the state directory holding its journal.
async fn run_update(server: &MockServer, args: &[&str]) -> (Out, tempfile::TempDir) {
    let sb = Sandbox::new();
    let state = tempfile::tempdir().unwrap();
    let out = run(update(&sb, server, state.path(), args)).await;
    (out, state)
}

/// The entries of the run's one journal, header first.
fn journal_lines(state: &Path) -> Vec<Value> {
    let files = journal_files(state);
    assert_eq!(files.len(), 1, "one journal per run: {files:?}");
    std::fs::read_to_string(&files[0])
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn journal_files(state: &Path) -> Vec<PathBuf> {
    let dir = state.join("wfa").join("journal");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries.map(|e| e.unwrap().path()).collect()
}

fn assert_code(out: &Out, code: i32) {
    assert_eq!(out.code, code, "{out:?}");
}

#[tokio::test]
async fn refused_values_exit_2_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok())
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ok())
        .expect(0)
        .mount(&server)
        .await;
    let sb = Sandbox::new();
    let state = tempfile::tempdir().unwrap();
    for (args, shown) in [
        (vec!["--alt-text", "two\nlines"], "one line"),
        (vec!["--alt-text", "a\ttab"], "tabs"),
        (vec!["--alt-text", "bell\u{7}"], "control character"),
        (vec!["--alt-text", "\u{200b}\u{200b}"], "invisible"),
        (vec!["--alt-text", ""], "--decorative"),
        (vec!["--alt-text", "   "], "--decorative"),
        (vec!["--display-name", " "], "display name is empty"),
        (
            vec!["--alt-text", "ok", "--display-name", "a\nb"],
            "one line",
        ),
    ] {
        let mut all = vec![SEED_ID];
        all.extend(args.iter().copied());
        let out = run(update(&sb, &server, state.path(), &all)).await;
        assert_code(&out, 2);
        assert!(out.stderr().contains(shown), "{shown:?}: {out:?}");
        assert!(out.stderr().contains("nothing was sent"), "{out:?}");
    }
    // A bad ID, and no change asked for at all, are usage errors too.
    let out = run(update(
        &sb,
        &server,
        state.path(),
        &["nope", "--alt-text", "x"],
    ))
    .await;
    assert_code(&out, 2);
    let out = run(update(&sb, &server, state.path(), &[SEED_ID])).await;
    assert_code(&out, 2);
    assert!(journal_files(state.path()).is_empty());
}

#[tokio::test]
async fn dry_run_prints_before_and_after_and_sends_nothing() {
    let server = webflow(
        seed(),
        Mock::given(method("PATCH")).respond_with(ok()).expect(0),
    )
    .await;
    let (out, state) = run_update(
        &server,
        &[SEED_ID, "--alt-text", "  A red candy wrapper ", "--dry-run"],
    )
    .await;
    assert_code(&out, 0);
    let before = seed()["altText"].clone();
    let before = match before.as_str() {
        Some(text) => format!("\"{text}\""),
        None => "not set (null)".to_string(),
    };
    assert!(
        out.stdout()
            .contains(&format!("{before} → \"A red candy wrapper\"")),
        "{out:?}"
    );
    assert!(out.stdout().contains("dry run"), "{out:?}");
    assert!(journal_files(state.path()).is_empty());
}

#[tokio::test]
async fn an_unchanged_value_writes_nothing() {
    let mut asset = seed();
    asset["altText"] = json!("Same text");
    let server = webflow(
        asset,
        Mock::given(method("PATCH")).respond_with(ok()).expect(0),
    )
    .await;
    let (out, state) = run_update(&server, &[SEED_ID, "--alt-text", " Same text"]).await;
    assert_code(&out, 0);
    assert!(out.stdout().contains("unchanged"), "{out:?}");
    assert!(journal_files(state.path()).is_empty());
}

#[tokio::test]
async fn an_update_sends_one_patch_prints_the_new_value_and_is_journalled() {
    let mut answer = seed();
    answer["altText"] = json!("A red candy wrapper");
    let patch = Mock::given(method("PATCH"))
        .and(path(format!("/v2/assets/{SEED_ID}")))
        .and(body_json(json!({"altText": "A red candy wrapper"})))
        .respond_with(json_ok(answer.to_string()))
        .expect(1);
    let server = webflow(seed(), patch).await;
    let (out, state) = run_update(&server, &[SEED_ID, "--alt-text", "A red candy wrapper"]).await;
    assert_code(&out, 0);
    assert!(out.stdout().contains("updated"), "{out:?}");
    assert!(
        out.stdout()
            .contains("alt text:     \"A red candy wrapper\""),
        "{out:?}"
    );

    let lines = journal_lines(state.path());
    assert_eq!(lines.len(), 3, "a header and two lines: {lines:?}");
    assert_eq!(lines[0]["format"], "wfa-journal");
    assert_eq!(lines[1]["result"], "sending");
    assert_eq!(lines[2]["result"], "done");
    for line in &lines[1..] {
        assert_eq!(line["assetId"], SEED_ID);
        assert_eq!(line["field"], "altText");
        assert_eq!(line["before"], seed()["altText"]);
        assert_eq!(line["after"], "A red candy wrapper");
    }
    let text = std::fs::read_to_string(&journal_files(state.path())[0]).unwrap();
    assert!(!text.contains(TOKEN));
}

#[tokio::test]
async fn a_token_without_write_scope_exits_3_and_the_journal_says_failed() {
    let patch = Mock::given(method("PATCH")).respond_with(webflow_error(
        403,
        "missing_scopes",
        "OAuthForbidden: missing required scopes",
    ));
    let server = webflow(seed(), patch).await;
    let (out, state) = run_update(&server, &[SEED_ID, "--alt-text", "A red candy wrapper"]).await;
    assert_code(&out, 3);
    assert!(out.stderr().contains("assets:write"), "{out:?}");
    let lines = journal_lines(state.path());
    let last = lines.last().unwrap();
    assert_eq!(last["result"], "failed");
    assert!(last["detail"].as_str().unwrap().contains("assets:write"));
}

#[tokio::test]
async fn decorative_writes_an_empty_string() {
    let mut answer = seed();
    answer["altText"] = json!("");
    let patch = Mock::given(method("PATCH"))
        .and(body_json(json!({"altText": ""})))
        .respond_with(json_ok(answer.to_string()))
        .expect(1);
    let server = webflow(seed(), patch).await;
    let (out, _state) = run_update(&server, &[SEED_ID, "--decorative", "--json"]).await;
    assert_code(&out, 0);
    let line: Value = serde_json::from_str(out.stdout().trim()).unwrap();
    assert_eq!(line["result"], "done");
    assert_eq!(line["altText"], "");
}

#[test]
fn demo_update_goes_through_the_demo_servers_patch() {
    let sb = Sandbox::new();
    let state = tempfile::tempdir().unwrap();
    let mut cmd = sb.wfa(&[
        "update",
        "--demo",
        SEED_ID,
        "--alt-text",
        "Demo text",
        "--json",
    ]);
    cmd.env("XDG_STATE_HOME", state.path());
    let out = common::sandbox::exec(cmd);
    assert_code(&out, 0);
    let line: Value = serde_json::from_str(out.stdout().trim()).unwrap();
    assert_eq!(line["altText"], "Demo text", "{out:?}");
    assert_eq!(journal_files(state.path()).len(), 1);
}

#[tokio::test]
async fn the_locale_goes_with_the_read_the_write_and_the_journal() {
    const LOCALE_ID: &str = "65427cf400e02b306eaa04a0";
    let mut answer = seed();
    answer["altText"] = json!("Localised");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("localeId", LOCALE_ID))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(query_param("localeId", LOCALE_ID))
        .respond_with(json_ok(answer.to_string()))
        .expect(1)
        .mount(&server)
        .await;
    let (out, state) = run_update(
        &server,
        &[SEED_ID, "--alt-text", "Localised", "--locale", LOCALE_ID],
    )
    .await;
    assert_code(&out, 0);
    for line in &journal_lines(state.path())[1..] {
        assert_eq!(line["locale"], LOCALE_ID);
    }
}
