//! The on-disk asset cache on a real file system (a temp dir).
//!
//! `cache_get_hit` is the disk read + parse part of the claim that a cached
//! asset appears in the TUI in under 5 ms; `cache_put` is one atomic write
//! (temp file + rename, no fsync) of the same asset.
//!
//! cargo bench --bench cache

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use webflow_assets::store::cache::{Cache, DEFAULT_MAX_BYTES};
use webflow_assets::store::demo::Catalogue;
use webflow_assets::webflow::AssetId;

const HOST: &str = "api.webflow.com";

fn bench_cache(c: &mut Criterion) {
    let catalogue = Catalogue::load().unwrap();
    let id_str = catalogue.ids().next().unwrap().to_string();
    let id = AssetId::parse(&id_str).unwrap();
    let raw = catalogue.raw(&id_str).unwrap().clone();

    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("assets"), DEFAULT_MAX_BYTES);
    cache.put(HOST, None, &id, &raw).unwrap();
    assert!(cache.get(HOST, None, &id).is_some());

    c.bench_function("cache_get_hit", |b| {
        b.iter(|| black_box(cache.get(black_box(HOST), None, black_box(&id))).unwrap())
    });
    c.bench_function("cache_put", |b| {
        b.iter(|| cache.put(black_box(HOST), None, black_box(&id), black_box(&raw)))
    });
}

criterion_group!(benches, bench_cache);
criterion_main!(benches);
