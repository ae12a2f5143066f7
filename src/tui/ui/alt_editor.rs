//! The alt-text editor in the Alt text pane: the draft with its cursor, its
//! character count against the audit's limit, what the checks say of it as
//! it is typed (a refusal from `crate::edit`, or the audit's findings), and
//! the question it waits on, if any.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthChar;

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
    // Unsafe characters are shown as �, so what is drawn is what is laid out.
    let shown: Vec<char> = editor
        .text()
        .chars()
        .map(|c| if text::is_unsafe(c) { '\u{fffd}' } else { c })
        .collect();
    let (rows, (row, col)) = layout(&shown, editor.cursor(), width);
    let mut lines: Vec<Line> = rows.into_iter().map(Line::raw).collect();
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
    if editor.ask().is_none() && row < text_rows && (row as u16) < inner.height {
        frame.set_cursor_position(Position::new(inner.x + col as u16, inner.y + row as u16));
    }
}

/// The draft in rows of at most `width` cells — a wide character (CJK,
/// emoji) takes two and is never split — and the cursor's row and column in
/// cells, where `cursor` counts characters. A cursor after a full last row
/// starts a new one.
fn layout(chars: &[char], cursor: usize, width: usize) -> (Vec<String>, (usize, usize)) {
    let width = width.max(2);
    let mut rows = vec![String::new()];
    let (mut row, mut col) = (0, 0);
    let mut at = (0, 0);
    for (i, &c) in chars.iter().enumerate() {
        let w = c.width().unwrap_or(0);
        if col + w > width {
            rows.push(String::new());
            row += 1;
            col = 0;
        }
        if i == cursor {
            at = (row, col);
        }
        rows[row].push(c);
        col += w;
    }
    if cursor >= chars.len() {
        if col >= width {
            rows.push(String::new());
            row += 1;
            col = 0;
        }
        at = (row, col);
    }
    (rows, at)
}

#[cfg(test)]
mod tests {
    use super::layout;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn wide_characters_take_two_cells_and_are_never_split() {
        // 4 cells a row: "ab" + "猫" fills one; "猫" would not fit after "abc".
        let (rows, at) = layout(&chars("abc猫d"), 4, 4);
        assert_eq!(rows, ["abc", "猫d"]);
        assert_eq!(at, (1, 2), "the cursor on d, after the cat's two cells");
        let (rows, at) = layout(&chars("猫猫猫"), 2, 4);
        assert_eq!(rows, ["猫猫", "猫"]);
        assert_eq!(at, (1, 0));
    }

    #[test]
    fn a_cursor_after_a_full_row_starts_the_next() {
        let (rows, at) = layout(&chars("abcd"), 4, 4);
        assert_eq!(rows, ["abcd", ""]);
        assert_eq!(at, (1, 0));
        let (rows, at) = layout(&chars(""), 0, 4);
        assert_eq!(rows, [""]);
        assert_eq!(at, (0, 0));
        let (_, at) = layout(&chars("ab"), 1, 4);
        assert_eq!(at, (0, 1));
    }
}
