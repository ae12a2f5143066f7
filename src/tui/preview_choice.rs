//! Whether the user last showed or hid the preview pane (`p`), kept between
//! runs in the data directory as one word.

use std::io;
use std::path::{Path, PathBuf};

use crate::store::read::read_text;

/// The file holds one short word; anything longer is not ours.
const MAX_BYTES: u64 = 64;

pub fn default_path() -> Option<PathBuf> {
    crate::config::data_dir().map(|d| d.join("preview"))
}

/// `Some(shown)` when a choice was saved; `None` when there is none, or the
/// file is unreadable or damaged (the next `p` rewrites it).
pub fn load(path: &Path) -> Option<bool> {
    let text = read_text(path, MAX_BYTES).ok()??;
    match text.trim() {
        "shown" => Some(true),
        "hidden" => Some(false),
        _ => None,
    }
}

pub fn save(path: &Path, shown: bool) -> io::Result<()> {
    let word: &[u8] = if shown { b"shown\n" } else { b"hidden\n" };
    crate::store::atomic::write_atomic(path, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_damage() {
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("sub").join("preview"));
        assert_eq!(load(&path), None);
        save(&path, true).unwrap();
        assert_eq!(load(&path), Some(true));
        save(&path, false).unwrap();
        assert_eq!(load(&path), Some(false));
        std::fs::write(&path, vec![b'x'; 10_000]).unwrap();
        assert_eq!(load(&path), None);
    }
}
