//! Writing alt texts and display names back to Webflow, safely: the one path
//! every write takes, whichever face asked for it (`wfa update`, `wfa apply`,
//! `wfa undo`, the browser's editor).
//!
//! 1. [`Wanted`]: what an asset (in one locale) should end up with, checked
//!    by [`crate::edit`] before anything is read — from the command line, a
//!    spreadsheet or JSON lines ([`input`]), a journal to undo ([`undo`]) or
//!    the browser.
//! 2. [`plan`]: the current state is read (a site listing where that costs
//!    fewer requests than one `GET` per asset) and each asset gets a
//!    [`plan::Decision`]: write, already at the new value, or changed by
//!    someone else since it was last seen (a conflict: skipped unless
//!    forced).
//! 3. [`run`]: the plan is recorded in a journal ([`crate::store::journal`]),
//!    then each asset is sent as one `PATCH`, its journal lines written before
//!    the request and completed after it. A run stopped at any point is run
//!    again: what is done is found at its new value, and what someone else
//!    changed meanwhile is found changed.

pub mod cms;
pub mod input;
pub mod plan;
pub mod resume;
pub mod run;
pub mod table;
pub mod undo;

use crate::edit::AltTextValue;
use crate::store::journal::Field;
use crate::webflow::{AssetId, LocaleId};

/// What one asset, in one locale, should end up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub asset_id: AssetId,
    pub locale: Option<LocaleId>,
    pub alt_text: Option<AltTextValue>,
    pub display_name: Option<String>,
    /// What the alt text is expected to hold now (`Some(None)`: `null`).
    /// Holding something else means someone else changed it: a conflict.
    /// `None`: no expectation (whatever is there is replaced).
    pub expect_alt_text: Option<Option<String>>,
    /// The same for the display name.
    pub expect_display_name: Option<String>,
    /// Where it came from, for messages: `line 4`, `the journal's line 7`.
    pub origin: String,
    /// A value that differs from the current one only by surrounding spaces
    /// or invisible characters counts as unchanged: input that went through a
    /// report (whose cells are cleaned) must not rewrite what it did not
    /// change. `wfa update` asks exactly, so it can fix just those.
    pub loose_match: bool,
}

impl Wanted {
    /// A change with no expectations.
    pub fn new(asset_id: AssetId, locale: Option<LocaleId>, origin: impl Into<String>) -> Self {
        Self {
            asset_id,
            locale,
            alt_text: None,
            display_name: None,
            expect_alt_text: None,
            expect_display_name: None,
            origin: origin.into(),
            loose_match: false,
        }
    }

    /// Whether it asks for anything at all.
    pub fn is_empty(&self) -> bool {
        self.alt_text.is_none() && self.display_name.is_none()
    }

    /// The asset and locale it is about, as a key.
    pub fn target(&self) -> Target {
        (self.asset_id.clone(), self.locale.clone())
    }

    /// What is expected of `field` now, if anything.
    fn expected(&self, field: Field) -> Option<Option<&str>> {
        match field {
            Field::AltText => self.expect_alt_text.as_ref().map(Option::as_deref),
            Field::DisplayName => self.expect_display_name.as_deref().map(Some),
            Field::CmsAlt => None,
        }
    }

    /// The new value of `field`, if it is asked for.
    fn new_value(&self, field: Field) -> Option<&str> {
        match field {
            Field::AltText => self.alt_text.as_ref().map(|v| v.text.as_str()),
            Field::DisplayName => self.display_name.as_deref(),
            Field::CmsAlt => None,
        }
    }
}

/// An asset in a locale: what one `PATCH` changes.
pub type Target = (AssetId, Option<LocaleId>);

/// A value for a terminal: quoted and cleaned; `null` said in words, since it
/// cannot be written back; `""` said to be decorative.
pub fn shown(value: Option<&str>) -> String {
    match value {
        None => "not set (null)".to_string(),
        Some("") => "\"\" (decorative)".to_string(),
        Some(text) => format!("\"{}\"", crate::text::clean(text)),
    }
}

/// A field's name in sentences.
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::AltText => "alt text",
        Field::DisplayName => "display name",
        Field::CmsAlt => "CMS alt text",
    }
}
