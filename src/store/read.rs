//! Capped reads of local files: the one way wfa reads what it keeps on disk
//! (the stores' entries, `config.toml`, the browser's history and preview
//! choice), so that a file grown huge by damage or by someone else costs at
//! most `max` bytes of reading and memory. The caller picks the cap.

use std::fs::File;
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

/// Reads the text file at `path` if it holds at most `max` bytes:
/// `Ok(None)` when there is no file; `FileTooLarge` when it is bigger;
/// `InvalidData` when it is not UTF-8 (as [`std::fs::read_to_string`]);
/// any other I/O error as it comes.
pub fn read_text(path: &Path, max: u64) -> io::Result<Option<String>> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    // Only a regular file's size means anything; a directory's read fails
    // on its own.
    let len = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map_or(0, |m| m.len());
    let bytes = read_capped(file, len, max)?.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("{} is over the {max}-byte limit", path.display()),
        )
    })?;
    String::from_utf8(bytes).map(Some).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
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
        std::fs::write(&path, [0xff, 0xfe]).unwrap();
        let err = read_text(&path, 8).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
