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
    if app.popup().is_some() {
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
            frame.render_widget(message(text, theme.label()), inner)
        }
        Some(PreviewContent::Failed(error)) => {
            frame.render_widget(message(&format!("✗ {error}"), theme.error()), inner)
        }
        Some(PreviewContent::Image(thumb)) => frame.render_widget(Image::new(&thumb.0), inner),
    }
}
