//! Text helpers shared by every output path: making untrusted strings safe for a
//! terminal, and formatting sizes and names for people.
//!
//! Everything that came from the API (or from disk) is untrusted: an asset name can
//! hold an escape sequence that would move the cursor, retitle the window or
//! rewrite the clipboard. `clean` is the one gate such strings pass before they
//! reach a terminal.

use std::borrow::Cow;

/// Returns `s` with every character that could control a terminal removed.
///
/// Removes C0 controls (tab and newline included; callers that want line breaks
/// split first), DEL, C1 controls, bidi overrides/isolates and zero-width
/// characters. An ESC starts a sequence (CSI, OSC, DCS, …) whose parameter bytes are
/// dropped with it, so `\x1b[31m` disappears entirely rather than leaving `[31m`.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            // C1 string introducers (DCS, SOS, OSC, PM, APC) swallow until ST.
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_until_st(&mut chars),
            // CSI in its 8-bit form: parameters up to a final byte.
            '\u{9b}' => skip_csi(&mut chars),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `clean`, but keeps line breaks (`\n`) so that multi-line text can be wrapped.
/// Tabs become a space.
pub fn clean_multiline(s: &str) -> String {
    s.split('\n')
        .map(|line| clean(&line.replace('\t', " ")).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `c` must never reach a terminal from untrusted text: controls (C0,
/// DEL, C1), bidi embeddings, overrides and isolates, and zero-width
/// characters. The one definition: `clean` and the tests both use it.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() // C0, DEL, C1
        || matches!(c,
            '\u{200b}'..='\u{200f}'   // zero-width space/joiners, LRM, RLM
            | '\u{202a}'..='\u{202e}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{feff}'              // zero-width no-break space / BOM
            | '\u{061c}'              // Arabic letter mark
        )
}

fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_until_st(chars);
        }
        // Two-character sequences such as ESC c (reset) or ESC 7.
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// CSI parameters and intermediates run until a final byte in `@`..=`~`.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) || !(' '..='?').contains(&c) {
            break;
        }
    }
}

/// String sequences (OSC, DCS, …) end at BEL, ST (`ESC \`) or the C1 ST.
fn skip_until_st(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// Percent-decodes a Webflow file name for display (`Screenshot%202024` →
/// `Screenshot 2024`). Invalid UTF-8 after decoding keeps the original text. The
/// result is for people only: URLs are always used exactly as Webflow sent them.
pub fn decode_file_name(name: &str) -> Cow<'_, str> {
    match percent_encoding::percent_decode_str(name).decode_utf8() {
        Ok(decoded) => decoded,
        Err(_) => Cow::Borrowed(name),
    }
}

/// The first `max` characters of `s`, with `…` when something was cut.
pub fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `s` in at most `width` characters, the last one `…` when it was cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    shorten(s, width.saturating_sub(1))
}

/// A byte count in binary units with one decimal (`2.1 MiB`); plain bytes below 1 KiB.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// An integer with thousands separators (`2,212,772`), for exact byte counts.
pub fn with_separators(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// Size as people read it and as scripts compare it: `2.1 MiB (2,212,772 bytes)`.
pub fn size_both(bytes: u64) -> String {
    format!("{} ({} bytes)", human_size(bytes), with_separators(bytes))
}

/// Number of characters (Unicode scalar values) — what alt-text length guidance counts.
pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_leaves_ordinary_text_alone() {
        assert!(matches!(clean("Café – 👍 test"), Cow::Borrowed(_)));
    }

    #[test]
    fn clean_removes_sequences_whole() {
        assert_eq!(clean("a\x1b[31mred\x1b[0m b"), "ared b");
        assert_eq!(clean("x\x1b]0;pwned\x07y"), "xy");
        assert_eq!(clean("x\x1b]52;c;aGVsbG8=\x1b\\y"), "xy");
        assert_eq!(clean("x\x1bPq#0;2;0;0;0\x1b\\y"), "xy");
        assert_eq!(clean("x\u{9b}2Jy"), "xy");
        assert_eq!(clean("a\u{202e}b\u{200b}c\u{feff}d\re\n\tf\x00"), "abcdef");
        assert_eq!(clean("trailing\x1b"), "trailing");
    }

    #[test]
    fn multiline_keeps_breaks_only() {
        assert_eq!(clean_multiline("a\tb\n\x1b[2Jc"), "a b\nc");
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(size_both(2_212_772), "2.1 MiB (2,212,772 bytes)");
        assert_eq!(with_separators(999), "999");
        assert_eq!(with_separators(1000), "1,000");
    }

    #[test]
    fn decodes_names_for_display() {
        assert_eq!(
            decode_file_name("Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png"),
            "Screenshot 2024-03-20 at 9.03.24\u{202f}PM-p-500.png"
        );
        assert_eq!(decode_file_name("bad%FF"), "bad%FF");
    }
}

/// How long ago (or how far ahead) `then` is from `now`, in the largest whole
/// unit: `just now`, `5 minutes ago`, `3 years ago`, `in 2 days`.
pub fn relative_time(
    then: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let seconds = (now - then).num_seconds();
    let (future, secs) = (seconds < 0, seconds.unsigned_abs());
    const UNITS: [(u64, &str); 6] = [
        (365 * 86_400, "year"),
        (30 * 86_400, "month"),
        (7 * 86_400, "week"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
    ];
    let Some((size, name)) = UNITS.iter().find(|(size, _)| secs >= *size) else {
        return "just now".to_string();
    };
    let n = secs / size;
    let plural = if n == 1 { "" } else { "s" };
    if future {
        format!("in {n} {name}{plural}")
    } else {
        format!("{n} {name}{plural} ago")
    }
}

#[cfg(test)]
mod time_tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn relative() {
        let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
        let at = |y, m, d, h, min| Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap();
        assert_eq!(relative_time(at(2026, 11, 28, 11, 59), now), "1 minute ago");
        assert_eq!(relative_time(now, now), "just now");
        assert_eq!(relative_time(at(2023, 3, 1, 23, 42), now), "3 years ago");
        assert_eq!(relative_time(at(2026, 11, 30, 12, 0), now), "in 2 days");
    }
}
