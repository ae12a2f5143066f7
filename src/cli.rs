//! Command-line definitions (clap). Parsing only: `main` decides what runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use clap_complete::aot::Shell;

use crate::config::{Overrides, PreviewMode};
use crate::source::listing::SortKey;
use crate::store::CacheMode;

const AFTER_HELP: &str = "\
Without a subcommand, wfa opens the terminal browser (on the demo catalogue when no token is set).

Configuration:
  WEBFLOW_API_TOKEN   API token (or `token` in config.toml); never a flag
  WEBFLOW_API_BASE    API base URL (default https://api.webflow.com/v2)
  WFA_LOCALE          locale: its ID, or its tag (fr-FR) looked up on the site
  WFA_CONFIG          path of config.toml
  WFA_LOG             log level for the log file (default warn)

Exit codes:
  0 success   1 not found or other failure (audit: findings reached --fail-on)
  2 usage error or invalid ID   3 token rejected, missing or lacking a scope (401/403)
  4 rate limited (429)   5 server fault: network failure, 5xx, malformed answer, incomplete listing
  129/130/131/143 the browser was stopped by a signal (the terminal is restored first)";

#[derive(Debug, Parser)]
#[command(
    name = "wfa",
    version,
    about = "Browse Webflow assets and check their alt text from the terminal",
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Asset IDs to open in the browser
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Open the browser on every asset of this site
    #[arg(long, value_name = "SITE_ID")]
    pub site: Option<String>,

    /// With --site: only the assets in this folder
    #[arg(long, value_name = "FOLDER_ID", requires = "site")]
    pub folder: Option<String>,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub cache: CacheArgs,

    #[command(flatten)]
    pub browser: BrowserArgs,
}

impl Cli {
    /// The settings flags of the command that runs (the browser's without a
    /// subcommand); `None` for `completions` and `man`, which need no settings.
    pub fn connection(&self) -> Option<&ConnectionArgs> {
        match &self.command {
            None => Some(&self.connection),
            Some(Command::Get(args)) => Some(&args.connection),
            Some(Command::List(args)) => Some(&args.connection),
            Some(Command::Audit(args)) => Some(&args.connection),
            Some(Command::Update(args)) => Some(&args.connection),
            Some(Command::Apply(args)) => Some(&args.connection),
            Some(Command::Undo(args)) => Some(&args.connection),
            Some(Command::Usage(args)) => Some(&args.connection),
            Some(Command::Completions(_) | Command::Man) => None,
        }
    }

    /// What the command line and environment say about settings, for the
    /// command that runs; `None` when it needs no settings.
    pub fn overrides(&self) -> Option<Overrides> {
        let cache = match &self.command {
            None => Some(&self.cache),
            Some(Command::Get(args)) => Some(&args.cache),
            Some(Command::Audit(args)) => Some(&args.cache),
            Some(Command::Usage(args)) => Some(&args.cache),
            // A write reads the asset fresh from Webflow, never from the cache.
            Some(
                Command::List(_)
                | Command::Update(_)
                | Command::Apply(_)
                | Command::Undo(_)
                | Command::Completions(_)
                | Command::Man,
            ) => None,
        };
        let preview = match &self.command {
            None => self.browser.preview,
            Some(_) => None,
        };
        Some(self.connection()?.overrides(cache, preview))
    }
}

/// Where assets come from and how wfa is configured: every command that
/// reaches Webflow (or the demo) takes these.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Settings")]
pub struct ConnectionArgs {
    /// Answer from the built-in demo catalogue instead of Webflow
    #[arg(long)]
    pub demo: bool,

    /// Base URL of the Webflow Data API
    #[arg(long, env = "WEBFLOW_API_BASE", value_name = "URL")]
    pub api_base: Option<String>,

    /// Locale to request: its ID (sent as localeId), or its tag (fr-FR),
    /// looked up on the site the command works on
    #[arg(long, env = "WFA_LOCALE", value_name = "LOCALE")]
    pub locale: Option<String>,

    /// Path of the configuration file
    #[arg(long, env = "WFA_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Log level for the log file (error, warn, info, debug, trace)
    #[arg(long, value_name = "LEVEL")]
    pub log_level: Option<String>,
}

impl ConnectionArgs {
    /// The overrides for `Settings::load`; `cache` is `None` for a command that
    /// never reads the cache, `preview` is the browser's own flag.
    pub fn overrides(&self, cache: Option<&CacheArgs>, preview: Option<PreviewMode>) -> Overrides {
        Overrides {
            api_base: self.api_base.clone(),
            locale: self.locale.clone(),
            config_path: self.config.clone(),
            demo: self.demo,
            preview,
            cache_mode: cache.map_or(CacheMode::Normal, CacheArgs::mode),
            project_dir: None,
        }
    }
}

/// The on-disk asset cache: for what looks assets up by ID (the browser,
/// `get`, `audit ID...`) and for a site's content as `usage` and
/// `audit --rendered` read it (kept beside the cache); a site's asset
/// listing itself always comes from the API.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Settings")]
pub struct CacheArgs {
    /// Answer only from the on-disk cache: no request reaches the API
    #[arg(long, conflicts_with = "no_cache")]
    pub offline: bool,

    /// Neither read nor write the on-disk cache
    #[arg(long)]
    pub no_cache: bool,
}

impl CacheArgs {
    pub fn mode(&self) -> CacheMode {
        if self.offline {
            CacheMode::Offline
        } else if self.no_cache {
            CacheMode::Bypass
        } else {
            CacheMode::Normal
        }
    }
}

/// Flags only the interactive browser has a use for.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Settings")]
pub struct BrowserArgs {
    /// Thumbnail preview: ask the terminal (auto), force a graphics protocol,
    /// use coloured half blocks, or turn it off
    #[arg(long, value_enum, value_name = "MODE")]
    pub preview: Option<PreviewMode>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch assets by ID and print them
    Get(GetArgs),
    /// List every asset of a site
    List(ListArgs),
    /// Check alt text before publishing; exits 1 when findings reach --fail-on
    Audit(AuditArgs),
    /// Set an asset's alt text or display name; prints before → after
    Update(UpdateArgs),
    /// Apply many changes from a CSV or JSON-lines file: plan, confirm, write
    Apply(ApplyArgs),
    /// Put back what a run changed (the newest journal by default)
    Undo(UndoArgs),
    /// Where each image is used (pages, components, CMS) and the alt text it renders with
    Usage(UsageArgs),
    /// Print a shell completion script to standard output
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The site whose assets to list (24 hex characters); with --demo, the
    /// demo site by default
    #[arg(long, value_name = "SITE_ID")]
    pub site: Option<String>,

    /// Only assets in this folder
    #[arg(long, value_name = "FOLDER_ID")]
    pub folder: Option<String>,

    /// Print one JSON object per asset, exactly as Webflow sent it
    #[arg(long)]
    pub json: bool,

    /// Order of the listing (site order streams as pages arrive)
    #[arg(long, value_enum, default_value_t = SortKey::Site, value_name = "KEY")]
    pub sort_by: SortKey,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

const AUDIT_AFTER_HELP: &str = "\
Settings: an [audit] table in config.toml and in a project file, wfa.toml or .wfa.toml, found
in the working directory or the nearest directory above it: severities per rule
([audit.severity] alt-missing = \"error\", or \"off\"), max_chars, extra placeholder words
(placeholders = [\"bild\"]) and waivers ([[audit.waive]] asset = \"ID\" rules = [...]
reason = \"...\"). Flags > project file > config.toml > defaults. Waived findings are listed
as waived and never fail --fail-on; a waiver that matches nothing is warned about.

Exit codes: 0 no finding reaches --fail-on, 1 findings reached --fail-on, or an asset ID was
not found (the message says which), 2 usage or settings error, 3-5 as `wfa get`.";

#[derive(Debug, Args)]
#[command(after_help = AUDIT_AFTER_HELP)]
pub struct AuditArgs {
    /// Audit every asset of this site, listed live (so not with --offline,
    /// unless --rendered); with --demo and no IDs, the demo site by default
    #[arg(long, value_name = "SITE_ID", conflicts_with = "ids")]
    pub site: Option<String>,

    /// Only assets in this folder of the site
    #[arg(long, value_name = "FOLDER_ID", conflicts_with = "ids")]
    pub folder: Option<String>,

    /// Audit these assets (`-` reads IDs from standard input)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Audit the alt text visitors get on every page, component and CMS item
    /// (reads pages, components and the CMS; see `wfa usage`), each finding
    /// with its place; with --offline, from what the last read kept
    #[arg(long, conflicts_with_all = ["ids", "folder"])]
    pub rendered: bool,

    /// With --rendered: every enabled locale (untranslated text is found too)
    #[arg(long, requires = "rendered")]
    pub all_locales: bool,

    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Exit 1 when a finding is at least this severe
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Severity of a missing (null) alt text, which Webflow treats as decorative
    /// [default: warning, or the settings files']
    #[arg(long, value_enum)]
    pub missing: Option<MissingSeverity>,

    /// Alt text longer than this many characters is flagged [default: 125, or
    /// the settings files']
    #[arg(long, value_name = "CHARS", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_chars: Option<u64>,

    /// Print what a rule catches, why it matters to screen-reader users, how
    /// to fix it and its source; needs no token or network
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub cache: CacheArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MissingSeverity {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Asset IDs (24 hex characters); `-` reads IDs from standard input,
    /// separated by whitespace, commas or newlines
    #[arg(value_name = "ID", required = true)]
    pub ids: Vec<String>,

    /// Print one JSON object per line, in input order, instead of text
    #[arg(long)]
    pub json: bool,

    /// How many requests may be in flight at once
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=16), value_name = "N")]
    pub concurrency: u16,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub cache: CacheArgs,
}

const UPDATE_AFTER_HELP: &str = "\
The asset is read fresh first; before → after is printed, and nothing is written when nothing
changes or with --dry-run. Each change is recorded in a journal under the state directory
(~/.local/state/wfa/journal on Linux) before it is sent, and completed with the answer.

Exit codes as `wfa get`: 2 for a refused value or ID (nothing is sent), 3 for a token without
the assets:write scope.";

#[derive(Debug, Args)]
#[command(after_help = UPDATE_AFTER_HELP)]
#[command(group(
    clap::ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["alt_text", "decorative", "display_name"])
))]
pub struct UpdateArgs {
    /// The asset to change (24 hex characters)
    #[arg(value_name = "ID")]
    pub id: String,

    /// New alt text: one line (no line breaks, tabs or control characters),
    /// trimmed; over 125 characters is warned about, not refused
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub alt_text: Option<String>,

    /// Set the alt text to "" (a decorative image). Webflow cannot be set back
    /// to null ("not set"): "" is the nearest
    #[arg(long, conflicts_with = "alt_text")]
    pub decorative: bool,

    /// New display name: one line, trimmed, not empty
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub display_name: Option<String>,

    /// Show before → after and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print the outcome as one JSON object instead of text
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

const APPLY_AFTER_HELP: &str = "\
Input: CSV with a header row naming an assetId column and altText and/or displayName columns
(optional: locale, decorative; other columns are ignored, so the CSV of `wfa audit --format csv`
edited in a spreadsheet works as is), or JSON lines with the same keys. An empty cell asks for
nothing; \"\" (decorative) is written only where the decorative column says yes.

Every row is checked first: one bad row, or one asset given two different texts, and nothing
is sent (exit 2). Then the current values are read and the plan printed: current → new per
asset, with what the audit says of the new text. --yes writes it; on a terminal wfa asks;
with neither, nothing is written. Each change is journaled under the state directory before
it is sent. Stopped (Ctrl-C, lost network)? Run the same command again: what was written is
found done, and a value someone else changed since the plan read it is skipped unless --force.

Exit codes: 0 all done (or nothing to do, or declined), 1 some assets left unchanged (not
found, changed by someone else, refused), 2 bad input, 3 token or scope, 4 rate limited,
5 network or server, 130 interrupted.";

#[derive(Debug, Args)]
#[command(after_help = APPLY_AFTER_HELP)]
pub struct ApplyArgs {
    /// The changes: a CSV or JSON-lines file, or `-` for standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[command(flatten)]
    pub write: WriteFlags,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

const UNDO_AFTER_HELP: &str = "\
Reads a write journal (by default the newest one of changes made where wfa is now pointed,
under ~/.local/state/wfa/journal on Linux) and plans to put back each value it changed. An
asset changed since is skipped unless --force; a value that was not set (null) before cannot be
set back to null through the API, and is named. The undo is journaled like any other run.";

#[derive(Debug, Args)]
#[command(after_help = UNDO_AFTER_HELP)]
pub struct UndoArgs {
    /// The journal to undo: a path, or a file name in the journal directory
    #[arg(value_name = "JOURNAL")]
    pub journal: Option<PathBuf>,

    /// List the journals, newest first (time, command, host, changes made),
    /// and change nothing
    #[arg(long, conflicts_with_all = ["journal", "yes", "dry_run", "force"])]
    pub list: bool,

    #[command(flatten)]
    pub write: WriteFlags,

    #[command(flatten)]
    pub connection: ConnectionArgs,
}

const USAGE_AFTER_HELP: &str = "\
For each image asset: every page, component instance and CMS item it renders on, and the alt
text a visitor gets there (after the next publish: drafts and archived pages and items render
nowhere). Then the image assets used nowhere, and references to assets that no longer exist.

The alt a visitor gets: a page image's own alt when it has one (\"\" = decorative), else the
asset's; a component image bound to an Alt Text property takes the instance's override, else
the property's value; a CMS Image/MultiImage value's alt when it has one, else the asset's.

--locale takes a locale tag (fr-FR) or ID; --all-locales reads every enabled locale. A token
without pages:read, components:read or cms:read loses only that part, and says so.

Each read is kept beside the asset cache: --offline answers from the last one, with no request,
and says how old it is (a locale never read is an error naming the command to run); --no-cache
neither reads nor keeps it. On a terminal, a progress bar per source.";

#[derive(Debug, Args)]
#[command(after_help = USAGE_AFTER_HELP)]
pub struct UsageArgs {
    /// The site (24 hex characters); with --demo, the demo site by default
    #[arg(long, value_name = "SITE_ID")]
    pub site: Option<String>,

    /// Every enabled locale of the site, one after the other
    #[arg(long)]
    pub all_locales: bool,

    /// One JSON object per image asset (then one per missing asset)
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    #[command(flatten)]
    pub cache: CacheArgs,
}

/// How a command that writes to Webflow goes ahead once its plan is shown:
/// `wfa apply` and `wfa undo` take the same three flags.
#[derive(Debug, Clone, Copy, Args)]
pub struct WriteFlags {
    /// Write without asking
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Print the plan and write nothing
    #[arg(long, conflicts_with = "yes")]
    pub dry_run: bool,

    /// Write even where someone else changed a value since it was read (or,
    /// for undo, since the journal's run wrote it)
    #[arg(long)]
    pub force: bool,
}
