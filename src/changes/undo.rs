//! Undo: a journal read back as the changes that restore its before-values.
//!
//! Every change the journal says was made (`done`), or may have been made
//! (`sending` with no answer: the run stopped while the request was out),
//! becomes a [`Wanted`] of its before-value, expecting the after-value: an
//! asset someone changed since is then a conflict, and one still at its
//! before-value needs nothing. A before-value of `null` cannot be written
//! back (the API takes a string), nor can one the API would refuse: those
//! are listed, not planned.

use std::collections::HashMap;

use super::Wanted;
use crate::edit;
use crate::store::journal::{Entry, Field, Outcome};
use crate::webflow::{AssetId, LocaleId};

/// A change that cannot be undone, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrestorable {
    pub asset_id: String,
    pub locale: Option<String>,
    pub field: Field,
    pub reason: String,
}

/// What undoing a journal asks for.
#[derive(Debug, Default)]
pub struct Restore {
    pub wanted: Vec<Wanted>,
    pub unrestorable: Vec<Unrestorable>,
}

/// One field's history in the journal: the first before, the last after,
/// and whether Webflow took (or may have taken) a change. Shared with the
/// CMS undo (`changes::cms`), which keys its histories by image.
pub(super) struct History {
    /// The journal line that first names the field (the header is line 1).
    pub(super) line: usize,
    pub(super) before: Option<String>,
    pub(super) after: String,
    /// Webflow took a change.
    made: bool,
    /// A request went out with no answer recorded.
    pending: bool,
}

impl History {
    /// The history that starts at `entry`, the journal's `index`-th entry.
    pub(super) fn starting_at(index: usize, entry: &Entry) -> Self {
        Self {
            line: index + 2,
            before: entry.before.clone(),
            after: entry.after.clone(),
            made: false,
            pending: false,
        }
    }

    /// Takes a later line about the same field into account.
    pub(super) fn take(&mut self, entry: &Entry) {
        match entry.result {
            Outcome::Planned | Outcome::Skipped => {}
            Outcome::Sending => {
                self.after = entry.after.clone();
                self.pending = true;
            }
            Outcome::Done => {
                self.made = true;
                self.pending = false;
            }
            // This attempt did not land; an earlier one may have.
            Outcome::Failed => self.pending = false,
        }
    }

    /// Whether the field was (or may have been) changed: something to undo.
    pub(super) fn changed(&self) -> bool {
        self.made || self.pending
    }
}

/// The changes that restore what `entries` changed.
pub fn restore(entries: &[Entry]) -> Restore {
    // (asset, locale, field) → history, in the order first seen.
    let mut order: Vec<(String, Option<String>, Field)> = Vec::new();
    let mut histories: HashMap<(String, Option<String>, Field), History> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        // CMS changes are restored by `super::cms::restore`.
        if entry.field == Field::CmsAlt {
            continue;
        }
        let key = (entry.asset_id.clone(), entry.locale.clone(), entry.field);
        histories
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                History::starting_at(i, entry)
            })
            .take(entry);
    }
    let mut restore = Restore::default();
    let mut wanted: Vec<Wanted> = Vec::new();
    for key in order {
        let history = &histories[&key];
        if !history.changed() {
            continue;
        }
        let (asset_id, locale, field) = key;
        let unrestorable = |reason: String| Unrestorable {
            asset_id: asset_id.clone(),
            locale: locale.clone(),
            field,
            reason,
        };
        let (Ok(id), Ok(parsed_locale)) = (
            AssetId::parse(&asset_id),
            locale.as_deref().map(LocaleId::parse).transpose(),
        ) else {
            restore
                .unrestorable
                .push(unrestorable("the journal's ID or locale is damaged".into()));
            continue;
        };
        let Some(before) = &history.before else {
            restore.unrestorable.push(unrestorable(
                "it was not set (null) before, and the API cannot set it back to null; \
                 clear it in the Designer, or mark it decorative"
                    .into(),
            ));
            continue;
        };
        let target = match wanted
            .iter()
            .position(|w| w.asset_id == id && w.locale == parsed_locale)
        {
            Some(at) => &mut wanted[at],
            None => {
                wanted.push(Wanted::new(
                    id,
                    parsed_locale,
                    format!("the journal's line {}", history.line),
                ));
                wanted.last_mut().expect("just pushed")
            }
        };
        match field {
            Field::AltText => match edit::alt_text(before, true) {
                Ok(value) => {
                    target.alt_text = Some(value);
                    target.expect_alt_text = Some(Some(history.after.clone()));
                }
                Err(e) => restore.unrestorable.push(unrestorable(format!(
                    "the value before cannot be written back: {e}"
                ))),
            },
            Field::CmsAlt => {}
            Field::DisplayName => match edit::display_name(before) {
                Ok(name) => {
                    target.display_name = Some(name);
                    target.expect_display_name = Some(history.after.clone());
                }
                Err(e) => restore.unrestorable.push(unrestorable(format!(
                    "the value before cannot be written back: {e}"
                ))),
            },
        }
    }
    restore.wanted = wanted.into_iter().filter(|w| !w.is_empty()).collect();
    restore
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::journal::now;

    fn entry(id: &str, before: Option<&str>, after: &str, result: Outcome) -> Entry {
        Entry {
            time: now(),
            asset_id: id.into(),
            locale: None,
            field: Field::AltText,
            before: before.map(Into::into),
            after: after.into(),
            result,
            detail: None,
            collection_id: None,
            item_id: None,
            field_slug: None,
        }
    }

    const A: &str = "63e5889e7fe4eafa7384cea4";
    const B: &str = "63e5889e7fe4eafa7384cea5";
    const C: &str = "63e5889e7fe4eafa7384cea6";
    const D: &str = "63e5889e7fe4eafa7384cea7";

    #[test]
    fn done_and_unanswered_changes_are_restored_failed_and_planned_are_not() {
        let entries = [
            entry(A, Some("old a"), "new a", Outcome::Planned),
            entry(B, Some("old b"), "new b", Outcome::Planned),
            entry(C, Some("old c"), "new c", Outcome::Planned),
            entry(D, Some("old d"), "new d", Outcome::Planned),
            entry(A, Some("old a"), "new a", Outcome::Sending),
            entry(A, Some("old a"), "new a", Outcome::Done),
            entry(B, Some("old b"), "new b", Outcome::Sending),
            entry(B, Some("old b"), "new b", Outcome::Failed),
            entry(C, Some("old c"), "new c", Outcome::Sending),
        ];
        let restore = restore(&entries);
        let got: Vec<(String, String, Option<Option<String>>)> = restore
            .wanted
            .iter()
            .map(|w| {
                (
                    w.asset_id.to_string(),
                    w.alt_text.as_ref().unwrap().text.clone(),
                    w.expect_alt_text.clone(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (A.into(), "old a".into(), Some(Some("new a".into()))),
                (C.into(), "old c".into(), Some(Some("new c".into()))),
            ]
        );
        assert!(restore.unrestorable.is_empty());
    }

    #[test]
    fn a_null_before_cannot_be_restored_and_says_so() {
        let entries = [entry(A, None, "new", Outcome::Done)];
        let restore = restore(&entries);
        assert!(restore.wanted.is_empty());
        assert!(restore.unrestorable[0].reason.contains("null"));
    }
}
