//! Lookup history, persisted in the data dir: most recent first, deduplicated,
//! capped. A damaged file is reported and replaced, never fatal.

use std::io;
use std::path::{Path, PathBuf};

use crate::store::read::read_text;
use crate::webflow::AssetId;

/// Most lookups kept in history.
pub const HISTORY_CAP: usize = 500;

/// Demo lookups are kept apart so they never mix with real asset IDs.
pub fn default_path(demo: bool) -> Option<PathBuf> {
    let name = if demo { "history-demo" } else { "history" };
    crate::config::data_dir().map(|d| d.join(name))
}

/// Reads the history: one ID per line. Lines that are not IDs are skipped and
/// counted, so the caller can say the file was damaged.
pub fn load(path: &Path) -> io::Result<(Vec<AssetId>, usize)> {
    // Not capped yet: `u64::MAX` reads the whole file, as it always has.
    let Some(text) = read_text(path, u64::MAX)? else {
        return Ok((Vec::new(), 0));
    };
    let mut ids: Vec<AssetId> = Vec::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match AssetId::parse(line) {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(_) => bad += 1,
        }
    }
    ids.truncate(HISTORY_CAP);
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
}
