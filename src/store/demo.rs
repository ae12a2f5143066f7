//! The demo catalogue: realistic assets and real image files compiled into the
//! binary, so a newcomer without a token sees wfa working.
//!
//! The catalogue is served over real HTTP by [`super::demo_server`], so demo mode
//! exercises the same client, parsing and error paths as the live API.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::webflow::Asset;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/demo_files.rs"));
}

const CATALOGUE_JSON: &str = include_str!("../../assets/demo/catalogue.json");

/// The demo site's assets, as Webflow would return them.
#[derive(Debug)]
pub struct Catalogue {
    pub site_id: String,
    pub site_name: String,
    /// `(raw JSON as Webflow sends it, parsed)` in catalogue order.
    entries: Vec<(Value, Asset)>,
    by_id: HashMap<String, usize>,
    files: HashMap<&'static str, &'static [u8]>,
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
        let file: CatalogueFile = serde_json::from_str(CATALOGUE_JSON)
            .map_err(|e| format!("the embedded demo catalogue is damaged: {e}"))?;
        let mut entries = Vec::with_capacity(file.assets.len());
        for raw in file.assets {
            let asset: Asset = serde_json::from_value(raw.clone())
                .map_err(|e| format!("the embedded demo catalogue has a bad asset: {e}"))?;
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
        })
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
