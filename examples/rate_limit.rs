//! Rate-limit benchmark: 200 asset lookups through the real client against a
//! loopback server that enforces Webflow's Starter limit — 60 requests a minute
//! with a burst of 60 — and answers 429 with Retry-After when it is exceeded.
//!
//! The limit allows the first 60 at once and one a second after that, so 200
//! lookups need (200 - 60) s = 140 s at best. The target: all 200 succeed,
//! within 5 % of that, with at most one 429.
//!
//! cargo run --release --example rate_limit [-- --lookups N --per-minute N --burst N]

use std::sync::Arc;
use std::time::Instant;

use futures::StreamExt;
use webflow_assets::store::demo::Catalogue;
use webflow_assets::store::demo_server::{DemoServer, RateLimitPolicy};
use webflow_assets::webflow::{AssetId, Client, ClientConfig};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: u32| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let lookups = arg("--lookups", 200) as usize;
    let policy = RateLimitPolicy {
        per_minute: arg("--per-minute", 60),
        burst: arg("--burst", 60),
        enforce: true,
    };

    let catalogue = Arc::new(Catalogue::load().expect("demo catalogue"));
    let server = DemoServer::start_with(catalogue.clone(), policy)
        .await
        .expect("loopback server");
    let client = Client::new(ClientConfig::new(server.api_base(), None)).expect("client");
    let ids: Vec<AssetId> = catalogue
        .ids()
        .map(|id| AssetId::parse(id).expect("catalogue IDs are valid"))
        .collect();

    let ideal =
        lookups.saturating_sub(policy.burst as usize) as f64 * 60.0 / f64::from(policy.per_minute);
    println!(
        "{lookups} lookups, limit {}/min with a burst of {}: the limit allows {ideal:.1} s",
        policy.per_minute, policy.burst
    );
    let started = Instant::now();
    let results: Vec<bool> = futures::stream::iter(0..lookups)
        .map(|i| {
            let client = &client;
            let id = &ids[i % ids.len()];
            async move { client.get_asset(id, None).await.is_ok() }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    let elapsed = started.elapsed().as_secs_f64();
    let ok = results.iter().filter(|ok| **ok).count();
    let stats = server.stats();
    let over = if ideal > 0.0 {
        format!("{:+.1} %", (elapsed / ideal - 1.0) * 100.0)
    } else {
        "n/a".into()
    };
    println!(
        "succeeded {ok}/{lookups} in {elapsed:.1} s ({over} of what the limit allows); \
         {} requests reached the server, {} answered 429",
        stats.api_requests, stats.rejected_429
    );
}
