//! Orders of a site listing, shared by `wfa list` and the browser.

use std::cmp::Ordering;

use crate::webflow::Asset;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// As Webflow lists them.
    #[default]
    Site,
    /// Display name (without the ID prefix), case-insensitive.
    Name,
    /// Largest first.
    Size,
    /// Most recently updated first.
    Date,
    /// Content type, then name.
    Type,
    /// Alt-text state: missing, then empty, then present.
    Alt,
}

impl SortKey {
    pub const CYCLE: [SortKey; 6] = [
        SortKey::Site,
        SortKey::Name,
        SortKey::Size,
        SortKey::Date,
        SortKey::Type,
        SortKey::Alt,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Site => "site order",
            SortKey::Name => "name",
            SortKey::Size => "size",
            SortKey::Date => "date",
            SortKey::Type => "type",
            SortKey::Alt => "alt status",
        }
    }

    pub fn next(self) -> SortKey {
        let i = Self::CYCLE.iter().position(|k| *k == self).unwrap_or(0);
        Self::CYCLE[(i + 1) % Self::CYCLE.len()]
    }

    /// Compares two assets; ties keep their site order (sorts are stable).
    pub fn compare(self, a: &Asset, b: &Asset) -> Ordering {
        match self {
            SortKey::Site => Ordering::Equal,
            SortKey::Name => name_key(a).cmp(&name_key(b)),
            SortKey::Size => b.size.cmp(&a.size),
            SortKey::Date => b.last_updated.parsed().cmp(&a.last_updated.parsed()),
            SortKey::Type => a
                .content_type
                .cmp(&b.content_type)
                .then_with(|| name_key(a).cmp(&name_key(b))),
            SortKey::Alt => a.alt_state().cmp(&b.alt_state()),
        }
    }
}

/// The display name as people read it: without the `<id>_` prefix.
pub fn name_key_display(asset: &Asset) -> &str {
    name_key_display_str(&asset.display_name)
}

/// `name_key_display` for a bare display name.
pub fn name_key_display_str(name: &str) -> &str {
    name.split_once('_')
        .filter(|(prefix, rest)| {
            prefix.len() == 24 && prefix.bytes().all(|b| b.is_ascii_hexdigit()) && !rest.is_empty()
        })
        .map_or(name, |(_, rest)| rest)
}

/// `name_key_display`, lowercased for sorting.
pub fn name_key(asset: &Asset) -> String {
    name_key_display(asset).to_lowercase()
}
