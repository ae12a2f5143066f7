//! Actions and the keys bound to them. The default map is compiled in; the
//! `[keys]` table of `config.toml` replaces the keys of the actions it names.
//! The help overlay is generated from the live map, so it cannot drift.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Everything a key can do outside a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    FocusList,
    FocusPanes,
    NextPane,
    PrevPane,
    Lookup,
    Filter,
    Refetch,
    SetLocale,
    CopyId,
    CopyUrl,
    OpenUrl,
    OpenSite,
    Sort,
    OnlyProblems,
    UsageFilter,
    Coverage,
    NextProblem,
    PrevProblem,
    TogglePreview,
    ToggleMouse,
    EditAlt,
    Undo,
    Mark,
    MarkAll,
    EditMarked,
    StopRun,
    WriteLog,
    Help,
    Quit,
}

impl Action {
    /// In help order: `(config name, description)`.
    pub const ALL: [(Action, &'static str, &'static str); 35] = [
        (Action::Up, "up", "move up / scroll up"),
        (Action::Down, "down", "move down / scroll down"),
        (Action::PageUp, "page_up", "one page up"),
        (Action::PageDown, "page_down", "one page down"),
        (Action::Top, "top", "first row / top"),
        (Action::Bottom, "bottom", "last row / bottom"),
        (Action::FocusList, "focus_list", "focus the asset list"),
        (Action::FocusPanes, "focus_panes", "focus the detail panes"),
        (Action::NextPane, "next_pane", "next pane"),
        (Action::PrevPane, "prev_pane", "previous pane"),
        (Action::Lookup, "lookup", "look up asset IDs"),
        (
            Action::Filter,
            "filter",
            "filter a site listing; elsewhere look up IDs",
        ),
        (Action::Refetch, "refetch", "fetch the selected asset again"),
        (Action::SetLocale, "set_locale", "set the locale"),
        (Action::CopyId, "copy_id", "copy the asset ID (OSC 52)"),
        (Action::CopyUrl, "copy_url", "copy the hosted URL (OSC 52)"),
        (
            Action::OpenUrl,
            "open_url",
            "open the hosted URL in the browser",
        ),
        (
            Action::OpenSite,
            "open_site",
            "list a whole site (enter its ID)",
        ),
        (
            Action::Sort,
            "sort",
            "sort: site order, name, size, date, type, alt",
        ),
        (
            Action::OnlyProblems,
            "only_problems",
            "show only alt-text problems",
        ),
        (
            Action::UsageFilter,
            "usage_filter",
            "site: all / only unused / only rendered problems",
        ),
        (
            Action::Coverage,
            "coverage",
            "site: alt text of every image in every locale",
        ),
        (Action::NextProblem, "next_problem", "next problem"),
        (Action::PrevProblem, "prev_problem", "previous problem"),
        (
            Action::TogglePreview,
            "toggle_preview",
            "thumbnail preview on/off",
        ),
        (
            Action::ToggleMouse,
            "toggle_mouse",
            "mouse wheel scrolling on/off",
        ),
        (
            Action::EditAlt,
            "edit_alt",
            "edit the alt text (Enter saves, Esc cancels)",
        ),
        (Action::Undo, "undo", "undo the last write of this session"),
        (Action::Mark, "mark", "mark / unmark the row"),
        (Action::MarkAll, "mark_all", "mark / unmark every row shown"),
        (
            Action::EditMarked,
            "edit_marked",
            "edit the marked alt texts in $EDITOR",
        ),
        (
            Action::StopRun,
            "stop_run",
            "stop the plan being applied (after the write in flight)",
        ),
        (
            Action::WriteLog,
            "write_log",
            "the writes of this session (command log)",
        ),
        (Action::Help, "help", "this help"),
        (Action::Quit, "quit", "quit"),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, ..)| *a == self)
            .map_or("?", |(_, n, _)| n)
    }

    pub fn description(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(a, ..)| *a == self)
            .map_or("?", |(.., d)| d)
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(a, ..)| *a)
    }
}

/// A key with its modifiers, as written in config (`ctrl-c`, `PageDown`, `G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    const fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        Self { code, mods }
    }

    const fn plain(code: KeyCode) -> Self {
        Self::new(code, KeyModifiers::NONE)
    }

    /// Normalises an event so that `G` matches whether or not the terminal
    /// reported Shift with it.
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if let KeyCode::Char(_) = ev.code {
            mods.remove(KeyModifiers::SHIFT);
        }
        if ev.code == KeyCode::BackTab {
            mods.remove(KeyModifiers::SHIFT);
        }
        Self::new(ev.code, mods)
    }

    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = spec.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(if mods.is_empty() {
                        c
                    } else {
                        c.to_ascii_lowercase()
                    }),
                    _ => {
                        return Err(format!(
                            "{spec:?} is not a key; use a single character, ctrl-/alt- plus a character, or one of Up Down Left Right PageUp PageDown Home End Tab BackTab Enter Esc Space Backspace"
                        ));
                    }
                }
            }
        };
        Ok(Self::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Backspace => f.write_str("Backspace"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// `key` as it is written in `[keys]` (`ctrl-b`, `PageDown`, `j`).
fn spec_of(key: Key) -> String {
    let mut spec = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        spec.push_str("ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        spec.push_str("alt-");
    }
    match key.code {
        KeyCode::Char(' ') => spec.push_str("Space"),
        KeyCode::Char(c) => spec.push(c),
        KeyCode::BackTab => spec.push_str("BackTab"),
        KeyCode::PageUp => spec.push_str("PageUp"),
        KeyCode::PageDown => spec.push_str("PageDown"),
        other => spec.push_str(&format!("{other:?}")),
    }
    spec
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        use KeyCode::*;
        let ctrl = |c| Key::new(Char(c), KeyModifiers::CONTROL);
        let p = Key::plain;
        let defaults: &[(Action, &[Key])] = &[
            (Action::Up, &[p(Up), p(Char('k'))]),
            (Action::Down, &[p(Down), p(Char('j'))]),
            (Action::PageUp, &[p(PageUp), ctrl('b')]),
            (Action::PageDown, &[p(PageDown), ctrl('f')]),
            (Action::Top, &[p(Home), p(Char('g'))]),
            (Action::Bottom, &[p(End), p(Char('G'))]),
            (Action::FocusList, &[p(Left), p(Char('h'))]),
            (Action::FocusPanes, &[p(Right), p(Char('l'))]),
            (Action::NextPane, &[p(Tab)]),
            (Action::PrevPane, &[p(BackTab)]),
            (Action::Lookup, &[p(Char('i'))]),
            (Action::Filter, &[p(Char('/'))]),
            (Action::Refetch, &[p(Char('r'))]),
            (Action::SetLocale, &[p(Char('L'))]),
            (Action::CopyId, &[p(Char('y'))]),
            (Action::CopyUrl, &[p(Char('Y'))]),
            (Action::OpenUrl, &[p(Char('o'))]),
            (Action::OpenSite, &[p(Char('S'))]),
            (Action::Sort, &[p(Char('s'))]),
            (Action::OnlyProblems, &[p(Char('!'))]),
            (Action::UsageFilter, &[p(Char('U'))]),
            (Action::Coverage, &[p(Char('C'))]),
            (Action::NextProblem, &[p(Char('n'))]),
            (Action::PrevProblem, &[p(Char('N'))]),
            (Action::TogglePreview, &[p(Char('p'))]),
            (Action::ToggleMouse, &[p(Char('M'))]),
            (Action::EditAlt, &[p(Char('e'))]),
            (Action::Undo, &[p(Char('u'))]),
            (Action::Mark, &[p(Char(' '))]),
            (Action::MarkAll, &[p(Char('*'))]),
            (Action::EditMarked, &[p(Char('E'))]),
            (Action::StopRun, &[p(Char('x'))]),
            (Action::WriteLog, &[p(Char('w'))]),
            (Action::Help, &[p(Char('?'))]),
            (Action::Quit, &[p(Char('q')), p(Esc), ctrl('c')]),
        ];
        let bindings = defaults
            .iter()
            .flat_map(|(action, keys)| keys.iter().map(move |k| (*k, *action)))
            .collect();
        Self { bindings }
    }
}

/// Why a `[keys]` table was refused, and the action whose entry is at fault
/// (so the caller can point at its line in the config file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The `[keys]` entry to look at, when there is one.
    pub action: Option<String>,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeymapError {}

impl Keymap {
    /// The defaults with the user's `[keys]` table applied: each named action
    /// gets exactly the listed keys. Errors, reported at startup by every
    /// command: an unknown action, a bad key, a key listed for two actions, a
    /// key that another action has by default while that action is not
    /// re-bound in `[keys]` (it would silently lose it), and `quit` or `help`
    /// left with no key. Any other action may be given `[]` to unbind it.
    pub fn with_overrides(overrides: &HashMap<String, Vec<String>>) -> Result<Self, KeymapError> {
        let defaults = Self::default();
        let mut map = Self::default();
        let mut names: Vec<&String> = overrides.keys().collect();
        names.sort();
        let fail = |name: &str, message: String| KeymapError {
            action: Some(name.to_string()),
            message,
        };
        let mut actions = Vec::with_capacity(names.len());
        for name in &names {
            let action = Action::from_name(name).ok_or_else(|| {
                let known: Vec<&str> = Action::ALL.iter().map(|(_, n, _)| *n).collect();
                fail(
                    name,
                    format!(
                        "[keys] has an unknown action {name:?}; known actions: {}",
                        known.join(", ")
                    ),
                )
            })?;
            actions.push(action);
            map.bindings.retain(|_, a| *a != action);
        }
        let mut bound: HashMap<Key, &str> = HashMap::new();
        for (name, action) in names.iter().zip(actions) {
            for spec in &overrides[name.as_str()] {
                let key =
                    Key::parse(spec).map_err(|e| fail(name, format!("[keys] {name}: {e}")))?;
                if let Some(other) = bound.insert(key, name).filter(|o| o != name) {
                    return Err(fail(
                        name,
                        format!("[keys] binds {key} to both {other} and {name}; keep it for one"),
                    ));
                }
                if let Some(&owner) = defaults.bindings.get(&key)
                    && owner != action
                    && !overrides.contains_key(owner.name())
                {
                    let mut rest: Vec<String> = defaults
                        .keys_for(owner)
                        .into_iter()
                        .filter(|k| *k != key)
                        .map(|k| format!("{:?}", spec_of(k)))
                        .collect();
                    let owner = owner.name();
                    if rest.is_empty() {
                        rest.push("\"another key\"".to_string());
                    }
                    return Err(fail(
                        name,
                        format!(
                            "[keys] {name} takes {key}, which {owner} has by default; bind {owner} too, without it (e.g. {owner} = [{}]), or choose another key",
                            rest.join(", ")
                        ),
                    ));
                }
                map.bindings.insert(key, action);
            }
        }
        for must in [Action::Quit, Action::Help] {
            if !map.bindings.values().any(|a| *a == must) {
                return Err(fail(
                    must.name(),
                    format!(
                        "[keys] leaves no key for {}; give it at least one",
                        must.name()
                    ),
                ));
            }
        }
        Ok(map)
    }

    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        self.bindings.get(&Key::from_event(ev)).copied()
    }

    /// The keys of an action, in a stable order, for help and hints.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| *k)
            .collect();
        keys.sort_by_key(|k| {
            (
                k.mods.bits(),
                !matches!(k.code, KeyCode::Char(_)),
                k.to_string(),
            )
        });
        keys
    }

    /// The first key of an action as text (`?`), for the status-bar hints.
    pub fn hint(&self, action: Action) -> String {
        self.keys_for(action)
            .first()
            .map_or("unbound".into(), Key::to_string)
    }

    /// `(keys, description)` for every action, for the help overlay.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        Action::ALL
            .iter()
            .map(|(action, _, description)| {
                let keys: Vec<String> = self.keys_for(*action).iter().map(Key::to_string).collect();
                let keys = if keys.is_empty() {
                    "unbound".to_string()
                } else {
                    keys.join(" ")
                };
                (keys, *description)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults() {
        let map = Keymap::default();
        assert_eq!(
            map.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
    }

    #[test]
    fn overrides_replace_an_actions_keys() {
        let mut o = HashMap::new();
        o.insert(
            "lookup".to_string(),
            vec!["ctrl-o".to_string(), "f".to_string()],
        );
        let map = Keymap::with_overrides(&o).unwrap();
        assert_eq!(
            map.action(&ev(KeyCode::Char('o'), KeyModifiers::CONTROL)),
            Some(Action::Lookup)
        );
        // The action's default key is gone.
        assert_eq!(
            map.action(&ev(KeyCode::Char('i'), KeyModifiers::NONE)),
            None
        );
        assert!(
            map.help_rows()
                .iter()
                .any(|(k, d)| k == "f Ctrl-o" && d.contains("look up"))
        );
    }

    #[test]
    fn bad_overrides_are_errors() {
        let one = |k: &str, v: &str| HashMap::from([(k.to_string(), vec![v.to_string()])]);
        let err = |o: &HashMap<String, Vec<String>>| Keymap::with_overrides(o).unwrap_err();
        let e = err(&one("lookpu", "z"));
        assert!(e.message.contains("unknown action"), "{e}");
        assert_eq!(e.action.as_deref(), Some("lookpu"));
        assert!(err(&one("lookup", "ctrl-")).message.contains("not a key"));
        // (z is no action's default key.)
        let mut o = one("lookup", "z");
        o.insert("refetch".into(), vec!["z".into()]);
        assert!(err(&o).message.contains("both"));
        let mut o = HashMap::new();
        o.insert("quit".to_string(), vec![]);
        assert!(err(&o).message.contains("no key for quit"));
        let o = HashMap::from([("help".to_string(), vec![])]);
        assert!(err(&o).message.contains("no key for help"));
    }

    #[test]
    fn taking_a_default_key_of_another_action_is_reported() {
        let one = |k: &str, v: &str| HashMap::from([(k.to_string(), vec![v.to_string()])]);
        // `quit = ["j"]` would silently take j from down.
        let e = Keymap::with_overrides(&one("quit", "j")).unwrap_err();
        assert_eq!(e.action.as_deref(), Some("quit"));
        assert!(
            e.message.contains("down has by default") && e.message.contains("down = [\"Down\"]"),
            "{e}"
        );
        // Re-binding the loser without the key settles it.
        let mut o = one("quit", "j");
        o.insert("down".into(), vec!["Down".into()]);
        let map = Keymap::with_overrides(&o).unwrap();
        assert_eq!(
            map.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Quit)
        );
        // An action's own default key, and an unbound action, are fine.
        let mut o = one("lookup", "i");
        o.insert("open_site".into(), vec![]);
        let map = Keymap::with_overrides(&o).unwrap();
        assert!(map.keys_for(Action::OpenSite).is_empty());
    }
}
