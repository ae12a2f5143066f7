//! Status bar: where the data comes from, locale, lookups in flight, the rate
//! budget, the last error or notice; key hints on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::text::clean;
use crate::tui::app::App;
use crate::tui::keymap::Action;

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let (source, assets, status) = (app.source(), app.assets(), app.status());
    let mut left = vec![if source.demo {
        Span::styled(" DEMO ", theme.badge())
    } else if source.offline {
        Span::styled(
            format!(" OFFLINE · {} ", clean(&source.host)),
            theme.badge(),
        )
    } else {
        Span::styled(format!(" {} ", clean(&source.host)), theme.badge())
    }];
    let mut part = |text: String, style| {
        left.push(Span::styled(" · ", theme.dim()));
        left.push(Span::styled(text, style));
    };
    part(
        match assets.locale() {
            Some(l) => format!("locale {l}"),
            None => "default locale".into(),
        },
        theme.label(),
    );
    if let Some(site) = assets.site() {
        let progress = if site.done() {
            format!("site: {} assets", site.loaded())
        } else {
            format!(
                "site: loading {}/{}",
                site.loaded(),
                site.total().max(site.loaded())
            )
        };
        part(progress, theme.label());
        let c = assets.counts();
        part(
            format!(
                "alt ✓{} missing {} empty {} · {} problems",
                c.present, c.missing, c.empty, c.problems
            ),
            if c.problems > 0 {
                theme.warning()
            } else {
                theme.ok()
            },
        );
    }
    let in_flight = assets.in_flight();
    if in_flight > 0 {
        part(format!("{in_flight} loading"), theme.label());
    }
    if let Some(rate) = status.rate()
        && let Some(remaining) = rate.remaining
    {
        let limit = rate.limit.map_or(String::new(), |l| format!("/{l}"));
        part(format!("rate {remaining}{limit}"), theme.label());
    }
    if let Some(wait) = status.rate_wait() {
        part(
            format!("rate limited: waiting {} s", wait.as_secs() + 1),
            theme.warning(),
        );
    }
    if let Some(notice) = status.notice() {
        part(notice.to_string(), theme.ok());
    } else if let Some(error) = status.last_error() {
        part(format!("✗ {}", clean(error)), theme.error());
    }

    let full_hints = format!(
        " {} help  {} look up  {} quit ",
        app.keymap().hint(Action::Help),
        app.keymap().hint(Action::Lookup),
        app.keymap().hint(Action::Quit)
    );
    // On a narrow terminal the state on the left matters more than the hints.
    let left = Line::from(left);
    let hints = if left.width() + full_hints.chars().count() <= usize::from(area.width) {
        full_hints
    } else {
        format!(" {} help ", app.keymap().hint(Action::Help))
    };
    let hints_width = hints.chars().count() as u16;
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(hints_width)]).areas(area);
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(Line::styled(hints, theme.dim())), right_area);
}
