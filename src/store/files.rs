//! The file store: the files previews download (responsive variants and
//! originals), kept so that the next preview of the same file needs no
//! download and `--offline` can show it at all.
//!
//! Layout: `<root>/<16 hex digits>`, the FNV-1a hash of the URL
//! ([`super::key`]); nothing from the URL or the API is ever a path component.
//! An entry is the line `wfa-file 1`, the URL and a line break, then the bytes
//! exactly as downloaded. The URL is compared on every read, so two URLs with
//! the same hash never answer for each other (the later one replaces the
//! earlier).
//!
//! Size: the entries add up to at most `max_bytes` ([`DEFAULT_MAX_BYTES`],
//! 256 MiB, unless the caller picks another cap), the least recently written
//! evicted first, exactly as in the asset cache (`entries::Budget`). A file
//! bigger than [`MAX_ENTRY_BYTES`] or than the cap is not kept.
//!
//! Like the asset cache: synchronous `std::fs` (wrap it in `spawn_blocking`),
//! `Send + Sync`, atomic writes ([`super::atomic::write_atomic`]), a damaged
//! entry is a miss and deleted, an unreadable one a miss and kept, and the
//! root is the caller's choice (`config::file_cache_dir` for wfa).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::entries::{self, Budget, EntryFile};
use super::key::{hex_key, is_hex_key};

/// The default cap on the bytes of all stored files together.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// No single entry is kept or read beyond this (previews download at most
/// 20 MiB by default; Webflow's own upload limit is far lower).
pub const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;

/// The first line of every entry; an entry with anything else is discarded.
const MAGIC: &[u8] = b"wfa-file 1\n";

/// Downloaded files under one directory.
#[derive(Debug)]
pub struct FileStore {
    root: PathBuf,
    budget: Budget,
}

/// What a read of one entry found.
enum Decoded {
    Hit(Vec<u8>),
    /// A good entry for another URL with the same hash.
    Other,
    Damaged,
}

impl FileStore {
    /// A store under `root` holding at most about `max_bytes` of entries.
    /// Nothing is touched on disk until the first `put`.
    pub fn new(root: impl Into<PathBuf>, max_bytes: u64) -> Self {
        Self {
            root: root.into(),
            budget: Budget::new(max_bytes),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The stored bytes of the file at `url`, or `None` when it is absent,
    /// unreadable, damaged or another URL's. A damaged entry (no header, cut
    /// short, oversized) is deleted, best effort.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let path = self.entry_path(url);
        let limit = self.entry_limit().saturating_add(header_len(url));
        let (meta, bytes) = entries::read_entry(&path, limit)?;
        match bytes.map_or(Decoded::Damaged, |bytes| decode(bytes, url)) {
            Decoded::Hit(bytes) => Some(bytes),
            Decoded::Other => None,
            Decoded::Damaged => {
                entries::discard_if_unchanged(&path, &meta);
                None
            }
        }
    }

    /// Stores `bytes` as the file at `url`, replacing what was there.
    ///
    /// Refused without writing: a URL with a line break (`InvalidInput`; a
    /// parsed URL never has one) and a file over [`MAX_ENTRY_BYTES`] or the
    /// cap (`FileTooLarge`). Evicts the oldest entries when the total goes
    /// over the cap; the file just stored is never evicted by its own put.
    pub fn put(&self, url: &str, bytes: &[u8]) -> io::Result<()> {
        if url.contains(['\n', '\r']) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not storing a file whose URL has a line break",
            ));
        }
        let limit = self.entry_limit();
        if bytes.len() as u64 > limit {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "not storing the file: {} bytes is over the {limit}-byte limit",
                    bytes.len()
                ),
            ));
        }
        let mut entry = Vec::with_capacity(bytes.len() + header_len(url) as usize);
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(url.as_bytes());
        entry.push(b'\n');
        entry.extend_from_slice(bytes);

        let path = self.entry_path(url);
        self.budget.write(&path, &entry, || self.scan())
    }

    /// Removes every entry (and any temp file) under the root, and the root
    /// when that leaves it empty. Anything else found there is left in place.
    /// Keeps going past failures and returns the first one.
    pub fn clear(&self) -> io::Result<()> {
        let mut total = self.budget.lock();
        let mut first_err = None;
        entries::clear_dir(&self.root, is_hex_key, &mut first_err);
        let _ = fs::remove_dir(&self.root);
        // Measured again on the next put.
        *total = None;
        first_err.map_or(Ok(()), Err)
    }

    fn entry_limit(&self) -> u64 {
        self.budget.max_bytes().min(MAX_ENTRY_BYTES)
    }

    fn entry_path(&self, url: &str) -> PathBuf {
        self.root.join(hex_key(url.as_bytes()))
    }

    fn scan(&self) -> Vec<EntryFile> {
        let mut found = Vec::new();
        entries::scan_dir(&self.root, is_hex_key, &mut found);
        found
    }
}

fn header_len(url: &str) -> u64 {
    (MAGIC.len() + url.len() + 1) as u64
}

fn decode(mut bytes: Vec<u8>, url: &str) -> Decoded {
    let Some(rest) = bytes.strip_prefix(MAGIC) else {
        return Decoded::Damaged;
    };
    let Some(end) = rest.iter().position(|&b| b == b'\n') else {
        return Decoded::Damaged;
    };
    if &rest[..end] != url.as_bytes() {
        return Decoded::Other;
    }
    bytes.drain(..MAGIC.len() + end + 1);
    Decoded::Hit(bytes)
}
