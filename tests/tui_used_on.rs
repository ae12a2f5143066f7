//! The "Used on" pane: after a site listing ends, the site's content is read
//! once (`Cmd::ReadUsage`), its answer (`Msg::UsageRead`) kept per asset, and
//! the pane shows each place an asset renders with the alt visitors get.

mod common {
    pub mod app;
}

use common::app::{DEMO_SITE, demo, demo_asset, demo_assets, list_site};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use webflow_assets::source::site_content::Part;
use webflow_assets::tui::app::{App, InputError, Popup, ReadState, UsageOnly};
use webflow_assets::tui::msg::{Cmd, Msg, UsageRead};
use webflow_assets::tui::ui::render;
use webflow_assets::usage::{AltSource, AssetUsage, Place, Usage, Use, UseKind};
use webflow_assets::webflow::model::ErrorBody;
use webflow_assets::webflow::site::{Locale, Locales, Site};
use webflow_assets::webflow::{ApiError, LocaleId, SiteId};

const JPEG: &str = "65c9e1770f5e44065d2abbfa";
const IMG: &str = "6626bc66546865dfb230669e";

/// The site listed to its end; returns the usage read asked for.
fn listed(app: &mut App) -> (u64, Cmd) {
    let ticket = list_site(app, demo_assets());
    let cmds = app.update(Msg::SiteDone {
        ticket,
        error: None,
    });
    match cmds.as_slice() {
        [cmd @ Cmd::ReadUsage { ticket, .. }] => (*ticket, cmd.clone()),
        other => panic!("expected one usage read, got {other:?}"),
    }
}

fn page_use(alt: Option<&str>) -> Use {
    Use {
        kind: UseKind::Page,
        page_id: Some("p1".into()),
        node_id: Some("n1".into()),
        component_id: None,
        instance_id: None,
        collection_id: None,
        item_id: None,
        field: None,
        rendered_alt: alt.map(Into::into),
        alt_source: AltSource::Node,
        place: Place {
            page_title: Some("Home".into()),
            page_slug: Some("index".into()),
            ..Place::default()
        },
    }
}

fn read(skipped: Vec<(Part, ApiError)>) -> Box<UsageRead> {
    Box::new(UsageRead {
        site: None,
        usage: Usage {
            locale: None,
            assets: vec![
                AssetUsage {
                    asset: demo_asset(JPEG),
                    uses: vec![page_use(Some("IMG_2041.jpg"))],
                },
                AssetUsage {
                    asset: demo_asset(IMG),
                    uses: Vec::new(),
                },
            ],
            missing: Vec::new(),
        },
        skipped,
    })
}

fn screen(app: &App) -> String {
    common::app::drawn(app, 140, 45)
}

fn select(app: &mut App, id: &str) {
    let at = app
        .assets()
        .visible()
        .position(|e| e.id().as_str() == id)
        .unwrap();
    let now = app.assets().selected();
    let code = if at >= now {
        crossterm::event::KeyCode::Down
    } else {
        crossterm::event::KeyCode::Up
    };
    for _ in 0..at.abs_diff(now) {
        app.update(common::app::key(code));
    }
    assert_eq!(app.assets().selected(), at);
}

#[test]
fn the_end_of_a_listing_reads_the_site_content_once_in_its_locale() {
    let mut app = demo().size(140, 45).build();
    let (_, cmd) = listed(&mut app);
    match cmd {
        Cmd::ReadUsage { site, locale, .. } => {
            assert_eq!(site, SiteId::parse(DEMO_SITE).unwrap());
            assert_eq!(locale, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(app.uses().state(), &ReadState::Reading);
    assert!(screen(&app).contains("reading pages…"));
}

#[test]
fn uses_are_kept_per_asset_and_shown_for_the_selected_one() {
    let mut app = demo().size(140, 45).build();
    let (ticket, _) = listed(&mut app);
    // A stale answer is dropped.
    app.update(Msg::UsageRead {
        ticket: ticket + 100,
        result: Ok(read(Vec::new())),
    });
    assert_eq!(app.uses().state(), &ReadState::Reading);
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(read(Vec::new())),
    });
    assert_eq!(app.uses().state(), &ReadState::Read);
    assert_eq!(app.uses().of(JPEG).unwrap().len(), 1);
    assert!(app.uses().unused(IMG));
    assert!(!app.uses().unused(JPEG));

    select(&mut app, JPEG);
    let shown = screen(&app);
    assert!(shown.contains("Used on (1)"), "{shown}");
    assert!(shown.contains("page \"Home\" /index"), "{shown}");
    assert!(shown.contains("alt \"IMG_2041.jpg\""), "{shown}");
    assert!(shown.contains("the element's own"), "{shown}");

    select(&mut app, IMG);
    assert!(screen(&app).contains("Used nowhere"));
}

#[test]
fn references_to_deleted_assets_are_named_under_the_uses() {
    let mut app = demo().size(140, 45).build();
    let (ticket, _) = listed(&mut app);
    let mut answer = read(Vec::new());
    answer.usage.missing = (0..5)
        .map(|i| webflow_assets::usage::Missing {
            asset_id: format!("66f1c2a9b3e4d5f6a7b8c9d{i}"),
            at: page_use(None),
        })
        .collect();
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(answer),
    });
    select(&mut app, IMG);
    let shown = screen(&app);
    for needle in [
        "5 references to deleted assets:",
        "66f1c2a9b3e4d5f6a7b8c9d0)",
        "and 2 more (wfa usage lists them all)",
    ] {
        assert!(shown.contains(needle), "{needle}\n{shown}");
    }
    assert!(!shown.contains("c9d3)"), "only the first three by place");
}

#[test]
fn skipped_parts_are_said_and_the_rest_still_shows() {
    let mut app = demo().size(140, 45).build();
    let (ticket, _) = listed(&mut app);
    let scope = ApiError::Forbidden {
        body: ErrorBody {
            code: Some("missing_scopes".into()),
            ..ErrorBody::default()
        },
    };
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(read(vec![(Part::Pages, scope)])),
    });
    select(&mut app, JPEG);
    let shown = screen(&app);
    assert!(
        shown.contains("pages were skipped: the token lacks"),
        "{shown}"
    );
    assert!(shown.contains("page \"Home\""), "{shown}");
}

#[test]
fn outside_a_site_listing_the_pane_says_where_uses_show() {
    let app = demo().size(140, 45).build();
    assert!(screen(&app).contains("Uses are shown when browsing a site"));
}

#[test]
fn tab_reaches_the_pane_while_browsing_a_site() {
    let mut app = demo().size(100, 30).build();
    listed(&mut app);
    let tab = || common::app::key(crossterm::event::KeyCode::Tab);
    app.update(tab());
    app.update(tab());
    app.update(tab());
    assert_eq!(app.focus(), webflow_assets::tui::app::Focus::UsedOn);
    // Nothing read yet: there is no use to move to.
    app.update(common::app::ch('j'));
    assert_eq!(app.scroll(webflow_assets::tui::app::Focus::UsedOn), 0);
}

const FR: &str = "6650c1a2e4b0d3f1a2c4e777";

fn localised_site() -> Site {
    let locale = |id: &str, tag: &str, name: &str| Locale {
        id: id.into(),
        cms_locale_id: format!("cms-{tag}"),
        enabled: true,
        display_name: name.into(),
        tag: tag.into(),
        ..Locale::default()
    };
    Site {
        id: DEMO_SITE.into(),
        locales: Some(Locales {
            primary: Some(locale("6650c1a2e4b0d3f1a2c4e666", "en-US", "English")),
            secondary: vec![locale(FR, "fr-FR", "French")],
        }),
        ..Site::default()
    }
}

fn submit_locale(app: &mut App, text: &str) -> Vec<Cmd> {
    app.update(common::app::ch('L'));
    common::app::type_text(app, text);
    app.update(common::app::key(crossterm::event::KeyCode::Enter))
}

#[test]
fn the_locale_input_takes_the_sites_tags_and_reads_uses_again() {
    let mut app = demo().size(140, 45).build();
    let (ticket, _) = listed(&mut app);
    let mut answer = read(Vec::new());
    answer.site = Some(localised_site());
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(answer),
    });

    // The input offers the site's locales by tag and name.
    app.update(common::app::ch('L'));
    let Some(Popup::Input(input)) = app.popup() else {
        panic!("no input");
    };
    assert_eq!(input.locales().len(), 2);
    assert!(screen(&app).contains("fr-FR  French"));
    app.update(common::app::key(crossterm::event::KeyCode::Esc));

    // An unknown tag is refused inline, naming the site's locales.
    submit_locale(&mut app, "de-DE");
    let Some(Popup::Input(input)) = app.popup() else {
        panic!("the input stays open");
    };
    assert!(matches!(
        input.error(),
        Some(InputError::UnknownLocale { .. })
    ));
    assert!(
        input
            .error()
            .unwrap()
            .to_string()
            .contains("fr-FR (French)")
    );
    app.update(common::app::key(crossterm::event::KeyCode::Esc));

    // A tag (any case) picks the locale: the site is listed in it, and its
    // uses read again once the listing ends.
    let cmds = submit_locale(&mut app, "fr-fr");
    assert!(app.popup().is_none());
    assert_eq!(app.assets().locale(), Some(&LocaleId::parse(FR).unwrap()));
    assert_eq!(app.uses().state(), &ReadState::Idle);
    assert!(screen(&app).contains("locale fr-FR"), "named by its tag");
    let listing = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::ListSite { ticket, locale, .. } => Some((*ticket, locale.clone())),
            _ => None,
        })
        .expect("listed again");
    assert_eq!(listing.1, Some(LocaleId::parse(FR).unwrap()));
    let cmds = app.update(Msg::SiteDone {
        ticket: listing.0,
        error: None,
    });
    assert!(matches!(
        cmds.as_slice(),
        [Cmd::ReadUsage { locale: Some(l), .. }] if l.as_str() == FR
    ));
    // The site is still known while its uses are read again: `L` shows the
    // current locale by its tag, and the primary's tag is the default.
    app.update(common::app::ch('L'));
    let Some(Popup::Input(input)) = app.popup() else {
        panic!("no input");
    };
    assert_eq!(input.text(), "fr-FR");
    app.update(common::app::key(crossterm::event::KeyCode::Esc));
    app.update(common::app::ch('L'));
    app.update(common::app::key_with(
        crossterm::event::KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    ));
    common::app::type_text(&mut app, "en-US");
    app.update(common::app::key(crossterm::event::KeyCode::Enter));
    assert_eq!(app.assets().locale(), None);
}

fn visible_ids(app: &App) -> Vec<String> {
    app.assets()
        .visible()
        .map(|e| e.id().as_str().to_string())
        .collect()
}

#[test]
fn u_cycles_all_unused_and_rendered_problems() {
    let mut app = demo().size(140, 45).build();
    let (ticket, _) = listed(&mut app);
    let all = visible_ids(&app).len();
    let mut answer = read(Vec::new());
    // The JPEG renders with no alt at all on one page.
    answer.usage.assets[0].uses.push(page_use(None));
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(answer),
    });
    app.update(common::app::ch('U'));
    assert_eq!(app.assets().usage_only(), UsageOnly::Unused);
    assert_eq!(visible_ids(&app), vec![IMG.to_string()]);
    assert!(screen(&app).contains("· unused"));
    app.update(common::app::ch('U'));
    assert_eq!(app.assets().usage_only(), UsageOnly::RenderedProblems);
    assert_eq!(visible_ids(&app), vec![JPEG.to_string()]);
    app.update(common::app::ch('U'));
    assert_eq!(app.assets().usage_only(), UsageOnly::All);
    assert_eq!(visible_ids(&app).len(), all);
}

#[test]
fn the_usage_filter_is_in_the_help() {
    let mut app = demo().size(140, 45).build();
    app.update(common::app::ch('?'));
    assert!(screen(&app).contains("only unused"));
}

#[test]
fn enter_in_the_pane_opens_the_chosen_page_where_it_is_published() {
    let mut app = demo().size(140, 45).build();
    let (ticket, _) = listed(&mut app);
    let mut answer = read(Vec::new());
    let mut about = page_use(Some("Caramel"));
    about.place.page_slug = Some("about".into());
    answer.usage.assets[0].uses.push(about);
    answer.site = Some(Site {
        preview_url: Some("https://candy.webflow.io".into()),
        ..localised_site()
    });
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(answer),
    });
    select(&mut app, JPEG);
    let tab = || common::app::key(crossterm::event::KeyCode::Tab);
    let enter = || common::app::key(crossterm::event::KeyCode::Enter);
    for _ in 0..3 {
        app.update(tab());
    }
    assert_eq!(app.focus(), webflow_assets::tui::app::Focus::UsedOn);
    assert_eq!(
        app.update(enter()),
        vec![Cmd::Open {
            url: "https://candy.webflow.io/".into()
        }]
    );
    // ↓ chooses the next use (and stops at the last).
    app.update(common::app::ch('j'));
    app.update(common::app::ch('j'));
    assert_eq!(app.scroll(webflow_assets::tui::app::Focus::UsedOn), 1);
    assert_eq!(
        app.update(enter()),
        vec![Cmd::Open {
            url: "https://candy.webflow.io/about".into()
        }]
    );
}

#[test]
fn used_on_pane_100x30() {
    let mut app = demo().size(100, 30).build();
    let (ticket, _) = listed(&mut app);
    let mut answer = read(Vec::new());
    answer.usage.assets[0].uses.push(page_use(None));
    app.update(Msg::UsageRead {
        ticket,
        result: Ok(answer),
    });
    select(&mut app, JPEG);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| render(&app, f)).unwrap();
    insta::assert_snapshot!(terminal.backend());
}
