//! `App::update`: a message in, state and commands out. No terminal, no network.
//! The app is driven through `update` only and read through its accessors.

mod common {
    pub mod app;
}

use chrono::{TimeZone, Utc};
use common::app::{
    asset_id as id, ch, demo, demo_asset, demo_assets, key, key_with, list_site, loaded_msg,
    type_text,
};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use webflow_assets::tui::app::{App, Entry, Focus, InputError, Load, Mark, Popup};
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::tui::ui::render;
use webflow_assets::webflow::{ApiError, Asset, LocaleId, RateLimit, SiteId};

const SEED: &str = "63e5889e7fe4eafa7384cea4";
const JPEG: &str = "65c9e1770f5e44065d2abbfa";
const NULL_ALT: &str = "67f628ace5d226bbabc5a13b";

fn app_with_history(history: &[&str]) -> App {
    demo().history(history).build()
}

fn app() -> App {
    app_with_history(&[])
}

/// Every row of the list, in list order.
fn entries(app: &App) -> &[Entry] {
    app.assets().entries()
}

fn loaded(ticket: u64, asset_id: &str) -> Msg {
    let rate = RateLimit {
        limit: Some(60),
        remaining: Some(41),
    };
    loaded_msg(ticket, demo_asset(asset_id), rate)
}

fn fetch_tickets(cmds: &[Cmd]) -> Vec<(u64, String)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Fetch { ticket, id, .. } => Some((*ticket, id.to_string())),
            _ => None,
        })
        .collect()
}

#[test]
fn typing_an_id_and_enter_fetches_it_and_remembers_it() {
    let mut app = app();
    assert!(app.update(ch('/')).is_empty());
    assert!(matches!(app.popup(), Some(Popup::Input(_))));
    type_text(&mut app, SEED);
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(fetch_tickets(&cmds), vec![(1, SEED.to_string())]);
    assert!(cmds.contains(&Cmd::SaveHistory(vec![id(SEED)])));
    assert!(app.popup().is_none());
    assert_eq!(entries(&app).len(), 1);
    assert_eq!(entries(&app)[0].mark(), Mark::Loading);
    assert_eq!(app.assets().in_flight(), 1);

    app.update(loaded(1, SEED));
    assert_eq!(*entries(&app)[0].load(), Load::Loaded);
    assert_eq!(entries(&app)[0].mark(), Mark::Ok);
    assert_eq!(app.status().rate().unwrap().remaining, Some(41));
    assert_eq!(app.assets().in_flight(), 0);
}

/// Presses Enter in the ID input and checks it was refused: no request for
/// any ID, the input still open for correction; returns the inline error.
fn submit_refused(app: &mut App) -> InputError {
    let cmds = app.update(key(KeyCode::Enter));
    assert!(
        cmds.is_empty(),
        "no request for any ID when one is invalid: {cmds:?}"
    );
    let Some(Popup::Input(input)) = app.popup() else {
        panic!("the input stays open for correction");
    };
    input.error().cloned().expect("an inline error")
}

#[test]
fn an_invalid_id_gets_an_inline_error_and_no_request() {
    let mut app = app();
    app.update(ch('i'));
    type_text(&mut app, "63e5889e7fe4eafa7384cea4 nope");
    let error = submit_refused(&mut app).to_string();
    assert!(
        error.contains("\"nope\"") && error.contains("24 hexadecimal"),
        "{error}"
    );
    assert!(entries(&app).is_empty());
    // Editing clears the error.
    app.update(key(KeyCode::Backspace));
    let Some(Popup::Input(input)) = app.popup() else {
        panic!()
    };
    assert!(input.error().is_none());
}

#[test]
fn two_invalid_ids_are_both_named_inline() {
    let mut app = app();
    app.update(ch('i'));
    app.update(Msg::Paste(format!(
        "nope, {SEED}\n63e5889e7fe4eafa7384ceaZ"
    )));
    let error = submit_refused(&mut app);
    let InputError::BadIds(bad) = &error else {
        panic!("typed as a list of bad IDs: {error:?}");
    };
    assert_eq!(bad.bad().len(), 2);
    let error = error.to_string();
    assert!(error.contains("2 invalid asset IDs"), "{error}");
    assert!(error.contains("\"nope\""), "{error}");
    assert!(error.contains("'Z' is not a hexadecimal digit"), "{error}");
    assert!(error.contains("24 hexadecimal"), "{error}");
    assert!(entries(&app).is_empty());

    // The popup shows the whole message, both IDs quoted.
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|frame| render(&app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let screen: String = buffer
        .content()
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect();
    for shown in [
        "2 invalid asset IDs",
        "\"nope\"",
        "7384ceaZ\"",
        "hexadecimal digit",
    ] {
        assert!(screen.contains(shown), "{shown} not on screen:\n{screen}");
    }
}

#[test]
fn pasting_several_ids_queues_them_all_in_order() {
    let mut app = app();
    let cmds = app.update(Msg::Paste(format!("{SEED},\n{JPEG}\r\n {NULL_ALT}\n")));
    let fetched: Vec<String> = fetch_tickets(&cmds).into_iter().map(|(_, i)| i).collect();
    assert_eq!(fetched, [SEED, JPEG, NULL_ALT]);
    let rows: Vec<String> = entries(&app).iter().map(|e| e.id().to_string()).collect();
    assert_eq!(rows, [SEED, JPEG, NULL_ALT]);
    assert_eq!(app.assets().selected(), 0);
    assert!(app.popup().is_none());
}

#[test]
fn refetch_supersedes_and_stale_results_are_dropped() {
    let mut app = app();
    app.update(Msg::Paste(SEED.into()));
    let cmds = app.update(ch('r'));
    assert!(cmds.contains(&Cmd::Cancel { ticket: 1 }));
    assert_eq!(fetch_tickets(&cmds), vec![(2, SEED.to_string())]);
    // The old answer arrives late: ignored.
    app.update(Msg::Loaded {
        ticket: 1,
        id: id(SEED),
        result: Err(ApiError::Timeout {
            host: "x".into(),
            after: std::time::Duration::from_secs(1),
        }),
    });
    assert_eq!(*entries(&app)[0].load(), Load::Loading { ticket: 2 });
    assert!(app.status().last_error().is_none());
    app.update(loaded(2, SEED));
    assert_eq!(*entries(&app)[0].load(), Load::Loaded);
}

#[test]
fn a_failed_refetch_keeps_the_last_good_answer_and_reports() {
    let mut app = app();
    app.update(Msg::Paste(SEED.into()));
    app.update(loaded(1, SEED));
    app.update(ch('r'));
    app.update(Msg::Loaded {
        ticket: 2,
        id: id(SEED),
        result: Err(ApiError::Server {
            status: 503,
            body: Default::default(),
        }),
    });
    let entry = &entries(&app)[0];
    assert_eq!(entry.mark(), Mark::Error);
    assert!(entry.asset().is_some());
    assert!(
        app.status()
            .last_error()
            .unwrap()
            .to_string()
            .contains("HTTP 503")
    );
}

#[test]
fn alt_text_problems_are_marked() {
    let mut app = app();
    app.update(Msg::Paste(NULL_ALT.into()));
    app.update(loaded(1, NULL_ALT));
    assert_eq!(entries(&app)[0].mark(), Mark::AltProblem);
}

#[test]
fn history_rows_load_when_selected_and_passing_over_them_cancels() {
    let mut app = app_with_history(&[SEED, JPEG, NULL_ALT]);
    assert!(
        entries(&app)
            .iter()
            .all(|e| *e.load() == Load::NotLoaded && !e.session())
    );
    let cmds = app.update(ch('j'));
    assert_eq!(fetch_tickets(&cmds), vec![(1, JPEG.to_string())]);
    // Moving on before it answers supersedes that request.
    let cmds = app.update(ch('j'));
    assert!(cmds.contains(&Cmd::Cancel { ticket: 1 }));
    assert_eq!(fetch_tickets(&cmds), vec![(2, NULL_ALT.to_string())]);
    assert_eq!(*entries(&app)[1].load(), Load::NotLoaded);
    app.update(loaded(1, JPEG)); // late: dropped
    assert!(entries(&app)[1].asset().is_none());
}

#[test]
fn looking_up_a_history_id_moves_it_into_the_session() {
    let mut app = app_with_history(&[SEED, JPEG]);
    app.update(Msg::Paste(JPEG.into()));
    assert_eq!(entries(&app)[0].id(), &id(JPEG));
    assert!(entries(&app)[0].session());
    assert_eq!(entries(&app)[1].id(), &id(SEED));
    assert!(!entries(&app)[1].session());
    assert_eq!(app.assets().history(), vec![id(JPEG), id(SEED)]);
}

#[test]
fn up_and_down_in_the_input_recall_history() {
    let mut app = app_with_history(&[SEED, JPEG]);
    app.update(ch('/'));
    app.update(key(KeyCode::Up));
    let text = |app: &App| match app.popup() {
        Some(Popup::Input(i)) => i.text().to_string(),
        _ => panic!("input closed"),
    };
    assert_eq!(text(&app), SEED);
    app.update(key(KeyCode::Up));
    assert_eq!(text(&app), JPEG);
    app.update(key(KeyCode::Up));
    assert_eq!(text(&app), JPEG, "stops at the oldest");
    app.update(key(KeyCode::Down));
    assert_eq!(text(&app), SEED);
    app.update(key(KeyCode::Down));
    assert_eq!(text(&app), "");
}

#[test]
fn navigation_keeps_the_selection_visible() {
    let many: Vec<String> = (0..100).map(|i| format!("{i:024x}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let mut app = app_with_history(&refs);
    app.update(Msg::Resize(80, 24));
    let rows = app.list_rows();
    assert_eq!(rows, 10);
    app.update(ch('G'));
    assert_eq!(app.assets().selected(), 99);
    assert_eq!(app.assets().offset(), 100 - rows);
    app.update(ch('g'));
    assert_eq!((app.assets().selected(), app.assets().offset()), (0, 0));
    app.update(key(KeyCode::PageDown));
    assert_eq!(app.assets().selected(), rows - 1);
    app.update(ch('k'));
    assert_eq!(app.assets().selected(), rows - 2);
    // Growing the terminal shows more rows.
    app.update(Msg::Resize(80, 60));
    assert_eq!(app.list_rows(), 28);
}

#[test]
fn tab_cycles_panes_and_arrows_scroll_the_focused_one() {
    let mut app = app();
    app.update(Msg::Paste(SEED.into()));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::Metadata);
    app.update(ch('j'));
    app.update(ch('j'));
    assert_eq!(app.scroll(Focus::Metadata), 2);
    assert_eq!(
        app.assets().selected(),
        0,
        "the list selection does not move"
    );
    // 80 columns, no site: the "Used on" pane is not shown, nor focused.
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus(), Focus::AltText);
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
    )));
    assert_eq!(app.focus(), Focus::Variants);
    app.update(ch('h'));
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn copy_and_open_use_the_selected_asset() {
    let mut app = app();
    app.update(Msg::Paste(SEED.into()));
    assert_eq!(
        app.update(ch('y')),
        vec![Cmd::Copy {
            text: SEED.into(),
            what: "asset ID"
        }]
    );
    assert!(
        app.update(ch('Y')).is_empty(),
        "no URL before the asset loads"
    );
    app.update(loaded(1, SEED));
    let url = demo_asset(SEED).hosted_url;
    assert_eq!(
        app.update(ch('Y')),
        vec![Cmd::Copy {
            text: url.clone(),
            what: "hosted URL"
        }]
    );
    assert_eq!(app.update(ch('o')), vec![Cmd::Open { url }]);
}

#[test]
fn setting_the_locale_refetches_with_it() {
    let mut app = app();
    app.update(Msg::Paste(SEED.into()));
    app.update(loaded(1, SEED));
    app.update(ch('L'));
    type_text(&mut app, "bad");
    assert!(app.update(key(KeyCode::Enter)).is_empty());
    assert!(
        matches!(app.popup(), Some(Popup::Input(i)) if i.error().unwrap().to_string().contains("locale ID"))
    );
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    type_text(&mut app, "65427cf400e02b306eaa04a0");
    let cmds = app.update(key(KeyCode::Enter));
    assert_eq!(
        cmds,
        vec![Cmd::Fetch {
            ticket: 2,
            id: id(SEED),
            locale: Some(LocaleId::parse("65427cf400e02b306eaa04a0").unwrap()),
        }]
    );
}

#[test]
fn quitting_and_popups() {
    let mut app = app();
    app.update(ch('?'));
    assert_eq!(app.popup(), Some(&Popup::Help));
    app.update(key(KeyCode::Esc));
    assert!(
        app.popup().is_none() && !app.should_quit(),
        "Esc closes help, it does not quit"
    );
    app.update(ch('/'));
    app.update(key(KeyCode::Esc));
    assert!(app.popup().is_none() && !app.should_quit());
    app.update(ch('/'));
    app.update(ch('q'));
    assert!(!app.should_quit(), "q is text inside the input");
    app.update(key(KeyCode::Esc));
    app.update(ch('q'));
    assert!(app.should_quit());

    let mut app = self::app();
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    )));
    assert!(app.should_quit());
}

#[test]
fn key_releases_are_ignored() {
    let mut app = app();
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    app.update(Msg::Key(release));
    assert!(!app.should_quit());
}

#[test]
fn mouse_scrolling_is_off_until_toggled() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let mut app = app_with_history(&[SEED, JPEG]);
    let wheel = || {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 1,
            row: 1,
            modifiers: KeyModifiers::NONE,
        })
    };
    app.update(wheel());
    assert_eq!(app.assets().selected(), 0);
    assert_eq!(app.update(ch('M')), vec![Cmd::SetMouseCapture(true)]);
    app.update(wheel());
    assert_eq!(app.assets().selected(), 1);
}

#[test]
fn a_cached_copy_shows_while_the_fetch_runs_and_is_replaced() {
    let mut app = app();
    app.update(Msg::Paste(SEED.into()));
    let fetched_at = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    app.update(Msg::Cached {
        ticket: 1,
        id: id(SEED),
        asset: Box::new(demo_asset(SEED)),
        fetched_at,
    });
    let entry = &entries(&app)[0];
    assert!(entry.asset().is_some(), "the cached copy shows at once");
    assert_eq!(entry.cached_at(), Some(fetched_at));
    assert_eq!(entry.mark(), Mark::Loading, "still refreshing");
    // A stale ticket's cached copy is ignored.
    app.update(Msg::Cached {
        ticket: 99,
        id: id(SEED),
        asset: Box::new(demo_asset(JPEG)),
        fetched_at,
    });
    assert_eq!(entries(&app)[0].asset().unwrap().id, SEED);
    app.update(loaded(1, SEED));
    assert_eq!(
        entries(&app)[0].cached_at(),
        None,
        "fresh data replaces the copy"
    );
    assert_eq!(*entries(&app)[0].load(), Load::Loaded);
}

fn site_page(app: &mut App, ticket: u64, assets: Vec<Asset>, loaded: u32, total: u32) {
    app.update(Msg::SitePage {
        ticket,
        assets,
        loaded,
        total,
    });
}

#[test]
fn a_site_streams_in_and_filter_sort_and_problem_jumps_work() {
    let assets: Vec<Asset> = demo_assets();
    let mut app = app_with_history(&[JPEG]);
    let site = SiteId::parse("63938b302ea6b0aa6f3d8745").unwrap();
    let cmds = app.open_site(site.clone());
    let ticket = match cmds.as_slice() {
        [
            Cmd::ListSite {
                ticket, site: s, ..
            },
        ] => {
            assert_eq!(s, &site);
            *ticket
        }
        other => panic!("{other:?}"),
    };
    assert!(
        entries(&app).is_empty(),
        "history rows give way to the site"
    );
    // The first page paints at once; the rest stream in.
    site_page(&mut app, ticket, assets[..10].to_vec(), 10, 18);
    assert_eq!(app.assets().view().len(), 10);
    assert_eq!(app.assets().site().unwrap().total(), 18);
    // A page from an older listing is ignored.
    site_page(&mut app, ticket + 100, assets[10..].to_vec(), 18, 18);
    assert_eq!(app.assets().view().len(), 10);
    site_page(&mut app, ticket, assets[10..].to_vec(), 18, 18);
    app.update(Msg::SiteDone {
        ticket,
        error: None,
    });
    assert_eq!(app.assets().view().len(), 18);
    assert!(app.assets().site().unwrap().done());
    let counts = app.assets().counts();
    assert!(counts.missing >= 2 && counts.empty >= 1 && counts.problems >= 5);

    // Filter as you type: fuzzy over names, IDs and alt text.
    app.update(ch('/'));
    type_text(&mut app, "crml");
    let names: Vec<String> = app
        .assets()
        .visible()
        .map(|e| e.asset().unwrap().display_name.clone())
        .collect();
    assert!(names.iter().any(|n| n.contains("caramel")), "{names:?}");
    assert!(names.len() < 18);
    app.update(key(KeyCode::Esc));
    assert!(app.assets().filter().is_empty());
    assert_eq!(app.assets().view().len(), 18);
    // Alt text is searched too.
    app.update(ch('/'));
    type_text(&mut app, "glass jar");
    assert_eq!(
        app.assets().view().len(),
        3,
        "the three assets sharing that alt text"
    );
    app.update(key(KeyCode::Enter));
    assert_eq!(app.assets().filter(), "glass jar");
    app.update(ch('/'));
    app.update(key(KeyCode::Esc));

    // Sort by size: largest first.
    app.update(ch('s'));
    app.update(ch('s'));
    assert_eq!(
        app.assets().sort(),
        webflow_assets::source::listing::SortKey::Size
    );
    let sizes: Vec<u64> = app
        .assets()
        .visible()
        .map(|e| e.asset().unwrap().size)
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");

    // Only problems, and n/N jump between them.
    app.update(ch('!'));
    assert!(app.assets().visible().all(|e| e.mark() == Mark::AltProblem));
    app.update(ch('!'));
    app.update(ch('g'));
    let start = app.assets().selected();
    app.update(ch('n'));
    assert_ne!(app.assets().selected(), start);
    assert_eq!(
        app.assets().selected_entry().unwrap().mark(),
        Mark::AltProblem
    );
    let first_problem = app.assets().selected();
    app.update(ch('n'));
    app.update(ch('N'));
    assert_eq!(app.assets().selected(), first_problem);
}

#[test]
fn pasting_an_id_while_filtered_shows_it() {
    // A filter exists in a site listing (there `/` filters).
    let mut app = app();
    list_site(&mut app, Vec::new());
    app.update(Msg::Paste(SEED.into()));
    app.update(loaded(2, SEED));
    app.update(ch('/'));
    type_text(&mut app, "zzzz");
    app.update(key(KeyCode::Enter));
    assert!(app.assets().view().is_empty());
    app.update(Msg::Paste(JPEG.into()));
    assert!(
        app.assets().filter().is_empty(),
        "the filter is dropped so the lookup is visible"
    );
    assert_eq!(app.assets().selected_entry().unwrap().id(), &id(JPEG));
}

// ---- The ranked filter (`/` in a site listing) ----

/// An app listing a site made of `assets` (one page).
fn site_app(assets: Vec<Asset>) -> App {
    let mut app = app();
    list_site(&mut app, assets);
    app
}

/// A demo image renamed: `name` as Webflow stores it (`<id>_name`), the same
/// original file name, and `alt`.
fn named(n: usize, name: &str, alt: Option<&str>) -> Asset {
    let mut asset = demo_asset(SEED);
    asset.id = format!("{:024x}", n + 1);
    asset.display_name = format!("{}_{name}", asset.id);
    asset.original_file_name = name.to_string();
    asset.alt_text = alt.map(str::to_string);
    asset
}

fn shown_names(app: &App) -> Vec<String> {
    app.assets()
        .visible()
        .map(|e| e.asset().unwrap().original_file_name.clone())
        .collect()
}

/// The file name of the selected row's asset.
fn selected_file(app: &App) -> String {
    app.assets()
        .selected_entry()
        .and_then(|e| e.asset())
        .map(|a| a.original_file_name.clone())
        .expect("a loaded row is selected")
}

fn filter(app: &mut App, text: &str) {
    app.update(ch('/'));
    app.update(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(app, text);
}

/// The view is ordered by score, best first, and equal scores keep site order.
fn assert_ranked(app: &App) {
    let query = app.assets().filter_query().expect("a filter");
    let ranked: Vec<(u32, usize)> = app
        .assets()
        .view()
        .iter()
        .map(|&i| {
            (
                query.score(&entries(app)[i]).expect("only matches shown"),
                i,
            )
        })
        .collect();
    for pair in ranked.windows(2) {
        let ((score_a, a), (score_b, b)) = (pair[0], pair[1]);
        assert!(
            score_a > score_b || (score_a == score_b && a < b),
            "out of order: {pair:?}"
        );
    }
    let kept = entries(app)
        .iter()
        .filter(|e| query.score(e).is_some())
        .count();
    assert_eq!(kept, app.assets().view().len(), "every match is shown");
}

#[test]
fn a_prefix_match_of_the_name_ranks_above_a_scattered_one() {
    let mut app = site_app(vec![
        named(0, "coffee-and-fudge.png", None),
        named(1, "candy-gift-box.jpg", Some("A red ribbon")),
        named(2, "my-cafe-terrace.jpg", None),
        named(3, "cafe.jpg", None),
        named(4, "chocolate-bar.jpg", Some("Close-up of a bar on a shelf")),
    ]);
    filter(&mut app, "caf");
    assert_ranked(&app);
    let names = shown_names(&app);
    assert_eq!(names[0], "cafe.jpg", "{names:?}");
    assert_eq!(names[1], "my-cafe-terrace.jpg", "{names:?}");
    // The acronym (word starts) still counts, below the substrings.
    assert_eq!(names[2], "coffee-and-fudge.png", "{names:?}");
    // c…a…f scattered inside words is a subsequence, not a match.
    assert_eq!(names.len(), 3, "{names:?}");
    // Typing puts the best match under the cursor.
    assert_eq!(app.assets().selected(), 0);
    assert_eq!(selected_file(&app), "cafe.jpg");
}

/// The old rule kept every row whose name, file name, ID or alt text held the
/// needle's letters in order.
fn subsequence_rule(asset: &Asset, needle: &str) -> bool {
    let subsequence = |hay: &str| {
        let mut hay = hay.chars().flat_map(char::to_lowercase);
        needle.chars().all(|c| hay.any(|h| h == c))
    };
    subsequence(&asset.id)
        || subsequence(&asset.display_name)
        || subsequence(&asset.original_file_name)
        || asset.alt_text.as_deref().is_some_and(subsequence)
}

/// Like a big real site: the demo catalogue over and over under fresh IDs,
/// with a few names that really hold `caf` late in site order.
#[test]
fn caf_on_ten_thousand_assets_keeps_good_matches_first() {
    let samples: Vec<Asset> = demo_assets();
    let assets: Vec<Asset> = (0..10_000)
        .map(|n| match n % 1000 {
            999 => named(n, &format!("cafe-{n}.jpg"), None),
            998 => named(n, &format!("decaf-{n}.png"), None),
            _ => {
                let mut asset = samples[n % samples.len()].clone();
                asset.id = format!("{:024x}", n + 1);
                asset
            }
        })
        .collect();
    let old = assets.iter().filter(|a| subsequence_rule(a, "caf")).count();
    let mut app = site_app(assets);
    filter(&mut app, "caf");
    let kept = app.assets().view().len();
    assert_ranked(&app);
    assert!(
        kept * 2 < old,
        "the ranked filter keeps {kept} rows, the subsequence rule kept {old}"
    );
    // Names starting with the text come first, in site order; every name
    // holding it is kept.
    let names = shown_names(&app);
    assert!(
        names[..10].iter().all(|n| n.starts_with("cafe-")),
        "{names:?}"
    );
    assert_eq!(names[0], "cafe-999.jpg");
    assert_eq!(names.iter().filter(|n| n.contains("caf")).count(), 20);
}

#[test]
fn smart_case_and_several_atoms() {
    let mut app = site_app(vec![
        named(0, "Cafe-Logo.png", None),
        named(1, "cafe-menu.png", Some("The menu board")),
        named(
            2,
            "candy-jar-front.jpg",
            Some("Assorted candies in a glass jar"),
        ),
        named(
            3,
            "candy-jar-side.jpg",
            Some("Assorted candies in a glass jar"),
        ),
        named(
            4,
            "storefront-night.jpg",
            Some("The Candy Co. shop at night"),
        ),
    ]);
    // All lowercase ignores case; one capital respects it.
    filter(&mut app, "cafe");
    assert_eq!(shown_names(&app).len(), 2);
    filter(&mut app, "Cafe");
    assert_eq!(shown_names(&app), ["Cafe-Logo.png"]);
    // Every atom must match, each in any field (here name and alt text).
    filter(&mut app, "night candy");
    assert_eq!(shown_names(&app), ["storefront-night.jpg"]);
    filter(&mut app, "jar glass");
    assert_eq!(
        shown_names(&app),
        ["candy-jar-front.jpg", "candy-jar-side.jpg"]
    );
    // `!` excludes, `^` anchors at the start, `$` at the end, `'` is exact.
    filter(&mut app, "jar !front");
    assert_eq!(shown_names(&app), ["candy-jar-side.jpg"]);
    filter(&mut app, "^store");
    assert_eq!(shown_names(&app), ["storefront-night.jpg"]);
    filter(&mut app, ".png$");
    assert_eq!(shown_names(&app), ["Cafe-Logo.png", "cafe-menu.png"]);
    filter(&mut app, "'jar-s");
    assert_eq!(shown_names(&app), ["candy-jar-side.jpg"]);
    assert_ranked(&app);
}

#[test]
fn esc_clears_the_filter_and_keeps_the_picked_row() {
    let mut app = site_app(vec![
        named(0, "chocolate-bar.jpg", None),
        named(1, "gummy-bear.png", None),
        named(2, "candy-jar.jpg", None),
    ]);
    app.update(ch('s')); // sort by name
    filter(&mut app, "bear");
    assert_eq!(shown_names(&app), ["gummy-bear.png"]);
    app.update(key(KeyCode::Esc));
    assert!(app.popup().is_none());
    assert!(app.assets().filter().is_empty());
    assert!(app.assets().filter_query().is_none());
    // Everything again, in the chosen order, the picked row still selected.
    assert_eq!(
        shown_names(&app),
        ["candy-jar.jpg", "chocolate-bar.jpg", "gummy-bear.png"]
    );
    assert_eq!(selected_file(&app), "gummy-bear.png");
}

#[test]
fn equal_scores_keep_the_chosen_sort() {
    let mut big = named(0, "jar-small.png", None);
    big.size = 10;
    let mut small = named(1, "jar-big.png", None);
    small.size = 1_000;
    let mut app = site_app(vec![big, small, named(2, "candy.png", None)]);
    filter(&mut app, "jar");
    assert_eq!(shown_names(&app), ["jar-small.png", "jar-big.png"]);
    app.update(key(KeyCode::Enter));
    app.update(ch('s'));
    app.update(ch('s')); // by size: largest first
    assert_eq!(shown_names(&app), ["jar-big.png", "jar-small.png"]);
}

/// `L` in a site listing lists the site again in the new locale, instead of
/// turning every row into "not loaded" with counts that no longer add up.
#[test]
fn a_new_locale_lists_the_site_again() {
    let mut app = demo().build();
    let first = list_site(&mut app, demo_assets());
    assert_eq!(app.assets().view().len(), 18);
    app.update(ch('L'));
    let cmds = type_text(&mut app, "65427cf400e02b306eaa04a0");
    assert!(cmds.is_empty());
    let cmds = app.update(key(KeyCode::Enter));
    let locale = LocaleId::parse("65427cf400e02b306eaa04a0").unwrap();
    // The old listing (still running) is cancelled; the site is listed anew.
    let ticket = match cmds.as_slice() {
        [
            Cmd::CancelSite { ticket: old },
            Cmd::ListSite {
                ticket,
                site,
                locale: Some(l),
                ..
            },
        ] => {
            assert_eq!(*old, first);
            assert_eq!(site.as_str(), "63938b302ea6b0aa6f3d8745");
            assert_eq!(l, &locale);
            *ticket
        }
        other => panic!("expected the site listed again in the locale: {other:?}"),
    };
    assert_ne!(ticket, first);
    // Until the new pages arrive the old rows are gone, not "not loaded".
    assert!(entries(&app).is_empty());
    assert_eq!(app.assets().counts().present, 0);
    let n = demo_assets().len() as u32;
    app.update(Msg::SitePage {
        ticket,
        assets: demo_assets(),
        loaded: n,
        total: n,
    });
    assert_eq!(app.assets().view().len(), 18);
    assert!(
        entries(&app)
            .iter()
            .all(|e| matches!(e.load(), Load::Loaded))
    );
}
