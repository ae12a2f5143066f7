//! The browser's `$EDITOR` table: one line per asset, `ID<TAB>name<TAB>alt
//! text`, under `#` comment lines saying how to edit it. [`write()`] makes it
//! from what the browser shows; [`parse`] reads it back as [`Wanted`]
//! changes, every line checked first as `wfa apply`'s input is
//! ([`super::input`]): every problem is reported with its line, and nothing
//! is planned while there is one.
//!
//! - Only the alt-text column is read; the name is there to tell the rows
//!   apart (changing it changes nothing).
//! - A line deleted, or left as it was written, leaves its asset alone.
//! - `""` marks the image decorative (empty alt text). An empty column asks
//!   for nothing: `null` ("not set") cannot be written back.
//! - Each change expects the asset to still hold what the browser showed
//!   (`shown`), so an edit made meanwhile by someone else is a conflict.

use std::collections::HashMap;

use super::Wanted;
use super::input::RowError;
use crate::edit;
use crate::webflow::{AssetId, LocaleId};

/// The alt-text cell of a decorative image.
pub const DECORATIVE: &str = "\"\"";

/// What the table asks for.
#[derive(Debug, Default)]
pub struct Table {
    /// One per asset, in the order of the lines.
    pub wanted: Vec<Wanted>,
    /// Lines left as they were written (or with an empty alt column).
    pub untouched: usize,
    /// Warnings about values that will be written (too long…), with lines.
    pub warnings: Vec<RowError>,
}

/// An alt text as the table shows it: on one line (tabs and other control
/// characters as spaces), `""` for decorative, nothing for `null`.
pub fn cell(alt: Option<&str>) -> String {
    match alt {
        None => String::new(),
        Some("") => DECORATIVE.to_string(),
        Some(text) => text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_string(),
    }
}

/// One table row's name column: on one line, without tabs.
fn name_cell(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The table of `rows` (ID, display name, alt text), with its instructions.
pub fn write<'a>(
    rows: impl IntoIterator<Item = (&'a AssetId, &'a str, Option<&'a str>)>,
) -> String {
    let mut text = String::from(
        "# wfa: edit the alt text column (the third, after the second tab), save and quit.\n\
         # Delete a line to leave its asset alone; a line left as it is changes nothing.\n\
         # Write \"\" to mark an image decorative (empty alt text). An empty column asks\n\
         # for nothing: Webflow cannot be set back to null (\"not set\").\n\
         # The name column is for reference only. Lines starting with # are ignored.\n\
         # The plan (current -> new) is shown before anything is written.\n\
         # ID\tname\talt text\n",
    );
    for (id, name, alt) in rows {
        text.push_str(&format!("{id}\t{}\t{}\n", name_cell(name), cell(alt)));
    }
    text
}

/// Where [`with_errors`] puts the reasons a table was refused.
const ERRORS_HEADER: &str = "# wfa: not applied, fix these lines and save again:";

/// `text` with the reasons it was refused appended as comments (those of an
/// earlier refusal replaced), so the lines keep their numbers.
pub fn with_errors(text: &str, errors: &[RowError]) -> String {
    let kept = text.split(ERRORS_HEADER).next().unwrap_or_default();
    let mut out = kept.trim_end_matches('\n').to_string();
    out.push('\n');
    out.push_str(ERRORS_HEADER);
    out.push('\n');
    for error in errors {
        out.push_str(&format!("# {error}\n"));
    }
    out
}

/// Reads the table back: the changes it asks for, each expecting the value
/// in `shown` (what the browser showed; an asset missing from it is changed
/// whatever it holds). `locale` applies to every change.
pub fn parse(
    text: &str,
    locale: Option<&LocaleId>,
    shown: &HashMap<AssetId, Option<String>>,
) -> Result<Table, Vec<RowError>> {
    let mut table = Table::default();
    let mut errors = Vec::new();
    // Line of the first change of each asset, with its text.
    let mut seen: HashMap<AssetId, (u64, String)> = HashMap::new();
    for (i, raw) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = i as u64 + 1;
        let fail = |message: String| RowError { line, message };
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let mut columns = raw.splitn(3, '\t');
        let id_text = columns.next().unwrap_or_default().trim();
        let (Some(_name), Some(alt)) = (columns.next(), columns.next()) else {
            errors.push(fail(
                "expected three columns separated by tabs: ID, name, alt text".to_string(),
            ));
            continue;
        };
        let id = match AssetId::parse(id_text) {
            Ok(id) => id,
            Err(e) => {
                errors.push(fail(e.to_string()));
                continue;
            }
        };
        let alt = alt.trim();
        let was = shown.get(&id);
        if alt.is_empty() || was.is_some_and(|w| cell(w.as_deref()) == alt) {
            table.untouched += 1;
            continue;
        }
        let checked = if alt == DECORATIVE {
            edit::alt_text("", true)
        } else {
            edit::alt_text(alt, false)
        };
        let value = match checked {
            Ok(value) => value,
            Err(e) => {
                errors.push(fail(e.to_string()));
                continue;
            }
        };
        if let Some((first, text)) = seen.get(&id) {
            if *text != value.text {
                errors.push(fail(format!(
                    "asset {id} is given another alt text on line {first}; keep one"
                )));
            }
            continue;
        }
        seen.insert(id.clone(), (line, value.text.clone()));
        table
            .warnings
            .extend(value.warnings.iter().map(|w| fail(w.clone())));
        let mut wanted = Wanted::new(id, locale.cloned(), format!("line {line}"));
        wanted.expect_alt_text = was.cloned();
        wanted.alt_text = Some(value);
        table.wanted.push(wanted);
    }
    if errors.is_empty() {
        Ok(table)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "63e5889e7fe4eafa7384cea4";
    const B: &str = "65c9e1770f5e44065d2abbfa";
    const C: &str = "67f628ace5d226bbabc5a13b";

    fn id(s: &str) -> AssetId {
        AssetId::parse(s).unwrap()
    }

    fn shown() -> HashMap<AssetId, Option<String>> {
        HashMap::from([
            (id(A), None),
            (id(B), Some("IMG_2041.jpg".to_string())),
            (id(C), Some("tab\there".to_string())),
        ])
    }

    #[test]
    fn a_table_written_and_read_back_unchanged_asks_for_nothing() {
        let shown = shown();
        let ids = [id(A), id(B), id(C)];
        let text = write(
            ids.iter()
                .map(|i| (i, "name\twith tab", shown[i].as_deref())),
        );
        let table = parse(&text, None, &shown).unwrap();
        assert!(table.wanted.is_empty());
        assert_eq!(table.untouched, 3);
    }

    #[test]
    fn edited_lines_become_changes_expecting_what_was_shown() {
        let text =
            format!("# comment\n{A}\tCandy\tA red candy wrapper\n{B}\tHero\t\"\"\n\n{C}\tx\t\n");
        let table = parse(&text, None, &shown()).unwrap();
        assert_eq!(table.untouched, 1);
        let [a, b] = &table.wanted[..] else {
            panic!("{:?}", table.wanted)
        };
        assert_eq!(a.alt_text.as_ref().unwrap().text, "A red candy wrapper");
        assert_eq!(a.expect_alt_text, Some(None));
        assert_eq!(a.origin, "line 2");
        assert!(b.alt_text.as_ref().unwrap().is_decorative());
        assert_eq!(b.expect_alt_text, Some(Some("IMG_2041.jpg".to_string())));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = format!(
            "not-an-id\tx\ty\n{A}\tonly two\n{B}\tx\t\u{202e}evil\n{A}\ta\tone\n{A}\ta\ttwo\n"
        );
        let errors = parse(&text, None, &shown()).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3, 5], "{errors:?}");
        assert!(errors[3].message.contains("line 4"), "{errors:?}");
        // Appended as comments, the lines keep their numbers; a second
        // refusal replaces the first's reasons.
        let again = with_errors(&with_errors(&text, &errors), &errors[..1]);
        assert!(again.starts_with(&text));
        assert_eq!(again.matches(ERRORS_HEADER).count(), 1);
        assert!(again.contains("\n# line 1: "), "{again}");
        assert_eq!(
            parse(&again, None, &shown()).unwrap_err().len(),
            errors.len()
        );
    }
}
