//! The write journal: every change wfa sends to Webflow, recorded before it
//! is sent and completed after, so an interrupted run can be told apart from
//! a finished one (and, later, resumed or undone).
//!
//! One file per run, `<dir>/<UTC time>-<pid>.jsonl`, in JSON lines. The first
//! line is a header that names the format and its version:
//!
//! ```json
//! {"format":"wfa-journal","version":1,"time":"…","command":"update","host":"api.webflow.com"}
//! ```
//!
//! Every other line is one [`Entry`]: `{"time","assetId","locale","field",
//! "before","after","result"}` (and `"detail"` for a failure or a skip; and
//! for a CMS alt, `"field":"cmsAlt"` with `"collectionId"`, `"itemId"`,
//! `"fieldSlug"`, `assetId` being the image's fileId and `locale` its CMS
//! locale ID). A
//! change is written as a `sending` line before the request and a `done`,
//! `failed` or `skipped` line after it; a `sending` line with no answer after
//! it means the run stopped while the request was out, and the asset must be
//! read again to know which value it has.
//!
//! The file is append-only: each line is one `write_all` followed by
//! `sync_data`, so a line that was recorded is on disk before the request
//! goes out. Like every store, this one is told its directory.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The header's `format`.
pub const FORMAT: &str = "wfa-journal";
/// The header's `version`: bumped when a field changes meaning.
pub const VERSION: u32 = 1;
/// A journal bigger than this is not read back.
pub const MAX_READ_BYTES: u64 = 64 * 1024 * 1024;

/// The first line of a journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub time: String,
    /// The command that wrote it (`update`).
    pub command: String,
    /// The API host the writes went to (`None` in demo mode).
    pub host: Option<String>,
    /// What the run was asked to do, as a key (`wfa apply`: a hash of its
    /// input and locale), so a run of the same input can find this one and
    /// resume it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The journal this run undoes (`wfa undo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
}

/// Which field of an asset a line is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    AltText,
    DisplayName,
    /// The alt of one image in a CMS item's Image or MultiImage field (the
    /// line's `collectionId`, `itemId`, `fieldSlug`; `assetId` is the
    /// image's `fileId`; `locale` its CMS locale ID).
    CmsAlt,
}

/// Where a change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// Part of the plan the run was started with, not sent yet: `before` is
    /// what the plan read, so a resumed run can tell its own unfinished work
    /// from someone else's edit.
    Planned,
    /// Recorded before the request: its answer has not come (yet).
    Sending,
    /// Webflow accepted it.
    Done,
    /// The request failed; `detail` says why.
    Failed,
    /// Not sent (the value had changed since it was read…); `detail` says why.
    Skipped,
}

/// One line: a change of one field of one asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// RFC 3339, UTC.
    pub time: String,
    pub asset_id: String,
    pub locale: Option<String>,
    pub field: Field,
    /// As read before the change: `None` is `null` (not set).
    pub before: Option<String>,
    /// What is (or was to be) written; the API takes a string, never `null`.
    pub after: String,
    pub result: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A CMS change's collection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_id: Option<String>,
    /// A CMS change's item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// A CMS change's field (its slug).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_slug: Option<String>,
}

impl Entry {
    /// A line about an asset's field (no CMS keys).
    pub fn asset(
        asset_id: String,
        locale: Option<String>,
        field: Field,
        before: Option<String>,
        after: String,
        result: Outcome,
        detail: Option<String>,
    ) -> Self {
        Self {
            time: now(),
            asset_id,
            locale,
            field,
            before,
            after,
            result,
            detail,
            collection_id: None,
            item_id: None,
            field_slug: None,
        }
    }

    /// The same change, at another stage, stamped now.
    pub fn with_result(&self, result: Outcome, detail: Option<String>) -> Self {
        Self {
            time: now(),
            result,
            detail,
            ..self.clone()
        }
    }
}

/// The current time as the journal writes it.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An open journal, appended to line by line.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: File,
}

impl Journal {
    /// Creates a new journal file in `dir` (made when missing) and writes its
    /// header. Never opens an existing file.
    pub fn create(dir: &Path, command: &str, host: Option<&str>) -> io::Result<Self> {
        Self::create_with(
            dir,
            Header {
                format: FORMAT.to_string(),
                version: VERSION,
                time: now(),
                command: command.to_string(),
                host: host.map(str::to_string),
                input: None,
                undoes: None,
            },
        )
    }

    /// [`Journal::create`] with a header of the caller's (its `format`,
    /// `version` and `time` are set here).
    pub fn create_with(dir: &Path, header: Header) -> io::Result<Self> {
        fs::create_dir_all(dir)?;
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let pid = std::process::id();
        let mut n = 0u32;
        let (path, file) = loop {
            let name = if n == 0 {
                format!("{stamp}-{pid}.jsonl")
            } else {
                format!("{stamp}-{pid}-{n}.jsonl")
            };
            let path = dir.join(name);
            match OpenOptions::new().append(true).create_new(true).open(&path) {
                Ok(file) => break (path, file),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(e) => return Err(e),
            }
        };
        let mut journal = Self { path, file };
        journal.append(&Header {
            format: FORMAT.to_string(),
            version: VERSION,
            time: now(),
            ..header
        })?;
        // The new name must survive a crash too (best effort: not every
        // platform can open a directory).
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(journal)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `entry` and waits until it is on disk.
    pub fn record(&mut self, entry: &Entry) -> io::Result<()> {
        self.append(entry)
    }

    fn append(&mut self, line: &impl Serialize) -> io::Result<()> {
        let mut bytes = serde_json::to_vec(line).map_err(io::Error::other)?;
        bytes.push(b'\n');
        self.file.write_all(&bytes)?;
        self.file.sync_data()
    }
}

/// The journals in `dir`, newest first (their names start with the UTC time
/// they were created). A missing directory has none.
pub fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jsonl"))
        .collect();
    paths.sort_by(|a, b| b.file_name().cmp(&a.file_name()));
    Ok(paths)
}

/// Why a journal could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}: no journal there")]
    Missing { path: String },
    #[error("{path}, line {line}: {message}")]
    Bad {
        path: String,
        line: usize,
        message: String,
    },
}

/// The longest header line read by [`read_header`]: a header is a few
/// hundred bytes, even with a long input key.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// Reads only a journal's header (its first line): what resumes, chains and
/// undo look for first, so that scanning the journal directory reads a line
/// of each journal, not all of it.
pub fn read_header(path: &Path) -> Result<Header, ReadError> {
    use std::io::{BufRead, Read};
    let shown = path.display().to_string();
    let file = fs::File::open(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => ReadError::Missing {
            path: shown.clone(),
        },
        _ => ReadError::Io {
            path: shown.clone(),
            source,
        },
    })?;
    let mut first = String::new();
    io::BufReader::new(file.take(MAX_HEADER_BYTES))
        .read_line(&mut first)
        .map_err(|source| ReadError::Io {
            path: shown.clone(),
            source,
        })?;
    header_of(first.trim_end()).map_err(|message| ReadError::Bad {
        path: shown,
        line: 1,
        message,
    })
}

/// A header line, checked: this format, a version this wfa reads.
fn header_of(line: &str) -> Result<Header, String> {
    if line.is_empty() {
        return Err("empty file".into());
    }
    let header: Header =
        serde_json::from_str(line).map_err(|e| format!("not a journal header: {e}"))?;
    if header.format != FORMAT {
        return Err(format!("format {:?}, not {FORMAT:?}", header.format));
    }
    if header.version > VERSION {
        return Err(format!(
            "version {} is newer than this wfa reads ({VERSION})",
            header.version
        ));
    }
    Ok(header)
}

/// Reads a journal back: its header and every complete line. A last line
/// cut short (the run died mid-write) is left out; any other bad line, or a
/// header of another format or a newer version, is an error.
pub fn read(path: &Path) -> Result<(Header, Vec<Entry>), ReadError> {
    let shown = path.display().to_string();
    let text = super::read::read_text(path, MAX_READ_BYTES)
        .map_err(|source| ReadError::Io {
            path: shown.clone(),
            source,
        })?
        .ok_or_else(|| ReadError::Missing {
            path: shown.clone(),
        })?;
    let bad = |line: usize, message: String| ReadError::Bad {
        path: shown.clone(),
        line,
        message,
    };
    let complete = text.ends_with('\n');
    let lines: Vec<&str> = text.lines().collect();
    let Some(first) = lines.first() else {
        return Err(bad(1, "empty file".into()));
    };
    let header = header_of(first).map_err(|message| bad(1, message))?;
    let mut entries = Vec::with_capacity(lines.len().saturating_sub(1));
    for (i, line) in lines.iter().enumerate().skip(1) {
        match serde_json::from_str::<Entry>(line) {
            Ok(entry) => entries.push(entry),
            Err(_) if i + 1 == lines.len() && !complete => break,
            Err(e) => return Err(bad(i + 1, e.to_string())),
        }
    }
    Ok((header, entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            time: now(),
            asset_id: "63e5889e7fe4eafa7384cea4".into(),
            locale: None,
            field: Field::AltText,
            before: None,
            after: "A red candy wrapper".into(),
            result: Outcome::Sending,
            detail: None,
            collection_id: None,
            item_id: None,
            field_slug: None,
        }
    }

    #[test]
    fn a_change_is_a_header_and_two_lines() {
        let dir = tempfile::tempdir().unwrap();
        let jdir = dir.path().join("journal");
        let mut journal = Journal::create(&jdir, "update", Some("api.webflow.com")).unwrap();
        let sending = entry();
        journal.record(&sending).unwrap();
        journal
            .record(&sending.with_result(Outcome::Done, None))
            .unwrap();
        let path = journal.path().to_path_buf();
        assert!(path.starts_with(&jdir));
        drop(journal);

        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        let header: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(header["format"], FORMAT);
        assert_eq!(header["version"], VERSION);
        let first: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        for key in [
            "time", "assetId", "locale", "field", "before", "after", "result",
        ] {
            assert!(first.get(key).is_some(), "{key} missing: {first}");
        }
        assert_eq!(first["before"], serde_json::Value::Null);
        assert_eq!(first["field"], "altText");
        assert_eq!(first["result"], "sending");
        assert!(first.get("detail").is_none());

        let (header, entries) = read(&path).unwrap();
        assert_eq!(header.command, "update");
        assert_eq!(header.host.as_deref(), Some("api.webflow.com"));
        assert_eq!(
            entries.iter().map(|e| e.result).collect::<Vec<_>>(),
            [Outcome::Sending, Outcome::Done]
        );
    }

    #[test]
    fn runs_never_share_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = Journal::create(dir.path(), "update", None).unwrap();
        let b = Journal::create(dir.path(), "update", None).unwrap();
        assert_ne!(a.path(), b.path());
    }

    #[test]
    fn a_torn_last_line_is_left_out_but_other_damage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path(), "update", None).unwrap();
        journal.record(&entry()).unwrap();
        let path = journal.path().to_path_buf();
        drop(journal);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"time\":\"20").unwrap();
        let (_, entries) = read(&path).unwrap();
        assert_eq!(entries.len(), 1);

        file.write_all(b"\n").unwrap();
        assert!(matches!(read(&path), Err(ReadError::Bad { line: 3, .. })));
    }

    #[test]
    fn another_format_or_a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        fs::write(
            &path,
            "{\"format\":\"wfa-journal\",\"version\":99,\"time\":\"t\",\"command\":\"update\",\"host\":null}\n",
        )
        .unwrap();
        assert!(matches!(read(&path), Err(ReadError::Bad { line: 1, .. })));
        assert!(matches!(
            read_header(&path),
            Err(ReadError::Bad { line: 1, .. })
        ));
        fs::write(&path, "{\"hello\":1}\n").unwrap();
        assert!(matches!(read(&path), Err(ReadError::Bad { line: 1, .. })));
        assert!(matches!(
            read_header(&path),
            Err(ReadError::Bad { line: 1, .. })
        ));
        for missing in [
            read(&dir.path().join("none")).err(),
            read_header(&dir.path().join("none")).err(),
        ] {
            assert!(matches!(missing, Some(ReadError::Missing { .. })));
        }
    }

    #[test]
    fn the_header_is_read_without_the_lines_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path(), "apply", Some("api.webflow.com")).unwrap();
        journal.record(&entry()).unwrap();
        let path = journal.path().to_path_buf();
        // Damage after the header does not stop the header being read.
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str("not json\n{\"more\":1}\n");
        fs::write(&path, text).unwrap();
        let header = read_header(&path).unwrap();
        assert_eq!(header.command, "apply");
        assert_eq!(header.host.as_deref(), Some("api.webflow.com"));
        assert!(
            read(&path).is_err(),
            "the whole read still finds the damage"
        );
        fs::write(&path, "").unwrap();
        assert!(matches!(
            read_header(&path),
            Err(ReadError::Bad { line: 1, .. })
        ));
    }

    #[test]
    fn old_lines_read_and_cms_lines_carry_their_keys() {
        let old = r#"{"time":"t","assetId":"63e5889e7fe4eafa7384cea4","locale":null,"field":"altText","before":null,"after":"x","result":"done"}"#;
        let entry: Entry = serde_json::from_str(old).unwrap();
        assert_eq!(entry.collection_id, None);
        let line = serde_json::to_value(&entry).unwrap();
        assert!(line.get("collectionId").is_none() && line.get("fieldSlug").is_none());

        let cms = Entry {
            field: Field::CmsAlt,
            collection_id: Some("c".into()),
            item_id: Some("i".into()),
            field_slug: Some("gallery".into()),
            ..entry
        };
        let line = serde_json::to_value(&cms).unwrap();
        assert_eq!(line["field"], "cmsAlt");
        assert_eq!(line["collectionId"], "c");
        assert_eq!(line["itemId"], "i");
        assert_eq!(line["fieldSlug"], "gallery");
        assert_eq!(serde_json::from_value::<Entry>(line).unwrap(), cms);
    }
}
