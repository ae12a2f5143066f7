//! Writing a file so that readers see the old contents or the new, never half:
//! the one atomic writer of wfa (the asset cache, the file store, the
//! browser's history and preview choice all use it).

use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

const TEMP_PREFIX: char = '.';
const TEMP_SUFFIX: &str = ".tmp";

/// A temp file this old was left behind by a process that died mid-write
/// (a live write takes milliseconds); the stores' scans delete it.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Makes temp file names unique across the threads of this process; the pid
/// makes them unique across processes.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `data` to `path` atomically, creating the parent directory when
/// needed.
///
/// The data goes to a new temp file beside `path` (`.<name>.<pid>.<n>.tmp`:
/// same directory, so same file system; created with `create_new`, which
/// never opens an existing file or follows a planted symlink), which is then
/// renamed over `path`. A reader, in this process or another, sees the old
/// file or the new one, never a mix; concurrent writers never share a temp
/// file. On failure the temp file is removed.
///
/// The file's modification time is set to the precise current time: the file
/// system's coarse clock (a tick of several ms on Linux) would make files
/// written in a burst tie, and the stores evict oldest first.
///
/// A directory squatting on `path` (which this never makes) is removed if it
/// is empty and the rename retried; a non-empty one is left and the write
/// fails. There is no fsync: after a power cut the rename may survive
/// without the data, which every reader here treats as a damaged file.
pub fn write_atomic(path: &Path, data: &[u8]) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} names no file", path.display()),
        )
    })?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let (temp, mut file) = create_temp(dir, name)?;
    let written = file.write_all(data);
    if written.is_ok() {
        // Best effort: the coarse time is still a fine fallback.
        let _ = file.set_modified(SystemTime::now());
    }
    drop(file);
    if let Err(e) = written.and_then(|()| rename_into_place(&temp, path)) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

/// Whether a file name is one of [`write_atomic`]'s temp files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// Creates a new temp file next to the target. A name left by a dead process
/// with a recycled pid is skipped.
fn create_temp(dir: &Path, name: &OsStr) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    let name = name.to_string_lossy();
    let mut attempts = 0;
    loop {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("{TEMP_PREFIX}{name}.{pid}.{n}{TEMP_SUFFIX}"));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 16 => {
                attempts += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Renames the temp file over the target, clearing an empty directory in the
/// way first.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_leave_no_temp_files() {
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("a").join("b.txt"));
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["b.txt"]);
    }

    #[test]
    fn temp_names_are_recognised() {
        assert!(is_temp_name(".63e5889e7fe4eafa7384cea4.json.1.2.tmp"));
        assert!(is_temp_name(".63e5889e7fe4eafa7384cea4.1.2.tmp"));
        assert!(!is_temp_name("63e5889e7fe4eafa7384cea4.json"));
    }
}
