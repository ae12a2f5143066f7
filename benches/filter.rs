//! The ranked filter on a 100,000-asset site listing: rebuilding the view for a
//! 3-character filter (`AssetList::set_filter`, what every key typed in `/`
//! costs; measured on the list alone, as the App owns its list), and a full 200×60
//! frame of the filtered list with its highlights (matched for the visible
//! rows only, so it should cost about what an unfiltered frame does).
//!
//! cargo bench --bench filter

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use webflow_assets::store::demo::Catalogue;
use webflow_assets::tui::app::{App, AssetList, SourceLabel, Tickets};
use webflow_assets::tui::keymap::Keymap;
use webflow_assets::tui::layout;
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::tui::ui::render;
use webflow_assets::webflow::{Asset, ObjectId};

const N: usize = 100_000;

/// The demo catalogue over and over under fresh IDs, like a big real site.
fn assets(n: usize) -> Vec<Asset> {
    let samples: Vec<Asset> = Catalogue::load().unwrap().assets().cloned().collect();
    (0..n)
        .map(|i| {
            let mut asset = samples[i % samples.len()].clone();
            asset.id = format!("{:024x}", i + 1);
            asset
        })
        .collect()
}

fn site_app(n: usize) -> App {
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
        [Cmd::ListSite { ticket, .. }] => *ticket,
        _ => unreachable!(),
    };
    app.update(Msg::SitePage {
        ticket,
        assets: assets(n),
        loaded: n as u32,
        total: n as u32,
    });
    app
}

/// The same listing as the asset list alone, for timing its view rebuilds.
fn site_list(n: usize) -> AssetList {
    let mut tickets = Tickets::default();
    let mut list = AssetList::new(Vec::new(), false, layout::list_rows(60));
    let site = ObjectId::parse("site", "63938b302ea6b0aa6f3d8745").unwrap();
    let ticket = match list.open_site(site, None, &mut tickets).as_slice() {
        [Cmd::ListSite { ticket, .. }] => *ticket,
        _ => unreachable!(),
    };
    list.on_site_page(ticket, assets(n), n as u32, n as u32);
    list
}

/// What the old filter did per row: every needle character in order, in the
/// ID, display name, file name or alt text (for comparison only).
fn subsequence(asset: &Asset, needle: &[char]) -> bool {
    let matches = |hay: &str| {
        let mut hay = hay.chars().flat_map(char::to_lowercase);
        needle.iter().all(|&c| hay.any(|h| h == c))
    };
    matches(&asset.id)
        || matches(&asset.display_name)
        || matches(&asset.original_file_name)
        || asset.alt_text.as_deref().is_some_and(matches)
}

fn rebuild(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_100000");
    group.sample_size(20);
    let mut list = site_list(N);
    for filter in ["", "caf", "jar fr"] {
        list.set_filter(filter);
        let name = if filter.is_empty() { "none" } else { filter };
        println!("{name:?}: {} of {N} rows", list.view().len());
        group.bench_function(format!("rebuild_view/{name}"), |b| {
            b.iter(|| {
                list.set_filter(filter);
                black_box(list.view().len())
            })
        });
    }
    let all = assets(N);
    let needle: Vec<char> = "caf".chars().collect();
    group.bench_function("old_subsequence_scan/caf", |b| {
        b.iter(|| all.iter().filter(|a| subsequence(a, &needle)).count())
    });
    group.bench_function("matcher_new", |b| {
        b.iter(|| {
            black_box(nucleo_matcher::Matcher::new(
                nucleo_matcher::Config::DEFAULT,
            ))
        })
    });
    group.finish();
}

fn frame(c: &mut Criterion) {
    let mut app = site_app(N);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('/'),
        KeyModifiers::NONE,
    )));
    for ch in "caf".chars() {
        app.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(ch),
            KeyModifiers::NONE,
        )));
    }
    app.update(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let shown = app.assets().view().len();
    assert!(shown > 0 && shown < N);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let down = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    let up = KeyEvent::new(KeyCode::Up, KeyModifiers::NONE);
    let mut step = 0usize;
    c.bench_function("filter_100000/frame_200x60/caf", |b| {
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

criterion_group!(benches, rebuild, frame);
criterion_main!(benches);
