//! What a key, a paste or a submitted input does. Routing only: each branch
//! calls the part of the state it is about (the asset list, the popups, the
//! preview, the status, the panes) and holds no rules of its own beyond which
//! part comes first.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::editor::{Edit, InputKind, Popup, Submitted};
use super::panes::Focus;
use super::{Action, App, Cmd};
use crate::tui::layout;
use crate::webflow::{AssetId, LocaleId};

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        match self.popups.popup() {
            Some(Popup::Help) => {
                // ↑/↓ scroll a help taller than the terminal; any other key
                // closes it, and quit keys still quit from it.
                let action = self.keymap.action(&key);
                match action {
                    Some(Action::Down) => self.popups.scroll_help(true),
                    Some(Action::Up) => self.popups.scroll_help(false),
                    _ => {
                        self.popups.close();
                        if action == Some(Action::Quit) && key.code != KeyCode::Esc {
                            self.quit = true;
                        }
                    }
                }
                Vec::new()
            }
            Some(Popup::Input(_)) => self.on_input_key(key),
            Some(Popup::Coverage) => self.on_coverage_key(key),
            Some(Popup::WriteLog) => {
                // As the help: ↑/↓ scroll, `u` undoes from here too, any
                // other key closes.
                match self.keymap.action(&key) {
                    Some(Action::Down) => self.popups.scroll_help(true),
                    Some(Action::Up) => self.popups.scroll_help(false),
                    Some(Action::Undo) => return self.undo_last(),
                    _ => self.popups.close(),
                }
                Vec::new()
            }
            // The editor and the plan have the keyboard while they are open.
            None if self.alt_editor.is_some() => self.on_editor_key(key),
            None if self.bulk.review().is_some() => self.on_review_key(key),
            // Enter in the "Used on" pane opens the chosen place's page.
            None if key.code == KeyCode::Enter && self.panes.focus() == Focus::UsedOn => {
                self.open_use()
            }
            None => match self.keymap.action(&key) {
                Some(action) => self.on_action(action),
                None => Vec::new(),
            },
        }
    }

    pub(super) fn on_action(&mut self, action: Action) -> Vec<Cmd> {
        let page = self.list_rows().max(2) - 1;
        match action {
            Action::Up => return self.move_or_scroll(-1),
            Action::Down => return self.move_or_scroll(1),
            Action::PageUp => return self.move_or_scroll(-(page as isize)),
            Action::PageDown => return self.move_or_scroll(page as isize),
            Action::Top => return self.move_or_scroll(isize::MIN / 2),
            Action::Bottom => return self.move_or_scroll(isize::MAX / 2),
            Action::FocusList => self.panes.set_focus(Focus::List),
            Action::FocusPanes => {
                if self.panes.focus() == Focus::List {
                    self.panes.set_focus(Focus::Metadata);
                }
            }
            Action::NextPane | Action::PrevPane => {
                let used_on = layout::used_on_shown(
                    self.size,
                    self.preview.visible(),
                    self.assets.site().is_some(),
                );
                self.panes.step(action == Action::NextPane, used_on);
            }
            Action::Lookup => self.popups.open_input(InputKind::Lookup, String::new()),
            // Only a site listing has a filter; elsewhere the key looks up IDs,
            // so `/` keeps the meaning it has in less and vim either way.
            Action::Filter if self.assets.site().is_some() => {
                let text = self.assets.filter().to_string();
                self.popups.open_input(InputKind::Filter, text);
            }
            Action::Filter => self.popups.open_input(InputKind::Lookup, String::new()),
            Action::SetLocale => {
                // With the site known, locales are offered (and shown) by tag.
                let locales = self
                    .uses
                    .site()
                    .map(|s| s.all_locales())
                    .unwrap_or_default();
                let current = match self.assets.locale() {
                    Some(id) => locales
                        .iter()
                        .find(|l| l.id.eq_ignore_ascii_case(id.as_str()))
                        .map_or_else(|| id.to_string(), |l| l.tag.clone()),
                    None => String::new(),
                };
                self.popups.open_with(
                    super::editor::Input::new(InputKind::Locale, current).with_locales(locales),
                );
            }
            Action::OpenSite => {
                let current = self.assets.site().map(|s| s.site().to_string());
                self.popups
                    .open_input(InputKind::Site, current.unwrap_or_default());
            }
            Action::Refetch => return self.assets.refetch_selected(&mut self.tickets),
            Action::CopyId => match self.assets.selected_entry() {
                Some(e) => {
                    return vec![Cmd::Copy {
                        text: e.id().to_string(),
                        what: "asset ID",
                    }];
                }
                None => self.nothing_selected(),
            },
            Action::CopyUrl => match self.selected_asset_url() {
                Some(url) => {
                    return vec![Cmd::Copy {
                        text: url,
                        what: "hosted URL",
                    }];
                }
                None => self.nothing_selected(),
            },
            Action::OpenUrl => match self.selected_asset_url() {
                Some(url) => return vec![Cmd::Open { url }],
                None => self.nothing_selected(),
            },
            Action::ToggleMouse => {
                self.mouse = !self.mouse;
                let state = if self.mouse {
                    "on"
                } else {
                    "off (text can be selected)"
                };
                self.status.notify(format!("mouse wheel scrolling {state}"));
                return vec![Cmd::SetMouseCapture(self.mouse)];
            }
            Action::Sort => {
                let sort = self.assets.cycle_sort();
                self.status.notify(format!("sorted by {}", sort.label()));
            }
            Action::OnlyProblems => {
                let state = if self.assets.toggle_problems() {
                    "only problems"
                } else {
                    "all assets"
                };
                self.status.notify(format!("showing {state}"));
            }
            Action::UsageFilter => {
                let only = self.assets.cycle_usage_only();
                self.status.notify(match only {
                    super::UsageOnly::All => "showing all assets",
                    super::UsageOnly::Unused => "showing only images used nowhere",
                    super::UsageOnly::RenderedProblems => {
                        "showing only images with a problem where they render"
                    }
                });
            }
            Action::Coverage => match self.assets.site().map(|v| v.site().clone()) {
                Some(site) => {
                    self.popups.open_coverage();
                    return self.coverage.open(&site, &mut self.tickets);
                }
                None => self
                    .status
                    .notify("the coverage view is for a site listing: S opens a site"),
            },
            Action::NextProblem | Action::PrevProblem => {
                match self.assets.next_problem(action == Action::NextProblem) {
                    Some(position) => return self.select(position),
                    None => self.status.notify("no other problem in this list"),
                }
            }
            Action::TogglePreview => match self.preview.toggle() {
                // The choice is the user's now: remembered for the next run.
                Some(shown) => return vec![Cmd::SavePreviewShown(shown)],
                None => self.status.notify("preview is off (--preview off)"),
            },
            Action::EditAlt if self.panes.focus() == Focus::UsedOn => return self.edit_use(),
            Action::EditAlt => return self.edit_selected(),
            Action::Undo => return self.undo_last(),
            Action::Mark => self.toggle_mark(),
            Action::MarkAll => self.toggle_mark_shown(),
            Action::EditMarked => return self.edit_marked(),
            Action::StopRun => return self.stop_run(),
            Action::WriteLog => self.popups.open_write_log(),
            Action::Help => self.popups.open_help(),
            Action::Quit => {
                self.quit = true;
                // Whatever the drafts are, they are on disk before wfa exits.
                return self.drafts.flush().into_iter().collect();
            }
        }
        Vec::new()
    }

    fn selected_asset_url(&self) -> Option<String> {
        self.assets
            .selected_entry()
            .and_then(|e| e.asset())
            .map(|a| a.hosted_url.clone())
    }

    fn nothing_selected(&mut self) {
        self.status.notify("no loaded asset is selected");
    }

    /// Moves the selection (list focused) or scrolls the focused pane.
    fn move_or_scroll(&mut self, delta: isize) -> Vec<Cmd> {
        if self.panes.focus() != Focus::List {
            self.panes.scroll_by(delta);
            if self.panes.focus() == Focus::UsedOn {
                // The "Used on" pane moves by use: not past the last one.
                let count = self
                    .assets
                    .selected_entry()
                    .and_then(|e| self.uses.of(e.id().as_str()))
                    .map_or(0, <[_]>::len);
                let over = usize::from(self.panes.scroll(Focus::UsedOn))
                    .saturating_sub(count.saturating_sub(1));
                self.panes.scroll_by(-(over as isize));
            }
            return Vec::new();
        }
        match self.assets.position_by(delta) {
            Some(position) => self.select(position),
            None => Vec::new(),
        }
    }

    /// Opens the published page of the use chosen in the "Used on" pane
    /// (its scroll is the chosen use).
    fn open_use(&mut self) -> Vec<Cmd> {
        if self.assets.selected_entry().is_none() {
            self.nothing_selected();
            return Vec::new();
        }
        let Some((_, chosen)) = self.chosen_use() else {
            self.status
                .notify("no place to open: the asset is not used on the site");
            return Vec::new();
        };
        match self.uses.page_url(chosen, self.assets.locale()) {
            Some(url) => vec![Cmd::Open { url }],
            None => {
                self.status.notify(
                    "no published URL is known for this place (a CMS item without a template page or slug)",
                );
                Vec::new()
            }
        }
    }

    /// Selects the row at `position`; the detail panes go back to their top
    /// when another asset is shown.
    pub(super) fn select(&mut self, position: usize) -> Vec<Cmd> {
        let before = self.assets.selected();
        let cmds = self.assets.select(position, &mut self.tickets);
        if self.assets.selected() != before {
            self.panes.reset_scroll();
        }
        cmds
    }

    /// Looks up `ids` (see `AssetList::look_up`) and shows the first of them
    /// from its top.
    fn look_up(&mut self, ids: Vec<AssetId>, remember: bool) -> Vec<Cmd> {
        if ids.is_empty() {
            return Vec::new();
        }
        self.panes.reset_scroll();
        self.assets.look_up(ids, remember, &mut self.tickets)
    }

    pub(super) fn on_paste(&mut self, text: &str) -> Vec<Cmd> {
        if self.alt_editor.is_some() && !self.popups.is_open() {
            return self.on_editor_paste(text);
        }
        match self.popups.popup() {
            Some(Popup::Input(_)) => {
                if let Some(input) = self.popups.input_mut() {
                    input.paste(text);
                }
                Vec::new()
            }
            Some(Popup::Help | Popup::WriteLog | Popup::Coverage) => Vec::new(),
            None => {
                // Pasting IDs straight into the browser looks them all up.
                self.popups.open_input(InputKind::Lookup, String::new());
                if let Some(input) = self.popups.input_mut() {
                    input.paste(text);
                }
                self.submit_input()
            }
        }
    }

    fn on_input_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        let Some(input) = self.popups.input_mut() else {
            return Vec::new();
        };
        let kind = input.kind();
        match input.edit(key, self.assets.history()) {
            Edit::Cancel => {
                self.popups.close();
                if kind == InputKind::Filter {
                    // Esc leaves the filter and shows everything again.
                    self.assets.clear_filter();
                }
                Vec::new()
            }
            Edit::Close => {
                self.popups.close();
                Vec::new()
            }
            Edit::Submit => self.submit_input(),
            Edit::Edited => self.follow_filter(),
        }
    }

    /// The filter applies as you type. The view is ranked: the best match, on
    /// top, is what the user is after (emptying the filter keeps the row that
    /// was selected).
    fn follow_filter(&mut self) -> Vec<Cmd> {
        let text = match self.popups.popup() {
            Some(Popup::Input(input))
                if input.kind() == InputKind::Filter && input.text() != self.assets.filter() =>
            {
                input.text().to_string()
            }
            _ => return Vec::new(),
        };
        if self.assets.set_filter(&text) {
            self.select(0)
        } else {
            Vec::new()
        }
    }

    fn submit_input(&mut self) -> Vec<Cmd> {
        let Some(submitted) = self.popups.input_mut().and_then(|i| i.submit()) else {
            return Vec::new();
        };
        self.popups.close();
        match submitted {
            Submitted::Lookup(ids) => {
                self.panes.set_focus(Focus::List);
                self.look_up(ids, true)
            }
            Submitted::Filter => Vec::new(),
            Submitted::Site(site) => self.open_site(site),
            Submitted::Locale(locale) => self.switch_locale(locale),
        }
    }

    /// Browses in `locale` from now on.
    fn switch_locale(&mut self, locale: Option<LocaleId>) -> Vec<Cmd> {
        // The uses are read again, in the new locale, once the listing in it
        // ends.
        if self.assets.site().is_some() && locale.as_ref() != self.assets.locale() {
            self.uses.reset();
            self.assets
                .set_usage_flags(Default::default(), Default::default());
        }
        self.assets.set_locale(locale, &mut self.tickets)
    }

    /// Keys in the coverage view: move over rows and locales, `!` gaps
    /// only, `r` read again, Enter shows the asset in the list in the
    /// cursor's locale (ready for `e`), Esc / q / `C` close.
    fn on_coverage_key(&mut self, key: KeyEvent) -> Vec<Cmd> {
        if key.code == KeyCode::Enter {
            return self.open_covered();
        }
        let page = self.list_rows().max(2) as isize - 1;
        match self.keymap.action(&key) {
            Some(Action::Up) => self.coverage.move_by(-1, 0),
            Some(Action::Down) => self.coverage.move_by(1, 0),
            Some(Action::PageUp) => self.coverage.move_by(-page, 0),
            Some(Action::PageDown) => self.coverage.move_by(page, 0),
            Some(Action::Top) => self.coverage.move_by(isize::MIN / 2, 0),
            Some(Action::Bottom) => self.coverage.move_by(isize::MAX / 2, 0),
            Some(Action::FocusList | Action::PrevPane) => self.coverage.move_by(0, -1),
            Some(Action::FocusPanes | Action::NextPane) => self.coverage.move_by(0, 1),
            Some(Action::OnlyProblems) => {
                let only = self.coverage.toggle_gaps();
                self.status.notify(if only {
                    "coverage: only images with a gap in some locale"
                } else {
                    "coverage: every image"
                });
            }
            Some(Action::Refetch) => {
                if let Some(site) = self.assets.site().map(|v| v.site().clone()) {
                    return self.coverage.read(site, &mut self.tickets);
                }
            }
            Some(Action::Help) => self.popups.open_help(),
            Some(Action::Quit) if key.modifiers.contains(KeyModifiers::CONTROL) => self.quit = true,
            Some(Action::Quit | Action::Coverage) => self.popups.close(),
            _ => {}
        }
        Vec::new()
    }

    /// Enter in the coverage view: the row's asset selected in the list,
    /// browsed in the cursor's locale.
    fn open_covered(&mut self) -> Vec<Cmd> {
        let Some(row) = self.coverage.current() else {
            return Vec::new();
        };
        let wanted = row.asset.id.trim().to_ascii_lowercase();
        let find = |assets: &super::AssetList| {
            assets.view().iter().position(|&i| {
                assets.entries()[i]
                    .id()
                    .as_str()
                    .eq_ignore_ascii_case(&wanted)
            })
        };
        // Asked for by name: a typed filter that hides it gives way.
        let mut position = find(&self.assets);
        if position.is_none() && !self.assets.filter().is_empty() {
            self.assets.clear_filter();
            position = find(&self.assets);
        }
        let Some(position) = position else {
            self.status.notify(format!(
                "that image is hidden by the list's {} / {} filter: turn it off, then try again",
                self.keymap.hint(Action::OnlyProblems),
                self.keymap.hint(Action::UsageFilter)
            ));
            return Vec::new();
        };
        self.popups.close();
        self.panes.set_focus(Focus::List);
        let mut cmds = self.select(position);
        // The primary's column is what the default locale shows already.
        let default_shows_it = self.assets.locale().is_none() && self.coverage.current_is_primary();
        let locale = self.coverage.current_locale();
        if !default_shows_it && locale.as_ref() != self.assets.locale() {
            cmds.extend(self.switch_locale(locale));
        }
        cmds
    }
}
