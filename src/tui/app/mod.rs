//! The browser's state and its one way of changing: `App::update(Msg) ->
//! Vec<Cmd>`. No I/O happens here; the worker carries out the returned
//! commands, and `ui` draws from the accessors (drawing cannot change state).
//!
//! `App` owns one value per concern. Each keeps its own rules — its fields are
//! private and whatever is derived from them (counts, indices, the filtered
//! view, the request in flight) changes only inside its methods — and `App`
//! routes messages to them:
//!
//! | module        | owns                                                        |
//! |---------------|-------------------------------------------------------------|
//! | `assets/`     | the asset list: rows, filtered/sorted view, selection, alt-text counts, lookups and their answers, site listing, locale, history, marks, rows being written |
//! | `editor.rs`   | the popups: help, the command log, and the one-line input (text, cursor, recall, inline error, parsing) |
//! | `line.rs`     | one line of text with a cursor and the editing keys every text field shares |
//! | `alt_editor.rs` | the alt-text editor: the draft, its check, its y/n questions |
//! | `drafts.rs`   | unsaved drafts (this session's and those offered back)      |
//! | `write_log.rs`| the command log: this session's writes, what `u` undoes     |
//! | `bulk.rs`     | editing many at once: the `$EDITOR` table, the plan, its run |
//! | `preview.rs`  | the preview pane: shown or not, graphics known, the thumbnail asked for |
//! | `uses.rs`     | where each asset of the listed site renders ("Used on")  |
//! | `coverage.rs` | the locale coverage view: every image × every locale     |
//! | `status.rs`   | rate-limit budget, last error, notices                      |
//! | `panes.rs`    | which pane has the keyboard, detail panes' scroll           |
//! | `keys.rs`     | what a key, a paste or a submitted input does (routing only) |
//! | `edits.rs`    | the writing flows, routed between the parts above           |
//! | `use_edits.rs`| fixing alt text where it renders: `e` in the "Used on" pane |
//!
//! Editing the selected asset's alt text, for instance: the draft and its
//! checks are the editor's (`alt_editor.rs`); marking the row as being saved
//! is a method of the asset list (`assets/`); the write is a `Cmd::Write`
//! the worker runs through `crate::changes`; the key is an action in
//! `keymap.rs` routed in `keys.rs`; the answer is a `Msg::Saved` routed in
//! [`App::update`] back to the asset list, the log and the drafts, its error
//! to the status.

mod alt_editor;
mod assets;
mod bulk;
mod coverage;
mod drafts;
mod editor;
mod edits;
mod keys;
mod line;
mod panes;
mod preview;
mod status;
mod use_edits;
mod uses;
mod write_log;

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{KeyEventKind, MouseEventKind};

use super::keymap::{Action, Keymap};
use super::layout;
use super::msg::{Cmd, Msg};
use super::notice::Problem;
use crate::webflow::{AssetId, FolderId, LocaleId, SiteId};

pub use alt_editor::{AltEditor, Ask, CmsPlace};
pub use assets::{AltCounts, Answer, AssetList, Entry, Load, Mark, SiteView, UsageOnly, filter};
pub use bulk::Bulk;
pub use coverage::CoverageView;
pub use drafts::Drafts;
pub use editor::{Edit, Input, InputError, InputKind, Popup, Popups, Submitted};
pub use panes::{Focus, Panes};
pub use preview::{AUTO_PREVIEW_MIN_WIDTH, Preview, PreviewStart};
pub use status::Status;
pub use uses::Uses;
pub use write_log::{LogEntry, LogResult, WriteKind, WriteLog};

/// Numbers every request (fetch, site listing, thumbnail), so that an answer
/// can be matched to the request it answers and a stale one dropped. One
/// sequence for all kinds, so a ticket names one request.
#[derive(Debug, Clone)]
pub struct Tickets {
    next: u64,
}

impl Default for Tickets {
    fn default() -> Self {
        Self { next: 1 }
    }
}

impl Tickets {
    /// A ticket never issued before.
    pub fn issue(&mut self) -> u64 {
        let ticket = self.next;
        self.next += 1;
        ticket
    }
}

/// Where a read of the site that the browser asks for in the background
/// stands (the "Used on" pane's content, the coverage view's listings).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ReadState {
    /// Not asked for (not a site listing, or it is still listing).
    #[default]
    Idle,
    Reading,
    Failed(crate::webflow::ApiError),
    Read,
}

/// How wfa is connected, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLabel {
    pub demo: bool,
    /// `--offline`: everything shown comes from the cache.
    pub offline: bool,
    pub host: String,
}

/// Settings decided before the browser starts (command line, config,
/// environment); see [`App::with_options`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppOptions {
    /// Fetch in this locale (`None`: the default locale).
    pub locale: Option<LocaleId>,
    /// The mouse wheel scrolls (mouse capture is on).
    pub mouse: bool,
    /// `NO_COLOR`: a theme made of modifiers only.
    pub no_color: bool,
    /// Dates show in this offset; `None` is the local time zone.
    pub utc_offset: Option<FixedOffset>,
    /// Shown in the status bar from the start.
    pub startup_warning: Option<String>,
    pub preview: PreviewStart,
    /// The audit settings (`[audit]`, `wfa.toml`) rows are marked by.
    pub audit: crate::audit::AuditConfig,
}

#[derive(Debug, Clone)]
pub struct App {
    source: SourceLabel,
    keymap: Keymap,
    assets: AssetList,
    popups: Popups,
    preview: Preview,
    status: Status,
    panes: Panes,
    tickets: Tickets,
    mouse: bool,
    no_color: bool,
    /// Terminal size, from the last resize.
    size: (u16, u16),
    now: DateTime<Utc>,
    utc_offset: Option<FixedOffset>,
    quit: bool,
    /// The alt-text editor, while it is open (it has the keyboard).
    alt_editor: Option<AltEditor>,
    drafts: Drafts,
    log: WriteLog,
    bulk: Bulk,
    uses: Uses,
    coverage: CoverageView,
}

impl App {
    /// A browser listing `history` (not loaded yet), with default options.
    pub fn new(
        source: SourceLabel,
        keymap: Keymap,
        history: Vec<AssetId>,
        now: DateTime<Utc>,
    ) -> Self {
        let size = (80, 24);
        Self {
            assets: AssetList::new(history, source.offline, layout::list_rows(size.1)),
            drafts: Drafts::new((!source.demo).then(|| source.host.clone())),
            source,
            keymap,
            popups: Popups::default(),
            preview: Preview::default(),
            status: Status::default(),
            panes: Panes::default(),
            tickets: Tickets::default(),
            mouse: false,
            no_color: false,
            size,
            now,
            utc_offset: None,
            quit: false,
            alt_editor: None,
            log: WriteLog::default(),
            bulk: Bulk::default(),
            uses: Uses::default(),
            coverage: CoverageView::default(),
        }
    }

    /// Applies the start-up settings; call it before the first `update`.
    pub fn with_options(mut self, options: AppOptions) -> Self {
        self.assets.start_in_locale(options.locale);
        self.mouse = options.mouse;
        self.no_color = options.no_color;
        self.utc_offset = options.utc_offset;
        self.status
            .report_first(options.startup_warning.map(Problem::Startup));
        self.preview = Preview::new(options.preview);
        self.assets.set_audit(options.audit);
        self
    }

    // ---- Reading (what the panes draw) ----

    pub fn source(&self) -> &SourceLabel {
        &self.source
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The key to name in hints for "look up an ID": outside a site listing the
    /// filter key looks up too (`/` by default), and it is the one people try.
    pub fn lookup_hint(&self) -> String {
        let filter_looks_up = self.assets.site().is_none()
            && !self
                .keymap
                .keys_for(super::keymap::Action::Filter)
                .is_empty();
        self.keymap.hint(if filter_looks_up {
            super::keymap::Action::Filter
        } else {
            super::keymap::Action::Lookup
        })
    }

    pub fn assets(&self) -> &AssetList {
        &self.assets
    }

    /// The popup open over the browser, if any.
    pub fn popup(&self) -> Option<&Popup> {
        self.popups.popup()
    }

    /// Whether something is drawn over the panes (a popup, the plan).
    pub fn overlay_shown(&self) -> bool {
        self.popups.is_open() || self.bulk.review().is_some()
    }

    /// First line of the help overlay shown.
    pub fn help_scroll(&self) -> u16 {
        self.popups.help_scroll()
    }

    pub fn preview(&self) -> &Preview {
        &self.preview
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn focus(&self) -> Focus {
        self.panes.focus()
    }

    /// How far the detail pane `pane` is scrolled.
    pub fn scroll(&self, pane: Focus) -> u16 {
        self.panes.scroll(pane)
    }

    pub fn mouse(&self) -> bool {
        self.mouse
    }

    pub fn no_color(&self) -> bool {
        self.no_color
    }

    /// Terminal size, from the last resize.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The time relative dates are counted from (moves on with each tick).
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn utc_offset(&self) -> Option<FixedOffset> {
        self.utc_offset
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The alt-text editor, while it is open.
    pub fn alt_editor(&self) -> Option<&AltEditor> {
        self.alt_editor.as_ref()
    }

    /// Unsaved drafts (the open one and those kept from before).
    pub fn drafts(&self) -> &Drafts {
        &self.drafts
    }

    /// This session's writes.
    pub fn write_log(&self) -> &WriteLog {
        &self.log
    }

    /// Where editing many at once stands.
    pub fn bulk(&self) -> &Bulk {
        &self.bulk
    }

    /// Where the listed site's assets render (the "Used on" pane).
    pub fn uses(&self) -> &Uses {
        &self.uses
    }

    /// The locale coverage view's table and cursor.
    pub fn coverage(&self) -> &CoverageView {
        &self.coverage
    }

    /// Rows of the list that fit on screen.
    pub fn list_rows(&self) -> usize {
        layout::list_rows(self.size.1)
    }

    // ---- Changing ----

    pub fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        let mut cmds = self.handle(msg);
        let selected = self
            .assets
            .selected_entry()
            .and_then(|e| e.asset().map(|a| (e.id(), a)));
        self.preview
            .sync(self.size, selected, &mut self.tickets, &mut cmds);
        cmds
    }

    fn handle(&mut self, msg: Msg) -> Vec<Cmd> {
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => return self.on_key(key),
            Msg::Key(_) => {}
            Msg::Paste(text) => return self.on_paste(&text),
            // The editor and the plan hold the selection where it is.
            Msg::Mouse(_) if self.alt_editor.is_some() || self.bulk.review().is_some() => {}
            Msg::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollUp if self.mouse => return self.on_action(Action::Up),
                MouseEventKind::ScrollDown if self.mouse => return self.on_action(Action::Down),
                _ => {}
            },
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.assets.set_rows(layout::list_rows(h));
            }
            Msg::Cached {
                ticket,
                id,
                asset,
                fetched_at,
            } => self.assets.on_cached(ticket, &id, asset, fetched_at),
            Msg::Loaded { ticket, id, result } => {
                match self.assets.on_loaded(ticket, &id, result) {
                    Answer::Loaded { rate } => self.status.saw_rate(rate),
                    Answer::Failed { error } => self.status.report(Problem::Lookup { id, error }),
                    Answer::Stale => {}
                }
            }
            Msg::Tick(now) => {
                self.now = now;
                self.status.tick();
            }
            Msg::Rate(status) => self.status.on_rate(status),
            Msg::SitePage {
                ticket,
                assets,
                loaded,
                total,
            } => self.assets.on_site_page(ticket, assets, loaded, total),
            Msg::SiteDone { ticket, error } => {
                let current = self.assets.site().filter(|v| v.ticket() == ticket);
                // Once the listing has ended (well), the site's content is
                // read, once, in the same locale.
                let read = current
                    .filter(|_| error.is_none())
                    .map(|v| v.site().clone());
                if let Some(problem) = self.assets.on_site_done(ticket, error) {
                    self.status.report(problem);
                }
                if let Some(site) = read {
                    let locale = self.assets.locale().cloned();
                    return self.uses.start(site, locale, &mut self.tickets);
                }
            }
            Msg::UsageRead { ticket, result } => {
                self.uses.on_read(ticket, result, self.assets.audit());
                let (unused, problems) = self.uses.flags();
                self.assets.set_usage_flags(unused, problems);
            }
            Msg::CoverageRead { ticket, result } => self.coverage.on_read(ticket, result),
            Msg::CmsSaved {
                ticket,
                id,
                outcome,
                journal,
            } => return self.on_cms_written(ticket, id, outcome, journal),
            Msg::Graphics { protocol, pixels } => {
                self.preview.on_graphics(protocol, pixels, self.size.0);
            }
            Msg::Preview { ticket, content } => self.preview.on_content(ticket, content),
            Msg::Notice(Ok(notice)) => self.status.notify(notice),
            Msg::Notice(Err(problem)) => self.status.report(problem),
            Msg::Saved {
                ticket,
                id,
                outcome,
                journal,
            }
            | Msg::Applied {
                ticket,
                id,
                outcome,
                journal,
            } => return self.on_written(ticket, id, outcome, journal),
            Msg::TableEdited(text) => return self.on_table_edited(text),
            Msg::Planned { ticket, plan } => return self.on_planned(ticket, plan),
            Msg::ApplyDone { ticket, summary } => self.on_apply_done(ticket, summary),
        }
        Vec::new()
    }

    // ---- Start-up (before and just after the first frame) ----

    /// Opens with these IDs loading (from the command line or the demo
    /// catalogue), the list shown from its top.
    pub fn open_with(&mut self, ids: Vec<AssetId>, remember: bool) -> Vec<Cmd> {
        if !ids.is_empty() {
            self.panes.reset_scroll();
        }
        self.assets.open(ids, remember, &mut self.tickets)
    }

    /// Lists a whole site: session lookups stay on top, history rows give way
    /// to the site's assets, which arrive page by page.
    pub fn open_site(&mut self, site: SiteId) -> Vec<Cmd> {
        self.open_site_folder(site, None)
    }

    /// `open_site`, limited to one folder of the site.
    pub fn open_site_folder(&mut self, site: SiteId, folder: Option<FolderId>) -> Vec<Cmd> {
        self.uses.reset();
        self.coverage.reset();
        self.assets
            .set_usage_flags(Default::default(), Default::default());
        self.assets.open_site(site, folder, &mut self.tickets)
    }

    /// Adds the lookup history once it is read (after the first frame): its
    /// rows go below any already listed, and ↑/↓ in the ID input recall it.
    /// `damaged` says what was wrong with the file, if anything; it shows
    /// unless an earlier warning is showing.
    pub fn merge_history(&mut self, history: Vec<AssetId>, damaged: Option<Problem>) {
        self.assets.merge_history(history);
        self.status.report_first(damaged);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_are_never_reused() {
        let mut tickets = Tickets::default();
        let first = tickets.issue();
        assert_eq!(first, 1);
        assert_ne!(tickets.issue(), first);
    }
}
