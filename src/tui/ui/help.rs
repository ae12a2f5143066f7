//! The help overlay, generated from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::theme::Theme;
use super::{centered, pane};
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rows = app.keymap.help_rows();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, description)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_width$}  "), theme.title()),
                Span::raw(description),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " In the ID input: Enter looks up, Esc cancels, ↑/↓ recall history,",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " and pasting several IDs queues them all.",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " Keys can be changed in the [keys] table of config.toml.",
        theme.dim(),
    ));
    lines.push(Line::styled(" Any key closes this help.", theme.dim()));
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 3;
    let height = lines.len() as u16 + 2;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let title = format!(" wfa {} — keys ", env!("CARGO_PKG_VERSION"));
    frame.render_widget(
        Paragraph::new(lines).block(pane(Line::styled(title, theme.title()), true, theme)),
        popup,
    );
}
