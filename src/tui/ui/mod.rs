//! `render(&App, &mut Frame)`: drawing reads the state and never changes it.
//! One file per pane.

mod alt_editor;
mod alt_text;
mod coverage;
mod help;
mod input;
mod list;
mod metadata;
mod plan;
mod preview;
mod status;
pub mod theme;
mod used_on;
mod variants;
mod write_log;
mod write_words;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::app::{App, Focus, Popup};
use super::keymap::Action;
use super::layout::{self, MIN_SIZE};
use theme::Theme;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(app.no_color());
    if !layout::fits((area.width, area.height)) {
        too_small(app, frame, area, &theme);
        return;
    }
    let areas = layout::areas(area, app.preview().visible(), app.assets().site().is_some());
    list::render(app, frame, areas.list, &theme);
    let entry = app.assets().selected_entry();
    metadata::render(app, entry, frame, areas.metadata, &theme);
    variants::render(app, entry, frame, areas.variants, &theme);
    if let Some(used_on_area) = areas.used_on {
        used_on::render(app, entry, frame, used_on_area, &theme);
    }
    alt_text::render(app, entry, frame, areas.alt_text, &theme);
    if let Some(preview_area) = areas.preview {
        preview::render(app, frame, preview_area, &theme);
    }
    status::render(app, frame, areas.status, &theme);

    match app.popup() {
        Some(Popup::Help) => help::render(app, frame, area, &theme),
        Some(Popup::Input(input)) => input::render(input, frame, area, &theme),
        Some(Popup::WriteLog) => write_log::render(app, frame, area, &theme),
        Some(Popup::Coverage) => coverage::render(app, frame, area, &theme),
        None => {}
    }
    if let Some((plan, scroll)) = app.bulk().review() {
        plan::render(plan, scroll, frame, area, &theme);
    }
}

/// A bordered block whose border shows focus. Its geometry is
/// `layout::pane_block`, from which the preview's size is worked out.
fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    layout::pane_block()
        .border_style(theme.border(focused))
        .title(title)
}

/// Whether `pane` shows as focused: nothing over it, and not while the
/// alt-text editor has the keyboard.
fn focused(app: &App, pane: Focus) -> bool {
    app.focus() == pane && !app.overlay_shown() && app.alt_editor().is_none()
}

/// A paragraph scrolled by `scroll` lines, clamped so that it never scrolls
/// past its end. With `wrap`, lines are wrapped to the pane and the clamp counts
/// wrapped lines.
fn scrolled<'a>(
    lines: Vec<Line<'a>>,
    block: Block<'a>,
    area: Rect,
    scroll: u16,
    wrap: bool,
) -> Paragraph<'a> {
    let inner = block.inner(area);
    let mut paragraph = Paragraph::new(lines);
    if wrap {
        paragraph = paragraph.wrap(Wrap { trim: false });
    }
    let total = paragraph.line_count(inner.width) as u16;
    let max = total.saturating_sub(inner.height);
    paragraph.block(block).scroll((scroll.min(max), 0))
}

/// A popup `width` wide for `lines` (wrapped), as tall as they need and
/// `area` allows, centred in `area`.
fn popup_for(lines: &[Line], width: u16, area: Rect) -> Rect {
    let inner = layout::pane_block().inner(Rect::new(0, 0, width, 3)).width;
    let rows = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(inner.max(1)) as u16;
    centered(area, width, rows.saturating_add(2))
}

/// A rectangle of `width`×`height` centred in `area` (clamped to it).
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.error()),
        Line::raw(format!(
            "{}×{} here; wfa needs at least {}×{}.",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        )),
        Line::raw(format!(
            "Enlarge the window, or press {} to quit.",
            app.keymap().hint(Action::Quit)
        )),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
