//! The locale coverage view: a table of the site's images (rows) against
//! its enabled locales (columns), each cell the alt text there — set,
//! decorative, untranslated or missing — with a count per locale on top and
//! the cursor cell's whole text below. Everything from the site goes
//! through `text::clean`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row as TableRow, Table, TableState, Wrap};

use super::list::short_name;
use super::pane;
use super::theme::Theme;
use crate::text::{clean, fit};
use crate::tui::app::{App, CoverageView, ReadState};
use crate::tui::keymap::Action;
use crate::usage::coverage::{Cover, Row};

/// The image name column, at most.
const NAME_WIDTH: u16 = 28;
/// A locale column, at least (fewer locales are shown side by side when
/// the terminal is narrow; ←→ bring the others).
const MIN_COLUMN: u16 = 16;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let view = app.coverage();
    // Over the panes; the status bar stays in sight for the notices.
    let popup = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    frame.render_widget(Clear, popup);
    let title = match view.state() {
        ReadState::Read => {
            let n = |count: usize, noun: &str| {
                format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
            };
            format!(
                " Locale coverage — {} × {}{} ",
                n(view.table().rows.len(), "image"),
                n(view.table().locales.len().max(1), "locale"),
                if view.only_gaps() { " (only gaps)" } else { "" }
            )
        }
        _ => " Locale coverage ".to_string(),
    };
    let block = pane(Line::styled(title, theme.title()), true, theme);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let message = match view.state() {
        ReadState::Idle | ReadState::Reading => Some(Line::styled(
            "listing the site in each locale…",
            theme.dim(),
        )),
        ReadState::Failed(error) => Some(Line::styled(
            format!(
                "the coverage could not be read: {} ({} reads again)",
                clean(&error.to_string()),
                app.keymap().hint(Action::Refetch)
            ),
            theme.error(),
        )),
        ReadState::Read if view.table().rows.is_empty() => {
            Some(Line::styled("The site has no images.", theme.dim()))
        }
        ReadState::Read if view.rows().len() == 0 => Some(Line::styled(
            "No gaps: every image has its alt text in every locale.",
            theme.ok(),
        )),
        ReadState::Read => None,
    };
    if let Some(message) = message {
        let lines = vec![message, Line::raw(""), keys_line(app, theme)];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return;
    }
    // Counts on top; the cursor cell's text and the keys below.
    let mut lines = detail_lines(view, theme);
    lines.push(keys_line(app, theme));
    let below = Paragraph::new(lines.clone())
        .wrap(Wrap { trim: false })
        .line_count(inner.width.max(1));
    // The table keeps at least a header and a row; the text below gives way.
    let below = u16::try_from(below)
        .unwrap_or(u16::MAX)
        .min(inner.height.saturating_sub(3));
    let table_height = inner.height.saturating_sub(below + 1);
    let [top, table_area, bottom] = [
        Rect { height: 1, ..inner },
        Rect {
            y: inner.y + 1,
            height: table_height,
            ..inner
        },
        Rect {
            y: inner.y + 1 + table_height,
            height: inner.height.saturating_sub(1 + table_height),
            ..inner
        },
    ];
    let (first, count) = columns_shown(view, inner.width);
    frame.render_widget(Paragraph::new(counts_line(view, first, count, theme)), top);
    render_table(view, first, count, frame, table_area, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), bottom);
}

/// The locale columns shown: the first and how many, so that the cursor's
/// column is among them.
fn columns_shown(view: &CoverageView, width: u16) -> (usize, usize) {
    let total = view.table().locales.len().max(1);
    let room = width.saturating_sub(name_width(width) + 1);
    let fit = usize::from((room / MIN_COLUMN).max(1)).min(total);
    let column = view.cursor().1;
    (column.saturating_sub(fit - 1), fit)
}

fn name_width(width: u16) -> u16 {
    (width / 4).clamp(12, NAME_WIDTH)
}

fn tag(view: &CoverageView, column: usize) -> String {
    view.table()
        .locales
        .get(column)
        .map_or_else(|| "default".to_string(), |l| clean(&l.tag).into_owned())
}

/// Per locale shown: "fr-FR ✓ 30 ∅ 3 = 8 ✗ 7".
fn counts_line<'a>(view: &CoverageView, first: usize, count: usize, theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for column in first..first + count {
        let n = |c: Cover| view.count(column, c);
        if column > first {
            spans.push(Span::styled(" │ ", theme.dim()));
        }
        spans.push(Span::styled(tag(view, column), theme.label()));
        for cover in [
            Cover::Set,
            Cover::Decorative,
            Cover::Untranslated,
            Cover::Missing,
        ] {
            let (symbol, style) = look(cover, theme);
            spans.push(Span::styled(format!(" {symbol} {}", n(cover)), style));
        }
    }
    Line::from(spans)
}

fn render_table(
    view: &CoverageView,
    first: usize,
    count: usize,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let name_w = name_width(area.width);
    let column_w = area.width.saturating_sub(name_w + 1) / u16::try_from(count).unwrap_or(1);
    let (row_at, column_at) = view.cursor();
    let header = TableRow::new(std::iter::once(Cell::from("IMAGE")).chain(
        (first..first + count).map(|c| {
            let style = if c == column_at {
                theme.selected()
            } else {
                theme.label()
            };
            Cell::from(Span::styled(tag(view, c), style))
        }),
    ))
    .style(theme.label());
    let visible = usize::from(area.height.saturating_sub(1)).max(1);
    // The cursor row kept in the middle of the table where it can be; only
    // the rows on screen are built (a site may have thousands).
    let offset = row_at
        .saturating_sub(visible / 2)
        .min(view.rows().len().saturating_sub(visible));
    let rows = view
        .rows()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, row)| {
            let name = fit(
                &short_name(&row.asset.display_name),
                usize::from(name_w).saturating_sub(1),
            );
            let name_style = if i == row_at {
                theme.selected()
            } else {
                Style::default()
            };
            let cells = (first..first + count).map(|c| {
                let (text, style) = cell(row, c, usize::from(column_w), theme);
                let style = if i == row_at && c == column_at {
                    theme.selected()
                } else {
                    style
                };
                Cell::from(Span::styled(text, style))
            });
            TableRow::new(std::iter::once(Cell::from(Span::styled(name, name_style))).chain(cells))
        });
    let widths = std::iter::once(Constraint::Length(name_w))
        .chain((0..count).map(|_| Constraint::Length(column_w.saturating_sub(1))));
    let mut state = TableState::default().with_selected(Some(row_at - offset));
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    frame.render_stateful_widget(table, area, &mut state);
}

/// A cell's text (cut to `width`) and style.
fn cell(row: &Row, column: usize, width: usize, theme: &Theme) -> (String, Style) {
    let cover = row.cover(column);
    let (symbol, style) = look(cover, theme);
    let text = match (cover, row.alts.get(column).and_then(Option::as_deref)) {
        (Cover::Decorative, _) => "decorative".to_string(),
        (Cover::Missing, _) => "missing".to_string(),
        (_, Some(alt)) => clean(alt).into_owned(),
        (_, None) => String::new(),
    };
    (
        fit(&format!("{symbol} {text}"), width.saturating_sub(1)),
        style,
    )
}

fn look(cover: Cover, theme: &Theme) -> (&'static str, Style) {
    match cover {
        Cover::Set => ("✓", theme.ok()),
        Cover::Decorative => ("∅", theme.dim()),
        Cover::Untranslated => ("=", theme.warning()),
        Cover::Missing => ("✗", theme.error()),
    }
}

/// The cursor cell whole: which image, which locale, its text.
fn detail_lines<'a>(view: &CoverageView, theme: &Theme) -> Vec<Line<'a>> {
    let Some(row) = view.current() else {
        return Vec::new();
    };
    let column = view.cursor().1;
    let cover = row.cover(column);
    let words = match cover {
        Cover::Set => "set",
        Cover::Decorative => "decorative (\"\")",
        Cover::Untranslated => "untranslated: the primary locale's text",
        Cover::Missing => "missing",
    };
    let alt = row
        .alts
        .get(column)
        .and_then(Option::as_deref)
        .filter(|a| !a.trim().is_empty())
        .map(|a| format!("\"{}\"", clean(a)));
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(
                "{} · {} · ",
                clean(&short_name(&row.asset.display_name)),
                tag(view, column)
            ),
            theme.label(),
        ),
        Span::styled(words, look(cover, theme).1),
    ])];
    if let Some(alt) = alt {
        lines.push(Line::raw(alt));
    }
    lines
}

fn keys_line<'a>(app: &App, theme: &Theme) -> Line<'a> {
    let k = |a| app.keymap().hint(a);
    Line::styled(
        format!(
            "↑↓ image · ←→ locale · Enter shows it in the list in that locale ({} then edits) · {} only gaps · {} reads again · Esc closes",
            k(Action::EditAlt),
            k(Action::OnlyProblems),
            k(Action::Refetch)
        ),
        theme.dim(),
    )
}
