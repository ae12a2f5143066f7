//! `--locale fr-FR` (a tag) on the commands that work on assets: the real
//! binary against a mock localised site (`common::mock_pages`). A tag is
//! looked up through the site the command works on (`list --site`), or the
//! site of the first asset it looks up (`get`, `update`, `apply`), and every
//! request after that carries the locale's ID. An unknown tag lists the
//! site's locales; `--offline` refuses a tag instead of sending a request.

mod common {
    pub mod cli;
    pub mod mock_pages;
    pub mod sandbox;
    pub mod webflow;
}

use common::mock_pages::{EN, FR, Loc, MockSite, query, requests_to};
use common::sandbox::{Sandbox, run};
use common::webflow::{TOKEN, asset_json, json_ok};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SITE: &str = "5f0c8c9e1c9d440000e8d8c3";
const ASSET: &str = "aaaaaaaaaaaaaaaaaaaaaa01";

fn asset(alt: &str) -> Value {
    let mut v = asset_json(ASSET);
    v["siteId"] = json!(SITE);
    v["altText"] = json!(alt);
    v
}

fn alt_in(loc: &Loc) -> &'static str {
    if loc.tag == "fr-FR" {
        "Tourbillon de caramel"
    } else {
        "Caramel swirl"
    }
}

/// The site (locales, asset listing per locale) and `GET /assets/{id}` in
/// the default locale and in French.
async fn serve() -> MockServer {
    let server = MockServer::start().await;
    MockSite::new(SITE, "Candy", vec![EN, FR])
        .assets(|loc| vec![asset(alt_in(loc))])
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET}")))
        .and(query_param_is_missing("localeId"))
        .respond_with(json_ok(asset(alt_in(&EN)).to_string()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{ASSET}")))
        .and(query_param("localeId", FR.id))
        .respond_with(json_ok(asset(alt_in(&FR)).to_string()))
        .mount(&server)
        .await;
    server
}

fn wfa(sb: &Sandbox, server: &MockServer, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = sb.wfa(args);
    cmd.args(["--api-base", &format!("{}/v2", server.uri())])
        .env("WEBFLOW_API_TOKEN", TOKEN);
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_looks_a_tag_up_through_the_assets_site() {
    let server = serve().await;
    let sb = Sandbox::new();
    let out = run(wfa(
        &sb,
        &server,
        &["get", "--json", "--locale", "fr-FR", ASSET],
    ))
    .await;
    assert_eq!(out.code, 0, "{out:?}");
    let got: Value = serde_json::from_str(out.stdout().trim()).unwrap();
    assert_eq!(got["altText"], "Tourbillon de caramel", "{out:?}");
    // One GET to learn the site, the site, then the asset in French.
    let gets = requests_to(&server, "/v2/assets/*").await;
    assert_eq!(gets.len(), 2, "{gets:?}");
    assert_eq!(
        query(&gets[1]).get("localeId").map(String::as_str),
        Some(FR.id)
    );
    assert_eq!(requests_to(&server, "/v2/sites/*").await.len(), 1);
    assert!(!out.stdout().contains(TOKEN) && !out.stderr().contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_looks_a_tag_up_through_the_listed_site() {
    let server = serve().await;
    let sb = Sandbox::new();
    let site = ["list", "--json", "--site", SITE, "--locale", "fr-fr"];
    let out = run(wfa(&sb, &server, &site)).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout().contains("Tourbillon de caramel"), "{out:?}");
    // No asset is fetched to find the site: the listing names it.
    assert!(requests_to(&server, "/v2/assets/*").await.is_empty());
    let listings = requests_to(&server, &format!("/v2/sites/{SITE}/assets")).await;
    assert!(
        listings
            .iter()
            .all(|r| query(r).get("localeId").map(String::as_str) == Some(FR.id))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_tag_names_the_sites_locales_and_reads_nothing_in_it() {
    let server = serve().await;
    let sb = Sandbox::new();
    let out = run(wfa(&sb, &server, &["get", "--locale", "de-DE", ASSET])).await;
    assert_eq!(out.code, 2, "{out:?}");
    for needle in ["no locale de-DE", "en-US", "fr-FR", FR.id] {
        assert!(out.stderr().contains(needle), "{needle}: {out:?}");
    }
    assert!(out.stdout().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_refuses_a_tag_without_a_request() {
    let server = serve().await;
    let sb = Sandbox::new();
    let out = run(wfa(
        &sb,
        &server,
        &["get", "--offline", "--locale", "fr-FR", ASSET],
    ))
    .await;
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr().contains("--offline"), "{out:?}");
    assert!(out.stderr().contains("locale's ID"), "{out:?}");
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_and_apply_write_in_the_tags_locale() {
    let server = serve().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/v2/assets/{ASSET}")))
        .and(query_param("localeId", FR.id))
        .respond_with(json_ok(asset("Spirale de caramel").to_string()))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(400))
        .expect(0)
        .mount(&server)
        .await;
    let sb = Sandbox::new();
    let update = [
        "update",
        ASSET,
        "--alt-text",
        "Spirale de caramel",
        "--locale",
        "fr-FR",
    ];
    let out = run(wfa(&sb, &server, &update)).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout().contains("Tourbillon de caramel"), "{out:?}");

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("fix.csv");
    std::fs::write(
        &input,
        format!("assetId,altText\n{ASSET},Spirale de caramel\n"),
    )
    .unwrap();
    let apply = [
        "apply",
        input.to_str().unwrap(),
        "--locale",
        "fr-FR",
        "--yes",
    ];
    let out = run(wfa(&sb, &server, &apply)).await;
    assert_eq!(out.code, 0, "{out:?}");
    // The plan read the French alt text, not the primary's.
    assert!(out.stdout().contains("Tourbillon de caramel"), "{out:?}");
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_first_asset_does_not_stop_the_lookup_of_the_tag() {
    let server = serve().await;
    const GONE: &str = "aaaaaaaaaaaaaaaaaaaaaa99";
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{GONE}")))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"code": "resource_not_found", "message": "Requested resource not found"}),
        ))
        .mount(&server)
        .await;
    let sb = Sandbox::new();
    let args = ["get", "--json", "--locale", "fr-FR", GONE, ASSET];
    let out = run(wfa(&sb, &server, &args)).await;
    // The deleted one is reported; the other is read in French.
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stdout().contains("Tourbillon de caramel"), "{out:?}");
}
