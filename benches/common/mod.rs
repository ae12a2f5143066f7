//! Scaffolding the criterion benches share: demo-catalogue assets under fresh
//! IDs, an [`App`] on the demo source at a fixed "now", a site listing or an
//! opened list of `n` assets, and the key-walk + draw loop over a
//! [`TestBackend`] that the frame benches time.
//!
//! Each bench is its own crate and declares this module with `mod common;`.

// Each bench uses only part of this module, and an item one bench crate
// leaves unused would fail `cargo clippy --all-targets -- -D warnings`.
#![allow(dead_code)]

use std::hint::black_box;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use webflow_assets::store::demo::Catalogue;
use webflow_assets::tui::app::{App, AppOptions, SourceLabel};
use webflow_assets::tui::keymap::Keymap;
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::tui::ui::render;
use webflow_assets::webflow::{Asset, AssetId, Fetched, RateLimit, SiteId};

/// The site the synthetic listings belong to.
pub const SITE: &str = "63938b302ea6b0aa6f3d8745";

/// The demo catalogue's assets, in catalogue order.
pub fn samples() -> Vec<Asset> {
    Catalogue::load().unwrap().assets().cloned().collect()
}

/// Synthetic asset `i`: the demo catalogue round-robin, under the fresh
/// 24-hex ID `i + 1`.
pub fn synthetic(samples: &[Asset], i: usize) -> Asset {
    let mut asset = samples[i % samples.len()].clone();
    asset.id = format!("{:024x}", i + 1);
    asset
}

/// Synthetic assets `0..n`, like a big real site.
pub fn synthetic_assets(n: usize) -> Vec<Asset> {
    let samples = samples();
    (0..n).map(|i| synthetic(&samples, i)).collect()
}

/// An app on the demo source at a fixed "now", with `options` applied (if
/// any) before it is resized to `width`×`height`.
pub fn demo_app(width: u16, height: u16, options: Option<AppOptions>) -> App {
    let source = SourceLabel {
        demo: true,
        offline: false,
        host: "127.0.0.1".into(),
    };
    let now: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let mut app = App::new(source, Keymap::default(), Vec::new(), now);
    if let Some(options) = options {
        app = app.with_options(options);
    }
    app.update(Msg::Resize(width, height));
    app
}

/// The ticket of the one `ListSite` command that opening a site answers with.
pub fn list_site_ticket(cmds: &[Cmd]) -> u64 {
    match cmds {
        [Cmd::ListSite { ticket, .. }] => *ticket,
        _ => unreachable!(),
    }
}

/// A 200×60 app listing [`SITE`] with synthetic assets `0..n`, delivered in
/// pages of `page` assets (the last one may be short).
pub fn site_app(n: usize, page: usize) -> App {
    let samples = samples();
    let mut app = demo_app(200, 60, None);
    let ticket = list_site_ticket(&app.open_site(SiteId::parse(SITE).unwrap()));
    for start in (0..n).step_by(page) {
        let end = (start + page).min(n);
        app.update(Msg::SitePage {
            ticket,
            assets: (start..end).map(|i| synthetic(&samples, i)).collect(),
            loaded: end as u32,
            total: n as u32,
        });
    }
    app
}

/// Opens `assets` as a list (by their IDs, not remembered) and delivers
/// each one as fetched, in order.
pub fn open_loaded(app: &mut App, assets: Vec<Asset>) {
    let ids: Vec<AssetId> = assets
        .iter()
        .map(|asset| AssetId::parse(&asset.id).unwrap())
        .collect();
    app.open_with(ids.clone(), false);
    for (i, (id, asset)) in ids.into_iter().zip(assets).enumerate() {
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
}

/// A press of `code` with no modifiers.
pub fn press(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The moves a frame bench makes before each frame, so every frame changes.
pub struct KeyWalk {
    span: usize,
    step: usize,
}

impl KeyWalk {
    /// Down over the first `span` rows and back up, scrolling the list.
    pub fn down_and_back(span: usize) -> Self {
        Self { span, step: 0 }
    }

    /// Up, down, up, … one row each way.
    pub fn wiggle() -> Self {
        Self { span: 1, step: 1 }
    }

    pub fn next_key(&mut self) -> KeyEvent {
        let code = if (self.step / self.span).is_multiple_of(2) {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        self.step += 1;
        KeyEvent::new(code, KeyModifiers::NONE)
    }
}

/// An app on a [`TestBackend`] terminal, stepped by a [`KeyWalk`]: what
/// the frame benches time.
pub struct FrameLoop {
    app: App,
    terminal: Terminal<TestBackend>,
    walk: KeyWalk,
}

impl FrameLoop {
    pub fn new(app: App, width: u16, height: u16, walk: KeyWalk) -> Self {
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        Self {
            app,
            terminal,
            walk,
        }
    }

    /// One key of the walk and the frame it leads to.
    pub fn key_and_draw(&mut self) {
        self.app.update(Msg::Key(self.walk.next_key()));
        let app = &self.app;
        self.terminal.draw(|f| render(black_box(app), f)).unwrap();
    }
}
