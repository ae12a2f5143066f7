//! The locale coverage view (`C` in a site listing): every image of the site
//! against every enabled locale — set, decorative, untranslated or missing —
//! read once per site (`r` reads it again) and kept current by the browser's
//! own saves. Only state and its rules live here; `ui/coverage.rs` draws it.

use super::{ReadState, Tickets};
use crate::tui::msg::Cmd;
use std::collections::HashMap;

use crate::usage::coverage::{Cover, Coverage, Row};
use crate::webflow::{ApiError, LocaleId, SiteId};

/// The view's state: the table once read, the cursor, the gaps-only filter.
#[derive(Debug, Clone, Default)]
pub struct CoverageView {
    ticket: Option<u64>,
    state: ReadState,
    /// The site the table is about (a new site listing forgets it).
    site: Option<SiteId>,
    table: Coverage,
    /// Indices into `table.rows` shown (all, or only rows with a gap).
    shown: Vec<usize>,
    only_gaps: bool,
    /// The cursor: a position in `shown` and a locale column.
    row: usize,
    column: usize,
    /// Per locale, how many images are in each state: counted when the
    /// table changes, not on every frame (a site may have thousands).
    counts: Vec<HashMap<Cover, usize>>,
}

impl CoverageView {
    pub fn state(&self) -> &ReadState {
        &self.state
    }

    pub fn table(&self) -> &Coverage {
        &self.table
    }

    /// The rows shown, in order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = &Row> {
        self.shown.iter().map(|&i| &self.table.rows[i])
    }

    /// How many images of locale `column` are `cover`.
    pub fn count(&self, column: usize, cover: Cover) -> usize {
        self.counts
            .get(column)
            .and_then(|c| c.get(&cover))
            .copied()
            .unwrap_or(0)
    }

    pub fn only_gaps(&self) -> bool {
        self.only_gaps
    }

    /// The cursor: (row among those shown, locale column).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.column)
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<&Row> {
        self.shown.get(self.row).map(|&i| &self.table.rows[i])
    }

    /// Whether the cursor's column is the site's primary locale (what the
    /// browser's default locale shows).
    pub fn current_is_primary(&self) -> bool {
        self.table
            .locales
            .get(self.column)
            .is_none_or(|l| l.primary)
    }

    /// The locale of the cursor's column (`None`: the site's default).
    pub fn current_locale(&self) -> Option<LocaleId> {
        self.table
            .locales
            .get(self.column)
            .and_then(|l| LocaleId::parse(l.id.trim()).ok())
    }

    /// Opens on `site`: the table already read for it is kept (and shown at
    /// once); otherwise it is read.
    pub fn open(&mut self, site: &SiteId, tickets: &mut Tickets) -> Vec<Cmd> {
        let known = self.site.as_ref() == Some(site)
            && matches!(self.state, ReadState::Read | ReadState::Reading);
        if known {
            return Vec::new();
        }
        self.read(site.clone(), tickets)
    }

    /// Reads the table again (`r`).
    pub fn read(&mut self, site: SiteId, tickets: &mut Tickets) -> Vec<Cmd> {
        let ticket = tickets.issue();
        self.ticket = Some(ticket);
        self.state = ReadState::Reading;
        self.site = Some(site.clone());
        vec![Cmd::ReadCoverage { ticket, site }]
    }

    /// Forgets the table (another site is listed).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    pub fn on_read(&mut self, ticket: u64, result: Result<Box<Coverage>, ApiError>) {
        if self.ticket != Some(ticket) {
            return;
        }
        self.ticket = None;
        match result {
            Ok(table) => {
                self.table = *table;
                self.state = ReadState::Read;
                self.column = self.column.min(self.table.locales.len().saturating_sub(1));
                self.recount();
                self.refilter();
            }
            Err(error) => self.state = ReadState::Failed(error),
        }
    }

    /// Shows only rows with a gap, or all again; returns the new setting.
    pub fn toggle_gaps(&mut self) -> bool {
        self.only_gaps = !self.only_gaps;
        self.refilter();
        self.only_gaps
    }

    /// Moves the cursor by `rows` and `columns`, clamped to the table.
    pub fn move_by(&mut self, rows: isize, columns: isize) {
        let last_row = self.shown.len().saturating_sub(1);
        self.row = self.row.saturating_add_signed(rows).min(last_row);
        let last_column = self.table.locales.len().saturating_sub(1);
        self.column = self.column.saturating_add_signed(columns).min(last_column);
    }

    /// A save of the browser's own: the cell shows the new text at once.
    pub fn saw_write(&mut self, asset_id: &str, locale: Option<&LocaleId>, alt: Option<&str>) {
        let column = match locale {
            None => 0,
            Some(id) => match self
                .table
                .locales
                .iter()
                .position(|l| l.id.trim().eq_ignore_ascii_case(id.as_str()))
            {
                Some(column) => column,
                None => return,
            },
        };
        let wanted = asset_id.trim();
        for row in &mut self.table.rows {
            if row.asset.id.trim().eq_ignore_ascii_case(wanted)
                && let Some(cell) = row.alts.get_mut(column)
            {
                *cell = alt.map(str::to_string);
            }
        }
        self.recount();
        // The row stays shown until the filter is next changed: a row that
        // vanishes under the cursor as it is fixed is disorienting.
    }

    fn recount(&mut self) {
        let columns = self.table.locales.len().max(1);
        self.counts = (0..columns).map(|c| self.table.counts(c)).collect();
    }

    fn refilter(&mut self) {
        let keep_id = self.current().map(|r| r.asset.id.clone());
        self.shown = (0..self.table.rows.len())
            .filter(|&i| !self.only_gaps || self.table.rows[i].has_gap())
            .collect();
        self.row = keep_id
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| self.table.rows[i].asset.id == id)
            })
            .unwrap_or(0)
            .min(self.shown.len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webflow::model::test_image as image;
    use crate::webflow::site::Locale;

    const FR: &str = "653fd9af6a07fc9cfd7a5e56";

    fn read_view() -> CoverageView {
        let locales = vec![
            Locale {
                id: "653fd9af6a07fc9cfd7a5e50".into(),
                tag: "en".into(),
                primary: true,
                ..Locale::default()
            },
            Locale {
                id: FR.into(),
                tag: "fr".into(),
                ..Locale::default()
            },
        ];
        let en = vec![image("a", Some("Gum")), image("b", Some("Jar"))];
        let fr = vec![image("a", Some("Gum")), image("b", Some("Bocal"))];
        let mut view = CoverageView::default();
        let mut tickets = Tickets::default();
        let site = SiteId::parse("5f0c8c9e1c9d440000e8d8c3").unwrap();
        view.open(&site, &mut tickets);
        let ticket = view.ticket.unwrap();
        view.on_read(ticket, Ok(Box::new(Coverage::new(locales, &[en, fr]))));
        view
    }

    #[test]
    fn a_save_in_a_locale_updates_its_cell_and_the_row_stays_until_refiltered() {
        let mut view = read_view();
        assert!(view.toggle_gaps());
        assert_eq!(view.rows().len(), 1);
        let fr = LocaleId::parse(FR).unwrap();
        view.saw_write("A", Some(&fr), Some("Gomme"));
        assert_eq!(view.current().unwrap().cover(1), Cover::Set);
        assert_eq!(view.rows().len(), 1, "still shown under the cursor");
        view.toggle_gaps();
        view.toggle_gaps();
        assert_eq!(view.rows().len(), 0);
    }

    #[test]
    fn the_cursor_stays_in_the_table_and_a_stale_answer_is_dropped() {
        let mut view = read_view();
        view.move_by(10, 10);
        assert_eq!(view.cursor(), (1, 1));
        assert_eq!(view.current_locale().unwrap().as_str(), FR);
        view.move_by(-10, -10);
        assert_eq!(view.cursor(), (0, 0));
        view.on_read(999, Err(ApiError::NotCached { id: "a".into() }));
        assert_eq!(view.state(), &ReadState::Read);
    }
}
