//! The help overlay, generated from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::theme::Theme;
use super::{centered, pane, scrolled};
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let rows = app.keymap().help_rows();
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
    lines.push(Line::styled(
        " ID input: Enter looks up · Esc cancels · ↑/↓ history · paste IDs",
        theme.dim(),
    ));
    lines.push(Line::styled(
        " Editing alt text: Enter saves · Esc cancels · Ctrl-W a word",
        theme.dim(),
    ));
    let preview = if app.preview().available() {
        let protocol = if app.preview().protocol().is_empty() {
            "not known yet"
        } else {
            app.preview().protocol()
        };
        format!(" Preview: {protocol} (set with --preview, or preview in config.toml)")
    } else {
        " Preview is off (--preview off).".to_string()
    };
    lines.push(Line::styled(preview, theme.dim()));
    lines.push(Line::styled(
        " Change keys in the [keys] table of config.toml.",
        theme.dim(),
    ));
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 3;
    let height = lines.len() as u16 + 2;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let fits = popup.height >= height;
    let title = if fits {
        format!(" wfa {} keys · any key closes ", env!("CARGO_PKG_VERSION"))
    } else {
        format!(
            " wfa {} keys · ↑↓ scroll · other keys close ",
            env!("CARGO_PKG_VERSION")
        )
    };
    let block = pane(Line::styled(title, theme.title()), true, theme);
    frame.render_widget(
        scrolled(lines, block, popup, app.help_scroll(), false),
        popup,
    );
}
