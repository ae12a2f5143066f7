//! A full 200×60 frame of the browser with large lists: the render budget is
//! 1 ms, and the cost must not grow with the list (only visible rows are laid
//! out). Each iteration moves the selection, so every frame really changes.
//!
//! cargo bench --bench render

use std::hint::black_box;

use chrono::{FixedOffset, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use webflow_assets::store::demo::Catalogue;
use webflow_assets::tui::app::{App, AppOptions, SourceLabel};
use webflow_assets::tui::keymap::Keymap;
use webflow_assets::tui::msg::Msg;
use webflow_assets::tui::ui::render;
use webflow_assets::webflow::{Fetched, ObjectId, RateLimit};

/// An app whose list holds `n` loaded assets (demo assets under fresh IDs).
fn app_with(n: usize) -> App {
    let catalogue = Catalogue::load().unwrap();
    let samples: Vec<_> = catalogue.assets().cloned().collect();
    let ids: Vec<ObjectId> = (0..n)
        .map(|i| ObjectId::parse("asset", &format!("{:024x}", i + 1)).unwrap())
        .collect();
    let source = SourceLabel {
        demo: true,
        offline: false,
        host: "127.0.0.1".into(),
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let mut app = App::new(source, Keymap::default(), Vec::new(), now).with_options(AppOptions {
        utc_offset: Some(FixedOffset::east_opt(0).unwrap()),
        ..AppOptions::default()
    });
    app.update(Msg::Resize(200, 60));
    app.open_with(ids.clone(), false);
    for (i, id) in ids.into_iter().enumerate() {
        let mut asset = samples[i % samples.len()].clone();
        asset.id = id.to_string();
        app.update(Msg::Loaded {
            ticket: i as u64 + 1,
            id,
            result: Ok(Box::new(Fetched {
                raw: serde_json::Value::Null,
                value: asset,
                rate: RateLimit::default(),
            })),
        });
    }
    app
}

fn frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame_200x60");
    for n in [100, 10_000, 100_000] {
        let mut app = app_with(n);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
        let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
        let mut step = 0usize;
        group.bench_with_input(BenchmarkId::new("key_and_draw", n), &n, |b, _| {
            b.iter(|| {
                // Walk down and back over the first 40 rows, scrolling the list.
                let key = if (step / 40).is_multiple_of(2) {
                    down
                } else {
                    up
                };
                step += 1;
                app.update(Msg::Key(key));
                terminal.draw(|f| render(black_box(&app), f)).unwrap();
            })
        });
    }
    group.finish();
}

/// A 10,000-asset site listing, sorted by name and filtered to problems: the
/// view is rebuilt when it changes, not per frame, so the frame costs the same.
fn site_frame(c: &mut Criterion) {
    let catalogue = Catalogue::load().unwrap();
    let samples: Vec<_> = catalogue.assets().cloned().collect();
    let source = SourceLabel {
        demo: true,
        offline: false,
        host: "127.0.0.1".into(),
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let mut app = App::new(source, Keymap::default(), Vec::new(), now);
    app.update(Msg::Resize(200, 60));
    let site = ObjectId::parse("site", "63938b302ea6b0aa6f3d8745").unwrap();
    let ticket = match app.open_site(site).as_slice() {
        [webflow_assets::tui::msg::Cmd::ListSite { ticket, .. }] => *ticket,
        _ => unreachable!(),
    };
    for page in 0..100u32 {
        let assets = (0..100u32)
            .map(|i| {
                let n = page * 100 + i;
                let mut asset = samples[n as usize % samples.len()].clone();
                asset.id = format!("{:024x}", n + 1);
                asset
            })
            .collect();
        app.update(Msg::SitePage {
            ticket,
            assets,
            loaded: (page + 1) * 100,
            total: 10_000,
        });
    }
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::NONE,
    )));
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
    let mut step = 0usize;
    c.bench_function("frame_200x60/site_10000_sorted", |b| {
        b.iter(|| {
            let key = if (step / 40).is_multiple_of(2) {
                down
            } else {
                up
            };
            step += 1;
            app.update(Msg::Key(key));
            terminal.draw(|f| render(black_box(&app), f)).unwrap();
        })
    });
}

criterion_group!(benches, frame, site_frame);
criterion_main!(benches);
