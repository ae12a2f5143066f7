//! Which graphics protocol the preview draws with, decided without ever
//! blocking the browser.
//!
//! The environment usually says enough (`KITTY_WINDOW_ID`, `TERM_PROGRAM`, …)
//! and the kernel knows the cell size in pixels. Only when it does not is the
//! terminal asked — after the first frame, with the answers read by the input
//! thread (`tui::input`) like keys, so nothing waits and no key is lost. A
//! terminal that never answers gets half blocks.

use ratatui_image::FontSize;
use ratatui_image::picker::cap_parser::{Parser as ReplyParser, QueryStdioOptions, Response};
use ratatui_image::picker::{Picker, ProtocolType};

use crate::config::PreviewMode;

/// How long a query may go unanswered before the preview falls back to half
/// blocks. Keys are answered meanwhile; only the preview waits.
pub const QUERY_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(1500);

/// Cell size assumed when neither the kernel nor the terminal reports one
/// (what ratatui-image assumes too).
const DEFAULT_CELL: (u16, u16) = (10, 20);

/// What is known about the terminal before asking it anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hints {
    /// The protocol the environment names, if any.
    pub protocol: Option<ProtocolType>,
    /// Cell size in pixels, from the kernel's window size.
    pub cell: Option<(u16, u16)>,
    /// Inside tmux: queries and images go through its passthrough.
    pub tmux: bool,
    /// Terminals whose kitty and sixel support is known to be broken: never
    /// chosen from a query's answer.
    pub broken_kitty_sixel: bool,
}

impl Hints {
    /// Reads the process environment and the kernel's window size: no I/O on
    /// the terminal itself, so it is safe before the first frame.
    pub fn detect() -> Self {
        let cell = crossterm::terminal::window_size().ok().and_then(|w| {
            (w.columns > 0 && w.rows > 0 && w.width > 0 && w.height > 0)
                .then(|| (w.width / w.columns, w.height / w.rows))
                .filter(|(x, y)| *x > 0 && *y > 0)
        });
        Self::from_env(
            |name| std::env::var(name).ok().filter(|v| !v.is_empty()),
            cell,
        )
    }

    /// The hints in an environment given by `var` (tests pass their own).
    pub fn from_env(var: impl Fn(&str) -> Option<String>, cell: Option<(u16, u16)>) -> Self {
        let term = var("TERM").unwrap_or_default();
        let program = var("TERM_PROGRAM").unwrap_or_default();
        // Queries are wrapped for tmux's passthrough by the same test
        // ratatui-image uses when it wraps images, so both always agree…
        let tmux = term.starts_with("tmux") || program == "tmux";
        // …while any sign of tmux is reason enough to distrust inherited hints.
        let maybe_tmux = tmux || var("TMUX").is_some();
        let wezterm = var("WEZTERM_EXECUTABLE").is_some() || program.contains("WezTerm");
        let konsole = var("KONSOLE_VERSION").is_some();
        let iterm = program.contains("iTerm")
            || var("LC_TERMINAL").is_some_and(|t| t.contains("iTerm"))
            || var("ITERM_SESSION_ID").is_some();
        // Inside tmux, TERM is tmux's own and variables like KITTY_WINDOW_ID may
        // be left over from the terminal tmux was first started in: only the
        // outer-terminal hints ratatui-image trusts there are used.
        let protocol = if wezterm || iterm {
            Some(ProtocolType::Iterm2)
        } else if maybe_tmux {
            None
        } else if var("KITTY_WINDOW_ID").is_some()
            || term == "xterm-kitty"
            || term == "xterm-ghostty"
            || program == "ghostty"
        {
            Some(ProtocolType::Kitty)
        } else if term.starts_with("foot") || term.starts_with("mlterm") {
            Some(ProtocolType::Sixel)
        } else if ["vscode", "Tabby", "Hyper", "rio", "WarpTerminal", "mintty"]
            .iter()
            .any(|p| program.contains(p))
        {
            Some(ProtocolType::Iterm2)
        } else {
            None
        };
        Self {
            protocol,
            cell,
            tmux,
            broken_kitty_sixel: wezterm || konsole,
        }
    }
}

/// What to do about graphics for a preview mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Known without asking.
    Ready(ProtocolType, (u16, u16)),
    /// Ask the terminal (for its protocol, its cell size, or both).
    Ask,
}

/// Decides from the mode and the hints; `None` when the preview is off.
pub fn plan(mode: PreviewMode, hints: &Hints) -> Option<Plan> {
    let forced = match mode {
        PreviewMode::Off => return None,
        PreviewMode::Halfblocks => {
            return Some(Plan::Ready(ProtocolType::Halfblocks, DEFAULT_CELL));
        }
        PreviewMode::Auto => hints.protocol,
        PreviewMode::Kitty => Some(ProtocolType::Kitty),
        PreviewMode::Sixel => Some(ProtocolType::Sixel),
        PreviewMode::Iterm2 => Some(ProtocolType::Iterm2),
    };
    Some(match (forced, hints.cell) {
        (Some(protocol), Some(cell)) => Plan::Ready(protocol, cell),
        _ => Plan::Ask,
    })
}

/// The query to write to the terminal; its last part (a status report every
/// terminal answers) closes the answers.
pub fn query(hints: &Hints) -> String {
    let mut options = QueryStdioOptions::default();
    if hints.broken_kitty_sixel {
        options.blacklist_protocols = vec![ProtocolType::Kitty, ProtocolType::Sixel];
    }
    ReplyParser::query(hints.tmux, options)
}

/// The protocol and cell size once the terminal has answered (`replies`) or
/// not (`None`, after `QUERY_TIMEOUT`).
pub fn settle(
    mode: PreviewMode,
    hints: &Hints,
    replies: Option<&[Response]>,
) -> (ProtocolType, (u16, u16)) {
    let replies = replies.unwrap_or_default();
    let answered_cell = replies.iter().find_map(|r| match r {
        // ratatui-image's parser reports (width, height).
        Response::CellSize(Some(cell)) => Some(*cell),
        _ => None,
    });
    let cell = hints.cell.or(answered_cell);
    let answered = if replies.contains(&Response::Kitty) && !hints.broken_kitty_sixel {
        Some(ProtocolType::Kitty)
    } else if replies.contains(&Response::Sixel) && !hints.broken_kitty_sixel {
        Some(ProtocolType::Sixel)
    } else {
        None
    };
    let protocol = match mode {
        PreviewMode::Kitty => ProtocolType::Kitty,
        PreviewMode::Sixel => ProtocolType::Sixel,
        PreviewMode::Iterm2 => ProtocolType::Iterm2,
        _ => answered
            .or(hints.protocol)
            .unwrap_or(ProtocolType::Halfblocks),
    };
    match cell {
        Some(cell) => (protocol, cell),
        // Real pixels cannot be laid out without the cell size; an explicitly
        // chosen protocol still gets a guess rather than nothing.
        None if mode == PreviewMode::Auto => (ProtocolType::Halfblocks, DEFAULT_CELL),
        None => (protocol, DEFAULT_CELL),
    }
}

/// Builds the picker. Blocking (inside tmux ratatui-image runs `tmux set -p
/// allow-passthrough on` and waits for it): call it off the event loop.
pub fn picker(protocol: ProtocolType, cell: (u16, u16)) -> Picker {
    // `from_fontsize` is deprecated in favour of constructors that either fix
    // the cell at 10×20 or read standard input themselves (blocking, and
    // racing the browser's own input for keys); wfa has already asked the
    // terminal through its input thread, so it only needs this one.
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(FontSize::new(cell.0, cell.1));
    picker.set_protocol_type(protocol);
    picker
}

/// The protocol's name as shown in the preview's title and the help.
pub fn name(protocol: ProtocolType) -> &'static str {
    match protocol {
        ProtocolType::Halfblocks => "halfblocks",
        ProtocolType::Sixel => "sixel",
        ProtocolType::Kitty => "kitty",
        ProtocolType::Iterm2 => "iterm2",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(vars: &[(&str, &str)], cell: Option<(u16, u16)>) -> Hints {
        Hints::from_env(
            |name| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            },
            cell,
        )
    }

    #[test]
    fn environment_names_the_protocol() {
        let cell = Some((9, 18));
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<ProtocolType>);
        let cases: &[Case] = &[
            (&[("KITTY_WINDOW_ID", "1")], Some(ProtocolType::Kitty)),
            (&[("TERM", "xterm-kitty")], Some(ProtocolType::Kitty)),
            (&[("TERM_PROGRAM", "ghostty")], Some(ProtocolType::Kitty)),
            (&[("TERM_PROGRAM", "WezTerm")], Some(ProtocolType::Iterm2)),
            (&[("WEZTERM_EXECUTABLE", "/x")], Some(ProtocolType::Iterm2)),
            (&[("TERM_PROGRAM", "iTerm.app")], Some(ProtocolType::Iterm2)),
            (&[("TERM", "foot")], Some(ProtocolType::Sixel)),
            (&[("TERM", "xterm-256color")], None),
            // Stale kitty variables inside tmux are not trusted.
            (&[("TMUX", "/tmp/t,1,0"), ("KITTY_WINDOW_ID", "1")], None),
        ];
        for (vars, want) in cases {
            assert_eq!(hints(vars, cell).protocol, *want, "{vars:?}");
        }
        // Wrapped for passthrough exactly when ratatui-image wraps images.
        assert!(!hints(&[("TMUX", "x")], cell).tmux);
        assert!(hints(&[("TERM_PROGRAM", "tmux")], cell).tmux);
        assert!(hints(&[("TERM", "tmux-256color")], cell).tmux);
    }

    #[test]
    fn plan_asks_only_when_something_is_unknown() {
        let kitty = hints(&[("TERM", "xterm-kitty")], Some((9, 18)));
        assert_eq!(
            plan(PreviewMode::Auto, &kitty),
            Some(Plan::Ready(ProtocolType::Kitty, (9, 18)))
        );
        let plain = hints(&[("TERM", "xterm-256color")], Some((9, 18)));
        assert_eq!(plan(PreviewMode::Auto, &plain), Some(Plan::Ask));
        assert_eq!(
            plan(PreviewMode::Halfblocks, &plain),
            Some(Plan::Ready(ProtocolType::Halfblocks, DEFAULT_CELL))
        );
        assert_eq!(
            plan(PreviewMode::Sixel, &plain),
            Some(Plan::Ready(ProtocolType::Sixel, (9, 18)))
        );
        let no_cell = hints(&[("TERM", "xterm-kitty")], None);
        assert_eq!(plan(PreviewMode::Kitty, &no_cell), Some(Plan::Ask));
        assert_eq!(plan(PreviewMode::Off, &plain), None);
    }

    #[test]
    fn answers_settle_protocol_and_cell() {
        let plain = hints(&[], None);
        let kitty = [Response::Kitty, Response::CellSize(Some((8, 16)))];
        assert_eq!(
            settle(PreviewMode::Auto, &plain, Some(&kitty)),
            (ProtocolType::Kitty, (8, 16))
        );
        let sixel = [Response::Sixel, Response::CellSize(Some((8, 16)))];
        assert_eq!(
            settle(PreviewMode::Auto, &plain, Some(&sixel)),
            (ProtocolType::Sixel, (8, 16))
        );
        // No answer at all: half blocks.
        assert_eq!(
            settle(PreviewMode::Auto, &plain, None),
            (ProtocolType::Halfblocks, DEFAULT_CELL)
        );
        // Graphics but no cell size anywhere: pixels cannot be laid out.
        assert_eq!(
            settle(PreviewMode::Auto, &plain, Some(&[Response::Kitty])),
            (ProtocolType::Halfblocks, DEFAULT_CELL)
        );
        // WezTerm's kitty answer is not trusted; its iTerm2 support is.
        let wez = hints(&[("TERM_PROGRAM", "WezTerm")], Some((8, 16)));
        assert_eq!(
            settle(PreviewMode::Auto, &wez, Some(&kitty)),
            (ProtocolType::Iterm2, (8, 16))
        );
        // A forced protocol stays forced; the answer supplies the cell.
        assert_eq!(
            settle(PreviewMode::Sixel, &plain, Some(&kitty)),
            (ProtocolType::Sixel, (8, 16))
        );
    }

    #[test]
    fn the_query_ends_with_a_status_report_and_respects_tmux() {
        let q = query(&hints(&[], None));
        assert!(q.ends_with("\x1b[5n"), "{q:?}");
        let t = query(&hints(&[("TERM_PROGRAM", "tmux")], None));
        assert!(t.starts_with("\x1bPtmux;"), "{t:?}");
    }
}
