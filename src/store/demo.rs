//! The demo catalogue: realistic assets and real image files compiled into the
//! binary, so a newcomer without a token sees wfa working.
//!
//! The catalogue is served over real HTTP by [`super::demo_server`], so demo mode
//! exercises the same client, parsing and error paths as the live API.
//!
//! Beside the assets, the demo site has content (`assets/demo/site.json`):
//! locales, pages with their DOM, a component, CMS collections and items, in
//! two locales — what `wfa usage --demo` reads. It is data, like the
//! catalogue: values that differ by locale are given per locale tag.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::webflow::Asset;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));
}

const CATALOGUE_JSON: &str = include_str!("../../assets/demo/catalogue.json");
const SITE_JSON: &str = include_str!("../../assets/demo/site.json");

/// The demo site's assets, as Webflow would return them.
#[derive(Debug)]
pub struct Catalogue {
    pub site_id: String,
    pub site_name: String,
    /// `(raw JSON as Webflow sends it, parsed)` in catalogue order.
    entries: Vec<(Value, Asset)>,
    by_id: HashMap<String, usize>,
    files: HashMap<&'static str, &'static [u8]>,
    /// The site's pages, components and CMS (`None`: assets only).
    content: Option<DemoSite>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogueFile {
    site: SiteInfo,
    assets: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SiteInfo {
    id: String,
    display_name: String,
}

impl Catalogue {
    /// Parses the embedded catalogue. It is checked by the test suite, so a
    /// failure here is a build defect, reported rather than panicking.
    pub fn load() -> Result<Self, String> {
        let site = DemoSite::from_json(SITE_JSON)
            .map_err(|e| format!("the embedded demo site is damaged: {e}"))?;
        Self::from_json(CATALOGUE_JSON, Some(site))
    }

    /// A catalogue from JSON in `catalogue.json`'s shape, with `site`'s
    /// content (benchmarks generate larger sites this way). Hosted files are
    /// the embedded ones.
    pub fn from_json(catalogue: &str, site: Option<DemoSite>) -> Result<Self, String> {
        let file: CatalogueFile = serde_json::from_str(catalogue)
            .map_err(|e| format!("the demo catalogue is damaged: {e}"))?;
        let mut entries = Vec::with_capacity(file.assets.len());
        for raw in file.assets {
            let asset: Asset = serde_json::from_value(raw.clone())
                .map_err(|e| format!("the demo catalogue has a bad asset: {e}"))?;
            entries.push((raw, asset));
        }
        let by_id = entries
            .iter()
            .enumerate()
            .map(|(i, (_, a))| (a.id.clone(), i))
            .collect();
        Ok(Self {
            site_id: file.site.id,
            site_name: file.site.display_name,
            entries,
            by_id,
            files: embedded::DEMO_FILES.iter().copied().collect(),
            content: site,
        })
    }

    /// The site's pages, components and CMS, when it has them.
    pub fn site(&self) -> Option<&DemoSite> {
        self.content.as_ref()
    }

    pub fn assets(&self) -> impl ExactSizeIterator<Item = &Asset> {
        self.entries.iter().map(|(_, a)| a)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.assets().map(|a| a.id.as_str())
    }

    pub fn raw(&self, id: &str) -> Option<&Value> {
        self.by_id.get(id).map(|&i| &self.entries[i].0)
    }

    pub fn raw_all(&self) -> impl Iterator<Item = &Value> {
        self.entries.iter().map(|(raw, _)| raw)
    }

    /// An embedded file by the last path segment of its hosted URL.
    pub fn file(&self, name: &str) -> Option<&'static [u8]> {
        self.files.get(name).copied()
    }

    pub fn file_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.files.keys().copied()
    }
}

/// The last path segment of a URL, which names the embedded file.
pub fn file_segment(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path)
}

/// The demo site's content, as `assets/demo/site.json` gives it.
///
/// - `site`: `GET /sites/{id}` as Webflow answers it (with `locales`);
/// - `assetAlt`: per locale tag, asset ID → the asset's alt text in that
///   locale (an asset not named keeps the primary's);
/// - `pages` and `components`: Webflow's objects, plus `dom` (and, for a
///   component, `properties`) per locale tag;
/// - `collections`: Webflow's collection with its `fields`, plus `items`,
///   each with `fieldData` per locale tag.
///
/// A locale tag missing from a per-locale map falls back to the primary's.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoSite {
    pub site: Value,
    #[serde(default)]
    pub asset_alt: BTreeMap<String, BTreeMap<String, Option<String>>>,
    #[serde(default)]
    pub pages: Vec<DemoPage>,
    #[serde(default)]
    pub components: Vec<DemoComponent>,
    #[serde(default)]
    pub collections: Vec<DemoCollection>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoPage {
    /// The page as the pages listing gives it.
    #[serde(flatten)]
    pub page: Map<String, Value>,
    #[serde(default)]
    pub dom: BTreeMap<String, Vec<Value>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoComponent {
    #[serde(flatten)]
    pub component: Map<String, Value>,
    #[serde(default)]
    pub dom: BTreeMap<String, Vec<Value>>,
    #[serde(default)]
    pub properties: BTreeMap<String, Vec<Value>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DemoCollection {
    /// The collection with its `fields`, as its details give it.
    #[serde(flatten)]
    pub collection: Map<String, Value>,
    #[serde(default)]
    pub items: Vec<DemoItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoItem {
    pub id: String,
    #[serde(default)]
    pub is_draft: bool,
    #[serde(default)]
    pub is_archived: bool,
    #[serde(default)]
    pub field_data: BTreeMap<String, Value>,
}

/// A locale of the demo site: its `id`, `cmsLocaleId` and `tag`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLocale {
    pub id: String,
    pub cms_locale_id: String,
    pub tag: String,
    pub primary: bool,
}

impl DemoSite {
    /// Parses and checks a site: it must name its locales, and every
    /// per-locale map may use only their tags.
    pub fn from_json(json: &str) -> Result<Self, String> {
        let site: Self = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let tags: Vec<String> = site.locales().into_iter().map(|l| l.tag).collect();
        let maps = site
            .pages
            .iter()
            .flat_map(|p| p.dom.keys())
            .chain(site.components.iter().flat_map(|c| c.dom.keys()))
            .chain(site.components.iter().flat_map(|c| c.properties.keys()))
            .chain(
                site.collections
                    .iter()
                    .flat_map(|c| c.items.iter().flat_map(|i| i.field_data.keys())),
            )
            .chain(site.asset_alt.keys());
        for tag in maps {
            if !tags.contains(tag) {
                return Err(format!("{tag} is not a locale of the site"));
            }
        }
        Ok(site)
    }

    /// The site's locales, the primary first.
    pub fn locales(&self) -> Vec<DemoLocale> {
        let locales = &self.site["locales"];
        let one = |l: &Value, primary: bool| DemoLocale {
            id: l["id"].as_str().unwrap_or_default().to_string(),
            cms_locale_id: l["cmsLocaleId"].as_str().unwrap_or_default().to_string(),
            tag: l["tag"].as_str().unwrap_or_default().to_string(),
            primary,
        };
        let primary = locales.get("primary").filter(|p| p.is_object());
        primary
            .map(|p| one(p, true))
            .into_iter()
            .chain(
                locales["secondary"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|l| one(l, false)),
            )
            .collect()
    }

    /// The primary locale's tag (empty when the site has none).
    pub fn primary_tag(&self) -> String {
        self.locales()
            .into_iter()
            .find(|l| l.primary)
            .map(|l| l.tag)
            .unwrap_or_default()
    }
}

/// The value for `tag` in a per-locale map, else the primary's.
pub fn in_locale<'a, T>(map: &'a BTreeMap<String, T>, tag: &str, primary: &str) -> Option<&'a T> {
    map.get(tag).or_else(|| map.get(primary))
}
