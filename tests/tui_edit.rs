//! `App::update` for writing alt texts: the editor's keys, a save and its
//! answers (done, conflict, failure), undo, drafts offered back, marks, and
//! many at once through the `$EDITOR` table. A message in, state and
//! commands out; no terminal, no network.

mod common {
    pub mod app;
}

use common::app::{asset_id as id, ch, demo, demo_asset, demo_assets, key, key_with, list_site};
use crossterm::event::{KeyCode, KeyModifiers};
use webflow_assets::changes::Wanted;
use webflow_assets::changes::plan::Decision;
use webflow_assets::store::drafts::Draft;
use webflow_assets::tui::app::{App, Ask, Bulk, LogResult, Mark, Popup};
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::tui::notice::Problem;
use webflow_assets::tui::writes::{ApplySummary, PlanRow, PlanView, WriteOutcome};
use webflow_assets::webflow::{ApiError, Asset};

/// The first row of the demo site: alt text "A single candy wrapper".
const SEED: &str = "63e5889e7fe4eafa7384cea4";
const SEED_ALT: &str = "A single candy wrapper";
/// The fourth row: alt text "IMG_4821.jpg" (a file name: a problem).
const FILE_NAME_ALT: &str = "6626bc66546865dfb230669e";

/// The demo site listed, every asset loaded, the first row selected.
fn app() -> App {
    let mut app = demo().size(240, 40).build();
    list_site(&mut app, demo_assets());
    app
}

fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app.update(ch(c))).collect()
}

fn editor_text(app: &App) -> String {
    app.alt_editor()
        .expect("the editor is open")
        .text()
        .to_string()
}

/// The one write among `cmds`.
fn write_of(cmds: &[Cmd]) -> (u64, Wanted) {
    let writes: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Write { ticket, wanted } => Some((*ticket, wanted.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(writes.len(), 1, "expected one write in {cmds:?}");
    writes.into_iter().next().unwrap()
}

/// The drafts the last `SaveDrafts` among `cmds` keeps, if there is one.
fn drafts_saved(cmds: &[Cmd]) -> Option<Vec<Draft>> {
    cmds.iter().rev().find_map(|c| match c {
        Cmd::SaveDrafts { drafts, .. } => Some(drafts.clone()),
        _ => None,
    })
}

fn with_alt(asset_id: &str, alt: Option<&str>) -> Asset {
    let mut asset = demo_asset(asset_id);
    asset.alt_text = alt.map(str::to_string);
    asset
}

fn saved(ticket: u64, asset_id: &str, outcome: WriteOutcome) -> Msg {
    Msg::Saved {
        ticket,
        id: id(asset_id),
        outcome,
        journal: Some("/state/wfa/journal/x.jsonl".into()),
    }
}

fn screen(app: &App) -> String {
    common::app::drawn(app, 240, 40)
}

#[test]
fn the_editor_edits_with_cursor_word_delete_and_paste() {
    let mut app = app();
    assert!(app.update(ch('e')).is_empty());
    assert_eq!(editor_text(&app), SEED_ALT);
    // Ctrl-W takes the last word, Alt-Backspace the one before it.
    app.update(key_with(KeyCode::Char('w'), KeyModifiers::CONTROL));
    assert_eq!(editor_text(&app), "A single candy ");
    app.update(key_with(KeyCode::Backspace, KeyModifiers::ALT));
    assert_eq!(editor_text(&app), "A single ");
    // Home, then a character typed at the start; Delete removes the next.
    app.update(key(KeyCode::Home));
    app.update(key(KeyCode::Delete));
    let cmds = type_text(&mut app, "The");
    assert_eq!(editor_text(&app), "The single ");
    // Every change keeps the draft (on disk, through the worker).
    let draft = &drafts_saved(&cmds).expect("the draft is kept")[0];
    assert_eq!(draft.text, "The single ");
    assert_eq!(draft.base.as_deref(), Some(SEED_ALT));
    // A paste lands at the cursor, its line breaks turned to spaces.
    app.update(key(KeyCode::End));
    app.update(Msg::Paste("wrapper\non\ttable".into()));
    assert_eq!(editor_text(&app), "The single wrapper on table");
    // The pane shows the draft, its count and the hints.
    let text = screen(&app);
    assert!(text.contains("Alt text · editing"), "{text}");
    assert!(text.contains("27/125 characters"), "{text}");
    // Keys go to the editor, not to the browser: `q` typed, no quit.
    app.update(ch('q'));
    assert!(!app.should_quit());
}

#[test]
fn the_audit_of_the_draft_shows_live_and_a_refusal_blocks_enter() {
    let mut app = app();
    app.update(ch('e'));
    app.update(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut app, "IMG_2041.jpg");
    let text = screen(&app);
    assert!(
        text.contains('⚠'),
        "a file name as alt text is flagged:\n{text}"
    );
    // A bidi override is refused: Enter sends nothing, the editor stays.
    type_text(&mut app, "\u{202e}");
    let cmds = app.update(key(KeyCode::Enter));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Write { .. })));
    assert!(app.alt_editor().unwrap().refused().is_some());
    assert!(screen(&app).contains("bidi"));
}

#[test]
fn enter_saves_and_the_answer_updates_row_pane_mark_and_counts() {
    let mut app = app();
    app.update(ch('j'));
    app.update(ch('j'));
    app.update(ch('j'));
    assert_eq!(
        app.assets().selected_entry().unwrap().id(),
        &id(FILE_NAME_ALT)
    );
    assert_eq!(
        app.assets().selected_entry().unwrap().mark(),
        Mark::AltProblem
    );
    let problems = app.assets().counts().problems;
    app.update(ch('e'));
    app.update(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    type_text(&mut app, "Gummy bears in a glass jar");
    let cmds = app.update(key(KeyCode::Enter));
    let (ticket, wanted) = write_of(&cmds);
    assert_eq!(wanted.asset_id, id(FILE_NAME_ALT));
    assert_eq!(
        wanted.alt_text.as_ref().unwrap().text,
        "Gummy bears in a glass jar"
    );
    // The write expects what the editor started from.
    assert_eq!(wanted.expect_alt_text, Some(Some("IMG_4821.jpg".into())));
    assert!(app.alt_editor().is_none());
    // In flight: the row says so, the log lists it pending.
    assert_eq!(app.assets().selected_entry().unwrap().mark(), Mark::Saving);
    assert_eq!(app.write_log().pending(), 1);
    assert!(screen(&app).contains("saving…"));

    let after = with_alt(FILE_NAME_ALT, Some("Gummy bears in a glass jar"));
    let cmds = app.update(saved(
        ticket,
        FILE_NAME_ALT,
        WriteOutcome::Done {
            asset: Box::new(after),
        },
    ));
    let entry = app.assets().selected_entry().unwrap();
    assert_eq!(entry.mark(), Mark::Ok);
    assert_eq!(
        entry.asset().unwrap().alt_text.as_deref(),
        Some("Gummy bears in a glass jar")
    );
    assert_eq!(app.assets().counts().problems, problems - 1);
    // Saved: the draft is gone from disk too.
    assert_eq!(drafts_saved(&cmds), Some(Vec::new()));
    assert!(app.drafts().is_empty());
    let log = &app.write_log().entries()[0];
    assert_eq!(log.result, LogResult::Done);
    assert_eq!(log.before.as_deref(), Some("IMG_4821.jpg"));
    assert!(app.write_log().journal().is_some());
    assert!(screen(&app).contains("saved the alt text of IMG_4821.jpg; u undoes"));
}

#[test]
fn a_conflict_or_a_failure_keeps_the_draft_and_says_why() {
    let mut app = app();
    app.update(ch('e'));
    type_text(&mut app, " on a table");
    let (ticket, _) = write_of(&app.update(key(KeyCode::Enter)));
    let theirs = with_alt(SEED, Some("Edited in the Designer"));
    app.update(saved(
        ticket,
        SEED,
        WriteOutcome::Conflict {
            asset: Box::new(theirs),
            now: Some("Edited in the Designer".into()),
        },
    ));
    assert!(matches!(
        app.status().last_error(),
        Some(Problem::WriteConflict { .. })
    ));
    let text = screen(&app);
    assert!(text.contains("someone else changed the alt text"), "{text}");
    // The pane shows their text; the draft is kept, based on it now.
    let draft = app.drafts().get(&id(SEED), None).unwrap();
    assert_eq!(draft.text, "A single candy wrapper on a table");
    assert_eq!(draft.base.as_deref(), Some("Edited in the Designer"));
    assert_eq!(
        app.write_log().entries()[0].result,
        LogResult::Conflict {
            now: Some("Edited in the Designer".into())
        }
    );
    // `e` resumes the draft; saving again expects their text.
    app.update(ch('e'));
    assert_eq!(editor_text(&app), "A single candy wrapper on a table");
    let (ticket, wanted) = write_of(&app.update(key(KeyCode::Enter)));
    assert_eq!(
        wanted.expect_alt_text,
        Some(Some("Edited in the Designer".into()))
    );
    // A failure keeps the draft too.
    app.update(saved(
        ticket,
        SEED,
        WriteOutcome::Failed(ApiError::Server {
            status: 503,
            body: Default::default(),
        }),
    ));
    assert!(matches!(
        app.status().last_error(),
        Some(Problem::WriteFailed { .. })
    ));
    assert!(app.drafts().get(&id(SEED), None).is_some());
    assert_eq!(app.assets().selected_entry().unwrap().mark(), Mark::Ok);
}

#[test]
fn esc_asks_before_dropping_a_changed_draft() {
    let mut app = app();
    app.update(ch('e'));
    // Unchanged: Esc just closes.
    app.update(key(KeyCode::Esc));
    assert!(app.alt_editor().is_none());
    app.update(ch('e'));
    type_text(&mut app, "!");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.alt_editor().unwrap().ask(), Some(Ask::Discard));
    assert!(screen(&app).contains("Drop the changed draft?"));
    // n: back to editing, the text kept.
    app.update(ch('n'));
    assert_eq!(editor_text(&app), "A single candy wrapper!");
    app.update(key(KeyCode::Esc));
    let cmds = app.update(ch('y'));
    assert!(app.alt_editor().is_none());
    assert_eq!(drafts_saved(&cmds), Some(Vec::new()));
    // Ctrl-C leaves and keeps the draft for later.
    app.update(ch('e'));
    type_text(&mut app, "?");
    app.update(key_with(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.alt_editor().is_none());
    assert_eq!(
        app.drafts().get(&id(SEED), None).unwrap().text,
        "A single candy wrapper?"
    );
}

#[test]
fn decorative_must_be_asked_for_and_null_is_never_written() {
    let mut app = app();
    app.update(ch('e'));
    app.update(key_with(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert!(
        !app.update(key(KeyCode::Enter))
            .iter()
            .any(|c| matches!(c, Cmd::Write { .. }))
    );
    assert_eq!(app.alt_editor().unwrap().ask(), Some(Ask::Decorative));
    let (_, wanted) = write_of(&app.update(ch('y')));
    let value = wanted.alt_text.unwrap();
    assert!(value.is_decorative());
    assert_eq!(value.text, "");
}

#[test]
fn u_undoes_the_last_save_expecting_what_it_wrote() {
    let mut app = app();
    assert!(app.update(ch('u')).is_empty(), "nothing to undo yet");
    app.update(ch('e'));
    type_text(&mut app, " on a table");
    let (ticket, _) = write_of(&app.update(key(KeyCode::Enter)));
    let after = with_alt(SEED, Some("A single candy wrapper on a table"));
    app.update(saved(
        ticket,
        SEED,
        WriteOutcome::Done {
            asset: Box::new(after),
        },
    ));
    let (ticket, wanted) = write_of(&app.update(ch('u')));
    assert_eq!(wanted.alt_text.unwrap().text, SEED_ALT);
    assert_eq!(
        wanted.expect_alt_text,
        Some(Some("A single candy wrapper on a table".into()))
    );
    app.update(saved(
        ticket,
        SEED,
        WriteOutcome::Done {
            asset: Box::new(demo_asset(SEED)),
        },
    ));
    assert!(app.write_log().entries()[0].undone);
    assert!(app.update(ch('u')).is_empty(), "each write is undone once");

    // The command log lists both writes and the journal.
    app.update(ch('w'));
    assert_eq!(app.popup(), Some(&Popup::WriteLog));
    let text = screen(&app);
    assert!(text.contains("done, undone since"), "{text}");
    assert!(
        text.contains("journal: /state/wfa/journal/x.jsonl"),
        "{text}"
    );
}

#[test]
fn a_null_before_value_cannot_be_restored() {
    let mut app = app();
    let null_alt = "67f628ace5d226bbabc5a13b";
    let position = app
        .assets()
        .visible()
        .position(|e| e.id() == &id(null_alt))
        .unwrap();
    for _ in 0..position {
        app.update(ch('j'));
    }
    app.update(ch('e'));
    type_text(&mut app, "A chocolate bar");
    let (ticket, wanted) = write_of(&app.update(key(KeyCode::Enter)));
    assert_eq!(wanted.expect_alt_text, Some(None));
    let after = with_alt(null_alt, Some("A chocolate bar"));
    app.update(saved(
        ticket,
        null_alt,
        WriteOutcome::Done {
            asset: Box::new(after),
        },
    ));
    assert!(app.update(ch('u')).is_empty());
    assert!(matches!(
        app.status().last_error(),
        Some(Problem::CannotRestoreNull { .. })
    ));
}

#[test]
fn drafts_from_before_are_offered_and_resumed() {
    let mut app = app();
    let draft = |host: Option<&str>| Draft {
        host: host.map(str::to_string),
        asset_id: SEED.into(),
        locale: None,
        base: Some(SEED_ALT.into()),
        text: "From the last run".into(),
        time: "2026-11-28T11:00:00.000Z".into(),
        cms: None,
    };
    // A draft for a live host is not offered in demo mode.
    app.offer_drafts(vec![draft(None), draft(Some("api.webflow.com"))], None);
    assert_eq!(app.drafts().len(), 1);
    assert!(screen(&app).contains("1 unsaved alt-text draft from before"));
    app.update(ch('e'));
    assert_eq!(editor_text(&app), "From the last run");
    // Quitting keeps what is left, the other host's draft included.
    app.update(key(KeyCode::Esc));
    app.update(ch('y'));
    let cmds = app.update(ch('q'));
    let kept = drafts_saved(&cmds).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].host.as_deref(), Some("api.webflow.com"));
}

#[test]
fn space_marks_a_row_and_star_marks_every_row_shown() {
    let mut app = app();
    app.update(ch(' '));
    assert!(app.assets().is_marked(&id(SEED)));
    app.update(ch(' '));
    assert_eq!(app.assets().marked_count(), 0);
    app.update(ch('!'));
    let shown = app.assets().visible().count();
    assert!(shown > 1 && shown < demo_assets().len());
    app.update(ch('*'));
    assert_eq!(app.assets().marked_count(), shown);
    assert!(screen(&app).contains(&format!("{shown} marked")));
    // Again: every shown row is marked, so they are all unmarked.
    app.update(ch('*'));
    assert_eq!(app.assets().marked_count(), 0);
}

#[test]
fn e_upper_edits_the_marked_rows_as_a_table_and_applies_the_plan() {
    let mut app = app();
    app.update(ch(' '));
    app.update(ch('j'));
    app.update(ch('j'));
    app.update(ch('j'));
    app.update(ch(' '));
    let cmds = app.update(ch('E'));
    let [Cmd::EditTable { text }] = cmds.as_slice() else {
        panic!("expected the table, got {cmds:?}")
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        lines,
        [
            format!("{SEED}\tCandy-Wrapper.png\t{SEED_ALT}"),
            format!("{FILE_NAME_ALT}\tIMG_4821.jpg\tIMG_4821.jpg"),
        ]
    );
    // The first line left as it was; the second edited.
    let edited = text.replace("IMG_4821.jpg\tIMG_4821.jpg", "IMG_4821.jpg\tGummy bears");
    let cmds = app.update(Msg::TableEdited(Ok(edited)));
    let [Cmd::MakePlan { ticket, wanted }] = cmds.as_slice() else {
        panic!("expected a plan, got {cmds:?}")
    };
    assert_eq!(wanted.len(), 1);
    assert_eq!(wanted[0].expect_alt_text, Some(Some("IMG_4821.jpg".into())));
    let ticket = *ticket;
    let plan = PlanView {
        rows: vec![PlanRow {
            id: id(FILE_NAME_ALT),
            name: "IMG_4821.jpg".into(),
            current: Some("IMG_4821.jpg".into()),
            new: "Gummy bears".into(),
            decision: Decision::Write,
            findings: Vec::new(),
        }],
        unreadable: Vec::new(),
    };
    app.update(Msg::Planned { ticket, plan });
    assert!(app.bulk().review().is_some());
    let text = screen(&app);
    assert!(
        text.contains("\"IMG_4821.jpg\" → \"Gummy bears\""),
        "{text}"
    );
    assert!(text.contains("1 to write"), "{text}");
    // `y` runs it: the row is saving, the log lists it.
    assert_eq!(app.update(ch('y')), [Cmd::ApplyPlan { ticket }]);
    assert!(matches!(app.bulk(), Bulk::Applying { total: 1, .. }));
    // `x` asks the run to stop; the status says how.
    assert!(screen(&app).contains("applying 0/1 (x stops)"));
    assert_eq!(app.update(ch('x')), [Cmd::StopPlan { ticket }]);
    let row = app.assets().entry(&id(FILE_NAME_ALT)).unwrap();
    assert_eq!(row.mark(), Mark::Saving);
    app.update(Msg::Applied {
        ticket,
        id: id(FILE_NAME_ALT),
        outcome: WriteOutcome::Done {
            asset: Box::new(with_alt(FILE_NAME_ALT, Some("Gummy bears"))),
        },
        journal: Some("/j.jsonl".into()),
    });
    app.update(Msg::ApplyDone {
        ticket,
        summary: ApplySummary {
            done: 1,
            failed: 0,
            not_sent: 0,
            stopped: None,
        },
    });
    assert!(app.bulk().is_idle());
    let row = app.assets().entry(&id(FILE_NAME_ALT)).unwrap();
    assert_eq!(row.mark(), Mark::Ok);
    assert_eq!(app.write_log().entries()[0].result, LogResult::Done);
    // The row whose change landed is unmarked; the other was not in the plan.
    assert!(!app.assets().is_marked(&id(FILE_NAME_ALT)));
    assert!(app.assets().is_marked(&id(SEED)));
}

#[test]
fn a_refused_table_or_a_closed_plan_writes_nothing() {
    let mut app = app();
    let cmds = app.update(ch('E'));
    let [Cmd::EditTable { text }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    let bad = text.replace(SEED, "not-an-id");
    assert!(app.update(Msg::TableEdited(Ok(bad))).is_empty());
    assert!(matches!(
        app.status().last_error(),
        Some(Problem::TableRefused(_))
    ));
    assert!(app.bulk().is_idle());
    // E opens the refused table again, as it was, with the reasons.
    let cmds = app.update(ch('E'));
    let [Cmd::EditTable { text: again }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    assert!(again.contains("not-an-id\t"), "{again}");
    assert!(again.contains("# line 8: "), "{again}");
    app.update(Msg::TableEdited(Ok(text.clone())));
    assert!(app.bulk().is_idle());
    // A plan closed with n is dropped.
    let cmds = app.update(ch('E'));
    let [Cmd::EditTable { text }] = cmds.as_slice() else {
        panic!("{cmds:?}")
    };
    let edited = text.replace(SEED_ALT, "A new text");
    let ticket = match app.update(Msg::TableEdited(Ok(edited))).as_slice() {
        [Cmd::MakePlan { ticket, .. }] => *ticket,
        other => panic!("{other:?}"),
    };
    let plan = PlanView {
        rows: Vec::new(),
        unreadable: Vec::new(),
    };
    app.update(Msg::Planned { ticket, plan });
    assert_eq!(app.update(ch('n')), [Cmd::DropPlan { ticket }]);
    assert!(app.bulk().is_idle());
}
