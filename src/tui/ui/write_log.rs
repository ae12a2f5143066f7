//! The command log popup (as lazygit's): this session's writes, newest
//! last, each with its time, asset, field, before → after and result, and
//! the journal they are recorded in.

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::list::short_name;
use super::theme::Theme;
use super::write_words::quoted;
use super::{pane, popup_for, scrolled};
use crate::text::{clean, fit};

/// A value longer than this is cut in the log (the journal holds it whole).
const VALUE_WIDTH: usize = 48;
use crate::tui::app::{App, LogEntry, LogResult, WriteKind};
use crate::tui::keymap::Action;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let log = app.write_log();
    let mut lines: Vec<Line> = Vec::new();
    if log.entries().is_empty() {
        lines.push(Line::styled(
            " No writes yet this session. e edits an alt text, E the marked ones.",
            theme.dim(),
        ));
    }
    for entry in log.entries() {
        lines.extend(entry_lines(app, entry, theme));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match log.journal() {
            Some(path) => format!(" journal: {}", clean(&path.display().to_string())),
            None => " journal: none yet (made at the first write)".to_string(),
        },
        theme.dim(),
    ));
    lines.push(Line::styled(
        format!(
            " {} undoes the newest write not undone · ↑↓ scroll · other keys close",
            app.keymap().hint(Action::Undo)
        ),
        theme.dim(),
    ));
    let width = area.width.saturating_sub(4).min(110);
    let popup = popup_for(&lines, width, area);
    frame.render_widget(Clear, popup);
    let block = pane(
        Line::styled(" Writes this session (command log) ", theme.title()),
        true,
        theme,
    );
    frame.render_widget(
        scrolled(lines, block, popup, app.help_scroll(), true),
        popup,
    );
}

fn entry_lines(app: &App, entry: &LogEntry, theme: &Theme) -> [Line<'static>; 2] {
    let time = match app.utc_offset() {
        Some(offset) => entry
            .time
            .with_timezone(&offset)
            .format("%H:%M:%S")
            .to_string(),
        None => entry
            .time
            .with_timezone(&Local)
            .format("%H:%M:%S")
            .to_string(),
    };
    let kind = match entry.kind {
        WriteKind::Save => "save",
        WriteKind::Undo(_) => "undo",
        WriteKind::Apply => "apply",
    };
    let (result, style) = match &entry.result {
        LogResult::Pending => ("sending…".to_string(), theme.label()),
        LogResult::Done if entry.undone => ("done, undone since".to_string(), theme.dim()),
        LogResult::Done => ("done".to_string(), theme.ok()),
        LogResult::Unchanged => ("skipped: already held".to_string(), theme.dim()),
        LogResult::Conflict { now } => (
            format!("skipped: conflict, now {}", quoted(now.as_deref())),
            theme.warning(),
        ),
        LogResult::Failed(error) => (
            format!("failed: {}", clean(&error.to_string())),
            theme.error(),
        ),
        LogResult::NotJournaled(error) => (format!("not sent: {}", clean(error)), theme.error()),
        LogResult::Unreadable(why) => (format!("not sent: {}", clean(why)), theme.error()),
        LogResult::NotSent => ("not sent: the run stopped".to_string(), theme.warning()),
    };
    [
        Line::from(vec![
            Span::styled(format!(" {time} {kind:<5} "), theme.dim()),
            Span::styled(short_name(&entry.name), theme.title()),
            Span::styled(
                format!(
                    " {} {} · ",
                    entry.id,
                    if entry.cms.is_some() {
                        "CMS alt"
                    } else {
                        "alt text"
                    }
                ),
                theme.dim(),
            ),
            Span::styled(result, style),
        ]),
        Line::from(vec![
            Span::raw("    "),
            Span::raw(fit(&quoted(entry.before.as_deref()), VALUE_WIDTH)),
            Span::styled(" → ", theme.dim()),
            Span::raw(fit(&quoted(Some(&entry.after)), VALUE_WIDTH)),
        ]),
    ]
}
