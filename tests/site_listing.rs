//! Paging through a site (wiremock) and `wfa list` / `wfa audit` end to end.

mod common {
    pub mod cli;
}
use common::cli::wfa_in as wfa;

use std::time::Duration;

use serde_json::{Value, json};
use webflow_assets::webflow::{ApiError, Client, ClientConfig, SiteId, Token};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SITE: &str = "63938b302ea6b0aa6f3d8745";

fn asset(i: usize, alt: Value) -> Value {
    let id = format!("{i:024x}");
    json!({
        "id": id, "contentType": "image/jpeg", "size": 1000 + i,
        "siteId": SITE, "hostedUrl": format!("https://cdn.test/{id}_photo-{i}.jpg"),
        "originalFileName": format!("photo-{i}.jpg"), "displayName": format!("{id}_photo-{i}.jpg"),
        "lastUpdated": "2025-01-01T00:00:00.000Z", "createdOn": "2025-01-01T00:00:00.000Z",
        "variants": [], "altText": alt, "folderId": null,
    })
}

fn page(range: std::ops::Range<usize>, offset: usize, total: usize) -> ResponseTemplate {
    let assets: Vec<Value> = range
        .map(|i| asset(i, json!(format!("Photo number {i} of the shop"))))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "assets": assets,
        "pagination": {"limit": 100, "offset": offset, "total": total},
    }))
}

async fn mount_page(server: &MockServer, offset: usize, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("/v2/sites/{SITE}/assets")))
        .and(query_param("offset", offset.to_string()))
        .and(query_param("limit", "100"))
        .respond_with(response)
        .mount(server)
        .await;
}

fn client(server: &MockServer) -> Client {
    let mut config = ClientConfig::new(format!("{}/v2", server.uri()), Token::new("t0ken"));
    config.backoff_base = Duration::from_millis(10);
    Client::new(config).unwrap()
}

async fn list(server: &MockServer) -> (Vec<String>, Vec<(u32, u32)>) {
    let (listed, ids, progress) = try_list(server).await;
    listed.unwrap();
    (ids, progress)
}

/// The listing's outcome, the IDs handed over page by page, and the progress.
async fn try_list(server: &MockServer) -> (Result<usize, ApiError>, Vec<String>, Vec<(u32, u32)>) {
    let mut ids = Vec::new();
    let mut progress = Vec::new();
    let site = SiteId::parse(SITE).unwrap();
    let listed = client(server)
        .list_site(&site, None, None, |page| {
            ids.extend(page.assets.iter().map(|(a, _)| a.id.clone()));
            progress.push((page.loaded, page.total));
        })
        .await;
    (listed, ids, progress)
}

/// A page of `ids` (asset numbers), saying it is at `offset` of `total`.
fn page_of(ids: impl IntoIterator<Item = usize>, offset: usize, total: usize) -> ResponseTemplate {
    let assets: Vec<Value> = ids
        .into_iter()
        .map(|i| asset(i, json!(format!("Photo number {i} of the shop"))))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "assets": assets,
        "pagination": {"limit": 100, "offset": offset, "total": total},
    }))
}

/// Answers the page at `offset` with `response` once, before what is mounted
/// after it.
async fn mount_page_once(server: &MockServer, offset: usize, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("/v2/sites/{SITE}/assets")))
        .and(query_param("offset", offset.to_string()))
        .respond_with(response)
        .up_to_n_times(1)
        .mount(server)
        .await;
}

fn all_distinct(ids: &[String]) -> bool {
    let set: std::collections::HashSet<&String> = ids.iter().collect();
    set.len() == ids.len()
}

#[tokio::test]
async fn three_pages_with_a_short_last_one() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 250)).await;
    mount_page(&server, 100, page(100..200, 100, 250)).await;
    mount_page(&server, 200, page(200..250, 200, 250)).await;
    let (ids, progress) = list(&server).await;
    assert_eq!(ids.len(), 250);
    assert_eq!(ids[249], format!("{:024x}", 249));
    assert_eq!(progress, [(100, 250), (200, 250), (250, 250)]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// Someone uploads 30 assets while wfa pages: every asset that came back is
/// handed over, and the listing is reported as changed (offsets shift under
/// an upload or a deletion, so assets may have been skipped), never as
/// complete.
#[tokio::test]
async fn a_total_that_changes_midway_is_followed() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 150)).await;
    mount_page(&server, 100, page(100..180, 100, 180)).await;
    let (listed, ids, progress) = try_list(&server).await;
    assert_eq!(ids.len(), 180);
    assert_eq!(progress.last(), Some(&(180, 180)));
    let e = listed.unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::SiteChanged {
                first: 150,
                last: 180,
                got: 180,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("changed while it was being listed"),
        "{e}"
    );
    assert_eq!(e.class().exit_code(), 5);
    // The page with the new total was fetched again before it was believed.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

/// A server that over-reports cannot keep wfa paging: the empty page is
/// fetched again once, then the listing ends, as an error, since the site
/// said it holds more.
#[tokio::test]
async fn a_total_that_overstates_stops_at_an_empty_page() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 500)).await;
    mount_page(&server, 100, page(0..0, 100, 500)).await;
    let (listed, ids, _) = try_list(&server).await;
    assert_eq!(ids.len(), 100);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let e = listed.unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::IncompleteListing {
                got: 100,
                total: 500,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.class().exit_code(), 5);
}

/// A page that repeats the one before and a page that skips an asset are
/// both fetched again; the second answers are right, so the listing is
/// whole: every asset once, in site order.
#[tokio::test]
async fn a_repeated_page_and_a_skipped_asset_are_healed_by_fetching_again() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 250)).await;
    // Offset 100 first answered with page 0 again.
    mount_page_once(&server, 100, page_of(0..100, 100, 250)).await;
    mount_page(&server, 100, page(100..200, 100, 250)).await;
    // Offset 200 first answered without asset 225.
    mount_page_once(
        &server,
        200,
        page_of((200..250).filter(|i| *i != 225), 200, 250),
    )
    .await;
    mount_page(&server, 200, page(200..250, 200, 250)).await;
    let (ids, progress) = list(&server).await;
    let expected: Vec<String> = (0..250).map(|i| format!("{i:024x}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(progress, [(100, 250), (200, 250), (250, 250)]);
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}

/// Assets repeated within a page, or across pages, are handed over once (the
/// first copy); what never came back makes the listing an error.
#[tokio::test]
async fn a_listing_that_cannot_be_healed_is_an_error_without_duplicates() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 250)).await;
    // Offset 100 keeps answering with assets 0..50 twice over.
    mount_page(&server, 100, page_of((0..50).chain(0..50), 100, 250)).await;
    mount_page(&server, 200, page(200..250, 200, 250)).await;
    let (listed, ids, progress) = try_list(&server).await;
    assert!(all_distinct(&ids), "{ids:?}");
    assert_eq!(ids.len(), 150);
    assert_eq!(progress, [(100, 250), (100, 250), (150, 250)]);
    let e = listed.unwrap_err();
    assert!(
        matches!(
            e,
            ApiError::IncompleteListing {
                got: 150,
                total: 250,
                ..
            }
        ),
        "{e:?}"
    );
    let msg = e.to_string();
    assert!(msg.contains("250") && msg.contains("150"), "{msg}");
    assert_eq!(e.code(), "incomplete_listing");
    assert_eq!(e.class().exit_code(), 5);
    // Page 100 was fetched twice, the others once.
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

/// One malformed page is retried before the listing gives up on it.
#[tokio::test]
async fn a_malformed_page_is_retried_once() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 200)).await;
    mount_page_once(
        &server,
        100,
        ResponseTemplate::new(200).set_body_raw("{\"assets\": [", "application/json"),
    )
    .await;
    mount_page(&server, 100, page(100..200, 100, 200)).await;
    let (ids, _) = list(&server).await;
    assert_eq!(ids.len(), 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_page_that_fails_once_is_retried() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 200)).await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/sites/{SITE}/assets")))
        .and(query_param("offset", "100"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_page(&server, 100, page(100..200, 100, 200)).await;
    let (ids, _) = list(&server).await;
    assert_eq!(ids.len(), 200);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

fn run(args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = wfa(home.path(), args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn audit_of_the_demo_site_fails_and_says_why_in_every_format() {
    let (code, table, _) = run(&["audit", "--demo", "--site", SITE]);
    assert_eq!(
        code, 1,
        "missing/empty/filename alt text must fail the default --fail-on error"
    );
    for needle in [
        "alt-empty",
        "alt-filename",
        "IMG_4821.jpg",
        "alt-placeholder",
        "Rules that fired",
        "18 assets (16 images)",
    ] {
        assert!(table.contains(needle), "table lacks {needle}:\n{table}");
    }

    let (code, json_out, _) = run(&["audit", "--demo", "--site", SITE, "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(report["summary"]["assets"], 18);
    assert_eq!(report["summary"]["images"], 16);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(report["summary"]["findings"], findings.len());
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "alt-missing" && f["altText"].is_null())
    );
    assert!(
        findings
            .iter()
            .all(|f| f["assetId"].is_string() && f["severity"].is_string())
    );
    assert_eq!(report["summary"]["byRule"]["alt-duplicate"], 3);

    let (_, csv, _) = run(&["audit", "--demo", "--site", SITE, "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("assetId,displayName,rule,severity,altText,detail,waived")
    );
    assert_eq!(lines.count(), findings.len());

    let (_, md, _) = run(&["audit", "--demo", "--site", SITE, "--format", "markdown"]);
    assert!(md.starts_with("## Alt-text audit"));
    assert!(md.contains("| Severity | Rule | Asset |"));
    assert!(md.contains("`alt-filename`"));

    // --fail-on never passes; warnings-only assets pass the default.
    assert_eq!(
        run(&["audit", "--demo", "--site", SITE, "--fail-on", "never"]).0,
        0
    );
    let (code, out, _) = run(&["audit", "--demo", "66bca24435ec7f19c092c9a9"]);
    assert_eq!(
        code, 0,
        "a missing (null) alt text is a warning by default:\n{out}"
    );
    assert!(out.contains("alt-missing"));
    assert_eq!(
        run(&[
            "audit",
            "--demo",
            "--fail-on",
            "warning",
            "66bca24435ec7f19c092c9a9"
        ])
        .0,
        1
    );
    assert_eq!(
        run(&[
            "audit",
            "--demo",
            "--missing",
            "error",
            "66bca24435ec7f19c092c9a9"
        ])
        .0,
        1
    );
    // A clean asset passes even --fail-on warning.
    let (code, out, _) = run(&[
        "audit",
        "--demo",
        "--fail-on",
        "warning",
        "65e742278eb03b693bb003fd",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("No alt-text problems found"));
}

#[test]
fn audit_and_list_usage_errors() {
    assert_eq!(run(&["audit", "--demo", "--site", "nope"]).0, 2);
    // Outside the demo a site or IDs are required, and the error says what to pass.
    let (code, _, err) = run(&["audit"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--site SITE_ID") && err.contains("IDs") && err.contains("--demo"),
        "{err}"
    );
    let (code, _, err) = run(&["list"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--site SITE_ID") && err.contains("--demo"),
        "{err}"
    );
    // A site but no token: the error says how to try the demo.
    for command in ["list", "audit"] {
        let (code, _, err) = run(&[command, "--site", SITE]);
        assert_eq!(code, 3, "{command}: {err}");
        assert!(
            err.contains("WEBFLOW_API_TOKEN") && err.contains("--demo"),
            "{command}: {err}"
        );
    }
    // A folder goes with a site, not with IDs.
    let (code, _, err) = run(&[
        "audit",
        "--demo",
        "--folder",
        "000000000000000000000001",
        "66bca24435ec7f19c092c9a9",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(run(&["list", "--demo", "--site", "nope"]).0, 2);
    // A missing asset is a fetch failure: the wfa get code, after the report.
    let (code, _, err) = run(&["audit", "--demo", "000000000000000000000000"]);
    assert_eq!(code, 1);
    assert!(err.contains("was not found"), "{err}");
}

#[test]
fn list_prints_every_asset_as_json_lines_and_sorts() {
    let (code, out, _) = run(&["list", "--demo", "--site", SITE, "--json"]);
    assert_eq!(code, 0);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 18);
    assert_eq!(lines[0]["id"], "63e5889e7fe4eafa7384cea4");
    let (_, sorted, _) = run(&[
        "list",
        "--demo",
        "--site",
        SITE,
        "--json",
        "--sort-by",
        "size",
    ]);
    let sizes: Vec<u64> = sorted
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["size"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
    let (_, text, _) = run(&["list", "--demo", "--site", SITE]);
    assert!(text.starts_with("ID "));
    assert!(text.contains("lollipop-assortment.webp") && text.contains("missing"));
}

/// The demo answers `list` and `audit` with no more flags: its site is the default.
#[test]
fn the_demo_site_is_the_default_in_demo_mode() {
    let (code, text, err) = run(&["list", "--demo"]);
    assert_eq!(code, 0, "{err}");
    let (_, with_site, _) = run(&["list", "--demo", "--site", SITE]);
    assert_eq!(text, with_site, "the same listing as --site {SITE}");
    assert!(text.starts_with("ID "), "{text}");
    assert_eq!(
        text.lines().count(),
        1 + 18,
        "a header and 18 assets:\n{text}"
    );

    let (code, json_lines, err) = run(&["list", "--demo", "--json"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = json_lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 18);
    assert!(lines.iter().all(|a| a["siteId"] == SITE));

    // The demo catalogue has error-level findings (empty and file-name alt
    // text), so the default --fail-on error exits 1, in every format.
    let (code, table, err) = run(&["audit", "--demo"]);
    assert_eq!(code, 1, "{err}");
    assert!(table.contains("Rules that fired"), "{table}");
    assert!(table.contains("18 assets (16 images)"), "{table}");

    let (code, json_out, err) = run(&["audit", "--demo", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let report: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(report["summary"]["assets"], 18);
    assert_eq!(report["summary"]["images"], 16);
    let findings = report["findings"].as_array().unwrap().len();
    assert!(findings > 0);

    let (code, csv, err) = run(&["audit", "--demo", "--format", "csv"]);
    assert_eq!(code, 1, "{err}");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("assetId,displayName,rule,severity,altText,detail,waived")
    );
    assert_eq!(lines.count(), findings);

    let (code, md, err) = run(&["audit", "--demo", "--format", "markdown"]);
    assert_eq!(code, 1, "{err}");
    assert!(md.starts_with("## Alt-text audit"), "{md}");
    assert!(md.contains("| Severity | Rule | Asset |"));

    assert_eq!(run(&["audit", "--demo", "--fail-on", "never"]).0, 0);
    // A folder of the demo site with nothing in it: an empty listing, a clean audit.
    let (code, out, err) = run(&["audit", "--demo", "--folder", "000000000000000000000001"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 assets"), "{out}");
}

/// Runs `wfa ARGS` against `server` (with a token), reads the first line of
/// its stdout, then closes the pipe as `| head -1` does; returns the exit
/// code, that line, everything on stderr and the number of pages requested.
async fn list_into_a_closed_pipe(
    server: &MockServer,
    args: &[&str],
) -> (i32, String, String, usize) {
    use std::io::{BufRead, BufReader, Read};
    use std::process::{Command, Stdio};
    use std::time::Instant;

    let home = tempfile::tempdir().unwrap();
    let base = format!("{}/v2", server.uri());
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend(["--api-base".to_string(), base]);
    let home_path = home.path().to_path_buf();
    let (code, first, stderr) = tokio::task::spawn_blocking(move || {
        let home = home_path;
        // The same clean environment as `common::cli::wfa_in`, on a std Command
        // (assert_cmd cannot close stdout early).
        let mut child = Command::new(env!("CARGO_BIN_EXE_wfa"))
            .env_clear()
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .env("TZ", "UTC")
            .env("WEBFLOW_API_TOKEN", "t0ken")
            .args(&all)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr_pipe = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr_pipe.read_to_string(&mut text);
            text
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        drop(stdout);
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("wfa kept running after its reader went away");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        (status.code().unwrap_or(-1), first, stderr.join().unwrap())
    })
    .await
    .unwrap();
    let pages = server.received_requests().await.unwrap().len();
    (code, first, stderr, pages)
}

/// `wfa list | head`: the listing stops paging once the reader is gone and
/// exits 0 without a word. 2000 assets are far more than a pipe buffers
/// (about 100 bytes a line), so wfa meets the closed pipe while pages remain.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_into_a_closed_pipe_stops_paging_and_exits_quietly() {
    const TOTAL: usize = 2000;
    const PAGES: usize = TOTAL / 100;
    for args in [
        &["list", "--site", SITE][..],
        &["list", "--site", SITE, "--json"][..],
    ] {
        let server = MockServer::start().await;
        for offset in (0..TOTAL).step_by(100) {
            mount_page(&server, offset, page(offset..offset + 100, offset, TOTAL)).await;
        }
        let (code, first, stderr, pages) = list_into_a_closed_pipe(&server, args).await;
        eprintln!("{args:?}: {pages} of {PAGES} pages requested");
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
        if args.contains(&"--json") {
            assert!(first.starts_with(r#"{"id":"#), "{first}");
        } else {
            assert!(first.starts_with("ID "), "{first}");
        }
        assert!(
            pages < PAGES,
            "{args:?}: all {pages} pages were requested for a closed pipe"
        );
    }

    // Sorted, the whole site is needed before the first line: every page is
    // requested, and the closed pipe still ends it quietly.
    let server = MockServer::start().await;
    for offset in (0..TOTAL).step_by(100) {
        mount_page(&server, offset, page(offset..offset + 100, offset, TOTAL)).await;
    }
    let (code, first, stderr, pages) =
        list_into_a_closed_pipe(&server, &["list", "--site", SITE, "--sort-by", "name"]).await;
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "");
    assert!(first.starts_with("ID "), "{first}");
    assert_eq!(pages, PAGES);
}

/// `wfa ARGS --api-base <server>/v2` with a token, off the async runtime.
/// Returns (exit code, stdout bytes, stderr).
async fn live(server: &MockServer, args: &[&str]) -> (i32, Vec<u8>, String) {
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend(["--api-base".to_string(), format!("{}/v2", server.uri())]);
    tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().unwrap();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = wfa(home.path(), &all)
            .env("WEBFLOW_API_TOKEN", "t0ken")
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            out.stdout,
            String::from_utf8(out.stderr).unwrap(),
        )
    })
    .await
    .unwrap()
}

/// A site of 250 whose page at offset 100 always repeats page 0: it cannot
/// be healed by fetching again.
async fn broken_site() -> MockServer {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 250)).await;
    mount_page(&server, 100, page_of(0..100, 100, 250)).await;
    mount_page(&server, 200, page(200..250, 200, 250)).await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_of_a_broken_listing_exits_5_and_says_so() {
    for json_flag in [false, true] {
        let server = broken_site().await;
        let mut args = vec!["list", "--site", SITE];
        if json_flag {
            args.push("--json");
        }
        let (code, stdout, stderr) = live(&server, &args).await;
        assert_eq!(code, 5, "--json {json_flag}: {stderr}");
        assert!(stderr.contains("does not add up"), "{stderr}");
        assert!(stderr.contains("250") && stderr.contains("150"), "{stderr}");
        // What did come back is printed, each asset once.
        let stdout = String::from_utf8(stdout).unwrap();
        let ids: Vec<String> = stdout
            .lines()
            .filter(|l| !l.starts_with("ID "))
            .map(|l| {
                if json_flag {
                    serde_json::from_str::<Value>(l).unwrap()["id"]
                        .as_str()
                        .unwrap()
                        .to_string()
                } else {
                    l.split_whitespace().next().unwrap().to_string()
                }
            })
            .collect();
        assert_eq!(ids.len(), 150, "--json {json_flag}");
        assert!(all_distinct(&ids), "--json {json_flag}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_of_a_healed_listing_exits_0_with_every_asset_once() {
    let server = MockServer::start().await;
    mount_page(&server, 0, page(0..100, 0, 200)).await;
    mount_page_once(&server, 100, page_of(50..150, 100, 200)).await;
    mount_page(&server, 100, page(100..200, 100, 200)).await;
    let (code, stdout, stderr) = live(&server, &["list", "--site", SITE, "--json"]).await;
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<String> = String::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 200);
    assert!(all_distinct(&ids));
}

/// A broken listing is a server fault (5), never "findings reached
/// --fail-on" (1), whatever the findings and --fail-on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_of_a_broken_listing_exits_5_not_1() {
    let malformed = MockServer::start().await;
    mount_page(&malformed, 0, page(0..100, 0, 200)).await;
    mount_page(
        &malformed,
        100,
        ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html"),
    )
    .await;
    let incomplete = broken_site().await;
    for (name, server) in [("incomplete", &incomplete), ("malformed", &malformed)] {
        for fail_on in ["error", "warning", "never"] {
            let (code, stdout, stderr) = live(
                server,
                &[
                    "audit",
                    "--site",
                    SITE,
                    "--fail-on",
                    fail_on,
                    "--format",
                    "json",
                ],
            )
            .await;
            assert_eq!(code, 5, "{name} --fail-on {fail_on}: {stderr}");
            assert!(stderr.starts_with("wfa audit: "), "{name}: {stderr}");
            // No report that looks like the whole site.
            assert!(
                stdout.is_empty(),
                "{name}: {}",
                String::from_utf8_lossy(&stdout)
            );
        }
    }
    // The malformed page was tried twice per run, no more.
    let pages = malformed
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.query().unwrap_or("").contains("offset=100"))
        .count();
    assert_eq!(pages, 2 * 3);
}

/// DEL and C1 controls (xterm reads U+009B as CSI) are JSON escapes in
/// `wfa list --json` and `wfa audit --format json`, never raw bytes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_listing_escapes_del_and_c1_controls() {
    let server = MockServer::start().await;
    // No alt text, so the audit reports it, display name and all.
    let mut hostile = asset(0, Value::Null);
    hostile["displayName"] = json!("name\u{9b}31m\u{85}with\u{7f}del.jpg");
    let body = json!({
        "assets": [hostile.clone(), asset(1, json!("A red lollipop \u{9b}2J"))],
        "pagination": {"limit": 100, "offset": 0, "total": 2},
    });
    mount_page(&server, 0, ResponseTemplate::new(200).set_body_json(body)).await;
    for args in [
        &["list", "--site", SITE, "--json"][..],
        &[
            "audit",
            "--site",
            SITE,
            "--format",
            "json",
            "--fail-on",
            "never",
        ][..],
    ] {
        let (code, stdout, stderr) = live(&server, args).await;
        assert_eq!(code, 0, "{args:?}: {stderr}");
        for bytes in [[0xC2, 0x9B], [0xC2, 0x85]] {
            assert!(
                !stdout.windows(2).any(|w| w == bytes),
                "{args:?}: raw C1 in stdout"
            );
        }
        assert!(!stdout.contains(&0x7f), "{args:?}: raw DEL in stdout");
        let text = String::from_utf8(stdout).unwrap();
        assert!(text.contains("\\u009b"), "{args:?}: {text}");
        assert!(text.contains("\\u007f"), "{args:?}: {text}");
        if args[0] == "list" {
            let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
            assert_eq!(first, hostile, "the same JSON, only escaped");
        }
    }
}
