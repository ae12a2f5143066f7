//! Preview pane: the thumbnail (real pixels where the terminal has a graphics
//! protocol, half blocks elsewhere) or a label saying why there is none.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_image::Image;

use super::pane;
use super::theme::Theme;
use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::preview_content::PreviewContent;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let preview = app.preview();
    let title = if preview.protocol().is_empty() {
        " Preview ".to_string()
    } else {
        format!(" Preview · {} ", preview.protocol())
    };
    let block = pane(Line::styled(title, theme.title()), false, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let message = |text: &str, style| {
        Paragraph::new(text.to_string())
            .style(style)
            .wrap(Wrap { trim: true })
    };
    if app.overlay_shown() {
        // Graphics protocols draw over text: an image would cover the popup.
        frame.render_widget(
            message("(hidden while a popup is open)", theme.dim()),
            inner,
        );
        return;
    }
    match preview.content() {
        None if !preview.ready() => frame.render_widget(
            message("Asking the terminal how it draws images…", theme.dim()),
            inner,
        ),
        None => frame.render_widget(message("Select a loaded asset.", theme.dim()), inner),
        Some(PreviewContent::Loading) => {
            frame.render_widget(message("Loading preview…", theme.dim()), inner)
        }
        Some(PreviewContent::Text(text)) => {
            frame.render_widget(with_open_hint(app, text, theme.label(), theme), inner)
        }
        Some(PreviewContent::Failed(error)) => frame.render_widget(
            with_open_hint(app, &format!("✗ {error}"), theme.error(), theme),
            inner,
        ),
        Some(PreviewContent::Image(thumb)) => frame.render_widget(Image::new(&thumb.0), inner),
    }
}

/// A label for an asset that shows no picture, and which key opens it in the
/// browser instead — named from the live keymap, so a remapped key is shown.
fn with_open_hint<'a>(
    app: &App,
    text: &'a str,
    style: ratatui::style::Style,
    theme: &Theme,
) -> Paragraph<'a> {
    let mut lines: Vec<Line> = text.lines().map(|l| Line::styled(l, style)).collect();
    lines.push(Line::styled(
        format!(
            "Press {} to open it in the browser.",
            app.keymap().hint(Action::OpenUrl)
        ),
        theme.dim(),
    ));
    Paragraph::new(lines).wrap(Wrap { trim: true })
}
