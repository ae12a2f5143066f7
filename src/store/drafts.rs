//! Unsaved alt-text drafts of the browser's editor, kept on disk so that a
//! crash or a quit loses none: the browser offers them back at its next
//! start. One JSON file (`{"format":"wfa-drafts","version":1,"drafts":[…]}`;
//! version 2 when it holds a CMS item's draft),
//! replaced whole and atomically on every change, and removed when no draft
//! is left. Like every store, this one is told its path.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::read::read_text;

/// The file's `format`.
pub const FORMAT: &str = "wfa-drafts";
/// The file's `version`: bumped when a field changes meaning. Version 2
/// drafts may be a CMS item's alt (`cms`); a file holding none is written as
/// version 1, so an older wfa, which would take a CMS draft for the asset's
/// own, refuses only a file that has one.
pub const VERSION: u32 = 2;
/// A drafts file bigger than this is not ours (a draft is one line of text).
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

/// One unsaved draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// The API host it is meant for (`None`: demo mode), so a demo draft is
    /// never offered against a live site.
    pub host: Option<String>,
    pub asset_id: String,
    pub locale: Option<String>,
    /// The alt text the editor started from (`None`: `null`): what the asset
    /// must still hold when the draft is saved, or it is a conflict.
    pub base: Option<String>,
    /// The text typed so far.
    pub text: String,
    /// When it was last changed, RFC 3339.
    pub time: String,
    /// A CMS item's alt for the image rather than the asset's own (absent
    /// in files written before CMS drafts were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cms: Option<CmsDraft>,
}

/// Which CMS item's image field a draft is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CmsDraft {
    pub collection_id: String,
    pub item_id: String,
    /// The field's slug.
    pub field: String,
    /// The CMS locale ID written to (`None`: the primary).
    pub cms_locale: Option<String>,
    /// For people: collection, item and field, as the editor titled it.
    pub label: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    drafts: Vec<Draft>,
}

/// The drafts in the file at `path`; none when there is no file. A file of
/// another format or version is an `InvalidData` error (left as it is).
pub fn load(path: &Path) -> io::Result<Vec<Draft>> {
    let Some(text) = read_text(path, MAX_BYTES)? else {
        return Ok(Vec::new());
    };
    let file: File =
        serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    if file.format != FORMAT || !(1..=VERSION).contains(&file.version) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "{} is not a wfa drafts file of version {VERSION} or older",
                path.display()
            ),
        ));
    }
    Ok(file.drafts)
}

/// Replaces the file at `path` with `drafts`; removes it when there are none.
pub fn save(path: &Path, drafts: &[Draft]) -> io::Result<()> {
    if drafts.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let file = File {
        format: FORMAT.to_string(),
        version: if drafts.iter().any(|d| d.cms.is_some()) {
            VERSION
        } else {
            1
        },
        drafts: drafts.to_vec(),
    };
    let mut json = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
    json.push(b'\n');
    write_atomic(path, &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> Draft {
        Draft {
            host: None,
            asset_id: "63e5889e7fe4eafa7384cea4".into(),
            locale: None,
            base: None,
            text: text.into(),
            time: "2026-11-28T12:00:00.000Z".into(),
            cms: None,
        }
    }

    #[test]
    fn round_trip_and_removal_when_empty() {
        let (_dir, path) = crate::test_support::temp_path(|d| d.join("state").join("drafts.json"));
        assert_eq!(load(&path).unwrap(), []);
        save(&path, &[draft("A red wrapper")]).unwrap();
        assert_eq!(load(&path).unwrap(), [draft("A red wrapper")]);
        save(&path, &[]).unwrap();
        assert!(!path.exists());
        save(&path, &[]).unwrap();
    }

    #[test]
    fn a_cms_draft_round_trips_and_an_older_file_reads_without_one() {
        let (_dir, path) = crate::test_support::temp_path(|d| d.join("drafts.json"));
        let cms = Draft {
            cms: Some(CmsDraft {
                collection_id: "6740b1c2d3e4f5a6b7c8d901".into(),
                item_id: "6740d1c2d3e4f5a6b7c8d901".into(),
                field: "main-image".into(),
                cms_locale: None,
                label: "CMS \"Products\" · item \"Gummy bears\" · field Main image".into(),
            }),
            ..draft("Un ourson")
        };
        save(&path, &[draft("A red wrapper"), cms.clone()]).unwrap();
        assert_eq!(load(&path).unwrap(), [draft("A red wrapper"), cms]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches("\"cms\"").count(),
            1,
            "only the CMS draft names it"
        );
        assert!(text.contains("\"version\": 2"), "{text}");
        save(&path, &[draft("A red wrapper")]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"version\": 1"), "no CMS draft: {text}");
    }

    #[test]
    fn another_format_is_refused_and_kept() {
        let (_dir, path) = crate::test_support::temp_path(|d| d.join("drafts.json"));
        std::fs::write(&path, r#"{"format":"other","version":1,"drafts":[]}"#).unwrap();
        assert_eq!(load(&path).unwrap_err().kind(), io::ErrorKind::InvalidData);
        assert!(path.exists());
    }
}
