//! Webflow object IDs (asset, site, folder, locale): 24 hexadecimal characters.
//!
//! IDs are checked before any request so a typo costs no API budget and gets a
//! message that says what is wrong with it.

use std::fmt;

use crate::text;

/// A validated Webflow ObjectId, stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId(String);

/// Why a string is not an ObjectId. The offending input is kept (cleaned for the
/// terminal) so the message can quote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{input:?} is not a valid {kind} ID: {reason}. Webflow IDs are 24 hexadecimal characters, like 63e5889e7fe4eafa7384cea4"
)]
pub struct InvalidId {
    pub kind: &'static str,
    pub input: String,
    pub reason: String,
}

/// `--site`/`--folder` (or the browser's site popup): the one place a site and
/// a folder are parsed, so every way in reports the same errors. Either may be
/// absent; whether that is allowed is the caller's rule.
pub fn parse_site_folder(
    site: Option<&str>,
    folder: Option<&str>,
) -> Result<(Option<ObjectId>, Option<ObjectId>), InvalidId> {
    let site = site.map(|s| ObjectId::parse("site", s)).transpose()?;
    let folder = folder.map(|f| ObjectId::parse("folder", f)).transpose()?;
    Ok((site, folder))
}

impl ObjectId {
    pub const LEN: usize = 24;

    /// Parses an ID of the given kind (`"asset"`, `"site"`, `"locale"`…; used only in
    /// the error message). Surrounding whitespace is ignored; upper case is accepted
    /// and normalised, since people paste IDs from many places.
    pub fn parse(kind: &'static str, input: &str) -> Result<Self, InvalidId> {
        let trimmed = input.trim();
        let invalid = |reason: String| InvalidId {
            kind,
            // Keeps the message readable when a paragraph is pasted instead of an ID.
            input: text::shorten(&text::clean(trimmed), 40),
            reason,
        };
        let len = trimmed.chars().count();
        if len != Self::LEN {
            return Err(invalid(format!(
                "it has {len} character{}, not {}",
                if len == 1 { "" } else { "s" },
                Self::LEN
            )));
        }
        if let Some(bad) = trimmed.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(invalid(format!(
                "{} is not a hexadecimal digit",
                describe_char(bad)
            )));
        }
        Ok(Self(trimmed.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Splits pasted or piped text into candidate IDs: whitespace, commas and
/// semicolons all separate; empty pieces are dropped.
pub fn split_ids(input: &str) -> impl Iterator<Item = &str> {
    input
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
}

fn describe_char(c: char) -> String {
    if c.is_control() || text::clean(c.encode_utf8(&mut [0; 4])).is_empty() {
        format!("the character U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises() {
        let id = ObjectId::parse("asset", " 63E5889E7fe4eafa7384cea4\n").unwrap();
        assert_eq!(id.as_str(), "63e5889e7fe4eafa7384cea4");
    }

    #[test]
    fn refuses_with_reason() {
        let e = ObjectId::parse("asset", "abc").unwrap_err();
        assert!(e.to_string().contains("3 characters, not 24"), "{e}");
        let e = ObjectId::parse("asset", "63e5889e7fe4eafa7384ceaZ").unwrap_err();
        assert!(
            e.to_string().contains("'Z' is not a hexadecimal digit"),
            "{e}"
        );
        let e = ObjectId::parse("locale", "63e5889e7fe4eafa7384ce\u{1b}a").unwrap_err();
        assert!(e.to_string().contains("U+001B"), "{e}");
        assert!(!e.to_string().contains('\u{1b}'));
        assert!(e.to_string().contains("locale ID"));
    }

    #[test]
    fn splits_on_any_separator() {
        let ids: Vec<_> = split_ids("a, b\nc;d\t e,,").collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    }
}
