//! Resuming: a run of the same input finds the journal of an earlier run that
//! did not finish, and takes the values that run planned from as what each
//! field is expected to hold. So what the earlier run wrote is found at its
//! new value (nothing is written twice), what it did not reach is written,
//! and what someone else changed in between is a conflict — not overwritten.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Wanted;
use crate::store::journal::{self, Entry, Field, Outcome};
use crate::store::key;

/// The key a run's input is known by: its text and locale.
pub fn input_key(text: &str, locale: Option<&str>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    bytes.push(0);
    bytes.extend_from_slice(locale.unwrap_or_default().as_bytes());
    key::hex_key(&bytes)
}

/// An unfinished earlier run of the same input.
#[derive(Debug)]
pub struct Earlier {
    pub path: PathBuf,
    pub time: String,
    /// Changes it recorded as made.
    pub done: usize,
    /// Changes it planned and did not finish (never sent, or sent with no
    /// answer, or failed).
    pub unfinished: usize,
    /// (asset, locale, field) → the value the plan read.
    befores: HashMap<(String, Option<String>, Field), Option<String>>,
}

impl Earlier {
    /// Sets, on each wanted change that has none, the expectation that its
    /// fields hold what the earlier plan read.
    pub fn expect(&self, wanted: &mut [Wanted]) {
        for w in wanted {
            let id = w.asset_id.to_string();
            let locale = w.locale.as_ref().map(ToString::to_string);
            let before = |field| self.befores.get(&(id.clone(), locale.clone(), field));
            if w.expect_alt_text.is_none()
                && let Some(before) = before(Field::AltText)
            {
                w.expect_alt_text = Some(before.clone());
            }
            if w.expect_display_name.is_none()
                && let Some(Some(before)) = before(Field::DisplayName)
            {
                w.expect_display_name = Some(before.clone());
            }
        }
    }
}

/// The newest journal in `dir` written by `command` for `input` that has
/// unfinished changes. Unreadable journals are passed over.
pub fn find(dir: &Path, command: &str, input: &str) -> Option<Earlier> {
    let paths = journal::list(dir).ok()?;
    paths.into_iter().find_map(|path| {
        let (header, entries) = journal::read(&path).ok()?;
        if header.command != command || header.input.as_deref() != Some(input) {
            return None;
        }
        let earlier = summarise(path, header.time, &entries);
        (earlier.unfinished > 0).then_some(earlier)
    })
}

/// The last word on each planned field, and the plan's befores.
fn summarise(path: PathBuf, time: String, entries: &[Entry]) -> Earlier {
    let mut befores = HashMap::new();
    let mut last: HashMap<(String, Option<String>, Field), Outcome> = HashMap::new();
    for entry in entries {
        let key = (entry.asset_id.clone(), entry.locale.clone(), entry.field);
        if entry.result == Outcome::Planned {
            befores.insert(key.clone(), entry.before.clone());
        }
        if befores.contains_key(&key) {
            last.insert(key, entry.result);
        }
    }
    let done = last.values().filter(|r| **r == Outcome::Done).count();
    let unfinished = last
        .values()
        .filter(|r| matches!(r, Outcome::Planned | Outcome::Sending | Outcome::Failed))
        .count();
    Earlier {
        path,
        time,
        done,
        unfinished,
        befores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::alt_text;
    use crate::store::journal::{Journal, now};
    use crate::webflow::AssetId;

    const A: &str = "63e5889e7fe4eafa7384cea4";
    const B: &str = "63e5889e7fe4eafa7384cea5";

    fn entry(id: &str, before: &str, result: Outcome) -> Entry {
        Entry {
            time: now(),
            asset_id: id.into(),
            locale: None,
            field: Field::AltText,
            before: Some(before.into()),
            after: "new".into(),
            result,
            detail: None,
        }
    }

    fn journal(dir: &Path, input: &str, entries: &[Entry]) -> PathBuf {
        let mut header_journal = Journal::create_with(
            dir,
            journal::Header {
                format: String::new(),
                version: 0,
                time: String::new(),
                command: "apply".into(),
                host: None,
                input: Some(input.into()),
                undoes: None,
            },
        )
        .unwrap();
        for e in entries {
            header_journal.record(e).unwrap();
        }
        header_journal.path().to_path_buf()
    }

    #[test]
    fn an_unfinished_run_of_the_same_input_is_found_and_sets_expectations() {
        let dir = tempfile::tempdir().unwrap();
        let key = input_key("assetId,altText\n", None);
        journal(
            dir.path(),
            &key,
            &[
                entry(A, "old a", Outcome::Planned),
                entry(B, "old b", Outcome::Planned),
                entry(A, "old a", Outcome::Sending),
                entry(A, "old a", Outcome::Done),
            ],
        );
        assert!(find(dir.path(), "apply", &input_key("other", None)).is_none());
        let earlier = find(dir.path(), "apply", &key).unwrap();
        assert_eq!((earlier.done, earlier.unfinished), (1, 1));

        let mut wanted = vec![Wanted::new(AssetId::parse(B).unwrap(), None, "line 3")];
        wanted[0].alt_text = Some(alt_text("new", false).unwrap());
        earlier.expect(&mut wanted);
        assert_eq!(wanted[0].expect_alt_text, Some(Some("old b".into())));
    }

    #[test]
    fn a_finished_run_is_not_resumed() {
        let dir = tempfile::tempdir().unwrap();
        let key = input_key("x", None);
        journal(
            dir.path(),
            &key,
            &[
                entry(A, "old a", Outcome::Planned),
                entry(A, "old a", Outcome::Sending),
                entry(A, "old a", Outcome::Done),
            ],
        );
        assert!(find(dir.path(), "apply", &key).is_none());
    }
}
