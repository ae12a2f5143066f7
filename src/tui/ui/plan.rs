//! The plan popup: what the `$EDITOR` table will change, as `wfa apply`
//! shows it — per asset current → new with the audit's findings of the new
//! text, conflicts and unchanged rows counted — before anything is written.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::list::short_name;
use super::theme::Theme;
use super::write_words::quoted;
use super::{pane, popup_for, scrolled};
use crate::changes::plan::Decision;
use crate::text::clean;
use crate::tui::writes::PlanView;

pub fn render(plan: &PlanView, scroll: u16, frame: &mut Frame, area: Rect, theme: &Theme) {
    let mut lines: Vec<Line> = Vec::new();
    for row in &plan.rows {
        let (tag, style) = match row.decision {
            Decision::Write => ("write", theme.ok()),
            Decision::Unchanged => ("unchanged", theme.dim()),
            Decision::Conflict => (
                "conflict: changed since it was shown, skipped",
                theme.warning(),
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", short_name(&row.name)), theme.title()),
            Span::styled(format!("{} · ", row.id), theme.dim()),
            Span::styled(tag, style),
        ]));
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::raw(quoted(row.current.as_deref())),
            Span::styled(" → ", theme.dim()),
            Span::raw(quoted(Some(&row.new))),
        ]));
        for finding in &row.findings {
            lines.push(Line::styled(
                format!("   ⚠ {}", clean(finding)),
                theme.warning(),
            ));
        }
    }
    for (id, error) in &plan.unreadable {
        lines.push(Line::styled(
            format!(
                " {id}: not read, nothing sent ({})",
                clean(&error.to_string())
            ),
            theme.error(),
        ));
    }
    let writes = plan.count(Decision::Write);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            " {writes} to write · {} unchanged · {} conflicts · {} unreadable",
            plan.count(Decision::Unchanged),
            plan.count(Decision::Conflict),
            plan.unreadable.len()
        ),
        theme.label(),
    ));
    lines.push(Line::styled(
        if writes > 0 {
            " y writes them (journaled) · n or Esc closes, nothing written · ↑↓ scroll"
        } else {
            " Nothing to write: any key closes"
        },
        theme.title(),
    ));
    let width = area.width.saturating_sub(4).min(110);
    let popup = popup_for(&lines, width, area);
    frame.render_widget(Clear, popup);
    let block = pane(Line::styled(" Plan ", theme.title()), true, theme);
    frame.render_widget(scrolled(lines, block, popup, scroll, true), popup);
}
