//! `wfa usage` benchmark: how many requests the real binary makes for a site
//! of 25 pages, 5 components and 160 CMS items, against the fewest the Data
//! API allows for that site, and how long it takes under an enforced
//! 60 requests a minute (burst 60) against the floor that limit sets.
//!
//! The site is generated (two locales, en-US and fr-FR; 300 assets; one
//! page DOM longer than 100 nodes; a collection without image fields) and
//! served by the loopback demo server, which counts requests and answers 429
//! with Retry-After when the budget is spent. The binary runs as a user runs
//! it, with a token, `WEBFLOW_API_BASE` pointing at the server and a private
//! home.
//!
//! cargo build --release && cargo run --release --example usage_requests
//! [-- --per-minute N --burst N --wfa PATH]

use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Value, json};
use webflow_assets::store::demo::{Catalogue, DemoSite};
use webflow_assets::store::demo_server::{DemoServer, RateLimitPolicy};

const SITE: &str = "64a000000000000000000001";
const EN: (&str, &str, &str) = (
    "64a0000000000000000000e1",
    "64a0000000000000000000c1",
    "en-US",
);
const FR: (&str, &str, &str) = (
    "64a0000000000000000000e2",
    "64a0000000000000000000c2",
    "fr-FR",
);

const ASSETS: usize = 300;
const PAGES: usize = 25;
const COMPONENTS: usize = 5;
/// Nodes of the home page's DOM (two pages of 100) and of every other page.
const HOME_NODES: usize = 150;
const PAGE_NODES: usize = 40;
/// Collections with image fields: (name, items); then one without.
const IMAGE_COLLECTIONS: [(&str, usize); 2] = [("Products", 120), ("Posts", 40)];
const PLAIN_ITEMS: usize = 10;
const LIMIT: usize = 100;

fn ceil(n: usize) -> usize {
    n.div_ceil(LIMIT)
}

fn hex(prefix: u32, n: usize) -> String {
    format!("{prefix:08x}{n:016x}")
}

fn uuid(kind: u32, n: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012x}")
}

fn asset_id(n: usize) -> String {
    hex(0x64a1_0000, n % ASSETS)
}

/// `catalogue.json`'s shape with `ASSETS` assets cycled from the demo's.
fn catalogue_json() -> String {
    let demo: Value =
        serde_json::from_str(include_str!("../assets/demo/catalogue.json")).expect("demo JSON");
    let samples = demo["assets"].as_array().expect("assets");
    // Images first, so every generated ID below points at an image.
    let images: Vec<&Value> = samples
        .iter()
        .filter(|a| {
            a["contentType"]
                .as_str()
                .is_some_and(|t| t.starts_with("image/"))
        })
        .collect();
    let assets: Vec<Value> = (0..ASSETS)
        .map(|i| {
            let mut a = images[i % images.len()].clone();
            a["id"] = json!(asset_id(i));
            a["siteId"] = json!(SITE);
            a["displayName"] = json!(format!("{}_image-{i}.jpg", asset_id(i)));
            a["altText"] = if i % 7 == 0 {
                Value::Null
            } else {
                json!(format!("Image {i}"))
            };
            a
        })
        .collect();
    json!({"site": {"id": SITE, "displayName": "Benchmark site"}, "assets": assets}).to_string()
}

fn by_locale(f: impl Fn(&str) -> Value) -> Value {
    json!({ EN.2: f(EN.2), FR.2: f(FR.2) })
}

fn image(id: String, asset: String, alt: Value) -> Value {
    json!({"id": id, "type": "image", "image": {"alt": alt, "assetId": asset}, "attributes": {}})
}

fn text(id: String) -> Value {
    json!({"id": id, "type": "text", "text": {"html": "<p>Text</p>", "text": "Text"}})
}

/// A page's DOM: images every 8 nodes (null, "", own alt in turn), a
/// component instance every 15, text in between.
fn page_dom(page: usize, nodes: usize, tag: &str) -> Value {
    let list: Vec<Value> = (0..nodes)
        .map(|n| {
            let id = uuid(0xa000_0000 + page as u32, n);
            if n % 15 == 7 {
                let component = (page + n / 15) % COMPONENTS;
                let overrides = if n % 2 == 1 {
                    json!([{"propertyId": uuid(0xd000_0000, component), "type": "Alt Text",
                            "label": "Image alt", "text": {"html": null, "text": format!("Override {page}-{n} {tag}")}}])
                } else {
                    json!([])
                };
                json!({"id": id, "type": "component-instance", "componentId": uuid(0xc000_0000, component),
                       "propertyOverrides": overrides})
            } else if n % 8 == 3 {
                let alt = match (n / 8) % 3 {
                    0 => Value::Null,
                    1 => json!(""),
                    _ => json!(format!("Page {page} image {n} ({tag})")),
                };
                image(id, asset_id(page * 11 + n), alt)
            } else {
                text(id)
            }
        })
        .collect();
    Value::Array(list)
}

/// The generated site, and the fewest requests reading it allows with
/// `locales` locales (see `minimum`).
fn site_json() -> Value {
    let template_collection = hex(0x64a3_0000, 0);
    let pages: Vec<Value> = (0..PAGES)
        .map(|p| {
            let nodes = if p == 0 { HOME_NODES } else { PAGE_NODES };
            let template = p == PAGES - 1;
            json!({
                "id": hex(0x64a2_0000, p),
                "title": if template { "Products Template".to_string() } else { format!("Page {p}") },
                "slug": if template { "detail_products".to_string() } else { format!("page-{p}") },
                "collectionId": if template { json!(template_collection) } else { Value::Null },
                "draft": false, "archived": false,
                "dom": by_locale(|tag| page_dom(p, if template { 10 } else { nodes }, tag)),
            })
        })
        .collect();
    let components: Vec<Value> = (0..COMPONENTS)
        .map(|c| {
            json!({
                "id": uuid(0xc000_0000, c),
                "name": format!("Component {c}"),
                "dom": by_locale(|_| json!([
                    image(uuid(0xb000_0000, c), asset_id(200 + c), Value::Null),
                    text(uuid(0xb100_0000, c)),
                ])),
                "properties": by_locale(|tag| json!([
                    {"propertyId": uuid(0xd000_0000, c), "type": "Alt Text", "label": "Image alt",
                     "text": {"html": null, "text": format!("Component {c} ({tag})")}},
                    {"propertyId": uuid(0xd100_0000, c), "type": "Plain Text", "label": "Title",
                     "text": {"html": null, "text": "Title"}},
                ])),
            })
        })
        .collect();
    let field = |id: usize, kind: &str, slug: &str| {
        json!({"id": hex(0x64a4_0000, id), "type": kind, "slug": slug, "displayName": slug,
               "isEditable": true, "isRequired": false})
    };
    let mut collections: Vec<Value> = IMAGE_COLLECTIONS
        .iter()
        .enumerate()
        .map(|(c, (name, count))| {
            let items: Vec<Value> = (0..*count)
                .map(|i| {
                    json!({
                        "id": hex(0x64a5_0000 + c as u32, i),
                        "isDraft": i % 20 == 19,
                        "fieldData": by_locale(|tag| json!({
                            "name": format!("{name} {i}"), "slug": format!("item-{i}"),
                            "main-image": {"fileId": asset_id(100 + i), "url": "/x.jpg",
                                           "alt": if i % 3 == 0 { Value::Null } else { json!(format!("{name} {i} ({tag})")) }},
                            "gallery": [{"fileId": asset_id(150 + i), "url": "/y.jpg"}],
                        })),
                    })
                })
                .collect();
            json!({
                "id": hex(0x64a3_0000, c), "displayName": name, "slug": name.to_lowercase(),
                "fields": [field(c * 10, "PlainText", "name"), field(c * 10 + 1, "Image", "main-image"),
                           field(c * 10 + 2, "MultiImage", "gallery")],
                "items": items,
            })
        })
        .collect();
    collections.push(json!({
        "id": hex(0x64a3_0000, 9), "displayName": "Authors", "slug": "authors",
        "fields": [field(90, "PlainText", "name"), field(91, "RichText", "bio")],
        "items": (0..PLAIN_ITEMS).map(|i| json!({"id": hex(0x64a5_0009, i),
            "fieldData": by_locale(|_| json!({"name": format!("Author {i}")}))})).collect::<Vec<_>>(),
    }));
    let locale = |(id, cms, tag): (&str, &str, &str)| {
        json!({"id": id, "cmsLocaleId": cms, "enabled": true, "tag": tag, "displayName": tag,
               "subdirectory": if tag == "en-US" { "" } else { "fr-fr" }})
    };
    let fr_alt: serde_json::Map<String, Value> = (0..ASSETS)
        .step_by(3)
        .map(|i| (asset_id(i), json!(format!("Image {i} (fr)"))))
        .collect();
    json!({
        "site": {"id": SITE, "displayName": "Benchmark site", "shortName": "bench",
                 "locales": {"primary": locale(EN), "secondary": [locale(FR)]}},
        "assetAlt": {"fr-FR": fr_alt},
        "pages": pages,
        "components": components,
        "collections": collections,
    })
}

/// The fewest requests the API allows for reading the site in `locales`
/// locales, by source (every listing at its maximum page size of 100):
///
/// - once: the site (its locales), the pages listing, the components
///   listing (names), the collections listing, each collection's details
///   (fields: which hold images), and each image collection's items with
///   every CMS locale comma-separated in one listing;
/// - per locale: the asset listing (alt text is per locale), each rendered
///   page's DOM, and the DOM and properties of each component placed.
fn minimum(locales: usize) -> Vec<(&'static str, usize)> {
    let doms: usize = (0..PAGES)
        .map(|p| {
            if p == PAGES - 1 {
                ceil(10)
            } else if p == 0 {
                ceil(HOME_NODES)
            } else {
                ceil(PAGE_NODES)
            }
        })
        .sum();
    let items: usize = IMAGE_COLLECTIONS
        .iter()
        .map(|(_, n)| ceil(n * locales))
        .sum();
    vec![
        ("site", 1),
        ("pages listing", ceil(PAGES)),
        ("page DOMs", locales * doms),
        ("components listing", ceil(COMPONENTS)),
        ("component DOM + properties", locales * COMPONENTS * 2),
        ("collections listing", 1),
        ("collection details", IMAGE_COLLECTIONS.len() + 1),
        ("items", items),
        ("asset listing", locales * ceil(ASSETS)),
    ]
}

struct Run {
    requests: u64,
    rejected: u64,
    seconds: f64,
    lines: usize,
}

async fn run(
    wfa: &std::path::Path,
    site: &DemoSite,
    policy: RateLimitPolicy,
    args: &[&str],
) -> Run {
    let catalogue = Catalogue::from_json(&catalogue_json(), Some(site.clone())).expect("catalogue");
    let server = DemoServer::start_with(Arc::new(catalogue), policy)
        .await
        .expect("loopback server");
    let home = tempfile::tempdir().expect("temp dir");
    let mut cmd = Command::new(wfa);
    cmd.env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("WEBFLOW_API_TOKEN", "bench-token-0123456789abcdef")
        .env("WEBFLOW_API_BASE", server.api_base())
        .args(["usage", "--site", SITE, "--json"])
        .args(args);
    let started = Instant::now();
    let output = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .expect("join")
        .expect("wfa runs");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "wfa usage failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stats = server.stats();
    Run {
        requests: stats.api_requests - stats.rejected_429,
        rejected: stats.rejected_429,
        seconds,
        lines: output
            .stdout
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let number =
        |name: &str, default: u32| arg(name).and_then(|v| v.parse().ok()).unwrap_or(default);
    let per_minute = number("--per-minute", 60);
    let burst = number("--burst", 60);
    let wfa = arg("--wfa")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            // target/release/examples/usage_requests → target/release/wfa
            let exe = std::env::current_exe().expect("own path");
            exe.parent()
                .and_then(|p| p.parent())
                .expect("target dir")
                .join("wfa")
        });
    assert!(
        wfa.exists(),
        "{} not found: run `cargo build --release` first",
        wfa.display()
    );
    let site = DemoSite::from_json(&site_json().to_string()).expect("generated site");

    println!(
        "Site: {PAGES} pages (one a CMS template page, one DOM of {HOME_NODES} nodes), \
         {COMPONENTS} components, {} CMS items in {} collections with image fields \
         (+ {PLAIN_ITEMS} in one without), {ASSETS} assets, 2 locales",
        IMAGE_COLLECTIONS.iter().map(|(_, n)| n).sum::<usize>(),
        IMAGE_COLLECTIONS.len()
    );
    println!("wfa: {}\n", wfa.display());
    let unlimited = RateLimitPolicy {
        per_minute: 100_000,
        burst: 100_000,
        enforce: false,
    };
    let enforced = RateLimitPolicy {
        per_minute,
        burst,
        enforce: true,
    };
    let floor = |requests: usize| {
        requests.saturating_sub(burst as usize) as f64 * 60.0 / f64::from(per_minute)
    };
    println!(
        "| run | requests answered | minimum | 429s | time, no limit | time at {per_minute}/min (burst {burst}) | floor |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (label, locales, extra) in [
        ("one locale", 1, vec![]),
        ("--all-locales (2)", 2, vec!["--all-locales"]),
    ] {
        let min: usize = minimum(locales).iter().map(|(_, n)| n).sum();
        let free = run(&wfa, &site, unlimited, &extra).await;
        let paced = run(&wfa, &site, enforced, &extra).await;
        println!(
            "| {label} | {} | {min} | {} | {:.2} s | {:.1} s | {:.1} s |",
            paced.requests,
            paced.rejected,
            free.seconds,
            paced.seconds,
            floor(min)
        );
        assert_eq!(
            free.requests, paced.requests,
            "the same requests either way"
        );
        assert!(free.lines > 0 && free.lines == paced.lines);
    }
    println!("\nThe minimum, by source (one locale / two):");
    for ((source, one), (_, two)) in minimum(1).into_iter().zip(minimum(2)) {
        println!("  {source:<28} {one:>3} / {two:>3}");
    }
}
