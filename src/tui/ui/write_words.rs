//! The words for what writing alt texts reports (saves, undos, drafts, marks,
//! the `$EDITOR` table and plans): the write-related arms of the status
//! bar's `Display` impls, and the key hints that follow them.

use std::fmt;

use super::list::short_name;
use crate::changes::shown;
use crate::text::clean;
use crate::tui::app::App;
use crate::tui::keymap::Action;
use crate::tui::notice::{NotEditable, Notice, Problem};
use crate::usage::AltSource;

pub(super) fn notice(notice: &Notice, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match notice {
        Notice::Saved { name } => write!(f, "saved the alt text of {}", short_name(name)),
        Notice::Undone { name } => write!(f, "restored the alt text of {}", short_name(name)),
        Notice::AlreadyHeld { name } => write!(
            f,
            "{} already has this alt text: nothing written",
            short_name(name)
        ),
        Notice::NoChange => f.write_str("the alt text is unchanged: nothing to save"),
        Notice::DraftDropped => f.write_str("draft dropped"),
        Notice::DraftKept => f.write_str("draft kept"),
        Notice::DraftsOffered(1) => f.write_str("1 unsaved alt-text draft from before"),
        Notice::DraftsOffered(n) => write!(f, "{n} unsaved alt-text drafts from before"),
        Notice::Marked {
            marked,
            rows,
            total,
        } => {
            let what = if *marked { "marked" } else { "unmarked" };
            let rows = if *rows == 1 {
                "1 row".to_string()
            } else {
                format!("{rows} rows")
            };
            write!(f, "{what} {rows}; {total} marked")
        }
        Notice::TableUnchanged { untouched } => write!(
            f,
            "the table asks for no change ({untouched} lines as they were): nothing written"
        ),
        Notice::PlanDropped => f.write_str("plan closed: nothing written"),
        Notice::Applied(s) => {
            write!(f, "applied: {} written", s.done)?;
            if s.failed > 0 {
                write!(f, ", {} failed", s.failed)?;
            }
            if s.not_sent > 0 {
                write!(f, ", {} not sent", s.not_sent)?;
            }
            if let Some(why) = &s.stopped {
                write!(f, " (stopped: {why})")?;
            }
            Ok(())
        }
        Notice::NothingToUndo => f.write_str("no write of this session to undo"),
        Notice::Copied { .. } | Notice::Opened | Notice::Text(_) => Ok(()),
    }
}

pub(super) fn problem(problem: &Problem, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match problem {
        Problem::WriteConflict { id, now } => write!(
            f,
            "{id}: not saved, someone else changed the alt text to {} since it was shown; \
             your draft is kept",
            shown(now.as_deref())
        ),
        Problem::WriteFailed { id, error } => {
            write!(f, "{id}: not saved ({error}); your draft is kept")
        }
        Problem::NotJournaled(error) => write!(f, "nothing written: {error}"),
        Problem::CmsNotSaved { name, why } => {
            write!(f, "{name}: not saved ({}); your draft is kept", clean(why))
        }
        Problem::NotWritable {
            source,
            page,
            element,
        } => {
            let what = match source {
                AltSource::Override => "an instance override",
                AltSource::Property => "a component property",
                _ => "the element's own alt",
            };
            write!(
                f,
                "{what}: the API cannot write it; fix it in the Designer, {page}"
            )?;
            if let Some(element) = element {
                write!(f, ", element {element}")?;
            }
            Ok(())
        }
        Problem::CannotRestoreNull { id } => write!(
            f,
            "{id}: its alt text was not set (null) before, and the API cannot set it back \
             to null; write \"\" (decorative) or a text instead"
        ),
        Problem::CannotRestore { id, error } => {
            write!(
                f,
                "{id}: its earlier alt text cannot be written back: {error}"
            )
        }
        Problem::TableRefused(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            match errors.len() {
                1 => write!(f, "the table was not applied: {first}"),
                n => write!(f, "the table was not applied: {first} (and {} more)", n - 1),
            }
        }
        Problem::EditorFailed(error) => write!(f, "could not edit the table: {error}"),
        Problem::NotEditable(NotEditable::NothingLoaded) => f.write_str("no loaded asset to edit"),
        Problem::NotEditable(NotEditable::Saving) => {
            f.write_str("a save of this asset is on its way; wait for it")
        }
        Problem::NotEditable(NotEditable::PlanBusy) => {
            f.write_str("a plan is being made or run; wait for it")
        }
        Problem::DraftsNotSaved { path, error } => write!(
            f,
            "could not keep the drafts in {}: {error}",
            path.display()
        ),
        Problem::DraftsUnreadable { path, error } => {
            write!(f, "could not read the drafts {}: {error}", path.display())
        }
        _ => Ok(()),
    }
}

/// What to press next, after a notice or problem that has a next step.
pub(super) fn hint(app: &App, notice: Option<&Notice>, problem: Option<&Problem>) -> String {
    let key = |action| app.keymap().hint(action);
    match (notice, problem) {
        (Some(Notice::Saved { .. }), _) => format!("; {} undoes", key(Action::Undo)),
        (Some(Notice::DraftsOffered(_) | Notice::DraftKept), _) => {
            format!("; {} on the asset resumes", key(Action::EditAlt))
        }
        (Some(Notice::Applied(_)), _) => format!("; {} lists the writes", key(Action::WriteLog)),
        (
            None,
            Some(
                Problem::WriteConflict { .. }
                | Problem::WriteFailed { .. }
                | Problem::CmsNotSaved { .. },
            ),
        ) => {
            format!(" ({} reopens it)", key(Action::EditAlt))
        }
        (None, Some(Problem::TableRefused(_))) => {
            format!("; {} reopens the table", key(Action::EditMarked))
        }
        _ => String::new(),
    }
}

/// A value for the status bar or a popup: quoted and cleaned.
pub(super) fn quoted(value: Option<&str>) -> String {
    clean(&shown(value)).into_owned()
}
