//! The alt-text editor in the Alt text pane: the draft with its cursor, its
//! character count against the audit's limit, what the checks say of it as
//! it is typed (a refusal from `crate::edit`, or the audit's findings), and
//! the question it waits on, if any.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pane;
use super::theme::Theme;
use super::write_words::quoted;
use crate::audit::{self, AuditConfig, LONG_ALT_CHARS};
use crate::edit;
use crate::text;
use crate::tui::app::{AltEditor, Ask};
use crate::webflow::Asset;

/// `asset`: the asset edited, with the audit settings its new text is
/// judged by (the project's, as the list's marks).
pub fn render(
    editor: &AltEditor,
    asset: Option<(&Asset, &AuditConfig)>,
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    // The label was built from cleaned names.
    let title = match editor.cms() {
        Some(place) => format!(" Alt text · editing {} ", place.label),
        None => " Alt text · editing ".to_string(),
    };
    let block = pane(Line::styled(title, theme.title()), true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width.max(1));
    // One cell per character, unsafe ones shown as �, so the cursor lines up.
    let shown: Vec<char> = editor
        .text()
        .chars()
        .map(|c| if text::is_unsafe(c) { '\u{fffd}' } else { c })
        .collect();
    let mut lines: Vec<Line> = shown
        .chunks(width)
        .map(|chunk| Line::raw(chunk.iter().collect::<String>()))
        .collect();
    if lines.is_empty() || shown.len().is_multiple_of(width) && editor.cursor() == shown.len() {
        lines.push(Line::raw(""));
    }
    let text_rows = lines.len();
    let count = text::char_count(editor.text().trim());
    let count_style = if count > LONG_ALT_CHARS {
        theme.warning()
    } else {
        theme.label()
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{count}/{LONG_ALT_CHARS} characters"), count_style),
        Span::styled(
            if editor.changed() {
                format!(" · was {}", quoted(editor.base()))
            } else {
                String::new()
            },
            theme.dim(),
        ),
    ]));
    match editor.check() {
        Err(e) => lines.push(Line::styled(
            format!("✗ {}", text::clean(&e.to_string())),
            theme.error(),
        )),
        Ok(value) => {
            if let Some((asset, audit)) = asset.filter(|(a, _)| a.is_image()) {
                for finding in edit::alt_text_findings(asset, &value, audit) {
                    let style = match finding.severity {
                        audit::Severity::Error => theme.error(),
                        _ => theme.warning(),
                    };
                    lines.push(Line::styled(
                        format!("⚠ {}: {}", finding.rule, text::clean(&finding.detail)),
                        style,
                    ));
                }
            }
        }
    }
    if let Some(refused) = editor.refused() {
        lines.push(Line::styled(format!("✗ {refused}"), theme.error()));
    }
    lines.push(match editor.ask() {
        Some(Ask::Discard) => Line::styled(
            "Drop the changed draft? y drops it · n keeps editing",
            theme.title(),
        ),
        Some(Ask::Decorative) => Line::styled(
            "Empty: mark the image decorative (\"\")? y writes \"\" · n keeps editing",
            theme.title(),
        ),
        None if editor.text().trim().is_empty() => Line::styled(
            "Enter: mark decorative (\"\")? · Esc cancel · Ctrl-C keep draft",
            theme.dim(),
        ),
        None => Line::styled("Enter save · Esc cancel · Ctrl-C keep draft", theme.dim()),
    });
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let row = editor.cursor() / width;
    let col = editor.cursor() % width;
    if editor.ask().is_none() && row < text_rows && (row as u16) < inner.height {
        frame.set_cursor_position(Position::new(inner.x + col as u16, inner.y + row as u16));
    }
}
