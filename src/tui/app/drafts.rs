//! The unsaved alt-text drafts of this browser: the one open in the editor
//! and those kept from before (a failed save, a conflict, a quit or a crash
//! of an earlier run). Every change answers with the command that keeps them
//! on disk (`store::drafts`, written by the worker).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::alt_editor::CmsPlace;
use crate::changes::cms::Target;
use crate::store::drafts::{CmsDraft, Draft};
use crate::tui::msg::Cmd;
use crate::webflow::{AssetId, LocaleId};

/// (asset, locale, CMS item field or `None` for the asset's own alt).
type Key = (String, Option<String>, Option<String>);

#[derive(Debug, Clone, Default)]
pub struct Drafts {
    /// The API host drafts are for (`None`: demo mode).
    host: Option<String>,
    drafts: BTreeMap<Key, Draft>,
    /// Drafts in the file meant for other hosts: kept, never offered.
    others: Vec<Draft>,
    /// A draft was kept or dropped this session (so the file is ours to
    /// write on quit).
    touched: bool,
}

fn key(id: &AssetId, locale: Option<&LocaleId>) -> Key {
    (id.to_string(), locale.map(ToString::to_string), None)
}

fn cms_key(id: &AssetId, locale: Option<&LocaleId>, place: &CmsPlace) -> Key {
    (
        id.to_string(),
        locale.map(ToString::to_string),
        Some(place.target.key()),
    )
}

/// A draft's key as [`cms_key`] makes it: the CMS place's key is the
/// target's own ([`Target::key`]), the image being the draft's asset.
fn key_of(draft: &Draft) -> Key {
    let place = draft.cms.as_ref().map(|c| {
        Target {
            collection_id: c.collection_id.clone(),
            item_id: c.item_id.clone(),
            field: c.field.clone(),
            file_id: Some(draft.asset_id.clone()),
            locale: c.cms_locale.clone(),
        }
        .key()
    });
    (draft.asset_id.clone(), draft.locale.clone(), place)
}

impl Drafts {
    pub fn new(host: Option<String>) -> Self {
        Self {
            host,
            drafts: BTreeMap::new(),
            others: Vec::new(),
            touched: false,
        }
    }

    pub fn len(&self) -> usize {
        self.drafts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.drafts.is_empty()
    }

    pub fn get(&self, id: &AssetId, locale: Option<&LocaleId>) -> Option<&Draft> {
        self.drafts.get(&key(id, locale))
    }

    /// Keeps `text` as the draft of `id`, started from `base`.
    pub fn put(
        &mut self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        base: Option<&str>,
        text: &str,
        now: DateTime<Utc>,
    ) -> Cmd {
        let draft = self.draft(id, locale, base, text, now);
        self.drafts.insert(key(id, locale), draft);
        self.touched = true;
        self.save(false)
    }

    /// The draft of the alt `place` (a CMS item's field) gives image `id`.
    pub fn get_cms(
        &self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        place: &CmsPlace,
    ) -> Option<&Draft> {
        self.drafts.get(&cms_key(id, locale, place))
    }

    /// [`Drafts::put`] for the alt `place` gives image `id`.
    pub fn put_cms(
        &mut self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        place: &CmsPlace,
        (base, text): (Option<&str>, &str),
        now: DateTime<Utc>,
    ) -> Cmd {
        let mut draft = self.draft(id, locale, base, text, now);
        let t = &place.target;
        draft.cms = Some(CmsDraft {
            collection_id: t.collection_id.clone(),
            item_id: t.item_id.clone(),
            field: t.field.clone(),
            cms_locale: t.locale.clone(),
            label: place.label.clone(),
        });
        self.drafts.insert(cms_key(id, locale, place), draft);
        self.touched = true;
        self.save(false)
    }

    /// [`Drafts::remove`] for the alt `place` gives image `id`.
    pub fn remove_cms(
        &mut self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        place: &CmsPlace,
    ) -> Option<Cmd> {
        self.drafts.remove(&cms_key(id, locale, place))?;
        self.touched = true;
        Some(self.save(false))
    }

    fn draft(
        &self,
        id: &AssetId,
        locale: Option<&LocaleId>,
        base: Option<&str>,
        text: &str,
        now: DateTime<Utc>,
    ) -> Draft {
        Draft {
            host: self.host.clone(),
            asset_id: id.to_string(),
            locale: locale.map(ToString::to_string),
            base: base.map(str::to_string),
            text: text.to_string(),
            time: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            cms: None,
        }
    }

    /// Drops the draft of `id`, if there is one.
    pub fn remove(&mut self, id: &AssetId, locale: Option<&LocaleId>) -> Option<Cmd> {
        self.drafts.remove(&key(id, locale))?;
        self.touched = true;
        Some(self.save(false))
    }

    /// Adds the drafts read from disk that are meant for this host (a draft
    /// of this session wins over an older one); returns how many there are.
    pub fn offer(&mut self, loaded: Vec<Draft>) -> usize {
        for draft in loaded {
            if AssetId::parse(&draft.asset_id).is_err() {
                continue;
            }
            if draft.host != self.host {
                self.others.push(draft);
                continue;
            }
            self.drafts.entry(key_of(&draft)).or_insert(draft);
        }
        self.drafts.len()
    }

    /// On quit: the drafts written at once (no debounce), when any changed.
    pub fn flush(&self) -> Option<Cmd> {
        self.touched.then(|| self.save(true))
    }

    /// The command that writes every draft (at once: on quit).
    fn save(&self, at_once: bool) -> Cmd {
        Cmd::SaveDrafts {
            drafts: self.drafts.values().chain(&self.others).cloned().collect(),
            at_once,
        }
    }
}
