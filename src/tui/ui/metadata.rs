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

/// Rows the pane wants at most: the fields plus its border.
pub const HEIGHT: u16 = 14;
const LABEL: usize = 9;

pub fn render(app: &App, entry: Option<&Entry>, frame: &mut Frame, area: Rect, theme: &Theme) {
    let name = entry
        .and_then(|e| e.asset.as_ref())
        .map_or(String::new(), |a| {
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
    let mut lines = status_lines(entry, theme);
    if let Some(asset) = &entry.asset {
        lines.extend(fields(asset, app, theme));
    }
    frame.render_widget(
        scrolled(lines, block, area, app.scroll.metadata, true),
        area,
    );
}

/// What is happening to the entry, when that is not simply "loaded".
pub fn status_lines<'a>(entry: &Entry, theme: &Theme) -> Vec<Line<'a>> {
    match &entry.load {
        Load::Loading { .. } => vec![Line::styled(format!("Loading {}…", entry.id), theme.dim())],
        Load::NotLoaded => vec![Line::styled(
            format!(
                "{} is in your history; loading when selected (r fetches it).",
                entry.id
            ),
            theme.dim(),
        )],
        Load::Failed { message, .. } => vec![Line::styled(format!("✗ {message}"), theme.error())],
        Load::Loaded => vec![],
    }
}

fn fields<'a>(asset: &Asset, app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<LABEL$} "), theme.label()),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        field("Name", clean(&asset.display_name).into_owned()),
        field("ID", clean(&asset.id).into_owned()),
        field("Type", clean(&asset.content_type).into_owned()),
        field("Size", text::size_both(asset.size)),
        field("Site", clean(&asset.site_id).into_owned()),
    ];
    if let Some(folder) = &asset.folder_id {
        lines.push(field(
            "Folder",
            folder
                .as_deref()
                .map_or("(site root)".into(), |f| clean(f).into_owned()),
        ));
    }
    lines.extend([
        field(
            "Original",
            clean(&text::decode_file_name(&asset.original_file_name)).into_owned(),
        ),
        field("URL", clean(&asset.hosted_url).into_owned()),
        field("Created", text::date_with_age(&asset.created_on, app.now)),
        field("Updated", text::date_with_age(&asset.last_updated, app.now)),
    ]);
    lines
}
