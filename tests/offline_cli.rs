//! `--offline` and `--no-cache` as a user runs them: the second run of a batch
//! needs no network and prints the same assets.

mod common {
    pub mod cli;
}
use common::cli::wfa_in as wfa;

use assert_cmd::Command;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers any asset ID with a small asset of that ID.
async fn any_asset_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/assets/[0-9a-f]{24}$"))
        .respond_with(|req: &Request| {
            let id = req.url.path().rsplit('/').next().unwrap().to_string();
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "id": id, "contentType": "image/png", "size": 1234,
                "siteId": "63938b302ea6b0aa6f3d8745",
                "hostedUrl": format!("https://cdn.example.test/{id}_a.png"),
                "originalFileName": "a.png", "displayName": format!("{id}_a.png"),
                "lastUpdated": "2024-01-01T00:00:00.000Z", "createdOn": "2024-01-01T00:00:00.000Z",
                "variants": [], "altText": format!("Asset {id}"),
            }))
        })
        .mount(&server)
        .await;
    server
}

fn run(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_id_batch_repeats_offline_with_zero_requests() {
    let server = any_asset_server().await;
    let home = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (1..=200).map(|i| format!("{i:024x}")).collect();
    let stdin = ids.join("\n");
    let base = format!("{}/v2", server.uri());

    let live = {
        let mut cmd = wfa(home.path(), &["get", "--json", "--api-base", &base, "-"]);
        cmd.env("WEBFLOW_API_TOKEN", "t0ken")
            .write_stdin(stdin.clone());
        tokio::task::spawn_blocking(move || run(cmd)).await.unwrap()
    };
    assert_eq!(live.0, 0, "{}", live.2);
    assert_eq!(server.received_requests().await.unwrap().len(), 200);

    // No token, no server needed: the cache answers everything.
    let offline = {
        let mut cmd = wfa(
            home.path(),
            &["get", "--json", "--offline", "--api-base", &base, "-"],
        );
        cmd.write_stdin(stdin);
        tokio::task::spawn_blocking(move || run(cmd)).await.unwrap()
    };
    assert_eq!(offline.0, 0, "{}", offline.2);
    assert_eq!(offline.1, live.1, "the same assets, byte for byte");
    assert_eq!(offline.1.lines().count(), 200);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        200,
        "offline sent nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_misses_and_no_cache() {
    let server = any_asset_server().await;
    let home = tempfile::tempdir().unwrap();
    let base = format!("{}/v2", server.uri());
    let id = "0000000000000000000000aa";

    // Nothing cached yet: a clear error, exit 1, no request.
    let miss = {
        let cmd = wfa(home.path(), &["get", "--offline", "--api-base", &base, id]);
        tokio::task::spawn_blocking(move || run(cmd)).await.unwrap()
    };
    assert_eq!(miss.0, 1);
    assert!(
        miss.2.contains("not in the cache") && miss.2.contains("without --offline"),
        "{}",
        miss.2
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    // --no-cache fetches but does not store…
    let bypass = {
        let mut cmd = wfa(home.path(), &["get", "--no-cache", "--api-base", &base, id]);
        cmd.env("WEBFLOW_API_TOKEN", "t0ken");
        tokio::task::spawn_blocking(move || run(cmd)).await.unwrap()
    };
    assert_eq!(bypass.0, 0, "{}", bypass.2);
    let still_missing = {
        let cmd = wfa(home.path(), &["get", "--offline", "--api-base", &base, id]);
        tokio::task::spawn_blocking(move || run(cmd)).await.unwrap()
    };
    assert_eq!(still_missing.0, 1, "--no-cache must not write the cache");

    // …and the two cannot be combined.
    let both = {
        let cmd = wfa(home.path(), &["get", "--offline", "--no-cache", id]);
        tokio::task::spawn_blocking(move || run(cmd)).await.unwrap()
    };
    assert_eq!(both.0, 2);
}
