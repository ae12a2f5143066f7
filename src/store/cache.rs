//! The on-disk asset cache: every fetched asset is kept under the cache
//! directory, so the next lookup shows it at once (the TUI then refreshes it in
//! the background) and `wfa get --offline` answers with zero API requests.
//!
//! Layout: `<root>/<host dir>/<locale id or "default">/<asset id>.json`, where
//! the host dir is the API host label reduced to `[a-z0-9.-]` (see
//! [`host_dir`]) and the IDs are validated [`ObjectId`]s (24 lowercase hex
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

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::webflow::{Asset, ObjectId};

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
const TEMP_PREFIX: char = '.';
const TEMP_SUFFIX: &str = ".tmp";

/// A temp file this old was left behind by a process that died mid-write; the
/// eviction scan deletes it. (A live write takes milliseconds.)
const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Host dirs longer than this are truncated and suffixed with a hash of the
/// full label, keeping well inside every file system's name limit.
const MAX_HOST_DIR: usize = 96;

/// Makes temp file names unique across the threads of this process; the pid
/// makes them unique across processes.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The asset cache rooted at one directory.
#[derive(Debug)]
pub struct Cache {
    root: PathBuf,
    max_bytes: u64,
    /// Approximate bytes of all entries under `root`: `None` until the first
    /// `put` scans the tree once, then kept up to date by each `put` of this
    /// instance. Other processes (and files replaced under us) make it drift,
    /// which only shifts when the next eviction scan happens; that scan
    /// measures the tree again and resets it. The lock also keeps two threads
    /// from scanning or evicting at once.
    total: Mutex<Option<u64>>,
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

/// One entry file found by a scan.
struct EntryFile {
    path: PathBuf,
    len: u64,
    modified: SystemTime,
}

impl Cache {
    /// A cache under `root` holding at most about `max_bytes` of entries. Nothing
    /// is touched on disk until the first `put`.
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            root: root.into(),
            max_bytes,
            total: Mutex::new(None),
        }
    }

    /// `<platform cache dir>/assets`, or `None` when there is no home directory.
    pub fn default_root() -> Option<PathBuf> {
        crate::config::cache_dir().map(|dir| dir.join("assets"))
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
    pub fn get(&self, host: &str, locale: Option<&ObjectId>, id: &ObjectId) -> Option<CachedAsset> {
        let path = self.entry_path(host, locale, id);
        let mut file = File::open(&path).ok()?;
        let meta = file.metadata().ok()?;
        if meta.is_dir() {
            // Not something `put` ever makes; an empty one is cleared so that
            // the next `put` can land. A non-empty one is left to `put`'s retry
            // (which also fails then) rather than deleted recursively.
            drop(file);
            let _ = fs::remove_dir(&path);
            return None;
        }
        let mut bytes = Vec::new();
        let decoded = if meta.len() > MAX_ENTRY_BYTES {
            None
        } else {
            bytes.reserve(usize::try_from(meta.len()).unwrap_or(0));
            // The file may have been replaced since `metadata`, but never
            // grown in place; `take` bounds the read either way.
            (&mut file)
                .take(MAX_ENTRY_BYTES + 1)
                .read_to_end(&mut bytes)
                .ok()?;
            decode(&bytes, id)
        };
        drop(file);
        if decoded.is_none() {
            discard_if_unchanged(&path, &meta);
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
    /// Atomic: the entry is written to a uniquely named temp file in the same
    /// directory (same file system) and renamed over the target, so a reader,
    /// in this process or another, sees the old entry or the new one, never a
    /// mix. There is no fsync: after a power cut the rename may survive without
    /// the data, and `get` then finds an empty or truncated file, deletes it and
    /// reports a miss. The cache is disposable, so that is cheaper than an
    /// fsync on every fetch.
    ///
    /// Eviction: when the running total goes over `max_bytes`, the tree is
    /// scanned and the least recently written entries (oldest modification
    /// time; `put` stamps it with the precise current time) are deleted until
    /// the total is at most 7/8 of the cap. The headroom means a full cache is
    /// scanned once per eighth of its size written, not on every put. The entry
    /// just written is never evicted by its own put. Once `put` returns, the
    /// entries of a cache used by one writer add up to at most `max_bytes`;
    /// while a put is running they may exceed it by that one entry.
    pub fn put(
        &self,
        host: &str,
        locale: Option<&ObjectId>,
        id: &ObjectId,
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
        let bytes = serde_json::to_vec(&envelope).map_err(io::Error::other)?;
        let len = bytes.len() as u64;
        let limit = self.max_bytes.min(MAX_ENTRY_BYTES);
        if len > limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!("not caching asset {id}: {len} bytes is over the {limit}-byte limit"),
            ));
        }

        let dir = self.entry_dir(host, locale);
        let path = dir.join(entry_name(id));
        fs::create_dir_all(&dir)?;
        let (temp, mut file) = create_temp(&dir, id)?;
        let written = file.write_all(&bytes);
        if written.is_ok() {
            // Writes get the file system's coarse clock (a tick of several ms on
            // Linux), which would make entries written in a burst tie for
            // eviction order; the precise time keeps them in order. Best
            // effort: the coarse time is still a fine fallback.
            let _ = file.set_modified(SystemTime::now());
        }
        drop(file);
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        let replaced = fs::metadata(&path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0, |m| m.len());
        if let Err(e) = rename_into_place(&temp, &path) {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        self.account(len, replaced, &path);
        Ok(())
    }

    /// Removes every entry (and any temp file) under the root, then the
    /// directories they leave empty.
    ///
    /// Only what this cache writes is removed (`<24 hex>.json` and its temp
    /// files, at the layout's depth); anything else found under the root is
    /// left in place, so a root pointed at the wrong directory costs nothing.
    /// Keeps going past failures and returns the first one.
    pub fn clear(&self) -> io::Result<()> {
        let mut total = self.lock_total();
        let mut first_err: Option<io::Error> = None;
        let mut note = |r: io::Result<()>| {
            if let Err(e) = r
                && e.kind() != io::ErrorKind::NotFound
                && first_err.is_none()
            {
                first_err = Some(e);
            }
        };
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
                let Ok(files) = fs::read_dir(&locale) else {
                    continue;
                };
                for file in files.flatten() {
                    let name = file.file_name();
                    let name = name.to_string_lossy();
                    if is_entry_name(&name) || is_temp_name(&name) {
                        note(fs::remove_file(file.path()));
                    }
                }
                // Fails (harmlessly) when something unrecognised is left.
                let _ = fs::remove_dir(&locale);
            }
            let _ = fs::remove_dir(&host);
        }
        // Measured again on the next put.
        *total = None;
        first_err.map_or(Ok(()), Err)
    }

    fn entry_dir(&self, host: &str, locale: Option<&ObjectId>) -> PathBuf {
        self.root
            .join(host_dir(host))
            .join(locale.map_or(DEFAULT_LOCALE_DIR, ObjectId::as_str))
    }

    fn entry_path(&self, host: &str, locale: Option<&ObjectId>, id: &ObjectId) -> PathBuf {
        self.entry_dir(host, locale).join(entry_name(id))
    }

    fn lock_total(&self) -> std::sync::MutexGuard<'_, Option<u64>> {
        // Nothing panics while holding it, and the value is only an estimate
        // anyway, so a poisoned lock is simply used.
        self.total.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Updates the running total after a put of `added` bytes that replaced
    /// `replaced` bytes, evicting when it is over the cap.
    fn account(&self, added: u64, replaced: u64, just_written: &Path) {
        let mut total = self.lock_total();
        let current = match *total {
            Some(t) => t.saturating_sub(replaced).saturating_add(added),
            // The first put of this instance: one scan, which already
            // includes the entry just written.
            None => self.scan().iter().map(|e| e.len).sum(),
        };
        *total = Some(if current > self.max_bytes {
            self.evict(just_written)
        } else {
            current
        });
    }

    /// Deletes the least recently written entries until the total is at most
    /// 7/8 of the cap; returns the total measured afterwards.
    fn evict(&self, keep: &Path) -> u64 {
        let mut entries = self.scan();
        let mut total: u64 = entries.iter().map(|e| e.len).sum();
        if total <= self.max_bytes {
            // The estimate was high (another process evicted, or files were
            // removed by hand): nothing to do but correct it.
            return total;
        }
        let target = self.max_bytes - self.max_bytes / 8;
        entries.sort_by(|a, b| a.modified.cmp(&b.modified).then(a.path.cmp(&b.path)));
        for entry in entries {
            if total <= target {
                break;
            }
            if entry.path == keep {
                continue;
            }
            match fs::remove_file(&entry.path) {
                Ok(()) => total = total.saturating_sub(entry.len),
                // Someone else removed it: it no longer counts either.
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    total = total.saturating_sub(entry.len);
                }
                Err(_) => {}
            }
        }
        total
    }

    /// Every entry file under the root, walking exactly the layout's depth
    /// (nothing else is followed). Temp files left by a dead writer are
    /// deleted on the way. Unreadable parts are skipped.
    fn scan(&self) -> Vec<EntryFile> {
        let mut found = Vec::new();
        let Ok(hosts) = fs::read_dir(&self.root) else {
            return found;
        };
        let now = SystemTime::now();
        for host in subdirs(hosts) {
            let Ok(locales) = fs::read_dir(&host) else {
                continue;
            };
            for locale in subdirs(locales) {
                let Ok(files) = fs::read_dir(&locale) else {
                    continue;
                };
                for file in files.flatten() {
                    let name = file.file_name();
                    let name = name.to_string_lossy();
                    let Ok(meta) = file.metadata() else {
                        continue;
                    };
                    if !meta.is_file() {
                        continue;
                    }
                    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                    if is_entry_name(&name) {
                        found.push(EntryFile {
                            path: file.path(),
                            len: meta.len(),
                            modified,
                        });
                    } else if is_temp_name(&name)
                        && now.duration_since(modified).unwrap_or_default() > STALE_TEMP_AGE
                    {
                        let _ = fs::remove_file(file.path());
                    }
                }
            }
        }
        found
    }
}

/// Parses and checks an entry; `None` means the content is bad.
fn decode(bytes: &[u8], id: &ObjectId) -> Option<CachedAsset> {
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

/// Deletes a bad entry unless it was replaced since it was read: a concurrent
/// `put` may have renamed a good entry into place meanwhile, and that one must
/// stay.
fn discard_if_unchanged(path: &Path, read: &fs::Metadata) {
    let Ok(now) = fs::metadata(path) else {
        return;
    };
    if now.is_file() && same_file(read, &now) {
        let _ = fs::remove_file(path);
    }
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Creates a new temp file next to the entry. `create_new` (O_EXCL) never
/// opens an existing file or follows a planted symlink; a name left by a dead
/// process with a recycled pid is skipped.
fn create_temp(dir: &Path, id: &ObjectId) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let mut attempts = 0;
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{TEMP_PREFIX}{id}.{pid}.{n}{TEMP_SUFFIX}"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 16 => {
                attempts += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Renames the temp file over the entry. A directory squatting on the entry's
/// name (which `put` never makes) is removed if empty and the rename retried.
fn rename_into_place(temp: &Path, path: &Path) -> io::Result<()> {
    match fs::rename(temp, path) {
        Ok(()) => Ok(()),
        Err(e) => {
            let squatted = fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            if squatted && fs::remove_dir(path).is_ok() {
                fs::rename(temp, path)
            } else {
                Err(e)
            }
        }
    }
}

fn subdirs(entries: fs::ReadDir) -> impl Iterator<Item = PathBuf> {
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
}

fn entry_name(id: &ObjectId) -> String {
    format!("{id}{ENTRY_EXT}")
}

/// `<24 lowercase hex>.json`: the only files `put` leaves in place.
fn is_entry_name(name: &str) -> bool {
    name.strip_suffix(ENTRY_EXT).is_some_and(|stem| {
        stem.len() == ObjectId::LEN
            && stem
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// The directory name for an API host label (`api.webflow.com`,
/// `127.0.0.1:8080`…).
///
/// Only `[A-Za-z0-9.-]` is kept (lowercased, since host names are
/// case-insensitive); every other character, path separators included, becomes
/// `_`. A name that would still mean something to the file system (empty, `.`,
/// `..`, any run of dots, or a Windows device name such as `con`) gets an `h_`
/// prefix, and an overlong one is cut and suffixed with a hash of the whole
/// label. The result is always a single, ordinary path component.
fn host_dir(host: &str) -> String {
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
        dir.push_str(&format!("-{:016x}", fnv1a(host.as_bytes())));
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

/// FNV-1a, 64-bit: a hash that is stable across Rust releases (unlike
/// `DefaultHasher`), so an overlong host keeps its directory.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
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
        assert!(is_entry_name("63e5889e7fe4eafa7384cea4.json"));
        assert!(!is_entry_name("63E5889E7FE4EAFA7384CEA4.json"));
        assert!(!is_entry_name("notes.json"));
        assert!(!is_entry_name(".63e5889e7fe4eafa7384cea4.1.2.tmp"));
        assert!(is_temp_name(".63e5889e7fe4eafa7384cea4.1.2.tmp"));
    }
}
