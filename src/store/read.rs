//! Capped reads of local files: the one way wfa reads what it keeps on disk
//! (the stores' entries, `config.toml`, the browser's history and preview
//! choice), so that a file grown huge by damage or by someone else costs at
//! most `max` bytes of reading and memory. The caller picks the cap.
//!
//! Only regular files are read: a FIFO, a device (`/dev/zero`) or a directory
//! is refused from its metadata, before it is opened, so nothing blocks on a
//! pipe with no writer or reads an endless device.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Reads the rest of `file`, or `Ok(None)` when it holds more than `max`
/// bytes. `len` is the size the caller found (its metadata): over `max`
/// answers at once, without reading; otherwise it only sizes the buffer, and
/// the read itself stops one byte past `max`, so a file replaced or grown
/// since is still bounded.
pub(crate) fn read_capped(file: File, len: u64, max: u64) -> io::Result<Option<Vec<u8>>> {
    if len > max {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

/// What a path that is not a regular file is, for messages.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Opens `path` for reading if it is a regular file: `Ok(None)` when there
/// is none; `InvalidInput` ("… is a named pipe (FIFO), not a regular file")
/// for anything else. The type is checked before opening, and the open does
/// not block (`O_NONBLOCK`) in case a pipe was put there in between; the
/// opened file is checked again.
pub fn open_regular(path: &Path) -> io::Result<Option<(File, u64)>> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let not_regular = |meta: &fs::Metadata| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is {}, not a regular file",
                path.display(),
                kind_of(meta)
            ),
        )
    };
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok(Some((file, meta.len())))
}

#[cfg(any(target_os = "linux", target_os = "android"))]
const O_NONBLOCK: i32 = 0o4000;
#[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
const O_NONBLOCK: i32 = 0x0004;

/// The error for a file over its cap, naming the file and the cap.
fn too_large(path: &Path, max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!(
            "{} is over the {} limit",
            path.display(),
            crate::text::human_size(max)
        ),
    )
}

/// Reads the regular file at `path` if it holds at most `max` bytes:
/// `Ok(None)` when there is no file; `FileTooLarge` when it is bigger;
/// `InvalidInput` when it is not a regular file ([`open_regular`]).
pub fn read_bytes(path: &Path, max: u64) -> io::Result<Option<Vec<u8>>> {
    let Some((file, len)) = open_regular(path)? else {
        return Ok(None);
    };
    read_capped(file, len, max)?
        .ok_or_else(|| too_large(path, max))
        .map(Some)
}

/// Reads at most the first `max` bytes of the regular file at `path`, and
/// whether there was more: for files whose head is what matters (the
/// history, most recent first), so a grown file still yields its good part.
pub fn read_head(path: &Path, max: u64) -> io::Result<Option<(Vec<u8>, bool)>> {
    let Some((file, len)) = open_regular(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(max)).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    let more = bytes.len() as u64 > max;
    bytes.truncate(usize::try_from(max).unwrap_or(usize::MAX));
    Ok(Some((bytes, more)))
}

/// Reads the text file at `path` if it holds at most `max` bytes:
/// `Ok(None)` when there is no file; `FileTooLarge` when it is bigger;
/// `InvalidInput` when it is not a regular file; `InvalidData` when it is
/// not UTF-8 (not text); any other I/O error as it comes.
pub fn read_text(path: &Path, max: u64) -> io::Result<Option<String>> {
    let Some(bytes) = read_bytes(path, max)? else {
        return Ok(None);
    };
    String::from_utf8(bytes).map(Some).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{} is not a text file (not UTF-8)", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_small_large_and_binary() {
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("f"));
        assert_eq!(read_text(&path, 8).unwrap(), None);
        std::fs::write(&path, "12345678").unwrap();
        assert_eq!(read_text(&path, 8).unwrap().as_deref(), Some("12345678"));
        let err = read_text(&path, 7).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(
            read_head(&path, 5).unwrap(),
            Some((b"12345".to_vec(), true))
        );
        assert_eq!(
            read_head(&path, 8).unwrap(),
            Some((b"12345678".to_vec(), false))
        );
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        let err = read_text(&path, 8).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_text(dir.path(), 8).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("a directory"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        let err = read_text(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("a device"), "{err}");
        let (_dir, fifo) = crate::test_support::temp_path(|dir| dir.join("fifo"));
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let err = read_text(&fifo, 8).unwrap_err();
            assert!(err.to_string().contains("FIFO"), "{err}");
        }
    }
}
