//! A full 200×60 frame of the browser with large lists: the render budget is
//! 1 ms, and the cost must not grow with the list (only visible rows are laid
//! out). Each iteration moves the selection, so every frame really changes.
//!
//! cargo bench --bench render

mod common;

use chrono::FixedOffset;
use common::{FrameLoop, KeyWalk, demo_app, open_loaded, press, site_app, synthetic_assets};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use webflow_assets::tui::app::{App, AppOptions};

/// An app whose list holds `n` loaded assets (demo assets under fresh IDs).
fn app_with(n: usize) -> App {
    let options = AppOptions {
        utc_offset: Some(FixedOffset::east_opt(0).unwrap()),
        ..AppOptions::default()
    };
    let mut app = demo_app(200, 60, Some(options));
    open_loaded(&mut app, synthetic_assets(n));
    app
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_200x60");
    for n in [100, 10_000, 100_000] {
        let mut frames = FrameLoop::new(app_with(n), 200, 60, KeyWalk::down_and_back(40));
        group.bench_with_input(BenchmarkId::new("key_and_draw", n), &n, |b, _| {
            b.iter(|| frames.key_and_draw())
        });
    }
    group.finish();
}

/// A 10,000-asset site listing, sorted by name and filtered to problems: the
/// view is rebuilt when it changes, not per frame, so the frame costs the same.
fn site_frame(c: &mut Criterion) {
    // Delivered in 100 pages of 100, as the API pages it.
    let mut app = site_app(10_000, 100);
    press(&mut app, KeyCode::Char('s'));
    let mut frames = FrameLoop::new(app, 200, 60, KeyWalk::down_and_back(40));
    c.bench_function("frame_200x60/site_10000_sorted", |b| {
        b.iter(|| frames.key_and_draw())
    });
}

criterion_group!(benches, frame, site_frame);
criterion_main!(benches);
