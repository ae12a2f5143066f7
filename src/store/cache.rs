//! The on-disk asset cache: every fetched asset is kept under the cache
//! directory, so the next lookup shows it at once (the TUI then refreshes it in
//! the background) and `wfa get --offline` answers with zero API requests.
//!
//! Layout: `<root>/<host dir>/<locale id or "default">/<asset id>.json`, where
//! the host dir is the API host label reduced to `[a-z0-9.-]` (see
//! `host_dir`) and the IDs are validated [`AssetId`]s and [`LocaleId`]s (24 lowercase hex
//! digits). Nothing the API sends is ever used as a path component.
//!
//! An entry is a small JSON envelope around the body exactly as the API sent it:
//! `{"version":1,"fetchedAt":"<rfc3339>","asset":<raw>}`.
//!
//! Everything here is synchronous `std::fs`; async callers wrap it in
//! `spawn_blocking`. A [`Cache`] is `Send + Sync` and meant to be shared in an
//! `Arc`. Several processes may use the same root at once: writes are atomic
//! renames, so the worst a race can do is lose one entry or misjudge the size
//! for a while, never show a half-written asset.
//!
//! The root is the caller's choice (`config::asset_cache_dir` for wfa); this
//! module reads no configuration. The files a preview downloads live in the
//! other store, [`super::files`], under the same rules.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::entries::{self, Budget, EntryFile};
use super::key::hex_key;
use crate::webflow::id::ID_LEN;
use crate::webflow::{Asset, AssetId, LocaleId};

/// The default cap on the bytes of all entries together.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Written into every entry; an entry with any other version is discarded.
const FORMAT_VERSION: u32 = 1;

/// No single entry is read or written beyond this. A Webflow asset is a few KiB
/// even with dozens of variants, so a bigger file is damage (or not ours), and
/// refusing it keeps one bad file from costing a large read on the UI path.
const MAX_ENTRY_BYTES: u64 = 4 * 1024 * 1024;

/// The locale directory when no locale was asked for. It cannot collide with a
/// locale ID, which is 24 hex digits.
const DEFAULT_LOCALE_DIR: &str = "default";

const ENTRY_EXT: &str = ".json";

/// Host dirs longer than this are truncated and suffixed with a hash of the
/// full label, keeping well inside every file system's name limit.
const MAX_HOST_DIR: usize = 96;

/// The asset cache rooted at one directory.
#[derive(Debug)]
pub struct Cache {
    root: PathBuf,
    /// The cap and the running total of the entries under `root`.
    budget: Budget,
}

/// An entry as read back from the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedAsset {
    /// The body exactly as the API sent it.
    pub raw: serde_json::Value,
    pub asset: Asset,
    /// When it was fetched (when `put` stored it).
    pub fetched_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EnvelopeOut<'a> {
    version: u32,
    fetched_at: DateTime<Utc>,
    asset: &'a Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EnvelopeIn {
    version: u32,
    fetched_at: DateTime<Utc>,
    asset: Value,
}

impl Cache {
    /// A cache under `root` holding at most about `max_bytes` of entries. Nothing
    /// is touched on disk until the first `put`.
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            root: root.into(),
            budget: Budget::new(max_bytes),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The cached asset for this key, or `None` when it is absent, unreadable,
    /// corrupt, truncated or not an asset.
    ///
    /// A file whose *content* is bad (not JSON, cut short, another format
    /// version, not an asset, another asset's ID, oversized) is deleted, best
    /// effort: it can never become valid, and leaving it would make every
    /// lookup pay for reading it and keep the key from looking like a plain
    /// miss, which is what makes callers fetch it again. A file that merely
    /// cannot be read (permissions, I/O error) is left alone. No file content
    /// can make this panic.
    pub fn get(&self, host: &str, locale: Option<&LocaleId>, id: &AssetId) -> Option<CachedAsset> {
        let path = self.entry_path(host, locale, id);
        let (meta, bytes) = entries::read_entry(&path, MAX_ENTRY_BYTES)?;
        let decoded = bytes.and_then(|bytes| decode(&bytes, id));
        if decoded.is_none() {
            entries::discard_if_unchanged(&path, &meta);
        }
        decoded
    }

    /// Stores `raw` (the body exactly as received) under this key, stamped with
    /// the current time.
    ///
    /// `raw` must parse as an [`Asset`] whose `id` is `id`, otherwise nothing is
    /// written (`InvalidInput`): an entry `get` would reject is only wasted
    /// space. An entry bigger than the cap (or than 4 MiB) is refused with
    /// `FileTooLarge`.
    ///
    /// Atomic ([`super::atomic::write_atomic`]): a reader, in this process or another, sees
    /// the old entry or the new one, never a mix. There is no fsync: after a
    /// power cut the rename may survive without the data, and `get` then
    /// finds an empty or truncated file, deletes it and reports a miss. The
    /// cache is disposable, so that is cheaper than an fsync on every fetch.
    ///
    /// Eviction: when the running total goes over `max_bytes`, the tree is
    /// scanned and the least recently written entries are deleted until the
    /// total is at most 7/8 of the cap (see `entries::Budget::account`). The
    /// entry just written is never evicted by its own put. Once `put` returns,
    /// the entries of a cache used by one writer add up to at most
    /// `max_bytes`; while a put is running they may exceed it by that one
    /// entry.
    pub fn put(
        &self,
        host: &str,
        locale: Option<&LocaleId>,
        id: &AssetId,
        raw: &serde_json::Value,
    ) -> io::Result<()> {
        let asset = Asset::deserialize(raw).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not caching asset {id}: the body is not an asset ({e})"),
            )
        })?;
        if !asset.id.eq_ignore_ascii_case(id.as_str()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not caching asset {id}: the body is for another asset"),
            ));
        }
        let envelope = EnvelopeOut {
            version: FORMAT_VERSION,
            fetched_at: Utc::now(),
            asset: raw,
        };
        let limit = self.budget.max_bytes().min(MAX_ENTRY_BYTES);
        let bytes = entries::encode_within(&envelope, limit, &format!("caching asset {id}"))?;

        let path = self.entry_path(host, locale, id);
        self.budget.write(&path, &bytes, || self.scan())
    }

    /// Removes every entry (and any temp file) under the root, then the
    /// directories they leave empty.
    ///
    /// Only what this cache writes is removed (`<24 hex>.json` and its temp
    /// files, at the layout's depth); anything else found under the root is
    /// left in place, so a root pointed at the wrong directory costs nothing.
    /// Keeps going past failures and returns the first one.
    pub fn clear(&self) -> io::Result<()> {
        let mut total = self.budget.lock();
        let mut first_err: Option<io::Error> = None;
        let hosts = match fs::read_dir(&self.root) {
            Ok(hosts) => hosts,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                *total = Some(0);
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        for host in subdirs(hosts) {
            let Ok(locales) = fs::read_dir(&host) else {
                continue;
            };
            for locale in subdirs(locales) {
                entries::clear_dir(&locale, is_entry_name, &mut first_err);
                // Fails (harmlessly) when something unrecognised is left.
                let _ = fs::remove_dir(&locale);
            }
            let _ = fs::remove_dir(&host);
        }
        // Measured again on the next put.
        *total = None;
        first_err.map_or(Ok(()), Err)
    }

    fn entry_dir(&self, host: &str, locale: Option<&LocaleId>) -> PathBuf {
        self.root
            .join(host_dir(host))
            .join(locale.map_or(DEFAULT_LOCALE_DIR, LocaleId::as_str))
    }

    fn entry_path(&self, host: &str, locale: Option<&LocaleId>, id: &AssetId) -> PathBuf {
        self.entry_dir(host, locale).join(entry_name(id))
    }

    /// Every entry file under the root, walking exactly the layout's depth
    /// (nothing else is followed). Temp files left by a dead writer are
    /// deleted on the way. Unreadable parts are skipped.
    fn scan(&self) -> Vec<EntryFile> {
        let mut found = Vec::new();
        let Ok(hosts) = fs::read_dir(&self.root) else {
            return found;
        };
        for host in subdirs(hosts) {
            let Ok(locales) = fs::read_dir(&host) else {
                continue;
            };
            for locale in subdirs(locales) {
                entries::scan_dir(&locale, is_entry_name, &mut found);
            }
        }
        found
    }
}

/// Parses and checks an entry; `None` means the content is bad.
fn decode(bytes: &[u8], id: &AssetId) -> Option<CachedAsset> {
    let envelope: EnvelopeIn = serde_json::from_slice(bytes).ok()?;
    if envelope.version != FORMAT_VERSION {
        return None;
    }
    let asset = Asset::deserialize(&envelope.asset).ok()?;
    // A file at this key holding another asset cannot be trusted for this one.
    if !asset.id.eq_ignore_ascii_case(id.as_str()) {
        return None;
    }
    Some(CachedAsset {
        raw: envelope.asset,
        asset,
        fetched_at: envelope.fetched_at,
    })
}

pub(super) fn subdirs(entries: fs::ReadDir) -> impl Iterator<Item = PathBuf> {
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
}

fn entry_name(id: &AssetId) -> String {
    format!("{id}{ENTRY_EXT}")
}

/// `<24 lowercase hex>.json`: the only files `put` leaves in place.
fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(ENTRY_EXT).is_some_and(|stem| {
        stem.len() == ID_LEN
            && stem
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The directory name for an API host label (`api.webflow.com`,
/// `127.0.0.1:8080`…); `site_cache` files its snapshots under the same one.
///
/// Only `[A-Za-z0-9.-]` is kept (lowercased, since host names are
/// case-insensitive); every other character, path separators included, becomes
/// `_`. A name that would still mean something to the file system (empty, `.`,
/// `..`, any run of dots, or a Windows device name such as `con`) gets an `h_`
/// prefix, and an overlong one is cut and suffixed with a hash of the whole
/// label. The result is always a single, ordinary path component.
pub(super) fn host_dir(host: &str) -> String {
    let mut dir: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if dir.len() > MAX_HOST_DIR {
        // ASCII only by now, so any byte index is a char boundary.
        dir.truncate(MAX_HOST_DIR);
        dir.push('-');
        dir.push_str(&hex_key(host.as_bytes()));
    }
    if dir.bytes().all(|b| b == b'.') || is_windows_device_name(&dir) {
        dir.insert_str(0, "h_");
    }
    dir
}

/// Names Windows reserves in every directory, with or without an extension.
fn is_windows_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_dirs_are_single_ordinary_components() {
        for (host, dir) in [
            ("api.webflow.com", "api.webflow.com"),
            ("API.Webflow.com", "api.webflow.com"),
            ("127.0.0.1:8080", "127.0.0.1_8080"),
            ("[::1]:8080", "___1__8080"),
            ("../../etc", ".._.._etc"),
            ("a/b", "a_b"),
            ("a\\b", "a_b"),
            ("", "h_"),
            (".", "h_."),
            ("..", "h_.."),
            ("...", "h_..."),
            ("con", "h_con"),
            ("COM1.example", "h_com1.example"),
            ("console.example", "console.example"),
            ("é", "_"),
        ] {
            assert_eq!(host_dir(host), dir, "{host:?}");
        }
        let long = "x".repeat(1000);
        let dir = host_dir(&long);
        assert!(dir.len() <= MAX_HOST_DIR + 17, "{}", dir.len());
        assert_ne!(dir, host_dir(&"x".repeat(999)));
    }

    #[test]
    fn entry_and_temp_names_are_told_apart() {
        use crate::store::atomic::is_temp_name;
        assert!(is_entry_name("63e5889e7fe4eafa7384cea4.json"));
        assert!(!is_entry_name("63E5889E7FE4EAFA7384CEA4.json"));
        assert!(!is_entry_name("notes.json"));
        assert!(!is_entry_name(".63e5889e7fe4eafa7384cea4.1.2.tmp"));
        assert!(!is_entry_name(".63e5889e7fe4eafa7384cea4.json.1.2.tmp"));
        assert!(is_temp_name(".63e5889e7fe4eafa7384cea4.1.2.tmp"));
        assert!(is_temp_name(".63e5889e7fe4eafa7384cea4.json.1.2.tmp"));
    }
}
