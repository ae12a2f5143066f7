//! Detectors over one present, cleaned and trimmed alt text: file names
//! (cameras, screenshots, hashes, the asset's own name), redundant prefixes and
//! placeholders. Pure string functions; `check_asset` decides what they mean.

use std::borrow::Cow;

use crate::text;
use crate::webflow::Asset;

/// The text rules' verdicts for one alt text, with the suppressions applied.
pub(super) struct TextChecks {
    /// The cleaned, trimmed text, lowercased (computed once).
    pub(super) lower: String,
    pub(super) chars: usize,
    pub(super) file_name: Option<FileNameReason>,
    pub(super) prefix: Option<&'static str>,
    pub(super) placeholder: bool,
}

impl TextChecks {
    /// `t` is the cleaned, trimmed, non-empty alt text.
    pub(super) fn run(asset: &Asset, t: &str) -> Self {
        let lower = t.to_lowercase();
        let placeholder = is_placeholder(&lower);
        // A placeholder ("logo", "image 1") is reported as such, not as a file name.
        let file_name = if placeholder {
            None
        } else {
            file_name_reason(asset, t, &lower)
        };
        Self {
            chars: text::char_count(t),
            prefix: redundant_prefix(&lower),
            placeholder,
            file_name,
            lower,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileNameReason {
    OwnFileName,
    OwnFileStem,
    Extension(&'static str),
    Camera,
    Screenshot,
    WebflowName,
    Hash,
    Slug,
}

impl FileNameReason {
    pub(super) fn detail(self) -> String {
        let what = match self {
            FileNameReason::OwnFileName => "is the asset's file name",
            FileNameReason::OwnFileStem => "is the asset's file name without its extension",
            FileNameReason::Extension(ext) => {
                return format!(
                    "ends in \"{ext}\" like a file name: describe what the image shows instead"
                );
            }
            FileNameReason::Camera => "looks like a camera's file name (IMG_1234, DSC…)",
            FileNameReason::Screenshot => "looks like a screenshot's default file name",
            FileNameReason::WebflowName => "looks like a Webflow asset name (ID prefix)",
            FileNameReason::Hash => "looks like a generated ID or hash",
            FileNameReason::Slug => "looks like a file-name slug (words joined by - or _)",
        };
        format!("{what}: describe what the image shows instead")
    }
}

pub(super) const FILE_EXTENSIONS: [&str; 12] = [
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff", ".heic",
    ".pdf",
];

/// Why `t` (cleaned, trimmed; `lower` is its lowercase) looks like a file name.
pub(super) fn file_name_reason(asset: &Asset, t: &str, lower: &str) -> Option<FileNameReason> {
    if let Some(reason) = own_name(asset, lower) {
        return Some(reason);
    }
    // Every extension is a dot and 3 or 4 letters.
    let tail = &lower.as_bytes()[lower.len().saturating_sub(5)..];
    if tail.contains(&b'.')
        && let Some(ext) = FILE_EXTENSIONS.iter().find(|ext| {
            lower
                .strip_suffix(**ext)
                .is_some_and(|stem| stem.ends_with(|c: char| !c.is_whitespace()))
        })
    {
        return Some(FileNameReason::Extension(ext));
    }
    if is_camera_name(t) {
        return Some(FileNameReason::Camera);
    }
    if is_screenshot_name(lower) {
        return Some(FileNameReason::Screenshot);
    }
    let single_token = !t.contains(char::is_whitespace);
    if t.len() > 25 && t.as_bytes()[24] == b'_' && is_hex(&t[..24]) {
        return Some(FileNameReason::WebflowName);
    }
    if single_token && ((t.len() >= 16 && is_hex(t)) || is_uuid(t)) {
        return Some(FileNameReason::Hash);
    }
    if single_token && is_slug_of_stem(asset, t, lower) {
        return Some(FileNameReason::Slug);
    }
    None
}

pub(super) fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `lower` equals one of the asset's own names (as sent, percent-decoded, without
/// the `<id>_` prefix of display names), with or without extension.
pub(super) fn own_name(asset: &Asset, lower: &str) -> Option<FileNameReason> {
    let original = decode(&asset.original_file_name);
    let display = decode(&asset.display_name);
    // The decoded forms only when decoding changed something.
    let decoded = |cow: &Cow<'_, str>| matches!(cow, Cow::Owned(_));
    let display_stripped = strip_id_prefix(&asset.display_name);
    let names = [
        Some(asset.original_file_name.as_str()),
        decoded(&original).then_some(&*original),
        Some(asset.display_name.as_str()),
        decoded(&display).then_some(&*display),
        (display_stripped.len() < asset.display_name.len()).then_some(display_stripped),
        decoded(&display).then(|| strip_id_prefix(&display)),
    ];
    let names = || names.iter().flatten();
    if names().any(|n| eq_lower(lower, n)) {
        return Some(FileNameReason::OwnFileName);
    }
    if names()
        .filter_map(|n| strip_extension(n))
        .any(|stem| eq_lower(lower, stem))
    {
        return Some(FileNameReason::OwnFileStem);
    }
    None
}

/// [`text::decode_file_name`], skipped when there is nothing to decode.
pub(super) fn decode(name: &str) -> Cow<'_, str> {
    if name.contains('%') {
        text::decode_file_name(name)
    } else {
        Cow::Borrowed(name)
    }
}

/// `lower` (already lowercase) equals `name` case-insensitively.
pub(super) fn eq_lower(lower: &str, name: &str) -> bool {
    let name = name.trim();
    // An ASCII name lowercases to ASCII of the same length.
    if name.is_ascii() {
        return lower.len() == name.len() && lower.eq_ignore_ascii_case(name);
    }
    lower.chars().eq(name.chars().flat_map(char::to_lowercase))
}

/// `name` without Webflow's `<24-hex-id>_` prefix.
pub(super) fn strip_id_prefix(name: &str) -> &str {
    match name.get(..25) {
        Some(head) if head.ends_with('_') && is_hex(&head[..24]) => &name[25..],
        _ => name,
    }
}

/// `name` without a short alphanumeric extension (`photo.jpeg` → `photo`).
pub(super) fn strip_extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.trim().rsplit_once('.')?;
    let ok = (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && stem.ends_with(|c: char| !c.is_whitespace());
    ok.then_some(stem)
}

/// Camera and phone defaults: `IMG_1234`, `IMG-1234`, `DSC01234`, `DSCN0042`,
/// `PXL_20230101_…`, `DJI_0042`, `GOPR0042`… (the first word of the text).
pub(super) fn is_camera_name(t: &str) -> bool {
    const PREFIXES: [&str; 10] = [
        "MVIMG", "IMG", "PANO", "PXL", "DSCN", "DSCF", "DSC", "DJI", "GOPR", "VID",
    ];
    if !t.starts_with(['M', 'm', 'I', 'i', 'P', 'p', 'D', 'd', 'G', 'g', 'V', 'v']) {
        return false;
    }
    let token = t.split_whitespace().next().unwrap_or_default();
    PREFIXES.iter().any(|p| {
        let Some(head) = token.get(..p.len()) else {
            return false;
        };
        if !head.eq_ignore_ascii_case(p) {
            return false;
        }
        let rest = &token[p.len()..];
        let rest = rest.strip_prefix(['_', '-']).unwrap_or(rest);
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        rest.len() - after.len() >= 3 && !after.starts_with(char::is_alphanumeric)
    })
}

/// `Screenshot 2024-03-20 at …`, `Screen Shot 2020-…`, `Screenshot_20240320-…`,
/// `Screenshot from 2024-…`, `WhatsApp Image 2024-…`.
pub(super) fn is_screenshot_name(lower: &str) -> bool {
    ["screenshot", "screen shot", "whatsapp image"]
        .iter()
        .any(|p| {
            let Some(rest) = lower.strip_prefix(p) else {
                return false;
            };
            let rest = rest.trim_start_matches([' ', '_', '-']);
            let rest = rest.strip_prefix("from ").unwrap_or(rest);
            let b = rest.as_bytes();
            b.len() >= 5
                && b[..4].iter().all(u8::is_ascii_digit)
                && matches!(b[4], b'-' | b'_' | b'.' | b'0'..=b'9')
        })
}

/// A single token joined by `-`/`_` that is machine-made rather than a hyphenated
/// word ("Coca-Cola", "T-shirt"): mostly made of the file stem's words, or three
/// or more parts with digits or underscores (`summer-sale-2024-hero`).
pub(super) fn is_slug_of_stem(asset: &Asset, t: &str, lower: &str) -> bool {
    if !lower.contains(['-', '_']) {
        return false;
    }
    let is_sep = |c: char| matches!(c, '-' | '_' | '.');
    let parts = lower.split(is_sep).filter(|p| !p.is_empty()).count();
    if parts < 2 {
        return false;
    }
    let has_digit = lower.contains(|c: char| c.is_ascii_digit());
    let has_underscore = lower.contains('_');
    let all_lower = !t.contains(char::is_uppercase);
    if parts >= 3 && (has_digit || has_underscore) {
        return true;
    }
    if !(all_lower || has_digit || has_underscore || parts >= 3) {
        return false;
    }
    let original = decode(&asset.original_file_name);
    let display = decode(&asset.display_name);
    [&*original, strip_id_prefix(&display)].iter().any(|name| {
        let stem = strip_extension(name).unwrap_or(name);
        let stem_parts = || {
            stem.split(|c: char| is_sep(c) || c.is_whitespace())
                .filter(|p| !p.is_empty())
        };
        let shared = lower
            .split(is_sep)
            .filter(|p| !p.is_empty())
            .filter(|p| stem_parts().any(|s| eq_lower(p, s)))
            .count();
        shared * 2 >= parts
    })
}

pub(super) const REDUNDANT_PREFIXES: [&str; 16] = [
    "an image of",
    "a picture of",
    "a photo of",
    "a photograph of",
    "an illustration of",
    "a graphic of",
    "an icon of",
    "a screenshot of",
    "image of",
    "picture of",
    "photo of",
    "photograph of",
    "graphic of",
    "illustration of",
    "icon of",
    "screenshot of",
];

/// The redundant prefix `lower` starts with, as a whole phrase.
pub(super) fn redundant_prefix(lower: &str) -> Option<&'static str> {
    if !lower.starts_with(['a', 'i', 'p', 'g', 's']) {
        return None;
    }
    REDUNDANT_PREFIXES.iter().copied().find(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

pub(super) const PLACEHOLDERS: [&str; 43] = [
    "image",
    "photo",
    "picture",
    "pic",
    "graphic",
    "img",
    "untitled",
    "untitled design",
    "untitled image",
    "alt",
    "alt text",
    "alt-text",
    "alttext",
    "alt tag",
    "alt text here",
    "your alt text here",
    "image alt",
    "image alt text",
    "no alt text",
    "placeholder",
    "logo",
    "icon",
    "banner",
    "hero",
    "thumbnail",
    "caption",
    "test",
    "todo",
    "tbd",
    "description",
    "add description",
    "image description",
    "photo description",
    "insert alt text",
    "enter alt text",
    "add alt text",
    "lorem ipsum",
    "null",
    "undefined",
    "none",
    "n/a",
    "nan",
    "default",
];

/// Words that, followed by only a number, are still a placeholder ("Image 3",
/// "Untitled-1", "slide_2"). Not `img`: `IMG_1234` is a camera file name.
pub(super) const NUMBERED_PLACEHOLDERS: [&str; 12] = [
    "image",
    "photo",
    "picture",
    "pic",
    "graphic",
    "untitled",
    "banner",
    "hero",
    "thumbnail",
    "slide",
    "icon",
    "logo",
];

/// The whole text (lowercase; surrounding quotes/brackets and trailing punctuation
/// ignored, whitespace collapsed) is a placeholder, or only punctuation.
pub(super) fn is_placeholder(lower: &str) -> bool {
    let core = lower
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '[' | ']'
                        | '('
                        | ')'
                        | '{'
                        | '}'
                        | '<'
                        | '>'
                        | '"'
                        | '\''
                        | '`'
                        | '*'
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '«'
                        | '»'
                )
        })
        .trim_end_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_punctuation() || matches!(c, '…' | '。' | '！' | '？')
        });
    if core.is_empty() {
        // Only punctuation: "-", "...", "[ ]".
        return true;
    }
    // Placeholders are short (the longest is 18 bytes): collapse the whitespace
    // into a small buffer, giving up as soon as the text is too long to be one.
    const MAX: usize = 32;
    let mut buf = [0u8; MAX];
    let mut len = 0;
    for word in core.split_whitespace() {
        let sep = usize::from(len > 0);
        if len + sep + word.len() > MAX {
            return false;
        }
        if sep == 1 {
            buf[len] = b' ';
        }
        buf[len + sep..len + sep + word.len()].copy_from_slice(word.as_bytes());
        len += sep + word.len();
    }
    // Whole words were copied, so this is valid UTF-8.
    let Ok(norm) = std::str::from_utf8(&buf[..len]) else {
        return false;
    };
    if PLACEHOLDERS.contains(&norm) {
        return true;
    }
    NUMBERED_PLACEHOLDERS.iter().any(|p| {
        norm.strip_prefix(p).is_some_and(|rest| {
            let rest = rest.trim_start_matches([' ', '-', '_', '#']);
            !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())
        })
    })
}
