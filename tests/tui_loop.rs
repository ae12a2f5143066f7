//! The whole event loop (`tui::run_on`) driven without a terminal: keys go in
//! through the same channel the input thread feeds, frames come out on a
//! `TestBackend`, and the demo catalogue answers over loopback HTTP.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;
use webflow_assets::config::{ChoiceSource, PreviewChoice, PreviewMode};
use webflow_assets::source::SourcePlan;
use webflow_assets::tui::input::{Awaiting, Input};
use webflow_assets::tui::keymap::Keymap;
use webflow_assets::tui::{Options, run_on};

fn key(c: char) -> Input {
    Input::Event(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

fn options() -> Options {
    Options {
        ids: Vec::new(),
        keymap: Keymap::default(),
        mouse: false,
        locale: None,
        history_path: None,
        state_dir: None,
        audit: Default::default(),
        preview: PreviewChoice {
            mode: PreviewMode::Off,
            source: ChoiceSource::CommandLine,
        },
        site: None,
        startup_warning: None,
    }
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Keys typed before the loop even starts are all applied, in order, and the
/// last frame drawn before quitting shows their effect.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_from_the_input_channel_move_the_selection_and_quit() {
    let (tx, inputs) = mpsc::unbounded_channel();
    let (_resize_tx, resizes) = mpsc::unbounded_channel();
    for c in "jjj".chars() {
        tx.send(key(c)).unwrap();
    }
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let sender = tx.clone();
    let quit_later = tokio::spawn(async move {
        // Quit once the demo's answers have had time to arrive.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        sender.send(key('q')).unwrap();
    });
    tokio::time::timeout(
        Duration::from_secs(30),
        run_on(
            &mut terminal,
            inputs,
            resizes,
            Awaiting::default(),
            SourcePlan::demo(),
            options(),
        ),
    )
    .await
    .expect("the loop quits on q")
    .expect("the loop ends without error");
    quit_later.await.unwrap();
    let shown = screen(&terminal);
    assert!(shown.contains("Assets 4/18"), "{shown}");
    assert!(shown.contains("IMG_4821.jpg"), "{shown}");
    assert!(shown.contains("DEMO"), "{shown}");
}
