//! The asset as Webflow sends it, parsed leniently.
//!
//! Written by hand rather than generated: the official OpenAPI document inlines
//! every schema and mixes 3.0 `nullable` into 3.1, and the live API has sent
//! variants with fields missing. So: unknown fields are ignored, variant fields
//! default when absent, and a date that is not RFC 3339 is kept raw instead of
//! failing the whole asset.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One asset (`GET /assets/{id}`, or an element of a site listing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Asset {
    pub id: String,
    pub content_type: String,
    pub size: u64,
    pub site_id: String,
    pub hosted_url: String,
    pub original_file_name: String,
    pub display_name: String,
    pub last_updated: Timestamp,
    pub created_on: Timestamp,
    /// Missing and `null` are both read as "no variants".
    #[serde(default, deserialize_with = "null_as_default")]
    pub variants: Vec<Variant>,
    /// `None` is JSON `null` (not set; Webflow treats it as decorative), distinct
    /// from `Some("")`.
    #[serde(default)]
    pub alt_text: Option<String>,
    /// Only list responses carry it: absent → `None`, `null` (site root) →
    /// `Some(None)`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub folder_id: Option<Option<String>>,
}

/// For unit tests: an image asset `id` with `alt`, as a listing gives it.
#[cfg(test)]
pub(crate) fn test_image(id: &str, alt: Option<&str>) -> Asset {
    serde_json::from_value(serde_json::json!({
        "id": id, "contentType": "image/png", "size": 1, "siteId": "s",
        "hostedUrl": "https://example.com/x.png", "originalFileName": "x.png",
        "displayName": format!("{id}.png"),
        "lastUpdated": "2024-01-01T00:00:00Z", "createdOn": "2024-01-01T00:00:00Z",
        "altText": alt
    }))
    .expect("a valid asset")
}

/// A responsive variant Webflow generated (`…-p-500.png` and so on).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Variant {
    #[serde(deserialize_with = "null_as_default")]
    pub hosted_url: String,
    #[serde(deserialize_with = "null_as_default")]
    pub original_file_name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub display_name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub format: String,
    pub width: Option<u32>,
    /// Nullable in the spec.
    pub height: Option<u32>,
    pub quality: Option<u8>,
    pub error: Option<String>,
}

/// What the alt text of an asset amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AltState {
    /// JSON `null`: never set. Webflow treats it as decorative.
    Missing,
    /// Set, but empty or only whitespace.
    Empty,
    Present,
}

impl AltState {
    pub fn label(self) -> &'static str {
        match self {
            AltState::Missing => "missing",
            AltState::Empty => "empty",
            AltState::Present => "present",
        }
    }
}

impl Asset {
    pub fn alt_state(&self) -> AltState {
        match &self.alt_text {
            None => AltState::Missing,
            // Invisible characters (zero-width, controls) describe nothing.
            Some(t) if crate::text::clean(t).trim().is_empty() => AltState::Empty,
            Some(_) => AltState::Present,
        }
    }

    /// Images are what alt text is for; documents (PDF, JSON, Lottie…) are exempt.
    pub fn is_image(&self) -> bool {
        self.content_type
            .trim()
            .to_ascii_lowercase()
            .starts_with("image/")
    }
}

/// A date as Webflow sent it, with its parse when it is RFC 3339.
///
/// Serialises back to the exact original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    raw: String,
    parsed: Option<DateTime<Utc>>,
}

impl Timestamp {
    pub fn new(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = DateTime::parse_from_rfc3339(raw.trim())
            .ok()
            .map(|d| d.with_timezone(&Utc));
        Self { raw, parsed }
    }

    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// `None` when the text was not a valid RFC 3339 date-time.
    pub fn parsed(&self) -> Option<DateTime<Utc>> {
        self.parsed
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self::new(String::deserialize(d)?))
    }
}

/// The body of `PATCH /assets/{asset_id}`: only the fields that are set are
/// sent (`{"altText":"…"}` changes the alt text and nothing else).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `GET /sites/{site_id}/assets`: one page of a site's assets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetPage {
    pub assets: Vec<Asset>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub limit: u32,
    pub offset: u32,
    pub total: u32,
}

/// Webflow's error body: `{"code", "message", "externalReference", "details"}`.
/// Every field may be missing; `code` is an open set of strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ErrorBody {
    pub code: Option<String>,
    pub message: Option<String>,
    pub external_reference: Option<String>,
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Marks a field as present (even when `null`), for `Option<Option<T>>`.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The rate-limit budget Webflow reported on a response (its
/// `X-RateLimit-Limit` and `X-RateLimit-Remaining` headers), when it did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_or_stay_raw() {
        let good = Timestamp::new("2023-03-01T23:42:57.862Z");
        assert_eq!(
            good.parsed().unwrap().to_rfc3339(),
            "2023-03-01T23:42:57.862+00:00"
        );
        let bad = Timestamp::new("yesterday-ish");
        assert_eq!(bad.parsed(), None);
        assert_eq!(bad.raw(), "yesterday-ish");
    }

    #[test]
    fn alt_states_stay_distinct() {
        let base = serde_json::json!({
            "id": "63e5889e7fe4eafa7384cea4", "contentType": "image/png", "size": 1,
            "siteId": "63938b302ea6b0aa6f3d8745", "hostedUrl": "https://x/y.png",
            "originalFileName": "y.png", "displayName": "y.png",
            "lastUpdated": "2023-03-01T23:42:57Z", "createdOn": "2023-03-01T23:42:57Z",
        });
        let with = |alt: serde_json::Value| {
            let mut v = base.clone();
            v["altText"] = alt;
            serde_json::from_value::<Asset>(v).unwrap()
        };
        assert_eq!(with(serde_json::Value::Null).alt_state(), AltState::Missing);
        assert_eq!(with("".into()).alt_state(), AltState::Empty);
        assert_eq!(with("  ".into()).alt_state(), AltState::Empty);
        assert_eq!(with("A dog".into()).alt_state(), AltState::Present);
        let missing_variants: Asset = serde_json::from_value(base.clone()).unwrap();
        assert!(missing_variants.variants.is_empty());
        assert_eq!(missing_variants.folder_id, None);
    }
}
