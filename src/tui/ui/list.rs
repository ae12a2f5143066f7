//! The asset list: this session's lookups, then history. Only the visible rows
//! are built, so a frame costs the same with 20 rows or 20,000.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::{focused, pane};
use crate::text::clean;
use crate::tui::app::{App, Entry, Focus, Load};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut title = if app.view.is_empty() {
        " Assets ".to_string()
    } else {
        format!(" Assets {}/{} ", app.selected + 1, app.view.len())
    };
    if app.view.len() != app.entries.len() {
        title.push_str(&format!("of {} ", app.entries.len()));
    }
    if !app.filter.is_empty() {
        title.push_str(&format!("· /{} ", clean(&app.filter)));
    }
    if app.only_problems {
        title.push_str("· problems ");
    }
    if app.sort != crate::listing::SortKey::Site {
        title.push_str(&format!("· by {} ", app.sort.label()));
    }
    // No inner padding: a row's ID line needs every column of a narrow list.
    let block = pane(
        Line::styled(title, theme.title()),
        focused(app, Focus::List),
        theme,
    )
    .padding(ratatui::widgets::Padding::ZERO);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if app.view.is_empty() && !app.entries.is_empty() {
        let hint = "Nothing matches. Esc in the filter, or ! to show all.";
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), inner);
        return;
    }
    if app.entries.is_empty() {
        let hint = format!(
            "No assets yet. Press {} to look up an ID.",
            app.keymap.hint(crate::tui::keymap::Action::Lookup)
        );
        frame.render_widget(
            Paragraph::new(hint)
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height / 2);
    let width = usize::from(inner.width);
    let mut lines = Vec::with_capacity(rows * 2);
    for (position, &i) in app.view.iter().enumerate().skip(app.list_offset).take(rows) {
        let entry = &app.entries[i];
        let row_style = if position == app.selected {
            theme.selected()
        } else {
            Style::new()
        };
        let [first, second] = row(entry, width, app.site.is_some(), theme);
        lines.push(first.style(row_style));
        lines.push(second.style(row_style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Two lines: the mark and display name, then the ID (and where it came from).
fn row<'a>(entry: &'a Entry, width: usize, site_listing: bool, theme: &Theme) -> [Line<'a>; 2] {
    let (mark, mark_style) = theme.mark(entry.mark());
    let name = match &entry.asset {
        Some(asset) => short_name(&asset.display_name),
        None => match entry.load {
            Load::Loading { .. } => "(loading…)".to_string(),
            Load::Failed { .. } => "(failed to load)".to_string(),
            _ => "(not loaded)".to_string(),
        },
    };
    let name = crate::text::fit(&name, width.saturating_sub(2));
    let origin = if entry.session || site_listing {
        ""
    } else {
        " · history"
    };
    [
        Line::from(vec![
            Span::styled(mark, mark_style),
            Span::raw(" "),
            Span::raw(name),
        ]),
        Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("{}{origin}", entry.id), theme.dim()),
        ]),
    ]
}

/// The display name for a list row: percent-decoded, cleaned, and without the
/// `<objectId>_` prefix Webflow adds (the ID is shown elsewhere).
pub fn short_name(display_name: &str) -> String {
    let decoded = crate::text::decode_file_name(display_name);
    clean(crate::listing::name_key_display_str(&decoded)).into_owned()
}
