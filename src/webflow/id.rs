//! Webflow object IDs: 24 hexadecimal characters, one type per kind.
//!
//! [`AssetId`], [`SiteId`], [`FolderId`] and [`LocaleId`] are distinct types
//! sharing one validator, so a function that takes a site cannot be handed an
//! asset ID by mistake — that is a compile error, not a 404:
//!
//! ```compile_fail
//! use webflow_assets::webflow::{AssetId, SiteId};
//! fn list(_site: &SiteId) {}
//! let asset = AssetId::parse("63e5889e7fe4eafa7384cea4").unwrap();
//! list(&asset); // expected `&SiteId`, found `&AssetId`
//! ```
//!
//! IDs are checked before any request so a typo costs no API budget and gets a
//! message that says what is wrong with it. [`parse_ids`] is the one way a list
//! of IDs (arguments, standard input, the lookup popup) is read, with one error
//! policy: every bad ID is reported, not only the first.

use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

use crate::text;

/// Length of every Webflow ID, in characters.
pub const ID_LEN: usize = 24;

/// What the four ID types have in common; lets [`parse_ids`] read any of them.
/// Sealed: the kinds are Webflow's, not the caller's.
pub trait WebflowId:
    sealed::Sealed + Clone + fmt::Debug + fmt::Display + Eq + Hash + Ord + Sized
{
    /// The kind named in error messages (`"asset"`, `"site"`…).
    const KIND: &'static str;

    /// See the inherent `parse` of each type.
    fn parse(input: &str) -> Result<Self, InvalidId>;

    fn as_str(&self) -> &str;
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The kind named in error messages.
            pub const KIND: &'static str = $kind;

            /// Parses one ID. Surrounding whitespace is ignored; upper case is
            /// accepted and normalised, since people paste IDs from many places.
            pub fn parse(input: &str) -> Result<Self, InvalidId> {
                validate(Self::KIND, input).map(Self)
            }

            /// The ID, lowercase.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl sealed::Sealed for $name {}

        impl WebflowId for $name {
            const KIND: &'static str = $kind;

            fn parse(input: &str) -> Result<Self, InvalidId> {
                $name::parse(input)
            }

            fn as_str(&self) -> &str {
                $name::as_str(self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;

            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Self::parse(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A validated asset ID, stored lowercase.
    AssetId,
    "asset"
);
id_type!(
    /// A validated site ID, stored lowercase.
    SiteId,
    "site"
);
id_type!(
    /// A validated asset-folder ID, stored lowercase.
    FolderId,
    "folder"
);
id_type!(
    /// A validated locale ID (Webflow's `localeId`), stored lowercase.
    LocaleId,
    "locale"
);

/// Why a string is not an ID of some kind. The offending input is kept so the
/// message can quote it: escaped for the terminal, with invisible characters
/// made visible (`\u{200b}`), so "it has 25 characters" matches what is shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{input}\" is not a valid {kind} ID: {reason}. {HINT}")]
pub struct InvalidId {
    /// The kind of ID that was wanted: the type's `KIND`.
    pub kind: &'static str,
    /// The input, shortened and escaped ([`visible`]), without quotes.
    pub input: String,
    pub reason: String,
}

const HINT: &str = "Webflow IDs are 24 hexadecimal characters, like 63e5889e7fe4eafa7384cea4";

/// The one validator behind every ID type: returns the normalised text.
fn validate(kind: &'static str, input: &str) -> Result<String, InvalidId> {
    let trimmed = input.trim();
    let invalid = |reason: String| InvalidId {
        kind,
        input: visible(trimmed),
        reason,
    };
    let len = trimmed.chars().count();
    if len != ID_LEN {
        return Err(invalid(format!(
            "it has {len} character{}, not {ID_LEN}",
            if len == 1 { "" } else { "s" },
        )));
    }
    if let Some(bad) = trimmed.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(invalid(format!(
            "{} is not a hexadecimal digit",
            describe_char(bad)
        )));
    }
    Ok(trimmed.to_ascii_lowercase())
}

/// `s` as it goes between double quotes in a message: `"` and `\` escaped,
/// and invisible characters (zero-width, bidi marks: [`text::is_unsafe`])
/// and line breaks and tabs written as escapes (`\u{200b}`, `\n`), as Rust's
/// `escape_debug` does. Terminal escape sequences are then removed whole
/// ([`text::clean`]), so nothing in the quote can reach the terminal.
///
/// At most [`QUOTE_CHARS`] characters are shown (escapes counted as written),
/// then `…`, so a paragraph pasted instead of an ID keeps the message short.
fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' | '\n' | '\r' | '\t' => out.extend(c.escape_debug()),
            c if text::is_unsafe(c) && !c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    let out = text::clean(&out);
    let Some((cut, _)) = out.char_indices().nth(QUOTE_CHARS) else {
        return out.into_owned();
    };
    let mut head = &out[..cut];
    // Never cut an escape in half: drop a partial `\u{…}` at the end.
    if let Some(start) = head.rfind("\\u{")
        && !head[start..].contains('}')
    {
        head = &head[..start];
    }
    format!("{head}…")
}

/// The most characters of a bad input quoted in a message.
pub const QUOTE_CHARS: usize = 48;

/// `--site`/`--folder` (or the browser's site popup): the one place a site and
/// a folder are parsed, so every way in reports the same errors. Either may be
/// absent; whether that is allowed is the caller's rule.
pub fn parse_site_folder(
    site: Option<&str>,
    folder: Option<&str>,
) -> Result<(Option<SiteId>, Option<FolderId>), InvalidId> {
    let site = site.map(SiteId::parse).transpose()?;
    let folder = folder.map(FolderId::parse).transpose()?;
    Ok((site, folder))
}

/// Splits pasted or piped text into candidate IDs: whitespace, commas and
/// semicolons all separate; empty pieces are dropped.
pub fn split_ids(input: &str) -> impl Iterator<Item = &str> {
    input
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
}

/// Reads a list of IDs from any number of texts (arguments, standard input, a
/// pasted line), each split as [`split_ids`] does. Order and repeats are kept;
/// de-duplicating is the caller's business. No input at all is `Ok(vec![])`:
/// whether that is allowed is the caller's rule too.
///
/// The one error policy: if any piece is not a valid ID, nothing is returned
/// and the error names every bad piece, in input order.
pub fn parse_ids<'a, T: WebflowId>(
    inputs: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<T>, BadIds> {
    let mut ids = Vec::new();
    let mut bad = Vec::new();
    for piece in inputs.into_iter().flat_map(split_ids) {
        match T::parse(piece) {
            Ok(id) => ids.push(id),
            Err(e) => bad.push(e),
        }
    }
    if bad.is_empty() {
        Ok(ids)
    } else {
        Err(BadIds { bad })
    }
}

/// Every bad ID in a list given to [`parse_ids`] (never empty).
///
/// Displayed on one line (the popup wraps it); `{:#}` puts each bad ID on a
/// line of its own (the command line). Either way at most
/// [`BadIds::SHOWN`] are quoted, then "and N more".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadIds {
    bad: Vec<InvalidId>,
}

impl BadIds {
    /// How many bad IDs the message quotes before "and N more".
    pub const SHOWN: usize = 10;

    /// Every bad ID, in input order.
    pub fn bad(&self) -> &[InvalidId] {
        &self.bad
    }
}

impl fmt::Display for BadIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let multiline = f.alternate();
        if let [one] = self.bad.as_slice() {
            return write!(f, "{one}");
        }
        let kind = self.bad.first().map_or("", |e| e.kind);
        write!(f, "{} invalid {kind} IDs:", self.bad.len())?;
        for (i, e) in self.bad.iter().take(Self::SHOWN).enumerate() {
            match (multiline, i) {
                (true, _) => f.write_str("\n  ")?,
                (false, 0) => f.write_str(" ")?,
                (false, _) => f.write_str("; ")?,
            }
            write!(f, "\"{}\" ({})", e.input, e.reason)?;
        }
        let more = self.bad.len().saturating_sub(Self::SHOWN);
        if more > 0 {
            f.write_str(if multiline { "\n  " } else { "; " })?;
            write!(f, "and {more} more")?;
        }
        f.write_str(if multiline { "\n" } else { ". " })?;
        f.write_str(HINT)
    }
}

impl std::error::Error for BadIds {}

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
        let id = AssetId::parse(" 63E5889E7fe4eafa7384cea4\n").unwrap();
        assert_eq!(id.as_str(), "63e5889e7fe4eafa7384cea4");
        let site: SiteId = "63938B302ea6b0aa6f3d8745".parse().unwrap();
        assert_eq!(site.to_string(), "63938b302ea6b0aa6f3d8745");
    }

    #[test]
    fn invisible_characters_are_shown_in_the_message() {
        let e = AssetId::parse("63e5889e7fe4eafa7384cea4\u{200b}").unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("\"63e5889e7fe4eafa7384cea4\\u{200b}\" is not")
                && message.contains("25 characters"),
            "{message}"
        );
        assert!(!message.contains('\u{200b}'));
        let e = AssetId::parse("a\u{1b}[31m\"b").unwrap_err().to_string();
        assert!(e.starts_with("\"a\\\"b\""), "{e}");
    }

    #[test]
    fn refuses_with_reason() {
        let e = AssetId::parse("abc").unwrap_err();
        assert!(e.to_string().contains("3 characters, not 24"), "{e}");
        let e = AssetId::parse("63e5889e7fe4eafa7384ceaZ").unwrap_err();
        assert!(
            e.to_string().contains("'Z' is not a hexadecimal digit"),
            "{e}"
        );
        let e = LocaleId::parse("63e5889e7fe4eafa7384ce\u{1b}a").unwrap_err();
        assert!(e.to_string().contains("U+001B"), "{e}");
        assert!(!e.to_string().contains('\u{1b}'));
        assert!(e.to_string().contains("locale ID"));
    }

    /// The four kinds are four types: the same text parses as each, but the
    /// values do not mix (a `&SiteId` parameter refuses an `AssetId` at compile
    /// time; see the `compile_fail` example in the module docs). At run time the
    /// kind shows in the error, taken from the type.
    #[test]
    fn each_type_names_its_kind() {
        fn takes_site(site: &SiteId) -> &str {
            site.as_str()
        }
        const TEXT: &str = "63938b302ea6b0aa6f3d8745";
        let site = SiteId::parse(TEXT).unwrap();
        assert_eq!(takes_site(&site), TEXT);
        assert_eq!(AssetId::parse(TEXT).unwrap().as_str(), TEXT);
        assert_eq!(FolderId::parse(TEXT).unwrap().as_str(), TEXT);
        assert_eq!(LocaleId::parse(TEXT).unwrap().as_str(), TEXT);

        assert_eq!(AssetId::parse("x").unwrap_err().kind, "asset");
        assert_eq!(SiteId::parse("x").unwrap_err().kind, "site");
        assert_eq!(FolderId::parse("x").unwrap_err().kind, "folder");
        assert_eq!(LocaleId::parse("x").unwrap_err().kind, "locale");
        assert!(
            FolderId::parse("x")
                .unwrap_err()
                .to_string()
                .contains("not a valid folder ID")
        );
        assert_eq!(<SiteId as WebflowId>::KIND, SiteId::KIND);
    }

    #[test]
    fn splits_on_any_separator() {
        let ids: Vec<_> = split_ids("a, b\nc;d\t e,,").collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn parse_ids_keeps_order_and_repeats() {
        let a = "63e5889e7fe4eafa7384cea4";
        let b = "65c9e1770f5e44065d2abbfa";
        let ids: Vec<AssetId> = parse_ids([a, &format!("{b},{a}\n"), " "]).unwrap();
        let ids: Vec<&str> = ids.iter().map(AssetId::as_str).collect();
        assert_eq!(ids, [a, b, a]);
        assert_eq!(parse_ids::<AssetId>([" ,\n"]).unwrap(), []);
    }

    #[test]
    fn parse_ids_reports_every_bad_id() {
        let good = "65c9e1770f5e44065d2abbfa";
        let e =
            parse_ids::<AssetId>([&format!("xyz {good}"), "63e5889e7fe4eafa7384ceaZ"]).unwrap_err();
        assert_eq!(e.bad().len(), 2);
        for text in [e.to_string(), format!("{e:#}")] {
            assert!(text.contains("2 invalid asset IDs"), "{text}");
            assert!(
                text.contains("\"xyz\" (it has 3 characters, not 24)"),
                "{text}"
            );
            assert!(text.contains("'Z' is not a hexadecimal digit"), "{text}");
            assert!(text.contains("24 hexadecimal characters"), "{text}");
            assert!(!text.contains(good), "{text}");
        }
        assert!(!e.to_string().contains('\n'));
        assert_eq!(format!("{e:#}").lines().count(), 4);

        // One bad ID reads as it always did.
        let e = parse_ids::<LocaleId>(["nope"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            LocaleId::parse("nope").unwrap_err().to_string()
        );
    }

    #[test]
    fn parse_ids_bounds_the_message() {
        let many: Vec<String> = (0..25).map(|i| format!("bad{i}")).collect();
        let e = parse_ids::<AssetId>(many.iter().map(String::as_str)).unwrap_err();
        assert_eq!(e.bad().len(), 25);
        let text = e.to_string();
        assert!(text.starts_with("25 invalid asset IDs"), "{text}");
        assert!(text.contains("\"bad9\""), "{text}");
        assert!(!text.contains("\"bad10\""), "{text}");
        assert!(text.contains("and 15 more"), "{text}");
        assert_eq!(format!("{e:#}").lines().count(), 1 + BadIds::SHOWN + 2);
    }
}
