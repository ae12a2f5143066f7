//! The audit of what visitors get (`wfa audit --rendered`): the alt-text
//! rules applied to every rendered alt, each finding with its place, and the
//! rules only this view can have — an image rendered with no alt at all, a
//! secondary locale showing the primary's text untranslated, one image both
//! decorative and described, references to deleted assets, unused assets.
//! Pure, like the rest of [`crate::usage`].

use std::collections::HashMap;

use serde::Serialize;

use super::{Usage, Use};
use crate::audit::{self, AuditConfig, Severity};

/// An image renders with no alt attribute at all (the element has none and
/// the asset's is not set).
pub const RENDERED_NO_ALT: &str = "alt-rendered-none";
/// A secondary locale renders the same (non-empty) text as the primary at the
/// same place: not translated.
pub const ALT_UNTRANSLATED: &str = "alt-untranslated";
/// The same image is decorative in one place and described in another.
pub const ALT_CONTRADICTORY: &str = "alt-contradictory";
/// A page, component or CMS item refers to an asset that no longer exists.
pub const ASSET_MISSING: &str = "asset-missing";
/// An image asset is used on no page, component or CMS item.
pub const ASSET_UNUSED: &str = "asset-unused";

/// The rules only the rendered view has, with their default severities.
pub const RENDERED_RULES: &[(&str, Severity, &str)] = &[
    (
        RENDERED_NO_ALT,
        Severity::Error,
        "the image renders with no alt attribute: screen readers may read its file name",
    ),
    (
        ALT_UNTRANSLATED,
        Severity::Warning,
        "a secondary locale shows the primary locale's alt text, untranslated",
    ),
    (
        ALT_CONTRADICTORY,
        Severity::Warning,
        "the same image is decorative in one place and described in another",
    ),
    (
        ASSET_MISSING,
        Severity::Error,
        "a page, component or CMS item refers to an asset that no longer exists",
    ),
    (
        ASSET_UNUSED,
        Severity::Info,
        "the image is used on no page, component or CMS item",
    ),
];

/// One finding of the rendered audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderedFinding {
    pub asset_id: String,
    pub rule: &'static str,
    pub severity: Severity,
    pub rendered_alt: Option<String>,
    /// The locale's tag (`None`: the site's default).
    pub locale: Option<String>,
    /// The locale's `id` and `cmsLocaleId` (`None`: the site's default), for
    /// a report that is edited and applied back (`wfa apply`).
    #[serde(skip)]
    pub locale_ids: Option<(String, String)>,
    /// Where: `None` for a finding about the asset as a whole (unused).
    pub location: Option<Use>,
    #[serde(skip)]
    pub detail: String,
}

/// Audits every rendered alt of each locale's usage. `usages[0]` is taken as
/// the primary locale when several are given (the order `wfa usage
/// --all-locales` reads them in).
pub fn audit(usages: &[Usage], config: &AuditConfig) -> Vec<RenderedFinding> {
    let mut findings = Vec::new();
    let primary = usages.first().filter(|_| usages.len() > 1);
    for usage in usages {
        let locale = usage.locale.as_ref().map(|l| l.tag.clone());
        let locale_ids = usage
            .locale
            .as_ref()
            .map(|l| (l.id.clone(), l.cms_locale_id.clone()));
        let is_primary = primary.is_some_and(|p| std::ptr::eq(p, usage));
        let primary_alts = primary
            .filter(|_| !is_primary)
            .map(alts_by_place)
            .unwrap_or_default();
        for asset in &usage.assets {
            let mut decorative = false;
            let mut described = false;
            for u in &asset.uses {
                let mut push = |rule: &'static str, severity: Severity, detail: String| {
                    findings.push(RenderedFinding {
                        asset_id: asset.asset.id.trim().to_string(),
                        rule,
                        severity,
                        rendered_alt: u.rendered_alt.clone(),
                        locale: locale.clone(),
                        locale_ids: locale_ids.clone(),
                        location: Some(u.clone()),
                        detail,
                    });
                };
                let Some(alt) = &u.rendered_alt else {
                    push(
                        RENDERED_NO_ALT,
                        severity_of(RENDERED_NO_ALT),
                        "give the asset (or this element) alt text, or mark it decorative".into(),
                    );
                    continue;
                };
                if alt.trim().is_empty() {
                    decorative = true;
                } else {
                    described = true;
                }
                let mut rendered = asset.asset.clone();
                rendered.alt_text = Some(alt.clone());
                for f in audit::check_asset(&rendered, config) {
                    // A decorative element is a choice made there.
                    if f.rule == audit::ALT_EMPTY && alt.is_empty() {
                        continue;
                    }
                    push(f.rule, f.severity, f.detail);
                }
                if let Some(primary_alt) = primary_alts.get(&place_key(u))
                    && super::coverage::untranslated(primary_alt.as_deref(), alt)
                {
                    push(
                        ALT_UNTRANSLATED,
                        severity_of(ALT_UNTRANSLATED),
                        "the same text as the primary locale here: translate it".into(),
                    );
                }
            }
            if decorative && described {
                findings.push(RenderedFinding {
                    asset_id: asset.asset.id.trim().to_string(),
                    rule: ALT_CONTRADICTORY,
                    severity: severity_of(ALT_CONTRADICTORY),
                    rendered_alt: None,
                    locale: locale.clone(),
                    locale_ids: locale_ids.clone(),
                    location: None,
                    detail: "decorative in some places and described in others: decide whether \
                             it carries meaning"
                        .into(),
                });
            }
            if asset.uses.is_empty() {
                findings.push(RenderedFinding {
                    asset_id: asset.asset.id.trim().to_string(),
                    rule: ASSET_UNUSED,
                    severity: severity_of(ASSET_UNUSED),
                    rendered_alt: asset.asset.alt_text.clone(),
                    locale: locale.clone(),
                    locale_ids: locale_ids.clone(),
                    location: None,
                    detail: "used on no page, component or CMS item".into(),
                });
            }
        }
        for m in &usage.missing {
            findings.push(RenderedFinding {
                asset_id: m.asset_id.clone(),
                rule: ASSET_MISSING,
                severity: severity_of(ASSET_MISSING),
                rendered_alt: None,
                locale: locale.clone(),
                locale_ids: locale_ids.clone(),
                location: Some(m.at.clone()),
                detail: "refers to an asset that no longer exists: pick another image or \
                         remove the reference"
                    .into(),
            });
        }
    }
    findings
}

fn severity_of(rule: &str) -> Severity {
    RENDERED_RULES
        .iter()
        .find(|(id, _, _)| *id == rule)
        .map_or(Severity::Warning, |(_, severity, _)| *severity)
}

/// A place, the same in every locale: kind and the IDs that say where.
type PlaceKey = (
    super::UseKind,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn place_key(u: &Use) -> PlaceKey {
    (
        u.kind,
        u.page_id.clone(),
        u.node_id.clone().or_else(|| u.field.clone()),
        u.instance_id.clone(),
        u.item_id.clone(),
        u.collection_id.clone(),
    )
}

fn alts_by_place(usage: &Usage) -> HashMap<PlaceKey, Option<String>> {
    usage
        .assets
        .iter()
        .flat_map(|a| a.uses.iter())
        .map(|u| (place_key(u), u.rendered_alt.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::usage::{AltSource, AssetUsage, Place, UseKind};
    use crate::webflow::site::Locale;

    fn asset(alt: Option<&str>) -> crate::webflow::Asset {
        serde_json::from_value(json!({
            "id": "659595234426a9fcbad57001", "contentType": "image/jpeg", "size": 1,
            "siteId": "s", "hostedUrl": "https://example.com/IMG_2041.jpg",
            "originalFileName": "IMG_2041.jpg", "displayName": "IMG_2041.jpg",
            "lastUpdated": "2024-01-01T00:00:00Z", "createdOn": "2024-01-01T00:00:00Z",
            "altText": alt
        }))
        .unwrap()
    }

    fn page_use(node: &str, alt: Option<&str>) -> Use {
        Use {
            kind: UseKind::Page,
            page_id: Some("home".into()),
            node_id: Some(node.into()),
            component_id: None,
            instance_id: None,
            collection_id: None,
            item_id: None,
            field: None,
            rendered_alt: alt.map(Into::into),
            alt_source: AltSource::Node,
            place: Place::default(),
        }
    }

    fn usage(tag: &str, uses: Vec<Use>) -> Usage {
        Usage {
            locale: Some(Locale {
                tag: tag.into(),
                ..Locale::default()
            }),
            assets: vec![AssetUsage {
                asset: asset(None),
                uses,
            }],
            missing: Vec::new(),
        }
    }

    fn rules(findings: &[RenderedFinding]) -> Vec<(&str, Option<&str>)> {
        findings
            .iter()
            .map(|f| (f.rule, f.locale.as_deref()))
            .collect()
    }

    #[test]
    fn the_rules_run_on_what_renders_with_the_place() {
        let found = audit(
            &[usage(
                "en",
                vec![page_use("n1", Some("IMG_2041.jpg")), page_use("n2", None)],
            )],
            &AuditConfig::default(),
        );
        let got = rules(&found);
        assert!(got.contains(&(audit::ALT_FILENAME, Some("en"))), "{got:?}");
        assert!(got.contains(&(RENDERED_NO_ALT, Some("en"))), "{got:?}");
        let no_alt = found.iter().find(|f| f.rule == RENDERED_NO_ALT).unwrap();
        assert_eq!(
            no_alt.location.as_ref().unwrap().node_id.as_deref(),
            Some("n2")
        );
    }

    #[test]
    fn an_untranslated_secondary_locale_is_found() {
        let en = usage("en", vec![page_use("n1", Some("Gummy bears in a jar"))]);
        let fr_same = usage("fr", vec![page_use("n1", Some("Gummy bears in a jar"))]);
        let found = audit(&[en.clone(), fr_same], &AuditConfig::default());
        assert_eq!(rules(&found), [(ALT_UNTRANSLATED, Some("fr"))]);
        let fr = usage(
            "fr",
            vec![page_use("n1", Some("Oursons en gélatine dans un bocal"))],
        );
        assert!(audit(&[en, fr], &AuditConfig::default()).is_empty());
    }

    #[test]
    fn decorative_here_and_described_there_is_contradictory() {
        let found = audit(
            &[usage(
                "en",
                vec![
                    page_use("n1", Some("")),
                    page_use("n2", Some("A red gummy bear")),
                ],
            )],
            &AuditConfig::default(),
        );
        assert_eq!(rules(&found), [(ALT_CONTRADICTORY, Some("en"))]);
    }

    #[test]
    fn unused_assets_are_info() {
        let found = audit(&[usage("en", Vec::new())], &AuditConfig::default());
        assert_eq!(found[0].rule, ASSET_UNUSED);
        assert_eq!(found[0].severity, Severity::Info);
    }
}
