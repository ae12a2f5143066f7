//! The plan: what each asset holds now, and what will be done to it.
//!
//! Reading is the cost to keep down, since writes are paced by the same rate
//! limit: per locale, one `GET` finds the site of the first asset, and the
//! site is listed (100 assets a request) when that takes fewer requests than
//! one `GET` per remaining asset; whatever the listing does not hold (an
//! asset of another site, one added meanwhile) is read with a `GET`.
//!
//! Deciding is pure ([`decide`]): a field already at its new value needs
//! nothing; a field that holds something other than what was expected of it
//! (someone else edited it since it was last seen) is a conflict, and the
//! asset is skipped unless forced.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::time::Instant;

use futures::StreamExt;

use super::{Target, Wanted};
use crate::audit::{AuditConfig, Finding};
use crate::edit;
use crate::source::lookup::Lookup;
use crate::store::journal::Field;
use crate::text;
use crate::webflow::{ApiError, Asset, AssetId, LocaleId, PAGE_LIMIT, SiteId};

/// How many assets not found in a row are tried before giving up on finding
/// the site to list.
const SITE_PROBES: usize = 3;

/// How many `GET`s may be in flight while reading (pacing still applies).
const READ_CONCURRENCY: usize = 4;

/// One field that will change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: Field,
    /// As read: `None` is `null` (not set).
    pub before: Option<String>,
    pub after: String,
}

/// A field that holds something else than was expected of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: Field,
    pub expected: Option<String>,
    pub now: Option<String>,
}

/// What will be done to one asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send the changes.
    Write,
    /// Every field asked about already holds its new value.
    Unchanged,
    /// Someone else changed a field since it was last seen: not sent.
    Conflict,
}

/// One asset of the plan.
#[derive(Debug, Clone)]
pub struct Item {
    pub wanted: Wanted,
    /// The asset as read for the plan.
    pub asset: Asset,
    /// The fields to write (empty unless the decision is `Write`).
    pub changes: Vec<FieldChange>,
    /// Fields changed by someone else (also listed when forced, then
    /// written over).
    pub conflicts: Vec<Conflict>,
    pub decision: Decision,
    /// The audit's findings for the new alt text on this asset.
    pub findings: Vec<Finding>,
}

/// An asset whose current state could not be read: nothing is sent to it.
#[derive(Debug)]
pub struct Unreadable {
    pub wanted: Wanted,
    pub error: ApiError,
}

/// Everything read and decided, in the order the changes were given.
#[derive(Debug)]
pub struct Plan {
    pub items: Vec<Item>,
    pub unreadable: Vec<Unreadable>,
    /// When the state was read: a plan that waited for a person is read again
    /// before it is run.
    pub read_at: Instant,
}

impl Plan {
    /// The items that will be written.
    pub fn writes(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.decision == Decision::Write)
    }

    pub fn count(&self, decision: Decision) -> usize {
        self.items.iter().filter(|i| i.decision == decision).count()
    }

    /// The number of field values that will be written.
    pub fn field_writes(&self) -> usize {
        self.writes().map(|i| i.changes.len()).sum()
    }
}

/// Reads the current state of every wanted asset and decides what to do;
/// the new alt texts are judged by `audit` (the project's settings).
/// `on_read` is told after each request how many assets are known.
pub async fn make(
    lookup: &Lookup,
    wanted: Vec<Wanted>,
    force: bool,
    audit: &AuditConfig,
    on_read: impl FnMut(usize),
) -> Plan {
    let targets: Vec<Target> = wanted.iter().map(Wanted::target).collect();
    let mut state = read_current(lookup, &targets, on_read).await;
    let read_at = Instant::now();
    let mut items = Vec::new();
    let mut unreadable = Vec::new();
    for wanted in wanted {
        match state.remove(&wanted.target()) {
            Some(Ok(asset)) => items.push(decide(wanted, asset, force, audit)),
            Some(Err(error)) => unreadable.push(Unreadable { wanted, error }),
            None => unreadable.push(Unreadable {
                error: ApiError::NotFound {
                    what: format!("asset {}", wanted.asset_id),
                    body: Default::default(),
                },
                wanted,
            }),
        }
    }
    Plan {
        items,
        unreadable,
        read_at,
    }
}

/// Reads the plan's assets again and decides anew, expecting each field to
/// hold what the plan read (so an edit made while a person looked at the
/// plan is a conflict). Items already unchanged or in conflict stay so.
pub async fn recheck(lookup: &Lookup, plan: Plan, force: bool, audit: &AuditConfig) -> Plan {
    let wanted: Vec<Wanted> = plan
        .items
        .into_iter()
        .map(|item| {
            let mut wanted = item.wanted;
            // What was read is expected, for writes and for fields already
            // at their new value alike: an edit to either meanwhile is a
            // conflict.
            if item.decision != Decision::Conflict {
                if wanted.alt_text.is_some() {
                    wanted.expect_alt_text = Some(item.asset.alt_text.clone());
                }
                if wanted.display_name.is_some() {
                    wanted.expect_display_name = Some(item.asset.display_name.clone());
                }
            }
            wanted
        })
        .collect();
    let mut again = make(lookup, wanted, force, audit, |_| {}).await;
    again.unreadable.extend(plan.unreadable);
    again
}

/// What to do to `asset` so that it holds what is wanted: pure.
pub fn decide(wanted: Wanted, asset: Asset, force: bool, audit: &AuditConfig) -> Item {
    let mut changes = Vec::new();
    let mut conflicts = Vec::new();
    for field in [Field::AltText, Field::DisplayName] {
        let Some(new) = wanted.new_value(field) else {
            continue;
        };
        let now = match field {
            Field::AltText => asset.alt_text.as_deref(),
            Field::DisplayName => Some(asset.display_name.as_str()),
            Field::CmsAlt => continue,
        };
        if now == Some(new) || (wanted.loose_match && now.is_some_and(|n| loosely_equal(n, new))) {
            continue;
        }
        if let Some(expected) = wanted.expected(field)
            && expected != now
        {
            conflicts.push(Conflict {
                field,
                expected: expected.map(str::to_string),
                now: now.map(str::to_string),
            });
        }
        changes.push(FieldChange {
            field,
            before: now.map(str::to_string),
            after: new.to_string(),
        });
    }
    let decision = if !conflicts.is_empty() && !force {
        changes.clear();
        Decision::Conflict
    } else if changes.is_empty() {
        Decision::Unchanged
    } else {
        Decision::Write
    };
    let findings = match &wanted.alt_text {
        Some(value) if asset.is_image() => edit::alt_text_findings(&asset, value, audit),
        _ => Vec::new(),
    };
    Item {
        wanted,
        asset,
        changes,
        conflicts,
        decision,
        findings,
    }
}

/// Equal once what a report's cells lose is taken away from both: surrounding
/// spaces and what [`text::clean`] removes (zero-width and control
/// characters).
fn loosely_equal(now: &str, new: &str) -> bool {
    text::clean(now).trim() == text::clean(new).trim()
}

/// The current state of each target: per locale, a site listing where it
/// saves requests, `GET`s for the rest.
pub async fn read_current(
    lookup: &Lookup,
    targets: &[Target],
    mut on_read: impl FnMut(usize),
) -> HashMap<Target, Result<Asset, ApiError>> {
    let mut by_locale: Vec<(Option<LocaleId>, Vec<AssetId>)> = Vec::new();
    let mut seen = HashSet::new();
    for (id, locale) in targets {
        if !seen.insert((id.clone(), locale.clone())) {
            continue;
        }
        match by_locale.iter_mut().find(|(l, _)| l == locale) {
            Some((_, ids)) => ids.push(id.clone()),
            None => by_locale.push((locale.clone(), vec![id.clone()])),
        }
    }
    let mut state = HashMap::new();
    let mut known = 0;
    for (locale, ids) in by_locale {
        let found = read_locale(lookup, &ids, locale.as_ref(), &mut |n| on_read(known + n)).await;
        known += found.len();
        for (id, result) in found {
            state.insert((id, locale.clone()), result);
        }
    }
    state
}

/// One locale's assets: see [`read_current`].
async fn read_locale(
    lookup: &Lookup,
    ids: &[AssetId],
    locale: Option<&LocaleId>,
    on_read: &mut impl FnMut(usize),
) -> HashMap<AssetId, Result<Asset, ApiError>> {
    let mut found: HashMap<AssetId, Result<Asset, ApiError>> = HashMap::new();
    // Listing a site costs at least one request more than the GET that
    // finds it: never worth it for two assets. An ID that is not found (a
    // typo, a deleted asset) does not tell the site: the next one is tried.
    if ids.len() > 2 {
        for id in ids.iter().take(SITE_PROBES) {
            let first = lookup.fetch(id, locale).await.map(|f| f.value);
            let site = first
                .as_ref()
                .ok()
                .and_then(|asset| SiteId::parse(&asset.site_id).ok());
            let not_found = matches!(first, Err(ApiError::NotFound { .. }));
            found.insert(id.clone(), first);
            on_read(found.len());
            if let Some(site) = site {
                list_into(lookup, &site, ids, locale, &mut found, on_read).await;
                break;
            }
            if !not_found {
                break;
            }
        }
    }
    let rest: Vec<AssetId> = ids
        .iter()
        .filter(|id| !found.contains_key(*id))
        .cloned()
        .collect();
    let mut gets = futures::stream::iter(rest)
        .map(|id| async move {
            let result = lookup.fetch(&id, locale).await.map(|f| f.value);
            (id, result)
        })
        .buffer_unordered(READ_CONCURRENCY);
    while let Some((id, result)) = gets.next().await {
        found.insert(id, result);
        on_read(found.len());
    }
    found
}

/// Lists `site`, keeping the wanted assets, for as long as the pages still to
/// come cost fewer requests than `GET`s of the assets not found yet. A
/// listing that fails only means more `GET`s.
async fn list_into(
    lookup: &Lookup,
    site: &SiteId,
    ids: &[AssetId],
    locale: Option<&LocaleId>,
    found: &mut HashMap<AssetId, Result<Asset, ApiError>>,
    on_read: &mut impl FnMut(usize),
) {
    let wanted: HashSet<&str> = ids.iter().map(AssetId::as_str).collect();
    let listed = lookup
        .client
        .list_site_while(site, None, locale, |page| {
            for (asset, _) in page.assets {
                if let Ok(id) = AssetId::parse(&asset.id)
                    && wanted.contains(id.as_str())
                {
                    found.insert(id, Ok(asset));
                }
            }
            on_read(found.len());
            let pages_left = page.total.saturating_sub(page.loaded).div_ceil(PAGE_LIMIT) as usize;
            let gets_left = ids.len().saturating_sub(found.len());
            if gets_left == 0 || pages_left >= gets_left {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })
        .await;
    if let Err(e) = listed {
        tracing::warn!(error = %e, "the site listing failed; reading the rest one by one");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::alt_text;

    fn asset(alt: Option<&str>) -> Asset {
        serde_json::from_value(serde_json::json!({
            "id": "63e5889e7fe4eafa7384cea4",
            "contentType": "image/png",
            "size": 1,
            "siteId": "63e5889e7fe4eafa7384ce00",
            "hostedUrl": "https://example.com/a.png",
            "originalFileName": "Candy-Wrapper.png",
            "displayName": "Candy-Wrapper.png",
            "lastUpdated": "2023-03-01T23:42:57.862Z",
            "createdOn": "2023-03-01T23:42:57.862Z",
            "altText": alt
        }))
        .unwrap()
    }

    fn wanted(new: &str) -> Wanted {
        let mut w = Wanted::new(
            AssetId::parse("63e5889e7fe4eafa7384cea4").unwrap(),
            None,
            "line 2",
        );
        w.alt_text = Some(alt_text(new, false).unwrap());
        w
    }

    #[test]
    fn a_new_value_is_written_with_its_before() {
        let item = decide(
            wanted("A red candy wrapper"),
            asset(None),
            false,
            &AuditConfig::default(),
        );
        assert_eq!(item.decision, Decision::Write);
        assert_eq!(
            item.changes,
            [FieldChange {
                field: Field::AltText,
                before: None,
                after: "A red candy wrapper".into()
            }]
        );
    }

    #[test]
    fn a_value_already_there_is_unchanged_even_when_unexpected() {
        let mut w = wanted("A red candy wrapper");
        w.expect_alt_text = Some(Some("old".into()));
        let item = decide(
            w,
            asset(Some("A red candy wrapper")),
            false,
            &AuditConfig::default(),
        );
        assert_eq!(item.decision, Decision::Unchanged);
        assert!(item.conflicts.is_empty());
    }

    #[test]
    fn someone_elses_edit_is_a_conflict_unless_forced() {
        let mut w = wanted("A red candy wrapper");
        w.expect_alt_text = Some(None);
        let item = decide(
            w.clone(),
            asset(Some("Edited in the Designer")),
            false,
            &AuditConfig::default(),
        );
        assert_eq!(item.decision, Decision::Conflict);
        assert!(item.changes.is_empty());
        assert_eq!(
            item.conflicts[0].now.as_deref(),
            Some("Edited in the Designer")
        );

        let forced = decide(
            w,
            asset(Some("Edited in the Designer")),
            true,
            &AuditConfig::default(),
        );
        assert_eq!(forced.decision, Decision::Write);
        assert_eq!(forced.conflicts.len(), 1);
        assert_eq!(
            forced.changes[0].before.as_deref(),
            Some("Edited in the Designer")
        );
    }

    #[test]
    fn the_expected_value_is_no_conflict() {
        let mut w = wanted("A red candy wrapper");
        w.expect_alt_text = Some(Some("IMG_2041.jpg".into()));
        let item = decide(
            w,
            asset(Some("IMG_2041.jpg")),
            false,
            &AuditConfig::default(),
        );
        assert_eq!(item.decision, Decision::Write);
    }

    #[test]
    fn the_new_texts_findings_come_with_the_plan() {
        let item = decide(
            wanted("IMG_2041.jpg"),
            asset(None),
            false,
            &AuditConfig::default(),
        );
        assert!(!item.findings.is_empty());
    }
}
