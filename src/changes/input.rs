//! `wfa apply`'s input: the changes, as CSV or JSON lines, every row checked
//! before anything is read or sent.
//!
//! - **CSV** with a header row. Columns are found by name, whatever their
//!   case or punctuation (`assetId`, `asset_id`, `Asset ID`): `assetId` (or
//!   `id`) and at least one of `altText` and `displayName`; `locale` and
//!   `decorative` are optional; every other column is ignored, so the CSV of
//!   `wfa audit --format csv`, edited in a spreadsheet, works as it is (its
//!   displayName column, there to name the asset, is not written back). An
//!   empty cell asks for nothing; `""` (decorative) is written only for a row
//!   whose `decorative` cell says yes (`yes`, `true`, `1`, `x`). The `'`
//!   that `wfa audit` puts before a leading `= + - @` (so spreadsheets do not
//!   run it as a formula) is taken off again.
//! - **JSON lines**: one object a line, with the same keys (`assetId` or
//!   `id`, `altText`, `displayName`, `locale`, `decorative`); other keys are
//!   ignored, so `wfa list --json` filtered through `jq` works. An input whose
//!   first character is `{` is read as JSON lines.
//!
//! - **CMS rows**: a row with `collectionId` and `itemId` is about the alt
//!   of one image in a CMS item's Image or MultiImage field: `field` (its
//!   slug), `altText` (or `decorative`), `assetId` (the image's fileId:
//!   needed for a MultiImage field) and `locale` (a CMS locale ID; or, with
//!   a `siteId` column, a locale tag or site locale ID, looked up through the
//!   site). They go to [`Parsed::cms`] ([`super::cms`]).
//! - **Page rows** (`pageId`/`nodeId`) are refused: a page element's alt
//!   cannot be written through the API; the message says where to fix it in
//!   the Designer.
//! - **`wfa audit --rendered --format csv`**, edited: a row whose `altText`
//!   is still its `renderedAlt` asks for nothing; an edited one is written
//!   where its `altSource` says the alt comes from — `asset` (the asset, in
//!   the row's `locale` ID), `field` (the CMS item's field, in its CMS
//!   locale ID) — and `node`, `override` and `property` are refused with
//!   where to fix them in the Designer.
//!
//! Rows refused: a bad ID or locale, a value [`crate::edit`] refuses, a row
//! that asks for nothing it can write (`altText: null`), and one asset given
//! two different values in the same locale. Every problem is reported, with
//! its line, and nothing is sent.

use std::collections::HashMap;

use serde_json::Value;

use super::Wanted;
use crate::edit;
use crate::webflow::{AssetId, LocaleId};

/// One refused row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 1-based line of the input (for CSV, the line the record starts on).
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The changes an input asks for.
#[derive(Debug, Default)]
pub struct Parsed {
    /// One per asset and locale, in the order first seen.
    pub wanted: Vec<Wanted>,
    /// CMS alt texts (rows with `collectionId`, `itemId`, `field`), one per
    /// image and CMS locale, in the order first seen.
    pub cms: Vec<super::cms::CmsWanted>,
    /// Rows that asked for nothing (every cell empty): counted, not refused.
    /// (What the audit says of a new text comes with the plan, for the
    /// assets that change.)
    pub empty_rows: usize,
}

/// Which format an input is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
}

impl Format {
    /// JSON lines when the first non-blank character opens an object.
    pub fn detect(text: &str) -> Self {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('{') => Self::JsonLines,
            _ => Self::Csv,
        }
    }
}

/// One row as read, before checking.
#[derive(Debug, Default)]
struct RawRow {
    line: u64,
    asset_id: Option<String>,
    alt_text: Option<String>,
    display_name: Option<String>,
    locale: Option<String>,
    decorative: bool,
    collection_id: Option<String>,
    item_id: Option<String>,
    field: Option<String>,
    page_id: Option<String>,
    node_id: Option<String>,
    site_id: Option<String>,
    /// Where the alt it is about comes from (`wfa audit --rendered`'s
    /// `altSource`: `asset`, `field`, `node`, `override`, `property`).
    alt_source: Option<String>,
    /// Its `altText` is still what renders there (`renderedAlt`): a row of a
    /// report left as it was asks for nothing.
    untouched: bool,
    /// Its `altText` was emptied where something renders (a report row).
    emptied: bool,
}

/// Parses and checks `text`. `locale` applies to rows that name none.
pub fn parse(text: &str, locale: Option<&LocaleId>) -> Result<Parsed, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    let rows = match Format::detect(text) {
        Format::Csv => csv_rows(text)?,
        Format::JsonLines => json_rows(text)?,
    };
    check(rows, locale)
}

/// Reads CSV records into raw rows.
fn csv_rows(text: &str) -> Result<Vec<RawRow>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![csv_error(&e, 1)])?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&normalise_header(h).as_str()))
    };
    let id_col = column(&["assetid", "id"]);
    let alt_col = column(&["alttext", "alt"]);
    // In the audit's own report (it has rule and severity columns) the
    // display name is there to say which asset a row is about, not to be
    // written back.
    let is_audit_report = column(&["rule"]).is_some() && column(&["severity"]).is_some();
    let name_col = column(&["displayname"]).filter(|_| !is_audit_report);
    let locale_col = column(&["locale", "localeid"]);
    let decorative_col = column(&["decorative"]);
    let collection_col = column(&["collectionid"]);
    let item_col = column(&["itemid"]);
    let field_col = column(&["field", "fieldslug"]);
    let page_col = column(&["pageid"]);
    let node_col = column(&["nodeid", "elementid"]);
    let site_col = column(&["siteid"]);
    let source_col = column(&["altsource"]);
    let rendered_col = column(&["renderedalt"]);
    let id_col = id_col.or(collection_col).or(page_col);
    let Some(id_col) = id_col else {
        return Err(vec![RowError {
            line: 1,
            message: "the header has no assetId column (the first line must name the columns: \
                      assetId,altText[,displayName,locale])"
                .into(),
        }]);
    };
    if alt_col.is_none() && name_col.is_none() && decorative_col.is_none() {
        return Err(vec![RowError {
            line: 1,
            message: "the header has neither an altText nor a displayName column: \
                      there is nothing to change"
                .into(),
        }]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(csv_error(&e, 0));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(unguard)
                .filter(|v| !v.trim().is_empty())
        };
        let whole = |col: Option<usize>| {
            col.and_then(|c| record.get(c))
                .map(|v| unguard(v).trim().to_string())
                .unwrap_or_default()
        };
        let decorative = cell(decorative_col).is_some_and(|v| is_yes(&v));
        let untouched = rendered_col.is_some() && whole(alt_col) == whole(rendered_col);
        // A rendered report has no decorative column: an emptied cell is a
        // question, not `""`.
        let emptied = rendered_col.is_some()
            && whole(alt_col).is_empty()
            && !whole(rendered_col).is_empty()
            && !decorative;
        rows.push(RawRow {
            line,
            asset_id: cell(Some(id_col))
                .filter(|_| Some(id_col) != collection_col && Some(id_col) != page_col),
            alt_text: cell(alt_col),
            display_name: cell(name_col),
            locale: cell(locale_col),
            decorative,
            collection_id: cell(collection_col),
            item_id: cell(item_col),
            field: cell(field_col),
            page_id: cell(page_col),
            node_id: cell(node_col),
            site_id: cell(site_col),
            alt_source: cell(source_col),
            untouched,
            emptied,
        });
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Reads JSON lines into raw rows.
fn json_rows(text: &str) -> Result<Vec<RawRow>, Vec<RowError>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, source) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if source.trim().is_empty() {
            continue;
        }
        let mut fail = |message: String| errors.push(RowError { line, message });
        let object = match serde_json::from_str::<Value>(source) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                fail("not a JSON object".into());
                continue;
            }
            Err(e) => {
                fail(format!("not JSON: {e}"));
                continue;
            }
        };
        let mut row = RawRow {
            line,
            ..RawRow::default()
        };
        let mut ok = true;
        for (key, value) in &object {
            let slot = match normalise_header(key).as_str() {
                "assetid" | "id" => &mut row.asset_id,
                "alttext" => &mut row.alt_text,
                "displayname" => &mut row.display_name,
                "locale" | "localeid" => &mut row.locale,
                "collectionid" => &mut row.collection_id,
                "itemid" => &mut row.item_id,
                "field" | "fieldslug" => &mut row.field,
                "pageid" => &mut row.page_id,
                "nodeid" | "elementid" => &mut row.node_id,
                "siteid" => &mut row.site_id,
                "altsource" => &mut row.alt_source,
                "decorative" => {
                    match value {
                        Value::Bool(b) => row.decorative = *b,
                        Value::Null => {}
                        _ => {
                            fail(format!("{key:?} must be true or false"));
                            ok = false;
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            match value {
                Value::String(s) => *slot = Some(s.clone()),
                Value::Null if key == "altText" || normalise_header(key) == "alttext" => {
                    fail(
                        "altText is null, which cannot be written: Webflow takes a string \
                         (use \"decorative\": true to mark the image decorative)"
                            .into(),
                    );
                    ok = false;
                }
                Value::Null => {}
                other => {
                    fail(format!("{key:?} must be a string, not {}", kind(other)));
                    ok = false;
                }
            }
        }
        if ok {
            rows.push(row);
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Checks every raw row and merges rows about the same asset and locale.
fn check(rows: Vec<RawRow>, locale: Option<&LocaleId>) -> Result<Parsed, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut parsed = Parsed::default();
    // (asset, locale) → index in `parsed.wanted`, and the line that set it.
    let mut index: HashMap<(AssetId, Option<LocaleId>), (usize, u64)> = HashMap::new();
    let mut cms_index: HashMap<super::cms::Target, (usize, u64)> = HashMap::new();
    for mut row in rows {
        let line = row.line;
        let mut fail = |message: String| errors.push(RowError { line, message });
        if row.untouched {
            parsed.empty_rows += 1;
            continue;
        }
        if row.emptied {
            fail(
                "altText was emptied: to mark the image decorative, add a decorative column \
                 and write yes in it; to leave it as it renders, put the renderedAlt text back"
                    .into(),
            );
            continue;
        }
        // A rendered audit's row is written where its alt comes from.
        match row.alt_source.as_deref().map(str::trim) {
            None => {}
            Some("asset") => {
                (row.page_id, row.node_id) = (None, None);
                (row.collection_id, row.item_id) = (None, None);
            }
            Some("field") => (row.page_id, row.node_id) = (None, None),
            Some(source @ ("node" | "override" | "property")) => {
                fail(designer_message(&row, source));
                continue;
            }
            Some("missing") => {
                fail(
                    "this place shows an asset that no longer exists: no alt text can be \
                     written for it; pick another image there in the Designer or the CMS"
                        .into(),
                );
                continue;
            }
            Some(other) => {
                fail(format!(
                    "altSource {:?} is not one of asset, field, node, override, property, missing",
                    crate::text::clean(other)
                ));
                continue;
            }
        }
        if row.page_id.is_some() || row.node_id.is_some() {
            fail(designer_message(&row, "node"));
            continue;
        }
        if row.collection_id.is_some() || row.item_id.is_some() {
            match cms_row(&row) {
                Err(message) => fail(message),
                Ok(None) => parsed.empty_rows += 1,
                Ok(Some(wanted)) => match cms_index.get(&wanted.target) {
                    Some(&(at, first_line)) => {
                        let earlier = &parsed.cms[at];
                        if earlier.alt.text != wanted.alt.text {
                            fail(format!(
                                "{} is given two alt texts: {} on line {first_line} and {} here",
                                wanted.target.describe(),
                                super::shown(Some(&earlier.alt.text)),
                                super::shown(Some(&wanted.alt.text))
                            ));
                        }
                    }
                    None => {
                        cms_index.insert(wanted.target.clone(), (parsed.cms.len(), line));
                        parsed.cms.push(wanted);
                    }
                },
            }
            continue;
        }
        let Some(raw_id) = row.asset_id.as_deref() else {
            fail("no assetId".into());
            continue;
        };
        let id = match AssetId::parse(raw_id) {
            Ok(id) => id,
            Err(e) => {
                fail(e.to_string());
                continue;
            }
        };
        let row_locale = match row.locale.as_deref().map(LocaleId::parse).transpose() {
            Ok(found) => found.or_else(|| locale.cloned()),
            Err(e) => {
                fail(e.to_string());
                continue;
            }
        };
        let alt_text = match (&row.alt_text, row.decorative) {
            (Some(text), true) if !text.trim().is_empty() => {
                fail(format!(
                    "the row is marked decorative but has alt text {}: keep one",
                    super::shown(Some(text))
                ));
                continue;
            }
            (_, true) => Some(edit::alt_text("", true)),
            (Some(text), false) => Some(edit::alt_text(text, false)),
            (None, false) => None,
        }
        .transpose();
        let alt_text = match alt_text {
            Ok(value) => value,
            Err(e) => {
                fail(e.to_string());
                continue;
            }
        };
        let display_name = match row.display_name.as_deref().map(edit::display_name) {
            Some(Err(e)) => {
                fail(e.to_string());
                continue;
            }
            Some(Ok(name)) => Some(name),
            None => None,
        };
        if alt_text.is_none() && display_name.is_none() {
            parsed.empty_rows += 1;
            continue;
        }
        let key = (id.clone(), row_locale.clone());
        match index.get(&key) {
            Some(&(at, first_line)) => {
                let earlier = &mut parsed.wanted[at];
                if let Err(message) = merge(earlier, alt_text, display_name, first_line) {
                    fail(message);
                }
            }
            None => {
                let mut wanted = Wanted::new(id, row_locale, format!("line {line}"));
                wanted.loose_match = true;
                wanted.alt_text = alt_text;
                wanted.display_name = display_name;
                index.insert(key, (parsed.wanted.len(), line));
                parsed.wanted.push(wanted);
            }
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// What a row about an alt the API cannot write is told (`source`: a page
/// element's own alt, an instance's override, a component's property), with
/// where to fix it in the Designer instead.
fn designer_message(row: &RawRow, source: &str) -> String {
    // Cells of a file someone shared: nothing in them reaches the terminal raw.
    let page = crate::text::clean(row.page_id.as_deref().unwrap_or("(no pageId given)"));
    let element = crate::text::clean(row.node_id.as_deref().unwrap_or("(no nodeId given)"));
    match source {
        "override" => format!(
            "a component instance's Alt Text override cannot be written through Webflow's API; \
             fix it in the Designer: open page {page}, select the component instance {element} \
             and set its Alt Text property"
        ),
        "property" => format!(
            "a component's Alt Text property cannot be written through Webflow's API; fix it in \
             the Designer: open the component placed on page {page} and set its Alt Text \
             property's value"
        ),
        _ => format!(
            "a page element's alt text cannot be written through Webflow's API; fix it in the \
             Designer: open page {page} and select element {element}, then set its alt text in \
             the image settings"
        ),
    }
}

/// A CMS row: `collectionId`, `itemId`, `field`, `altText` (or
/// `decorative`), `assetId` (the image's fileId; needed for a MultiImage
/// field) and `locale` (a CMS locale ID). `None`: it asks for nothing.
fn cms_row(row: &RawRow) -> Result<Option<super::cms::CmsWanted>, String> {
    let id = |value: &Option<String>, what: &str| -> Result<String, String> {
        let raw = value
            .as_deref()
            .map(str::trim)
            .ok_or_else(|| format!("a CMS row needs {what}"))?;
        AssetId::parse(raw)
            .map(|id| id.to_string())
            .map_err(|e| format!("{what}: {e}"))
    };
    let collection_id = id(&row.collection_id, "collectionId")?;
    let item_id = id(&row.item_id, "itemId")?;
    let field = row
        .field
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .ok_or("a CMS row needs field (the Image or MultiImage field's slug)")?
        .to_string();
    let file_id = match &row.asset_id {
        Some(_) => Some(id(&row.asset_id, "assetId")?),
        None => None,
    };
    let site_id = match &row.site_id {
        Some(_) => Some(id(&row.site_id, "siteId")?),
        None => None,
    };
    // A CMS locale ID as it is; with a siteId, also a locale tag (`fr-FR`)
    // or a site locale ID, resolved through the site before anything else
    // is read.
    let locale = match row.locale.as_deref().map(str::trim) {
        None => None,
        Some(raw) if site_id.is_some() => {
            if raw.is_empty() || raw.len() > 64 || raw.chars().any(|c| c.is_control()) {
                return Err(format!("locale {raw:?} is not a locale tag or ID"));
            }
            Some(raw.to_string())
        }
        Some(raw) => Some(AssetId::parse(raw).map(|id| id.to_string()).map_err(|_| {
            format!(
                "locale {raw:?} is not a CMS locale ID; give the CMS locale ID, or a siteId \
                 column so a locale tag (fr-FR) or locale ID can be looked up"
            )
        })?),
    };
    let alt = match (&row.alt_text, row.decorative) {
        (Some(text), true) if !text.trim().is_empty() => {
            return Err(format!(
                "the row is marked decorative but has alt text {}: keep one",
                super::shown(Some(text))
            ));
        }
        (_, true) => edit::alt_text("", true),
        (Some(text), false) => edit::alt_text(text, false),
        (None, false) => return Ok(None),
    }
    .map_err(|e| e.to_string())?;
    Ok(Some(super::cms::CmsWanted {
        target: super::cms::Target {
            collection_id,
            item_id,
            field,
            file_id,
            locale,
        },
        site_id,
        alt,
        expect_alt: None,
        origin: format!("line {}", row.line),
        loose_match: true,
    }))
}

/// A later row about the same asset: the same values are fine (the audit's
/// CSV has a row per finding), different ones are refused.
fn merge(
    earlier: &mut Wanted,
    alt_text: Option<edit::AltTextValue>,
    display_name: Option<String>,
    first_line: u64,
) -> Result<(), String> {
    let locale = earlier
        .locale
        .as_ref()
        .map_or(String::new(), |l| format!(" in locale {l}"));
    if let (Some(a), Some(b)) = (&earlier.alt_text, &alt_text)
        && a.text != b.text
    {
        return Err(format!(
            "asset {}{locale} is given two alt texts: {} on line {first_line} and {} here",
            earlier.asset_id,
            super::shown(Some(&a.text)),
            super::shown(Some(&b.text))
        ));
    }
    if let (Some(a), Some(b)) = (&earlier.display_name, &display_name)
        && a != b
    {
        return Err(format!(
            "asset {}{locale} is given two display names: {} on line {first_line} and {} here",
            earlier.asset_id,
            super::shown(Some(a)),
            super::shown(Some(b))
        ));
    }
    if earlier.alt_text.is_none() {
        earlier.alt_text = alt_text;
    }
    if earlier.display_name.is_none() {
        earlier.display_name = display_name;
    }
    Ok(())
}

/// `Asset ID`, `asset_id`, `assetId` → `assetid`.
fn normalise_header(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Takes off the `'` that `wfa audit --format csv` puts before a leading
/// `= + - @`.
fn unguard(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

fn is_yes(cell: &str) -> bool {
    matches!(
        cell.trim().to_ascii_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "x"
    )
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn csv_error(e: &csv::Error, fallback_line: u64) -> RowError {
    let line = e.position().map_or(fallback_line, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text (save the spreadsheet as CSV UTF-8)".into(),
        _ => format!("not readable CSV: {e}"),
    };
    RowError { line, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "63e5889e7fe4eafa7384cea4";
    const B: &str = "63e5889e7fe4eafa7384cea5";

    fn alts(parsed: &Parsed) -> Vec<(String, Option<String>)> {
        parsed
            .wanted
            .iter()
            .map(|w| {
                (
                    w.asset_id.to_string(),
                    w.alt_text.as_ref().map(|v| v.text.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn the_audit_csv_edited_in_a_spreadsheet_is_read_as_is() {
        let text = format!(
            "assetId,displayName,rule,severity,altText,detail\n\
             {A},a.png,alt-missing,warning,A red candy wrapper,not set\n\
             {A},a.png,alt-filename,warning,A red candy wrapper,x\n\
             {B},b.png,alt-missing,warning,,not set\n"
        );
        let parsed = parse(&text, None).unwrap();
        // The report's displayName column says which asset a row is about:
        // it is not written back.
        assert_eq!(
            alts(&parsed),
            [(A.to_string(), Some("A red candy wrapper".to_string()))]
        );
        assert_eq!(parsed.wanted[0].display_name, None);
        assert_eq!(parsed.empty_rows, 1);
    }

    #[test]
    fn headers_are_found_whatever_their_spelling() {
        let text = "\u{feff}Asset ID;x\n";
        assert!(parse(text, None).is_err());
        let text = format!("\u{feff}Asset ID,Alt Text\n{A},Hello there\n");
        let parsed = parse(&text, None).unwrap();
        assert_eq!(alts(&parsed)[0].1.as_deref(), Some("Hello there"));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = format!(
            "assetId,altText\n\
             nothex,Hello\n\
             {A},\"two\nlines\"\n\
             {B},ok\n\
             {B},not ok\n"
        );
        let errors = parse(&text, None).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 6], "{errors:?}");
        assert!(errors[2].message.contains("two alt texts"), "{errors:?}");
    }

    #[test]
    fn decorative_must_be_asked_for() {
        let text = format!("assetId,altText,decorative\n{A},,yes\n{B},,\n");
        let parsed = parse(&text, None).unwrap();
        assert_eq!(alts(&parsed), [(A.to_string(), Some(String::new()))]);
        assert_eq!(parsed.empty_rows, 1);
        let text = format!("{{\"assetId\":\"{A}\",\"altText\":\"\"}}\n");
        assert!(
            parse(&text, None).unwrap_err()[0]
                .message
                .contains("decorative")
        );
        let text = format!("{{\"assetId\":\"{A}\",\"altText\":null}}\n");
        assert!(parse(&text, None).unwrap_err()[0].message.contains("null"));
    }

    #[test]
    fn the_formula_guard_comes_off() {
        let text = format!("assetId,altText\n{A},'=SUM(A1)\n{B},'quoted\n");
        let parsed = parse(&text, None).unwrap();
        assert_eq!(alts(&parsed)[0].1.as_deref(), Some("=SUM(A1)"));
        assert_eq!(alts(&parsed)[1].1.as_deref(), Some("'quoted"));
    }

    #[test]
    fn json_lines_with_locales() {
        let fr = "653ad57de882f528b32e810e";
        let text = format!(
            "{{\"id\":\"{A}\",\"altText\":\"Hello\",\"extra\":[1]}}\n\n\
             {{\"assetId\":\"{A}\",\"altText\":\"Bonjour\",\"locale\":\"{fr}\"}}\n"
        );
        let parsed = parse(&text, None).unwrap();
        assert_eq!(parsed.wanted.len(), 2);
        assert_eq!(parsed.wanted[1].locale.as_ref().unwrap().as_str(), fr);
        assert_eq!(parsed.wanted[1].origin, "line 3");
    }

    #[test]
    fn cms_rows_and_page_rows() {
        let c = "6740b1c2d3e4f5a6b7c8d901";
        let i = "6740d1c2d3e4f5a6b7c8d901";
        let fr = "653ad57de882f528b32e810e";
        let text = format!(
            "collectionId,itemId,field,assetId,altText,locale\n\
             {c},{i},gallery,{A},A jar,\n\
             {c},{i},gallery,{A},A jar,\n\
             {c},{i},main-image,,Un bocal,{fr}\n\
             {c},{i},main-image,,,\n"
        );
        let parsed = parse(&text, None).unwrap();
        assert!(parsed.wanted.is_empty());
        assert_eq!(parsed.cms.len(), 2);
        assert_eq!(parsed.cms[0].target.file_id.as_deref(), Some(A));
        assert_eq!(parsed.cms[1].target.locale.as_deref(), Some(fr));
        assert_eq!(parsed.cms[1].alt.text, "Un bocal");
        assert_eq!(parsed.empty_rows, 1);

        let text = format!(
            "{{\"collectionId\":\"{c}\",\"itemId\":\"{i}\",\"field\":\"gallery\",\"altText\":\"x\"}}\n\
             {{\"collectionId\":\"{c}\",\"altText\":\"x\"}}\n\
             {{\"pageId\":\"{c}\",\"nodeId\":\"n-1\",\"altText\":\"x\"}}\n"
        );
        let errors = parse(&text, None).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("itemId"), "{errors:?}");
        assert!(errors[1].message.contains("Designer"), "{errors:?}");
        assert!(errors[1].message.contains(c) && errors[1].message.contains("n-1"));
    }
}
