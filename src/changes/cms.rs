//! CMS alt texts: the alt of one image in a CMS item's Image or MultiImage
//! field, through the same plan → confirm → journal → undo flow as assets.
//!
//! - Reading: one items listing per collection and CMS locale (not one
//!   request per item).
//! - Deciding: like [`super::plan::decide`]: already at the new value →
//!   unchanged; an expectation (a resume, an undo) not met → a conflict,
//!   skipped unless forced; else written.
//! - Writing: one `PATCH /collections/{id}/items` per collection and locale,
//!   at most 100 items a request, each item's `fieldData` holding the whole
//!   new value of each changed field (an Image object with its `alt`
//!   replaced; a MultiImage array with only the matching image's `alt`
//!   replaced). Every change is journaled before the request
//!   ([`Field::CmsAlt`] lines) and completed after.

use std::collections::HashMap;

use serde_json::{Map, Value};
use tokio::sync::watch;

use super::plan::Decision;
use super::run::{JournalError, Stop, Summary};
use super::undo::History;
use crate::audit::AuditConfig;
use crate::edit::{self, AltTextValue};
use crate::store::journal::{self, Entry, Field, Journal, Outcome};
use crate::text;
use crate::webflow::{ApiError, Asset, Client, FailureClass};

/// How many items one `PATCH` carries at most.
pub const BATCH: usize = 100;

/// One image of one CMS item's field, in one CMS locale.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    pub collection_id: String,
    pub item_id: String,
    /// The field's slug.
    pub field: String,
    /// The image's `fileId`: needed for a MultiImage field.
    pub file_id: Option<String>,
    /// The CMS locale ID (`cmsLocaleId`); `None`: the primary.
    pub locale: Option<String>,
}

impl Target {
    /// The key resumes find it by: `collection/item/field/fileId`.
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.collection_id,
            self.item_id,
            self.field,
            self.file_id.as_deref().unwrap_or_default()
        )
    }

    /// For messages.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "collection {} item {} field {}",
            self.collection_id, self.item_id, self.field
        );
        if let Some(file) = &self.file_id {
            s.push_str(&format!(" image {file}"));
        }
        if let Some(locale) = &self.locale {
            s.push_str(&format!(" [locale {locale}]"));
        }
        s
    }
}

/// [`Target::key`] of a journal line.
pub fn journal_key(entry: &Entry) -> String {
    format!(
        "{}/{}/{}/{}",
        entry.collection_id.as_deref().unwrap_or_default(),
        entry.item_id.as_deref().unwrap_or_default(),
        entry.field_slug.as_deref().unwrap_or_default(),
        entry.asset_id
    )
}

/// What one CMS image's alt should end up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsWanted {
    pub target: Target,
    pub alt: AltTextValue,
    /// What the alt is expected to hold now (`Some(None)`: not set).
    pub expect_alt: Option<Option<String>>,
    /// Where it came from, for messages.
    pub origin: String,
    /// See [`super::Wanted::loose_match`].
    pub loose_match: bool,
    /// The site whose locales `target.locale` is looked up in
    /// ([`resolve_locales`]): a tag or a site locale ID becomes the CMS
    /// locale ID. `None`: the locale is a CMS locale ID already.
    pub site_id: Option<String>,
}

/// Turns each locale given with a site (a tag, a site locale ID or a CMS
/// locale ID) into its CMS locale ID: one `GET /sites/{id}` per site.
/// Every locale that cannot be found is named; then nothing may be sent.
pub async fn resolve_locales(client: &Client, wanted: &mut [CmsWanted]) -> Result<(), Vec<String>> {
    let mut sites: HashMap<String, Result<crate::webflow::site::Site, String>> = HashMap::new();
    let mut errors = Vec::new();
    for w in wanted.iter_mut() {
        let (Some(site), Some(given)) = (w.site_id.clone(), w.target.locale.clone()) else {
            continue;
        };
        if !sites.contains_key(&site) {
            let read = match crate::webflow::SiteId::parse(&site) {
                Ok(id) => client.get_site(&id).await.map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
            sites.insert(site.clone(), read);
        }
        match &sites[&site] {
            Err(e) => errors.push(format!(
                "{}: cannot read site {site} to look up locale {given:?}: {e}",
                w.origin
            )),
            Ok(found) => {
                let cms_locale = found.locale(&given).map(|l| l.cms_locale_id).or_else(|| {
                    found
                        .all_locales()
                        .into_iter()
                        .find(|l| l.cms_locale_id.eq_ignore_ascii_case(&given))
                        .map(|l| l.cms_locale_id)
                });
                match cms_locale {
                    Some(id) => {
                        w.target.locale = Some(id.to_ascii_lowercase());
                        w.site_id = None;
                    }
                    None => {
                        errors.push(format!("{}: site {site} has no locale {given:?}", w.origin))
                    }
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One CMS image of the plan.
#[derive(Debug, Clone)]
pub struct CmsItem {
    pub wanted: CmsWanted,
    pub item_name: String,
    /// The image's `fileId` as read.
    pub file_id: String,
    /// The alt as read (`None`: missing or `null`).
    pub before: Option<String>,
    /// The field's whole value as read.
    pub value: Value,
    /// What was expected instead of `before`, when that is a conflict.
    pub conflict: Option<Option<String>>,
    pub decision: Decision,
    /// What the audit says of the new text.
    pub findings: Vec<String>,
}

/// A wanted change whose current value could not be read.
#[derive(Debug)]
pub struct CmsUnreadable {
    pub wanted: CmsWanted,
    pub reason: String,
    /// The failure class when a request failed (`Other`: about this item).
    pub class: FailureClass,
}

/// Everything read and decided.
#[derive(Debug, Default)]
pub struct CmsPlan {
    pub items: Vec<CmsItem>,
    pub unreadable: Vec<CmsUnreadable>,
}

impl CmsPlan {
    pub fn count(&self, decision: Decision) -> usize {
        self.items.iter().filter(|i| i.decision == decision).count()
    }

    pub fn writes(&self) -> impl Iterator<Item = &CmsItem> {
        self.items.iter().filter(|i| i.decision == Decision::Write)
    }
}

/// Reads the current values (one listing per collection and locale) and
/// decides; each new text is judged by `audit` as an asset's would be.
pub async fn make(
    client: &Client,
    wanted: Vec<CmsWanted>,
    force: bool,
    audit: &AuditConfig,
) -> CmsPlan {
    let mut groups: Vec<(String, Option<String>)> = Vec::new();
    for w in &wanted {
        let key = (w.target.collection_id.clone(), w.target.locale.clone());
        if !groups.contains(&key) {
            groups.push(key);
        }
    }
    let mut listings: HashMap<
        (String, Option<String>),
        Result<Vec<crate::webflow::site::Item>, ApiError>,
    > = HashMap::new();
    for (collection, locale) in groups {
        let locales: Vec<&str> = locale.iter().map(String::as_str).collect();
        let listed = client.list_items(&collection, &locales).await;
        listings.insert((collection, locale), listed);
    }
    let mut plan = CmsPlan::default();
    for w in wanted {
        let key = (w.target.collection_id.clone(), w.target.locale.clone());
        match &listings[&key] {
            Err(e) => plan.unreadable.push(CmsUnreadable {
                reason: e.to_string(),
                class: e.class(),
                wanted: w,
            }),
            Ok(items) => {
                let found = items.iter().find(|i| {
                    i.id == w.target.item_id
                        && (w.target.locale.is_none()
                            || i.cms_locale_id.is_none()
                            || i.cms_locale_id == w.target.locale)
                });
                match found {
                    None => plan.unreadable.push(CmsUnreadable {
                        reason: format!(
                            "item {} not found in collection {}",
                            w.target.item_id, w.target.collection_id
                        ),
                        class: FailureClass::Other,
                        wanted: w,
                    }),
                    Some(item) => match read_image(item, &w.target) {
                        Err(reason) => plan.unreadable.push(CmsUnreadable {
                            reason,
                            class: FailureClass::Other,
                            wanted: w,
                        }),
                        Ok((file_id, before, value)) => plan.items.push(decide(
                            w,
                            item.name().to_string(),
                            file_id,
                            before,
                            value,
                            force,
                        )),
                    },
                }
            }
        }
    }
    for item in &mut plan.items {
        judge(item, audit);
    }
    plan
}

/// Reads the plan's items again and decides anew, expecting each image to
/// hold what the plan read (an edit made while a person looked at the plan
/// is a conflict), as [`super::plan::recheck`] does for assets.
pub async fn recheck(client: &Client, plan: CmsPlan, force: bool, audit: &AuditConfig) -> CmsPlan {
    let wanted: Vec<CmsWanted> = plan
        .items
        .into_iter()
        .map(|item| {
            let mut wanted = item.wanted;
            // What was read is expected: a write, and an "unchanged" too,
            // since an edit to either while the plan was read is a conflict.
            if item.decision != Decision::Conflict {
                wanted.expect_alt = Some(item.before);
            }
            wanted
        })
        .collect();
    let mut again = make(client, wanted, force, audit).await;
    again.unreadable.extend(plan.unreadable);
    again
}

/// The audit's findings for the item's new text, judged as the image's own
/// alt would be: the asset is known here only by what the field holds (its
/// fileId and URL, whose last segment is the file name the rules compare
/// the text with). Without a URL the text checks stay.
fn judge(item: &mut CmsItem, audit: &AuditConfig) {
    let Some(asset) = image_asset(&item.value, &item.file_id) else {
        return;
    };
    item.findings = edit::alt_text_findings(&asset, &item.wanted.alt, audit)
        .into_iter()
        .map(|f| format!("{}: {}", f.rule, f.detail))
        .collect();
}

/// The image `file_id` of a field's value, as an asset for the audit.
fn image_asset(value: &Value, file_id: &str) -> Option<Asset> {
    let images: Vec<&Value> = match value {
        Value::Array(images) => images.iter().collect(),
        image => vec![image],
    };
    let image = images.into_iter().find(|i| {
        i.get("fileId")
            .and_then(Value::as_str)
            .is_some_and(|f| f.trim().eq_ignore_ascii_case(file_id))
    })?;
    let url = image.get("url").and_then(Value::as_str)?;
    let name = url
        .split(['?', '#'])
        .next()
        .and_then(|path| path.rsplit('/').next())
        .filter(|name| !name.is_empty())?;
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    serde_json::from_value(serde_json::json!({
        "id": file_id,
        "contentType": format!("image/{}", extension.to_ascii_lowercase()),
        "size": 0,
        "siteId": "",
        "hostedUrl": url,
        "originalFileName": name,
        "displayName": name,
        "lastUpdated": "1970-01-01T00:00:00Z",
        "createdOn": "1970-01-01T00:00:00Z",
    }))
    .ok()
}

/// The image's fileId, alt and the field's whole value.
fn read_image(
    item: &crate::webflow::site::Item,
    target: &Target,
) -> Result<(String, Option<String>, Value), String> {
    let value = item
        .field_data
        .get(&target.field)
        .ok_or_else(|| format!("item {} has no field {:?}", item.id, target.field))?;
    let alt_of =
        |image: &Map<String, Value>| image.get("alt").and_then(Value::as_str).map(str::to_string);
    let file_of = |image: &Map<String, Value>| {
        image
            .get("fileId")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
    };
    match value {
        Value::Array(images) => {
            let Some(file_id) = &target.file_id else {
                return Err(format!(
                    "field {:?} is a MultiImage field: name the image with assetId (its fileId)",
                    target.field
                ));
            };
            images
                .iter()
                .filter_map(Value::as_object)
                .find(|image| file_of(image).is_some_and(|f| f.eq_ignore_ascii_case(file_id)))
                .map(|image| {
                    (
                        file_of(image).unwrap_or_default(),
                        alt_of(image),
                        value.clone(),
                    )
                })
                .ok_or_else(|| {
                    format!(
                        "image {file_id} is not in field {:?} of item {}",
                        target.field, item.id
                    )
                })
        }
        Value::Object(image) => {
            let Some(found) = file_of(image) else {
                return Err(format!("field {:?} holds no image", target.field));
            };
            if let Some(file_id) = &target.file_id
                && !found.eq_ignore_ascii_case(file_id)
            {
                return Err(format!(
                    "field {:?} of item {} holds image {found}, not {file_id}",
                    target.field, item.id
                ));
            }
            Ok((found, alt_of(image), value.clone()))
        }
        _ => Err(format!(
            "field {:?} of item {} holds no image",
            target.field, item.id
        )),
    }
}

/// What to do: pure.
pub fn decide(
    wanted: CmsWanted,
    item_name: String,
    file_id: String,
    before: Option<String>,
    value: Value,
    force: bool,
) -> CmsItem {
    let new = wanted.alt.text.as_str();
    let now = before.as_deref();
    let same = now == Some(new)
        || (wanted.loose_match
            && now.is_some_and(|n| text::clean(n).trim() == text::clean(new).trim()));
    let conflict = match &wanted.expect_alt {
        Some(expected) if !same && expected.as_deref() != now => Some(expected.clone()),
        _ => None,
    };
    let decision = if same {
        Decision::Unchanged
    } else if conflict.is_some() && !force {
        Decision::Conflict
    } else {
        Decision::Write
    };
    let findings = wanted
        .alt
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    CmsItem {
        wanted,
        item_name,
        file_id,
        before,
        value,
        conflict,
        decision,
        findings,
    }
}

/// The journal line of one item at one stage.
fn entry(item: &CmsItem, result: Outcome, detail: Option<String>) -> Entry {
    let t = &item.wanted.target;
    Entry {
        time: journal::now(),
        asset_id: item.file_id.clone(),
        locale: t.locale.clone(),
        field: Field::CmsAlt,
        before: item.before.clone(),
        after: item.wanted.alt.text.clone(),
        result,
        detail,
        collection_id: Some(t.collection_id.clone()),
        item_id: Some(t.item_id.clone()),
        field_slug: Some(t.field.clone()),
    }
}

fn record(journal: &mut Journal, entry: &Entry) -> Result<(), JournalError> {
    journal.record(entry).map_err(|source| JournalError {
        path: journal.path().display().to_string(),
        source,
    })
}

/// Records the plan: writes as `planned`, conflicts as `skipped`.
pub fn record_plan(journal: &mut Journal, plan: &CmsPlan) -> Result<(), JournalError> {
    for item in &plan.items {
        match item.decision {
            Decision::Write => record(journal, &entry(item, Outcome::Planned, None))?,
            Decision::Conflict => {
                let detail = format!(
                    "changed by someone else: expected {}, found {}",
                    super::shown(item.conflict.clone().flatten().as_deref()),
                    super::shown(item.before.as_deref())
                );
                record(journal, &entry(item, Outcome::Skipped, Some(detail)))?;
            }
            Decision::Unchanged => {}
        }
    }
    Ok(())
}

/// The batches to send: (collection, locale) → the items, ≤ [`BATCH`] items
/// a batch, each item with the whole new value of each changed field.
pub fn batches<'a>(plan: &'a CmsPlan) -> Vec<Batch<'a>> {
    let mut batches: Vec<Batch<'a>> = Vec::new();
    for item in plan.writes() {
        let t = &item.wanted.target;
        let at = batches.iter().position(|b| {
            b.collection_id == t.collection_id
                && b.locale == t.locale
                && (b.items.iter().any(|i| i.wanted.target.item_id == t.item_id)
                    || b.item_count() < BATCH)
        });
        match at {
            Some(at) => batches[at].items.push(item),
            None => batches.push(Batch {
                collection_id: t.collection_id.clone(),
                locale: t.locale.clone(),
                items: vec![item],
            }),
        }
    }
    batches
}

/// One `PATCH`.
#[derive(Debug)]
pub struct Batch<'a> {
    pub collection_id: String,
    pub locale: Option<String>,
    pub items: Vec<&'a CmsItem>,
}

impl Batch<'_> {
    fn item_count(&self) -> usize {
        let mut ids: Vec<&str> = self
            .items
            .iter()
            .map(|i| i.wanted.target.item_id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    /// The request body's `items`.
    pub fn body(&self) -> Vec<Value> {
        // item → field → value
        let mut order: Vec<&str> = Vec::new();
        let mut fields: HashMap<&str, Map<String, Value>> = HashMap::new();
        for item in &self.items {
            let t = &item.wanted.target;
            let data = fields.entry(t.item_id.as_str()).or_insert_with(|| {
                order.push(t.item_id.as_str());
                Map::new()
            });
            let value = data
                .entry(t.field.clone())
                .or_insert_with(|| item.value.clone());
            set_alt(value, &item.file_id, &item.wanted.alt.text);
        }
        order
            .into_iter()
            .map(|id| {
                let mut object = Map::new();
                object.insert("id".into(), Value::String(id.to_string()));
                if let Some(locale) = &self.locale {
                    object.insert("cmsLocaleId".into(), Value::String(locale.clone()));
                }
                object.insert(
                    "fieldData".into(),
                    Value::Object(fields.remove(id).unwrap_or_default()),
                );
                Value::Object(object)
            })
            .collect()
    }
}

/// Replaces the `alt` of the image `file_id` in an Image or MultiImage value.
pub fn set_alt(value: &mut Value, file_id: &str, alt: &str) {
    let matches = |image: &Map<String, Value>| {
        image
            .get("fileId")
            .and_then(Value::as_str)
            .is_some_and(|f| f.trim().eq_ignore_ascii_case(file_id))
    };
    match value {
        Value::Array(images) => {
            for image in images.iter_mut().filter_map(Value::as_object_mut) {
                if matches(image) {
                    image.insert("alt".into(), Value::String(alt.to_string()));
                }
            }
        }
        Value::Object(image) if matches(image) => {
            image.insert("alt".into(), Value::String(alt.to_string()));
        }
        _ => {}
    }
}

/// Sends every batch, journaled; stops when `stop` turns true or after a
/// failure every later request would meet too.
pub async fn run(
    client: &Client,
    journal: &mut Journal,
    plan: &CmsPlan,
    stop: &mut watch::Receiver<bool>,
    mut on_batch: impl FnMut(&Batch<'_>, Option<&ApiError>),
) -> Result<Summary, JournalError> {
    let mut summary = Summary::default();
    let batches = batches(plan);
    for (i, batch) in batches.iter().enumerate() {
        if *stop.borrow() {
            summary.stopped = Some(Stop::Asked { in_flight: None });
        }
        if summary.stopped.is_some() {
            summary.not_sent = batches[i..].iter().map(|b| b.items.len()).sum();
            break;
        }
        for item in &batch.items {
            record(journal, &entry(item, Outcome::Sending, None))?;
        }
        let body = batch.body();
        let answer = tokio::select! {
            biased;
            _ = stop.wait_for(|stop| *stop) => {
                summary.stopped = Some(Stop::Asked {
                    in_flight: Some(format!("items of collection {}", batch.collection_id)),
                });
                summary.not_sent = batches[i..].iter().map(|b| b.items.len()).sum();
                break;
            }
            answer = client.update_items(&batch.collection_id, &body) => answer,
        };
        let (result, detail) = match &answer {
            Ok(_) => (Outcome::Done, None),
            Err(e) => (Outcome::Failed, Some(e.to_string())),
        };
        for item in &batch.items {
            record(journal, &entry(item, result, detail.clone()))?;
        }
        on_batch(batch, answer.as_ref().err());
        match answer {
            Ok(_) => summary.done += batch.items.len(),
            Err(e) => {
                if matches!(
                    e.class(),
                    FailureClass::Auth
                        | FailureClass::RateLimited
                        | FailureClass::Transport
                        | FailureClass::Usage
                ) {
                    summary.stopped = Some(Stop::Failure(e.class()));
                }
                summary
                    .failed
                    .push((format!("items of collection {}", batch.collection_id), e));
            }
        }
    }
    Ok(summary)
}

/// How one CMS image's alt change ended ([`single`]).
#[derive(Debug)]
pub enum CmsSingle {
    /// Its current state could not be read (why): nothing was sent.
    Unreadable(String),
    /// Decided; `failed` holds the error when a write was sent and refused.
    Decided {
        item: Box<CmsItem>,
        failed: Option<ApiError>,
    },
}

/// One CMS image's alt, as the browser saves it: read fresh (one items
/// listing), decided (a conflict is not written unless `force`), recorded
/// and sent with its journal lines — [`make`], [`record_plan`] and [`run`]
/// for a plan of one.
pub async fn single(
    client: &Client,
    journal: &mut Journal,
    wanted: CmsWanted,
    force: bool,
    audit: &AuditConfig,
) -> Result<CmsSingle, JournalError> {
    let mut plan = make(client, vec![wanted], force, audit).await;
    if let Some(unreadable) = plan.unreadable.pop() {
        return Ok(CmsSingle::Unreadable(unreadable.reason));
    }
    // `make` answers each wanted change once: unreadable, or an item.
    let Some(item) = plan.items.first() else {
        return Ok(CmsSingle::Unreadable("nothing was read".into()));
    };
    let mut failed = None;
    if item.decision == Decision::Write {
        record_plan(journal, &plan)?;
        // Nothing stops a single save: the browser waits for its answer.
        let (_keep, mut stop) = watch::channel(false);
        let summary = run(client, journal, &plan, &mut stop, |_, _| {}).await?;
        failed = summary.failed.into_iter().next().map(|(_, e)| e);
    }
    let item = plan.items.swap_remove(0);
    Ok(CmsSingle::Decided {
        item: Box::new(item),
        failed,
    })
}

/// A CMS change that cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsUnrestorable {
    pub target: Target,
    pub reason: String,
}

/// The CMS changes that restore what `entries` changed: the first before,
/// expecting the last after. A before of `null` cannot be written back.
pub fn restore(entries: &[Entry]) -> (Vec<CmsWanted>, Vec<CmsUnrestorable>) {
    let mut order: Vec<String> = Vec::new();
    let mut histories: HashMap<String, (Target, History)> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        if entry.field != Field::CmsAlt {
            continue;
        }
        let key = format!(
            "{}\u{0}{}",
            journal_key(entry),
            entry.locale.as_deref().unwrap_or_default()
        );
        histories
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                let target = Target {
                    collection_id: entry.collection_id.clone().unwrap_or_default(),
                    item_id: entry.item_id.clone().unwrap_or_default(),
                    field: entry.field_slug.clone().unwrap_or_default(),
                    file_id: Some(entry.asset_id.clone()),
                    locale: entry.locale.clone(),
                };
                (target, History::starting_at(i, entry))
            })
            .1
            .take(entry);
    }
    let mut wanted = Vec::new();
    let mut unrestorable = Vec::new();
    for key in order {
        let (target, h) = &histories[&key];
        if !h.changed() {
            continue;
        }
        let Some(before) = &h.before else {
            unrestorable.push(CmsUnrestorable {
                target: target.clone(),
                reason: "its alt was not set (null) before, and the API cannot set it back \
                         to null; clear it in the Webflow CMS editor"
                    .into(),
            });
            continue;
        };
        match crate::edit::alt_text(before, true) {
            Ok(alt) => wanted.push(CmsWanted {
                target: target.clone(),
                alt,
                expect_alt: Some(Some(h.after.clone())),
                origin: format!("the journal's line {}", h.line),
                loose_match: false,
                site_id: None,
            }),
            Err(e) => unrestorable.push(CmsUnrestorable {
                target: target.clone(),
                reason: format!("the value before cannot be written back: {e}"),
            }),
        }
    }
    (wanted, unrestorable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wanted(file: &str, alt: &str) -> CmsWanted {
        CmsWanted {
            target: Target {
                collection_id: "c".into(),
                item_id: "i".into(),
                field: "gallery".into(),
                file_id: Some(file.into()),
                locale: Some("l".into()),
            },
            alt: crate::edit::alt_text(alt, false).unwrap(),
            expect_alt: None,
            origin: "line 2".into(),
            loose_match: false,
            site_id: None,
        }
    }

    #[test]
    fn a_multi_image_body_changes_only_its_images() {
        let value = json!([{"fileId": "a", "url": "/a"}, {"fileId": "b", "url": "/b", "alt": "B"}, {"fileId": "c", "url": "/c"}]);
        let plan = CmsPlan {
            items: vec![
                decide(
                    wanted("a", "A new"),
                    "n".into(),
                    "a".into(),
                    None,
                    value.clone(),
                    false,
                ),
                decide(
                    wanted("c", "C new"),
                    "n".into(),
                    "c".into(),
                    None,
                    value,
                    false,
                ),
            ],
            unreadable: Vec::new(),
        };
        let batches = batches(&plan);
        assert_eq!(batches.len(), 1);
        let body = batches[0].body();
        assert_eq!(
            body,
            [
                json!({"id": "i", "cmsLocaleId": "l", "fieldData": {"gallery": [
                    {"fileId": "a", "url": "/a", "alt": "A new"},
                    {"fileId": "b", "url": "/b", "alt": "B"},
                    {"fileId": "c", "url": "/c", "alt": "C new"}
                ]}})
            ]
        );
    }

    #[test]
    fn someone_elses_edit_is_a_conflict_unless_forced() {
        let mut w = wanted("a", "New");
        w.expect_alt = Some(None);
        let item = decide(
            w.clone(),
            "n".into(),
            "a".into(),
            Some("Other".into()),
            json!([]),
            false,
        );
        assert_eq!(item.decision, Decision::Conflict);
        let item = decide(
            w.clone(),
            "n".into(),
            "a".into(),
            Some("Other".into()),
            json!([]),
            true,
        );
        assert_eq!(item.decision, Decision::Write);
        let item = decide(
            w,
            "n".into(),
            "a".into(),
            Some("New".into()),
            json!([]),
            false,
        );
        assert_eq!(item.decision, Decision::Unchanged);
    }
}
