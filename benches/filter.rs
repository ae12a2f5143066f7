//! The ranked filter on a 100,000-asset site listing: rebuilding the view for a
//! 3-character filter (`AssetList::set_filter`, what every key typed in `/`
//! costs; measured on the list alone, as the App owns its list), and a full 200×60
//! frame of the filtered list with its highlights (matched for the visible
//! rows only, so it should cost about what an unfiltered frame does).
//!
//! cargo bench --bench filter

mod common;

use std::hint::black_box;

use common::{FrameLoop, KeyWalk, SITE, list_site_ticket, press, site_app, synthetic_assets};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use webflow_assets::tui::app::{AssetList, Tickets};
use webflow_assets::tui::layout;
use webflow_assets::webflow::{Asset, SiteId};

const N: usize = 100_000;

/// The same listing as the asset list alone, for timing its view rebuilds.
fn site_list(n: usize) -> AssetList {
    let mut tickets = Tickets::default();
    let mut list = AssetList::new(Vec::new(), false, layout::list_rows(60));
    let site = SiteId::parse(SITE).unwrap();
    let ticket = list_site_ticket(&list.open_site(site, None, &mut tickets));
    list.on_site_page(ticket, synthetic_assets(n), n as u32, n as u32);
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
    let all = synthetic_assets(N);
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
    // The whole listing in one page.
    let mut app = site_app(N, N);
    press(&mut app, KeyCode::Char('/'));
    for ch in "caf".chars() {
        press(&mut app, KeyCode::Char(ch));
    }
    press(&mut app, KeyCode::Enter);
    let shown = app.assets().view().len();
    assert!(shown > 0 && shown < N);
    let mut frames = FrameLoop::new(app, 200, 60, KeyWalk::down_and_back(40));
    c.bench_function("filter_100000/frame_200x60/caf", |b| {
        b.iter(|| frames.key_and_draw())
    });
}

criterion_group!(benches, rebuild, frame);
criterion_main!(benches);
