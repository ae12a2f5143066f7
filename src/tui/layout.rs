//! Where each pane goes, as plain arithmetic on the terminal size. Both sides
//! need it: `ui` to draw, and `App::update` to know — before anything is drawn —
//! how many list rows fit (paging, keeping the selection in view) and how big a
//! thumbnail to ask for. One module, so the two can never disagree.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Padding};

/// Below this the layout cannot show the panes usefully.
pub const MIN_SIZE: (u16, u16) = (60, 20);

/// Rows the metadata pane wants at most: its fields plus its border.
pub const METADATA_HEIGHT: u16 = 13;

/// Whether a terminal of `size` is big enough for the panes.
pub fn fits(size: (u16, u16)) -> bool {
    size.0 >= MIN_SIZE.0 && size.1 >= MIN_SIZE.1
}

/// Where each pane goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub list: Rect,
    pub metadata: Rect,
    pub variants: Rect,
    /// Beside the variants: where the asset renders on the site (see
    /// [`used_on_shown`]).
    pub used_on: Option<Rect>,
    pub alt_text: Rect,
    pub preview: Option<Rect>,
    pub status: Rect,
}

/// Detail panes at least this wide show the "Used on" pane even outside a
/// site listing (where it only says how to get uses).
pub const USED_ON_MIN_WIDTH: u16 = 90;

/// Whether the "Used on" pane shows: always while browsing a `site`
/// (its uses are what it is for), otherwise only when there is room.
pub fn used_on_shown(size: (u16, u16), preview: bool, site: bool) -> bool {
    fits(size)
        && areas(Rect::new(0, 0, size.0, size.1), preview, site)
            .used_on
            .is_some()
}

/// The panes of a terminal `area`, with or without the preview; `site`:
/// a site is listed (the "Used on" pane always shows).
pub fn areas(area: Rect, preview: bool, site: bool) -> Areas {
    let [main, status] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let list_width = (main.width * 35 / 100).clamp(28, 44);
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Min(1)]).areas(main);
    let (detail, preview) = if preview {
        let [panes, preview] =
            Layout::horizontal([Constraint::Min(30), Constraint::Percentage(40)]).areas(detail);
        (panes, Some(preview))
    } else {
        (detail, None)
    };
    let alt_height = (detail.height / 4).max(5);
    let [metadata, variants, alt_text] = Layout::vertical([
        Constraint::Max(METADATA_HEIGHT),
        Constraint::Min(4),
        Constraint::Length(alt_height),
    ])
    .areas(detail);
    let (variants, used_on) = if site || detail.width >= USED_ON_MIN_WIDTH {
        let [variants, used_on] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(variants);
        (variants, Some(used_on))
    } else {
        (variants, None)
    };
    Areas {
        list,
        metadata,
        variants,
        used_on,
        alt_text,
        preview,
        status,
    }
}

/// The block every pane is drawn in (a border, one column of padding either
/// side); `ui` styles it, this is only its geometry.
pub fn pane_block<'a>() -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .padding(Padding::horizontal(1))
}

/// The preview pane's inside, in cells, for a terminal of `size`; `None` when
/// the pane is not shown.
pub fn preview_cells(size: (u16, u16), visible: bool) -> Option<(u16, u16)> {
    if !visible || !fits(size) {
        return None;
    }
    let outer = areas(Rect::new(0, 0, size.0, size.1), true, false).preview?;
    let inner = pane_block().inner(outer);
    Some((inner.width, inner.height))
}

/// Rows of the list that fit in a terminal `height` rows tall: two lines per
/// row, inside a border, above the status bar (the list pane's inner height,
/// halved). At least one, so paging always moves.
pub fn list_rows(height: u16) -> usize {
    (usize::from(height).saturating_sub(3) / 2).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_rows_match_the_drawn_list() {
        for height in [MIN_SIZE.1, 24, 31, 60] {
            let list = areas(Rect::new(0, 0, 100, height), false, false).list;
            let inner = Block::default().borders(Borders::ALL).inner(list);
            assert_eq!(list_rows(height), usize::from(inner.height / 2), "{height}");
        }
    }

    #[test]
    fn no_preview_cells_when_hidden_or_too_small() {
        assert_eq!(preview_cells((120, 40), false), None);
        assert_eq!(preview_cells((MIN_SIZE.0 - 1, 40), true), None);
        let (w, h) = preview_cells((120, 40), true).unwrap();
        assert!(w > 0 && h > 0);
    }
}
