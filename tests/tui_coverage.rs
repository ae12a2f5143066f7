//! The locale coverage view (`C` in a site listing): the site is listed in
//! each enabled locale over real HTTP (the demo catalogue's localised site
//! on its loopback server), every image gets a cell per locale — set,
//! decorative, untranslated or missing — and Enter takes the user to that
//! image in the list, browsing in the cell's locale, ready to edit.

mod common {
    pub mod app;
}

use std::sync::Arc;

use common::app::{DEMO_SITE, ch, demo, demo_assets, key, list_site};
use crossterm::event::KeyCode;
use webflow_assets::store::demo::Catalogue;
use webflow_assets::store::demo_server::DemoServer;
use webflow_assets::tui::app::{App, Popup, ReadState};
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::usage::coverage::{Cover, Coverage};
use webflow_assets::webflow::{ApiError, Client, ClientConfig, SiteId};

/// In the demo catalogue: the same text in French as in English.
const WRAPPER: &str = "63e5889e7fe4eafa7384cea4";
/// Translated.
const GUMMY: &str = "66583e0aa3a3eab163912052";
/// No alt text in any locale.
const LOLLIPOP: &str = "66bca24435ec7f19c092c9a9";
/// The demo site's French locale.
const FR: &str = "63938b302ea6b0aa6f3d8756";

/// The demo site's coverage, read the way the browser's worker reads it.
async fn demo_coverage() -> Coverage {
    let catalogue = Arc::new(Catalogue::load().unwrap());
    let server = DemoServer::start(catalogue).await.unwrap();
    let client = Client::new(ClientConfig::new(server.api_base(), None)).unwrap();
    let site = SiteId::parse(DEMO_SITE).unwrap();
    let coverage = webflow_assets::source::coverage::read(&client, &site)
        .await
        .unwrap();
    // One site read, then one listing per locale (18 assets: one page each).
    assert_eq!(server.stats().api_requests, 3, "{:?}", server.stats());
    coverage
}

fn cell(coverage: &Coverage, id: &str, column: usize) -> Cover {
    coverage
        .rows
        .iter()
        .find(|r| r.asset.id == id)
        .unwrap_or_else(|| panic!("no row {id}"))
        .cover(column)
}

/// An app listing the demo site, with the coverage view open and read.
fn opened(coverage: Coverage) -> App {
    let mut app = demo().size(140, 40).build();
    let ticket = list_site(&mut app, demo_assets());
    app.update(Msg::SiteDone {
        ticket,
        error: None,
    });
    let cmds = app.update(ch('C'));
    let ticket = match cmds.as_slice() {
        [Cmd::ReadCoverage { ticket, site }] => {
            assert_eq!(site.as_str(), DEMO_SITE);
            *ticket
        }
        other => panic!("expected one coverage read, got {other:?}"),
    };
    assert_eq!(app.popup(), Some(&Popup::Coverage));
    assert_eq!(app.coverage().state(), &ReadState::Reading);
    assert!(screen(&app).contains("listing the site in each locale"));
    app.update(Msg::CoverageRead {
        ticket,
        result: Ok(Box::new(coverage)),
    });
    app
}

fn screen(app: &App) -> String {
    common::app::drawn(app, 140, 40)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_image_has_a_cell_per_locale_read_over_http() {
    let coverage = demo_coverage().await;
    let tags: Vec<&str> = coverage.locales.iter().map(|l| l.tag.as_str()).collect();
    assert_eq!(tags, ["en-US", "fr-FR"], "primary first");
    // Images only: the PDF and the Lottie JSON have no alt text to cover.
    assert_eq!(coverage.rows.len(), 16);
    assert_eq!(cell(&coverage, WRAPPER, 0), Cover::Set);
    assert_eq!(cell(&coverage, WRAPPER, 1), Cover::Untranslated);
    assert_eq!(cell(&coverage, GUMMY, 1), Cover::Set);
    assert_eq!(cell(&coverage, LOLLIPOP, 1), Cover::Missing);
    assert_eq!(coverage.counts(1)[&Cover::Untranslated], 7);

    let app = opened(coverage);
    let shown = screen(&app);
    for needle in [
        "Locale coverage — 16 images × 2 locales",
        "fr-FR ✓ 6 ∅ 1 = 7 ✗ 2",
        "= A single candy wrapper",
        "✗ missing",
        "∅ decorative",
    ] {
        assert!(shown.contains(needle), "{needle}:\n{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gaps_only_then_enter_shows_the_image_in_the_cells_locale() {
    let mut app = opened(demo_coverage().await);
    app.update(ch('!'));
    assert!(app.coverage().only_gaps());
    assert!(app.coverage().rows().all(|r| r.has_gap()));
    assert!(!screen(&app).contains("gummy-bear-cutout.png"));
    // To the French column of the first row with a gap (the candy wrapper,
    // untranslated).
    app.update(ch('l'));
    assert_eq!(app.coverage().cursor(), (0, 1));
    assert!(screen(&app).contains("untranslated: the primary locale's text"));
    app.update(ch('j'));
    app.update(ch('k'));
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(app.popup(), None);
    assert_eq!(app.assets().locale().map(|l| l.as_str()), Some(FR));
    // The site is listed again in French; once it is, the wrapper is the
    // row selected.
    let ticket = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::ListSite {
                ticket,
                locale: Some(l),
                ..
            } if l.as_str() == FR => Some(*ticket),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no French listing in {cmds:?}"));
    let n = demo_assets().len() as u32;
    app.update(Msg::SitePage {
        ticket,
        assets: demo_assets(),
        loaded: n,
        total: n,
    });
    let selected = app.assets().selected_entry().unwrap();
    assert_eq!(selected.id().as_str(), WRAPPER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_keeps_the_table_and_r_reads_it_again() {
    let mut app = opened(demo_coverage().await);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.popup(), None);
    assert!(!app.should_quit(), "Esc closes the view, not wfa");
    assert!(app.update(ch('C')).is_empty(), "read once per site");
    assert_eq!(app.coverage().state(), &ReadState::Read);
    let again = app.update(ch('r'));
    let ticket = match again.as_slice() {
        [Cmd::ReadCoverage { ticket, .. }] => *ticket,
        other => panic!("expected a new read, got {other:?}"),
    };
    app.update(Msg::CoverageRead {
        ticket,
        result: Err(ApiError::Connect {
            host: "127.0.0.1".into(),
            cause: "connection refused".into(),
        }),
    });
    assert!(screen(&app).contains("the coverage could not be read"));
}

#[test]
fn outside_a_site_listing_c_says_what_it_needs() {
    let mut app = demo().build();
    assert!(app.update(ch('C')).is_empty());
    assert_eq!(app.popup(), None);
    assert!(screen(&app).contains("the coverage view is for a site listing"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_on_an_image_the_typed_filter_hides_clears_the_filter() {
    let mut app = opened(demo_coverage().await);
    app.update(key(KeyCode::Esc));
    // Filter the list down to the gummy bear.
    app.update(ch('/'));
    common::app::type_text(&mut app, "gummy");
    app.update(key(KeyCode::Enter));
    assert!(!app.assets().visible().any(|e| e.id().as_str() == WRAPPER));
    // The coverage's first row is the candy wrapper: Enter shows it.
    app.update(ch('C'));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.popup(), None);
    assert_eq!(app.assets().filter(), "");
    assert_eq!(
        app.assets().selected_entry().unwrap().id().as_str(),
        WRAPPER
    );
}
