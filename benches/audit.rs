//! The alt-text audit of a large site: 10,000 assets made from the demo
//! catalogue with fresh IDs and varied alt texts (every rule fires somewhere,
//! keyword lists included, and some texts are shared by many assets). Target:
//! under 20 ms.
//!
//! cargo bench --bench audit

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use webflow_assets::audit::{AuditConfig, audit, check_asset};
use webflow_assets::store::demo::Catalogue;
use webflow_assets::webflow::Asset;

const ASSETS: usize = 10_000;

/// `n` assets cloned from the demo catalogue round-robin, each with a fresh
/// 24-hex ID (and display name prefix) and an alt text varied by index.
fn site(n: usize) -> Vec<Asset> {
    let catalogue = Catalogue::load().unwrap();
    let demo: Vec<Asset> = catalogue.assets().cloned().collect();
    (0..n)
        .map(|i| {
            let mut asset = demo[i % demo.len()].clone();
            let id = format!("{:024x}", 0x6a00_0000_0000_0000_0000_0000_u128 + i as u128);
            let name = asset
                .display_name
                .split_once('_')
                .map_or(asset.display_name.as_str(), |(_, rest)| rest)
                .to_string();
            asset.display_name = format!("{id}_{name}");
            asset.id = id;
            asset.alt_text = match (i / demo.len()) % 5 {
                // As in the demo (null, "", file name, placeholder, long, the jar
                // text shared by many assets…).
                0 => asset.alt_text,
                // Unique descriptions.
                1 | 2 => asset.alt_text.map(|t| format!("{t}, view {i}")),
                // A handful of texts shared by hundreds of assets each.
                3 => Some(format!("Candy Co. product shot number {}", i % 7)),
                // One in seven a keyword list, the others a redundant opening.
                _ if i % 7 == 0 => Some(format!(
                    "candy, candy shop, best candy, buy candy online, candy {i}"
                )),
                _ => Some(format!("Photo of candy batch {i} on the cooling rack")),
            };
            asset
        })
        .collect()
}

fn bench_audit(c: &mut Criterion) {
    let assets = site(ASSETS);
    let config = AuditConfig::default();
    let report = audit(&assets, &config);
    assert_eq!(report.summary.assets, ASSETS);
    for rule in webflow_assets::audit::RULES {
        assert!(
            report.summary.by_rule[rule.id] > 0,
            "{} never fires in the benchmark data",
            rule.id
        );
    }

    c.bench_function("audit_10k_assets", |b| {
        b.iter(|| audit(black_box(&assets), black_box(&config)))
    });
    c.bench_function("check_asset_10k_assets", |b| {
        b.iter(|| {
            black_box(&assets)
                .iter()
                .map(|a| check_asset(a, &config).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench_audit);
criterion_main!(benches);
