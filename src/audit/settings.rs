//! Audit settings as they are written: the `[audit]` table of config.toml and of
//! a project file (`wfa.toml` or `.wfa.toml`). Finding and reading the files is
//! [`crate::config`]'s job; this module says what the table may hold, checks
//! each value while it is parsed (so that an error carries the file's line),
//! and layers tables: the nearer one's keys win.
//!
//! ```toml
//! [audit]
//! max_chars = 150
//! placeholders = ["bild", "todo"]
//!
//! [audit.severity]
//! alt-missing = "error"
//! alt-duplicate = "off"
//!
//! [[audit.waive]]
//! asset = "63e5889e7fe4eafa7384cea4"
//! rules = ["alt-too-long"]          # optional: every rule when left out
//! reason = "Infographic; the long description was reviewed"
//! ```

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, de};
use toml::Spanned;

use super::{AuditConfig, RULES, Severity, Waiver};
use crate::webflow::AssetId;

/// The `[audit]` table of one file, checked.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditTable {
    /// `alt-too-long` above this many characters (at least 1).
    #[serde(default, deserialize_with = "max_chars")]
    pub max_chars: Option<usize>,
    /// Placeholder words of this site besides the built-in ones.
    #[serde(default)]
    pub placeholders: Option<Vec<Placeholder>>,
    /// `rule-id = "error" | "warning" | "info" | "off"`.
    #[serde(default)]
    pub severity: BTreeMap<RuleId, Level>,
    /// `[[audit.waive]]` entries, with where each starts in the file.
    #[serde(default)]
    pub waive: Option<Vec<Spanned<WaiverEntry>>>,
    /// `waive`, with each waiver's `path:line` (see [`AuditTable::locate`]).
    #[serde(skip)]
    waivers: Option<Vec<Waiver>>,
}

impl AuditTable {
    /// Resolves where each waiver was written: `source` turns a byte offset
    /// in the file into a `path:line` string.
    pub fn locate(&mut self, source: impl Fn(usize) -> String) {
        self.waivers = self.waive.as_ref().map(|entries| {
            entries
                .iter()
                .map(|entry| {
                    let w = entry.get_ref();
                    Waiver {
                        asset: w.asset.as_str().to_string(),
                        rules: w.rules.as_ref().map(|r| r.iter().map(|id| id.0).collect()),
                        reason: w.reason.clone(),
                        source: Some(source(entry.span().start)),
                    }
                })
                .collect()
        });
    }

    /// `self` (the nearer file) over `lower`: every key `self` sets wins, each
    /// rule's severity on its own; lists (`placeholders`, `waive`) are taken
    /// whole, never merged.
    pub fn over(self, lower: AuditTable) -> AuditTable {
        let mut severity = lower.severity;
        severity.extend(self.severity);
        let waivers = match (&self.waive, self.waivers) {
            (Some(_), waivers) => waivers,
            (None, _) => lower.waivers,
        };
        AuditTable {
            max_chars: self.max_chars.or(lower.max_chars),
            placeholders: self.placeholders.or(lower.placeholders),
            severity,
            waive: self.waive.or(lower.waive),
            waivers,
        }
    }

    /// Whether the table sets nothing (an `[audit]` header with every key
    /// commented out, as in the example config).
    pub fn is_empty(&self) -> bool {
        self.max_chars.is_none()
            && self.placeholders.is_none()
            && self.severity.is_empty()
            && self.waive.is_none()
    }

    /// Writes these settings over `config`.
    pub fn apply(&self, config: &mut AuditConfig) {
        if let Some(n) = self.max_chars {
            config.max_chars = n;
        }
        if let Some(words) = &self.placeholders {
            config.extra_placeholders = words.iter().map(|w| w.0.clone()).collect();
        }
        for (rule, level) in &self.severity {
            config.severities.insert(rule.0, level.severity());
        }
        if let Some(waivers) = &self.waivers {
            config.waivers = waivers.clone();
        } else if let Some(entries) = &self.waive {
            // Not located: the same waivers without their lines.
            config.waivers = entries
                .iter()
                .map(|entry| {
                    let w = entry.get_ref();
                    Waiver {
                        asset: w.asset.as_str().to_string(),
                        rules: w.rules.as_ref().map(|r| r.iter().map(|id| id.0).collect()),
                        reason: w.reason.clone(),
                        source: None,
                    }
                })
                .collect();
        }
    }
}

/// The audit settings from files, resolved once at startup: defaults, then
/// config.toml's `[audit]`, then the project file. Command-line flags go over
/// these in `wfa audit`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditSettings {
    pub config: AuditConfig,
    /// The project file (`wfa.toml` / `.wfa.toml`) found, if any.
    pub project_file: Option<PathBuf>,
    /// config.toml, when it has an `[audit]` table.
    pub config_file: Option<PathBuf>,
}

impl AuditSettings {
    /// The files these settings came from, nearest first, for "settings from …"
    /// notes.
    pub fn files(&self) -> Vec<&std::path::Path> {
        self.project_file
            .iter()
            .chain(&self.config_file)
            .map(PathBuf::as_path)
            .collect()
    }
}

/// A rule ID that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub &'static str);

impl RuleId {
    pub fn parse(id: &str) -> Result<Self, String> {
        let id = id.trim();
        super::rule(id)
            .map(|r| RuleId(r.id))
            .ok_or_else(|| unknown_rule(id))
    }
}

/// "unknown rule "x"; the rules are alt-missing, alt-empty, …".
pub fn unknown_rule(id: &str) -> String {
    format!(
        "unknown rule {:?}; the rules are {}",
        crate::text::clean(id),
        rule_ids()
    )
}

/// Every rule ID, comma-separated, in [`RULES`] order.
pub fn rule_ids() -> String {
    RULES.iter().map(|r| r.id).collect::<Vec<_>>().join(", ")
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RuleId::parse(&s).map_err(de::Error::custom)
    }
}

/// A rule's severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::On(s) => Some(s),
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().eq_ignore_ascii_case("off") {
            return Ok(Level::Off);
        }
        s.parse::<Severity>().map(Level::On).map_err(|_| {
            de::Error::custom(format!(
                "unknown severity {:?}: expected \"error\", \"warning\", \"info\" or \"off\"",
                crate::text::clean(&s)
            ))
        })
    }
}

/// A placeholder word: trimmed, not blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder(pub String);

impl<'de> Deserialize<'de> for Placeholder {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        if t.is_empty() {
            return Err(de::Error::custom("a placeholder word cannot be blank"));
        }
        Ok(Placeholder(t.to_string()))
    }
}

/// One `[[audit.waive]]` entry, checked.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "RawWaiver")]
pub struct WaiverEntry {
    pub asset: AssetId,
    /// `None`: every rule.
    pub rules: Option<Vec<RuleId>>,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    asset: Option<WaivedAsset>,
    rules: Option<Vec<RuleId>>,
    reason: Option<Reason>,
}

/// A waiver's reason: not blank, checked as it is read (so the error points at
/// its line).
struct Reason(String);

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let t = s.trim();
        if t.is_empty() {
            return Err(de::Error::custom(
                "a waiver's reason cannot be blank: say why the finding is acceptable, so that \
                 the next reviewer knows",
            ));
        }
        Ok(Reason(t.to_string()))
    }
}

/// An asset ID, checked as it is read (so the error points at its line).
struct WaivedAsset(AssetId);

impl<'de> Deserialize<'de> for WaivedAsset {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AssetId::parse(&s)
            .map(WaivedAsset)
            .map_err(|e| de::Error::custom(format!("waiver asset: {e}")))
    }
}

impl TryFrom<RawWaiver> for WaiverEntry {
    type Error = String;

    fn try_from(raw: RawWaiver) -> Result<Self, String> {
        let Some(asset) = raw.asset else {
            return Err("a waiver needs the asset's ID: asset = \"<24 hex characters>\"".into());
        };
        let Some(Reason(reason)) = raw.reason else {
            return Err(format!(
                "the waiver for asset {} has no reason: say why the finding is acceptable \
                 (reason = \"…\"), so that the next reviewer knows",
                asset.0.as_str()
            ));
        };
        if raw.rules.as_ref().is_some_and(Vec::is_empty) {
            return Err(format!(
                "the waiver for asset {} lists no rules: name them, or leave `rules` out \
                 to waive every rule on the asset",
                asset.0.as_str()
            ));
        }
        Ok(WaiverEntry {
            asset: asset.0,
            rules: raw.rules,
            reason,
        })
    }
}

fn max_chars<'de, D: Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    let n = i64::deserialize(d)?;
    if n < 1 {
        return Err(de::Error::custom("max_chars must be at least 1"));
    }
    usize::try_from(n)
        .map(Some)
        .map_err(|_| de::Error::custom("max_chars is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Result<AuditTable, String> {
        #[derive(Deserialize)]
        struct File {
            audit: AuditTable,
        }
        toml::from_str::<File>(text)
            .map(|f| f.audit)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_key() {
        let mut t = table(
            "[audit]\nmax_chars = 90\nplaceholders = [\" bild \"]\n[audit.severity]\n\
             alt-missing = \"off\"\nalt-duplicate = \"ERROR\"\n[[audit.waive]]\n\
             asset = \"63E5889E7FE4EAFA7384CEA4\"\nreason = \"ok\"\n",
        )
        .unwrap();
        t.locate(|offset| format!("at {offset}"));
        let mut config = AuditConfig::default();
        t.apply(&mut config);
        assert_eq!(config.max_chars, 90);
        assert_eq!(config.extra_placeholders, ["bild"]);
        assert_eq!(config.severity_of("alt-missing"), None);
        assert_eq!(config.severity_of("alt-duplicate"), Some(Severity::Error));
        assert_eq!(config.waivers[0].asset, "63e5889e7fe4eafa7384cea4");
        assert_eq!(config.waivers[0].rules, None);
        assert!(
            config.waivers[0]
                .source
                .as_deref()
                .unwrap()
                .starts_with("at ")
        );
    }

    #[test]
    fn refuses_what_is_wrong() {
        for (text, needle) in [
            ("[audit]\nmax_char = 3\n", "unknown field"),
            ("[audit]\nmax_chars = 0\n", "at least 1"),
            ("[audit.severity]\nalt-missin = \"error\"\n", "unknown rule"),
            (
                "[audit.severity]\nalt-missing = \"fatal\"\n",
                "unknown severity",
            ),
            (
                "[[audit.waive]]\nasset = \"nope\"\nreason = \"x\"\n",
                "waiver asset",
            ),
            (
                "[[audit.waive]]\nasset = \"63e5889e7fe4eafa7384cea4\"\n",
                "no reason",
            ),
            (
                "[[audit.waive]]\nasset = \"63e5889e7fe4eafa7384cea4\"\nreason = \" \"\n",
                "cannot be blank",
            ),
            (
                "[[audit.waive]]\nasset = \"63e5889e7fe4eafa7384cea4\"\nrules = []\nreason = \"x\"\n",
                "lists no rules",
            ),
            (
                "[[audit.waive]]\nasset = \"63e5889e7fe4eafa7384cea4\"\nrules = [\"alt-foo\"]\nreason = \"x\"\n",
                "unknown rule",
            ),
            ("[audit]\nplaceholders = [\"\"]\n", "blank"),
        ] {
            let err = table(text).unwrap_err();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn the_nearer_table_wins_key_by_key() {
        let near =
            table("[audit]\nmax_chars = 80\n[audit.severity]\nalt-missing = \"info\"\n").unwrap();
        let far = table(
            "[audit]\nmax_chars = 200\nplaceholders = [\"bild\"]\n[audit.severity]\n\
             alt-missing = \"error\"\nalt-duplicate = \"off\"\n",
        )
        .unwrap();
        let mut config = AuditConfig::default();
        near.over(far).apply(&mut config);
        assert_eq!(config.max_chars, 80);
        assert_eq!(config.extra_placeholders, ["bild"]);
        assert_eq!(config.severity_of("alt-missing"), Some(Severity::Info));
        assert_eq!(config.severity_of("alt-duplicate"), None);
    }
}
