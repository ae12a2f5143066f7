//! Fixing alt text where it renders: `e` in the "Used on" pane edits what
//! the chosen place takes its alt from. A CMS item's image field is saved
//! with `Cmd::WriteCms` (journaled and undoable like a save, answered by
//! `Msg::CmsSaved`); the asset's alt opens the usual editor; an element's
//! own alt cannot be written, and the status says where to fix it. The
//! write itself runs over real HTTP against the demo site's loopback
//! server (`changes::cms::single`).

mod common {
    pub mod app;
}

use std::sync::Arc;

use common::app::{ch, demo, demo_asset, demo_assets, key, list_site, type_text};
use crossterm::event::{KeyCode, KeyModifiers};
use webflow_assets::audit::AuditConfig;
use webflow_assets::changes::cms::{self, CmsSingle, CmsWanted, Target};
use webflow_assets::changes::plan::Decision;
use webflow_assets::edit;
use webflow_assets::store::demo::Catalogue;
use webflow_assets::store::demo_server::DemoServer;
use webflow_assets::store::journal::Journal;
use webflow_assets::tui::app::{App, Focus};
use webflow_assets::tui::msg::{Cmd, Msg, UsageRead};
use webflow_assets::tui::writes::CmsOutcome;
use webflow_assets::usage::{AltSource, AssetUsage, Place, Usage, Use, UseKind};
use webflow_assets::webflow::{Client, ClientConfig};

/// In the demo catalogue: an image a CMS item shows with its own alt.
const GUMMY: &str = "66583e0aa3a3eab163912052";
/// An image a page shows with the element's own alt.
const LOGO: &str = "65a9474312a262af23b39f62";
const COLLECTION: &str = "6740b1c2d3e4f5a6b7c8d901";
const ITEM: &str = "6740d1c2d3e4f5a6b7c8d901";

fn cms_use(alt: &str) -> Use {
    Use {
        kind: UseKind::Cms,
        page_id: Some("p-template".into()),
        node_id: None,
        component_id: None,
        instance_id: None,
        collection_id: Some(COLLECTION.into()),
        item_id: Some(ITEM.into()),
        field: Some("main-image".into()),
        rendered_alt: Some(alt.into()),
        alt_source: AltSource::Field,
        place: Place {
            page_title: Some("Products Template".into()),
            page_slug: Some("detail_products".into()),
            collection: Some("Products".into()),
            item: Some("Gummy bears".into()),
            field: Some("Main image".into()),
            item_path: Some("products/gummy-bears".into()),
            ..Place::default()
        },
    }
}

fn node_use() -> Use {
    Use {
        kind: UseKind::Page,
        page_id: Some("p-home".into()),
        node_id: Some("a245c12d-995b-55ee-5ec7-000000000001".into()),
        collection_id: None,
        item_id: None,
        field: None,
        component_id: None,
        instance_id: None,
        rendered_alt: Some("Candy Co.".into()),
        alt_source: AltSource::Node,
        place: Place {
            page_title: Some("Home".into()),
            page_slug: Some("index".into()),
            ..Place::default()
        },
    }
}

/// The demo site listed, its uses read (the gummy bear on a CMS item, the
/// logo on a page), the gummy bear selected and the "Used on" pane focused.
fn in_pane(selected: &str) -> App {
    let mut app = demo().size(140, 45).build();
    let ticket = list_site(&mut app, demo_assets());
    let cmds = app.update(Msg::SiteDone {
        ticket,
        error: None,
    });
    let [Cmd::ReadUsage { ticket, .. }] = cmds.as_slice() else {
        panic!("expected a usage read, got {cmds:?}");
    };
    app.update(Msg::UsageRead {
        ticket: *ticket,
        result: Ok(Box::new(UsageRead {
            site: None,
            usage: Usage {
                locale: None,
                assets: vec![
                    AssetUsage {
                        asset: demo_asset(GUMMY),
                        uses: vec![cms_use("A red gummy bear")],
                    },
                    AssetUsage {
                        asset: demo_asset(LOGO),
                        uses: vec![node_use()],
                    },
                ],
                missing: Vec::new(),
            },
            skipped: Vec::new(),
        })),
    });
    let at = app
        .assets()
        .visible()
        .position(|e| e.id().as_str() == selected)
        .unwrap();
    for _ in 0..at {
        app.update(key(KeyCode::Down));
    }
    while app.focus() != Focus::UsedOn {
        app.update(key(KeyCode::Tab));
    }
    app
}

fn screen(app: &App) -> String {
    common::app::drawn(app, 240, 45)
}

/// `e`, the text replaced by `text`, Enter: the one CMS write asked for.
fn save(app: &mut App, text: &str) -> (u64, CmsWanted) {
    app.update(ch('e'));
    app.update(common::app::key_with(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    ));
    type_text(app, text);
    let cmds = app.update(key(KeyCode::Enter));
    match cmds.as_slice() {
        // The draft is on disk before the write goes out.
        [
            Cmd::SaveDrafts { drafts, .. },
            Cmd::WriteCms { ticket, id, wanted },
        ] => {
            assert_eq!(id.as_str(), GUMMY);
            assert!(
                drafts
                    .iter()
                    .any(|d| d.text == text
                        && d.cms.as_ref().is_some_and(|c| c.field == "main-image")),
                "{drafts:?}"
            );
            (*ticket, (**wanted).clone())
        }
        other => panic!("expected the draft kept, then one CMS write, got {other:?}"),
    }
}

/// What the last `SaveDrafts` among `cmds` keeps.
fn kept(cmds: &[Cmd]) -> Option<Vec<webflow_assets::store::drafts::Draft>> {
    cmds.iter().rev().find_map(|c| match c {
        Cmd::SaveDrafts { drafts, .. } => Some(drafts.clone()),
        _ => None,
    })
}

#[test]
fn e_on_a_cms_place_edits_and_saves_the_items_alt_with_undo() {
    let mut app = in_pane(GUMMY);
    assert!(screen(&app).contains("e edits this CMS item's alt"));
    app.update(ch('e'));
    let shown = screen(&app);
    assert!(
        shown.contains("editing CMS \"Products\" · item \"Gummy bears\" · field Main image"),
        "{shown}"
    );
    app.update(key(KeyCode::Esc));
    let (ticket, wanted) = save(&mut app, "A translucent red gummy bear");
    assert_eq!(
        wanted.target,
        Target {
            collection_id: COLLECTION.into(),
            item_id: ITEM.into(),
            field: "main-image".into(),
            file_id: Some(GUMMY.into()),
            locale: None,
        }
    );
    assert_eq!(wanted.alt.text, "A translucent red gummy bear");
    assert_eq!(wanted.expect_alt, Some(Some("A red gummy bear".into())));

    let cmds = app.update(Msg::CmsSaved {
        ticket,
        id: webflow_assets::webflow::AssetId::parse(GUMMY).unwrap(),
        outcome: CmsOutcome::Done,
        journal: None,
    });
    assert_eq!(kept(&cmds), Some(Vec::new()), "saved: no draft left");
    let shown = screen(&app);
    assert!(
        shown.contains("alt \"A translucent red gummy bear\""),
        "{shown}"
    );
    assert!(shown.contains("saved the alt text of CMS"), "{shown}");

    // `u` writes the earlier text back, expecting the one written.
    let cmds = app.update(ch('u'));
    let [Cmd::WriteCms { wanted, .. }] = cmds.as_slice() else {
        panic!("expected the undo's CMS write, got {cmds:?}");
    };
    assert_eq!(wanted.alt.text, "A red gummy bear");
    assert_eq!(
        wanted.expect_alt,
        Some(Some("A translucent red gummy bear".into()))
    );
}

#[test]
fn a_conflict_keeps_the_draft_for_the_next_e_starting_from_the_new_text() {
    let mut app = in_pane(GUMMY);
    let (ticket, _) = save(&mut app, "Mine");
    app.update(Msg::CmsSaved {
        ticket,
        id: webflow_assets::webflow::AssetId::parse(GUMMY).unwrap(),
        outcome: CmsOutcome::Conflict {
            now: Some("Theirs".into()),
        },
        journal: None,
    });
    assert!(screen(&app).contains("someone else changed"));
    app.update(ch('e'));
    let editor = app.alt_editor().expect("the editor reopens");
    assert_eq!(editor.text(), "Mine");
    assert_eq!(editor.base(), Some("Theirs"));
}

#[test]
fn e_on_an_asset_used_nowhere_edits_its_own_alt() {
    // The candy wrapper is in no use of this read.
    let mut app = in_pane("63e5889e7fe4eafa7384cea4");
    app.update(ch('e'));
    let editor = app.alt_editor().expect("the asset's editor");
    assert!(editor.cms().is_none());
}

#[test]
fn a_cms_draft_from_an_earlier_run_comes_back_on_e() {
    // What typing kept on disk in one run is offered to the next.
    let mut typed = in_pane(GUMMY);
    typed.update(ch('e'));
    let on_disk = kept(&type_text(&mut typed, " in a jar")).expect("kept as typed");
    let mut next = in_pane(GUMMY);
    next.offer_drafts(on_disk.clone(), None);
    next.update(ch('e'));
    let editor = next.alt_editor().expect("the editor");
    assert_eq!(editor.text(), "A red gummy bear in a jar");
    assert!(editor.cms().is_some());
    // The asset's own editor does not take the CMS item's draft.
    let mut asset = in_pane(GUMMY);
    asset.offer_drafts(on_disk, None);
    asset.update(key(KeyCode::Char('h')));
    asset.update(ch('e'));
    let editor = asset.alt_editor().expect("the asset's editor");
    assert!(editor.cms().is_none());
    assert!(!editor.text().contains("in a jar"));
}

#[test]
fn an_elements_own_alt_says_where_to_fix_it_in_the_designer() {
    let mut app = in_pane(LOGO);
    assert!(app.update(ch('e')).is_empty());
    assert!(app.alt_editor().is_none());
    let shown = screen(&app);
    // At 180 columns the sentence fits once the listing's counts give way.
    let narrower = common::app::drawn(&app, 180, 45);
    let status = narrower.lines().last().unwrap_or_default();
    assert!(
        status.contains("element a245c12d-995b-55ee-5ec7-000000000001"),
        "{status}"
    );
    assert!(
        !status.contains("problems"),
        "the counts gave way: {status}"
    );
    for needle in [
        "the element's own alt: the API cannot write it; fix it in the Designer, page \"Home\" (/index), element a245c12d-995b-55ee-5ec7-000000000001",
        // The pane says so before the key is pressed.
        "not writable through the API: fix it in the Designer",
    ] {
        assert!(shown.contains(needle), "{needle}\n{shown}");
    }
}

/// The demo site's loopback server and a client of it.
async fn demo_client() -> (DemoServer, Client) {
    let catalogue = Arc::new(Catalogue::load().unwrap());
    let server = DemoServer::start(catalogue).await.unwrap();
    let client = Client::new(ClientConfig::new(server.api_base(), None)).unwrap();
    (server, client)
}

/// The gummy bear's main image alt in the demo's Products item, set to
/// `text`, expecting `expect`.
fn gummy_alt(text: &str, expect: Option<Option<String>>) -> CmsWanted {
    CmsWanted {
        target: Target {
            collection_id: COLLECTION.into(),
            item_id: ITEM.into(),
            field: "main-image".into(),
            file_id: Some(GUMMY.into()),
            locale: None,
        },
        alt: edit::alt_text(text, false).unwrap(),
        expect_alt: expect,
        origin: "a test".into(),
        loose_match: false,
        site_id: None,
    }
}

/// The worker's write, for real: the demo site's loopback server holds the
/// items; the change is read back, journaled in four lines, and a second
/// save expecting the old text is a conflict.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_cms_save_writes_over_http_and_journals_it() {
    let (_server, client) = demo_client().await;
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), "browser", None).unwrap();
    let wanted = |text: &str, expect: &str| gummy_alt(text, Some(Some(expect.into())));
    let done = cms::single(
        &client,
        &mut journal,
        wanted("A translucent red gummy bear", "A red gummy bear"),
        false,
        &AuditConfig::default(),
    )
    .await
    .unwrap();
    let CmsSingle::Decided { item, failed } = done else {
        panic!("not read: {done:?}");
    };
    assert_eq!(item.decision, Decision::Write);
    assert!(failed.is_none(), "{failed:?}");
    let items = client.list_items(COLLECTION, &[]).await.unwrap();
    let gummy = items.iter().find(|i| i.id == ITEM).unwrap();
    assert_eq!(
        gummy.field_data["main-image"]["alt"],
        "A translucent red gummy bear"
    );
    let lines = std::fs::read_to_string(journal.path()).unwrap();
    for result in ["planned", "sending", "done"] {
        assert!(
            lines.contains(&format!("\"result\":\"{result}\"")),
            "{lines}"
        );
    }
    // Someone else's text is not written over.
    let again = cms::single(
        &client,
        &mut journal,
        wanted("Mine", "A red gummy bear"),
        false,
        &AuditConfig::default(),
    )
    .await
    .unwrap();
    let CmsSingle::Decided { item, .. } = again else {
        panic!("not read: {again:?}");
    };
    assert_eq!(item.decision, Decision::Conflict);
}

/// A plan re-read before writing expects what it read, for an image that
/// already had its new text too: an edit made meanwhile is a conflict, not
/// silently written over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recheck_finds_an_edit_to_an_unchanged_image() {
    let (_server, client) = demo_client().await;
    let wanted = |text: &str| gummy_alt(text, None);
    let audit = AuditConfig::default();
    let plan = cms::make(&client, vec![wanted("A red gummy bear")], false, &audit).await;
    assert_eq!(plan.items[0].decision, Decision::Unchanged);
    // Someone else edits it while the plan is on screen.
    let dir = tempfile::tempdir().unwrap();
    let mut journal = Journal::create(dir.path(), "apply", None).unwrap();
    cms::single(&client, &mut journal, wanted("Theirs"), false, &audit)
        .await
        .unwrap();
    let again = cms::recheck(&client, plan, false, &audit).await;
    assert_eq!(again.items[0].decision, Decision::Conflict);
    assert_eq!(again.items[0].before.as_deref(), Some("Theirs"));
}
