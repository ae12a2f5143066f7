//! Each pane in its states, rendered on ratatui's TestBackend and compared with
//! reviewed snapshots (tests/snapshots/). Run `cargo insta review` after an
//! intended change.

mod common {
    pub mod app;
}

use common::app::{Fixture, demo_assets, list_site, live};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use webflow_assets::store::demo::Catalogue;
use webflow_assets::tui::app::App;
use webflow_assets::tui::msg::Msg;
use webflow_assets::tui::ui::render;
use webflow_assets::webflow::{ApiError, AssetId, Fetched, RateLimit};

const SEED: &str = "63e5889e7fe4eafa7384cea4";
const NULL_ALT: &str = "67f628ace5d226bbabc5a13b";
const LONG_ALT: &str = "65c9e1770f5e44065d2abbfa";
const PDF: &str = "674d771cbc5f57a31022fd81";

/// The app the snapshots show: connected to the API, dates in UTC, a terminal
/// of `width`×`height`.
fn fixture(width: u16, height: u16) -> Fixture {
    live("api.webflow.com").utc().size(width, height)
}

fn app(width: u16, height: u16) -> App {
    fixture(width, height).build()
}

/// Looks up `ids` and answers them from the demo catalogue (tickets are 1, 2, …
/// in order).
fn with_loaded(mut app: App, ids: &[&str]) -> App {
    let catalogue = Catalogue::load().unwrap();
    app.update(Msg::Paste(ids.join(" ")));
    for (i, asset_id) in ids.iter().enumerate() {
        let asset = catalogue
            .assets()
            .find(|a| a.id == *asset_id)
            .unwrap()
            .clone();
        app.update(Msg::Loaded {
            ticket: i as u64 + 1,
            id: AssetId::parse(asset_id).unwrap(),
            result: Ok(Box::new(Fetched {
                raw: serde_json::Value::Null,
                value: asset,
                rate: RateLimit {
                    limit: Some(120),
                    remaining: Some(117),
                },
            })),
        });
    }
    app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let (width, height) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    terminal
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[test]
fn loaded_asset_80x24() {
    let app = with_loaded(app(80, 24), &[SEED, NULL_ALT, PDF]);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn missing_alt_text_and_variant_error_100x30() {
    let mut app = with_loaded(app(100, 30), &[SEED, NULL_ALT]);
    key(&mut app, KeyCode::Down);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn long_alt_text_wraps_with_warning() {
    let app = with_loaded(app(100, 30), &[LONG_ALT]);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn loading() {
    let mut app = app(80, 24);
    app.update(Msg::Paste(SEED.into()));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn error_pane_and_status() {
    let mut app = app(80, 24);
    app.update(Msg::Paste("000000000000000000000000".into()));
    app.update(Msg::Loaded {
        ticket: 1,
        id: AssetId::parse("000000000000000000000000").unwrap(),
        result: Err(ApiError::NotFound {
            what: "Asset 000000000000000000000000".into(),
            body: Default::default(),
        }),
    });
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn empty_list_says_how_to_start() {
    insta::assert_snapshot!(draw(&app(80, 24)).backend());
}

#[test]
fn smallest_usable_60x20() {
    let app = with_loaded(app(60, 20), &[SEED, NULL_ALT]);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn too_small() {
    let app = with_loaded(app(59, 20), &[SEED]);
    let terminal = draw(&app);
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn help_overlay() {
    let mut app = with_loaded(app(80, 30), &[SEED]);
    key(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn input_with_inline_error() {
    let mut app = app(80, 24);
    key(&mut app, KeyCode::Char('/'));
    for c in "12345".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn hostile_strings_never_reach_the_terminal() {
    let catalogue = Catalogue::load().unwrap();
    let mut asset = catalogue.assets().next().unwrap().clone();
    asset.display_name = "evil\x1b]0;pwned\x07\x1b[2J.png".into();
    asset.alt_text = Some("alt\x1b[31m red\u{202e}txet".into());
    asset.variants[0].error = Some("bad\x1bPq#0\x1b\\".into());
    let mut app = app(100, 30);
    app.update(Msg::Paste(SEED.into()));
    app.update(Msg::Loaded {
        ticket: 1,
        id: AssetId::parse(SEED).unwrap(),
        result: Ok(Box::new(Fetched {
            raw: serde_json::Value::Null,
            value: asset,
            rate: RateLimit::default(),
        })),
    });
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(|c| c.is_control() || c == '\u{202e}'),
            "a control character reached the screen: {:?}",
            cell.symbol()
        );
    }
    let screen = terminal.backend().to_string();
    assert!(screen.contains("evil.png"), "{screen}");
    assert!(screen.contains("alt red"), "{screen}");
}

#[test]
fn no_color_selection_uses_modifiers_only() {
    let no_color = |on| with_loaded(fixture(80, 24).no_color(on).build(), &[SEED, NULL_ALT]);
    let app = no_color(true);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    // Row 1 is the selected entry's first line, inside the list border.
    let cell = &buffer[(3, 1)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    for cell in buffer.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a colour under NO_COLOR: {cell:?}"
        );
    }
    // With colour, the selection is a colour, not only a modifier.
    let app = no_color(false);
    let terminal = draw(&app);
    assert_ne!(terminal.backend().buffer()[(3, 1)].bg, Color::Reset);
}

#[test]
fn preview_pane_shows_the_thumbnail_and_hides_under_popups() {
    use ratatui_image::picker::Picker;
    use webflow_assets::tui::preview_content::{PreviewContent, Thumb};
    // Previews are available (not `--preview off`); the pane is hidden until `p`.
    let mut app = with_loaded(
        fixture(120, 30).preview(true, false, false).build(),
        &[LONG_ALT],
    );
    app.update(Msg::Graphics {
        protocol: "halfblocks",
        pixels: false,
    });
    let cmds = app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('p'),
        KeyModifiers::NONE,
    )));
    // The choice is remembered, and the selected asset's thumbnail asked for.
    let (ticket, cells) = match cmds.as_slice() {
        [
            webflow_assets::tui::msg::Cmd::SavePreviewShown(true),
            webflow_assets::tui::msg::Cmd::Preview { ticket, cells, .. },
        ] => (*ticket, *cells),
        other => panic!("expected the choice saved and one preview request, got {other:?}"),
    };
    let image = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(400, 300, |x, _| {
        if x < 200 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([30, 30, 200])
        }
    }));
    let protocol = Picker::halfblocks()
        .new_protocol(
            image,
            ratatui::layout::Size::new(cells.0, cells.1),
            ratatui_image::Resize::Fit(None),
        )
        .unwrap();
    app.update(Msg::Preview {
        ticket,
        content: PreviewContent::Image(Thumb(std::sync::Arc::new(protocol))),
    });
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let coloured = buffer
        .content()
        .iter()
        .filter(|c| matches!(c.bg, Color::Rgb(..)))
        .count();
    assert!(
        coloured > 100,
        "the thumbnail is drawn ({coloured} cells):\n{}",
        terminal.backend()
    );
    // A popup hides it: graphics would draw over the popup.
    key(&mut app, KeyCode::Char('?'));
    let terminal = draw(&app);
    assert!(
        !terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| matches!(c.bg, Color::Rgb(..)))
    );
}

#[test]
fn help_scrolls_on_a_short_terminal() {
    let mut app = with_loaded(app(80, 24), &[SEED]);
    key(&mut app, KeyCode::Char('?'));
    let first = draw(&app).backend().to_string();
    assert!(first.contains("↑↓ scroll"), "{first}");
    assert!(
        !first.contains("q Esc Ctrl-c"),
        "the last rows are below the fold:\n{first}"
    );
    for _ in 0..13 {
        key(&mut app, KeyCode::Down);
    }
    let scrolled = draw(&app).backend().to_string();
    assert!(scrolled.contains("q Esc Ctrl-c"), "{scrolled}");
    assert!(app.popup().is_some(), "scrolling does not close help");
    key(&mut app, KeyCode::Char('x'));
    assert!(app.popup().is_none());
}

/// A site listing of the demo catalogue, filtered by typing `text` (Enter
/// keeps the filter and closes the input).
fn filtered(fixture: Fixture, text: &str) -> App {
    let mut app = fixture.build();
    list_site(&mut app, demo_assets());
    key(&mut app, KeyCode::Char('/'));
    for c in text.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    app
}

/// The screen position of the first cell of `text` (ASCII) in the list pane.
fn find(buffer: &ratatui::buffer::Buffer, text: &str) -> (u16, u16) {
    let list = webflow_assets::tui::layout::areas(buffer.area, false, false).list;
    for y in list.top()..list.bottom() {
        let row: Vec<&str> = (list.left()..list.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        let wanted: Vec<String> = text.chars().map(String::from).collect();
        if let Some(x) = row.windows(wanted.len()).position(|w| w == wanted) {
            return (list.left() + x as u16, y);
        }
    }
    panic!("{text:?} is not on screen");
}

#[test]
fn filter_matches_are_highlighted_in_names_and_ids() {
    let app = filtered(fixture(100, 30), "jar fr");
    let names: Vec<&str> = app
        .assets()
        .visible()
        .map(|e| e.asset().unwrap().display_name.as_str())
        .collect();
    assert!(names[0].ends_with("candy-jar-front.jpg"), "{names:?}");
    let highlighted = Modifier::BOLD | Modifier::UNDERLINED;
    for no_color in [false, true] {
        let app = filtered(fixture(100, 30).no_color(no_color), "jar fr");
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        let (x, y) = find(buffer, "candy-jar-front.jpg");
        // Both atoms: `jar` (6..9) and `fr` (10..12).
        for offset in 0..19u16 {
            let cell = &buffer[(x + offset, y)];
            let hit = (6..9).contains(&offset) || (10..12).contains(&offset);
            assert_eq!(
                cell.modifier.contains(highlighted),
                hit,
                "no_color={no_color}, offset {offset}: {cell:?}"
            );
            if hit {
                let want = if no_color { Color::Reset } else { Color::Cyan };
                assert_eq!(cell.fg, want, "{cell:?}");
            }
        }
    }

    // An ID prefix: the ID line shows what matched.
    let app = filtered(fixture(100, 30), "^682c63");
    assert_eq!(app.assets().view().len(), 3);
    let terminal = draw(&app);
    let buffer = terminal.backend().buffer();
    let (x, y) = find(buffer, "682c6383");
    for offset in 0..8u16 {
        let cell = &buffer[(x + offset, y)];
        assert_eq!(
            cell.modifier.contains(highlighted),
            offset < 6,
            "offset {offset}: {cell:?}"
        );
    }
}

#[test]
fn alt_text_editor_with_a_live_audit_and_marked_rows_100x30() {
    let mut app = with_loaded(app(100, 30), &[SEED, NULL_ALT]);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('e'));
    for c in "IMG_2041.jpg".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Left);
    insta::assert_snapshot!(draw(&app).backend());
}
