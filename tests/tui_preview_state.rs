//! The preview pane's state in `App::update`: when the terminal's graphics are
//! asked for, when the pane opens by itself, and `p` remembered.

mod common {
    pub mod app;
}

use common::app::demo;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use webflow_assets::tui::app::App;
use webflow_assets::tui::msg::{Cmd, Msg};

/// Previews available, shown or not and automatic or not as the start-up
/// choice says, in a terminal `width` wide.
fn app(width: u16, auto_show: bool, visible: bool) -> App {
    demo()
        .host("")
        .preview(true, visible, auto_show)
        .size(width, 40)
        .build()
}

fn detects(cmds: &[Cmd]) -> usize {
    cmds.iter()
        .filter(|c| matches!(c, Cmd::DetectGraphics))
        .count()
}

fn p() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::NONE))
}

#[test]
fn graphics_are_asked_for_once_when_a_preview_may_be_needed() {
    let mut a = app(120, true, false);
    // The resize in `app` already asked; nothing asks twice.
    assert!(a.preview().detecting());
    assert_eq!(detects(&a.update(Msg::Resize(130, 40))), 0);
    assert_eq!(detects(&a.update(p())), 0);

    // Hidden by the user's last choice: nothing is asked until `p`.
    let mut quiet = app(120, false, false);
    assert!(!quiet.preview().detecting());
    let cmds = quiet.update(p());
    assert_eq!(detects(&cmds), 1);
    assert!(cmds.contains(&Cmd::SavePreviewShown(true)));
}

#[test]
fn the_pane_opens_by_itself_only_for_real_pixels_on_a_wide_terminal() {
    let kitty = Msg::Graphics {
        protocol: "kitty",
        pixels: true,
    };
    let halfblocks = Msg::Graphics {
        protocol: "halfblocks",
        pixels: false,
    };
    let mut wide = app(120, true, false);
    wide.update(kitty);
    assert!(wide.preview().visible() && wide.preview().ready());
    assert_eq!(wide.preview().protocol(), "kitty");

    let mut narrow = app(80, true, false);
    narrow.update(Msg::Graphics {
        protocol: "kitty",
        pixels: true,
    });
    assert!(!narrow.preview().visible());

    let mut blocks = app(120, true, false);
    blocks.update(halfblocks);
    assert!(!blocks.preview().visible() && blocks.preview().ready());

    // Chosen explicitly: shown whatever the protocol.
    let mut chosen = app(80, false, true);
    chosen.update(Msg::Graphics {
        protocol: "halfblocks",
        pixels: false,
    });
    assert!(chosen.preview().visible());
}

#[test]
fn p_is_the_users_choice_from_then_on() {
    let mut a = app(120, true, false);
    // Pressed before the terminal answered: shown, and no longer automatic.
    assert_eq!(a.update(p()), [Cmd::SavePreviewShown(true)]);
    assert!(a.preview().visible() && !a.preview().auto_show());
    assert_eq!(a.update(p()), [Cmd::SavePreviewShown(false)]);
    // A late answer does not reopen what the user closed.
    a.update(Msg::Graphics {
        protocol: "kitty",
        pixels: true,
    });
    assert!(!a.preview().visible());
}
