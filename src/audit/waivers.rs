//! Waivers: reviewed exceptions, by asset ID, that keep a finding in the report
//! (marked waived, with its reason) but out of the counts and out of
//! `--fail-on`. A waiver that matches nothing on an audited asset is stale.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{AuditConfig, Finding, Severity};

/// One reviewed exception, as read from an `[[audit.waive]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiver {
    /// The asset's ID, lowercase (as [`crate::webflow::AssetId`] normalises it).
    pub asset: String,
    /// The rules waived; `None` waives every rule on the asset.
    pub rules: Option<Vec<&'static str>>,
    /// Why the finding is acceptable; never blank.
    pub reason: String,
    /// Where the waiver was written: `path:line`, when known.
    pub source: Option<String>,
}

impl Waiver {
    fn covers(&self, rule: &str) -> bool {
        self.rules
            .as_ref()
            .is_none_or(|rules| rules.contains(&rule))
    }
}

/// What a waived finding carries: the waiver's reason and where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waived {
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A waiver that matched nothing on an asset that was audited: the problem was
/// fixed (or the rule turned off) and the waiver can go. Only the rules that
/// matched nothing are listed (`None`: a waiver of every rule that matched none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StaleWaiver {
    pub asset: String,
    pub rules: Option<Vec<&'static str>>,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Applies severities, rules turned off and waivers to an audit's raw findings.
pub(super) struct Settle<'c> {
    config: &'c AuditConfig,
    /// Waivers by asset ID (indices into `config.waivers`).
    by_asset: HashMap<&'c str, Vec<usize>>,
    /// Which (waiver, rule) pairs matched a finding.
    used: HashSet<(usize, &'static str)>,
}

impl<'c> Settle<'c> {
    pub(super) fn new(config: &'c AuditConfig) -> Self {
        let mut by_asset: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in config.waivers.iter().enumerate() {
            by_asset.entry(w.asset.as_str()).or_default().push(i);
        }
        Self {
            config,
            by_asset,
            used: HashSet::new(),
        }
    }

    /// Whether there is nothing to do (the default settings): findings stay
    /// as the rules made them.
    pub(super) fn is_noop(&self) -> bool {
        self.config.severities.is_empty() && self.config.waivers.is_empty()
    }

    /// `None` when the finding's rule is off; else the finding with its
    /// configured severity, marked waived when a waiver covers it.
    pub(super) fn finding(&mut self, mut f: Finding) -> Option<Finding> {
        f.severity = match self.config.severities.get(f.rule) {
            Some(Some(severity)) => *severity,
            Some(None) => return None,
            None => f.severity,
        };
        if self.by_asset.is_empty() {
            return Some(f);
        }
        let asset = f.asset_id.to_ascii_lowercase();
        if let Some(candidates) = self.by_asset.get(asset.as_str()) {
            for &i in candidates {
                let w = &self.config.waivers[i];
                if w.covers(f.rule) {
                    self.used.insert((i, f.rule));
                    if f.waived.is_none() {
                        f.waived = Some(Waived {
                            reason: w.reason.clone(),
                            source: w.source.clone(),
                        });
                    }
                }
            }
        }
        Some(f)
    }

    /// The waivers of audited assets that matched nothing (or some of whose
    /// rules matched nothing).
    pub(super) fn stale<'a>(&self, audited: impl IntoIterator<Item = &'a str>) -> Vec<StaleWaiver> {
        let audited: HashSet<String> = audited.into_iter().map(str::to_ascii_lowercase).collect();
        let mut stale = Vec::new();
        for (i, w) in self.config.waivers.iter().enumerate() {
            if !audited.contains(&w.asset) {
                continue;
            }
            let rules = match &w.rules {
                None if self.used.iter().any(|&(j, _)| j == i) => continue,
                None => None,
                Some(rules) => {
                    let unused: Vec<&'static str> = rules
                        .iter()
                        .copied()
                        .filter(|r| !self.used.contains(&(i, *r)))
                        .collect();
                    if unused.is_empty() {
                        continue;
                    }
                    Some(unused)
                }
            };
            stale.push(StaleWaiver {
                asset: w.asset.clone(),
                rules,
                reason: w.reason.clone(),
                source: w.source.clone(),
            });
        }
        stale
    }
}

impl AuditConfig {
    /// The severity `rule` reports at: the configured one, else `alt-missing`'s
    /// [`AuditConfig::missing_severity`] or the rule's default; `None` when the
    /// rule is off.
    pub fn severity_of(&self, rule: &str) -> Option<Severity> {
        match self.severities.get(rule) {
            Some(level) => *level,
            None if rule == super::ALT_MISSING => Some(self.missing_severity),
            None => Some(super::rule_severity(rule)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{ALT_FILENAME, ALT_TOO_LONG, audit, check_asset};
    use crate::webflow::{Asset, Timestamp};

    fn asset(id: &str, alt: &str) -> Asset {
        Asset {
            id: id.to_string(),
            content_type: "image/jpeg".to_string(),
            size: 1,
            site_id: "63938b302ea6b0aa6f3d8745".to_string(),
            hosted_url: String::new(),
            original_file_name: "IMG_1234.jpg".to_string(),
            display_name: "IMG_1234.jpg".to_string(),
            last_updated: Timestamp::new("2025-03-01T23:42:57.862Z"),
            created_on: Timestamp::new("2025-03-01T23:42:57.862Z"),
            variants: Vec::new(),
            alt_text: Some(alt.to_string()),
            folder_id: None,
        }
    }

    fn waiver(asset: &str, rules: Option<Vec<&'static str>>) -> Waiver {
        Waiver {
            asset: asset.to_string(),
            rules,
            reason: "reviewed".to_string(),
            source: Some("wfa.toml:3".to_string()),
        }
    }

    const A: &str = "63e5889e7fe4eafa7384cea4";
    const B: &str = "63e5889e7fe4eafa7384cea5";

    #[test]
    fn waived_findings_are_marked_set_apart_and_not_counted() {
        let config = AuditConfig {
            waivers: vec![waiver(A, Some(vec![ALT_FILENAME]))],
            ..AuditConfig::default()
        };
        let a = asset(A, "IMG_1234.jpg");
        let b = asset(B, "IMG_1234.jpg");
        let marked = check_asset(&a, &config);
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].waived.as_ref().unwrap().reason, "reviewed");
        assert!(check_asset(&b, &config)[0].waived.is_none());

        let report = audit([&a, &b], &config);
        assert_eq!(report.findings.len(), 1);
        assert_eq!(report.findings[0].asset_id, B);
        assert_eq!(report.waived.len(), 1);
        assert_eq!(report.summary.findings, 1);
        assert_eq!(report.summary.waived, 1);
        assert_eq!(report.summary.by_rule[ALT_FILENAME], 1);
        assert!(report.stale_waivers.is_empty());
    }

    #[test]
    fn stale_waivers_only_for_audited_assets() {
        let config = AuditConfig {
            waivers: vec![
                waiver(A, Some(vec![ALT_FILENAME, ALT_TOO_LONG])),
                waiver(B, None),
                waiver("63e5889e7fe4eafa7384cea6", None),
            ],
            ..AuditConfig::default()
        };
        let a = asset(A, "IMG_1234.jpg");
        let b = asset(B, "A red candy wrapper on a wooden table");
        let report = audit([&a, &b], &config);
        assert_eq!(report.stale_waivers.len(), 2, "{:?}", report.stale_waivers);
        assert_eq!(report.stale_waivers[0].asset, A);
        assert_eq!(report.stale_waivers[0].rules, Some(vec![ALT_TOO_LONG]));
        assert_eq!(report.stale_waivers[1].asset, B);
        assert_eq!(report.stale_waivers[1].rules, None);
    }

    #[test]
    fn severities_and_off() {
        let mut config = AuditConfig::default();
        config.severities.insert(ALT_FILENAME, Some(Severity::Info));
        let a = asset(A, "IMG_1234.jpg");
        assert_eq!(check_asset(&a, &config)[0].severity, Severity::Info);
        config.severities.insert(ALT_FILENAME, None);
        assert!(check_asset(&a, &config).is_empty());
        assert_eq!(config.severity_of(ALT_FILENAME), None);
        assert_eq!(
            AuditConfig::default().severity_of(crate::audit::ALT_MISSING),
            Some(Severity::Warning)
        );
    }
}
