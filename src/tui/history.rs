//! Lookup history, persisted in the data dir: most recent first, deduplicated,
//! capped. A damaged file is reported and rewritten with its good lines, never
//! fatal.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::store::read::read_head;
use crate::webflow::AssetId;

/// Most lookups kept in history.
pub const HISTORY_CAP: usize = 500;

/// The most of the history file read: 500 IDs are about 12.5 KiB (24
/// characters and a line break each), so 1 MiB leaves room for Windows line
/// endings, stray blank or damaged lines and hand edits, while a file grown
/// huge by damage costs at most this much to read. Only the head is read
/// (most recent first), so an oversized file still yields its newest IDs.
pub const HISTORY_MAX_BYTES: u64 = 1 << 20;

/// Demo lookups are kept apart so they never mix with real asset IDs.
pub fn default_path(demo: bool) -> Option<PathBuf> {
    let name = if demo { "history-demo" } else { "history" };
    crate::config::data_dir().map(|d| d.join(name))
}

/// Reads the history: one ID per line, most recent first. Lines that are not
/// IDs (not text, not an ID) are skipped and counted, so the caller can say
/// the file was damaged, and the good ones kept: the next save writes them
/// back. Linear in the file's size (which [`HISTORY_MAX_BYTES`] caps); a file
/// over the cap counts its cut-off rest as one skipped line. Stops at
/// [`HISTORY_CAP`] IDs. Only a file that cannot be read at all (not a regular
/// file, no permission) is an error.
pub fn load(path: &Path) -> io::Result<(Vec<AssetId>, usize)> {
    let Some((bytes, more)) = read_head(path, HISTORY_MAX_BYTES)? else {
        return Ok((Vec::new(), 0));
    };
    let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let mut bad = 0;
    if more {
        // The last line was cut by the cap: it and the rest are not read.
        lines.pop();
        bad += 1;
    }
    let mut ids: Vec<AssetId> = Vec::new();
    let mut seen: HashSet<AssetId> = HashSet::new();
    for line in lines {
        if ids.len() == HISTORY_CAP {
            break;
        }
        let Ok(line) = std::str::from_utf8(line) else {
            bad += 1;
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        match AssetId::parse(line) {
            Ok(id) => {
                if seen.insert(id.clone()) {
                    ids.push(id);
                }
            }
            Err(_) => bad += 1,
        }
    }
    Ok((ids, bad))
}

/// Writes atomically (temp file + rename) so a crash never leaves half a file.
pub fn save(path: &Path, ids: &[AssetId]) -> io::Result<()> {
    let mut text = String::with_capacity(ids.len() * 25);
    for id in ids.iter().take(HISTORY_CAP) {
        text.push_str(id.as_str());
        text.push('\n');
    }
    crate::store::atomic::write_atomic(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_dedup_and_damage() {
        let (dir, path) = crate::test_support::temp_path(|dir| dir.join("sub/history"));
        let a = AssetId::parse("63e5889e7fe4eafa7384cea4").unwrap();
        let b = AssetId::parse("65c9e1770f5e44065d2abbfa").unwrap();
        save(&path, &[a.clone(), b.clone()]).unwrap();
        assert_eq!(load(&path).unwrap(), (vec![a.clone(), b.clone()], 0));
        std::fs::write(&path, format!("{a}\ngarbage\n{a}\n{b}\n")).unwrap();
        assert_eq!(load(&path).unwrap(), (vec![a, b], 1));
        assert_eq!(load(&dir.path().join("none")).unwrap(), (vec![], 0));
    }

    fn id(n: usize) -> AssetId {
        AssetId::parse(&format!("{n:024x}")).unwrap()
    }

    #[test]
    fn a_bad_line_keeps_the_good_ones_across_a_save() {
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("history"));
        let (a, b, c) = (id(1), id(2), id(3));
        let mut bytes = format!("{a}\r\nnot an id\n{b}\n").into_bytes();
        bytes.extend_from_slice(&[0xff, 0xfe, b'\n']);
        bytes.extend_from_slice(format!("{c}\n").as_bytes());
        std::fs::write(&path, bytes).unwrap();
        let (ids, bad) = load(&path).unwrap();
        assert_eq!(
            (ids.clone(), bad),
            (vec![a.clone(), b.clone(), c.clone()], 2)
        );
        save(&path, &ids).unwrap();
        assert_eq!(load(&path).unwrap(), (vec![a, b, c], 0));
    }

    #[test]
    fn a_long_file_loads_in_one_pass_and_keeps_the_cap() {
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("history"));
        // 200k lines, all distinct, then far past the byte cap: the newest
        // HISTORY_CAP come back, and the cut-off tail counts as damage.
        let mut text = String::with_capacity(200_000 * 25);
        for n in 0..200_000 {
            text.push_str(&format!("{n:024x}\n"));
        }
        std::fs::write(&path, &text).unwrap();
        let (ids, bad) = load(&path).unwrap();
        assert_eq!(ids.len(), HISTORY_CAP);
        assert_eq!(
            (ids[0].clone(), ids[HISTORY_CAP - 1].clone()),
            (id(0), id(HISTORY_CAP - 1))
        );
        assert_eq!(bad, 1);
        // The same ID repeated: the HashSet keeps one, in one pass.
        std::fs::write(&path, format!("{}\n", id(7)).repeat(40_000)).unwrap();
        assert_eq!(load(&path).unwrap(), (vec![id(7)], 0));
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_an_error_not_a_hang() {
        let err = load(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
