//! Webflow's data formatted for people, shared by the headless commands and
//! the browser's panes: the block `wfa get` prints for an asset, variant
//! dimensions, dates with their age, a CMS item's image field. Every string from the API passes through
//! `text::clean` on its way out; `text` itself knows nothing of Webflow.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use crate::text::{self, clean};
use crate::usage::Place;
use crate::webflow::{AltState, Asset, Timestamp, Variant};

const LABEL_WIDTH: usize = 15;

/// A CMS item's image field, as the browser names it:
/// `CMS "Products" · item "Gummy bears" · field Main image`.
pub fn cms_place(place: &Place) -> String {
    format!(
        "CMS \"{}\" · item \"{}\" · field {}",
        clean(place.collection.as_deref().unwrap_or_default()),
        clean(place.item.as_deref().unwrap_or_default()),
        clean(place.field.as_deref().unwrap_or_default())
    )
}

/// Formats every field of `asset`; `now` anchors the relative dates.
pub fn asset_block(asset: &Asset, now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", clean(&asset.display_name));
    let mut field = |label: &str, value: &str| {
        let _ = writeln!(out, "  {label:<LABEL_WIDTH$}{value}");
    };
    field("ID", &clean(&asset.id));
    field("Content type", &clean(&asset.content_type));
    field("Size", &text::size_both(asset.size));
    field("Site", &clean(&asset.site_id));
    if let Some(folder) = &asset.folder_id {
        field(
            "Folder",
            &folder.as_deref().map_or("(site root)".into(), clean),
        );
    }
    field(
        "Original name",
        &clean(&text::decode_file_name(&asset.original_file_name)),
    );
    field("Hosted URL", &clean(&asset.hosted_url));
    field("Created", &date_with_age(&asset.created_on, now));
    field("Last updated", &date_with_age(&asset.last_updated, now));
    field("Alt text", &alt_summary(asset));
    if let Some(alt) = asset.alt_text.as_deref().filter(|t| !t.trim().is_empty()) {
        for line in text::clean_multiline(alt).lines() {
            field("", line);
        }
    }
    if asset.variants.is_empty() {
        field("Variants", "none");
    } else {
        field("Variants", &asset.variants.len().to_string());
        out.push_str(&variant_table(&asset.variants));
    }
    out
}

/// `present, 22 characters` / `empty ("")` / `missing (null) …`.
pub fn alt_summary(asset: &Asset) -> String {
    match asset.alt_state() {
        AltState::Missing => {
            "missing (null): not set; Webflow treats the image as decorative".to_string()
        }
        AltState::Empty => {
            let t = asset.alt_text.as_deref().unwrap_or_default();
            if t.is_empty() {
                "empty (\"\")".to_string()
            } else {
                format!(
                    "empty (only whitespace, {} characters)",
                    text::char_count(t)
                )
            }
        }
        AltState::Present => {
            let n = text::char_count(asset.alt_text.as_deref().unwrap_or_default());
            format!("present, {n} character{}", if n == 1 { "" } else { "s" })
        }
    }
}

/// `500×900`; a missing dimension shows as `null`, as Webflow sent it.
pub fn dimensions(v: &Variant) -> String {
    let side = |d: Option<u32>| d.map_or("null".to_string(), |d| d.to_string());
    format!("{}×{}", side(v.width), side(v.height))
}

fn variant_table(variants: &[Variant]) -> String {
    let header = ["FORMAT", "SIZE", "QUALITY", "FILE", "ERROR"];
    let rows: Vec<[String; 5]> = variants
        .iter()
        .map(|v| {
            [
                clean(&v.format).into_owned(),
                dimensions(v),
                v.quality.map_or("-".into(), |q| q.to_string()),
                clean(&text::decode_file_name(&v.display_name)).into_owned(),
                v.error
                    .as_deref()
                    .map_or("-".into(), |e| clean(e).into_owned()),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut l = String::from("    ");
        for (cell, w) in cells.iter().zip(widths) {
            let _ = write!(l, "{cell:<w$}  ");
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// A date in the local time zone with its offset, then how long ago it was; an
/// unparseable date is shown exactly as received.
pub fn date_with_age(ts: &Timestamp, now: chrono::DateTime<chrono::Utc>) -> String {
    date_with_age_in(ts, now, None, "%Y-%m-%d %H:%M:%S %:z")
}

/// `date_with_age` in a fixed offset instead of the local zone (`None`), so that
/// rendering can be reproduced exactly in tests, and with a chrono `format`.
pub fn date_with_age_in(
    ts: &Timestamp,
    now: chrono::DateTime<chrono::Utc>,
    offset: Option<chrono::FixedOffset>,
    format: &str,
) -> String {
    let Some(at) = ts.parsed() else {
        return format!("{} (not a valid date)", clean(ts.raw()));
    };
    let local = match offset {
        Some(offset) => at.with_timezone(&offset),
        None => at.with_timezone(&chrono::Local).fixed_offset(),
    };
    format!(
        "{} ({})",
        local.format(format),
        text::relative_time(at, now)
    )
}
