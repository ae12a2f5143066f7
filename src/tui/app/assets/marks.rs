//! Rows marked for `E` (edit many at once) and rows being written: both are
//! the list's state, changed only here (a write's answer goes through
//! `AssetList::change`, so the counts and the problems view follow it).

use super::{AssetList, Entry};
use crate::webflow::{Asset, AssetId};

impl AssetList {
    /// The row of `id`, if listed.
    pub fn entry(&self, id: &AssetId) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    /// Whether `id` is marked.
    pub fn is_marked(&self, id: &AssetId) -> bool {
        self.marked.contains(id)
    }

    /// How many rows are marked.
    pub fn marked_count(&self) -> usize {
        self.marked.len()
    }

    /// The marked rows, in list order.
    pub fn marked(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| self.marked.contains(e.id()))
    }

    /// Marks the selected row, or unmarks it; `Some(marked)`, `None` when
    /// nothing is selected.
    pub fn toggle_mark(&mut self) -> Option<bool> {
        let id = self.selected_entry()?.id().clone();
        if self.marked.remove(&id) {
            Some(false)
        } else {
            self.marked.insert(id);
            Some(true)
        }
    }

    /// Marks every row shown (the current filter's), or unmarks them all when
    /// they all are marked already; returns whether they are marked now and
    /// how many rows that was.
    pub fn toggle_mark_shown(&mut self) -> (bool, usize) {
        let shown: Vec<AssetId> = self.visible().map(|e| e.id().clone()).collect();
        let all = shown.iter().all(|id| self.marked.contains(id));
        for id in &shown {
            if all {
                self.marked.remove(id);
            } else {
                self.marked.insert(id.clone());
            }
        }
        (!all, shown.len())
    }

    /// Unmarks `id` (its change landed).
    pub fn unmark(&mut self, id: &AssetId) {
        self.marked.remove(id);
    }

    /// Unmarks every row.
    pub fn clear_marks(&mut self) {
        self.marked.clear();
    }

    /// A write of `id`'s alt text went out.
    pub fn start_write(&mut self, id: &AssetId) {
        if let Some(&index) = self.index.get(id) {
            self.change(index, |e| e.set_saving(true));
        }
    }

    /// The write of `id` ended; `asset` is the asset as Webflow holds it now,
    /// when the answer said (it replaces the row's copy: pane, mark and
    /// counts follow).
    pub fn end_write(&mut self, id: &AssetId, asset: Option<&Asset>) {
        let Some(&index) = self.index.get(id) else {
            return;
        };
        let audit = std::sync::Arc::clone(&self.audit);
        self.change(index, |e| {
            e.set_saving(false);
            if let Some(asset) = asset {
                e.set_asset(Some(Box::new(asset.clone())), &audit);
            }
        });
        if asset.is_some() && self.view_depends_on_data() {
            self.rebuild_view();
        }
    }
}
