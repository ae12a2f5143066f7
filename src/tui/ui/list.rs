//! The asset list: this session's lookups, then history. Only the visible rows
//! are built, so a frame costs the same with 20 rows or 20,000.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::{focused, pane};
use crate::text::clean;
use crate::tui::app::filter::{Query, shown_name};
use crate::tui::app::{App, Entry, Focus, Load, UsageOnly};

pub fn render(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let assets = app.assets();
    let (view, entries) = (assets.view(), assets.entries());
    let mut title = if view.is_empty() {
        " Assets ".to_string()
    } else {
        format!(" Assets {}/{} ", assets.selected() + 1, view.len())
    };
    if view.len() != entries.len() {
        title.push_str(&format!("of {} ", entries.len()));
    }
    if !assets.filter().is_empty() {
        title.push_str(&format!("· /{} ", clean(assets.filter())));
    }
    if assets.only_problems() {
        title.push_str("· problems ");
    }
    match assets.usage_only() {
        UsageOnly::All => {}
        UsageOnly::Unused => title.push_str("· unused "),
        UsageOnly::RenderedProblems => title.push_str("· rendered problems "),
    }
    if assets.marked_count() > 0 {
        title.push_str(&format!("· {} marked ", assets.marked_count()));
    }
    if assets.sort() != crate::source::listing::SortKey::Site {
        title.push_str(&format!("· by {} ", assets.sort().label()));
    }
    // No inner padding: a row's ID line needs every column of a narrow list.
    let block = pane(
        Line::styled(title, theme.title()),
        focused(app, Focus::List),
        theme,
    )
    .padding(ratatui::widgets::Padding::ZERO);
    let inner = block.inner(area);
    frame.render_widget(block, area);

    if view.is_empty() && !entries.is_empty() {
        let hint = format!(
            "Nothing matches. Esc in the filter, or {} to show all.",
            app.keymap().hint(crate::tui::keymap::Action::OnlyProblems)
        );
        frame.render_widget(Paragraph::new(hint).style(theme.dim()), inner);
        return;
    }
    if entries.is_empty() {
        let hint = format!(
            "No assets yet. Press {} to look up an ID.",
            app.lookup_hint()
        );
        frame.render_widget(
            Paragraph::new(hint)
                .style(theme.dim())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows = usize::from(inner.height / 2);
    let width = usize::from(inner.width);
    // Highlights are matched here, for the visible rows only.
    let query = assets.filter_query();
    let site_listing = assets.site().is_some();
    let first = assets.offset().min(view.len());
    let shown = &view[first..(first + rows).min(view.len())];
    let mut lines = Vec::with_capacity(rows * 2);
    for (position, &i) in (first..).zip(shown) {
        let entry = &entries[i];
        let row_style = if position == assets.selected() {
            theme.selected()
        } else {
            Style::new()
        };
        let marked = assets.is_marked(entry.id());
        let [name, id] = row(entry, marked, width, site_listing, query.as_ref(), theme);
        lines.push(name.style(row_style));
        lines.push(id.style(row_style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Two lines: the mark and display name, then the ID (and where it came from).
/// A row marked for `E` has a `*` between its mark and its name; one being
/// written says so after its ID.
/// With a filter, the characters it matched are highlighted in both.
fn row(
    entry: &Entry,
    marked: bool,
    width: usize,
    site_listing: bool,
    query: Option<&Query>,
    theme: &Theme,
) -> [Line<'static>; 2] {
    let (mark, mark_style) = theme.mark(entry.mark());
    let (name, hits) = match entry.asset() {
        Some(asset) => {
            let name = short_name(&asset.display_name);
            let hits = query.map(|q| q.highlights(&name)).unwrap_or_default();
            (name, hits)
        }
        None => (
            match entry.load() {
                Load::Loading { .. } => "(loading…)",
                Load::Failed { .. } => "(failed to load)",
                _ => "(not loaded)",
            }
            .to_string(),
            Vec::new(),
        ),
    };
    let origin = if entry.session() || site_listing {
        ""
    } else {
        " · history"
    };
    let gap = if marked {
        Span::styled("*", theme.highlight())
    } else {
        Span::raw(" ")
    };
    let mut first = vec![Span::styled(mark, mark_style), gap];
    first.extend(highlighted(
        &name,
        width.saturating_sub(2),
        &hits,
        Style::new(),
        theme.highlight(),
    ));
    let id = entry.id().as_str();
    let id_hits = query.map(|q| q.highlights(id)).unwrap_or_default();
    let mut second = vec![Span::raw("  ")];
    second.extend(highlighted(
        id,
        usize::MAX,
        &id_hits,
        theme.dim(),
        theme.highlight(),
    ));
    second.push(Span::styled(origin, theme.dim()));
    if entry.saving() {
        second.push(Span::styled(" · saving…", theme.label()));
    }
    [Line::from(first), Line::from(second)]
}

/// `text` fitted to `width` characters (as `text::fit`) in `base` style, with
/// the characters at `hits` (sorted `char` indices, from `Query::highlights`)
/// in `hit` style. A grapheme cluster is highlighted whole when any of its
/// chars is hit (a combining accent never lands in a span of its own);
/// neighbouring graphemes of one style share a span; a cut text's `…` is never
/// highlighted.
fn highlighted(
    text: &str,
    width: usize,
    hits: &[u32],
    base: Style,
    hit: Style,
) -> Vec<Span<'static>> {
    let fitted = crate::text::fit(text, width);
    if hits.is_empty() {
        return vec![Span::styled(fitted, base)];
    }
    let cut = fitted != text;
    let whole = Span::raw(fitted.as_str());
    let graphemes: Vec<&str> = whole
        .styled_graphemes(Style::new())
        .map(|g| g.symbol)
        .collect();
    let kept = graphemes.len() - usize::from(cut);
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_is_hit = false;
    let mut hits = hits.iter().map(|&h| h as usize).peekable();
    let mut chars = 0;
    for (i, symbol) in graphemes.iter().enumerate() {
        chars += symbol.chars().count();
        // Hits before the end of this grapheme are in it.
        let mut is_hit = false;
        while hits.next_if(|&h| h < chars).is_some() {
            is_hit = i < kept;
        }
        if is_hit != run_is_hit && !run.is_empty() {
            let style = if run_is_hit { hit } else { base };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_is_hit = is_hit;
        run.push_str(symbol);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_is_hit { hit } else { base }));
    }
    spans
}

/// The display name for a list row: percent-decoded, cleaned, and without the
/// `<objectId>_` prefix Webflow adds (the ID is shown elsewhere).
/// (The same text the filter matches and highlights: `filter::shown_name`.)
pub fn short_name(display_name: &str) -> String {
    shown_name(display_name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| {
                if s.style.add_modifier.contains(Modifier::BOLD) {
                    format!("[{}]", s.content)
                } else {
                    s.content.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn hits_become_spans_and_never_split_a_grapheme() {
        let hit = Style::new().add_modifier(Modifier::BOLD);
        let spans = highlighted("candy-jar.png", 40, &[6, 7, 8, 11], Style::new(), hit);
        assert_eq!(marked(&spans), "candy-[jar].p[n]g");
        // e + combining acute: hitting the e takes the accent along.
        let spans = highlighted("cafe\u{301}s", 40, &[3], Style::new(), hit);
        assert_eq!(marked(&spans), "caf[e\u{301}]s");
        // Hits past the cut are not shown, nor is the `…`.
        let spans = highlighted("candy-jar.png", 6, &[0, 9, 10], Style::new(), hit);
        assert_eq!(marked(&spans), "[c]andy…");
    }
}
