//! The asset list: its rows, the view the list pane shows (filtered and
//! sorted), the selection, and the totals the status bar shows.
//!
//! Everything derived lives here with the data it is derived from, and only
//! this type's methods change either, so none of it can go stale:
//!
//! - `index` (row of each ID) is rebuilt whenever rows move, by the method that
//!   moves them;
//! - `counts` and `loading` change only in [`AssetList::change`] (one row) and
//!   where rows are added or dropped — never recounted per frame or per answer;
//! - `view` is rebuilt by [`AssetList::rebuild_view`] whenever the filter, the
//!   sort, the problems-only switch or the rows change, and only then; it also
//!   keeps the selection and the list's scroll offset valid.
//!
//! Cost: an answer for one row is O(1) when the view is neither filtered nor
//! sorted (only a filtered or sorted view can change with one answer), and a
//! frame reads only the visible part of `view` (`benches/render.rs`).
//!
//! Lookups, answers, history and site paging are in `loading.rs`.

mod entry;
pub mod filter;
mod loading;
mod marks;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::Tickets;
use crate::audit::AuditConfig;
use crate::source::listing::SortKey;
use crate::tui::msg::Cmd;
use crate::webflow::{ApiError, AssetId, FolderId, LocaleId, SiteId};
use filter::Query;

pub use entry::{AltCounts, Entry, Load, Mark};
pub use loading::Answer;

/// Which rows the usage filter (`U`) keeps, from where the site's assets
/// render (known once the site's content is read).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UsageOnly {
    #[default]
    All,
    /// Images the site shows nowhere.
    Unused,
    /// Images with an audit finding where they render (the alt visitors get).
    RenderedProblems,
}

impl UsageOnly {
    fn next(self) -> Self {
        match self {
            UsageOnly::All => UsageOnly::Unused,
            UsageOnly::Unused => UsageOnly::RenderedProblems,
            UsageOnly::RenderedProblems => UsageOnly::All,
        }
    }
}

/// A whole site being listed page by page.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteView {
    site: SiteId,
    /// The folder the listing is limited to, if any (kept to list it again).
    folder: Option<FolderId>,
    ticket: u64,
    loaded: u32,
    total: u32,
    done: bool,
    error: Option<ApiError>,
    /// The asset to select again once the listing brings it back (a site
    /// listed again in another locale keeps the row the user was on).
    reselect: Option<AssetId>,
}

impl SiteView {
    pub fn site(&self) -> &SiteId {
        &self.site
    }

    /// The listing request this view is the answer to.
    pub fn ticket(&self) -> u64 {
        self.ticket
    }

    /// Assets received so far.
    pub fn loaded(&self) -> u32 {
        self.loaded
    }

    /// Assets the site has, as its last page said.
    pub fn total(&self) -> u32 {
        self.total
    }

    /// The listing ended (completely or with an error).
    pub fn done(&self) -> bool {
        self.done
    }

    /// Why the listing stopped early, if it did.
    pub fn error(&self) -> Option<&ApiError> {
        self.error.as_ref()
    }
}

#[derive(Debug, Clone)]
pub struct AssetList {
    /// The audit settings rows are marked by (`[audit]`, `wfa.toml`): the
    /// browser and `wfa audit` agree, waivers included.
    audit: Arc<AuditConfig>,
    /// Session lookups first (always a prefix), then history or site rows.
    entries: Vec<Entry>,
    /// Row of each ID.
    index: HashMap<AssetId, usize>,
    /// The rows shown, as indices into `entries`: filtered and sorted.
    view: Vec<usize>,
    /// Position of the selection in `view`.
    selected: usize,
    /// First visible row of the list (a position in `view`).
    offset: usize,
    /// Rows the list pane has room for (from the terminal size).
    rows: usize,
    /// The site being listed, when browsing a whole site.
    site: Option<SiteView>,
    /// Filter-as-you-type text (fuzzy over name, file name, ID and alt text).
    filter: String,
    sort: SortKey,
    /// Show only assets with an alt-text problem (or an error).
    only_problems: bool,
    usage_only: UsageOnly,
    /// Asset IDs (trimmed, lower case) used nowhere, and those with a
    /// rendered problem, for `usage_only`; empty until the uses are read.
    unused: HashSet<String>,
    rendered_problems: HashSet<String>,
    /// Alt-text states across all rows, for the status bar.
    counts: AltCounts,
    /// Rows in `Load::Loading`.
    loading: usize,
    /// The fetch started only because the selection landed on a history row;
    /// superseded when the selection moves on.
    selection_fetch: Option<(u64, usize)>,
    /// Every fetch and listing asks for this locale.
    locale: Option<LocaleId>,
    /// `--offline`: a cached copy stays marked as cached after it "loads".
    offline: bool,
    /// Lookups to remember, most recent first (↑/↓ in the ID input).
    history: Vec<AssetId>,
    /// Rows marked for editing many at once (`marks.rs`); only listed IDs.
    marked: HashSet<AssetId>,
}

impl AssetList {
    /// A list of the history rows (not loaded yet), `rows` tall on screen.
    /// The audit settings in force.
    pub fn audit(&self) -> &AuditConfig {
        &self.audit
    }

    /// Takes other audit settings: every row's problem mark, and the counts
    /// and view that follow from them, are worked out again.
    pub fn set_audit(&mut self, config: AuditConfig) {
        self.audit = Arc::new(config);
        let audit = Arc::clone(&self.audit);
        for i in 0..self.entries.len() {
            self.change(i, |e| e.recheck(&audit));
        }
        if self.view_depends_on_data() {
            self.rebuild_view();
        }
    }

    pub fn new(history: Vec<AssetId>, offline: bool, rows: usize) -> Self {
        let mut list = Self {
            entries: Vec::new(),
            index: HashMap::new(),
            view: Vec::new(),
            selected: 0,
            offset: 0,
            rows: rows.max(1),
            site: None,
            filter: String::new(),
            sort: SortKey::Site,
            only_problems: false,
            usage_only: UsageOnly::All,
            unused: HashSet::new(),
            rendered_problems: HashSet::new(),
            counts: AltCounts::default(),
            loading: 0,
            selection_fetch: None,
            locale: None,
            offline,
            history: Vec::new(),
            marked: HashSet::new(),
            audit: Arc::new(AuditConfig::default()),
        };
        for id in &history {
            if !list.index.contains_key(id) {
                list.push(Entry::new(id.clone(), false));
            }
        }
        list.history = history;
        list.rebuild_view();
        list
    }

    // ---- Reading ----

    /// Every row, in list order (session lookups first).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The rows shown, as indices into [`Self::entries`], in the order shown.
    pub fn view(&self) -> &[usize] {
        &self.view
    }

    /// The rows shown, in the order shown.
    pub fn visible(&self) -> impl ExactSizeIterator<Item = &Entry> {
        self.view.iter().map(|&i| &self.entries[i])
    }

    /// Position of the selection among the rows shown.
    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.selected_index().map(|i| &self.entries[i])
    }

    /// First row shown in the list pane (a position among the rows shown).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Alt-text states across all rows.
    pub fn counts(&self) -> AltCounts {
        self.counts
    }

    /// Lookups waiting for an answer.
    pub fn in_flight(&self) -> usize {
        self.loading
    }

    pub fn site(&self) -> Option<&SiteView> {
        self.site.as_ref()
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The filter as parsed for ranking and highlighting; `None` when it holds
    /// nothing to match. Parsed from the text on each call (microseconds), so
    /// it can never disagree with it.
    pub fn filter_query(&self) -> Option<Query> {
        Query::parse(&self.filter)
    }

    pub fn sort(&self) -> SortKey {
        self.sort
    }

    pub fn only_problems(&self) -> bool {
        self.only_problems
    }

    pub fn locale(&self) -> Option<&LocaleId> {
        self.locale.as_ref()
    }

    /// What the usage filter keeps.
    pub fn usage_only(&self) -> UsageOnly {
        self.usage_only
    }

    /// Lookups remembered, most recent first.
    pub fn history(&self) -> &[AssetId] {
        &self.history
    }

    /// Index into `entries` of the selected row.
    fn selected_index(&self) -> Option<usize> {
        self.view.get(self.selected).copied()
    }

    /// Whether the view depends on the rows' data (not only their order), so
    /// that one answer can change it.
    fn view_depends_on_data(&self) -> bool {
        self.only_problems
            || self.usage_only != UsageOnly::All
            || !self.filter.is_empty()
            || self.sort != SortKey::Site
    }

    // ---- What the user does to the view ----

    /// The terminal changed size: `rows` fit in the list pane now.
    pub fn set_rows(&mut self, rows: usize) {
        self.rows = rows.max(1);
        self.keep_selection_visible();
    }

    /// Filters by `text` (see `tui::app::filter`). Returns whether the view is now
    /// ranked by it (a non-empty query matched something): the caller then
    /// selects the best match, on top.
    pub fn set_filter(&mut self, text: &str) -> bool {
        text.clone_into(&mut self.filter);
        self.rebuild_view();
        self.filter_query().is_some() && !self.view.is_empty()
    }

    /// Shows every row again; the selected row stays selected.
    pub fn clear_filter(&mut self) {
        self.set_filter("");
    }

    /// The next sort key (`s`); returns it.
    pub fn cycle_sort(&mut self) -> SortKey {
        self.sort = self.sort.next();
        self.rebuild_view();
        self.sort
    }

    /// Shows only rows that need attention, or all again; returns which.
    pub fn toggle_problems(&mut self) -> bool {
        self.only_problems = !self.only_problems;
        self.rebuild_view();
        self.only_problems
    }

    /// The usage filter's next step: all → only unused → only rendered
    /// problems → all. Returns the new one.
    pub fn cycle_usage_only(&mut self) -> UsageOnly {
        self.usage_only = self.usage_only.next();
        self.rebuild_view();
        self.usage_only
    }

    /// Which assets are unused and which render with a problem (the site's
    /// uses were read, or forgotten: both empty).
    pub fn set_usage_flags(&mut self, unused: HashSet<String>, problems: HashSet<String>) {
        self.unused = unused;
        self.rendered_problems = problems;
        if self.usage_only != UsageOnly::All {
            self.rebuild_view();
        }
    }

    /// The position `delta` rows from the selection, kept inside the view;
    /// `None` when nothing is shown.
    pub fn position_by(&self, delta: isize) -> Option<usize> {
        let last = self.view.len().checked_sub(1)?;
        let target = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, last as isize);
        Some(target as usize)
    }

    /// The position of the next (or previous) row that needs attention,
    /// wrapping around; `None` when no other row does.
    pub fn next_problem(&self, forward: bool) -> Option<usize> {
        let n = self.view.len();
        (1..n)
            .map(|step| {
                if forward {
                    (self.selected + step) % n
                } else {
                    (self.selected + n - step) % n
                }
            })
            .find(|&pos| self.entries[self.view[pos]].needs_attention())
    }

    /// Selects the row at `position` (in the view). A history row not loaded
    /// yet is fetched; a fetch started only because the selection passed over
    /// another row is cancelled.
    pub fn select(&mut self, position: usize, tickets: &mut Tickets) -> Vec<Cmd> {
        if position == self.selected || position >= self.view.len() {
            return Vec::new();
        }
        self.selected = position;
        let index = self.view[position];
        self.keep_selection_visible();
        let mut cmds = Vec::new();
        if let Some((ticket, row)) = self.selection_fetch.take() {
            if row != index {
                if self.entries.get(row).map(Entry::load) == Some(&Load::Loading { ticket }) {
                    self.change(row, |e| {
                        let back = if e.asset().is_some() {
                            Load::Loaded
                        } else {
                            Load::NotLoaded
                        };
                        e.set_load(back);
                    });
                }
                cmds.push(Cmd::Cancel { ticket });
            } else {
                self.selection_fetch = Some((ticket, row));
            }
        }
        if *self.entries[index].load() == Load::NotLoaded {
            let ticket = self.start_fetch(index, tickets, &mut cmds);
            self.selection_fetch = Some((ticket, index));
        }
        cmds
    }

    // ---- Keeping the derived data ----

    /// Every change to a row goes through here: its share of the counts and of
    /// the lookups in flight is taken out before and put back after, so both
    /// stay exact without scanning the list.
    fn change<R>(&mut self, index: usize, f: impl FnOnce(&mut Entry) -> R) -> R {
        let entry = &mut self.entries[index];
        self.counts.remove(entry.counts());
        self.loading -= usize::from(entry.is_loading());
        let result = f(entry);
        self.counts.add(entry.counts());
        self.loading += usize::from(entry.is_loading());
        result
    }

    /// Adds a row at the end (the caller rebuilds the view once it is done).
    fn push(&mut self, entry: Entry) {
        self.counts.add(entry.counts());
        self.loading += usize::from(entry.is_loading());
        self.index.insert(entry.id().clone(), self.entries.len());
        self.entries.push(entry);
    }

    /// Keeps only the rows `keep` says; counts and index follow.
    fn retain(&mut self, keep: impl FnMut(&Entry) -> bool) {
        self.entries.retain(keep);
        let listed: HashSet<&AssetId> = self.entries.iter().map(Entry::id).collect();
        self.marked.retain(|id| listed.contains(id));
        self.counts = AltCounts::default();
        self.loading = 0;
        for entry in &self.entries {
            self.counts.add(entry.counts());
            self.loading += usize::from(entry.is_loading());
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id().clone(), i))
            .collect();
    }

    /// Recomputes the shown rows (filter, problems-only, order), keeping the
    /// selected row selected when it is still shown.
    ///
    /// Order: without a filter, the sort key (`s`), ties in site order. With a
    /// filter (`tui::app::filter`), the match score, best first; equal scores keep
    /// the sort key, then site order — so ranking never hides the order the
    /// user chose among equally good matches.
    fn rebuild_view(&mut self) {
        let keep = self.selected_index();
        let only_problems = self.only_problems;
        let usage = match self.usage_only {
            UsageOnly::All => None,
            UsageOnly::Unused => Some(&self.unused),
            UsageOnly::RenderedProblems => Some(&self.rendered_problems),
        };
        let candidates = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| !only_problems || entry.needs_attention())
            .filter(|(_, entry)| {
                usage.is_none_or(|ids| ids.contains(&entry.id().as_str().to_ascii_lowercase()))
            });
        let entries = &self.entries;
        let sort = self.sort;
        let by_key = |a: usize, b: usize| {
            let key = match (entries[a].asset(), entries[b].asset()) {
                (Some(x), Some(y)) => sort.compare(x, y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            key.then(a.cmp(&b))
        };
        let view: Vec<usize> = match self.filter_query() {
            Some(query) => {
                let mut ranked = query.rank(candidates);
                ranked.sort_unstable_by(|&(a, score_a), &(b, score_b)| {
                    score_b.cmp(&score_a).then_with(|| by_key(a, b))
                });
                ranked.into_iter().map(|(i, _)| i).collect()
            }
            None => {
                let mut view: Vec<usize> = candidates.map(|(i, _)| i).collect();
                if sort != SortKey::Site {
                    view.sort_unstable_by(|&a, &b| by_key(a, b));
                }
                view
            }
        };
        self.selected = keep
            .and_then(|k| view.iter().position(|&i| i == k))
            .unwrap_or(0)
            .min(view.len().saturating_sub(1));
        self.view = view;
        self.keep_selection_visible();
    }

    /// Scrolls the list just enough that the selected row is on screen, and
    /// never past the last row.
    fn keep_selection_visible(&mut self) {
        let rows = self.rows;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        let max_offset = self.view.len().saturating_sub(rows);
        self.offset = self.offset.min(max_offset);
    }

    /// Asks for row `index` again (superseding a request in flight for it);
    /// returns the new ticket.
    fn start_fetch(&mut self, index: usize, tickets: &mut Tickets, cmds: &mut Vec<Cmd>) -> u64 {
        let ticket = tickets.issue();
        if let Load::Loading { ticket: old } = *self.entries[index].load() {
            cmds.push(Cmd::Cancel { ticket: old });
        }
        self.change(index, |e| e.set_load(Load::Loading { ticket }));
        cmds.push(Cmd::Fetch {
            ticket,
            id: self.entries[index].id().clone(),
            locale: self.locale.clone(),
        });
        ticket
    }
}

#[cfg(test)]
mod tests;
