//! The rule set: stable IDs, default severities, settings, and what an audit
//! reports. No checking happens here.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::LONG_ALT_CHARS;

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

pub(super) fn rule_severity(id: &str) -> Severity {
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
