//! Reading a site's content for [`crate::usage`]: each source once per run,
//! with no request more than the answer needs.
//!
//! - the asset listing, once per locale (alt text is per locale);
//! - pages, once (not localised); the DOM of each page a visitor gets (not
//!   drafts or archived pages), once per locale;
//! - components, once, and only when a page a visitor gets places one; the
//!   DOM and properties only of components placed on those pages (or inside
//!   placed components), once per locale;
//! - collections and their fields, once; the items only of collections with
//!   an Image or MultiImage field, in one listing for every locale (CMS
//!   locales are sent together, comma-separated).
//!
//! A token without the scope for pages, components or the CMS loses only
//! that source: it is reported as skipped and the rest is read.
//!
//! A live read is kept ([`Snapshots`], in `store::site_cache` beside the asset
//! cache): the site, and per locale what was read and what was skipped. With
//! `--offline` the answer comes from there with no request at all, or fails
//! saying what to run ([`ReadError::NotKept`]); `--no-cache` neither reads
//! nor writes it. Progress is reported per source ([`Reading`]), so a
//! terminal can show a bar for each.

mod kept;

use std::collections::{HashMap, HashSet};

use futures::StreamExt;
use serde::{Deserialize, Serialize};

pub use self::kept::{Answer, ReadError, Snapshots};
use crate::usage::{ComponentContent, Content};
use crate::webflow::site::{Collection, Component, Item, Locale, Node, Page, PropertyValue};
use crate::webflow::{ApiError, Asset, Client, LocaleId, SiteId};

/// Requests in flight at once while reading DOMs (pacing still applies).
const CONCURRENCY: usize = 4;

/// A part of a site that can be skipped on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Part {
    Pages,
    Components,
    Cms,
}

impl Part {
    pub fn label(self) -> &'static str {
        match self {
            Part::Pages => "pages",
            Part::Components => "components",
            Part::Cms => "CMS items",
        }
    }

    /// The scope a token needs to read it.
    pub fn scope(self) -> &'static str {
        match self {
            Part::Pages => "pages:read",
            Part::Components => "components:read",
            Part::Cms => "cms:read",
        }
    }
}

/// A part that was not read, and why.
#[derive(Debug)]
pub struct Skipped {
    pub part: Part,
    pub error: ApiError,
}

impl Skipped {
    /// "pages were skipped: the token lacks pages:read".
    pub fn sentence(&self) -> String {
        if is_missing_scope(&self.error) {
            format!(
                "{} were skipped: the token lacks {} (create one with it to include them)",
                self.part.label(),
                self.part.scope()
            )
        } else {
            format!("{} were skipped: {}", self.part.label(), self.error)
        }
    }
}

/// What was read: one [`Content`] per locale asked for.
#[derive(Debug, Default)]
pub struct SiteContent {
    pub contents: Vec<Content>,
    pub skipped: Vec<Skipped>,
}

/// A source being read, each with its own progress (a bar on a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// Page DOMs.
    Pages,
    /// Component DOMs and properties.
    Components,
    /// CMS item listings, one per collection with images.
    Cms,
    /// The asset listing.
    Assets,
}

impl Reading {
    pub const ALL: [Reading; 4] = [
        Reading::Pages,
        Reading::Components,
        Reading::Cms,
        Reading::Assets,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Reading::Pages => "pages",
            Reading::Components => "components",
            Reading::Cms => "CMS",
            Reading::Assets => "assets",
        }
    }
}

/// Progress: which source, how many read of how many known so far. Counts
/// run on across locales and never go back.
pub type Progress<'a> = &'a mut dyn FnMut(Reading, usize, usize);

/// Counts each source across the locales of one read, so the second
/// locale's pages count on from the first's and a bar never runs backwards.
struct Tally<'a> {
    report: Progress<'a>,
    before: [usize; Reading::ALL.len()],
}

impl Tally<'_> {
    fn report(&mut self, what: Reading, done: usize, total: usize) {
        let before = self.before[what as usize];
        (self.report)(what, before + done, before + total);
    }

    /// `n` of `what` were read in a locale now done.
    fn carry(&mut self, what: Reading, n: usize) {
        self.before[what as usize] += n;
    }
}

/// Reads `site` in each of `locales` (`None`: the site's default).
pub async fn read(
    client: &Client,
    site: &SiteId,
    locales: &[Option<Locale>],
    progress: Progress<'_>,
) -> Result<SiteContent, ApiError> {
    let mut tally = Tally {
        report: progress,
        before: [0; Reading::ALL.len()],
    };
    let mut skipped = Vec::new();
    let pages = match client.list_pages(site).await {
        Ok(pages) => pages,
        Err(e) => {
            skip(&mut skipped, Part::Pages, e)?;
            Vec::new()
        }
    };
    let rendered: Vec<&Page> = pages.iter().filter(|p| p.renders()).collect();
    // Listed once, and only when a rendered page places a component.
    let mut components: Option<Vec<Component>> = None;
    let collections = match read_collections(client, site).await {
        Ok(collections) => collections,
        Err(e) => {
            skip(&mut skipped, Part::Cms, e)?;
            Vec::new()
        }
    };
    let cms_locales: Vec<&str> = locales
        .iter()
        .flatten()
        .map(|l| l.cms_locale_id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    let mut items: HashMap<String, Vec<Item>> = HashMap::new();
    if !skipped.iter().any(|s| s.part == Part::Cms) {
        for (i, collection) in collections.iter().enumerate() {
            tally.report(Reading::Cms, i, collections.len());
            match client.list_items(&collection.id, &cms_locales).await {
                Ok(list) => {
                    items.insert(collection.id.clone(), list);
                    tally.report(Reading::Cms, i + 1, collections.len());
                }
                Err(e) => {
                    skip(&mut skipped, Part::Cms, e)?;
                    items.clear();
                    break;
                }
            }
        }
    }

    let mut contents = Vec::new();
    for locale in locales {
        let locale_id = locale.as_ref().and_then(|l| LocaleId::parse(&l.id).ok());
        tally.report(Reading::Assets, 0, 0);
        let mut assets: Vec<Asset> = Vec::new();
        client
            .list_site(site, None, locale_id.as_ref(), |page| {
                assets.extend(page.assets.into_iter().map(|(asset, _)| asset));
                tally.report(Reading::Assets, assets.len(), page.total as usize);
            })
            .await?;
        tally.report(Reading::Assets, assets.len(), assets.len());
        tally.carry(Reading::Assets, assets.len());
        let page_doms = read_doms(client, &rendered, locale_id.as_ref(), &mut tally).await;
        let page_doms = match page_doms {
            Ok(doms) => doms,
            Err(e) => {
                skip(&mut skipped, Part::Pages, e)?;
                Vec::new()
            }
        };
        let places_any = page_doms
            .iter()
            .any(|(_, nodes)| nodes.iter().any(|n| n.component_id.is_some()));
        if components.is_none() && places_any {
            components = Some(match client.list_components(site).await {
                Ok(components) => components,
                Err(e) => {
                    skip(&mut skipped, Part::Components, e)?;
                    Vec::new()
                }
            });
        }
        let placed = match read_components(
            client,
            site,
            components.as_deref().unwrap_or_default(),
            &page_doms,
            locale_id.as_ref(),
            &mut tally,
        )
        .await
        {
            Ok(placed) => placed,
            Err(e) => {
                skip(&mut skipped, Part::Components, e)?;
                Vec::new()
            }
        };
        let cms = locale.as_ref().map(|l| l.cms_locale_id.as_str());
        let collections = collections
            .iter()
            .filter_map(|c| {
                let list = items.get(&c.id)?;
                let in_locale = list
                    .iter()
                    .filter(|item| match (cms, item.cms_locale_id.as_deref()) {
                        (Some(want), Some(got)) => want.eq_ignore_ascii_case(got),
                        _ => true,
                    })
                    .cloned()
                    .collect();
                Some((c.clone(), in_locale))
            })
            .collect();
        contents.push(Content {
            locale: locale.clone(),
            pages: page_doms,
            components: placed,
            collections,
            assets,
        });
    }
    dedupe(&mut skipped);
    Ok(SiteContent { contents, skipped })
}

/// Collections with their fields; only those with image fields are kept.
async fn read_collections(client: &Client, site: &SiteId) -> Result<Vec<Collection>, ApiError> {
    let mut kept = Vec::new();
    for listed in client.list_collections(site).await? {
        let details = client.collection(&listed.id).await?;
        if details.fields.iter().any(|f| f.holds_images()) {
            kept.push(details);
        }
    }
    Ok(kept)
}

/// The DOM of each page, in the pages' order.
async fn read_doms(
    client: &Client,
    pages: &[&Page],
    locale: Option<&LocaleId>,
    tally: &mut Tally<'_>,
) -> Result<Vec<(Page, Vec<Node>)>, ApiError> {
    let total = pages.len();
    if total > 0 {
        tally.report(Reading::Pages, 0, total);
    }
    let mut doms: Vec<Option<Vec<Node>>> = vec![None; total];
    let mut stream = futures::stream::iter(pages.iter().enumerate())
        .map(|(i, page)| async move { (i, client.page_dom(&page.id, locale).await) })
        .buffer_unordered(CONCURRENCY);
    let mut done = 0;
    while let Some((i, dom)) = stream.next().await {
        doms[i] = Some(dom?);
        done += 1;
        tally.report(Reading::Pages, done, total);
    }
    tally.carry(Reading::Pages, total);
    Ok(pages
        .iter()
        .zip(doms)
        .map(|(page, dom)| ((*page).clone(), dom.unwrap_or_default()))
        .collect())
}

/// The DOM and properties of every component placed on `pages`, following
/// components placed inside components.
async fn read_components(
    client: &Client,
    site: &SiteId,
    components: &[Component],
    pages: &[(Page, Vec<Node>)],
    locale: Option<&LocaleId>,
    tally: &mut Tally<'_>,
) -> Result<Vec<ComponentContent>, ApiError> {
    let known: HashMap<&str, &Component> = components.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut queue: Vec<String> = placed_in(pages.iter().flat_map(|(_, nodes)| nodes));
    let mut seen: HashSet<String> = HashSet::new();
    let mut read = Vec::new();
    while let Some(id) = queue.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(component) = known.get(id.as_str()) else {
            continue;
        };
        tally.report(Reading::Components, read.len(), seen.len() + queue.len());
        let nodes = client.component_dom(site, &id, locale).await?;
        let properties: Vec<PropertyValue> = client.component_properties(site, &id, locale).await?;
        queue.extend(placed_in(nodes.iter()));
        read.push(ComponentContent {
            component: (*component).clone(),
            nodes,
            properties,
        });
    }
    if !read.is_empty() {
        tally.report(Reading::Components, read.len(), read.len());
        tally.carry(Reading::Components, read.len());
    }
    Ok(read)
}

fn placed_in<'a>(nodes: impl Iterator<Item = &'a Node>) -> Vec<String> {
    nodes.filter_map(|n| n.component_id.clone()).collect()
}

/// Records a part as skipped when the token lacks its scope (or the site
/// has no such part); any other failure ends the read.
fn skip(skipped: &mut Vec<Skipped>, part: Part, error: ApiError) -> Result<(), ApiError> {
    if is_missing_scope(&error) || matches!(error, ApiError::NotFound { .. }) {
        skipped.push(Skipped { part, error });
        Ok(())
    } else {
        Err(error)
    }
}

fn dedupe(skipped: &mut Vec<Skipped>) {
    let mut seen = HashSet::new();
    skipped.retain(|s| seen.insert(s.part));
}

fn is_missing_scope(error: &ApiError) -> bool {
    match error {
        ApiError::Forbidden { body } | ApiError::MissingWriteScope { body } => {
            body.code.as_deref().map(str::trim) == Some("missing_scopes")
        }
        _ => false,
    }
}
