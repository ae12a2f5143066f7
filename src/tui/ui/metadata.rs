//! Metadata pane: every field of the asset, sizes in both forms, dates local and
//! relative.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{focused, list, pane, scrolled};
use crate::text::{self, clean};
use crate::tui::app::{App, Entry, Focus, Load};
use crate::webflow::Asset;

const LABEL: usize = 8;
/// Minutes are enough on screen; `wfa get` prints seconds.
const DATE_FORMAT: &str = "%Y-%m-%d %H:%M %:z";

pub fn render(app: &App, entry: Option<&Entry>, frame: &mut Frame, area: Rect, theme: &Theme) {
    let name = entry.and_then(Entry::asset).map_or(String::new(), |a| {
        format!("· {} ", list::short_name(&a.display_name))
    });
    let title = Line::from(vec![
        Span::styled(" Metadata ", theme.title()),
        Span::raw(name),
    ]);
    let block = pane(title, focused(app, Focus::Metadata), theme);
    let Some(entry) = entry else {
        frame.render_widget(scrolled(vec![], block, area, 0, true), area);
        return;
    };
    let mut lines = status_lines(entry, app, theme);
    if let Some(asset) = entry.asset() {
        let width = usize::from(area.width.saturating_sub(4));
        lines.extend(fields(asset, app, width, theme));
    }
    frame.render_widget(
        scrolled(lines, block, area, app.scroll(Focus::Metadata), true),
        area,
    );
}

/// What is happening to the entry, when that is not simply "loaded".
pub fn status_lines<'a>(entry: &Entry, app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = match entry.load() {
        Load::Loading { .. } if entry.cached_at().is_some() => vec![],
        Load::Loading { .. } => vec![Line::styled(
            format!("Loading {}…", entry.id()),
            theme.dim(),
        )],
        Load::NotLoaded => vec![Line::styled(
            format!(
                "{} is in your history; loading when selected (r fetches it).",
                entry.id()
            ),
            theme.dim(),
        )],
        Load::Failed { message, .. } => vec![Line::styled(format!("✗ {message}"), theme.error())],
        Load::Loaded => vec![],
    };
    if let (Some(at), Some(_)) = (entry.cached_at(), entry.asset()) {
        let age = text::relative_time(at, app.now());
        let note = match (entry.load(), app.source().offline) {
            (_, true) => format!("Cached copy from {age} (offline)."),
            (Load::Loading { .. }, _) => format!("Showing the copy cached {age}; refreshing…"),
            _ => format!("Showing the copy cached {age}."),
        };
        lines.push(Line::styled(note, theme.warning()));
    }
    lines
}

/// The fields, each value wrapped under itself (hanging indent) so that labels
/// stay in one column however narrow the pane.
fn fields<'a>(asset: &Asset, app: &App, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let value_width = width.saturating_sub(LABEL + 1).max(8);
    let field = |label: &str, value: String| -> Vec<Line<'a>> {
        wrap_value(&value, value_width)
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let label = if i == 0 { label } else { "" };
                Line::from(vec![
                    Span::styled(format!("{label:<LABEL$} "), theme.label()),
                    Span::raw(part),
                ])
            })
            .collect()
    };
    let folder = match &asset.folder_id {
        Some(Some(folder)) => format!(" · folder {}", clean(folder)),
        Some(None) => " · site root".to_string(),
        None => String::new(),
    };
    let offset = app.utc_offset();
    let lines = [
        field("Name", clean(&asset.display_name).into_owned()),
        field("ID", clean(&asset.id).into_owned()),
        field(
            "Type",
            format!(
                "{} · {}",
                clean(&asset.content_type),
                text::size_both(asset.size)
            ),
        ),
        field("Site", format!("{}{folder}", clean(&asset.site_id))),
        field(
            "Original",
            clean(&text::decode_file_name(&asset.original_file_name)).into_owned(),
        ),
        field("URL", clean(&asset.hosted_url).into_owned()),
        field(
            "Created",
            crate::format::date_with_age_in(&asset.created_on, app.now(), offset, DATE_FORMAT),
        ),
        field(
            "Updated",
            crate::format::date_with_age_in(&asset.last_updated, app.now(), offset, DATE_FORMAT),
        ),
    ];
    lines.concat()
}

/// Splits `value` into pieces of at most `width` characters, preferring to
/// break after a space in the second half of a piece.
pub fn wrap_value(value: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = value.chars().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    while chars.len() - start > width {
        let window = &chars[start..start + width];
        let cut = window
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|&i| i >= width / 2)
            .map_or(width, |i| i + 1);
        pieces.push(
            window[..cut]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        start += cut;
    }
    pieces.push(chars[start..].iter().collect());
    pieces
}
