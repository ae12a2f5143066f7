//! Fixing alt text where it renders, from the "Used on" pane: `e` edits the
//! alt the chosen place takes its text from — the asset's (the usual
//! editor), or a CMS item's image field (saved with `PATCH
//! /collections/{id}/items` through `changes::cms`, journaled and undoable
//! like a save). An element's own alt, an instance override or a
//! component property cannot be written through the API: the status says
//! where to fix it in the Designer instead.

use super::alt_editor::{AltEditor, CmsPlace, EditorKey};
use super::panes::Focus;
use super::write_log::{LogEntry, LogResult, WriteKind};
use super::{App, Cmd};
use crate::changes::cms::{CmsWanted, Target};
use crate::edit::AltTextValue;
use crate::text::clean;
use crate::tui::notice::{NotEditable, Notice, Problem};
use crate::tui::writes::CmsOutcome;
use crate::usage::{AltSource, Use, UseKind};
use crate::webflow::{AssetId, LocaleId};

impl App {
    /// The use chosen in the "Used on" pane (its scroll counts uses), with
    /// the selected asset's ID.
    pub(super) fn chosen_use(&self) -> Option<(AssetId, &Use)> {
        let entry = self.assets.selected_entry()?;
        let uses = self.uses.of(entry.id().as_str())?;
        let last = uses.len().checked_sub(1)?;
        let chosen = usize::from(self.panes.scroll(Focus::UsedOn)).min(last);
        Some((entry.id().clone(), &uses[chosen]))
    }

    /// `e` in the "Used on" pane: edits what the chosen place renders.
    pub(super) fn edit_use(&mut self) -> Vec<Cmd> {
        // No place (unused, or not read yet): the asset's own alt, as ever.
        let Some((id, u)) = self.chosen_use() else {
            return self.edit_selected();
        };
        match (u.alt_source, cms_target(u, &id)) {
            (AltSource::Field, Some(mut target)) => {
                let Ok(locale) = self.cms_locale() else {
                    self.status.notify(
                        "the CMS locale of the locale browsed is not known (the site's locales were not read): nothing to edit here",
                    );
                    return Vec::new();
                };
                target.locale = locale;
                let place = CmsPlace {
                    label: crate::format::cms_place(&u.place),
                    target,
                };
                if self.cms_saving(&place) {
                    return self.cms_busy();
                }
                let locale = self.assets.locale().cloned();
                // A draft kept for this place (typed before, a save that did
                // not land, an earlier run) comes back.
                let (base, text) = match self.drafts.get_cms(&id, locale.as_ref(), &place) {
                    Some(draft) => (draft.base.clone(), draft.text.clone()),
                    None => (
                        u.rendered_alt.clone(),
                        u.rendered_alt.clone().unwrap_or_default(),
                    ),
                };
                self.alt_editor = Some(AltEditor::new(id, locale, base, text).for_cms(place));
                Vec::new()
            }
            (AltSource::Asset, _) => self.edit_selected(),
            (source, _) => {
                let page = match (&u.place.page_title, &u.place.page_slug) {
                    (Some(title), Some(slug)) => {
                        format!("page \"{}\" (/{})", clean(title), clean(slug))
                    }
                    _ => "its page".to_string(),
                };
                let element = u.instance_id.as_ref().or(u.node_id.as_ref());
                self.status.report(Problem::NotWritable {
                    source,
                    page,
                    element: element.map(|e| clean(e).into_owned()),
                });
                Vec::new()
            }
        }
    }

    /// What the editor's answer does to a CMS item's alt: its draft is
    /// kept on disk as an asset's is (keyed by the item's field too), until
    /// it is saved or dropped.
    pub(super) fn after_cms_editor(&mut self, outcome: EditorKey) -> Vec<Cmd> {
        let Some(editor) = self.alt_editor.take() else {
            return Vec::new();
        };
        let Some(place) = editor.cms().cloned() else {
            return Vec::new();
        };
        let (id, locale) = (editor.id().clone(), editor.locale().cloned());
        let keep = |app: &mut Self, editor: &AltEditor| {
            app.drafts.put_cms(
                &id,
                locale.as_ref(),
                &place,
                (editor.base(), editor.text()),
                app.now,
            )
        };
        match outcome {
            EditorKey::Nothing => {
                self.alt_editor = Some(editor);
                Vec::new()
            }
            EditorKey::Changed => {
                let cmd = if editor.changed() {
                    Some(keep(self, &editor))
                } else {
                    // Typed back to what renders: nothing is unsaved.
                    self.drafts.remove_cms(&id, locale.as_ref(), &place)
                };
                self.alt_editor = Some(editor);
                cmd.into_iter().collect()
            }
            EditorKey::Cancel => {
                self.status.notify(Notice::DraftDropped);
                self.drafts
                    .remove_cms(&id, locale.as_ref(), &place)
                    .into_iter()
                    .collect()
            }
            EditorKey::Close => {
                if editor.changed() {
                    self.status.notify(Notice::DraftKept);
                }
                Vec::new()
            }
            EditorKey::Save(value) => {
                if editor.base() == Some(value.text.as_str()) {
                    self.status.notify(Notice::NoChange);
                    return self
                        .drafts
                        .remove_cms(&id, locale.as_ref(), &place)
                        .into_iter()
                        .collect();
                }
                // The draft stays (on disk too) until the save lands.
                let mut cmds = vec![keep(self, &editor)];
                let before = editor.base().map(str::to_string);
                cmds.extend(self.write_cms(WriteKind::Save, id, locale, place, before, value));
                cmds
            }
        }
    }

    /// The CMS locale ID of the locale browsed (`Ok(None)`: the primary);
    /// `Err` when it cannot be known — never the primary by default, which
    /// would write a translation over the primary's text.
    fn cms_locale(&self) -> Result<Option<String>, ()> {
        let Some(browsed) = self.assets.locale() else {
            return Ok(None);
        };
        let locale = self.uses.site().and_then(|s| s.locale(browsed.as_str()));
        match locale {
            Some(l) if l.primary => Ok(None),
            Some(l) if !l.cms_locale_id.trim().is_empty() => {
                Ok(Some(l.cms_locale_id.trim().to_ascii_lowercase()))
            }
            _ => Err(()),
        }
    }

    /// Sends a CMS image's new alt, expecting `before`; the command log
    /// lists it and `u` can undo it.
    pub(super) fn write_cms(
        &mut self,
        kind: WriteKind,
        id: AssetId,
        locale: Option<LocaleId>,
        place: CmsPlace,
        before: Option<String>,
        value: AltTextValue,
    ) -> Vec<Cmd> {
        let ticket = self.tickets.issue();
        self.log.start(LogEntry {
            ticket,
            time: self.now,
            kind,
            id: id.clone(),
            locale,
            name: place.label.clone(),
            before: before.clone(),
            after: value.text.clone(),
            result: LogResult::Pending,
            undone: false,
            cms: Some(place.clone()),
        });
        let wanted = CmsWanted {
            target: place.target,
            alt: value,
            expect_alt: Some(before),
            origin: "the browser".into(),
            loose_match: false,
            site_id: None,
        };
        vec![Cmd::WriteCms {
            ticket,
            id,
            wanted: Box::new(wanted),
        }]
    }

    /// A CMS save (or its undo) was answered: the log, the "Used on" pane
    /// and the status follow; a save that did not land keeps its text for
    /// the next `e` on that place.
    pub(super) fn on_cms_written(
        &mut self,
        ticket: u64,
        id: AssetId,
        outcome: CmsOutcome,
        journal: Option<std::path::PathBuf>,
    ) -> Vec<Cmd> {
        if !self.log.finish_cms(ticket, &id, &outcome, journal) {
            return Vec::new();
        }
        let Some(entry) = self.log.entries().iter().rev().find(|e| e.ticket == ticket) else {
            return Vec::new();
        };
        let (kind, name, after) = (entry.kind, entry.name.clone(), entry.after.clone());
        let locale = entry.locale.clone();
        let Some(place) = entry.cms.clone() else {
            return Vec::new();
        };
        let mut cmds = Vec::new();
        match outcome {
            CmsOutcome::Done | CmsOutcome::Unchanged => {
                // The pane shows the uses of the locale browsed: only a write
                // in that locale changes what it shows.
                if self.cms_locale().ok() == Some(place.target.locale.clone()) {
                    self.uses
                        .saw_cms_write(&id, &place.target, &after, self.assets.audit());
                    let (unused, problems) = self.uses.flags();
                    self.assets.set_usage_flags(unused, problems);
                }
                if kind == WriteKind::Save {
                    cmds.extend(self.drafts.remove_cms(&id, locale.as_ref(), &place));
                }
                self.status.notify(match (kind, outcome) {
                    (_, CmsOutcome::Unchanged) => Notice::AlreadyHeld { name },
                    (WriteKind::Undo(_), _) => Notice::Undone { name },
                    _ => Notice::Saved { name },
                });
            }
            CmsOutcome::Conflict { now } => {
                // The draft now starts from what it holds: saving again
                // writes over it knowingly.
                let text = self
                    .drafts
                    .get_cms(&id, locale.as_ref(), &place)
                    .map(|d| d.text.clone());
                if let Some(text) = text {
                    cmds.push(self.drafts.put_cms(
                        &id,
                        locale.as_ref(),
                        &place,
                        (now.as_deref(), &text),
                        self.now,
                    ));
                }
                self.status.report(Problem::WriteConflict { id, now });
            }
            // The draft stays for the next `e` on that place.
            CmsOutcome::Unreadable(why) => self.status.report(Problem::CmsNotSaved { name, why }),
            CmsOutcome::Failed(error) => self.status.report(Problem::WriteFailed { id, error }),
            CmsOutcome::NotJournaled(error) => self.status.report(Problem::NotJournaled(error)),
        }
        cmds
    }

    /// `u` on a CMS write: its before-value written back, expecting what
    /// it wrote.
    pub(super) fn undo_cms(&mut self, index: usize) -> Vec<Cmd> {
        let Some(entry) = self.log.entries().get(index).cloned() else {
            return Vec::new();
        };
        let Some(place) = entry.cms else {
            return Vec::new();
        };
        let Some(before) = entry.before else {
            self.status
                .report(Problem::CannotRestoreNull { id: entry.id });
            return Vec::new();
        };
        match crate::edit::alt_text(&before, true) {
            Ok(value) => self.write_cms(
                WriteKind::Undo(index),
                entry.id,
                entry.locale,
                place,
                Some(entry.after),
                value,
            ),
            Err(error) => {
                self.status.report(Problem::CannotRestore {
                    id: entry.id,
                    error,
                });
                Vec::new()
            }
        }
    }

    /// Whether a CMS save of the editor's place is on its way.
    pub(super) fn cms_saving(&self, place: &CmsPlace) -> bool {
        self.log
            .entries()
            .iter()
            .any(|e| e.result == LogResult::Pending && e.cms.as_ref() == Some(place))
    }

    pub(super) fn cms_busy(&mut self) -> Vec<Cmd> {
        self.status
            .report(Problem::NotEditable(NotEditable::Saving));
        Vec::new()
    }
}

/// The CMS image `image` a use names, when it is one (its locale is set by
/// the caller).
fn cms_target(u: &Use, image: &AssetId) -> Option<Target> {
    if u.kind != UseKind::Cms {
        return None;
    }
    Some(Target {
        collection_id: u.collection_id.clone()?,
        item_id: u.item_id.clone()?,
        field: u.field.clone()?,
        // Names the image in a MultiImage field; checked in an Image one.
        file_id: Some(image.to_string()),
        locale: None,
    })
}
