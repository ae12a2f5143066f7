//! What the two stores (the asset cache and the file store) do alike with
//! their entry files: a size cap kept by a running total and oldest-first
//! eviction, writes accounted against it, scans that also sweep away dead
//! writers' temp files, capped reads ([`super::read`]), and removing a
//! damaged entry.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::SystemTime;

use super::atomic::{STALE_TEMP_AGE, is_temp_name, write_atomic};
use super::read::read_capped;

/// One entry file found by a scan.
#[derive(Debug)]
pub(crate) struct EntryFile {
    pub path: PathBuf,
    pub len: u64,
    pub modified: SystemTime,
}

/// A cap on the bytes of a store's entries.
#[derive(Debug)]
pub(crate) struct Budget {
    max_bytes: u64,
    /// Approximate bytes of all entries: `None` until the first write scans
    /// the store once, then kept up to date by each write of this instance.
    /// Other processes (and files replaced under us) make it drift, which only
    /// shifts when the next eviction scan happens; that scan measures the
    /// store again and resets it. The lock also keeps two threads from
    /// scanning or evicting at once.
    total: Mutex<Option<u64>>,
}

/// `envelope` as the JSON bytes of one entry, refused when over `limit`
/// bytes (`what` names it: "caching asset X", "keeping site Y"), so one
/// oversized entry never crowds out the others.
pub fn encode_within(
    envelope: &impl serde::Serialize,
    limit: u64,
    what: &str,
) -> io::Result<Vec<u8>> {
    let bytes = serde_json::to_vec(envelope).map_err(io::Error::other)?;
    let len = bytes.len() as u64;
    if len > limit {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("not {what}: {len} bytes is over the {limit}-byte limit"),
        ));
    }
    Ok(bytes)
}

impl Budget {
    pub fn new(max_bytes: u64) -> Self {
        Self {
            max_bytes,
            total: Mutex::new(None),
        }
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// The running total, locked: `clear` holds it so no eviction runs
    /// meanwhile, and sets it to `None` (measure again) afterwards.
    pub fn lock(&self) -> MutexGuard<'_, Option<u64>> {
        // Nothing panics while holding it, and the value is only an estimate
        // anyway, so a poisoned lock is simply used.
        self.total.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Updates the running total after a write of `added` bytes that replaced
    /// `replaced` bytes, evicting when it is over the cap.
    ///
    /// Eviction deletes the least recently written entries (oldest
    /// modification time; `write_atomic` stamps it with the precise current
    /// time) until the total is at most 7/8 of the cap. The headroom means a
    /// full store is scanned once per eighth of its size written, not on every
    /// write. `just_written` is never evicted by its own write. Once this
    /// returns, the entries of a store used by one writer add up to at most
    /// the cap.
    fn account(
        &self,
        added: u64,
        replaced: u64,
        just_written: &Path,
        scan: impl Fn() -> Vec<EntryFile>,
    ) {
        let mut total = self.lock();
        let current = match *total {
            Some(t) => t.saturating_sub(replaced).saturating_add(added),
            // The first write of this instance: one scan, which already
            // includes the entry just written.
            None => scan().iter().map(|e| e.len).sum(),
        };
        *total = Some(if current > self.max_bytes {
            self.evict(scan(), just_written)
        } else {
            current
        });
    }

    /// Writes an entry ([`write_atomic`]) and accounts for it: the bytes of
    /// the entry it replaces, if any, come off the running total.
    pub fn write(
        &self,
        path: &Path,
        bytes: &[u8],
        scan: impl Fn() -> Vec<EntryFile>,
    ) -> io::Result<()> {
        let replaced = fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(0, |m| m.len());
        write_atomic(path, bytes)?;
        self.account(bytes.len() as u64, replaced, path, scan);
        Ok(())
    }

    /// Deletes the oldest entries until the total is at most 7/8 of the cap;
    /// returns the total measured afterwards.
    fn evict(&self, mut entries: Vec<EntryFile>, keep: &Path) -> u64 {
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
}

/// Adds the entry files of one directory (those whose name `is_entry`
/// accepts) to `found`, and deletes the temp files a dead writer left there.
/// Anything else, and anything unreadable, is skipped.
pub(crate) fn scan_dir(dir: &Path, is_entry: impl Fn(&str) -> bool, found: &mut Vec<EntryFile>) {
    let Ok(files) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
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
        if is_entry(&name) {
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

/// Removes the entry files and temp files of one directory, keeping going
/// past failures; the first failure other than "already gone" is noted in
/// `first_err`.
pub(crate) fn clear_dir(
    dir: &Path,
    is_entry: impl Fn(&str) -> bool,
    first_err: &mut Option<io::Error>,
) {
    let Ok(files) = fs::read_dir(dir) else {
        return;
    };
    for file in files.flatten() {
        let name = file.file_name();
        let name = name.to_string_lossy();
        if (is_entry(&name) || is_temp_name(&name))
            && let Err(e) = fs::remove_file(file.path())
            && e.kind() != io::ErrorKind::NotFound
            && first_err.is_none()
        {
            *first_err = Some(e);
        }
    }
}

/// Reads an entry file of at most `max` bytes: `None` when it is absent or
/// cannot be read (permissions, I/O error: not damage, so it is left alone);
/// otherwise its metadata (for [`discard_if_unchanged`]) and its bytes, or
/// `None` for the bytes when the file is over `max`, which is damage (or not
/// ours).
///
/// An empty directory where the file should be (which the stores never make)
/// is removed so the next write can land, and counts as absent.
pub(crate) fn read_entry(path: &Path, max: u64) -> Option<(fs::Metadata, Option<Vec<u8>>)> {
    if fs::metadata(path).ok()?.is_dir() {
        // A non-empty one is left to the write's own retry (which fails then)
        // rather than deleted recursively.
        let _ = fs::remove_dir(path);
        return None;
    }
    // A FIFO or a device in an entry's place is a miss, never waited on: the
    // next write renames a real entry over it.
    let (file, _) = super::read::open_regular(path).ok()??;
    let meta = file.metadata().ok()?;
    // The file may have been replaced since `metadata`, but never grown in
    // place; the read is bounded either way.
    let bytes = read_capped(file, meta.len(), max).ok()?;
    Some((meta, bytes))
}

/// Deletes a damaged entry unless it was replaced since it was read: a
/// concurrent write may have renamed a good entry into place meanwhile, and
/// that one must stay.
pub(crate) fn discard_if_unchanged(path: &Path, read: &fs::Metadata) {
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
