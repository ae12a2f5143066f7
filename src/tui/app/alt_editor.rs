//! The alt-text editor of the Alt text pane: one asset's draft, its cursor,
//! the check of the draft (the same one `wfa update` makes: `crate::edit`),
//! and the two questions it may ask — whether to drop a changed draft, and
//! whether an empty text means "decorative". What a save does is the App's
//! business: the editor only says that one is asked for, with the checked
//! value.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::line::{LineEdit, LineText};
use crate::changes::cms::Target;
use crate::edit::{self, AltTextValue, EditError};
use crate::webflow::{AssetId, LocaleId};

/// A question the editor waits on (y/n).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Esc on a changed draft: drop it?
    Discard,
    /// Enter on an empty text: write `""`, marking the image decorative?
    Decorative,
}

/// What a key did in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorKey {
    /// The draft changed (keep it on disk).
    Changed,
    /// Nothing to do beyond drawing (the cursor moved, a question opened…).
    Nothing,
    /// Leave, dropping the draft (unchanged, or the user said so).
    Cancel,
    /// Leave, keeping the draft to come back to (Ctrl-C).
    Close,
    /// Write this checked value.
    Save(AltTextValue),
}

/// A CMS item's image whose own alt is edited, in place of the asset's
/// (from the "Used on" pane): saved with `PATCH /collections/{id}/items`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmsPlace {
    pub target: Target,
    /// For people: `CMS "Products" · item "Gummy bears" · field Photo`
    /// (built from cleaned names).
    pub label: String,
}

/// One asset's alt text being edited (or, with `cms`, the alt one CMS item
/// gives it).
#[derive(Debug, Clone, PartialEq)]
pub struct AltEditor {
    id: AssetId,
    locale: Option<LocaleId>,
    cms: Option<CmsPlace>,
    /// The alt text the editor started from (`None`: `null`): it must still
    /// be there when the draft is saved, or someone else changed it.
    base: Option<String>,
    line: LineText,
    ask: Option<Ask>,
    /// Why the last Enter was refused; cleared by the next edit.
    refused: Option<EditError>,
}

impl AltEditor {
    /// Edits `text` (a fresh copy of `base`, or a draft kept from before).
    pub fn new(id: AssetId, locale: Option<LocaleId>, base: Option<String>, text: String) -> Self {
        Self {
            id,
            locale,
            cms: None,
            base,
            line: LineText::new(text),
            ask: None,
            refused: None,
        }
    }

    /// Edits the alt `place` gives the image instead of the asset's.
    pub fn for_cms(mut self, place: CmsPlace) -> Self {
        self.cms = Some(place);
        self
    }

    /// The CMS item's image being edited, when it is not the asset's alt.
    pub fn cms(&self) -> Option<&CmsPlace> {
        self.cms.as_ref()
    }

    pub fn id(&self) -> &AssetId {
        &self.id
    }

    pub fn locale(&self) -> Option<&LocaleId> {
        self.locale.as_ref()
    }

    pub fn base(&self) -> Option<&str> {
        self.base.as_deref()
    }

    pub fn text(&self) -> &str {
        self.line.text()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.line.cursor()
    }

    pub fn ask(&self) -> Option<Ask> {
        self.ask
    }

    /// Why the last Enter was refused.
    pub fn refused(&self) -> Option<&EditError> {
        self.refused.as_ref()
    }

    /// Whether the draft differs from what the editor started from.
    pub fn changed(&self) -> bool {
        self.line.text() != self.base.as_deref().unwrap_or_default()
    }

    /// The draft as it would be written: checked (refused, or a value with
    /// its warnings). Empty text is `""` here, allowed: whether it is meant
    /// is asked on Enter.
    pub fn check(&self) -> Result<AltTextValue, EditError> {
        edit::alt_text(self.line.text(), true)
    }

    /// Inserts pasted text (line breaks become spaces).
    pub fn paste(&mut self, text: &str) -> EditorKey {
        if self.ask.is_some() {
            return EditorKey::Nothing;
        }
        self.line.paste(text);
        self.refused = None;
        EditorKey::Changed
    }

    pub fn key(&mut self, key: KeyEvent) -> EditorKey {
        if let Some(ask) = self.ask {
            return self.answer(ask, key);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc if self.changed() => {
                self.ask = Some(Ask::Discard);
                EditorKey::Nothing
            }
            KeyCode::Esc => EditorKey::Cancel,
            KeyCode::Char('c') if ctrl => EditorKey::Close,
            KeyCode::Enter => self.submit(),
            _ => match self.line.apply(key) {
                LineEdit::Typed | LineEdit::Changed => {
                    self.refused = None;
                    EditorKey::Changed
                }
                LineEdit::Moved | LineEdit::Ignored => EditorKey::Nothing,
            },
        }
    }

    fn answer(&mut self, ask: Ask, key: KeyEvent) -> EditorKey {
        let yes = matches!(key.code, KeyCode::Char('y' | 'Y'));
        let no = matches!(key.code, KeyCode::Char('n' | 'N') | KeyCode::Esc);
        if !yes && !no {
            return EditorKey::Nothing;
        }
        self.ask = None;
        match (ask, yes) {
            (Ask::Discard, true) => EditorKey::Cancel,
            (Ask::Decorative, true) => match edit::alt_text("", true) {
                Ok(value) => EditorKey::Save(value),
                Err(e) => self.refuse(e),
            },
            (_, false) => EditorKey::Nothing,
        }
    }

    fn submit(&mut self) -> EditorKey {
        match self.check() {
            Ok(value) if value.is_decorative() => {
                self.ask = Some(Ask::Decorative);
                EditorKey::Nothing
            }
            Ok(value) => EditorKey::Save(value),
            Err(e) => self.refuse(e),
        }
    }

    fn refuse(&mut self, error: EditError) -> EditorKey {
        self.refused = Some(error);
        EditorKey::Nothing
    }
}
