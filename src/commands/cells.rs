//! Report cells as wfa writes them (CSV and markdown), shared by `wfa audit`
//! and `wfa audit --rendered`: untrusted text cleaned and escaped once.

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

/// Markdown table cells: no pipes, no line breaks, no HTML.
pub fn md_escape(s: &str) -> String {
    clean(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}
