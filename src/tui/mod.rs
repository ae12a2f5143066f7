//! The interactive browser: terminal setup and restore, and the event loop.
//!
//! One `tokio::select!` (biased toward finished work) waits on the worker's
//! results, the input thread's events, window resizes and a one-second tick;
//! everything already queued is drained before a single redraw, so a burst of
//! results or keys costs one frame. Every source is a channel or a signal that
//! wakes the loop itself: a key is drawn as soon as it is read.
//!
//! The first frame is drawn before anything it does not need: history, the
//! unsaved alt-text drafts, the first lookups and site paging, and finding
//! out the terminal's graphics all start after it.
//!
//! `E` hands the terminal to the user's editor ([`external`]): the loop runs
//! it itself (it needs the terminal), with the input thread paused so that
//! no key meant for the editor is read here, and redraws everything after.
//!
//! Signals from outside (SIGTERM, SIGHUP, SIGINT, SIGQUIT: `kill`, a closed
//! SSH session or tmux pane, `timeout`) end the loop like `q` does, so the
//! terminal is restored on the way out; the process then exits 128 + the
//! signal's number. Ctrl-Z hands the terminal back to the shell and stops the
//! process; when it is continued (`fg`) the terminal is taken again and the
//! whole screen redrawn.

pub mod app;
pub mod external;
pub mod graphics;
pub mod history;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod notice;
pub mod preview_choice;
pub mod preview_content;
pub mod ui;
pub mod worker;
pub mod writer;
pub mod writes;

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    KeyCode, KeyEventKind, KeyModifiers,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use tokio::sync::mpsc;

use crate::config::{ChoiceSource, PreviewChoice, PreviewMode};
use crate::source::{SourceError, SourcePlan};
use crate::thumbnail::{DEFAULT_MAX_DOWNLOAD, Downloader};
use crate::webflow::{AssetId, FolderId, LocaleId, SiteId};
use app::{App, AppOptions, PreviewStart, SourceLabel};
use input::{Awaiting, Input, Pause};
use keymap::Keymap;
use msg::{Cmd, Msg};
use notice::Problem;
use worker::{Previews, Worker};
use writer::WriteSetup;

/// Requests in flight at once; Webflow's budget is per minute, so more would
/// only queue at the server.
const CONCURRENCY: usize = 4;

pub struct Options {
    /// IDs from the command line: looked up at once.
    pub ids: Vec<AssetId>,
    pub keymap: Keymap,
    pub mouse: bool,
    pub locale: Option<LocaleId>,
    pub history_path: Option<PathBuf>,
    /// The audit settings (`[audit]` and the project file) the rows and the
    /// Alt text pane are judged by, as `wfa audit` judges them.
    pub audit: crate::audit::AuditConfig,
    /// Where drafts (`drafts.json`) and the write journal (`journal/`) are
    /// kept; `None` keeps neither (no home directory, or a test).
    pub state_dir: Option<PathBuf>,
    pub preview: PreviewChoice,
    /// List this site's assets at start (optionally one folder of it).
    pub site: Option<(SiteId, Option<FolderId>)>,
    /// Shown in the status bar at start (e.g. a config file others can read).
    pub startup_warning: Option<String>,
}

/// Why the browser stopped early.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Terminal(#[from] io::Error),
    /// The client or the demo server could not start (after the first frame).
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A signal from outside stopped it (by its number: SIGTERM, SIGHUP,
    /// SIGINT or SIGQUIT); the terminal is restored by the time `run` returns.
    /// Exit with [`RunError::signal_exit_code`], 128 + the number, as a shell would.
    #[error("stopped by {}", signal_name(*.0))]
    Signal(i32),
}

impl RunError {
    /// 128 + the signal's number for [`RunError::Signal`] (143 for SIGTERM,
    /// 129 SIGHUP, 130 SIGINT, 131 SIGQUIT); `None` for the others.
    pub fn signal_exit_code(&self) -> Option<u8> {
        match self {
            Self::Signal(n) => u8::try_from(128 + n).ok(),
            _ => None,
        }
    }
}

/// The signals that stop the browser, by their POSIX numbers.
const SIGHUP: i32 = 1;
const SIGINT: i32 = 2;
const SIGQUIT: i32 = 3;
const SIGTERM: i32 = 15;

/// The name of a signal that stops the browser (`SIGTERM`), else its number.
pub fn signal_name(n: i32) -> String {
    match n {
        SIGHUP => "SIGHUP".to_string(),
        SIGINT => "SIGINT".to_string(),
        SIGQUIT => "SIGQUIT".to_string(),
        SIGTERM => "SIGTERM".to_string(),
        n => format!("signal {n}"),
    }
}

/// Runs the browser on the real terminal until the user quits. The terminal is
/// restored on every way out: return, error and panic.
pub async fn run(source: SourcePlan, options: Options) -> Result<(), RunError> {
    install_panic_hook();
    // Listened to before the terminal is taken, so no signal finds it taken
    // and unguarded.
    let signals = stop_signals()?;
    let mut guard = TerminalGuard::enter(options.mouse)?;
    let awaiting = Awaiting::default();
    let pause = Pause::default();
    let inputs = input::spawn(awaiting.clone(), pause.clone())?;
    let resizes = resize_events()?;
    let events = Events {
        inputs,
        resizes,
        signals,
    };
    let result = run_loop(
        &mut guard.terminal,
        events,
        Some(Hooks { suspend, pause }),
        awaiting,
        source,
        options,
    )
    .await;
    // Restores the terminal. A history save still being written (the worker
    // writes on a blocking thread) is finished before the process exits: the
    // runtime waits for blocking tasks when it is dropped, after this returns.
    drop(guard);
    result
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT, by number. Each ends the loop, so the
/// terminal is restored instead of being left raw on the alternate screen.
fn stop_signals() -> io::Result<mpsc::UnboundedReceiver<i32>> {
    let (tx, rx) = mpsc::unbounded_channel();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        for kind in [
            SignalKind::terminate(),
            SignalKind::hangup(),
            SignalKind::interrupt(),
            SignalKind::quit(),
        ] {
            let mut stream = signal(kind)?;
            let tx = tx.clone();
            tokio::spawn(async move {
                while stream.recv().await.is_some() {
                    if tx.send(kind.as_raw_value()).is_err() {
                        return;
                    }
                }
            });
        }
    }
    drop(tx);
    Ok(rx)
}

/// Ctrl-Z: hands the terminal back, stops the process the way the shell's
/// job control expects (SIGTSTP, default action), and takes the terminal
/// again once continued. `mouse` is whether mouse capture is on now.
fn suspend(mouse: bool) -> io::Result<()> {
    restore_terminal();
    // Returns once the process is continued (`fg`). In a process group no
    // shell controls (orphaned), the kernel drops SIGTSTP and it returns at
    // once: the browser simply carries on.
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    take_terminal(mouse)
}

/// What the loop does to the real terminal (none in tests): stop the process
/// on Ctrl-Z (given the mouse capture state; returns once continued), and
/// pause the input thread while another program has the terminal.
struct Hooks {
    suspend: fn(bool) -> io::Result<()>,
    pause: Pause,
}

/// Runs the editor on the `E` table with the terminal handed over.
fn edit_table(text: &str, hooks: Option<&Hooks>, mouse: bool) -> Msg {
    let edited = match hooks {
        Some(hooks) => external::edit(text, &hooks.pause, restore_terminal, || {
            take_terminal(mouse)
        }),
        None => Err(io::Error::other("no terminal to run the editor in")),
    };
    Msg::TableEdited(edited.map_err(std::sync::Arc::new))
}

/// Whether `input` is Ctrl-Z, which the loop handles itself (not the app).
fn is_suspend(input: &Input) -> bool {
    matches!(
        input,
        Input::Event(Event::Key(key))
            if key.kind != KeyEventKind::Release
                && key.modifiers == KeyModifiers::CONTROL
                && matches!(key.code, KeyCode::Char('z' | 'Z'))
    )
}

/// Everything the loop waits on besides the worker and the clock.
struct Events {
    inputs: mpsc::UnboundedReceiver<Input>,
    resizes: mpsc::UnboundedReceiver<(u16, u16)>,
    /// Signals that stop the browser, by number.
    signals: mpsc::UnboundedReceiver<i32>,
}

/// Window size changes, read from SIGWINCH (the input thread sees only bytes).
fn resize_events() -> io::Result<mpsc::UnboundedReceiver<(u16, u16)>> {
    let (tx, rx) = mpsc::unbounded_channel();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut winch = signal(SignalKind::window_change())?;
        tokio::spawn(async move {
            while winch.recv().await.is_some() {
                if let Ok(size) = crossterm::terminal::size()
                    && tx.send(size).is_err()
                {
                    return;
                }
            }
        });
    }
    #[cfg(not(unix))]
    drop(tx);
    Ok(rx)
}

/// Whether the preview pane shows at start, and whether it may still open by
/// itself: a mode chosen on the command line shows it; otherwise the user's
/// last `p` decides; otherwise a mode chosen in config.toml shows it; with
/// nothing chosen it opens once the terminal turns out to draw real pixels.
fn preview_at_start(choice: PreviewChoice, remembered: Option<bool>) -> (bool, bool) {
    if choice.mode == PreviewMode::Off {
        return (false, false);
    }
    match (choice.source, remembered) {
        (ChoiceSource::CommandLine, _) => (true, false),
        (_, Some(shown)) => (shown, false),
        (ChoiceSource::ConfigFile, None) => (true, false),
        (ChoiceSource::Default, None) => (false, true),
    }
}

/// The event loop, generic over the backend so tests can drive it without a
/// terminal; `inputs` and `resizes` stand for the terminal's input. Without a
/// terminal there are no signals to stop it, and Ctrl-Z goes to the app.
pub async fn run_on<B>(
    terminal: &mut Terminal<B>,
    inputs: mpsc::UnboundedReceiver<Input>,
    resizes: mpsc::UnboundedReceiver<(u16, u16)>,
    awaiting: Awaiting,
    plan: SourcePlan,
    options: Options,
) -> Result<(), RunError>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let (_, signals) = mpsc::unbounded_channel();
    let events = Events {
        inputs,
        resizes,
        signals,
    };
    run_loop(terminal, events, None, awaiting, plan, options).await
}

/// The event loop. Without `hooks` (no real terminal) Ctrl-Z is an ordinary
/// key and `E` cannot run an editor.
async fn run_loop<B>(
    terminal: &mut Terminal<B>,
    events: Events,
    hooks: Option<Hooks>,
    awaiting: Awaiting,
    plan: SourcePlan,
    options: Options,
) -> Result<(), RunError>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let Events {
        mut inputs,
        mut resizes,
        mut signals,
    } = events;
    let label = SourceLabel {
        demo: plan.is_demo(),
        offline: plan.cache_mode() == crate::source::lookup::CacheMode::Offline,
        host: plan.host().to_string(),
    };
    let shown_path = preview_choice::default_path();
    let remembered = shown_path.as_deref().and_then(preview_choice::load);
    let (visible, auto_show) = preview_at_start(options.preview, remembered);
    let mut app =
        App::new(label, options.keymap, Vec::new(), chrono::Utc::now()).with_options(AppOptions {
            locale: options.locale,
            mouse: options.mouse,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            utc_offset: None,
            startup_warning: options.startup_warning,
            preview: PreviewStart {
                available: options.preview.mode != PreviewMode::Off,
                visible,
                auto_show,
            },
            audit: options.audit.clone(),
        });
    let size = terminal.size().map_err(io::Error::other)?;
    // The first frame: drawn before anything it does not need is started.
    let mut pending = app.update(Msg::Resize(size.width, size.height));
    terminal
        .draw(|frame| ui::render(&app, frame))
        .map_err(io::Error::other)?;

    // Starting the HTTP client loads the system's root certificates, and the
    // demo starts its server: both after the first frame.
    let source = plan.connect().await?;
    let (history, damaged) = load_history(options.history_path.as_deref());
    app.merge_history(history, damaged);
    let previews = app.preview().available().then(|| {
        Previews::new(
            options.preview.mode,
            graphics::Hints::detect(),
            awaiting,
            // The file store and cache mode come with the source (none in demo mode).
            Downloader::new(
                Duration::from_secs(15),
                DEFAULT_MAX_DOWNLOAD,
                source.files.clone(),
            ),
            shown_path,
        )
    });
    let state_dir = options.state_dir.clone();
    let drafts_path = state_dir.as_ref().map(|d| d.join("drafts.json"));
    let (drafts, drafts_problem) = load_drafts(drafts_path.as_deref());
    app.offer_drafts(drafts, drafts_problem);
    let (mut worker, mut results) = Worker::new(
        source.lookup.clone(),
        CONCURRENCY,
        options.history_path,
        previews,
    );
    worker.set_writes(WriteSetup {
        journal_dir: state_dir.as_ref().map(|d| d.join("journal")),
        host: (!app.source().demo).then(|| app.source().host.clone()),
        drafts_path,
        audit: options.audit.clone(),
    });
    let mut stdout = io::stdout();
    if let Some((site, folder)) = options.site {
        pending.extend(app.open_with(options.ids, true));
        pending.extend(app.open_site_folder(site, folder));
    } else if !options.ids.is_empty() {
        pending.extend(app.open_with(options.ids, true));
    } else {
        // Demo mode always shows the whole catalogue (history follows it).
        let ids = source
            .catalogue()
            .map(|c| c.ids().filter_map(|id| AssetId::parse(id).ok()).collect())
            .unwrap_or_default();
        pending.extend(app.open_with(ids, false));
    }
    run_cmds(&mut worker, pending, &mut stdout);

    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        terminal
            .draw(|frame| ui::render(&app, frame))
            .map_err(io::Error::other)?;
        if app.should_quit() {
            return Ok(());
        }
        let mut queue = Vec::new();
        // Ctrl-Z was read: keys after it wait in the channel until after.
        let mut suspending = false;
        tokio::select! {
            biased;
            // As with `q`, lookups in flight are dropped. History is saved
            // when a lookup is opened, on a blocking thread: one already
            // started is finished before the process exits (see `run`).
            Some(signal) = signals.recv() => return Err(RunError::Signal(signal)),
            Some(event) = results.recv() => {
                queue.extend(worker.handle(event, &mut stdout));
            }
            input = inputs.recv() => match input {
                Some(input) if hooks.is_some() && is_suspend(&input) => suspending = true,
                Some(input) => queue.extend(from_input(&mut worker, input)?),
                None => return Ok(()),
            },
            Some((w, h)) = resizes.recv() => queue.push(Msg::Resize(w, h)),
            _ = tick.tick() => {
                queue.push(Msg::Tick(chrono::Utc::now()));
                queue.push(Msg::Rate(source.client.rate_status()));
            }
        }
        // Drain whatever else is ready, then draw once.
        while let Ok(event) = results.try_recv() {
            queue.extend(worker.handle(event, &mut stdout));
        }
        while !suspending && let Ok(input) = inputs.try_recv() {
            if hooks.is_some() && is_suspend(&input) {
                suspending = true;
            } else {
                queue.extend(from_input(&mut worker, input)?);
            }
        }
        while let Ok((w, h)) = resizes.try_recv() {
            queue.push(Msg::Resize(w, h));
        }
        let mut table = None;
        for msg in queue {
            let cmds = app.update(msg);
            table = run_cmds(&mut worker, cmds, &mut stdout).or(table);
        }
        if let Some(text) = table {
            let edited = edit_table(&text, hooks.as_ref(), app.mouse());
            if hooks.is_some() {
                redraw_all(terminal, &mut app, &mut worker, &mut stdout)?;
            }
            let cmds = app.update(edited);
            run_cmds(&mut worker, cmds, &mut stdout);
        }
        if let Some(hooks) = hooks.as_ref().filter(|_| suspending) {
            (hooks.suspend)(app.mouse())?;
            redraw_all(terminal, &mut app, &mut worker, &mut stdout)?;
        }
    }
}

/// The screen was another program's meanwhile (the shell's, the editor's):
/// draws all of it again, at the window's size now (it may have changed).
fn redraw_all<B>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    worker: &mut Worker,
    stdout: &mut impl Write,
) -> Result<(), RunError>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    // (Not `Terminal::clear`: it asks the terminal where the cursor is, and
    // the answer would go to the input thread.)
    terminal
        .backend_mut()
        .clear_region(ClearType::All)
        .map_err(io::Error::other)?;
    // Both buffers blank: the next frame is drawn in full.
    terminal.swap_buffers();
    let size = terminal.size().map_err(io::Error::other)?;
    let cmds = app.update(Msg::Resize(size.width, size.height));
    run_cmds(worker, cmds, stdout);
    Ok(())
}

/// The lookup history and, when lines were skipped or the file could not be
/// read, the problem to report.
fn load_history(path: Option<&std::path::Path>) -> (Vec<AssetId>, Option<Problem>) {
    let Some(path) = path else {
        return (Vec::new(), None);
    };
    match history::load(path) {
        Ok((ids, skipped)) => (
            ids,
            (skipped > 0).then(|| Problem::HistoryDamaged {
                path: path.to_path_buf(),
                skipped,
            }),
        ),
        Err(error) => (
            Vec::new(),
            Some(Problem::HistoryUnreadable {
                path: path.to_path_buf(),
                error: error.into(),
            }),
        ),
    }
}

/// Hands the commands to the worker, except the `$EDITOR` table, which needs
/// the terminal: its text is returned for the loop to run.
fn run_cmds(worker: &mut Worker, cmds: Vec<Cmd>, terminal: &mut impl Write) -> Option<String> {
    let mut table = None;
    for cmd in cmds {
        match cmd {
            Cmd::EditTable { text } => table = Some(text),
            cmd => worker.run(cmd, terminal),
        }
    }
    table
}

/// The unsaved drafts of earlier runs and, when the file could not be read,
/// the problem to report.
fn load_drafts(
    path: Option<&std::path::Path>,
) -> (Vec<crate::store::drafts::Draft>, Option<Problem>) {
    let Some(path) = path else {
        return (Vec::new(), None);
    };
    match crate::store::drafts::load(path) {
        Ok(drafts) => (drafts, None),
        Err(error) => (
            Vec::new(),
            Some(Problem::DraftsUnreadable {
                path: path.to_path_buf(),
                error: error.into(),
            }),
        ),
    }
}

/// A message for what the input thread read; its failure ends the browser.
fn from_input(worker: &mut Worker, input: Input) -> io::Result<Option<Msg>> {
    match input {
        Input::Event(event) => Ok(from_terminal(event)),
        Input::Replies(replies) => {
            worker.graphics_answered(Some(&replies));
            Ok(None)
        }
        Input::Failed(e) => Err(e),
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
        let entered =
            take_terminal(mouse).and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
        match entered {
            Ok(terminal) => Ok(Self { terminal }),
            Err(e) => {
                restore_terminal();
                Err(e)
            }
        }
    }
}

/// Raw mode, the alternate screen, bracketed paste and (if `mouse`) mouse
/// capture: undone by [`restore_terminal`].
fn take_terminal(mouse: bool) -> io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    crossterm::execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        crossterm::execute!(stdout, EnableMouseCapture)?;
    }
    Ok(())
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
/// is readable and the shell is usable afterwards. A panic on the SVG
/// renderer's thread is caught there and becomes a preview error: the browser
/// keeps running, so the terminal is left as it is and the panic only logged.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(crate::thumbnail::SVG_THREAD) {
            tracing::warn!("the SVG renderer panicked (shown as a preview error): {info}");
            return;
        }
        restore_terminal();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_decides_whether_the_preview_shows_at_start() {
        let choice = |mode, source| PreviewChoice { mode, source };
        let cli = choice(PreviewMode::Halfblocks, ChoiceSource::CommandLine);
        let file = choice(PreviewMode::Kitty, ChoiceSource::ConfigFile);
        let auto = PreviewChoice::default();
        // The command line wins over a remembered `p`.
        assert_eq!(preview_at_start(cli, Some(false)), (true, false));
        // A remembered `p` wins over config.toml and over auto.
        assert_eq!(preview_at_start(file, Some(false)), (false, false));
        assert_eq!(preview_at_start(auto, Some(true)), (true, false));
        assert_eq!(preview_at_start(file, None), (true, false));
        // Nothing chosen: it may open by itself.
        assert_eq!(preview_at_start(auto, None), (false, true));
        let off = choice(PreviewMode::Off, ChoiceSource::CommandLine);
        assert_eq!(preview_at_start(off, Some(true)), (false, false));
    }
}
