//! An `App` built the way the browser builds it, and the messages tests send
//! it: tests drive the app through `update(Msg)` and read it through its
//! accessors, never through its fields.
//!
//! Declared by each TUI test crate on its own (`mod common { pub mod app; }`),
//! so the CLI tests do not compile it and these do not compile the CLI helpers
//! (see `cli.rs` for the scheme).

// Each test crate uses a different part of these fixtures; the rest would be
// reported as dead code in that crate (and fail clippy's `-D warnings`).
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use webflow_assets::store::demo::Catalogue;
use webflow_assets::tui::app::{App, AppOptions, PreviewStart, SourceLabel};
use webflow_assets::tui::keymap::Keymap;
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::webflow::{Asset, AssetId, Fetched, RateLimit, SiteId};

/// The demo catalogue's site.
pub const DEMO_SITE: &str = "63938b302ea6b0aa6f3d8745";

/// The time every test app thinks it is (dates render the same every run).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

/// What an app is built from; [`Fixture::build`] makes it.
#[derive(Debug, Clone)]
pub struct Fixture {
    source: SourceLabel,
    history: Vec<AssetId>,
    options: AppOptions,
    size: Option<(u16, u16)>,
}

/// An app in demo mode (as `wfa --demo` starts).
pub fn demo() -> Fixture {
    Fixture {
        source: SourceLabel {
            demo: true,
            offline: false,
            host: "127.0.0.1".into(),
        },
        history: Vec::new(),
        options: AppOptions::default(),
        size: None,
    }
}

/// An app connected to the API at `host`.
pub fn live(host: &str) -> Fixture {
    let mut fixture = demo();
    fixture.source.demo = false;
    fixture.source.host = host.into();
    fixture
}

impl Fixture {
    pub fn host(mut self, host: &str) -> Self {
        self.source.host = host.into();
        self
    }

    /// These lookups listed from history (not loaded yet).
    pub fn history(mut self, ids: &[&str]) -> Self {
        self.history = ids.iter().map(|s| asset_id(s)).collect();
        self
    }

    /// Dates in UTC rather than the machine's zone.
    pub fn utc(mut self) -> Self {
        self.options.utc_offset = Some(FixedOffset::east_opt(0).unwrap());
        self
    }

    pub fn no_color(mut self, no_color: bool) -> Self {
        self.options.no_color = no_color;
        self
    }

    pub fn preview(mut self, available: bool, visible: bool, auto_show: bool) -> Self {
        self.options.preview = PreviewStart {
            available,
            visible,
            auto_show,
        };
        self
    }

    /// A terminal of this size (sent as the first message, as the browser does).
    pub fn size(mut self, width: u16, height: u16) -> Self {
        self.size = Some((width, height));
        self
    }

    pub fn build(self) -> App {
        let mut app = App::new(self.source, Keymap::default(), self.history, now())
            .with_options(self.options);
        if let Some((width, height)) = self.size {
            app.update(Msg::Resize(width, height));
        }
        app
    }
}

pub fn asset_id(s: &str) -> AssetId {
    AssetId::parse(s).unwrap()
}

pub fn demo_assets() -> Vec<Asset> {
    Catalogue::load().unwrap().assets().cloned().collect()
}

/// The demo catalogue's asset `id`.
pub fn demo_asset(id: &str) -> Asset {
    Catalogue::load()
        .unwrap()
        .assets()
        .find(|a| a.id == id)
        .unwrap()
        .clone()
}

/// The answer to fetch `ticket`: `asset`, with `rate` as the budget left.
pub fn loaded_msg(ticket: u64, asset: Asset, rate: RateLimit) -> Msg {
    Msg::Loaded {
        ticket,
        id: asset_id(&asset.id),
        result: Ok(Box::new(Fetched {
            raw: serde_json::to_value(&asset).unwrap(),
            value: asset,
            rate,
        })),
    }
}

pub fn key_with(code: KeyCode, modifiers: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, modifiers))
}

pub fn key(code: KeyCode) -> Msg {
    key_with(code, KeyModifiers::NONE)
}

pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

/// Types `text` key by key; the commands of every key.
pub fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app.update(ch(c))).collect()
}

/// Lists the demo site and answers with `assets` as one page; returns the
/// listing's ticket.
pub fn list_site(app: &mut App, assets: Vec<Asset>) -> u64 {
    let site = SiteId::parse(DEMO_SITE).unwrap();
    let ticket = match app.open_site(site).as_slice() {
        [Cmd::ListSite { ticket, .. }] => *ticket,
        other => panic!("expected one listing, got {other:?}"),
    };
    let n = assets.len() as u32;
    app.update(Msg::SitePage {
        ticket,
        assets,
        loaded: n,
        total: n,
    });
    ticket
}

/// What the app draws on a `width`×`height` terminal, row by row (each
/// row ends with a line break).
pub fn drawn(app: &App, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("a test terminal");
    terminal
        .draw(|f| webflow_assets::tui::ui::render(app, f))
        .expect("drawn");
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                + "\n"
        })
        .collect()
}
