//! Reads kept for `--offline`: after a live read, the site and each
//! locale's content (with what was skipped) go to `store::site_cache`, beside
//! the asset cache and under its cache mode; `--offline` answers from there
//! with no request, or says which read is missing and what to run.
//!
//! The store is plain `std::fs`, called from async code: a snapshot is one
//! local file per locale, read or written once per run (the browser reads
//! on a blocking thread of its own).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Part, Progress, SiteContent, Skipped, dedupe, is_missing_scope, read};
use crate::source::lookup::CacheMode;
use crate::store::site_cache::{self, Entry, SiteStore};
use crate::usage::Content;
use crate::webflow::model::ErrorBody;
use crate::webflow::site::{Locale, Site};
use crate::webflow::{ApiError, Client, FailureClass, LocaleId, SiteId};

/// Where live reads are kept and whether answers come from there (the cache
/// mode): one per command run or browser read.
pub struct Snapshots {
    /// `None`: nothing is kept or read (`--no-cache`, demo, no cache dir).
    store: Option<SiteStore>,
    /// The API host, which names the directory (as for the asset cache).
    host: String,
    offline: bool,
}

/// What a read answered, and when it was read if it came from a snapshot.
#[derive(Debug)]
pub struct Answer<T> {
    pub value: T,
    /// `Some`: from the snapshot (`--offline`), read from the API then.
    pub kept_at: Option<DateTime<Utc>>,
}

/// Why a read failed: the API's error, or (`--offline`) nothing kept.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error("{}", not_kept(.site, .missing, *.all))]
    NotKept {
        site: SiteId,
        /// The locales asked for that were never read (`None`: the site's
        /// default); empty when the site itself was never read.
        missing: Vec<Option<String>>,
        /// `--all-locales` was asked for.
        all: bool,
    },
}

impl ReadError {
    /// An offline miss exits like the asset cache's (`ApiError::NotCached`).
    pub fn exit_code(&self) -> u8 {
        match self {
            ReadError::Api(e) => e.class().exit_code(),
            ReadError::NotKept { .. } => FailureClass::Other.exit_code(),
        }
    }

    /// For the browser, whose messages carry an [`ApiError`]: an offline
    /// miss keeps its sentence (what was never read, what to run).
    pub fn into_api(self) -> ApiError {
        match self {
            ReadError::Api(e) => e,
            not_kept @ ReadError::NotKept { .. } => ApiError::SiteNotKept {
                sentence: not_kept.to_string(),
            },
        }
    }
}

/// "site S was never read in locale fr-FR: run `wfa usage --site S --locale
/// fr-FR` once without --offline". Tags come from the kept site: cleaned.
fn not_kept(site: &SiteId, missing: &[Option<String>], all: bool) -> String {
    let tags: Vec<String> = missing
        .iter()
        .flatten()
        .map(|tag| crate::text::clean(tag).into_owned())
        .collect();
    let what = match (missing.is_empty(), tags.is_empty()) {
        (true, _) => String::new(),
        (false, true) => " in its default locale".to_string(),
        (false, false) => format!(" in locale {}", tags.join(", ")),
    };
    let flag = match tags.as_slice() {
        _ if all => " --all-locales".to_string(),
        [one] => format!(" --locale {one}"),
        _ => String::new(),
    };
    format!(
        "site {site} was never read{what}, and --offline sends no request: \
         run `wfa usage --site {site}{flag}` once without --offline"
    )
}

/// What is kept of a skipped part: enough to say the same sentence offline.
/// Only missing scopes and absent parts are ever skipped (see [`skip`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeptSkip {
    part: Part,
    missing_scope: bool,
    what: String,
    code: Option<String>,
    message: Option<String>,
}

impl KeptSkip {
    fn new(s: &Skipped) -> Self {
        let (what, body) = match &s.error {
            ApiError::NotFound { what, body } => (what.clone(), Some(body)),
            ApiError::Forbidden { body } | ApiError::MissingWriteScope { body } => {
                (String::new(), Some(body))
            }
            _ => (String::new(), None),
        };
        Self {
            part: s.part,
            missing_scope: is_missing_scope(&s.error),
            what,
            code: body.and_then(|b| b.code.clone()),
            message: body.and_then(|b| b.message.clone()),
        }
    }

    fn skipped(self) -> Skipped {
        let body = ErrorBody {
            code: self.code,
            message: self.message,
            external_reference: None,
        };
        let error = if self.missing_scope {
            ApiError::Forbidden { body }
        } else {
            ApiError::NotFound {
                what: self.what,
                body,
            }
        };
        Skipped {
            part: self.part,
            error,
        }
    }
}

/// One locale's file: what was read, and what the read skipped.
#[derive(Serialize, Deserialize)]
struct Kept<C> {
    content: C,
    skipped: Vec<KeptSkip>,
}

impl Snapshots {
    /// Snapshots under the asset cache's `root` (`config::asset_cache_dir`)
    /// for the API `host`; `None` (no cache dir, the demo) or `--no-cache`
    /// keeps nothing.
    pub fn new(root: Option<PathBuf>, host: &str, mode: CacheMode) -> Self {
        let store = root
            .filter(|_| mode != CacheMode::Bypass)
            .map(|root| SiteStore::new(root, site_cache::DEFAULT_MAX_BYTES));
        Self {
            store,
            host: host.to_string(),
            offline: mode == CacheMode::Offline,
        }
    }

    pub fn offline(&self) -> bool {
        self.offline
    }

    /// The site (its name and locales): from the API, kept for `--offline`;
    /// offline, the kept one.
    pub async fn site(&self, client: &Client, id: &SiteId) -> Result<Answer<Site>, ReadError> {
        if self.offline {
            return self
                .store
                .as_ref()
                .and_then(|store| store.get::<Site>(&self.host, id, Entry::Site))
                .map(|kept| Answer {
                    value: kept.value,
                    kept_at: Some(kept.fetched_at),
                })
                .ok_or_else(|| ReadError::NotKept {
                    site: id.clone(),
                    missing: Vec::new(),
                    all: false,
                });
        }
        let site = client.get_site(id).await?;
        self.keep(id, Entry::Site, &site);
        Ok(Answer {
            value: site,
            kept_at: None,
        })
    }

    /// [`read`] with the snapshots in front: offline, every locale asked for
    /// from its kept read (all must be there; `all` says `--all-locales` was
    /// asked, for the message); otherwise read live and kept per locale.
    pub async fn content(
        &self,
        client: &Client,
        id: &SiteId,
        locales: &[Option<Locale>],
        all: bool,
        progress: Progress<'_>,
    ) -> Result<Answer<SiteContent>, ReadError> {
        if self.offline {
            return self.kept_content(id, locales, all);
        }
        let read = read(client, id, locales, progress).await?;
        let skipped: Vec<KeptSkip> = read.skipped.iter().map(KeptSkip::new).collect();
        for content in &read.contents {
            if let Some(locale) = entry_locale(&content.locale) {
                let kept = Kept {
                    content,
                    skipped: skipped.clone(),
                };
                self.keep(id, Entry::Locale(locale.as_ref()), &kept);
            }
        }
        Ok(Answer {
            value: read,
            kept_at: None,
        })
    }

    fn kept_content(
        &self,
        id: &SiteId,
        locales: &[Option<Locale>],
        all: bool,
    ) -> Result<Answer<SiteContent>, ReadError> {
        let mut read = SiteContent::default();
        let mut missing = Vec::new();
        let mut oldest: Option<DateTime<Utc>> = None;
        for locale in locales {
            let kept = entry_locale(locale).and_then(|key| {
                let store = self.store.as_ref()?;
                store.get::<Kept<Content>>(&self.host, id, Entry::Locale(key.as_ref()))
            });
            let Some(kept) = kept else {
                missing.push(locale.as_ref().map(|l| l.tag.clone()));
                continue;
            };
            oldest = Some(oldest.map_or(kept.fetched_at, |t| t.min(kept.fetched_at)));
            let Kept { content, skipped } = kept.value;
            // The locale as the kept site has it now (its `primary` mark
            // is not part of the file).
            read.contents.push(Content {
                locale: locale.clone(),
                ..content
            });
            read.skipped
                .extend(skipped.into_iter().map(KeptSkip::skipped));
        }
        if !missing.is_empty() {
            return Err(ReadError::NotKept {
                site: id.clone(),
                missing,
                all,
            });
        }
        dedupe(&mut read.skipped);
        Ok(Answer {
            value: read,
            kept_at: oldest,
        })
    }

    /// Keeps a snapshot; one that cannot be written only costs the next
    /// `--offline` run its answer, so it is logged, not reported.
    fn keep<T: Serialize>(&self, id: &SiteId, entry: Entry<'_>, value: &T) {
        let Some(store) = &self.store else {
            return;
        };
        if let Err(e) = store.put(&self.host, id, entry, value) {
            tracing::warn!(error = %e, "could not keep the site's content in the cache");
        }
    }
}

/// The file a locale's read is kept in: `Some(None)` for the default
/// locale; `None` when the locale's ID is not a valid one (never a path).
fn entry_locale(locale: &Option<Locale>) -> Option<Option<LocaleId>> {
    match locale {
        None => Some(None),
        Some(l) => LocaleId::parse(&l.id).ok().map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> SiteId {
        SiteId::parse("5f0c8c9e1c9d440000e8d8c3").unwrap()
    }

    fn locale(id: &str, tag: &str, primary: bool) -> Locale {
        Locale {
            id: id.into(),
            tag: tag.into(),
            primary,
            ..Locale::default()
        }
    }

    fn body(code: &str) -> ErrorBody {
        ErrorBody {
            code: Some(code.into()),
            message: Some("no".into()),
            external_reference: None,
        }
    }

    #[test]
    fn skipped_parts_read_back_with_the_same_sentence() {
        for skipped in [
            Skipped {
                part: Part::Components,
                error: ApiError::Forbidden {
                    body: body("missing_scopes"),
                },
            },
            Skipped {
                part: Part::Cms,
                error: ApiError::NotFound {
                    what: "the collections".into(),
                    body: body("resource_not_found"),
                },
            },
        ] {
            let json = serde_json::to_string(&KeptSkip::new(&skipped)).unwrap();
            let back: KeptSkip = serde_json::from_str(&json).unwrap();
            let back = back.skipped();
            assert_eq!(back.part, skipped.part);
            assert_eq!(back.sentence(), skipped.sentence());
        }
    }

    #[test]
    fn offline_reads_answer_from_what_was_kept_or_say_what_to_run() {
        let dir = tempfile::tempdir().unwrap();
        let root = Some(dir.path().to_path_buf());
        let (en, fr) = (
            locale("653fd9af6a07fc9cfd7a5e50", "en-US", true),
            locale("653fd9af6a07fc9cfd7a5e56", "fr-FR", false),
        );
        let live = Snapshots::new(root.clone(), "api.test", CacheMode::Normal);
        // As a file holds it: the `primary` mark is not kept.
        let content = Content {
            locale: Some(Locale {
                primary: false,
                ..en.clone()
            }),
            ..Content::default()
        };
        let skipped = vec![KeptSkip::new(&Skipped {
            part: Part::Pages,
            error: ApiError::Forbidden {
                body: body("missing_scopes"),
            },
        })];
        let en_id = LocaleId::parse(&en.id).unwrap();
        live.keep(
            &site(),
            Entry::Locale(Some(&en_id)),
            &Kept {
                content: &content,
                skipped,
            },
        );

        let offline = Snapshots::new(root.clone(), "api.test", CacheMode::Offline);
        let answer = offline
            .kept_content(&site(), std::slice::from_ref(&Some(en.clone())), false)
            .unwrap();
        assert!(answer.kept_at.is_some());
        let read = answer.value;
        // The locale asked for, its primary mark included.
        assert_eq!(read.contents[0].locale, Some(en.clone()));
        assert_eq!(read.skipped.len(), 1);
        assert_eq!(read.skipped[0].part, Part::Pages);

        let err = offline
            .kept_content(&site(), &[Some(en.clone()), Some(fr.clone())], true)
            .unwrap_err();
        assert_eq!(err.exit_code(), 1);
        let text = err.to_string();
        assert!(
            text.contains("never read in locale fr-FR,") && text.contains("--all-locales`"),
            "{text}"
        );
        assert!(matches!(err.into_api(), ApiError::SiteNotKept { .. }));

        // `--no-cache`: nothing is read (or kept).
        let bypass = Snapshots::new(root, "api.test", CacheMode::Bypass);
        assert!(bypass.store.is_none());
    }

    #[test]
    fn misses_name_the_command_to_run() {
        let s = site();
        assert_eq!(
            not_kept(&s, &[], false),
            format!(
                "site {s} was never read, and --offline sends no request: run `wfa usage --site {s}` once without --offline"
            )
        );
        assert!(not_kept(&s, &[Some("fr-FR".into())], false).contains(
            "never read in locale fr-FR, and --offline sends no request: run `wfa usage --site 5f0c8c9e1c9d440000e8d8c3 --locale fr-FR`"
        ));
        assert!(not_kept(&s, &[None], false).contains("never read in its default locale,"));
        // A tag from the cache cannot reach the terminal raw.
        assert!(!not_kept(&s, &[Some("fr\u{1b}[2J".into())], false).contains('\u{1b}'));
    }
}
