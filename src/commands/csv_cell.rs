//! One CSV cell as wfa writes it, shared by the audit reports.

use crate::text::clean;

/// RFC 4180 quoting; a leading `= + - @` gets a `'` so spreadsheets do not run
/// it as a formula (alt text comes from anyone with Designer access).
pub fn csv_field(value: &str) -> String {
    let value = clean(value);
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.into_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}
