//! `render(&App, &mut Frame)`: drawing reads the state and never changes it.
//! One file per pane.

mod alt_text;
mod help;
mod input;
mod list;
mod metadata;
mod preview;
mod status;
pub mod theme;
mod variants;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::app::{App, Focus, Popup};
use theme::Theme;

/// Below this the layout cannot show the panes usefully.
pub const MIN_SIZE: (u16, u16) = (60, 20);

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(app.no_color);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(frame, area, &theme);
        return;
    }
    let areas = layout(area, app.preview.visible);
    list::render(app, frame, areas.list, &theme);
    let entry = app.selected_entry();
    metadata::render(app, entry, frame, areas.metadata, &theme);
    variants::render(app, entry, frame, areas.variants, &theme);
    alt_text::render(app, entry, frame, areas.alt_text, &theme);
    if let Some(preview_area) = areas.preview {
        preview::render(app, frame, preview_area, &theme);
    }
    status::render(app, frame, areas.status, &theme);

    match &app.popup {
        Some(Popup::Help) => help::render(app, frame, area, &theme),
        Some(Popup::Input(input)) => input::render(input, frame, area, &theme),
        None => {}
    }
}

/// Where each pane goes. The App uses it too, to know the preview's size in
/// cells before anything is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Rect,
    pub metadata: Rect,
    pub variants: Rect,
    pub alt_text: Rect,
    pub preview: Option<Rect>,
    pub status: Rect,
}

pub fn layout(area: Rect, preview: bool) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let list_width = (main.width * 35 / 100).clamp(28, 44);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(main);
    let (detail, preview) = if preview {
        let [panes, preview] =
            Layout::horizontal([Constraint::Min(30), Constraint::Percentage(40)]).areas(detail);
        (panes, Some(preview))
    } else {
        (detail, None)
    };
    let alt_height = (detail.height / 4).max(5);
    let [metadata, variants, alt_text] = Layout::vertical([
        Constraint::Max(metadata::HEIGHT),
        Constraint::Min(4),
        Constraint::Length(alt_height),
    ])
    .areas(detail);
    Areas {
        list,
        metadata,
        variants,
        alt_text,
        preview,
        status,
    }
}

/// The preview pane's inside, in cells, for a terminal of `size`.
pub fn preview_cells(size: (u16, u16), visible: bool) -> Option<(u16, u16)> {
    let area = Rect::new(0, 0, size.0, size.1);
    if !visible || size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1 {
        return None;
    }
    let outer = layout(area, true).preview?;
    let inner = pane("", false, &Theme::new(true)).inner(outer);
    Some((inner.width, inner.height))
}

/// A bordered block whose border shows focus.
fn pane<'a>(title: impl Into<Line<'a>>, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .padding(Padding::horizontal(1))
        .title(title)
}

fn focused(app: &App, pane: Focus) -> bool {
    app.focus == pane && app.popup.is_none()
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

fn too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.error()),
        Line::raw(format!(
            "{}×{} here; wfa needs at least {}×{}.",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        )),
        Line::raw("Enlarge the window, or press q to quit."),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
