//! The TUI's state and its one way of changing: `App::update(Msg) -> Vec<Cmd>`.
//! No I/O happens here; the worker carries out the returned commands.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::keymap::{Action, Keymap};
use super::msg::{Cmd, Msg};
use crate::audit;
use crate::listing::SortKey;
use crate::webflow::id::split_ids;
use crate::webflow::{AltState, ApiError, Asset, FailureClass, ObjectId, RateLimit};

/// Most lookups kept in history.
pub const HISTORY_CAP: usize = 500;
/// Ticks (seconds) a notice stays in the status bar.
const NOTICE_TICKS: u8 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Metadata,
    Variants,
    AltText,
}

impl Focus {
    const ORDER: [Focus; 4] = [
        Focus::List,
        Focus::Metadata,
        Focus::Variants,
        Focus::AltText,
    ];

    fn step(self, forward: bool) -> Focus {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// Where an entry's data stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Load {
    /// From history, not fetched yet this session.
    NotLoaded,
    Loading {
        ticket: u64,
    },
    Loaded,
    Failed {
        message: String,
        class: FailureClass,
    },
}

/// One row of the asset list.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: ObjectId,
    pub load: Load,
    /// The last good answer; kept while a refetch runs or after it fails.
    pub asset: Option<Box<Asset>>,
    /// Looked up this session (as opposed to listed from history).
    pub session: bool,
    /// When `asset` is a cached copy: when it was fetched.
    pub cached_at: Option<DateTime<Utc>>,
    /// The asset has an alt-text finding; worked out once per asset (the
    /// rules are too costly to run for every row on every change).
    pub problem: bool,
}

/// What the row's mark says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    NotLoaded,
    Loading,
    Ok,
    AltProblem,
    Error,
}

impl Entry {
    fn new(id: ObjectId, session: bool) -> Self {
        Self {
            id,
            load: Load::NotLoaded,
            asset: None,
            session,
            cached_at: None,
            problem: false,
        }
    }

    /// Sets the asset and works out whether it has an alt-text problem.
    pub fn set_asset(&mut self, asset: Option<Box<Asset>>) {
        self.problem = asset
            .as_ref()
            .is_some_and(|a| !audit::check_asset(a, &audit::AuditConfig::default()).is_empty());
        self.asset = asset;
    }

    /// What this row adds to the status bar's counts.
    fn counts(&self) -> AltCounts {
        let mut c = AltCounts::default();
        if let Some(asset) = &self.asset {
            if !asset.is_image() {
                c.not_images = 1;
            } else {
                match asset.alt_state() {
                    AltState::Missing => c.missing = 1,
                    AltState::Empty => c.empty = 1,
                    AltState::Present => c.present = 1,
                }
            }
        }
        // From the asset alone (not the load state), so that adding and
        // removing a row's share always balances.
        c.problems = usize::from(self.problem && self.asset.is_some());
        c
    }

    pub fn mark(&self) -> Mark {
        match (&self.load, &self.asset) {
            (Load::Loading { .. }, _) => Mark::Loading,
            (Load::Failed { .. }, _) => Mark::Error,
            (_, Some(_)) if self.problem => Mark::AltProblem,
            (_, Some(_)) => Mark::Ok,
            (_, None) => Mark::NotLoaded,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Lookup,
    Locale,
    /// Filter as you type (applied on every key).
    Filter,
    /// A site ID to list.
    Site,
}

/// A whole site being listed page by page.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteView {
    pub site: ObjectId,
    pub ticket: u64,
    pub loaded: u32,
    pub total: u32,
    pub done: bool,
    pub error: Option<String>,
}

/// How many rows are in each alt-text state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AltCounts {
    pub missing: usize,
    pub empty: usize,
    pub present: usize,
    /// Rows with any alt-text finding.
    pub problems: usize,
    pub not_images: usize,
}

impl AltCounts {
    fn add(&mut self, o: AltCounts) {
        self.missing += o.missing;
        self.empty += o.empty;
        self.present += o.present;
        self.problems += o.problems;
        self.not_images += o.not_images;
    }

    fn remove(&mut self, o: AltCounts) {
        self.missing = self.missing.saturating_sub(o.missing);
        self.empty = self.empty.saturating_sub(o.empty);
        self.present = self.present.saturating_sub(o.present);
        self.problems = self.problems.saturating_sub(o.problems);
        self.not_images = self.not_images.saturating_sub(o.not_images);
    }
}

/// A one-line text input in a popup.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub kind: InputKind,
    pub text: String,
    /// Cursor position in characters.
    pub cursor: usize,
    pub error: Option<String>,
    /// Index into history while recalling with ↑/↓.
    recall: Option<usize>,
}

impl Input {
    fn new(kind: InputKind, text: String) -> Self {
        let cursor = text.chars().count();
        Self {
            kind,
            text,
            cursor,
            error: None,
            recall: None,
        }
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn insert(&mut self, s: &str) {
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, s);
        self.cursor += s.chars().count();
        self.error = None;
    }

    fn set(&mut self, text: String) {
        self.cursor = text.chars().count();
        self.text = text;
        self.error = None;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help,
    Input(Input),
}

/// A ready thumbnail (encoded for the terminal's graphics protocol).
#[derive(Clone)]
pub struct Thumb(pub std::sync::Arc<ratatui_image::protocol::Protocol>);

impl std::fmt::Debug for Thumb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Thumb")
    }
}

impl PartialEq for Thumb {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PreviewContent {
    Loading,
    Image(Thumb),
    /// A label instead of an image (documents).
    Text(String),
    Failed(String),
}

/// What the preview shows, for which asset and pane size.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewShown {
    pub id: ObjectId,
    pub url: String,
    pub cells: (u16, u16),
    pub ticket: u64,
    pub content: PreviewContent,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    pub visible: bool,
    /// Disabled by `--preview off`: the key does nothing.
    pub available: bool,
    /// The graphics protocol in use, for the pane title and help; empty until
    /// the terminal's graphics are known.
    pub protocol: String,
    /// The terminal's graphics are known (the worker has a picker): only then
    /// are thumbnails asked for.
    pub ready: bool,
    /// The worker was asked to find out the terminal's graphics.
    pub detecting: bool,
    /// Nobody chose whether the pane shows: it opens by itself once the
    /// terminal turns out to draw real pixels and is wide enough.
    pub auto_show: bool,
    pub shown: Option<PreviewShown>,
}

/// A terminal at least this wide opens the preview by itself when it draws
/// real pixels (narrower ones keep the room for the text panes).
pub const AUTO_PREVIEW_MIN_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub metadata: u16,
    pub variants: u16,
    pub alt_text: u16,
}

/// How wfa is connected, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLabel {
    pub demo: bool,
    /// `--offline`: everything shown comes from the cache.
    pub offline: bool,
    pub host: String,
}

#[derive(Debug, Clone)]
pub struct App {
    pub source: SourceLabel,
    pub locale: Option<ObjectId>,
    pub entries: Vec<Entry>,
    /// Position of the selection in `view`.
    pub selected: usize,
    /// First visible row of the list (a position in `view`).
    pub list_offset: usize,
    /// The rows shown, as indices into `entries`: filtered and sorted.
    pub view: Vec<usize>,
    /// The site being listed, when browsing a whole site.
    pub site: Option<SiteView>,
    /// Filter-as-you-type text (fuzzy over name, file name, ID and alt text).
    pub filter: String,
    pub sort: SortKey,
    /// Show only assets with an alt-text problem (or an error).
    pub only_problems: bool,
    /// Alt-text states across all rows, for the status bar.
    pub counts: AltCounts,
    pub focus: Focus,
    pub scroll: Scroll,
    pub popup: Option<Popup>,
    pub rate: Option<RateLimit>,
    /// Set while the client waits out a 429's Retry-After.
    pub rate_wait: Option<std::time::Duration>,
    pub last_error: Option<String>,
    pub notice: Option<(String, u8)>,
    pub history: Vec<ObjectId>,
    pub keymap: Keymap,
    /// First line of the help overlay shown (it scrolls on short terminals).
    pub help_scroll: u16,
    pub preview: Preview,
    pub mouse: bool,
    pub no_color: bool,
    /// Terminal size, from the last resize.
    pub size: (u16, u16),
    pub now: DateTime<Utc>,
    /// Dates show in this offset; `None` is the local time zone.
    pub utc_offset: Option<chrono::FixedOffset>,
    pub quit: bool,
    next_ticket: u64,
    /// Row of each ID, rebuilt whenever rows move (only `look_up` moves them).
    index: HashMap<ObjectId, usize>,
    /// Rows in `Load::Loading`, kept by `set_load`.
    loading: usize,
    /// The fetch started only because the selection landed on a history row;
    /// superseded when the selection moves on.
    selection_fetch: Option<(u64, usize)>,
}

impl App {
    pub fn new(
        source: SourceLabel,
        keymap: Keymap,
        history: Vec<ObjectId>,
        now: DateTime<Utc>,
    ) -> Self {
        let entries = history
            .iter()
            .map(|id| Entry::new(id.clone(), false))
            .collect();
        let mut app = Self {
            source,
            locale: None,
            entries,
            selected: 0,
            list_offset: 0,
            view: Vec::new(),
            site: None,
            filter: String::new(),
            sort: SortKey::Site,
            only_problems: false,
            counts: AltCounts::default(),
            focus: Focus::List,
            scroll: Scroll::default(),
            popup: None,
            rate: None,
            rate_wait: None,
            last_error: None,
            notice: None,
            history,
            keymap,
            help_scroll: 0,
            preview: Preview::default(),
            mouse: false,
            no_color: false,
            size: (80, 24),
            now,
            utc_offset: None,
            quit: false,
            next_ticket: 1,
            index: HashMap::new(),
            loading: 0,
            selection_fetch: None,
        };
        app.reindex();
        app.rebuild_view();
        app
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.view
            .get(self.selected)
            .and_then(|&i| self.entries.get(i))
    }

    /// Index into `entries` of the selected row.
    fn selected_index(&self) -> Option<usize> {
        self.view.get(self.selected).copied()
    }

    /// Lookups waiting for an answer.
    pub fn in_flight(&self) -> usize {
        self.loading
    }

    /// Rows of the list that fit on screen (two lines per row, inside a border,
    /// above the status bar); kept in step with the layout in `ui`.
    pub fn list_rows(&self) -> usize {
        (usize::from(self.size.1).saturating_sub(3) / 2).max(1)
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let mut cmds = self.handle(msg);
        self.sync_preview(&mut cmds);
        cmds
    }

    /// Keeps the preview in step with the selection and the pane size: asks for
    /// the selected asset's thumbnail when it changes, drops the request for a
    /// row the user has left (the worker debounces and aborts).
    fn sync_preview(&mut self, cmds: &mut Vec<Cmd>) {
        let wants_graphics =
            self.preview.available && (self.preview.visible || self.preview.auto_show);
        if wants_graphics && !self.preview.ready && !self.preview.detecting {
            // Asked once, when a preview is first needed; the answer comes
            // back as `Msg::Graphics`.
            self.preview.detecting = true;
            cmds.push(Cmd::DetectGraphics);
        }
        let cells = super::ui::preview_cells(
            self.size,
            self.preview.visible && self.preview.available && self.preview.ready,
        );
        let wanted = match (
            cells,
            self.selected_entry()
                .and_then(|e| e.asset.as_ref().map(|a| (e, a))),
        ) {
            (Some(cells), Some((entry, asset))) if cells.0 > 0 && cells.1 > 0 => {
                Some((entry.id.clone(), asset.clone(), cells))
            }
            _ => None,
        };
        let current = self
            .preview
            .shown
            .as_ref()
            .map(|s| (&s.id, s.url.as_str(), s.cells));
        match wanted {
            Some((id, asset, cells)) => {
                if current == Some((&id, asset.hosted_url.as_str(), cells)) {
                    return;
                }
                if let Some(old) = &self.preview.shown
                    && old.content == PreviewContent::Loading
                {
                    cmds.push(Cmd::CancelPreview { ticket: old.ticket });
                }
                let ticket = self.next_ticket;
                self.next_ticket += 1;
                self.preview.shown = Some(PreviewShown {
                    id,
                    url: asset.hosted_url.clone(),
                    cells,
                    ticket,
                    content: PreviewContent::Loading,
                });
                cmds.push(Cmd::Preview {
                    ticket,
                    asset,
                    cells,
                });
            }
            None => {
                if let Some(old) = self.preview.shown.take()
                    && old.content == PreviewContent::Loading
                {
                    cmds.push(Cmd::CancelPreview { ticket: old.ticket });
                }
            }
        }
    }

    fn handle(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.on_key(key),
            Msg::Key(_) => Vec::new(),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollUp if self.mouse => self.on_action(Action::Up),
                MouseEventKind::ScrollDown if self.mouse => self.on_action(Action::Down),
                _ => Vec::new(),
            },
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.keep_selection_visible();
                Vec::new()
            }
            Msg::Cached {
                ticket,
                id,
                asset,
                fetched_at,
            } => {
                if let Some(&index) = self.index.get(&id)
                    && self.entries[index].load == (Load::Loading { ticket })
                {
                    self.counts.remove(self.entries[index].counts());
                    let entry = &mut self.entries[index];
                    entry.set_asset(Some(asset));
                    entry.cached_at = Some(fetched_at);
                    self.counts.add(self.entries[index].counts());
                }
                Vec::new()
            }
            Msg::Loaded { ticket, id, result } => {
                let index = self.index.get(&id).copied();
                if let Some(i) = index {
                    self.counts.remove(self.entries[i].counts());
                }
                self.on_loaded(ticket, &id, result);
                if let Some(i) = index {
                    self.counts.add(self.entries[i].counts());
                }
                // Only a filtered or sorted view can change with one answer.
                if self.only_problems || !self.filter.is_empty() || self.sort != SortKey::Site {
                    self.rebuild_view();
                }
                Vec::new()
            }
            Msg::Tick(now) => {
                self.now = now;
                if let Some((_, ticks)) = &mut self.notice {
                    *ticks = ticks.saturating_sub(1);
                    if *ticks == 0 {
                        self.notice = None;
                    }
                }
                Vec::new()
            }
            Msg::Rate(status) => {
                if let Some(remaining) = status.remaining {
                    self.rate = Some(RateLimit {
                        limit: status.limit,
                        remaining: Some(remaining),
                    });
                }
                self.rate_wait = status.paused_for;
                Vec::new()
            }
            Msg::SitePage {
                ticket,
                assets,
                loaded,
                total,
            } => {
                self.on_site_page(ticket, assets, loaded, total);
                Vec::new()
            }
            Msg::SiteDone { ticket, error } => {
                if let Some(view) = self.site.as_mut().filter(|v| v.ticket == ticket) {
                    view.done = true;
                    if let Some(error) = &error {
                        self.last_error = Some(error.clone());
                    }
                    view.error = error;
                }
                Vec::new()
            }
            Msg::Graphics { protocol, pixels } => {
                self.preview.ready = true;
                self.preview.detecting = false;
                self.preview.protocol = protocol.to_string();
                if std::mem::take(&mut self.preview.auto_show)
                    && pixels
                    && self.size.0 >= AUTO_PREVIEW_MIN_WIDTH
                {
                    self.preview.visible = true;
                }
                Vec::new()
            }
            Msg::Preview { ticket, content } => {
                if let Some(shown) = &mut self.preview.shown
                    && shown.ticket == ticket
                {
                    shown.content = content;
                }
                Vec::new()
            }
            Msg::Notice(Ok(text)) => {
                self.notice = Some((text, NOTICE_TICKS));
                Vec::new()
            }
            Msg::Notice(Err(text)) => {
                self.last_error = Some(text);
                Vec::new()
            }
        }
    }

    /// Adds the lookup history once it is read (after the first frame): its
    /// rows go below any already listed, and ↑/↓ in the ID input recall it.
    pub fn merge_history(&mut self, history: Vec<ObjectId>) {
        if history.is_empty() {
            return;
        }
        for id in &history {
            if !self.index.contains_key(id) {
                self.index.insert(id.clone(), self.entries.len());
                self.entries.push(Entry::new(id.clone(), false));
            }
        }
        let mut seen: HashSet<ObjectId> = self.history.iter().cloned().collect();
        self.history
            .extend(history.into_iter().filter(|id| seen.insert(id.clone())));
        self.history.truncate(HISTORY_CAP);
        self.rebuild_view();
    }

    /// Opens with these IDs loading (from the command line or the demo catalogue).
    pub fn open_with(&mut self, ids: Vec<ObjectId>, remember: bool) -> Vec<Cmd> {
        let cmds = self.look_up(ids, remember);
        self.selected = 0;
        self.list_offset = 0;
        cmds
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match &mut self.popup {
            Some(Popup::Help) => {
                // ↑/↓ scroll a help taller than the terminal; any other key
                // closes it, and quit keys still quit from it.
                let action = self.keymap.action(&key);
                match action {
                    Some(Action::Down) => {
                        self.help_scroll = self.help_scroll.saturating_add(1);
                        return Vec::new();
                    }
                    Some(Action::Up) => {
                        self.help_scroll = self.help_scroll.saturating_sub(1);
                        return Vec::new();
                    }
                    _ => {}
                }
                self.help_scroll = 0;
                self.popup = None;
                if action == Some(Action::Quit) && key.code != KeyCode::Esc {
                    self.quit = true;
                }
                Vec::new()
            }
            Some(Popup::Input(_)) => self.on_input_key(key),
            // In a site listing `/` filters; `i` still looks up IDs.
            None if self.site.is_some()
                && key.code == KeyCode::Char('/')
                && key.modifiers.difference(KeyModifiers::SHIFT).is_empty() =>
            {
                self.popup = Some(Popup::Input(Input::new(
                    InputKind::Filter,
                    self.filter.clone(),
                )));
                Vec::new()
            }
            None => match self.keymap.action(&key) {
                Some(action) => self.on_action(action),
                None => Vec::new(),
            },
        }
    }

    fn on_action(&mut self, action: Action) -> Vec<Cmd> {
        let page = self.list_rows().max(2) - 1;
        match action {
            Action::Up => self.move_or_scroll(-1),
            Action::Down => self.move_or_scroll(1),
            Action::PageUp => self.move_or_scroll(-(page as isize)),
            Action::PageDown => self.move_or_scroll(page as isize),
            Action::Top => self.move_or_scroll(isize::MIN / 2),
            Action::Bottom => self.move_or_scroll(isize::MAX / 2),
            Action::FocusList => {
                self.focus = Focus::List;
                Vec::new()
            }
            Action::FocusPanes => {
                if self.focus == Focus::List {
                    self.focus = Focus::Metadata;
                }
                Vec::new()
            }
            Action::NextPane | Action::PrevPane => {
                self.focus = self.focus.step(action == Action::NextPane);
                Vec::new()
            }
            Action::Lookup => {
                self.popup = Some(Popup::Input(Input::new(InputKind::Lookup, String::new())));
                Vec::new()
            }
            Action::SetLocale => {
                let current = self
                    .locale
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                self.popup = Some(Popup::Input(Input::new(InputKind::Locale, current)));
                Vec::new()
            }
            Action::Refetch => self.refetch_selected(),
            Action::CopyId => match self.selected_entry() {
                Some(e) => vec![Cmd::Copy {
                    text: e.id.to_string(),
                    what: "asset ID",
                }],
                None => self.nothing_selected(),
            },
            Action::CopyUrl => match self.selected_entry().and_then(|e| e.asset.as_ref()) {
                Some(a) => vec![Cmd::Copy {
                    text: a.hosted_url.clone(),
                    what: "hosted URL",
                }],
                None => self.nothing_selected(),
            },
            Action::OpenUrl => match self.selected_entry().and_then(|e| e.asset.as_ref()) {
                Some(a) => vec![Cmd::Open {
                    url: a.hosted_url.clone(),
                }],
                None => self.nothing_selected(),
            },
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                let state = if self.mouse {
                    "on"
                } else {
                    "off (text can be selected)"
                };
                self.notice = Some((format!("mouse wheel scrolling {state}"), NOTICE_TICKS));
                vec![Cmd::SetMouseCapture(self.mouse)]
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.rebuild_view();
                self.notice = Some((format!("sorted by {}", self.sort.label()), NOTICE_TICKS));
                Vec::new()
            }
            Action::OnlyProblems => {
                self.only_problems = !self.only_problems;
                self.rebuild_view();
                let state = if self.only_problems {
                    "only problems"
                } else {
                    "all assets"
                };
                self.notice = Some((format!("showing {state}"), NOTICE_TICKS));
                Vec::new()
            }
            Action::NextProblem | Action::PrevProblem => {
                let forward = action == Action::NextProblem;
                let n = self.view.len();
                let found = (1..n)
                    .map(|step| {
                        if forward {
                            (self.selected + step) % n
                        } else {
                            (self.selected + n - step) % n
                        }
                    })
                    .find(|&pos| {
                        matches!(
                            self.entries[self.view[pos]].mark(),
                            Mark::AltProblem | Mark::Error
                        )
                    });
                match found {
                    Some(pos) => self.select(pos),
                    None => {
                        self.notice = Some(("no other problem in this list".into(), NOTICE_TICKS));
                        Vec::new()
                    }
                }
            }
            Action::OpenSite => {
                let current = self
                    .site
                    .as_ref()
                    .map(|s| s.site.to_string())
                    .unwrap_or_default();
                self.popup = Some(Popup::Input(Input::new(InputKind::Site, current)));
                Vec::new()
            }
            Action::TogglePreview => {
                if self.preview.available {
                    self.preview.visible = !self.preview.visible;
                    self.preview.auto_show = false;
                    // The choice is the user's now: remembered for the next run.
                    vec![Cmd::SavePreviewShown(self.preview.visible)]
                } else {
                    self.notice = Some(("preview is off (--preview off)".into(), NOTICE_TICKS));
                    Vec::new()
                }
            }
            Action::Help => {
                self.popup = Some(Popup::Help);
                Vec::new()
            }
            Action::Quit => {
                self.quit = true;
                Vec::new()
            }
        }
    }

    fn nothing_selected(&mut self) -> Vec<Cmd> {
        self.notice = Some(("no loaded asset is selected".into(), NOTICE_TICKS));
        Vec::new()
    }

    fn move_or_scroll(&mut self, delta: isize) -> Vec<Cmd> {
        let scroll = match self.focus {
            Focus::List => {
                if self.view.is_empty() {
                    return Vec::new();
                }
                let last = self.view.len() - 1;
                let target = (self.selected as isize)
                    .saturating_add(delta)
                    .clamp(0, last as isize);
                return self.select(target as usize);
            }
            Focus::Metadata => &mut self.scroll.metadata,
            Focus::Variants => &mut self.scroll.variants,
            Focus::AltText => &mut self.scroll.alt_text,
        };
        // Panes clamp their scroll when rendering; keep the stored value sane.
        let next = (*scroll as isize)
            .saturating_add(delta)
            .clamp(0, u16::MAX as isize / 2);
        *scroll = next as u16;
        Vec::new()
    }

    fn select(&mut self, position: usize) -> Vec<Cmd> {
        if position == self.selected {
            return Vec::new();
        }
        self.selected = position;
        let index = self.view[position];
        self.scroll = Scroll::default();
        self.keep_selection_visible();
        let mut cmds = Vec::new();
        // A fetch started only because the selection passed over a history row is
        // superseded once the selection moves on.
        if let Some((ticket, row)) = self.selection_fetch.take() {
            if row != index {
                if let Some(e) = self.entries.get(row)
                    && e.load == (Load::Loading { ticket })
                {
                    let back = if e.asset.is_some() {
                        Load::Loaded
                    } else {
                        Load::NotLoaded
                    };
                    self.set_load(row, back);
                }
                cmds.push(Cmd::Cancel { ticket });
            } else {
                self.selection_fetch = Some((ticket, row));
            }
        }
        if self.entries[index].load == Load::NotLoaded {
            let ticket = self.start_fetch(index, &mut cmds);
            self.selection_fetch = Some((ticket, index));
        }
        cmds
    }

    fn keep_selection_visible(&mut self) {
        let rows = self.list_rows();
        if self.selected < self.list_offset {
            self.list_offset = self.selected;
        } else if self.selected >= self.list_offset + rows {
            self.list_offset = self.selected + 1 - rows;
        }
        let max_offset = self.view.len().saturating_sub(rows);
        self.list_offset = self.list_offset.min(max_offset);
    }

    fn start_fetch(&mut self, index: usize, cmds: &mut Vec<Cmd>) -> u64 {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        if let Load::Loading { ticket: old } = self.entries[index].load {
            cmds.push(Cmd::Cancel { ticket: old });
        }
        self.set_load(index, Load::Loading { ticket });
        cmds.push(Cmd::Fetch {
            ticket,
            id: self.entries[index].id.clone(),
            locale: self.locale.clone(),
        });
        ticket
    }

    fn refetch_selected(&mut self) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(index) = self.selected_index() {
            self.start_fetch(index, &mut cmds);
        }
        cmds
    }

    /// Queues lookups: new IDs join the end of the session part of the list
    /// (history rows move up into it), IDs already there are fetched only if not
    /// loaded or failed. Selects the first of them. Linear in the list length,
    /// however many IDs are pasted at once.
    fn look_up(&mut self, ids: Vec<ObjectId>, remember: bool) -> Vec<Cmd> {
        let mut seen = HashSet::new();
        let wanted: Vec<ObjectId> = ids
            .into_iter()
            .filter(|id| seen.insert(id.clone()))
            .collect();
        let Some(first) = wanted.first().cloned() else {
            return Vec::new();
        };
        // Session rows are always a prefix of the list.
        let session_len = self.entries.iter().take_while(|e| e.session).count();
        let mut moved: HashMap<ObjectId, Entry> = HashMap::new();
        let mut rest = Vec::new();
        for entry in self.entries.drain(session_len..) {
            if seen.contains(&entry.id) {
                moved.insert(entry.id.clone(), entry);
            } else {
                rest.push(entry);
            }
        }
        for id in &wanted {
            if self.index.get(id).is_some_and(|&i| i < session_len) {
                continue;
            }
            let mut entry = moved
                .remove(id)
                .unwrap_or_else(|| Entry::new(id.clone(), true));
            entry.session = true;
            self.entries.push(entry);
        }
        self.entries.extend(rest);
        self.reindex();

        let mut cmds = Vec::new();
        for id in &wanted {
            let index = self.index[id];
            if matches!(
                self.entries[index].load,
                Load::NotLoaded | Load::Failed { .. }
            ) {
                self.start_fetch(index, &mut cmds);
            }
        }
        if remember {
            self.history.retain(|h| !seen.contains(h));
            self.history.splice(0..0, wanted);
            self.history.truncate(HISTORY_CAP);
            cmds.push(Cmd::SaveHistory(self.history.clone()));
        }
        // Rows moved: the selection-fetch row index may be stale; forget it
        // (the fetch itself continues and is applied by its ticket).
        self.selection_fetch = None;
        let first = self.index[&first];
        self.rebuild_view();
        if !self.view.contains(&first) {
            // A lookup must be seen: drop whatever hides it.
            self.filter.clear();
            self.only_problems = false;
            self.rebuild_view();
        }
        self.selected = self.view.iter().position(|&i| i == first).unwrap_or(0);
        self.scroll = Scroll::default();
        self.keep_selection_visible();
        cmds
    }

    fn reindex(&mut self) {
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
    }

    /// Every change of an entry's `load` goes through here, keeping the count of
    /// lookups in flight exact without scanning the list each frame.
    fn set_load(&mut self, index: usize, load: Load) {
        let entry = &mut self.entries[index];
        let was = matches!(entry.load, Load::Loading { .. });
        let is = matches!(load, Load::Loading { .. });
        entry.load = load;
        self.loading = self.loading + usize::from(is) - usize::from(was);
    }

    fn on_loaded(
        &mut self,
        ticket: u64,
        id: &ObjectId,
        result: Result<Box<crate::webflow::Fetched<Asset>>, ApiError>,
    ) {
        let Some(&index) = self.index.get(id) else {
            return;
        };
        if self.entries[index].load != (Load::Loading { ticket }) {
            return; // stale: superseded by a newer request or cancelled
        }
        if self.selection_fetch.is_some_and(|(t, _)| t == ticket) {
            self.selection_fetch = None;
        }
        match result {
            Ok(fetched) => {
                if fetched.rate.remaining.is_some() {
                    self.rate = Some(fetched.rate);
                }
                let entry = &mut self.entries[index];
                entry.set_asset(Some(Box::new(fetched.value)));
                if !self.source.offline {
                    entry.cached_at = None;
                }
                self.set_load(index, Load::Loaded);
            }
            Err(e) => {
                let message = e.to_string();
                self.last_error = Some(format!("{id}: {message}"));
                let failed = Load::Failed {
                    message,
                    class: e.class(),
                };
                self.set_load(index, failed);
            }
        }
    }

    fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        match &mut self.popup {
            Some(Popup::Input(input)) => {
                let one_line: String = text
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                input.insert(&one_line);
                Vec::new()
            }
            Some(Popup::Help) => Vec::new(),
            None => {
                // Pasting IDs straight into the browser looks them all up.
                let mut input = Input::new(InputKind::Lookup, String::new());
                input.insert(
                    &text
                        .chars()
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .collect::<String>(),
                );
                self.popup = Some(Popup::Input(input));
                self.submit_input()
            }
        }
    }

    fn on_input_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let mut cmds = self.edit_input(key);
        // The filter applies as you type.
        if let Some(Popup::Input(input)) = &self.popup
            && input.kind == InputKind::Filter
            && input.text != self.filter
        {
            self.filter = input.text.clone();
            self.rebuild_view();
            // The view is ranked: the best match, on top, is what the user is
            // after. (Emptying the filter keeps the row that was selected.)
            if self.filter_query().is_some() && !self.view.is_empty() {
                cmds.extend(self.select(0));
            }
        }
        cmds
    }

    fn edit_input(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(Popup::Input(input)) = &mut self.popup else {
            return Vec::new();
        };
        if key.code == KeyCode::Esc && input.kind == InputKind::Filter {
            // Esc leaves the filter and shows everything again.
            self.popup = None;
            self.filter.clear();
            self.rebuild_view();
            return Vec::new();
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => self.popup = None,
            KeyCode::Char('c') if ctrl => self.popup = None,
            KeyCode::Enter => return self.submit_input(),
            KeyCode::Char('u') if ctrl => input.set(String::new()),
            KeyCode::Char(c) if !ctrl => {
                input.insert(c.encode_utf8(&mut [0; 4]));
                input.recall = None;
            }
            KeyCode::Backspace if input.cursor > 0 => {
                let at = input.byte_at(input.cursor - 1);
                input.text.remove(at);
                input.cursor -= 1;
                input.error = None;
            }
            KeyCode::Delete if input.cursor < input.text.chars().count() => {
                let at = input.byte_at(input.cursor);
                input.text.remove(at);
                input.error = None;
            }
            KeyCode::Left => input.cursor = input.cursor.saturating_sub(1),
            KeyCode::Right => input.cursor = (input.cursor + 1).min(input.text.chars().count()),
            KeyCode::Home => input.cursor = 0,
            KeyCode::End => input.cursor = input.text.chars().count(),
            KeyCode::Up | KeyCode::Down
                if input.kind == InputKind::Lookup && !self.history.is_empty() =>
            {
                let last = self.history.len() - 1;
                let next = match (input.recall, key.code) {
                    (None, KeyCode::Up) => Some(0),
                    (None, _) => None,
                    (Some(i), KeyCode::Up) => Some((i + 1).min(last)),
                    (Some(0), _) => None,
                    (Some(i), _) => Some(i - 1),
                };
                input.set(
                    next.map(|i| self.history[i].to_string())
                        .unwrap_or_default(),
                );
                input.recall = next;
            }
            _ => {}
        }
        Vec::new()
    }

    fn submit_input(&mut self) -> Vec<Cmd> {
        let Some(Popup::Input(input)) = &mut self.popup else {
            return Vec::new();
        };
        match input.kind {
            InputKind::Lookup => {
                let parsed: Vec<_> = split_ids(&input.text)
                    .map(|s| ObjectId::parse("asset", s))
                    .collect();
                if parsed.is_empty() {
                    input.error = Some("type or paste one or more asset IDs".into());
                    return Vec::new();
                }
                if let Some(Err(e)) = parsed.iter().find(|r| r.is_err()) {
                    let invalid = parsed.iter().filter(|r| r.is_err()).count();
                    let more = if invalid > 1 {
                        format!(" ({invalid} invalid IDs)")
                    } else {
                        String::new()
                    };
                    input.error = Some(format!("{e}{more}"));
                    return Vec::new();
                }
                let ids = parsed.into_iter().filter_map(Result::ok).collect();
                self.popup = None;
                self.focus = Focus::List;
                self.look_up(ids, true)
            }
            InputKind::Filter => {
                self.popup = None;
                Vec::new()
            }
            InputKind::Site => match ObjectId::parse("site", &input.text) {
                Ok(site) => {
                    self.popup = None;
                    self.open_site(site)
                }
                Err(e) => {
                    input.error = Some(e.to_string());
                    Vec::new()
                }
            },
            InputKind::Locale => {
                let text = input.text.trim().to_string();
                let locale = if text.is_empty() {
                    None
                } else {
                    match ObjectId::parse("locale", &text) {
                        Ok(l) => Some(l),
                        Err(e) => {
                            input.error = Some(e.to_string());
                            return Vec::new();
                        }
                    }
                };
                self.popup = None;
                if locale == self.locale {
                    return Vec::new();
                }
                self.locale = locale;
                self.reload_for_locale()
            }
        }
    }

    /// Lists a whole site: session lookups stay on top, history rows give way
    /// to the site's assets, which arrive page by page.
    pub fn open_site(&mut self, site: ObjectId) -> Vec<Cmd> {
        self.open_site_folder(site, None)
    }

    /// `open_site`, limited to one folder of the site.
    pub fn open_site_folder(&mut self, site: ObjectId, folder: Option<ObjectId>) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(old) = &self.site
            && !old.done
        {
            cmds.push(Cmd::CancelSite { ticket: old.ticket });
        }
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.entries.retain(|e| e.session);
        self.loading = self
            .entries
            .iter()
            .filter(|e| matches!(e.load, Load::Loading { .. }))
            .count();
        self.selection_fetch = None;
        self.reindex();
        self.site = Some(SiteView {
            site: site.clone(),
            ticket,
            loaded: 0,
            total: 0,
            done: false,
            error: None,
        });
        self.selected = 0;
        self.list_offset = 0;
        self.rebuild_view();
        cmds.push(Cmd::ListSite {
            ticket,
            site,
            folder,
            locale: self.locale.clone(),
        });
        cmds
    }

    fn on_site_page(&mut self, ticket: u64, assets: Vec<Asset>, loaded: u32, total: u32) {
        let Some(view) = self.site.as_mut().filter(|v| v.ticket == ticket) else {
            return;
        };
        view.loaded = loaded;
        view.total = total;
        for asset in assets {
            let Ok(id) = ObjectId::parse("asset", &asset.id) else {
                continue;
            };
            if self.index.contains_key(&id) {
                continue; // already a session lookup
            }
            self.index.insert(id.clone(), self.entries.len());
            let mut entry = Entry::new(id, false);
            entry.load = Load::Loaded;
            entry.set_asset(Some(Box::new(asset)));
            self.entries.push(entry);
        }
        self.rebuild_view();
    }

    /// Recomputes the shown rows (filter, problems-only, order) and the counts,
    /// keeping the selected row selected when it is still shown.
    ///
    /// Order: without a filter, the sort key (`s`), ties in site order. With a
    /// filter (`super::filter`), the match score, best first; equal scores keep
    /// the sort key, then site order — so ranking never hides the order the
    /// user chose among equally good matches.
    pub fn rebuild_view(&mut self) {
        let keep = self.selected_index();
        let mut counts = AltCounts::default();
        for entry in &self.entries {
            counts.add(entry.counts());
        }
        let only_problems = self.only_problems;
        let candidates = self.entries.iter().enumerate().filter(|(_, entry)| {
            !only_problems || matches!(entry.mark(), Mark::AltProblem | Mark::Error)
        });
        let entries = &self.entries;
        let sort = self.sort;
        let by_key = |a: usize, b: usize| {
            let key = match (&entries[a].asset, &entries[b].asset) {
                (Some(x), Some(y)) => sort.compare(x, y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            key.then(a.cmp(&b))
        };
        let view: Vec<usize> = match self.filter_query() {
            Some(query) => {
                let mut ranked = query.rank(candidates);
                ranked.sort_unstable_by(|&(a, score_a), &(b, score_b)| {
                    score_b.cmp(&score_a).then_with(|| by_key(a, b))
                });
                ranked.into_iter().map(|(i, _)| i).collect()
            }
            None => {
                let mut view: Vec<usize> = candidates.map(|(i, _)| i).collect();
                if sort != SortKey::Site {
                    view.sort_unstable_by(|&a, &b| by_key(a, b));
                }
                view
            }
        };
        self.counts = counts;
        self.selected = keep
            .and_then(|k| view.iter().position(|&i| i == k))
            .unwrap_or(0)
            .min(view.len().saturating_sub(1));
        self.view = view;
        self.keep_selection_visible();
    }

    /// The filter as parsed for ranking and highlighting; `None` when it holds
    /// nothing to match. Parsed from `filter` on each call (microseconds), so it
    /// can never disagree with the text.
    pub fn filter_query(&self) -> Option<super::filter::Query> {
        super::filter::Query::parse(&self.filter)
    }

    /// After a locale change every answer is out of date: session rows refetch,
    /// history rows reload when selected.
    fn reload_for_locale(&mut self) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        self.selection_fetch = None;
        let selected = self.selected_index();
        for i in 0..self.entries.len() {
            if self.entries[i].session || Some(i) == selected {
                self.start_fetch(i, &mut cmds);
            } else {
                if let Load::Loading { ticket } = self.entries[i].load {
                    cmds.push(Cmd::Cancel { ticket });
                }
                self.set_load(i, Load::NotLoaded);
                self.entries[i].set_asset(None);
            }
        }
        self.rebuild_view();
        cmds
    }
}
