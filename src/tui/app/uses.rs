//! Where each asset of the listed site renders ("Used on" pane): the site's
//! pages, components and CMS read once after the listing ends (and again
//! when the locale changes), resolved by `crate::usage`, kept per asset ID.
//! Only state and its rules live here; the pane words it.

use std::collections::{HashMap, HashSet};

use super::{ReadState, Tickets};
use crate::audit::{self, AuditConfig};
use crate::changes::cms::Target;
use crate::source::site_content::Part;
use crate::tui::msg::{Cmd, UsageRead};
use crate::usage::{AltSource, Missing, Use, UseKind};
use crate::webflow::Asset;
use crate::webflow::site::Site;
use crate::webflow::{ApiError, AssetId, LocaleId, SiteId};

/// The uses of every asset of the site, in the locale they were read in.
#[derive(Debug, Clone, Default)]
pub struct Uses {
    ticket: Option<u64>,
    state: ReadState,
    /// The site with its locales, once read (for `L` and URLs).
    site: Option<Site>,
    /// Uses by asset ID (trimmed, lower case): present for every image asset
    /// of the site, empty when it is used nowhere.
    by_asset: HashMap<String, Vec<Use>>,
    /// The assets as read with the uses (their checks need the asset).
    assets: HashMap<String, Asset>,
    missing: Vec<Missing>,
    /// Assets (keys as in `by_asset`) with an audit finding (not waived)
    /// on an alt they render with.
    problems: HashSet<String>,
    /// Parts of the site not read, and why (worded by the pane).
    skipped: Vec<(Part, ApiError)>,
}

fn key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

impl Uses {
    pub fn state(&self) -> &ReadState {
        &self.state
    }

    /// The site with its locales, once known.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// The uses of asset `id`: `None` when unknown (not read, or not an image
    /// asset of the site), empty when it is used nowhere.
    pub fn of(&self, id: &str) -> Option<&[Use]> {
        if self.state != ReadState::Read {
            return None;
        }
        self.by_asset.get(&key(id)).map(Vec::as_slice)
    }

    /// Whether asset `id` is known to render nowhere.
    pub fn unused(&self, id: &str) -> bool {
        self.of(id).is_some_and(<[Use]>::is_empty)
    }

    /// References to assets the site no longer has.
    pub fn missing(&self) -> &[Missing] {
        &self.missing
    }

    pub fn skipped(&self) -> &[(Part, ApiError)] {
        &self.skipped
    }

    /// The published URL of the page `u` renders on, in `locale`, when
    /// known: the site's first custom domain (else its `previewUrl`), the
    /// locale's subdirectory, the page's slug — for a CMS item, the
    /// collection's and the item's slugs (its template page's address).
    pub fn page_url(&self, u: &Use, locale: Option<&LocaleId>) -> Option<String> {
        if u.kind == UseKind::Cms && (u.page_id.is_none() || u.place.item_path.is_none()) {
            return None;
        }
        let site = self.site.as_ref()?;
        let base = match site
            .custom_domains
            .iter()
            .find(|d| !d.url.trim().is_empty())
        {
            Some(d) if d.url.contains("://") => d.url.trim().to_string(),
            Some(d) => format!("https://{}", d.url.trim()),
            None => site.preview_url.clone().filter(|u| !u.trim().is_empty())?,
        };
        let mut url = base.trim_end_matches('/').to_string();
        let sub = locale
            .and_then(|id| site.locale(id.as_str()))
            .filter(|l| !l.primary)
            .map(|l| l.subdirectory.trim_matches('/').to_string())
            .unwrap_or_default();
        // The published path when the listing gave one (it has the page's
        // folders), else the slug.
        let path = match u.kind {
            UseKind::Cms => u.place.item_path.as_deref(),
            _ => u
                .place
                .page_path
                .as_deref()
                .or(u.place.page_slug.as_deref()),
        };
        let slug = path.unwrap_or_default().trim_matches('/');
        for part in [sub.as_str(), if slug == "index" { "" } else { slug }] {
            if !part.is_empty() {
                url.push('/');
                url.push_str(part);
            }
        }
        if slug.is_empty() || slug == "index" {
            url.push('/');
        }
        Some(url)
    }

    /// A CMS item's alt for the image `id` was written (`alt`, in the
    /// locale the uses were read in): the places it renders show it, and
    /// the image's "rendered problem" flag is worked out again.
    pub fn saw_cms_write(&mut self, id: &AssetId, target: &Target, alt: &str, audit: &AuditConfig) {
        let id = key(id.as_str());
        let Some(uses) = self.by_asset.get_mut(&id) else {
            return;
        };
        for u in uses.iter_mut().filter(|u| {
            u.kind == UseKind::Cms
                && u.collection_id.as_deref() == Some(target.collection_id.as_str())
                && u.item_id.as_deref() == Some(target.item_id.as_str())
                && u.field.as_deref() == Some(target.field.as_str())
        }) {
            u.rendered_alt = Some(alt.to_string());
            u.alt_source = AltSource::Field;
        }
        let bad = self
            .assets
            .get(&id)
            .is_some_and(|asset| uses.iter().any(|u| renders_badly(asset, u, audit)));
        if bad {
            self.problems.insert(id);
        } else {
            self.problems.remove(&id);
        }
    }

    /// Forgets what was read (another site is listed); a read still running
    /// is dropped when it answers.
    pub fn reset(&mut self) {
        let site = self.site.take();
        *self = Uses::default();
        // The same site keeps its locales for `L` until they are read again.
        self.site = site;
    }

    /// Reads `site`'s content in `locale`.
    pub fn start(
        &mut self,
        site: SiteId,
        locale: Option<LocaleId>,
        tickets: &mut Tickets,
    ) -> Vec<Cmd> {
        if self.site.as_ref().is_some_and(|s| s.id != site.as_str()) {
            self.site = None;
        }
        let ticket = tickets.issue();
        self.ticket = Some(ticket);
        self.state = ReadState::Reading;
        vec![Cmd::ReadUsage {
            ticket,
            site,
            locale,
        }]
    }

    /// The IDs of assets used nowhere, and of those rendered with a problem
    /// (both empty until read), for the list's usage filter.
    pub fn flags(&self) -> (HashSet<String>, HashSet<String>) {
        if self.state != ReadState::Read {
            return Default::default();
        }
        let unused = self
            .by_asset
            .iter()
            .filter(|(_, uses)| uses.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        (unused, self.problems.clone())
    }

    /// The answer to the read `ticket` (a stale one is dropped); rendered
    /// alts are audited with `audit`.
    pub fn on_read(
        &mut self,
        ticket: u64,
        result: Result<Box<UsageRead>, ApiError>,
        audit: &AuditConfig,
    ) {
        if self.ticket != Some(ticket) {
            return;
        }
        self.ticket = None;
        match result {
            Err(error) => self.state = ReadState::Failed(error),
            Ok(read) => {
                let UsageRead {
                    site,
                    usage,
                    skipped,
                } = *read;
                if site.is_some() {
                    self.site = site;
                }
                self.problems = usage
                    .assets
                    .iter()
                    .filter(|a| a.uses.iter().any(|u| renders_badly(&a.asset, u, audit)))
                    .map(|a| key(&a.asset.id))
                    .collect();
                // A read again (`r`) replaces the last one: assets deleted
                // since keep no uses.
                self.by_asset.clear();
                self.assets.clear();
                for a in usage.assets {
                    let id = key(&a.asset.id);
                    self.by_asset.insert(id.clone(), a.uses);
                    self.assets.insert(id, a.asset);
                }
                self.missing = usage.missing;
                self.skipped = skipped;
                self.state = ReadState::Read;
            }
        }
    }
}

/// Whether the alt `asset` renders with at `u` has an audit finding that is
/// not waived (the pane shows them).
fn renders_badly(asset: &Asset, u: &Use, config: &AuditConfig) -> bool {
    let rendered = Asset {
        alt_text: u.rendered_alt.clone(),
        ..asset.clone()
    };
    audit::check_asset(&rendered, config)
        .iter()
        .any(|f| f.waived.is_none())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::{AltSource, Place};
    use crate::webflow::site::{CustomDomain, Locale, Locales};

    fn page(slug: &str, kind: UseKind) -> Use {
        Use {
            kind,
            page_id: Some("p".into()),
            node_id: None,
            component_id: None,
            instance_id: None,
            collection_id: None,
            item_id: None,
            field: None,
            rendered_alt: None,
            alt_source: AltSource::Asset,
            place: Place {
                page_slug: Some(slug.into()),
                ..Place::default()
            },
        }
    }

    #[test]
    fn page_urls_take_the_custom_domain_and_the_locales_subdirectory() {
        let fr = "6650c1a2e4b0d3f1a2c4e777";
        let uses = Uses {
            site: Some(Site {
                preview_url: Some("https://candy.webflow.io".into()),
                custom_domains: vec![CustomDomain {
                    id: "d".into(),
                    url: "www.candy.example".into(),
                }],
                locales: Some(Locales {
                    primary: Some(Locale::default()),
                    secondary: vec![Locale {
                        id: fr.into(),
                        subdirectory: "fr".into(),
                        tag: "fr-FR".into(),
                        ..Locale::default()
                    }],
                }),
                ..Site::default()
            }),
            ..Uses::default()
        };
        let fr = LocaleId::parse(fr).unwrap();
        assert_eq!(
            uses.page_url(&page("index", UseKind::Page), None)
                .as_deref(),
            Some("https://www.candy.example/")
        );
        assert_eq!(
            uses.page_url(&page("about", UseKind::Component), Some(&fr))
                .as_deref(),
            Some("https://www.candy.example/fr/about")
        );
        assert_eq!(uses.page_url(&page("x", UseKind::Cms), None), None);
        let mut nested = page("towels", UseKind::Page);
        nested.place.page_path = Some("/guides/towels".into());
        assert_eq!(
            uses.page_url(&nested, Some(&fr)).as_deref(),
            Some("https://www.candy.example/fr/guides/towels")
        );
        let mut item = page("detail_products", UseKind::Cms);
        item.place.item_path = Some("products/gummy-bears".into());
        assert_eq!(
            uses.page_url(&item, Some(&fr)).as_deref(),
            Some("https://www.candy.example/fr/products/gummy-bears")
        );
    }
}
