//! The parts of a site that decide which alt text visitors get: locales,
//! pages and their DOM, components (their DOM and properties), CMS
//! collections and items. Parsed leniently, like assets: every field a
//! Webflow answer may leave out has a default, and unknown fields are
//! ignored. Serialized in the same camelCase shape, so a snapshot kept on
//! disk (`store::site_cache`) reads back through the same parsing. See
//! `PAGES-CMS-NOTES.md` (shared API notes) for what the
//! published description does and does not say.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `GET /sites/{site_id}`: only what wfa uses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Site {
    pub id: String,
    pub display_name: String,
    pub short_name: String,
    pub preview_url: Option<String>,
    pub custom_domains: Vec<CustomDomain>,
    pub locales: Option<Locales>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomDomain {
    pub id: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Locales {
    pub primary: Option<Locale>,
    pub secondary: Vec<Locale>,
}

/// A locale of a site. Pages, page DOM and components take its `id`; CMS
/// items take its `cms_locale_id`, a different ID — never mix them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Locale {
    pub id: String,
    pub cms_locale_id: String,
    pub enabled: bool,
    pub display_name: String,
    pub subdirectory: String,
    /// BCP 47, e.g. `fr-FR`.
    pub tag: String,
    /// Set by wfa, not Webflow: the site's primary locale.
    #[serde(skip)]
    pub primary: bool,
}

impl Site {
    /// Every locale, the primary first; marks which is primary.
    pub fn all_locales(&self) -> Vec<Locale> {
        let Some(locales) = &self.locales else {
            return Vec::new();
        };
        let primary = locales.primary.iter().map(|l| Locale {
            primary: true,
            ..l.clone()
        });
        primary.chain(locales.secondary.iter().cloned()).collect()
    }

    /// What to call the site: its display name, else its ID (raw: clean it
    /// for a terminal).
    pub fn name(&self) -> &str {
        if self.display_name.is_empty() {
            &self.id
        } else {
            &self.display_name
        }
    }

    /// The locale with this tag (case-insensitive) or ID.
    pub fn locale(&self, tag_or_id: &str) -> Option<Locale> {
        let wanted = tag_or_id.trim();
        self.all_locales()
            .into_iter()
            .find(|l| l.tag.eq_ignore_ascii_case(wanted) || l.id.eq_ignore_ascii_case(wanted))
    }
}

/// A page (`GET /sites/{site_id}/pages`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub slug: String,
    pub parent_id: Option<String>,
    /// Set on a CMS template page: the collection whose items it renders.
    pub collection_id: Option<String>,
    pub archived: bool,
    pub draft: bool,
    pub published_path: Option<String>,
}

impl Page {
    /// Whether a visitor gets this page after the next publish.
    pub fn renders(&self) -> bool {
        !self.archived && !self.draft
    }
}

/// A node of a page's or a component's DOM. Only images and component
/// instances matter here; other kinds keep their `type`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Node {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub image: Option<NodeImage>,
    pub component_id: Option<String>,
    pub property_overrides: Vec<PropertyValue>,
}

/// An image node's `image`: `alt` is `null` (the asset's alt applies), `""`
/// (decorative) or the element's own text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NodeImage {
    pub alt: Option<String>,
    pub asset_id: Option<String>,
}

/// A component property's default value, or an instance's override of it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PropertyValue {
    pub property_id: String,
    /// `Plain Text`, `Rich Text` or `Alt Text`.
    #[serde(rename = "type")]
    pub kind: String,
    pub label: String,
    pub text: Option<TextValue>,
}

impl PropertyValue {
    pub const ALT_TEXT: &'static str = "Alt Text";

    pub fn is_alt_text(&self) -> bool {
        self.kind.trim().eq_ignore_ascii_case(Self::ALT_TEXT)
    }

    /// The plain text of the value (`text.text`), if any.
    pub fn plain(&self) -> Option<&str> {
        self.text.as_ref().and_then(|t| t.text.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TextValue {
    pub html: Option<String>,
    pub text: Option<String>,
}

/// A component definition (`GET /sites/{site_id}/components`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub group: Option<String>,
    pub readonly: bool,
}

/// A CMS collection, with its fields once its details are read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Collection {
    pub id: String,
    pub display_name: String,
    pub singular_name: String,
    pub slug: String,
    pub fields: Vec<CollectionField>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CollectionField {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub slug: String,
    pub display_name: String,
    pub is_editable: bool,
}

impl CollectionField {
    /// `Image` or `MultiImage`: the fields whose values carry images.
    pub fn holds_images(&self) -> bool {
        matches!(self.kind.as_str(), "Image" | "MultiImage")
    }
}

/// A CMS item in one locale.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Item {
    pub id: String,
    pub cms_locale_id: Option<String>,
    pub is_archived: bool,
    pub is_draft: bool,
    pub field_data: Map<String, Value>,
}

impl Item {
    /// Whether a visitor gets this item after the next publish.
    pub fn renders(&self) -> bool {
        !self.is_archived && !self.is_draft
    }

    /// The item's name (`fieldData.name`), for messages.
    pub fn name(&self) -> &str {
        self.field_data
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The images of the field `slug`: one for an Image field, each for a
    /// MultiImage field. Values that are not image values are passed over.
    pub fn images(&self, slug: &str) -> Vec<ImageValue> {
        match self.field_data.get(slug) {
            Some(Value::Array(values)) => values.iter().filter_map(ImageValue::from_json).collect(),
            Some(value) => ImageValue::from_json(value).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

/// An Image field's value: `{fileId, url, alt?}`. `alt` is `None` when the
/// key is missing or `null` (the asset's alt applies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageValue {
    pub file_id: String,
    pub alt: Option<String>,
}

impl ImageValue {
    fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        let file_id = object.get("fileId")?.as_str()?.trim().to_string();
        let alt = object
            .get("alt")
            .and_then(Value::as_str)
            .map(str::to_string);
        Some(Self { file_id, alt })
    }
}

/// One page of any of the paged listings above: the list is under `pages`,
/// `nodes`, `components`, `properties`, `items` or `collections`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
pub struct Listed<T> {
    #[serde(
        alias = "pages",
        alias = "nodes",
        alias = "components",
        alias = "properties",
        alias = "items",
        alias = "collections",
        default = "Vec::new"
    )]
    pub list: Vec<T>,
    #[serde(default)]
    pub pagination: Option<ListPagination>,
}

/// A listing's `pagination`, any part of which may be missing (the page DOM
/// example has no `offset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct ListPagination {
    pub limit: u32,
    pub offset: u32,
    pub total: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dom_page_parses_images_and_instances() {
        let page: Listed<Node> = serde_json::from_value(serde_json::json!({
            "pageId": "p",
            "nodes": [
                {"id": "a", "type": "image", "image": {"alt": null, "assetId": "659595234426a9fcbad57043"}, "attributes": {}},
                {"id": "b", "type": "component-instance", "componentId": "c",
                 "propertyOverrides": [{"propertyId": "x", "type": "Alt Text", "label": "Alt", "text": {"html": null, "text": "Hi"}}]},
                {"id": "c", "type": "text", "text": {"html": "<p>x</p>", "text": "x"}}
            ],
            "pagination": {"limit": 100, "offset": 0, "total": 3}
        }))
        .unwrap();
        assert_eq!(page.list.len(), 3);
        assert_eq!(page.list[0].image.as_ref().unwrap().alt, None);
        assert!(page.list[1].property_overrides[0].is_alt_text());
        assert_eq!(page.list[1].property_overrides[0].plain(), Some("Hi"));
        assert_eq!(page.pagination.unwrap().total, 3);
    }

    #[test]
    fn cms_image_values_with_and_without_alt() {
        let item: Item = serde_json::from_value(serde_json::json!({
            "id": "i", "isDraft": false, "isArchived": false,
            "fieldData": {
                "name": "Caramel",
                "main-image": {"fileId": "a1", "url": "/files/a1.png", "alt": "A caramel"},
                "gallery": [{"fileId": "b1", "url": "/b1"}, {"fileId": "b2", "url": "/b2", "alt": null}, "junk"]
            }
        }))
        .unwrap();
        assert_eq!(
            item.images("main-image")[0].alt.as_deref(),
            Some("A caramel")
        );
        let gallery = item.images("gallery");
        assert_eq!(gallery.len(), 2);
        assert_eq!(gallery[1].alt, None);
        assert_eq!(item.name(), "Caramel");
    }

    #[test]
    fn locales_by_tag_or_id() {
        let site: Site = serde_json::from_value(serde_json::json!({
            "id": "s",
            "locales": {
                "primary": {"id": "653fd9af6a07fc9cfd7a5e50", "cmsLocaleId": "653fd9af6a07fc9cfd7a5e51", "enabled": true, "tag": "en-US"},
                "secondary": [{"id": "653fd9af6a07fc9cfd7a5e56", "cmsLocaleId": "653fd9af6a07fc9cfd7a5e5d", "enabled": true, "tag": "fr-FR"}]
            }
        }))
        .unwrap();
        assert!(site.locale("en-us").unwrap().primary);
        let fr = site.locale("653FD9AF6A07FC9CFD7A5E56").unwrap();
        assert_eq!(fr.tag, "fr-FR");
        assert!(!fr.primary);
        assert_eq!(fr.cms_locale_id, "653fd9af6a07fc9cfd7a5e5d");
    }

    /// What `store::site_cache` keeps reads back as the same values.
    #[test]
    fn serialized_models_parse_back_the_same() {
        let site: Site = serde_json::from_value(serde_json::json!({
            "id": "s", "displayName": "Candy Co.", "shortName": "candy",
            "previewUrl": "https://x.test/p.png",
            "customDomains": [{"id": "d", "url": "candy.test"}],
            "locales": {
                "primary": {"id": "a", "cmsLocaleId": "b", "enabled": true, "tag": "en-US",
                            "displayName": "English", "subdirectory": ""},
                "secondary": [{"id": "c", "cmsLocaleId": "d", "enabled": false, "tag": "fr-FR"}]
            }
        }))
        .unwrap();
        let page: Page = serde_json::from_value(serde_json::json!({
            "id": "p", "title": "Home", "slug": "index", "parentId": null,
            "collectionId": "c", "archived": false, "draft": true, "publishedPath": "/"
        }))
        .unwrap();
        let node: Node = serde_json::from_value(serde_json::json!({
            "id": "n", "type": "component-instance", "componentId": "k",
            "image": {"alt": "", "assetId": "x"},
            "propertyOverrides": [{"propertyId": "q", "type": "Alt Text", "label": "Alt",
                                   "text": {"html": null, "text": "Hi"}}]
        }))
        .unwrap();
        let component: Component = serde_json::from_value(serde_json::json!({
            "id": "k", "name": "Card", "group": "UI", "readonly": true
        }))
        .unwrap();
        let collection: Collection = serde_json::from_value(serde_json::json!({
            "id": "c", "displayName": "Products", "singularName": "Product", "slug": "products",
            "fields": [{"id": "f", "type": "MultiImage", "slug": "gallery", "displayName": "Gallery", "isEditable": true}]
        }))
        .unwrap();
        let item: Item = serde_json::from_value(serde_json::json!({
            "id": "i", "cmsLocaleId": "b", "isArchived": true, "isDraft": false,
            "fieldData": {"name": "Caramel", "gallery": [{"fileId": "x", "url": "/x", "alt": null}]}
        }))
        .unwrap();
        fn again<T: Serialize + for<'de> Deserialize<'de>>(value: &T) -> T {
            serde_json::from_value(serde_json::to_value(value).unwrap()).unwrap()
        }
        assert_eq!(again(&site), site);
        assert!(again(&site).locale("en-US").unwrap().primary);
        assert_eq!(again(&page), page);
        assert_eq!(again(&node), node);
        assert_eq!(again(&component), component);
        assert_eq!(again(&collection), collection);
        assert!(again(&collection).fields[0].holds_images());
        assert_eq!(again(&item), item);
        // The wire names, not the Rust ones.
        let value = serde_json::to_value(&node).unwrap();
        assert_eq!(value["type"], "component-instance");
        assert_eq!(value["propertyOverrides"][0]["propertyId"], "q");
    }
}
