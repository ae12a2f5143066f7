//! Variants pane: Webflow's responsive variants as a table; errors highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::list::short_name;
use super::theme::Theme;
use super::{focused, pane};
use crate::format::dimensions;
use crate::text::clean;
use crate::tui::app::{App, Entry, Focus};

pub fn render(app: &App, entry: Option<&Entry>, frame: &mut Frame, area: Rect, theme: &Theme) {
    let count = entry
        .and_then(Entry::asset)
        .map_or(String::new(), |a| format!("({}) ", a.variants.len()));
    let block = pane(
        Line::styled(format!(" Variants {count}"), theme.title()),
        focused(app, Focus::Variants),
        theme,
    );
    let Some(asset) = entry.and_then(Entry::asset) else {
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    if asset.variants.is_empty() {
        let note = if asset.is_image() {
            "No responsive variants."
        } else {
            "No variants: not an image."
        };
        frame.render_widget(Paragraph::new(note).style(theme.dim()).block(block), area);
        return;
    }
    // The error column appears only when some variant has one.
    let error_width = asset
        .variants
        .iter()
        .filter_map(|v| v.error.as_deref())
        .map(|e| clean(e).chars().count() as u16)
        .max()
        .map(|w| w.clamp(5, area.width / 3));
    let visible = usize::from(area.height.saturating_sub(3));
    let skip =
        usize::from(app.scroll(Focus::Variants)).min(asset.variants.len().saturating_sub(visible));
    let rows = asset.variants.iter().skip(skip).map(|v| {
        let dims_style = if v.height.is_none() || v.width.is_none() {
            theme.warning()
        } else {
            Style::new()
        };
        let mut cells = vec![
            Cell::from(clean(&v.format).into_owned()),
            Cell::from(dimensions(v)).style(dims_style),
            Cell::from(v.quality.map_or("—".into(), |q| q.to_string())),
            Cell::from(short_name(&v.display_name)),
        ];
        if error_width.is_some() {
            cells.push(match &v.error {
                Some(e) => Cell::from(clean(e).into_owned()),
                None => Cell::from("—").style(theme.dim()),
            });
        }
        let row = Row::new(cells);
        if v.error.is_some() {
            row.style(theme.error())
        } else {
            row
        }
    });
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Length(9),
        Constraint::Length(3),
        Constraint::Fill(1),
    ];
    let mut header = vec!["Fmt", "Size", "Q", "File"];
    if let Some(w) = error_width {
        widths.push(Constraint::Length(w));
        header.push("Error");
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.label()))
        .block(block);
    frame.render_widget(table, area);
}
