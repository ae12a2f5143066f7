//! Helpers for the unit tests inside the crate.

use std::path::{Path, PathBuf};

/// A fresh temporary directory and a path in it chosen by `place` (which may
/// name subdirectories that do not exist yet). Keep the directory alive for as
/// long as the path is used: dropping it deletes everything.
pub fn temp_path(place: impl FnOnce(&Path) -> PathBuf) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = place(dir.path());
    (dir, path)
}
