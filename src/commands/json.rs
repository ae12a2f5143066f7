//! The one JSON writer of every `--json` output (`wfa get`, `wfa list`, `wfa
//! audit --format json`): compact JSON, one value a line, with DEL (U+007F)
//! and the C1 controls (U+0080–U+009F) escaped as `\u007f`…`\u009f`.
//!
//! serde_json escapes only what JSON requires (quotes, backslash, below
//! U+0020), so a C1 control from the API would reach the terminal raw, and
//! xterm reads U+009B as CSI. Escaped, the value a JSON reader gets is the
//! same; only the bytes on the way change.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, Serializer};

/// serde_json's compact formatter, escaping DEL and C1 inside strings (keys
/// included: they are strings too).
struct ControlEscaping;

impl Formatter for ControlEscaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if ('\u{7f}'..='\u{9f}').contains(&c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        CompactFormatter.write_string_fragment(writer, &fragment[start..])
    }
}

/// `value` as one line of compact JSON, without the line break.
pub fn to_string(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    let mut serializer = Serializer::with_formatter(&mut out, ControlEscaping);
    // Maps with non-string keys are the only failure, and wfa's values have
    // none; a failure would leave an empty object rather than half a value.
    if value.serialize(&mut serializer).is_err() {
        return "{}".to_string();
    }
    String::from_utf8(out).expect("serde_json writes UTF-8, and the escapes are ASCII")
}

/// `value` and a line break, written to `out`.
pub fn write_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut line = to_string(value);
    line.push('\n');
    out.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn del_and_c1_are_escaped_everything_else_is_compact_json() {
        let value = json!({"a\u{9b}": "x\u{9b}2J\u{7f}y\u{80}\u{9f}\u{a0}é\u{1b}\"\\", "n": [1, null, true]});
        let text = to_string(&value);
        assert_eq!(
            text,
            r#"{"a\u009b":"x\u009b2J\u007fy\u0080\u009f"#.to_string()
                + "\u{a0}é"
                + r#"\u001b\"\\","n":[1,null,true]}"#
        );
        assert!(!text.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        // Nothing to escape: the same bytes as serde_json's own.
        let plain = json!({"id": "63e5", "size": 12, "alt": "Ünïcode ✓"});
        assert_eq!(to_string(&plain), plain.to_string());
    }

    #[test]
    fn write_line_ends_the_line() {
        let mut out = Vec::new();
        write_line(&mut out, &json!(["\u{85}"])).unwrap();
        assert_eq!(out, b"[\"\\u0085\"]\n");
    }
}
