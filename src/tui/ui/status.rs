//! Status bar: where the data comes from, locale, lookups in flight, the rate
//! budget, the last error or notice; key hints on the right.
//!
//! Notices and problems arrive here as values ([`Notice`], [`Problem`]); the
//! sentences they become are made below, and nowhere else.

use std::fmt;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::text::clean;
use crate::tui::app::{App, Bulk};
use crate::tui::keymap::Action;
use crate::tui::notice::{Notice, OpenFailure, Problem};

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
    // Each part with how readily it gives way to a notice or an error that
    // would not fit otherwise (0: never; higher goes first).
    let parts: std::cell::RefCell<Vec<Part>> = std::cell::RefCell::default();
    let part = |text: String, style| parts.borrow_mut().push((text, style, 0));
    part(
        // By its tag once the site's locales are known.
        match assets.locale() {
            Some(l) => match app.uses().site().and_then(|s| s.locale(l.as_str())) {
                Some(known) => format!("locale {}", clean(&known.tag)),
                None => format!("locale {l}"),
            },
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
        give_way(&mut parts.borrow_mut(), 2, 2);
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
        give_way(&mut parts.borrow_mut(), 1, 3);
    }
    if let Some(wait) = status.rate_wait() {
        part(
            format!("rate limited: waiting {} s", wait.as_secs() + 1),
            theme.warning(),
        );
    }
    match app.bulk() {
        Bulk::Editing { .. } => part("editing the table…".into(), theme.label()),
        Bulk::Reading { count, .. } => part(
            format!("reading {count} assets for the plan…"),
            theme.label(),
        ),
        Bulk::Applying {
            total,
            done,
            failed,
            ..
        } => {
            let failed = if *failed > 0 {
                format!(", {failed} failed")
            } else {
                String::new()
            };
            part(
                format!(
                    "applying {done}/{total}{failed} ({} stops)",
                    app.keymap().hint(Action::StopRun)
                ),
                theme.label(),
            );
        }
        Bulk::Idle | Bulk::Refused { .. } | Bulk::Review { .. } => {}
    }
    let saving = app.write_log().pending();
    if saving > 0 && !matches!(app.bulk(), Bulk::Applying { .. }) {
        part(format!("saving {saving}…"), theme.label());
    }
    if let Some(notice) = status.notice() {
        let hint = super::write_words::hint(app, Some(notice), None);
        part(format!("{}{hint}", clean(&notice.to_string())), theme.ok());
    } else if let Some(problem) = status.last_error() {
        let mut text = clean(&problem.to_string()).into_owned();
        text.push_str(&super::write_words::hint(app, None, Some(problem)));
        if let Problem::OpenFailed(OpenFailure::NoBrowser(_) | OpenFailure::Stopped) = problem {
            // What to do instead, with the key the user has for it.
            text.push_str(&format!(
                "; copy the URL with {} instead",
                app.keymap().hint(Action::CopyUrl)
            ));
        }
        part(format!("✗ {text}"), theme.error());
    }
    let mut parts = parts.into_inner();
    let message = status.notice().is_some() || status.last_error().is_some();
    // A message that would be cut takes the room of the parts that give way
    // (the rate first, then the alt-text counts and the listing's progress).
    let room = usize::from(area.width).saturating_sub(" ? help ".len());
    while message && width(&left, &parts) > room {
        let Some(at) = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.2 > 0)
            .max_by_key(|(_, p)| p.2)
            .map(|(i, _)| i)
        else {
            break;
        };
        parts.remove(at);
    }
    for (text, style, _) in parts {
        left.push(Span::styled(" · ", theme.dim()));
        left.push(Span::styled(text, style));
    }

    let full_hints = format!(
        " {} help  {} look up  {} quit ",
        app.keymap().hint(Action::Help),
        app.lookup_hint(),
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

/// A part of the status bar: its text, style, and how readily it gives way.
type Part = (String, ratatui::style::Style, u8);

/// Marks the last `count` parts as giving way with `rank` (see `render`).
fn give_way(parts: &mut [Part], count: usize, rank: u8) {
    let from = parts.len().saturating_sub(count);
    for part in &mut parts[from..] {
        part.2 = rank;
    }
}

/// The status bar's width with `parts` after the badge (` · ` between).
fn width(badge: &[Span], parts: &[Part]) -> usize {
    let badge: usize = badge.iter().map(Span::width).sum();
    badge
        + parts
            .iter()
            .map(|(text, _, _)| 3 + Line::raw(text.as_str()).width())
            .sum::<usize>()
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Copied { what } => write!(f, "copied the {what} (OSC 52)"),
            Self::Opened => f.write_str("opened the hosted URL in the browser"),
            Self::Text(text) => f.write_str(text),
            other => super::write_words::notice(other, f),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Lookup { id, error } => write!(f, "{id}: {error}"),
            Self::Listing { site, error } => write!(f, "listing site {site}: {error}"),
            Self::CopyFailed { what, error } => write!(f, "could not copy the {what}: {error}"),
            Self::OpenFailed(failure) => failure.fmt(f),
            Self::HistoryNotSaved { path, error } => write!(
                f,
                "could not save lookup history to {}: {error}",
                path.display()
            ),
            Self::HistoryUnreadable { path, error } => {
                write!(f, "could not read history {}: {error}", path.display())
            }
            Self::HistoryDamaged { path, skipped } => {
                write!(f, "{skipped} damaged lines skipped in {}", path.display())
            }
            Self::PreviewChoiceNotSaved { path, error } => write!(
                f,
                "could not remember the preview choice in {}: {error}",
                path.display()
            ),
            Self::Startup(warning) => f.write_str(warning),
            other => super::write_words::problem(other, f),
        }
    }
}

impl fmt::Display for OpenFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAUrl(error) => write!(f, "not a URL ({error}); nothing opened"),
            Self::NotHttp => f.write_str("only http(s) URLs are opened"),
            Self::NoBrowser(error) => write!(f, "could not open a browser ({error})"),
            Self::Stopped => f.write_str("opening the browser stopped unexpectedly"),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::PathBuf;

    use super::*;
    use crate::webflow::{ApiError, AssetId, SiteId};

    #[test]
    fn notices_and_problems_read_as_sentences() {
        let id = AssetId::parse("65c9e1770f5e44065d2abbfa").unwrap();
        let site = SiteId::parse("63938b302ea6b0aa6f3d8745").unwrap();
        let error = ApiError::Server {
            status: 503,
            body: Default::default(),
        };
        let path = PathBuf::from("/tmp/history");
        let denied = || std::sync::Arc::new(io::Error::other("denied"));
        let cases: [(&dyn fmt::Display, String); 10] = [
            (
                &Notice::Copied { what: "hosted URL" },
                "copied the hosted URL (OSC 52)".into(),
            ),
            (
                &Notice::Opened,
                "opened the hosted URL in the browser".into(),
            ),
            (&Notice::from("sorted by name"), "sorted by name".into()),
            (
                &Problem::Lookup {
                    id: id.clone(),
                    error: error.clone(),
                },
                format!("{id}: {error}"),
            ),
            (
                &Problem::Listing {
                    site: site.clone(),
                    error: error.clone(),
                },
                format!("listing site {site}: {error}"),
            ),
            (
                &Problem::CopyFailed {
                    what: "asset ID",
                    error: denied(),
                },
                "could not copy the asset ID: denied".into(),
            ),
            (
                &Problem::OpenFailed(OpenFailure::NotHttp),
                "only http(s) URLs are opened".into(),
            ),
            (
                &Problem::HistoryNotSaved {
                    path: path.clone(),
                    error: denied(),
                },
                "could not save lookup history to /tmp/history: denied".into(),
            ),
            (
                &Problem::HistoryDamaged {
                    path: path.clone(),
                    skipped: 2,
                },
                "2 damaged lines skipped in /tmp/history".into(),
            ),
            (
                &Problem::PreviewChoiceNotSaved {
                    path,
                    error: denied(),
                },
                "could not remember the preview choice in /tmp/history: denied".into(),
            ),
        ];
        for (value, sentence) in cases {
            assert_eq!(value.to_string(), sentence);
        }
    }
}
