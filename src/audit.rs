//! Alt-text checks: pure functions over an asset, shared by the TUI (row marks
//! and the Alt text pane) and the command line.

use crate::text;
use crate::webflow::{AltState, Asset};

/// Common accessibility guidance (screen readers), not a Webflow rule.
pub const LONG_ALT_CHARS: usize = 125;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AltWarning {
    /// `null`: Webflow treats the image as decorative.
    Missing,
    /// `""` or only whitespace.
    Empty,
    /// More than [`LONG_ALT_CHARS`] characters.
    TooLong(usize),
    /// The alt text is, or looks like, a file name.
    LooksLikeFileName,
}

impl AltWarning {
    pub fn message(&self) -> String {
        match self {
            AltWarning::Missing => {
                "missing: alt text was never set (Webflow treats the image as decorative)".into()
            }
            AltWarning::Empty => "empty: screen readers will skip this image".into(),
            AltWarning::TooLong(n) => format!(
                "long: {n} characters; screen readers read more than {LONG_ALT_CHARS} poorly"
            ),
            AltWarning::LooksLikeFileName => {
                "looks like a file name: describe what the image shows".into()
            }
        }
    }
}

/// The problems with an asset's alt text; none for documents (PDF, JSON…), which
/// do not need alt text.
pub fn alt_warnings(asset: &Asset) -> Vec<AltWarning> {
    if !asset.is_image() {
        return Vec::new();
    }
    let alt = asset.alt_text.as_deref().unwrap_or_default();
    match asset.alt_state() {
        AltState::Missing => vec![AltWarning::Missing],
        AltState::Empty => vec![AltWarning::Empty],
        AltState::Present => {
            let mut warnings = Vec::new();
            let n = text::char_count(alt);
            if n > LONG_ALT_CHARS {
                warnings.push(AltWarning::TooLong(n));
            }
            if looks_like_file_name(alt, asset) {
                warnings.push(AltWarning::LooksLikeFileName);
            }
            warnings
        }
    }
}

/// The asset's own file name, or a single word with an image extension.
fn looks_like_file_name(alt: &str, asset: &Asset) -> bool {
    let alt = alt.trim();
    let lower = alt.to_ascii_lowercase();
    if [&asset.original_file_name, &asset.display_name]
        .iter()
        .any(|name| text::decode_file_name(name).eq_ignore_ascii_case(alt))
    {
        return true;
    }
    const EXTENSIONS: [&str; 9] = [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif",
    ];
    !alt.contains(' ') && EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}
