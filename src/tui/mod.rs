//! The interactive browser: terminal setup and restore, and the event loop.
//!
//! One `tokio::select!` (biased toward finished work) waits on the worker's
//! results, terminal events and a one-second tick; everything already queued is
//! drained before a single redraw, so a burst of results or keys costs one frame.

pub mod app;
pub mod history;
pub mod keymap;
pub mod msg;
pub mod ui;
pub mod worker;

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream, KeyEventKind,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use futures::{FutureExt, Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use ratatui_image::picker::{Picker, ProtocolType};

use crate::config::PreviewMode;
use crate::source::Source;
use crate::thumbnail::{DEFAULT_MAX_DOWNLOAD, Downloader};
use crate::webflow::ObjectId;
use app::{App, SourceLabel};
use keymap::Keymap;
use msg::{Cmd, Msg};
use worker::{Previews, Worker};

/// Requests in flight at once; Webflow's budget is per minute, so more would
/// only queue at the server.
const CONCURRENCY: usize = 4;

pub struct Options {
    /// IDs from the command line: looked up at once.
    pub ids: Vec<ObjectId>,
    pub keymap: Keymap,
    pub mouse: bool,
    pub locale: Option<ObjectId>,
    pub history_path: Option<PathBuf>,
    pub preview: PreviewMode,
    /// List this site's assets at start (optionally one folder of it).
    pub site: Option<(ObjectId, Option<ObjectId>)>,
    /// Shown in the status bar at start (e.g. a config file others can read).
    pub startup_warning: Option<String>,
}

/// Runs the browser on the real terminal until the user quits. The terminal is
/// restored on every way out: return, error and panic.
pub async fn run(source: Source, options: Options) -> io::Result<()> {
    install_panic_hook();
    let mut guard = TerminalGuard::enter(options.mouse)?;
    // The terminal is asked about graphics once, in the alternate screen and
    // before anything else reads its input.
    let picker = make_picker(options.preview);
    let result = run_on(
        &mut guard.terminal,
        EventStream::new(),
        source,
        options,
        picker,
    )
    .await;
    drop(guard);
    result
}

/// The event loop, generic over the backend and the event stream so tests can
/// drive it without a terminal.
pub async fn run_on<B, S>(
    terminal: &mut Terminal<B>,
    mut events: S,
    source: Source,
    options: Options,
    picker: Option<Picker>,
) -> io::Result<()>
where
    B: Backend,
    B::Error: Into<io::Error>,
    S: Stream<Item = io::Result<Event>> + Unpin,
{
    let (history, damaged) = match &options.history_path {
        Some(path) => match history::load(path) {
            Ok((ids, bad)) => (
                ids,
                (bad > 0).then(|| format!("{bad} damaged lines skipped in {}", path.display())),
            ),
            Err(e) => (
                Vec::new(),
                Some(format!("could not read history {}: {e}", path.display())),
            ),
        },
        None => (Vec::new(), None),
    };
    let label = SourceLabel {
        demo: source.is_demo(),
        offline: source.lookup.mode == crate::lookup::CacheMode::Offline,
        host: source.client.host().to_string(),
    };
    let mut app = App::new(label, options.keymap, history, chrono::Utc::now());
    app.locale = options.locale;
    app.mouse = options.mouse;
    app.no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    app.last_error = options.startup_warning.or(damaged);
    if let Some(picker) = &picker {
        app.preview.available = true;
        app.preview.protocol = format!("{:?}", picker.protocol_type()).to_lowercase();
    }
    let size = terminal.size().map_err(Into::into)?;
    app.update(Msg::Resize(size.width, size.height));

    let (mut worker, mut results) = Worker::new(
        source.lookup.clone(),
        CONCURRENCY,
        options.history_path,
        picker.map(|picker| {
            // Demo file URLs change with every run: caching them would only fill the disk.
            let files = (!source.is_demo())
                .then(|| crate::config::cache_dir().map(|d| d.join("files")))
                .flatten();
            Previews::new(
                picker,
                Downloader::new(Duration::from_secs(15), DEFAULT_MAX_DOWNLOAD, files),
            )
        }),
    );
    let mut stdout = io::stdout();
    let opening = if let Some((site, folder)) = options.site {
        let mut cmds = app.open_with(options.ids, true);
        cmds.extend(app.open_site_folder(site, folder));
        cmds
    } else if !options.ids.is_empty() {
        app.open_with(options.ids, true)
    } else {
        // Demo mode always shows the whole catalogue (history follows it).
        let ids = source
            .catalogue()
            .map(|c| {
                c.ids()
                    .filter_map(|id| ObjectId::parse("asset", id).ok())
                    .collect()
            })
            .unwrap_or_default();
        app.open_with(ids, false)
    };
    run_cmds(&mut worker, opening, &mut stdout);

    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        terminal
            .draw(|frame| ui::render(&app, frame))
            .map_err(Into::into)?;
        if app.quit {
            return Ok(());
        }
        let mut queue = Vec::new();
        tokio::select! {
            biased;
            Some(event) = results.recv() => queue.extend(from_worker(&mut worker, event)),
            event = events.next() => match event {
                Some(event) => queue.extend(from_terminal(event?)),
                None => return Ok(()),
            },
            _ = tick.tick() => {
                queue.push(Msg::Tick(chrono::Utc::now()));
                queue.push(Msg::Rate(source.client.rate_status()));
            }
        }
        // Drain whatever else is ready, then draw once.
        while let Ok(event) = results.try_recv() {
            queue.extend(from_worker(&mut worker, event));
        }
        while let Some(Some(event)) = events.next().now_or_never() {
            queue.extend(from_terminal(event?));
        }
        for msg in queue {
            let cmds = app.update(msg);
            run_cmds(&mut worker, cmds, &mut stdout);
        }
    }
}

/// The picker for `mode`: `auto` queries the terminal and falls back to half
/// blocks when it does not answer; a forced protocol still queries for the
/// cell size in pixels.
fn make_picker(mode: PreviewMode) -> Option<Picker> {
    let forced = match mode {
        PreviewMode::Off => return None,
        PreviewMode::Halfblocks => return Some(Picker::halfblocks()),
        PreviewMode::Auto => None,
        PreviewMode::Kitty => Some(ProtocolType::Kitty),
        PreviewMode::Sixel => Some(ProtocolType::Sixel),
        PreviewMode::Iterm2 => Some(ProtocolType::Iterm2),
    };
    let mut picker = Picker::from_query_stdio().unwrap_or_else(|_| Picker::halfblocks());
    if let Some(protocol) = forced {
        picker.set_protocol_type(protocol);
    }
    Some(picker)
}

fn run_cmds(worker: &mut Worker, cmds: Vec<Cmd>, terminal: &mut impl Write) {
    for cmd in cmds {
        worker.run(cmd, terminal);
    }
}

fn from_worker(worker: &mut Worker, event: worker::Event) -> Vec<Msg> {
    match event {
        worker::Event::Cached { key, hit } => worker.cached(key, *hit),
        worker::Event::Done { key, result } => worker.finish(key, result),
        worker::Event::Msg(msg) => vec![msg],
    }
}

fn from_terminal(event: Event) -> Option<Msg> {
    match event {
        // Windows reports releases too; act on presses (and repeats) only.
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Owns the terminal while the browser runs; dropping it restores the terminal.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter(mouse: bool) -> io::Result<Self> {
        crossterm::terminal::enable_raw_mode()?;
        let mut stdout = io::stdout();
        let entered = crossterm::execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)
            .and_then(|()| {
                if mouse {
                    crossterm::execute!(stdout, EnableMouseCapture)
                } else {
                    Ok(())
                }
            })
            .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match entered {
            Ok(terminal) => Ok(Self { terminal }),
            Err(e) => {
                restore_terminal();
                Err(e)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Leaves raw mode and the alternate screen; safe to call more than once.
pub fn restore_terminal() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = crossterm::execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal before the panic message is printed, so the message
/// is readable and the shell is usable afterwards.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
    }));
}
