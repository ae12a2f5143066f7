//! Where each image renders and with which alt text: pure functions over a
//! site's content in one locale ([`Content`]), shared by `wfa usage`, the
//! rendered audit and the browser.
//!
//! The rule (what a visitor gets after the next publish):
//! - **Page image** — the node's own `alt` when it is a string (`""` is
//!   decorative), otherwise the asset's alt text in that locale.
//! - **Component image**, on each page that places an instance of the
//!   component — when the image is bound to an "Alt Text" property, the
//!   instance's override of that property, else the property's value;
//!   otherwise as a page image. Webflow's v2 API does not say which property
//!   feeds which image, so wfa infers a binding (an inference, documented in
//!   the README): the only Alt Text property of a component with one image,
//!   or the property whose value is the image node's own alt.
//! - **CMS Image / MultiImage value** — its `alt` when it is a string,
//!   otherwise the asset's. It renders on the collection's template page.
//! - Draft and archived pages and items render nowhere.

pub mod coverage;
pub mod rendered;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::webflow::Asset;
use crate::webflow::site::{Collection, Component, Item, Locale, Node, Page, PropertyValue};

/// Components placed inside components deeper than this are not followed
/// (a loop in a damaged site cannot hang wfa).
const MAX_NESTING: usize = 8;

/// A site's content in one locale: what [`resolve`] reads. Serializable so
/// that a read can be kept on disk and answer `--offline`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Content {
    /// `None`: the site has no locales (or none was asked for).
    pub locale: Option<Locale>,
    /// Each page with its DOM in this locale.
    pub pages: Vec<(Page, Vec<Node>)>,
    pub components: Vec<ComponentContent>,
    /// Each collection (with its fields) and its items in this locale.
    pub collections: Vec<(Collection, Vec<Item>)>,
    /// The site's assets with their alt text in this locale, in site order.
    pub assets: Vec<Asset>,
}

/// A component's DOM and properties in one locale.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ComponentContent {
    pub component: Component,
    pub nodes: Vec<Node>,
    pub properties: Vec<PropertyValue>,
}

/// Where the alt text a visitor gets comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AltSource {
    /// The page's (or component's) image element.
    Node,
    /// An instance's override of the component's Alt Text property.
    Override,
    /// The component's Alt Text property value.
    Property,
    /// The CMS field value's `alt`.
    Field,
    /// The asset's own alt text.
    Asset,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum UseKind {
    Page,
    Component,
    Cms,
}

/// One place an image renders, and the alt text it renders with there.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Use {
    pub kind: UseKind,
    /// The page it renders on (`None` for a CMS value of a collection with
    /// no template page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_id: Option<String>,
    /// The image element (in the page's, or the component's, DOM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component_id: Option<String>,
    /// The instance element on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// The CMS field's slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// `None`: no alt attribute at all (the asset's alt is not set either).
    pub rendered_alt: Option<String>,
    pub alt_source: AltSource,
    /// For people: page title and slug, component name, item name, field.
    #[serde(skip)]
    pub place: Place,
}

/// Names of a use's place, for reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    pub page_title: Option<String>,
    pub page_slug: Option<String>,
    pub component: Option<String>,
    pub collection: Option<String>,
    pub item: Option<String>,
    pub field: Option<String>,
    /// A CMS item's path on the published site, `collection-slug/item-slug`
    /// (the item's slug in the locale read).
    pub item_path: Option<String>,
    /// A page's published path (`publishedPath`: folders included), as the
    /// pages listing gives it for the primary locale.
    pub page_path: Option<String>,
}

/// An image asset and everywhere it renders.
#[derive(Debug, Clone, PartialEq)]
pub struct AssetUsage {
    pub asset: Asset,
    pub uses: Vec<Use>,
}

/// A reference to an asset the site no longer has.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    pub asset_id: String,
    pub at: Use,
}

/// Everything [`resolve`] found in one locale.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    pub locale: Option<Locale>,
    /// Every image asset, in site order, with its uses (none: unused).
    pub assets: Vec<AssetUsage>,
    pub missing: Vec<Missing>,
}

impl Usage {
    pub fn unused(&self) -> impl Iterator<Item = &AssetUsage> {
        self.assets.iter().filter(|a| a.uses.is_empty())
    }
}

/// Every image use in `content`, by asset.
pub fn resolve(content: &Content) -> Usage {
    let by_id: HashMap<String, &Asset> = content
        .assets
        .iter()
        .map(|a| (a.id.trim().to_ascii_lowercase(), a))
        .collect();
    let components: HashMap<&str, &ComponentContent> = content
        .components
        .iter()
        .map(|c| (c.component.id.as_str(), c))
        .collect();
    let mut found: Vec<(String, Use)> = Vec::new();
    let mut resolver = Resolver {
        assets: &by_id,
        components: &components,
        found: &mut found,
    };
    for (page, nodes) in &content.pages {
        if !page.renders() {
            continue;
        }
        let place = Place {
            page_title: Some(page.title.clone()),
            page_slug: Some(page.slug.clone()),
            page_path: page.published_path.clone().filter(|p| !p.trim().is_empty()),
            ..Place::default()
        };
        resolver.page_nodes(page, nodes, &place);
    }
    for (collection, items) in &content.collections {
        let template = content
            .pages
            .iter()
            .find(|(p, _)| p.collection_id.as_deref() == Some(collection.id.as_str()))
            .map(|(p, _)| p);
        resolver.cms(collection, items, template);
    }
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let mut missing = Vec::new();
    for (id, u) in found {
        if by_id.contains_key(&id) {
            uses.entry(id).or_default().push(u);
        } else {
            missing.push(Missing {
                asset_id: id,
                at: u,
            });
        }
    }
    let assets = content
        .assets
        .iter()
        .filter(|a| a.is_image())
        .map(|a| AssetUsage {
            asset: a.clone(),
            uses: uses
                .remove(&a.id.trim().to_ascii_lowercase())
                .unwrap_or_default(),
        })
        .collect();
    Usage {
        locale: content.locale.clone(),
        assets,
        missing,
    }
}

struct Resolver<'a> {
    assets: &'a HashMap<String, &'a Asset>,
    components: &'a HashMap<&'a str, &'a ComponentContent>,
    found: &'a mut Vec<(String, Use)>,
}

impl Resolver<'_> {
    fn page_nodes(&mut self, page: &Page, nodes: &[Node], place: &Place) {
        for node in nodes {
            if let Some(image) = &node.image
                && let Some(asset_id) = image.asset_id.as_deref()
            {
                let (rendered_alt, alt_source) = self.own_or_asset(image.alt.as_deref(), asset_id);
                self.push(
                    asset_id,
                    Use {
                        kind: UseKind::Page,
                        page_id: Some(page.id.clone()),
                        node_id: Some(node.id.clone()),
                        rendered_alt,
                        alt_source,
                        place: place.clone(),
                        ..empty_use()
                    },
                );
            }
            if let Some(component) = node.component_id.as_deref() {
                let mut seen = HashSet::new();
                self.instance(page, node, component, place, &mut seen);
            }
        }
    }

    /// The images of an instance of `component_id` placed as `instance`.
    fn instance(
        &mut self,
        page: &Page,
        instance: &Node,
        component_id: &str,
        place: &Place,
        seen: &mut HashSet<String>,
    ) {
        let Some(component) = self.components.get(component_id).copied() else {
            return;
        };
        if seen.len() >= MAX_NESTING || !seen.insert(component_id.to_string()) {
            return;
        }
        let place = Place {
            component: Some(component.component.name.clone()),
            ..place.clone()
        };
        let images: Vec<&Node> = component
            .nodes
            .iter()
            .filter(|n| n.image.as_ref().is_some_and(|i| i.asset_id.is_some()))
            .collect();
        for node in &component.nodes {
            if let Some(image) = &node.image
                && let Some(asset_id) = image.asset_id.as_deref()
            {
                let bound = binding(component, node, images.len());
                let (rendered_alt, alt_source) = match bound {
                    Some(property) => match instance
                        .property_overrides
                        .iter()
                        .find(|o| o.property_id == property.property_id)
                    {
                        Some(over) => (over.plain().map(str::to_string), AltSource::Override),
                        None => (property.plain().map(str::to_string), AltSource::Property),
                    },
                    None => self.own_or_asset(image.alt.as_deref(), asset_id),
                };
                self.push(
                    asset_id,
                    Use {
                        kind: UseKind::Component,
                        page_id: Some(page.id.clone()),
                        node_id: Some(node.id.clone()),
                        component_id: Some(component.component.id.clone()),
                        instance_id: Some(instance.id.clone()),
                        rendered_alt,
                        alt_source,
                        place: place.clone(),
                        ..empty_use()
                    },
                );
            }
            if let Some(inner) = node.component_id.as_deref() {
                self.instance(page, node, inner, &place, seen);
            }
        }
        seen.remove(component_id);
    }

    fn cms(&mut self, collection: &Collection, items: &[Item], template: Option<&Page>) {
        let fields: Vec<_> = collection
            .fields
            .iter()
            .filter(|f| f.holds_images())
            .collect();
        for item in items.iter().filter(|i| i.renders()) {
            for field in &fields {
                for value in item.images(&field.slug) {
                    let (rendered_alt, alt_source) = match &value.alt {
                        Some(alt) => (Some(alt.clone()), AltSource::Field),
                        None => (self.asset_alt(&value.file_id), AltSource::Asset),
                    };
                    self.push(
                        &value.file_id,
                        Use {
                            kind: UseKind::Cms,
                            page_id: template.map(|p| p.id.clone()),
                            collection_id: Some(collection.id.clone()),
                            item_id: Some(item.id.clone()),
                            field: Some(field.slug.clone()),
                            rendered_alt,
                            alt_source,
                            place: Place {
                                page_title: template.map(|p| p.title.clone()),
                                page_slug: template.map(|p| p.slug.clone()),
                                collection: Some(collection.display_name.clone()),
                                item: Some(item.name().to_string()),
                                field: Some(field.display_name.clone()),
                                item_path: item_path(collection, item),
                                ..Place::default()
                            },
                            ..empty_use()
                        },
                    );
                }
            }
        }
    }

    /// An element's own alt when it is a string, else the asset's.
    fn own_or_asset(&self, own: Option<&str>, asset_id: &str) -> (Option<String>, AltSource) {
        match own {
            Some(alt) => (Some(alt.to_string()), AltSource::Node),
            None => (self.asset_alt(asset_id), AltSource::Asset),
        }
    }

    fn asset_alt(&self, asset_id: &str) -> Option<String> {
        self.assets
            .get(&asset_id.trim().to_ascii_lowercase())
            .and_then(|a| a.alt_text.clone())
    }

    fn push(&mut self, asset_id: &str, u: Use) {
        self.found.push((asset_id.trim().to_ascii_lowercase(), u));
    }
}

/// The Alt Text property that feeds `image`, inferred: the only one of a
/// component with one image, or the one whose value is the image's own alt.
fn binding<'a>(
    component: &'a ComponentContent,
    image: &Node,
    images: usize,
) -> Option<&'a PropertyValue> {
    let alt_properties: Vec<&PropertyValue> = component
        .properties
        .iter()
        .filter(|p| p.is_alt_text())
        .collect();
    if images == 1 && alt_properties.len() == 1 {
        return Some(alt_properties[0]);
    }
    let own = image.image.as_ref()?.alt.as_deref()?;
    if own.trim().is_empty() {
        return None;
    }
    alt_properties
        .into_iter()
        .find(|p| p.plain().is_some_and(|v| v.trim() == own.trim()))
}

fn empty_use() -> Use {
    Use {
        kind: UseKind::Page,
        page_id: None,
        node_id: None,
        component_id: None,
        instance_id: None,
        collection_id: None,
        item_id: None,
        field: None,
        rendered_alt: None,
        alt_source: AltSource::Asset,
        place: Place::default(),
    }
}

/// `collection-slug/item-slug`, where a published item page lives; `None`
/// when either slug is missing.
fn item_path(collection: &Collection, item: &Item) -> Option<String> {
    let item_slug = item.field_data.get("slug")?.as_str()?.trim();
    let collection_slug = collection.slug.trim();
    (!item_slug.is_empty() && !collection_slug.is_empty())
        .then(|| format!("{collection_slug}/{item_slug}"))
}
#[cfg(test)]
mod tests;
