//! "Used on" pane: every place the selected asset renders on the listed site
//! (page, component, CMS item), the alt text a visitor gets there, where
//! that alt comes from, and its audit findings. Everything read from the
//! site is untrusted: it goes through `text::clean`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use super::{focused, pane, scrolled};
use crate::audit;
use crate::source::site_content::Skipped;
use crate::text::clean;
use crate::tui::app::{App, Entry, Focus, ReadState};
use crate::usage::{AltSource, Use, UseKind};
use crate::webflow::Asset;

pub fn render(app: &App, entry: Option<&Entry>, frame: &mut Frame, area: Rect, theme: &Theme) {
    let uses = app.uses();
    let found = entry.and_then(|e| uses.of(e.id().as_str()));
    let count = found.map_or(String::new(), |f| format!("({}) ", f.len()));
    let block = pane(
        Line::styled(format!(" Used on {count}"), theme.title()),
        focused(app, Focus::UsedOn),
        theme,
    );
    let (lines, top) = lines(app, entry, theme);
    // The chosen use on top: count the rows (wrapped) above it.
    let width = block.inner(area).width.max(1);
    let above = Paragraph::new(lines[..usize::from(top).min(lines.len())].to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width);
    let top = u16::try_from(above).unwrap_or(u16::MAX);
    frame.render_widget(scrolled(lines, block, area, top, true), area);
}

/// The pane's lines, and the first to show: the chosen use's (the pane's
/// scroll counts uses, which `Enter` opens).
fn lines<'a>(app: &App, entry: Option<&Entry>, theme: &Theme) -> (Vec<Line<'a>>, u16) {
    let uses = app.uses();
    let Some(site) = app.assets().site() else {
        let line = Line::styled(
            "Uses are shown when browsing a site (wfa --site SITE).",
            theme.dim(),
        );
        return (vec![line], 0);
    };
    let mut lines = Vec::new();
    let mut top = 0;
    match uses.state() {
        ReadState::Idle if site.error().is_some() => {
            lines.push(Line::styled("The site could not be listed.", theme.dim()));
        }
        ReadState::Idle => lines.push(Line::styled("listing the site…", theme.dim())),
        ReadState::Reading => lines.push(Line::styled("reading pages…", theme.dim())),
        ReadState::Failed(error) => lines.push(Line::styled(
            format!("pages could not be read: {error}"),
            theme.error(),
        )),
        ReadState::Read => {
            if let Some(entry) = entry {
                top = asset_lines(app, entry, theme, &mut lines);
            }
        }
    }
    missing_lines(app, theme, &mut lines);
    for (part, error) in uses.skipped() {
        let sentence = Skipped {
            part: *part,
            error: error.clone(),
        }
        .sentence();
        lines.push(Line::styled(clean(&sentence).into_owned(), theme.warning()));
    }
    (lines, top)
}

/// Adds the asset's uses; returns the line the chosen use starts on.
fn asset_lines<'a>(app: &App, entry: &Entry, theme: &Theme, lines: &mut Vec<Line<'a>>) -> u16 {
    let Some(asset) = entry.asset() else {
        return 0;
    };
    if !asset.is_image() {
        lines.push(Line::styled(
            "Not an image: not placed as one.",
            theme.dim(),
        ));
        return 0;
    }
    let Some(found) = app.uses().of(entry.id().as_str()) else {
        lines.push(Line::styled("Not an asset of this site.", theme.dim()));
        return 0;
    };
    if found.is_empty() {
        lines.push(Line::styled(
            "Used nowhere: no page, component or CMS item shows it.",
            theme.warning(),
        ));
        return 0;
    }
    let chosen = usize::from(app.scroll(Focus::UsedOn)).min(found.len() - 1);
    let focused = focused(app, Focus::UsedOn);
    let mut top = 0;
    for (i, u) in found.iter().enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        if i == chosen {
            top = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        }
        let style = if i == chosen && focused {
            theme.selected()
        } else {
            theme.label()
        };
        lines.push(Line::styled(place(u), style));
        lines.push(Line::from(vec![
            Span::raw("  alt "),
            Span::raw(rendered(u.rendered_alt.as_deref())),
            Span::styled(format!(" — {}", source_words(u.alt_source)), theme.dim()),
        ]));
        for finding in findings(asset, u, app) {
            lines.push(finding_line(&finding, theme));
        }
        if i == chosen && focused {
            lines.push(Line::styled(fix_hint(app, u), theme.dim()));
        }
    }
    top
}

/// What `e` and Enter do with the chosen place.
fn fix_hint(app: &App, u: &Use) -> String {
    let edit = app.keymap().hint(crate::tui::keymap::Action::EditAlt);
    let what = match u.alt_source {
        AltSource::Asset => format!("{edit} edits the asset's alt"),
        AltSource::Field => format!("{edit} edits this CMS item's alt"),
        // The API has no write for these: the Designer is where.
        _ => {
            let element = u.instance_id.as_ref().or(u.node_id.as_ref());
            format!(
                "not writable through the API: fix it in the Designer{}",
                element.map_or(String::new(), |e| format!(", element {}", clean(e)))
            )
        }
    };
    if u.kind == UseKind::Cms {
        format!("  {what}")
    } else {
        format!("  {what} · Enter opens the page")
    }
}

/// References to assets the site no longer has: site-wide, shown under
/// every asset's uses (they belong to no listed asset), the first few by
/// place.
fn missing_lines<'a>(app: &App, theme: &Theme, lines: &mut Vec<Line<'a>>) {
    const SHOWN: usize = 3;
    let missing = app.uses().missing();
    if missing.is_empty() {
        return;
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match missing.len() {
            1 => "⚠ 1 reference to a deleted asset:".to_string(),
            n => format!("⚠ {n} references to deleted assets:"),
        },
        theme.warning(),
    ));
    for m in missing.iter().take(SHOWN) {
        lines.push(Line::styled(
            format!("  {} (asset {})", place(&m.at), clean(&m.asset_id)),
            theme.dim(),
        ));
    }
    if missing.len() > SHOWN {
        lines.push(Line::styled(
            format!(
                "  and {} more (wfa usage lists them all)",
                missing.len() - SHOWN
            ),
            theme.dim(),
        ));
    }
}

/// The audit rules on the alt rendered there: the asset as a visitor gets it.
fn findings(asset: &Asset, u: &Use, app: &App) -> Vec<audit::Finding> {
    let rendered = Asset {
        alt_text: u.rendered_alt.clone(),
        ..asset.clone()
    };
    audit::check_asset(&rendered, app.assets().audit())
}

fn finding_line<'a>(finding: &audit::Finding, theme: &Theme) -> Line<'a> {
    if let Some(waived) = &finding.waived {
        return Line::styled(
            format!("  waived {}: {}", finding.rule, clean(&waived.reason)),
            theme.dim(),
        );
    }
    let style = match finding.severity {
        audit::Severity::Error => theme.error(),
        _ => theme.warning(),
    };
    Line::styled(
        format!("  ⚠ {}: {}", finding.rule, clean(&finding.detail)),
        style,
    )
}

/// Where a use is, in words.
fn place(u: &Use) -> String {
    let p = &u.place;
    let page = match (&p.page_title, &p.page_slug) {
        (Some(title), Some(slug)) => format!("page \"{}\" /{}", clean(title), clean(slug)),
        _ => String::new(),
    };
    match u.kind {
        UseKind::Page => page,
        UseKind::Component => format!(
            "component \"{}\" on {page}",
            clean(p.component.as_deref().unwrap_or_default())
        ),
        UseKind::Cms => {
            let on = if page.is_empty() {
                " (no template page)".to_string()
            } else {
                format!(" on {page}")
            };
            format!("{}{on}", crate::format::cms_place(p))
        }
    }
}

fn rendered(alt: Option<&str>) -> String {
    match alt {
        None => "none at all (no alt attribute)".into(),
        Some("") => "\"\" (decorative)".into(),
        Some(alt) => format!("\"{}\"", clean(alt)),
    }
}

fn source_words(source: AltSource) -> &'static str {
    match source {
        AltSource::Node => "the element's own",
        AltSource::Override => "the instance's override",
        AltSource::Property => "the component's property",
        AltSource::Field => "the CMS field's",
        AltSource::Asset => "the asset's",
    }
}
