//! Alt-text checks: pure functions over assets (no I/O), shared by the TUI (row
//! marks and the Alt text pane) and the command line (`audit`, CI output).
//!
//! Two layers:
//! - [`alt_warnings`] / [`AltWarning`]: the TUI's short per-asset summary.
//! - [`RULES`], [`check_asset`] and [`audit`]: the rule set with stable IDs and
//!   severities, including the cross-asset duplicate rule, and a serialisable
//!   [`Report`].
//!
//! Both layers share the same detectors, so the TUI and the CLI agree on what a
//! file name or an over-long text is.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::text;
use crate::webflow::{AltState, Asset};

/// Common accessibility guidance (screen readers), not a Webflow rule.
pub const LONG_ALT_CHARS: usize = 125;

/// One problem with an asset's alt text, as the TUI's per-asset summary shows it
/// (row marks and the Alt text pane). The command line uses the richer
/// [`check_asset`] / [`audit`] rules instead.
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
    /// One line for the TUI's Alt text pane.
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

/// The TUI's per-asset summary of the problems with an asset's alt text; none for
/// documents (PDF, JSON…), which do not need alt text.
///
/// Uses the same detectors as [`check_asset`] (a placeholder such as `logo` is not
/// reported as a file name), but only the four kinds the TUI shows.
pub fn alt_warnings(asset: &Asset) -> Vec<AltWarning> {
    let Some((state, prepared)) = read(asset) else {
        return Vec::new();
    };
    match state {
        AltState::Missing => vec![AltWarning::Missing],
        AltState::Empty => vec![AltWarning::Empty],
        AltState::Present => {
            let checked = TextChecks::run(asset, prepared.trim());
            let mut warnings = Vec::new();
            if checked.chars > LONG_ALT_CHARS {
                warnings.push(AltWarning::TooLong(checked.chars));
            }
            if checked.file_name.is_some() {
                warnings.push(AltWarning::LooksLikeFileName);
            }
            warnings
        }
    }
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// How bad a finding is. Ordered: `Error` is the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// From the least to the most severe.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    /// `info`, `warning` or `error`, as in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not `info`, `warning` or `error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity {0:?}: expected info, warning or error")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// Case-insensitive; surrounding whitespace is ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| UnknownSeverity(s.to_string()))
    }
}

/// One audit rule: a stable ID (it appears in CI output), its default severity and
/// a one-line explanation (for the README and `--help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub explanation: &'static str,
}

pub const ALT_MISSING: &str = "alt-missing";
pub const ALT_EMPTY: &str = "alt-empty";
pub const ALT_FILENAME: &str = "alt-filename";
pub const ALT_REDUNDANT_PREFIX: &str = "alt-redundant-prefix";
pub const ALT_PLACEHOLDER: &str = "alt-placeholder";
pub const ALT_TOO_LONG: &str = "alt-too-long";
pub const ALT_DUPLICATE: &str = "alt-duplicate";

/// Every rule, in the stable order findings of one asset are reported in.
pub const RULES: &[Rule] = &[
    Rule {
        id: ALT_MISSING,
        severity: Severity::Warning,
        explanation: "alt text was never set (null); Webflow treats the image as decorative \
                      (severity configurable)",
    },
    Rule {
        id: ALT_EMPTY,
        severity: Severity::Error,
        explanation: "alt text is empty or only whitespace/invisible characters",
    },
    Rule {
        id: ALT_FILENAME,
        severity: Severity::Error,
        explanation: "alt text is the file name or looks like one (extension, IMG_1234, \
                      screenshot name, hash, slug)",
    },
    Rule {
        id: ALT_REDUNDANT_PREFIX,
        severity: Severity::Warning,
        explanation: "alt text starts with \"image of\", \"photo of\"…; screen readers \
                      already announce an image",
    },
    Rule {
        id: ALT_PLACEHOLDER,
        severity: Severity::Error,
        explanation: "alt text is a placeholder such as \"image\", \"logo\", \"untitled\" \
                      or \"alt text\"",
    },
    Rule {
        id: ALT_TOO_LONG,
        severity: Severity::Warning,
        explanation: "alt text is longer than the limit (default 125 characters); screen \
                      readers read long text poorly",
    },
    Rule {
        id: ALT_DUPLICATE,
        severity: Severity::Warning,
        explanation: "the same alt text is on several images (default 3 or more); each \
                      image should say what it shows",
    },
];

/// The rule with this ID.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

fn rule_severity(id: &str) -> Severity {
    rule(id).map_or(Severity::Warning, |r| r.severity)
}

/// Settings of an audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditConfig {
    /// Severity of `alt-missing` (default warning: `null` may be intentionally
    /// decorative).
    pub missing_severity: Severity,
    /// `alt-too-long` above this many characters (default [`LONG_ALT_CHARS`]).
    pub max_chars: usize,
    /// `alt-duplicate` when at least this many image assets share a text
    /// (default 3; values below 2 act as 2).
    pub duplicate_min_assets: usize,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            missing_severity: Severity::Warning,
            max_chars: LONG_ALT_CHARS,
            duplicate_min_assets: 3,
        }
    }
}

/// One rule that one asset breaks.
///
/// `asset_id`, `display_name` and `alt_text` are exactly as Webflow sent them (so
/// scripts can match them): [`text::clean`] them before printing to a terminal.
/// `detail` is already clean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub asset_id: String,
    pub display_name: String,
    pub rule: &'static str,
    pub severity: Severity,
    /// `None` when the alt text is `null`.
    pub alt_text: Option<String>,
    /// A one-line, actionable explanation for this asset.
    #[serde(skip)]
    pub detail: String,
}

/// Counts over a whole audit. `by_rule` and `by_severity` list every rule and
/// severity, with zero counts too, so that the JSON shape does not vary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Every asset audited, documents included.
    pub assets: usize,
    /// The image assets (the only ones the rules apply to).
    pub images: usize,
    pub findings: usize,
    pub by_rule: BTreeMap<&'static str, usize>,
    pub by_severity: BTreeMap<Severity, usize>,
}

/// The result of [`audit`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub summary: Summary,
    /// In asset order, then in [`RULES`] order within an asset.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The most severe finding's severity; `None` when there are no findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// The per-asset rules (every rule but `alt-duplicate`), in [`RULES`] order.
/// Documents (not `image/*`) get no findings.
pub fn check_asset(asset: &Asset, config: &AuditConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_into(asset, config, &mut findings);
    findings
}

/// Audits `assets`: the per-asset rules and the cross-asset duplicate rule.
pub fn audit<'a>(assets: impl IntoIterator<Item = &'a Asset>, config: &AuditConfig) -> Report {
    let assets: Vec<&Asset> = assets.into_iter().collect();
    let mut findings = Vec::with_capacity(assets.len());
    // Where each asset's findings end in `findings`.
    let mut ends = Vec::with_capacity(assets.len());
    // Duplicate detection: the group of each asset's normalised text.
    let mut groups: HashMap<String, usize> = HashMap::new();
    let mut group_sizes: Vec<usize> = Vec::new();
    let mut group_of: Vec<Option<usize>> = vec![None; assets.len()];
    // Whether an asset was listed twice (overlapping pages can do that).
    let mut ids: HashSet<&str> = HashSet::with_capacity(assets.len());
    let mut relisted = false;
    let mut images = 0;

    for (i, asset) in assets.iter().enumerate() {
        if is_image(&asset.content_type) {
            images += 1;
        }
        if let Some(key) = check_into(asset, config, &mut findings) {
            let next = group_sizes.len();
            let group = *groups.entry(key).or_insert(next);
            if group == next {
                group_sizes.push(0);
            }
            group_sizes[group] += 1;
            group_of[i] = Some(group);
            relisted |= !ids.insert(&asset.id);
        }
        ends.push(findings.len());
    }

    // How many distinct assets share each large-enough group (an asset listed
    // twice, as overlapping pages can do, counts once).
    let min = config.duplicate_min_assets.max(2);
    let mut shared: Vec<usize> = vec![0; group_sizes.len()];
    let mut any = false;
    if !relisted {
        for (group, &size) in group_sizes.iter().enumerate() {
            if size >= min {
                shared[group] = size;
                any = true;
            }
        }
    } else {
        let mut members: Vec<(usize, &str)> = group_of
            .iter()
            .zip(&assets)
            .filter_map(|(g, a)| {
                g.filter(|&g| group_sizes[g] >= min)
                    .map(|g| (g, a.id.as_str()))
            })
            .collect();
        members.sort_unstable();
        members.dedup();
        for same in members.chunk_by(|a, b| a.0 == b.0) {
            if same.len() >= min {
                shared[same[0].0] = same.len();
                any = true;
            }
        }
    }

    if any {
        let mut merged = Vec::with_capacity(findings.len() + assets.len() / 4);
        let mut rest = findings.into_iter();
        let mut start = 0;
        for (i, asset) in assets.iter().enumerate() {
            merged.extend(rest.by_ref().take(ends[i] - start));
            start = ends[i];
            if let Some(n) = group_of[i].map(|g| shared[g]).filter(|&n| n > 0) {
                merged.push(finding(
                    asset,
                    ALT_DUPLICATE,
                    rule_severity(ALT_DUPLICATE),
                    format!(
                        "the same alt text is on {n} images: describe what is different \
                         in each one"
                    ),
                ));
            }
        }
        findings = merged;
    }

    let mut by_rule: BTreeMap<&'static str, usize> = RULES.iter().map(|r| (r.id, 0)).collect();
    let mut by_severity: BTreeMap<Severity, usize> =
        Severity::ALL.into_iter().map(|s| (s, 0)).collect();
    for f in &findings {
        *by_rule.entry(f.rule).or_default() += 1;
        *by_severity.entry(f.severity).or_default() += 1;
    }
    Report {
        summary: Summary {
            assets: assets.len(),
            images,
            findings: findings.len(),
            by_rule,
            by_severity,
        },
        findings,
    }
}

fn finding(asset: &Asset, rule: &'static str, severity: Severity, detail: String) -> Finding {
    Finding {
        asset_id: asset.id.clone(),
        display_name: asset.display_name.clone(),
        rule,
        severity,
        alt_text: asset.alt_text.clone(),
        detail,
    }
}

/// Pushes the per-asset findings; returns the duplicate key (cleaned, trimmed,
/// lowercased, whitespace collapsed) when the text can count as a duplicate.
fn check_into(asset: &Asset, config: &AuditConfig, out: &mut Vec<Finding>) -> Option<String> {
    let (state, prepared) = read(asset)?;
    match state {
        AltState::Missing => {
            out.push(finding(
                asset,
                ALT_MISSING,
                config.missing_severity,
                "alt text was never set: Webflow treats the image as decorative; describe \
                 it unless it is purely decorative"
                    .into(),
            ));
            None
        }
        AltState::Empty => {
            out.push(finding(
                asset,
                ALT_EMPTY,
                rule_severity(ALT_EMPTY),
                "alt text is empty or only invisible characters: screen readers skip the \
                 image; describe what it shows"
                    .into(),
            ));
            None
        }
        AltState::Present => {
            let trimmed = prepared.trim();
            let checked = TextChecks::run(asset, trimmed);
            if let Some(reason) = checked.file_name {
                out.push(finding(
                    asset,
                    ALT_FILENAME,
                    rule_severity(ALT_FILENAME),
                    reason.detail(),
                ));
            }
            if let Some(prefix) = checked.prefix {
                out.push(finding(
                    asset,
                    ALT_REDUNDANT_PREFIX,
                    rule_severity(ALT_REDUNDANT_PREFIX),
                    format!(
                        "starts with \"{prefix}\": screen readers already announce an \
                         image; describe what it shows"
                    ),
                ));
            }
            if checked.placeholder {
                out.push(finding(
                    asset,
                    ALT_PLACEHOLDER,
                    rule_severity(ALT_PLACEHOLDER),
                    format!(
                        "\"{}\" is a placeholder, not a description: describe what the \
                         image shows",
                        text::shorten(trimmed, 40)
                    ),
                ));
            }
            if checked.chars > config.max_chars {
                out.push(finding(
                    asset,
                    ALT_TOO_LONG,
                    rule_severity(ALT_TOO_LONG),
                    format!(
                        "{} characters, more than {}: screen readers read long alt text \
                         poorly; keep the essentials and move the rest to a caption",
                        checked.chars, config.max_chars
                    ),
                ));
            }
            // Texts that are already errors (placeholder, file name) are fixed one by
            // one anyway: they do not also count as duplicates.
            if checked.placeholder || checked.file_name.is_some() {
                return None;
            }
            Some(collapse_whitespace(checked.lower))
        }
    }
}

/// What the rules read of an asset: `None` for a document (not `image/*`), else
/// its alt state and its [`prepare`]d text (`""` when missing). Same answers as
/// [`Asset::is_image`] and [`Asset::alt_state`], without their allocation and
/// second cleaning pass.
fn read(asset: &Asset) -> Option<(AltState, Cow<'_, str>)> {
    let image = is_image(&asset.content_type);
    debug_assert_eq!(image, asset.is_image());
    if !image {
        return None;
    }
    let Some(alt) = asset.alt_text.as_deref() else {
        return Some((AltState::Missing, Cow::Borrowed("")));
    };
    let prepared = prepare(alt);
    let state = if prepared.trim().is_empty() {
        AltState::Empty
    } else {
        AltState::Present
    };
    debug_assert_eq!(state, asset.alt_state());
    Some((state, prepared))
}

/// [`Asset::is_image`] without allocating.
fn is_image(content_type: &str) -> bool {
    content_type
        .trim_start()
        .get(..6)
        .is_some_and(|head| head.eq_ignore_ascii_case("image/"))
}

/// The alt text as the rules read it: line breaks and tabs become spaces (so
/// words stay apart), then [`text::clean`] removes everything invisible or
/// terminal-controlling. Borrows unless something had to go.
fn prepare(alt: &str) -> Cow<'_, str> {
    let is_break = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}');
    if alt.contains(is_break) {
        let spaced = alt.replace(is_break, " ");
        Cow::Owned(text::clean(&spaced).into_owned())
    } else {
        text::clean(alt)
    }
}

/// `s` with runs of whitespace replaced by one space; no copy when already so.
fn collapse_whitespace(s: String) -> String {
    let mut prev_space = false;
    let needs = s.chars().any(|c| {
        let bad = c.is_whitespace() && (c != ' ' || prev_space);
        prev_space = c == ' ';
        bad
    });
    if !needs {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------------------
// Detectors over one present, cleaned and trimmed alt text
// ---------------------------------------------------------------------------

/// The text rules' verdicts for one alt text, with the suppressions applied.
struct TextChecks {
    /// The cleaned, trimmed text, lowercased (computed once).
    lower: String,
    chars: usize,
    file_name: Option<FileNameReason>,
    prefix: Option<&'static str>,
    placeholder: bool,
}

impl TextChecks {
    /// `t` is the cleaned, trimmed, non-empty alt text.
    fn run(asset: &Asset, t: &str) -> Self {
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
enum FileNameReason {
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
    fn detail(self) -> String {
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

const FILE_EXTENSIONS: [&str; 12] = [
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff", ".heic",
    ".pdf",
];

/// Why `t` (cleaned, trimmed; `lower` is its lowercase) looks like a file name.
fn file_name_reason(asset: &Asset, t: &str, lower: &str) -> Option<FileNameReason> {
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

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `lower` equals one of the asset's own names (as sent, percent-decoded, without
/// the `<id>_` prefix of display names), with or without extension.
fn own_name(asset: &Asset, lower: &str) -> Option<FileNameReason> {
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
fn decode(name: &str) -> Cow<'_, str> {
    if name.contains('%') {
        text::decode_file_name(name)
    } else {
        Cow::Borrowed(name)
    }
}

/// `lower` (already lowercase) equals `name` case-insensitively.
fn eq_lower(lower: &str, name: &str) -> bool {
    let name = name.trim();
    // An ASCII name lowercases to ASCII of the same length.
    if name.is_ascii() {
        return lower.len() == name.len() && lower.eq_ignore_ascii_case(name);
    }
    lower.chars().eq(name.chars().flat_map(char::to_lowercase))
}

/// `name` without Webflow's `<24-hex-id>_` prefix.
fn strip_id_prefix(name: &str) -> &str {
    match name.get(..25) {
        Some(head) if head.ends_with('_') && is_hex(&head[..24]) => &name[25..],
        _ => name,
    }
}

/// `name` without a short alphanumeric extension (`photo.jpeg` → `photo`).
fn strip_extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.trim().rsplit_once('.')?;
    let ok = (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && stem.ends_with(|c: char| !c.is_whitespace());
    ok.then_some(stem)
}

/// Camera and phone defaults: `IMG_1234`, `IMG-1234`, `DSC01234`, `DSCN0042`,
/// `PXL_20230101_…`, `DJI_0042`, `GOPR0042`… (the first word of the text).
fn is_camera_name(t: &str) -> bool {
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
fn is_screenshot_name(lower: &str) -> bool {
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
fn is_slug_of_stem(asset: &Asset, t: &str, lower: &str) -> bool {
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

const REDUNDANT_PREFIXES: [&str; 16] = [
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
fn redundant_prefix(lower: &str) -> Option<&'static str> {
    if !lower.starts_with(['a', 'i', 'p', 'g', 's']) {
        return None;
    }
    REDUNDANT_PREFIXES.iter().copied().find(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    })
}

const PLACEHOLDERS: [&str; 43] = [
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
const NUMBERED_PLACEHOLDERS: [&str; 12] = [
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
fn is_placeholder(lower: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_names() {
        for yes in [
            "IMG_1234",
            "img-1234",
            "DSC01234",
            "DSCN0042",
            "PXL_20230815_101010123",
            "IMG_4821 (1)",
            "IMG20240101123456",
        ] {
            assert!(is_camera_name(yes), "{yes}");
        }
        for no in ["IMG", "Imgur logo", "DSC", "IMG_12", "IMGA1234", "DJ set"] {
            assert!(!is_camera_name(no), "{no}");
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(strip_extension("a.jpeg"), Some("a"));
        assert_eq!(strip_extension("a"), None);
        assert_eq!(strip_extension("at 10.41.07 AM"), None);
        assert_eq!(
            strip_id_prefix("63e5889e7fe4eafa7384cea4_Candy-Wrapper.png"),
            "Candy-Wrapper.png"
        );
        assert_eq!(strip_id_prefix("short_name"), "short_name");
        assert_eq!(collapse_whitespace("a  b\tc".into()), "a b c");
        assert_eq!(collapse_whitespace("a b".into()), "a b");
        assert_eq!(text::shorten("abcdef", 3), "abc…");
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert_eq!("ERROR".parse::<Severity>(), Ok(Severity::Error));
        assert!("fatal".parse::<Severity>().is_err());
    }
}
