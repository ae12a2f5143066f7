//! Snapshots of what was read of a site (its locales, and per locale its
//! pages, components, CMS items and assets), kept beside the asset cache so
//! that `wfa usage --offline` and `wfa audit --rendered --offline` answer
//! with zero requests, and say how old the answer is.
//!
//! Layout, under the asset cache's root:
//! `<root>/<host dir>/sites/<site id>/site.json` (the site) and
//! `<root>/<host dir>/sites/<site id>/<locale id or "default">.json` (what
//! was read in that locale). The host dir is the asset cache's (`host_dir`);
//! the site and locale are validated [`SiteId`]s and [`LocaleId`]s, so
//! nothing the API sends becomes a path component. The asset cache walks
//! `<root>/<host dir>/<locale>/` for its own `<24 hex>.json` entries only,
//! so it never mistakes the `sites` tree for its own (and the other way
//! round).
//!
//! Each file is a versioned envelope, `{"version":1,"fetchedAt":…,"value":…}`;
//! what `value` holds is the caller's (this module knows no usage types), as
//! long as it round-trips through serde. A file with another version, cut
//! short, not JSON, not the expected shape or over the size cap is a miss and
//! is deleted; one that merely cannot be read is a miss left alone. Writes are
//! atomic ([`super::atomic`]); the snapshots share one size cap, oldest
//! evicted first ([`super::entries`]), apart from the asset cache's.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::cache::{host_dir, subdirs};
use super::entries::{self, Budget, EntryFile};
use crate::webflow::id::ID_LEN;
use crate::webflow::{LocaleId, SiteId};

/// The default cap on the bytes of all snapshots together: a large site's
/// DOMs in a few locales fit many times over.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Written into every snapshot; one with any other version is discarded.
const FORMAT_VERSION: u32 = 1;

/// No single snapshot is read or written beyond this: bigger is damage (or
/// not ours), and refusing it keeps one bad file from costing a huge read.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

const SITES_DIR: &str = "sites";
const SITE_FILE: &str = "site";
/// The file of a read in the site's default locale (no locale asked for, or
/// the site has none); it cannot collide with a locale ID (24 hex digits).
const DEFAULT_FILE: &str = "default";
const EXT: &str = ".json";

/// Which file of a site's snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    /// The site itself (its name and locales).
    Site,
    /// What was read in a locale (`None`: the default).
    Locale(Option<&'a LocaleId>),
}

/// A snapshot as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub value: T,
    /// When it was read from the API (when `put` stored it).
    pub fetched_at: DateTime<Utc>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvelopeOut<'a, T> {
    version: u32,
    fetched_at: DateTime<Utc>,
    value: &'a T,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnvelopeIn<T> {
    version: u32,
    fetched_at: DateTime<Utc>,
    value: T,
}

/// The site snapshots under one root (the asset cache's).
#[derive(Debug)]
pub struct SiteStore {
    root: PathBuf,
    budget: Budget,
}

impl SiteStore {
    /// Snapshots under `root` holding at most about `max_bytes`. Nothing is
    /// touched on disk until the first `put`.
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            root: root.into(),
            budget: Budget::new(max_bytes),
        }
    }

    /// The snapshot, or `None` when it is absent, unreadable, damaged, of
    /// another format version or not a `T`. No file content can make this
    /// panic; a damaged file is deleted (it can never become good).
    pub fn get<T: DeserializeOwned>(
        &self,
        host: &str,
        site: &SiteId,
        entry: Entry<'_>,
    ) -> Option<Stored<T>> {
        let path = self.path(host, site, entry);
        let (meta, bytes) = entries::read_entry(&path, MAX_ENTRY_BYTES)?;
        let decoded = bytes.and_then(|bytes| decode(&bytes));
        if decoded.is_none() {
            entries::discard_if_unchanged(&path, &meta);
        }
        decoded
    }

    /// Stores `value`, stamped with the current time, in place of the
    /// snapshot before it. A snapshot over the cap (or 64 MiB) is refused
    /// with `FileTooLarge`; a store over its cap evicts the oldest snapshots.
    pub fn put<T: Serialize>(
        &self,
        host: &str,
        site: &SiteId,
        entry: Entry<'_>,
        value: &T,
    ) -> io::Result<()> {
        let envelope = EnvelopeOut {
            version: FORMAT_VERSION,
            fetched_at: Utc::now(),
            value,
        };
        let limit = self.budget.max_bytes().min(MAX_ENTRY_BYTES);
        let bytes = entries::encode_within(&envelope, limit, &format!("keeping site {site}"))?;
        let path = self.path(host, site, entry);
        self.budget.write(&path, &bytes, || self.scan())
    }

    fn path(&self, host: &str, site: &SiteId, entry: Entry<'_>) -> PathBuf {
        let name = match entry {
            Entry::Site => SITE_FILE,
            Entry::Locale(None) => DEFAULT_FILE,
            Entry::Locale(Some(locale)) => locale.as_str(),
        };
        self.root
            .join(host_dir(host))
            .join(SITES_DIR)
            .join(site.as_str())
            .join(format!("{name}{EXT}"))
    }

    /// Every snapshot file under the root, walking exactly the layout's
    /// depth; dead writers' temp files are swept on the way.
    fn scan(&self) -> Vec<EntryFile> {
        let mut found = Vec::new();
        let Ok(hosts) = std::fs::read_dir(&self.root) else {
            return found;
        };
        for host in subdirs(hosts) {
            let Ok(sites) = std::fs::read_dir(host.join(SITES_DIR)) else {
                continue;
            };
            for site in subdirs(sites).filter(|d| is_site_dir(d)) {
                entries::scan_dir(&site, is_snapshot_name, &mut found);
            }
        }
        found
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<Stored<T>> {
    let envelope: EnvelopeIn<serde_json::Value> = serde_json::from_slice(bytes).ok()?;
    if envelope.version != FORMAT_VERSION {
        return None;
    }
    Some(Stored {
        value: T::deserialize(envelope.value).ok()?,
        fetched_at: envelope.fetched_at,
    })
}

fn is_hex_id(name: &str) -> bool {
    name.len() == ID_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_site_dir(dir: &Path) -> bool {
    dir.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_hex_id)
}

/// `site.json`, `default.json` or `<24 lowercase hex>.json`: the only files
/// `put` leaves in place.
fn is_snapshot_name(name: &str) -> bool {
    name.strip_suffix(EXT)
        .is_some_and(|stem| stem == SITE_FILE || stem == DEFAULT_FILE || is_hex_id(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "api.webflow.com";

    fn site() -> SiteId {
        SiteId::parse("5f0c8c9e1c9d440000e8d8c3").unwrap()
    }

    fn locale() -> LocaleId {
        LocaleId::parse("653fd9af6a07fc9cfd7a5e56").unwrap()
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        name: String,
        n: u32,
    }

    fn thing() -> Thing {
        Thing {
            name: "Candy".into(),
            n: 3,
        }
    }

    #[test]
    fn round_trip_per_part() {
        let dir = tempfile::tempdir().unwrap();
        let store = SiteStore::new(dir.path(), DEFAULT_MAX_BYTES);
        let fr = locale();
        assert_eq!(store.get::<Thing>(HOST, &site(), Entry::Site), None);
        store.put(HOST, &site(), Entry::Site, &thing()).unwrap();
        store
            .put(
                HOST,
                &site(),
                Entry::Locale(Some(&fr)),
                &Thing { n: 4, ..thing() },
            )
            .unwrap();
        let got: Stored<Thing> = store.get(HOST, &site(), Entry::Site).unwrap();
        assert_eq!(got.value, thing());
        assert!((Utc::now() - got.fetched_at).num_seconds() < 60);
        let fr_got: Stored<Thing> = store.get(HOST, &site(), Entry::Locale(Some(&fr))).unwrap();
        assert_eq!(fr_got.value.n, 4);
        // Another locale, another host: misses.
        assert_eq!(store.get::<Thing>(HOST, &site(), Entry::Locale(None)), None);
        assert_eq!(store.get::<Thing>("other.test", &site(), Entry::Site), None);
        assert!(
            dir.path()
                .join(
                    "api.webflow.com/sites/5f0c8c9e1c9d440000e8d8c3/653fd9af6a07fc9cfd7a5e56.json"
                )
                .is_file()
        );
    }

    #[test]
    fn another_version_or_damage_is_a_miss_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = SiteStore::new(dir.path(), DEFAULT_MAX_BYTES);
        store.put(HOST, &site(), Entry::Site, &thing()).unwrap();
        let path = store.path(HOST, &site(), Entry::Site);
        let good = std::fs::read_to_string(&path).unwrap();
        let damaged = [
            good.replace("\"version\":1", "\"version\":2"),
            good[..good.len() / 2].to_string(),
            String::new(),
            "not json".into(),
            "{\"version\":1,\"fetchedAt\":\"yesterday\",\"value\":{}}".into(),
            good.replace("\"n\":3", "\"n\":\"three\""),
            "\u{0}\u{ff}[[[[".into(),
        ];
        for bad in damaged {
            std::fs::write(&path, &bad).unwrap();
            assert_eq!(
                store.get::<Thing>(HOST, &site(), Entry::Site),
                None,
                "{bad:?}"
            );
            assert!(!path.exists(), "a damaged snapshot is removed: {bad:?}");
        }
        // A directory in the file's place is a miss too.
        std::fs::create_dir_all(path.join("x")).unwrap();
        assert_eq!(store.get::<Thing>(HOST, &site(), Entry::Site), None);
    }

    #[test]
    fn the_cap_is_kept_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let big = Thing {
            name: "x".repeat(400),
            n: 0,
        };
        let store = SiteStore::new(dir.path(), 1000);
        let (a, b) = (
            locale(),
            LocaleId::parse("653fd9af6a07fc9cfd7a5e50").unwrap(),
        );
        store
            .put(HOST, &site(), Entry::Locale(Some(&a)), &big)
            .unwrap();
        store
            .put(HOST, &site(), Entry::Locale(Some(&b)), &big)
            .unwrap();
        store.put(HOST, &site(), Entry::Site, &big).unwrap();
        assert_eq!(
            store.get::<Thing>(HOST, &site(), Entry::Locale(Some(&a))),
            None
        );
        assert!(store.get::<Thing>(HOST, &site(), Entry::Site).is_some());
        let too_big = Thing {
            name: "x".repeat(2000),
            n: 0,
        };
        let err = store.put(HOST, &site(), Entry::Site, &too_big).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
    }

    #[test]
    fn snapshot_names() {
        assert!(is_snapshot_name("site.json"));
        assert!(is_snapshot_name("default.json"));
        assert!(is_snapshot_name("653fd9af6a07fc9cfd7a5e56.json"));
        assert!(!is_snapshot_name("653FD9AF6A07FC9CFD7A5E56.json"));
        assert!(!is_snapshot_name("notes.json"));
        assert!(!is_snapshot_name(".site.json.1.2.tmp"));
    }
}
