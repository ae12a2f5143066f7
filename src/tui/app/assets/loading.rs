//! How rows arrive and change: lookups (typed, pasted, from the command line),
//! the history, answers and cached copies, a whole site page by page, and a
//! change of locale. Every request carries a ticket; an answer whose ticket is
//! no longer the row's is stale and dropped.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{AssetList, Entry, Load, SiteView};
use crate::tui::app::Tickets;
use crate::tui::history::HISTORY_CAP;
use crate::tui::msg::Cmd;
use crate::tui::notice::Problem;
use crate::webflow::{ApiError, Asset, AssetId, Fetched, FolderId, LocaleId, RateLimit, SiteId};

/// What an answer did, for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Superseded or cancelled: nothing changed.
    Stale,
    /// The row has the asset; `rate` is the budget the response reported.
    Loaded { rate: RateLimit },
    /// The row failed (keeping any earlier asset); `error` says why.
    Failed { error: ApiError },
}

impl AssetList {
    /// Queues lookups: new IDs join the end of the session part of the list
    /// (history rows move up into it), IDs already there are fetched only if not
    /// loaded or failed. Selects the first of them, dropping a filter or the
    /// problems-only view if they would hide it. With `remember`, the IDs go on
    /// top of the history. Linear in the list length, however many IDs are
    /// pasted at once.
    pub fn look_up(
        &mut self,
        ids: Vec<AssetId>,
        remember: bool,
        tickets: &mut Tickets,
    ) -> Vec<Cmd> {
        let mut seen = HashSet::new();
        let wanted: Vec<AssetId> = ids
            .into_iter()
            .filter(|id| seen.insert(id.clone()))
            .collect();
        let Some(first) = wanted.first().cloned() else {
            return Vec::new();
        };
        // Session rows are always a prefix of the list.
        let session_len = self.entries.iter().take_while(|e| e.session()).count();
        let mut moved: HashMap<AssetId, Entry> = HashMap::new();
        let mut rest = Vec::new();
        for entry in self.entries.drain(session_len..) {
            if seen.contains(entry.id()) {
                moved.insert(entry.id().clone(), entry);
            } else {
                rest.push(entry);
            }
        }
        for id in &wanted {
            if self.index.get(id).is_some_and(|&i| i < session_len) {
                continue;
            }
            // Rows move (or are new and empty): the totals do not change.
            let mut entry = moved
                .remove(id)
                .unwrap_or_else(|| Entry::new(id.clone(), true));
            entry.set_session();
            self.entries.push(entry);
        }
        self.entries.extend(rest);
        self.reindex();

        let mut cmds = Vec::new();
        for id in &wanted {
            let index = self.index[id];
            if matches!(
                self.entries[index].load(),
                Load::NotLoaded | Load::Failed { .. }
            ) {
                self.start_fetch(index, tickets, &mut cmds);
            }
        }
        if remember {
            self.history.retain(|h| !seen.contains(h));
            self.history.splice(0..0, wanted);
            self.history.truncate(HISTORY_CAP);
            cmds.push(Cmd::SaveHistory(self.history.clone()));
        }
        // Rows moved: the selection-fetch row index may be stale; forget it
        // (the fetch itself continues and is applied by its ticket).
        self.selection_fetch = None;
        let first = self.index[&first];
        self.rebuild_view();
        if !self.view.contains(&first) {
            // A lookup must be seen: drop whatever hides it.
            self.filter.clear();
            self.only_problems = false;
            self.usage_only = super::UsageOnly::All;
            self.rebuild_view();
        }
        self.selected = self.view.iter().position(|&i| i == first).unwrap_or(0);
        self.keep_selection_visible();
        cmds
    }

    /// `look_up`, then the list shown from its top (how the browser opens).
    pub fn open(&mut self, ids: Vec<AssetId>, remember: bool, tickets: &mut Tickets) -> Vec<Cmd> {
        let cmds = self.look_up(ids, remember, tickets);
        self.selected = 0;
        self.offset = 0;
        cmds
    }

    /// Adds the lookup history once it is read: its rows go below any already
    /// listed, and its IDs after those already remembered.
    pub fn merge_history(&mut self, history: Vec<AssetId>) {
        if history.is_empty() {
            return;
        }
        for id in &history {
            if !self.index.contains_key(id) {
                self.push(Entry::new(id.clone(), false));
            }
        }
        let mut seen: HashSet<AssetId> = self.history.iter().cloned().collect();
        self.history
            .extend(history.into_iter().filter(|id| seen.insert(id.clone())));
        self.history.truncate(HISTORY_CAP);
        self.rebuild_view();
    }

    /// Lists a whole site (or one folder of it): session lookups stay on top,
    /// history rows give way to the site's assets, which arrive page by page.
    /// A listing still running is cancelled.
    pub fn open_site(
        &mut self,
        site: SiteId,
        folder: Option<FolderId>,
        tickets: &mut Tickets,
    ) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(old) = &self.site
            && !old.done
        {
            cmds.push(Cmd::CancelSite { ticket: old.ticket });
        }
        let ticket = tickets.issue();
        self.retain(Entry::session);
        self.selection_fetch = None;
        self.site = Some(SiteView {
            site: site.clone(),
            folder: folder.clone(),
            ticket,
            loaded: 0,
            total: 0,
            done: false,
            error: None,
            reselect: None,
        });
        self.selected = 0;
        self.offset = 0;
        self.rebuild_view();
        cmds.push(Cmd::ListSite {
            ticket,
            site,
            folder,
            locale: self.locale.clone(),
        });
        cmds
    }

    /// A page of the site listing `ticket` (an older listing's page is
    /// dropped). Assets already listed as session lookups keep their row.
    pub fn on_site_page(&mut self, ticket: u64, assets: Vec<Asset>, loaded: u32, total: u32) {
        let Some(view) = self.site.as_mut().filter(|v| v.ticket == ticket) else {
            return;
        };
        view.loaded = loaded;
        view.total = total;
        for asset in assets {
            let Ok(id) = AssetId::parse(&asset.id) else {
                continue;
            };
            if self.index.contains_key(&id) {
                continue; // already a session lookup
            }
            let mut entry = Entry::new(id, false);
            entry.set_load(Load::Loaded);
            entry.set_asset(Some(Box::new(asset)), &self.audit);
            self.push(entry);
        }
        self.rebuild_view();
        self.reselect_after_relisting();
    }

    /// Puts the selection back on the row it was on before the site was
    /// listed again, once that row has arrived — unless the user has moved
    /// since (the selection is no longer on the first row).
    fn reselect_after_relisting(&mut self) {
        let Some(id) = self.site.as_ref().and_then(|v| v.reselect.clone()) else {
            return;
        };
        if self.selected != 0 {
            if let Some(view) = self.site.as_mut() {
                view.reselect = None;
            }
            return;
        }
        if let Some(position) = self.view.iter().position(|&i| *self.entries[i].id() == id) {
            self.selected = position;
            self.keep_selection_visible();
            if let Some(view) = self.site.as_mut() {
                view.reselect = None;
            }
        }
    }

    /// The listing `ticket` ended; returns the problem to report, if it is
    /// the current listing and failed.
    pub fn on_site_done(&mut self, ticket: u64, error: Option<ApiError>) -> Option<Problem> {
        let view = self.site.as_mut().filter(|v| v.ticket == ticket)?;
        view.done = true;
        view.error = error;
        view.error.clone().map(|error| Problem::Listing {
            site: view.site.clone(),
            error,
        })
    }

    /// A cached copy for the fetch `ticket`, shown until the answer comes.
    pub fn on_cached(
        &mut self,
        ticket: u64,
        id: &AssetId,
        asset: Box<Asset>,
        fetched_at: DateTime<Utc>,
    ) {
        if let Some(&index) = self.index.get(id)
            && *self.entries[index].load() == (Load::Loading { ticket })
        {
            let audit = Arc::clone(&self.audit);
            self.change(index, |e| {
                e.set_asset(Some(asset), &audit);
                e.set_cached_at(Some(fetched_at));
            });
        }
    }

    /// The answer to the fetch `ticket`. A failure keeps the last good asset.
    pub fn on_loaded(
        &mut self,
        ticket: u64,
        id: &AssetId,
        result: Result<Box<Fetched<Asset>>, ApiError>,
    ) -> Answer {
        let answer = self.apply_answer(ticket, id, result);
        // Only a filtered or sorted view can change with one answer.
        if self.view_depends_on_data() {
            self.rebuild_view();
        }
        answer
    }

    fn apply_answer(
        &mut self,
        ticket: u64,
        id: &AssetId,
        result: Result<Box<Fetched<Asset>>, ApiError>,
    ) -> Answer {
        let Some(&index) = self.index.get(id) else {
            return Answer::Stale;
        };
        if *self.entries[index].load() != (Load::Loading { ticket }) {
            return Answer::Stale; // superseded by a newer request or cancelled
        }
        if self.selection_fetch.is_some_and(|(t, _)| t == ticket) {
            self.selection_fetch = None;
        }
        let offline = self.offline;
        match result {
            Ok(fetched) => {
                let rate = fetched.rate;
                let audit = Arc::clone(&self.audit);
                self.change(index, |e| {
                    e.set_asset(Some(Box::new(fetched.value)), &audit);
                    if !offline {
                        e.set_cached_at(None);
                    }
                    e.set_load(Load::Loaded);
                });
                Answer::Loaded { rate }
            }
            Err(error) => {
                let failed = Load::Failed {
                    message: error.to_string(),
                    class: error.class(),
                };
                self.change(index, |e| e.set_load(failed));
                Answer::Failed { error }
            }
        }
    }

    /// Fetches the selected row again (`r`).
    pub fn refetch_selected(&mut self, tickets: &mut Tickets) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(index) = self.selected_index() {
            self.start_fetch(index, tickets, &mut cmds);
        }
        cmds
    }

    /// Asks in `locale` from now on. Every answer is then out of date: session
    /// rows and the selected row refetch, history rows reload when selected.
    pub fn set_locale(&mut self, locale: Option<LocaleId>, tickets: &mut Tickets) -> Vec<Cmd> {
        if locale == self.locale {
            return Vec::new();
        }
        self.locale = locale;
        let mut cmds = Vec::new();
        self.selection_fetch = None;
        if let Some((site, folder)) = self
            .site
            .as_ref()
            .map(|v| (v.site.clone(), v.folder.clone()))
        {
            // A site listing is listed again in the new locale (its rows would
            // otherwise all turn "not loaded"); session lookups refetch.
            for i in 0..self.entries.len() {
                if self.entries[i].session() {
                    self.start_fetch(i, tickets, &mut cmds);
                }
            }
            let selected = self.selected_index().map(|i| self.entries[i].id().clone());
            cmds.extend(self.open_site(site, folder, tickets));
            if let Some(view) = self.site.as_mut() {
                view.reselect = selected;
            }
            return cmds;
        }
        let selected = self.selected_index();
        for i in 0..self.entries.len() {
            if self.entries[i].session() || Some(i) == selected {
                self.start_fetch(i, tickets, &mut cmds);
            } else {
                if let Load::Loading { ticket } = *self.entries[i].load() {
                    cmds.push(Cmd::Cancel { ticket });
                }
                let audit = Arc::clone(&self.audit);
                self.change(i, |e| {
                    e.set_load(Load::NotLoaded);
                    e.set_asset(None, &audit);
                });
            }
        }
        self.rebuild_view();
        cmds
    }

    /// The locale the browser starts in. Nothing is refetched, so this is for
    /// a list that has not fetched anything yet (use `set_locale` after).
    pub fn start_in_locale(&mut self, locale: Option<LocaleId>) {
        debug_assert!(
            self.loading == 0 && self.entries.iter().all(|e| e.asset().is_none()),
            "the start locale is set before anything is fetched"
        );
        self.locale = locale;
    }
}
