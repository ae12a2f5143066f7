//! `wfa undo [JOURNAL]`: puts back what a run changed — the newest journal's
//! by default — through the same plan, confirmation and journal as `wfa
//! apply`. An asset changed since that run is skipped (and reported) unless
//! `--force`; a value that was `null` before cannot be put back through the
//! API, and each such asset is named.

use std::path::{Path, PathBuf};

use super::writes::{self, Request};
use crate::changes::{cms, field_label, resume, undo};
use crate::cli::UndoArgs;
use crate::config::{self, Settings};
use crate::store::journal::{self, Header};
use crate::webflow::FailureClass;

const PREFIX: &str = "wfa undo";

/// Runs the command; returns the exit code.
pub async fn run(args: &UndoArgs, settings: &Settings) -> u8 {
    if args.list {
        return list();
    }
    let source = match super::connect(settings, PREFIX).await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let here = (!source.is_demo()).then(|| source.client.host().to_string());
    let dir = config::journal_dir();
    let path = match choose(args.journal.as_deref(), dir.as_deref(), here.as_deref()) {
        Ok(path) => path,
        Err(message) => {
            eprintln!("{PREFIX}: {message}");
            return FailureClass::Usage.exit_code();
        }
    };
    let (header, entries) = match journal::read(&path) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("{PREFIX}: cannot read the journal {e}");
            return FailureClass::Usage.exit_code();
        }
    };
    if header.host != here {
        eprintln!(
            "{PREFIX}: the journal {} holds changes made on {}, but wfa is set up for {}; \
             nothing was sent",
            path.display(),
            host_words(header.host.as_deref()),
            host_words(here.as_deref())
        );
        return FailureClass::Usage.exit_code();
    }
    println!(
        "undoing `wfa {}` of {} (journal {})",
        header.command,
        header.time,
        path.display()
    );
    // A run that finished a resumed one made the change together with it:
    // both are undone.
    let chain = dir
        .as_deref()
        .map_or_else(|| vec![path.clone()], |dir| resume::chain(dir, &path));
    let mut entries = entries;
    if chain.len() > 1 {
        entries.clear();
        for part in &chain {
            match journal::read(part) {
                Ok((_, part_entries)) => entries.extend(part_entries),
                Err(e) => {
                    eprintln!("{PREFIX}: cannot read the journal {e}; nothing was sent");
                    return FailureClass::Usage.exit_code();
                }
            }
            if part != &path {
                println!(
                    "  with the earlier run it resumed (journal {})",
                    part.display()
                );
            }
        }
    }
    let restore = undo::restore(&entries);
    for u in &restore.unrestorable {
        let locale = u
            .locale
            .as_deref()
            .map_or(String::new(), |l| format!(" [locale {l}]"));
        eprintln!(
            "{PREFIX}: cannot restore the {} of {}{locale}: {}",
            field_label(u.field),
            u.asset_id,
            u.reason
        );
    }
    let (cms_wanted, cms_unrestorable) = cms::restore(&entries);
    for u in &cms_unrestorable {
        eprintln!(
            "{PREFIX}: cannot restore the CMS alt text of {}: {}",
            u.target.describe(),
            u.reason
        );
    }
    let any_unrestorable = !restore.unrestorable.is_empty() || !cms_unrestorable.is_empty();
    if restore.wanted.is_empty() && cms_wanted.is_empty() {
        println!("nothing to undo: the journal records no change that can be put back");
        return u8::from(any_unrestorable);
    }
    let code = writes::carry_out(
        &source,
        Request {
            prefix: PREFIX,
            command: "undo",
            wanted: restore.wanted,
            cms: cms_wanted,
            flags: args.write,
            input: None,
            undoes: Some(path.display().to_string()),
            audit: settings.audit.config.clone(),
        },
    )
    .await;
    code.max(u8::from(any_unrestorable))
}

/// The journal to undo: the one named (a path, or a file name in the
/// journal directory), else the newest of changes made on `host` that is not
/// itself an undo.
fn choose(named: Option<&Path>, dir: Option<&Path>, host: Option<&str>) -> Result<PathBuf, String> {
    if let Some(named) = named {
        if named.exists() {
            return Ok(named.to_path_buf());
        }
        if let Some(in_dir) = dir.map(|d| d.join(named)).filter(|p| p.exists()) {
            return Ok(in_dir);
        }
        return Err(format!("no journal at {}", named.display()));
    }
    let Some(dir) = dir else {
        return Err("no state directory, so no journal to undo; name one".into());
    };
    let paths = journal::list(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    paths
        .into_iter()
        .find(|path| {
            // The header first: only a journal of this host is read whole.
            let ours = journal::read_header(path)
                .is_ok_and(|h| h.command != "undo" && h.host.as_deref() == host);
            ours && journal::read(path).is_ok_and(|(_, entries): (Header, _)| {
                !undo::restore(&entries).wanted.is_empty() || !cms::restore(&entries).0.is_empty()
            })
        })
        .ok_or_else(|| {
            format!(
                "no journal of changes made on {} in {}; name one",
                host_words(host),
                dir.display()
            )
        })
}

/// `--list`: the journals, newest first, one line each.
fn list() -> u8 {
    let Some(dir) = config::journal_dir() else {
        eprintln!("{PREFIX}: no state directory, so no journals");
        return 1;
    };
    let paths = match journal::list(&dir) {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("{PREFIX}: cannot list {}: {e}", dir.display());
            return 1;
        }
    };
    if paths.is_empty() {
        println!("no journals in {}", dir.display());
        return 0;
    }
    for path in paths {
        println!("{}", list_line(&path));
    }
    0
}

/// `TIME  COMMAND  HOST  N changes made  PATH`, or why the journal is unreadable.
fn list_line(path: &Path) -> String {
    match journal::read(path) {
        Ok((header, entries)) => {
            let made = undo::restore(&entries);
            let assets: std::collections::HashSet<String> = made
                .wanted
                .iter()
                .map(|w| w.asset_id.to_string())
                .chain(made.unrestorable.iter().map(|u| u.asset_id.clone()))
                .collect();
            let count = assets.len();
            format!(
                "{}  {:<7}  {}  {} changed  {}",
                crate::text::clean(&header.time),
                crate::text::clean(&header.command),
                host_words(header.host.as_deref()),
                if count == 1 {
                    "1 asset".to_string()
                } else {
                    format!("{count} assets")
                },
                path.display()
            )
        }
        Err(e) => format!("unreadable: {e}"),
    }
}

fn host_words(host: Option<&str>) -> String {
    match host {
        Some(host) => crate::text::clean(host).into_owned(),
        None => "the demo catalogue".to_string(),
    }
}
