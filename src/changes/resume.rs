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

impl Earlier {
    /// [`Earlier::expect`] for CMS changes.
    pub fn expect_cms(&self, wanted: &mut [super::cms::CmsWanted]) {
        for w in wanted {
            if w.expect_alt.is_some() {
                continue;
            }
            let key = w.target.key();
            // An Image field's row may name no image: any image of the
            // field is the one.
            let found = self.befores.iter().find(|((subject, locale, field), _)| {
                *field == Field::CmsAlt
                    && *locale == w.target.locale
                    && (*subject == key
                        || (w.target.file_id.is_none() && subject.starts_with(&key)))
            });
            if let Some((_, before)) = found {
                w.expect_alt = Some(before.clone());
            }
        }
    }
}

/// The earlier unfinished runs of `input` by `command` on `host`, in `dir`:
/// the newest one's figures, and what each field was planned from — the
/// newest plan that names it wins, so a run stopped twice (the second time
/// after skipping someone else's edit) still knows the value the first plan
/// read. Unreadable journals are passed over.
pub fn find(dir: &Path, command: &str, input: &str, host: Option<&str>) -> Option<Earlier> {
    let paths = journal::list(dir).ok()?;
    let mut found: Option<Earlier> = None;
    for path in paths {
        // The header says whether the journal is one to read at all.
        let Ok(header) = journal::read_header(&path) else {
            continue;
        };
        if header.command != command
            || header.input.as_deref() != Some(input)
            || header.host.as_deref() != host
        {
            continue;
        }
        let Ok((header, entries)) = journal::read(&path) else {
            continue;
        };
        let earlier = summarise(path, header.time, &entries);
        if earlier.unfinished == 0 {
            continue;
        }
        match &mut found {
            None => found = Some(earlier),
            Some(newest) => {
                for (key, before) in earlier.befores {
                    newest.befores.entry(key).or_insert(before);
                }
            }
        }
    }
    found
}

/// The runs that together made the change `path` records: `path` itself,
/// then (older) runs of the same input on the same host that stopped before
/// finishing, back to the first finished one. Oldest first, so their entries
/// read in order. A journal of no input (an update, an undo) is alone.
pub fn chain(dir: &Path, path: &Path) -> Vec<PathBuf> {
    let mut chain = vec![path.to_path_buf()];
    let Ok(header) = journal::read_header(path) else {
        return chain;
    };
    let (Some(input), Ok(paths)) = (header.input.as_deref(), journal::list(dir)) else {
        return chain;
    };
    let name = path.file_name();
    for older in paths.iter().skip_while(|p| p.file_name() != name).skip(1) {
        let Ok(h) = journal::read_header(older) else {
            continue;
        };
        if h.command != header.command || h.input.as_deref() != Some(input) || h.host != header.host
        {
            continue;
        }
        let Ok((h, entries)) = journal::read(older) else {
            continue;
        };
        if summarise(older.clone(), h.time, &entries).unfinished == 0 {
            break;
        }
        chain.push(older.clone());
    }
    chain.reverse();
    chain
}

/// The key a journal line's change is known by: (asset, locale, field); for
/// a CMS alt, the "asset" is `collection/item/field/fileId`
/// ([`super::cms::Target::key`]).
fn key_of(entry: &Entry) -> (String, Option<String>, Field) {
    let subject = if entry.field == Field::CmsAlt {
        super::cms::journal_key(entry)
    } else {
        entry.asset_id.clone()
    };
    (subject, entry.locale.clone(), entry.field)
}

/// The last word on each planned field, and the plan's befores.
fn summarise(path: PathBuf, time: String, entries: &[Entry]) -> Earlier {
    let mut befores = HashMap::new();
    let mut last: HashMap<(String, Option<String>, Field), Outcome> = HashMap::new();
    for entry in entries {
        let key = key_of(entry);
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
            collection_id: None,
            item_id: None,
            field_slug: None,
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
        assert!(find(dir.path(), "apply", &input_key("other", None), None).is_none());
        let earlier = find(dir.path(), "apply", &key, None).unwrap();
        assert!(find(dir.path(), "apply", &key, Some("api.webflow.com")).is_none());
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
        assert!(find(dir.path(), "apply", &key, None).is_none());
    }
}
