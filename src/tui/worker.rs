//! Carries out the App's commands off the render path: fetches on tokio tasks
//! (bounded, coalesced, abortable), clipboard writes, opening URLs, saving
//! history. Its tasks report back on one channel; [`Worker::handle`] turns
//! each report into messages for the App. Outcomes travel typed
//! ([`Notice`], [`Problem`], [`ApiError`]): the worker words nothing.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use ratatui::layout::Size;
use ratatui_image::picker::Picker;
use ratatui_image::picker::cap_parser::Response;
use ratatui_image::{FilterType, Resize};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use base64::Engine as _;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::AbortHandle;

use super::graphics::{self, Hints};
use super::history;
use super::input::Awaiting;
use super::msg::{Cmd, Msg, UsageRead};
use super::notice::{Notice, OpenFailure, Problem};
use super::preview_choice;
use super::preview_content::{PreviewContent, Thumb};
use super::writer::{Reply, WriteSetup, Writer};
use crate::config::PreviewMode;
use crate::source::lookup::Lookup;
use crate::source::site_content::{ReadError, Reading, Snapshots};
use crate::store::cache::CachedAsset;
use crate::thumbnail::{self, Downloader, Plan, ThumbError};
use crate::webflow::{ApiError, Asset, AssetId, Fetched, FolderId, LocaleId, SiteId};

type Key = (AssetId, Option<LocaleId>);

/// What one of the worker's tasks reported, for [`Worker::handle`] (which
/// alone reads it).
pub struct Event(Report);

enum Report {
    /// A cached copy was found while the request is still on its way.
    Cached {
        key: Key,
        hit: Box<CachedAsset>,
    },
    /// A request finished; the worker fans it out to every ticket waiting on it.
    Done {
        key: Key,
        result: Result<Box<Fetched<Asset>>, ApiError>,
    },
    Msg(Msg),
    /// Inside tmux, passthrough is on: the graphics query can be written.
    SendQuery,
    /// The graphics query went unanswered for `graphics::QUERY_TIMEOUT`.
    QueryTimedOut,
    /// The picker for the terminal's graphics is built.
    PickerReady(Box<Picker>),
}

struct InFlight {
    tickets: Vec<u64>,
    handle: AbortHandle,
}

/// Recently decoded thumbnails, newest last; small, since each holds pixels.
const THUMB_CACHE: usize = 24;
/// While the selection moves, a preview waits this long before it starts, so
/// scrolling past rows costs nothing.
const PREVIEW_DEBOUNCE: Duration = Duration::from_millis(30);

type ThumbKey = (String, (u16, u16));

/// The one task of a kind that may run (the site listing, the preview): a new
/// one aborts the one before, and a cancel stops only the task it names.
#[derive(Default)]
struct Slot {
    current: Option<(u64, AbortHandle)>,
}

impl Slot {
    /// `handle` runs for `ticket` from now on; the task before it is aborted.
    fn replace(&mut self, ticket: u64, handle: AbortHandle) {
        if let Some((_, old)) = self.current.replace((ticket, handle)) {
            old.abort();
        }
    }

    /// Aborts the task, if any.
    fn clear(&mut self) {
        if let Some((_, old)) = self.current.take() {
            old.abort();
        }
    }

    /// Aborts the task for `ticket`, if it is still the one running.
    fn cancel(&mut self, ticket: u64) {
        if self.current.as_ref().is_some_and(|(t, _)| *t == ticket) {
            self.clear();
        }
    }
}

pub struct Worker {
    lookup: Lookup,
    previews: Option<Previews>,
    site_task: Slot,
    /// Reading the site's content for the "Used on" pane.
    usage_task: Slot,
    /// Listing the site in every locale for the coverage view.
    coverage_task: Slot,
    permits: Arc<Semaphore>,
    inflight: HashMap<Key, InFlight>,
    tx: mpsc::UnboundedSender<Event>,
    history_path: Option<PathBuf>,
    writer: Writer,
}

impl Worker {
    pub fn new(
        lookup: Lookup,
        concurrency: usize,
        history_path: Option<PathBuf>,
        previews: Option<Previews>,
    ) -> (Self, mpsc::UnboundedReceiver<Event>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let to_app = tx.clone();
        let reply: Reply = Arc::new(move |msg| {
            let _ = to_app.send(Event(Report::Msg(msg)));
        });
        let worker = Self {
            // No journal until `set_writes` says where.
            writer: Writer::new(lookup.clone(), WriteSetup::default(), reply),
            lookup,
            previews,
            site_task: Slot::default(),
            usage_task: Slot::default(),
            coverage_task: Slot::default(),
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            inflight: HashMap::new(),
            tx,
            history_path,
        };
        (worker, rx)
    }

    /// Where writes are journaled and drafts kept (without it, the browser
    /// writes nothing: every write answers that there is no journal).
    pub fn set_writes(&mut self, setup: WriteSetup) {
        let reply = self.writer_reply();
        self.writer = Writer::new(self.lookup.clone(), setup, reply);
    }

    fn writer_reply(&self) -> Reply {
        let tx = self.tx.clone();
        Arc::new(move |msg| {
            let _ = tx.send(Event(Report::Msg(msg)));
        })
    }

    /// Runs one command; `terminal` receives clipboard and mouse escape sequences.
    pub fn run(&mut self, cmd: Cmd, terminal: &mut impl Write) {
        match cmd {
            Cmd::Fetch { ticket, id, locale } => self.fetch(ticket, id, locale),
            Cmd::Cancel { ticket } => self.cancel(ticket),
            Cmd::Copy { text, what } => {
                let result = copy_osc52(terminal, &text)
                    .map(|()| Notice::Copied { what })
                    .map_err(|e| Problem::CopyFailed {
                        what,
                        error: e.into(),
                    });
                let _ = self.tx.send(Event(Report::Msg(Msg::Notice(result))));
            }
            Cmd::Open { url } => self.open(url),
            Cmd::SaveHistory(ids) => self.save_history(ids),
            Cmd::Preview {
                ticket,
                asset,
                cells,
            } => self.preview(ticket, *asset, cells),
            Cmd::ListSite {
                ticket,
                site,
                folder,
                locale,
            } => self.list_site(ticket, site, folder, locale),
            Cmd::CancelSite { ticket } => self.site_task.cancel(ticket),
            Cmd::ReadUsage {
                ticket,
                site,
                locale,
            } => self.read_usage(ticket, site, locale),
            Cmd::ReadCoverage { ticket, site } => self.read_coverage(ticket, site),
            Cmd::CancelPreview { ticket } => {
                if let Some(p) = &mut self.previews {
                    p.task.cancel(ticket);
                }
            }
            Cmd::DetectGraphics => self.detect_graphics(terminal),
            Cmd::SavePreviewShown(shown) => self.save_preview_shown(shown),
            Cmd::Write { ticket, wanted } => self.writer.write(ticket, wanted),
            Cmd::WriteCms { ticket, id, wanted } => self.writer.write_cms(ticket, id, *wanted),
            Cmd::MakePlan { ticket, wanted } => self.writer.make_plan(ticket, wanted),
            Cmd::ApplyPlan { ticket } => self.writer.apply(ticket),
            Cmd::StopPlan { ticket } => self.writer.stop_run(ticket),
            Cmd::DropPlan { ticket } => self.writer.drop_plan(ticket),
            Cmd::SaveDrafts { drafts, at_once } => self.writer.save_drafts(drafts, at_once),
            // Needs the terminal: the event loop runs the editor itself.
            Cmd::EditTable { .. } => {}
            Cmd::SetMouseCapture(on) => {
                let _ = if on {
                    crossterm::execute!(terminal, crossterm::event::EnableMouseCapture)
                } else {
                    crossterm::execute!(terminal, crossterm::event::DisableMouseCapture)
                };
            }
        }
    }

    /// Turns what a task reported into messages for the App, doing the
    /// worker's own part first: a finished fetch goes to every ticket waiting
    /// on it, the graphics query is written once tmux lets it through, the
    /// picker is kept. `terminal` receives the graphics query.
    pub fn handle(&mut self, event: Event, terminal: &mut impl Write) -> Vec<Msg> {
        match event.0 {
            Report::Cached { key, hit } => self.cached(key, *hit),
            Report::Done { key, result } => self.finish(key, result),
            Report::Msg(msg) => vec![msg],
            Report::SendQuery => {
                self.send_query(terminal);
                Vec::new()
            }
            Report::QueryTimedOut => {
                self.graphics_answered(None);
                Vec::new()
            }
            Report::PickerReady(picker) => self.picker_ready(*picker),
        }
    }

    /// Turns a finished request into one `Loaded` per waiting ticket.
    fn finish(&mut self, key: Key, result: Result<Box<Fetched<Asset>>, ApiError>) -> Vec<Msg> {
        let Some(flight) = self.inflight.remove(&key) else {
            return Vec::new();
        };
        flight
            .tickets
            .into_iter()
            .map(|ticket| Msg::Loaded {
                ticket,
                id: key.0.clone(),
                result: result.clone(),
            })
            .collect()
    }

    /// Turns a cached copy into one `Cached` per waiting ticket.
    fn cached(&self, key: Key, hit: CachedAsset) -> Vec<Msg> {
        let Some(flight) = self.inflight.get(&key) else {
            return Vec::new();
        };
        flight
            .tickets
            .iter()
            .map(|&ticket| Msg::Cached {
                ticket,
                id: key.0.clone(),
                asset: Box::new(hit.asset.clone()),
                fetched_at: hit.fetched_at,
            })
            .collect()
    }

    fn fetch(&mut self, ticket: u64, id: AssetId, locale: Option<LocaleId>) {
        let key = (id, locale);
        if let Some(flight) = self.inflight.get_mut(&key) {
            // The same request is already on its way: wait for it instead.
            flight.tickets.push(ticket);
            return;
        }
        let lookup = self.lookup.clone();
        let permits = self.permits.clone();
        let tx = self.tx.clone();
        let task_key = key.clone();
        let handle = tokio::spawn(async move {
            // The cached copy shows at once; the fetch then refreshes it.
            if let Some(hit) = lookup.cached(&task_key.0, task_key.1.as_ref()).await {
                let _ = tx.send(Event(Report::Cached {
                    key: task_key.clone(),
                    hit: Box::new(hit),
                }));
            }
            let Ok(_permit) = permits.acquire_owned().await else {
                return;
            };
            let result = lookup
                .fetch(&task_key.0, task_key.1.as_ref())
                .await
                .map(Box::new);
            let _ = tx.send(Event(Report::Done {
                key: task_key,
                result,
            }));
        })
        .abort_handle();
        self.inflight.insert(
            key,
            InFlight {
                tickets: vec![ticket],
                handle,
            },
        );
    }

    /// Drops a ticket; a request nobody waits for any more is aborted.
    fn cancel(&mut self, ticket: u64) {
        let Some(key) = self
            .inflight
            .iter()
            .find(|(_, f)| f.tickets.contains(&ticket))
            .map(|(k, _)| k.clone())
        else {
            return;
        };
        let flight = self.inflight.get_mut(&key).expect("key was just found");
        flight.tickets.retain(|t| *t != ticket);
        if flight.tickets.is_empty() {
            flight.handle.abort();
            self.inflight.remove(&key);
        }
    }

    /// Pages through a site, sending each page as it arrives.
    fn list_site(
        &mut self,
        ticket: u64,
        site: SiteId,
        folder: Option<FolderId>,
        locale: Option<LocaleId>,
    ) {
        let (client, tx) = (self.lookup.client.clone(), self.tx.clone());
        let handle = tokio::spawn(async move {
            let result = client
                .list_site(&site, folder.as_ref(), locale.as_ref(), |page| {
                    let _ = tx.send(Event(Report::Msg(Msg::SitePage {
                        ticket,
                        assets: page.assets.into_iter().map(|(asset, _)| asset).collect(),
                        loaded: page.loaded,
                        total: page.total,
                    })));
                })
                .await;
            let error = result.err();
            let _ = tx.send(Event(Report::Msg(Msg::SiteDone { ticket, error })));
        })
        .abort_handle();
        self.site_task.replace(ticket, handle);
    }

    /// Reads the site (its locales), then its pages, components and CMS in
    /// `locale`, once, and resolves where each image renders; a read still
    /// running is aborted. The read is kept beside the asset cache under the
    /// lookup's cache mode, so `--offline` answers from an earlier one.
    fn read_usage(&mut self, ticket: u64, site: SiteId, locale: Option<LocaleId>) {
        let (client, tx) = (self.lookup.client.clone(), self.tx.clone());
        let snapshots = Snapshots::new(
            crate::config::asset_cache_dir(),
            client.host(),
            self.lookup.mode,
        );
        // The read's future is not `Send` (it borrows across its paged
        // streams), so it runs on a blocking thread of its own; a stale
        // answer is dropped by its ticket.
        let runtime = tokio::runtime::Handle::current();
        let handle = tokio::task::spawn_blocking(move || {
            let result = runtime.block_on(read_usage(&client, &snapshots, &site, locale.as_ref()));
            let _ = tx.send(Event(Report::Msg(Msg::UsageRead { ticket, result })));
        })
        .abort_handle();
        self.usage_task.replace(ticket, handle);
    }

    /// Lists the site in each of its locales for the coverage view; a read
    /// still running is aborted.
    fn read_coverage(&mut self, ticket: u64, site: SiteId) {
        let (client, tx) = (self.lookup.client.clone(), self.tx.clone());
        let handle = tokio::spawn(async move {
            let result = crate::source::coverage::read(&client, &site)
                .await
                .map(Box::new);
            let _ = tx.send(Event(Report::Msg(Msg::CoverageRead { ticket, result })));
        })
        .abort_handle();
        self.coverage_task.replace(ticket, handle);
    }

    /// Fetches and decodes a thumbnail, superseding any preview still running.
    fn preview(&mut self, ticket: u64, asset: Asset, cells: (u16, u16)) {
        let Some(p) = &mut self.previews else {
            return;
        };
        let Some(picker) = p.picker.clone() else {
            // The App asks for thumbnails only once graphics are known.
            p.task.clear();
            return;
        };
        let (downloader, thumbs, tx) = (p.downloader.clone(), p.thumbs.clone(), self.tx.clone());
        let handle = tokio::spawn(async move {
            tokio::time::sleep(PREVIEW_DEBOUNCE).await;
            let content = make_preview(&picker, &downloader, &thumbs, &asset, cells).await;
            let _ = tx.send(Event(Report::Msg(Msg::Preview { ticket, content })));
        })
        .abort_handle();
        p.task.replace(ticket, handle);
    }

    /// Starts finding out the terminal's graphics; answers `Msg::Graphics`.
    fn detect_graphics(&mut self, terminal: &mut impl Write) {
        let Some(p) = &mut self.previews else {
            return;
        };
        let d = &mut p.detection;
        match graphics::plan(d.mode, &d.hints) {
            None => {}
            Some(graphics::Plan::Ready(protocol, cell)) => self.build_picker(protocol, cell),
            Some(graphics::Plan::Ask) if d.asking => {}
            Some(graphics::Plan::Ask) if d.hints.tmux => {
                // tmux passes the query on only with passthrough on.
                d.asking = true;
                let tx = self.tx.clone();
                tokio::task::spawn_blocking(move || {
                    enable_tmux_passthrough();
                    let _ = tx.send(Event(Report::SendQuery));
                });
            }
            Some(graphics::Plan::Ask) => {
                d.asking = true;
                self.send_query(terminal);
            }
        }
    }

    /// Writes the graphics query; the input thread collects the answers.
    fn send_query(&mut self, terminal: &mut impl Write) {
        let Some(p) = &mut self.previews else {
            return;
        };
        let d = &mut p.detection;
        d.awaiting.start(std::time::Instant::now());
        let query = graphics::query(&d.hints);
        if terminal
            .write_all(query.as_bytes())
            .and_then(|()| terminal.flush())
            .is_err()
        {
            self.graphics_answered(None);
            return;
        }
        let tx = self.tx.clone();
        tokio::spawn(async move {
            tokio::time::sleep(graphics::QUERY_TIMEOUT).await;
            let _ = tx.send(Event(Report::QueryTimedOut));
        });
    }

    /// The terminal answered the graphics query (`Some`), or did not in time.
    pub fn graphics_answered(&mut self, replies: Option<&[Response]>) {
        let Some(p) = &mut self.previews else {
            return;
        };
        let d = &mut p.detection;
        if !std::mem::take(&mut d.asking) {
            return; // already settled: a late answer or a second timeout
        }
        let (protocol, cell) = graphics::settle(d.mode, &d.hints, replies);
        self.build_picker(protocol, cell);
    }

    fn build_picker(&self, protocol: ratatui_image::picker::ProtocolType, cell: (u16, u16)) {
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let picker = graphics::picker(protocol, cell);
            let _ = tx.send(Event(Report::PickerReady(Box::new(picker))));
        });
    }

    /// Keeps the picker and tells the App what the preview draws with.
    fn picker_ready(&mut self, picker: Picker) -> Vec<Msg> {
        let Some(p) = &mut self.previews else {
            return Vec::new();
        };
        let protocol = picker.protocol_type();
        p.picker = Some(picker);
        vec![Msg::Graphics {
            protocol: graphics::name(protocol),
            pixels: protocol != ratatui_image::picker::ProtocolType::Halfblocks,
        }]
    }

    fn save_preview_shown(&self, shown: bool) {
        let Some(path) = self.previews.as_ref().and_then(|p| p.shown_path.clone()) else {
            return;
        };
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = preview_choice::save(&path, shown) {
                let problem = Problem::PreviewChoiceNotSaved {
                    path,
                    error: e.into(),
                };
                let _ = tx.send(Event(Report::Msg(Msg::Notice(Err(problem)))));
            }
        });
    }

    fn open(&self, url: String) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let result = open_url(&url)
                .await
                .map(|()| Notice::Opened)
                .map_err(Problem::OpenFailed);
            let _ = tx.send(Event(Report::Msg(Msg::Notice(result))));
        });
    }

    fn save_history(&self, ids: Vec<AssetId>) {
        let Some(path) = self.history_path.clone() else {
            return;
        };
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = history::save(&path, &ids) {
                let problem = Problem::HistoryNotSaved {
                    path,
                    error: e.into(),
                };
                let _ = tx.send(Event(Report::Msg(Msg::Notice(Err(problem)))));
            }
        });
    }
}

/// Lets images and queries through tmux to the terminal outside it
/// (tmux ≥ 3.3 drops them otherwise). Blocking: runs `tmux`.
/// What [`Worker::read_usage`] runs: without the site (no `sites:read`),
/// the content is read in the site's default locale.
async fn read_usage(
    client: &crate::webflow::Client,
    snapshots: &Snapshots,
    site_id: &SiteId,
    locale: Option<&LocaleId>,
) -> Result<Box<UsageRead>, ApiError> {
    let site = snapshots.site(client, site_id).await.ok().map(|s| s.value);
    let chosen = site.as_ref().and_then(|s| match locale {
        Some(id) => s.locale(id.as_str()),
        None => s.all_locales().into_iter().find(|l| l.primary),
    });
    // The pane says "reading pages…"; counts are not shown.
    fn quiet(_: Reading, _: usize, _: usize) {}
    let read = snapshots
        .content(client, site_id, &[chosen], false, &mut quiet)
        .await
        .map_err(ReadError::into_api)?
        .value;
    let usage = read
        .contents
        .first()
        .map(crate::usage::resolve)
        .unwrap_or_default();
    Ok(Box::new(UsageRead {
        site,
        usage,
        skipped: read
            .skipped
            .into_iter()
            .map(|s| (s.part, s.error))
            .collect(),
    }))
}

fn enable_tmux_passthrough() {
    let _ = std::process::Command::new("tmux")
        .args(["set", "-p", "allow-passthrough", "on"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// OSC 52 asks the terminal itself to set the clipboard, which works over SSH
/// and needs no clipboard daemon. The text is base64-encoded, so nothing in it
/// can act as a terminal sequence.
fn copy_osc52(terminal: &mut impl Write, text: &str) -> std::io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(terminal, "\x1b]52;c;{encoded}\x07")?;
    terminal.flush()
}

/// Hands an http(s) URL to the desktop's opener (the `open` crate picks it
/// per platform and passes the URL as an argument, never through a shell).
async fn open_url(url: &str) -> Result<(), OpenFailure> {
    let parsed = reqwest::Url::parse(url).map_err(OpenFailure::NotAUrl)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(OpenFailure::NotHttp);
    }
    let url = parsed.to_string();
    match tokio::task::spawn_blocking(move || open::that(url)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(OpenFailure::NoBrowser(e.into())),
        Err(_) => Err(OpenFailure::Stopped),
    }
}

/// What the preview needs: the terminal's graphics protocol and cell size, a
/// token-free downloader, and recently made thumbnails.
pub struct Previews {
    /// Set once the terminal's graphics are known.
    picker: Option<Picker>,
    detection: Detection,
    downloader: Downloader,
    thumbs: Arc<Mutex<VecDeque<(ThumbKey, Thumb)>>>,
    task: Slot,
    shown_path: Option<PathBuf>,
}

/// Finding out the terminal's graphics: what the environment said, and
/// whether a query is out.
struct Detection {
    mode: PreviewMode,
    hints: Hints,
    awaiting: Awaiting,
    asking: bool,
}

impl Previews {
    /// `awaiting` is shared with the input thread, which tells the answers to
    /// a graphics query apart from keys; `shown_path` remembers `p`.
    pub fn new(
        mode: PreviewMode,
        hints: Hints,
        awaiting: Awaiting,
        downloader: Downloader,
        shown_path: Option<PathBuf>,
    ) -> Self {
        Self {
            picker: None,
            detection: Detection {
                mode,
                hints,
                awaiting,
                asking: false,
            },
            downloader,
            thumbs: Arc::default(),
            task: Slot::default(),
            shown_path,
        }
    }
}

async fn make_preview(
    picker: &Picker,
    downloader: &Downloader,
    thumbs: &Mutex<VecDeque<(ThumbKey, Thumb)>>,
    asset: &Asset,
    cells: (u16, u16),
) -> PreviewContent {
    let font = picker.font_size();
    let pixels = (
        u32::from(cells.0) * u32::from(font.width),
        u32::from(cells.1) * u32::from(font.height),
    );
    let choice = match thumbnail::plan(asset, pixels) {
        Plan::Placeholder(text) => return PreviewContent::Text(text),
        Plan::Image(choice) => choice,
    };
    let key = (choice.url.clone(), cells);
    if let Some(thumb) = lock(thumbs)
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| t.clone())
    {
        return PreviewContent::Image(thumb);
    }
    let bytes = match downloader.fetch(&choice.url).await {
        Ok(bytes) => bytes,
        Err(e) => return PreviewContent::Failed(e),
    };
    let picker = picker.clone();
    let encoded = tokio::task::spawn_blocking(move || {
        let image = thumbnail::decode_fit(&bytes, pixels)?;
        picker
            .new_protocol(
                image,
                Size::new(cells.0, cells.1),
                Resize::Fit(Some(FilterType::Triangle)),
            )
            .map_err(|e| ThumbError::Decode(e.to_string()))
    })
    .await;
    match encoded {
        Ok(Ok(protocol)) => {
            let thumb = Thumb(Arc::new(protocol));
            let mut cache = lock(thumbs);
            cache.retain(|(k, _)| *k != key);
            cache.push_back((key, thumb.clone()));
            if cache.len() > THUMB_CACHE {
                cache.pop_front();
            }
            PreviewContent::Image(thumb)
        }
        Ok(Err(e)) => PreviewContent::Failed(e),
        Err(_) => PreviewContent::Failed(ThumbError::Stopped),
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slot_keeps_only_the_newest_task_and_cancels_only_its_own() {
        let first = tokio::spawn(std::future::pending::<()>());
        let second = tokio::spawn(std::future::pending::<()>());
        let mut slot = Slot::default();
        slot.replace(1, first.abort_handle());
        slot.replace(2, second.abort_handle());
        assert!(first.await.unwrap_err().is_cancelled());
        // A cancel for the task already replaced leaves the newest running.
        slot.cancel(1);
        tokio::task::yield_now().await;
        assert!(!second.is_finished());
        slot.cancel(2);
        assert!(second.await.unwrap_err().is_cancelled());
        assert!(slot.current.is_none());
    }

    #[tokio::test]
    async fn only_web_urls_are_opened() {
        assert!(matches!(
            open_url("not a url").await,
            Err(OpenFailure::NotAUrl(_))
        ));
        assert!(matches!(
            open_url("file:///etc/passwd").await,
            Err(OpenFailure::NotHttp)
        ));
    }
}
