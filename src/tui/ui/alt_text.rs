//! Alt text pane: the state (missing / empty / present), the character count,
//! warnings, and the full text wrapped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{focused, pane, scrolled};
use crate::audit;
use crate::text;
use crate::tui::app::{App, Entry, Focus};
use crate::tui::keymap::Action;
use crate::webflow::AltState;
use crate::webflow::AssetId;

pub fn render(app: &App, entry: Option<&Entry>, frame: &mut Frame, area: Rect, theme: &Theme) {
    if let Some(editor) = app.alt_editor() {
        let asset = app.assets().entry(editor.id()).and_then(Entry::asset);
        let judged = asset.map(|a| (a, app.assets().audit()));
        super::alt_editor::render(editor, judged, frame, area, theme);
        return;
    }
    let block = pane(
        Line::styled(" Alt text ", theme.title()),
        focused(app, Focus::AltText),
        theme,
    );
    let Some(asset) = entry.and_then(Entry::asset) else {
        frame.render_widget(scrolled(vec![], block, area, 0, true), area);
        return;
    };
    let alt = asset.alt_text.as_deref().unwrap_or_default();
    let state = match asset.alt_state() {
        AltState::Missing => Span::styled("missing (null)", theme.warning()),
        AltState::Empty => Span::styled("empty", theme.warning()),
        AltState::Present => Span::styled("present", theme.ok()),
    };
    let count = text::char_count(alt);
    let saving = entry.is_some_and(Entry::saving);
    let mut lines = vec![Line::from(vec![
        state,
        Span::styled(
            format!(" · {count} character{}", if count == 1 { "" } else { "s" }),
            theme.label(),
        ),
    ])];
    if saving {
        lines.push(Line::styled("saving a new alt text…", theme.label()));
    } else if let Some(draft) = app.drafts().get(asset_id(entry), app.assets().locale()) {
        lines.push(Line::styled(
            format!(
                "unsaved draft: \"{}\" ({} resumes it)",
                text::clean(&draft.text),
                app.keymap().hint(Action::EditAlt)
            ),
            theme.warning(),
        ));
    }
    if !asset.is_image() {
        lines.push(Line::styled(
            "not an image: alt text is not needed",
            theme.dim(),
        ));
    }
    // The same rules as `wfa audit` (the duplicate rule needs the whole site,
    // so it shows in the audit report only).
    for finding in audit::check_asset(asset, app.assets().audit()) {
        if let Some(waived) = &finding.waived {
            lines.push(Line::styled(
                format!("waived {}: {}", finding.rule, text::clean(&waived.reason)),
                theme.dim(),
            ));
            continue;
        }
        let style = match finding.severity {
            audit::Severity::Error => theme.error(),
            _ => theme.warning(),
        };
        lines.push(Line::styled(
            format!("⚠ {}: {}", finding.rule, finding.detail),
            style,
        ));
    }
    if !alt.trim().is_empty() {
        lines.push(Line::raw(""));
        lines.extend(
            text::clean_multiline(alt)
                .lines()
                .map(|l| Line::raw(l.to_string())),
        );
    }
    frame.render_widget(
        scrolled(lines, block, area, app.scroll(Focus::AltText), true),
        area,
    );
}

/// The ID of the row shown (there is one whenever an asset is).
fn asset_id(entry: Option<&Entry>) -> &AssetId {
    entry
        .map(Entry::id)
        .expect("an asset is shown only with its row")
}
