//! Alt-text checks: pure functions over assets (no I/O), shared by the TUI (row
//! marks and the Alt text pane) and the command line (`audit`, CI output).
//!
//! [`RULES`], [`check_asset`] and [`audit`]: the rule set with stable IDs and
//! severities, including the cross-asset duplicate rule, and a serialisable
//! [`Report`]. The browser's row marks and Alt text pane run [`check_asset`] too,
//! so the TUI and the CLI always agree on what a file name or an over-long text
//! is.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::text;
use crate::webflow::{AltState, Asset};

/// Common accessibility guidance (screen readers), not a Webflow rule.
pub const LONG_ALT_CHARS: usize = 125;

mod detect;
mod explain;
mod rules;
pub mod settings;
mod waivers;
pub mod words;

pub use explain::explain;
pub use rules::*;
pub use waivers::{StaleWaiver, Waived, Waiver};

use detect::*;

/// The per-asset rules (every rule but `alt-duplicate`), in [`RULES`] order.
/// Documents (not `image/*`) get no findings. The configured severities apply,
/// rules turned off report nothing, and a finding a waiver covers is returned
/// with [`Finding::waived`] set (the caller decides how to show it).
pub fn check_asset(asset: &Asset, config: &AuditConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_into(asset, config, &mut findings);
    let mut settle = waivers::Settle::new(config);
    if settle.is_noop() {
        return findings;
    }
    findings
        .into_iter()
        .filter_map(|f| settle.finding(f))
        .collect()
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

    let mut settle = waivers::Settle::new(config);
    let mut waived = Vec::new();
    let mut stale_waivers = Vec::new();
    if !settle.is_noop() {
        let mut counted = Vec::with_capacity(findings.len());
        for f in findings {
            match settle.finding(f) {
                Some(f) if f.waived.is_some() => waived.push(f),
                Some(f) => counted.push(f),
                None => {}
            }
        }
        findings = counted;
        stale_waivers = settle.stale(assets.iter().map(|a| a.id.as_str()));
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
            waived: waived.len(),
            by_rule,
            by_severity,
        },
        findings,
        waived,
        stale_waivers,
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
        waived: None,
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
            let checked = TextChecks::run(asset, trimmed, &config.extra_placeholders);
            if let Some(reason) = checked.file_name {
                out.push(finding(
                    asset,
                    ALT_FILENAME,
                    rule_severity(ALT_FILENAME),
                    reason.detail(),
                ));
            }
            if let Some(redundant) = &checked.redundant {
                out.push(finding(
                    asset,
                    ALT_REDUNDANT_PREFIX,
                    rule_severity(ALT_REDUNDANT_PREFIX),
                    redundant.detail(),
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
            if let Some(stuffing) = &checked.stuffing {
                out.push(finding(
                    asset,
                    ALT_KEYWORD_STUFFING,
                    rule_severity(ALT_KEYWORD_STUFFING),
                    stuffing.detail(),
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
