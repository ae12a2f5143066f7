//! The popups over the browser: the help overlay and the one-line input (asset
//! IDs, a locale, a site, the filter).
//!
//! The input owns its text, cursor, history recall and inline error, and turns
//! its text into what it asks for ([`Submitted`]) — or keeps itself open with
//! the reason it cannot. What a submitted value does to the rest of the
//! browser is the App's business, not the editor's.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::line::{LineEdit, LineText};
use crate::text::clean;
use crate::webflow::site::Locale;
use crate::webflow::{AssetId, BadIds, InvalidId, LocaleId, SiteId, parse_ids};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Lookup,
    Locale,
    /// Filter as you type (applied on every key).
    Filter,
    /// A site ID to list.
    Site,
}

/// A one-line text input in a popup.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    kind: InputKind,
    line: LineText,
    error: Option<InputError>,
    /// Index into the history while recalling with ↑/↓.
    recall: Option<usize>,
    /// The locale input, when the site is known: its locales, offered by
    /// tag and name (empty: only a locale ID is accepted).
    locales: Vec<Locale>,
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Typed, deleted, moved the cursor, or nothing.
    Edited,
    /// Esc: leave, undoing what the input was for (a filter is cleared).
    Cancel,
    /// Ctrl-C: leave, keeping what is applied.
    Close,
    /// Enter.
    Submit,
}

/// Why Enter was refused: shown inline until the next edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("type or paste one or more asset IDs")]
    NoIds,
    /// Every bad ID in the lookup, not only the first.
    #[error(transparent)]
    BadIds(#[from] BadIds),
    /// The site or locale.
    #[error(transparent)]
    InvalidId(#[from] InvalidId),
    /// A tag or ID the site has no locale for; `known` lists its locales.
    #[error("the site has no locale {}; it has: {}", clean(asked), known.join(", "))]
    UnknownLocale { asked: String, known: Vec<String> },
}

/// What a submitted input asks for, parsed and valid.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    Lookup(Vec<AssetId>),
    /// Keep the filter typed (it is already applied).
    Filter,
    Site(SiteId),
    /// `None`: the default locale.
    Locale(Option<LocaleId>),
}

impl Input {
    pub fn new(kind: InputKind, text: String) -> Self {
        Self {
            kind,
            line: LineText::new(text),
            error: None,
            recall: None,
            locales: Vec::new(),
        }
    }

    /// The locale input of a site whose locales are known.
    pub fn with_locales(mut self, locales: Vec<Locale>) -> Self {
        self.locales = locales;
        self
    }

    /// The site's locales the locale input offers (empty: not known).
    pub fn locales(&self) -> &[Locale] {
        &self.locales
    }

    pub fn kind(&self) -> InputKind {
        self.kind
    }

    pub fn text(&self) -> &str {
        self.line.text()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.line.cursor()
    }

    /// Why the last Enter was refused; cleared by the next edit.
    pub fn error(&self) -> Option<&InputError> {
        self.error.as_ref()
    }

    /// Inserts pasted text at the cursor, on one line (control characters,
    /// line breaks included, become spaces).
    pub fn paste(&mut self, text: &str) {
        self.line.paste(text);
        self.error = None;
    }

    /// Applies a key. ↑/↓ in the ID input recall `history` (most recent first).
    pub fn edit(&mut self, key: KeyEvent, history: &[AssetId]) -> Edit {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Edit::Cancel,
            KeyCode::Char('c') if ctrl => return Edit::Close,
            KeyCode::Enter => return Edit::Submit,
            KeyCode::Up | KeyCode::Down
                if self.kind == InputKind::Lookup && !history.is_empty() =>
            {
                let last = history.len() - 1;
                let next = match (self.recall, key.code) {
                    (None, KeyCode::Up) => Some(0),
                    (None, _) => None,
                    (Some(i), KeyCode::Up) => Some((i + 1).min(last)),
                    (Some(0), _) => None,
                    (Some(i), _) => Some(i - 1),
                };
                self.line
                    .set(next.map(|i| history[i].to_string()).unwrap_or_default());
                self.error = None;
                self.recall = next;
            }
            _ => match self.line.apply(key) {
                LineEdit::Typed => {
                    self.error = None;
                    self.recall = None;
                }
                LineEdit::Changed => self.error = None,
                LineEdit::Moved | LineEdit::Ignored => {}
            },
        }
        Edit::Edited
    }

    /// Parses the text for what the input is for. `None` when it is not valid:
    /// the input then shows why and stays open for correction.
    pub fn submit(&mut self) -> Option<Submitted> {
        let parsed = match self.kind {
            InputKind::Lookup => match parse_ids([self.text()]) {
                Ok(ids) if ids.is_empty() => Err(InputError::NoIds),
                Ok(ids) => Ok(Submitted::Lookup(ids)),
                Err(e) => Err(e.into()),
            },
            InputKind::Filter => Ok(Submitted::Filter),
            InputKind::Site => SiteId::parse(self.text())
                .map(Submitted::Site)
                .map_err(InputError::from),
            InputKind::Locale => {
                let text = self.text().trim();
                if text.is_empty() {
                    Ok(Submitted::Locale(None))
                } else if !self.locales.is_empty() {
                    self.site_locale(text)
                } else {
                    LocaleId::parse(text)
                        .map(|l| Submitted::Locale(Some(l)))
                        .map_err(InputError::from)
                }
            }
        };
        parsed.map_err(|error| self.error = Some(error)).ok()
    }

    /// A tag (`fr-FR`) or ID of one of the site's locales; the primary is
    /// the default locale (`None`), as the rest of wfa names it.
    fn site_locale(&self, text: &str) -> Result<Submitted, InputError> {
        let found = self
            .locales
            .iter()
            .find(|l| l.tag.eq_ignore_ascii_case(text) || l.id.eq_ignore_ascii_case(text));
        match found {
            Some(l) if l.primary => Ok(Submitted::Locale(None)),
            Some(l) => LocaleId::parse(&l.id)
                .map(|id| Submitted::Locale(Some(id)))
                .map_err(InputError::from),
            None => Err(InputError::UnknownLocale {
                asked: text.to_string(),
                known: self
                    .locales
                    .iter()
                    .map(|l| format!("{} ({})", clean(&l.tag), clean(&l.display_name)))
                    .collect(),
            }),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help,
    Input(Input),
    /// The command log: this session's writes.
    WriteLog,
    /// The locale coverage view (its state is `App::coverage`).
    Coverage,
}

/// The popup open over the browser, if any. At most one is open; the help's
/// scroll position exists only while the help is open (closing resets it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Popups {
    open: Option<Popup>,
    /// First line of the help overlay shown (it scrolls on short terminals).
    help_scroll: u16,
}

impl Popups {
    pub fn popup(&self) -> Option<&Popup> {
        self.open.as_ref()
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    /// The open input, to edit it.
    pub fn input_mut(&mut self) -> Option<&mut Input> {
        match &mut self.open {
            Some(Popup::Input(input)) => Some(input),
            _ => None,
        }
    }

    pub fn open_help(&mut self) {
        self.help_scroll = 0;
        self.open = Some(Popup::Help);
    }

    /// Opens the command log (it scrolls as the help does).
    pub fn open_write_log(&mut self) {
        self.help_scroll = 0;
        self.open = Some(Popup::WriteLog);
    }

    /// Opens the locale coverage view.
    pub fn open_coverage(&mut self) {
        self.help_scroll = 0;
        self.open = Some(Popup::Coverage);
    }

    /// Opens an input of `kind` holding `text`, the cursor at its end.
    pub fn open_input(&mut self, kind: InputKind, text: String) {
        self.open_with(Input::new(kind, text));
    }

    /// Opens this input (one built with more than its text).
    pub fn open_with(&mut self, input: Input) {
        self.help_scroll = 0;
        self.open = Some(Popup::Input(input));
    }

    /// Scrolls the help one line down or up.
    pub fn scroll_help(&mut self, down: bool) {
        self.help_scroll = if down {
            self.help_scroll.saturating_add(1)
        } else {
            self.help_scroll.saturating_sub(1)
        };
    }

    pub fn close(&mut self) {
        self.open = None;
        self.help_scroll = 0;
    }
}
