//! The one-line input popup (asset IDs, locale) with its inline error.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::Theme;
use super::{centered, pane};
use crate::text::clean;
use crate::tui::app::{Input, InputKind};

pub fn render(input: &Input, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (title, hint) = match input.kind() {
        InputKind::Lookup => (
            " Look up asset IDs ",
            "Enter look up · Esc cancel · ↑↓ history · paste many IDs",
        ),
        InputKind::Locale if !input.locales().is_empty() => (
            " Locale ",
            "Enter apply · a tag or ID · empty for the default · Esc cancel",
        ),
        InputKind::Locale => (
            " Locale ID ",
            "Enter apply · empty for the default locale · Esc cancel",
        ),
        InputKind::Filter => (
            " Filter ",
            "best first · 'exact ^start end$ !not · Enter keep · Esc clear",
        ),
        InputKind::Site => (" List a site ", "Enter the site ID · Esc cancel"),
    };
    let width = area.width.saturating_sub(4).min(72);
    let inner_width = usize::from(width.saturating_sub(2));
    // Keep the cursor in view: show the tail of long input.
    let chars: Vec<char> = clean(input.text()).chars().collect();
    let start = input
        .cursor()
        .saturating_sub(inner_width.saturating_sub(1))
        .min(chars.len());
    let shown: String = chars[start..].iter().take(inner_width).collect();
    let mut lines = vec![Line::raw(shown)];
    // The error wraps below the text; a list of bad IDs may need more rows
    // than the usual three (word wrapping can take a row more than the count).
    let height = match input.error() {
        Some(error) => {
            let error = error.to_string();
            let rows = error.chars().count().div_ceil(inner_width.max(1)) + 1;
            lines.push(Line::styled(error, theme.error()));
            u16::try_from(3 + rows).unwrap_or(u16::MAX).max(6)
        }
        None => {
            lines.push(Line::styled(hint, theme.dim()));
            4
        }
    };
    // The site's locales, offered by tag and name.
    let offered = input.locales();
    for l in offered {
        let mut line = format!("{}  {}", clean(&l.tag), clean(&l.display_name));
        if l.primary {
            line.push_str(" (default)");
        }
        if !l.enabled {
            line.push_str(" (disabled)");
        }
        lines.push(Line::styled(line, theme.dim()));
    }
    let height = height.saturating_add(u16::try_from(offered.len()).unwrap_or(u16::MAX));
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(pane(
            Line::styled(title, theme.title()),
            true,
            theme,
        )),
        popup,
    );
    let cursor_x = popup.x + 1 + (input.cursor() - start) as u16;
    frame.set_cursor_position(Position::new(
        cursor_x.min(popup.right().saturating_sub(2)),
        popup.y + 1,
    ));
}
