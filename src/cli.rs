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
  WFA_LOCALE          locale ID sent as localeId
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
            // A write reads the asset fresh from Webflow, never from the cache.
            Some(
                Command::List(_) | Command::Update(_) | Command::Completions(_) | Command::Man,
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

    /// Locale ID to request (sent as localeId)
    #[arg(long, env = "WFA_LOCALE", value_name = "LOCALE_ID")]
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
        }
    }
}

/// The on-disk asset cache: only for what looks assets up by ID (the browser,
/// `get`, `audit ID...`); a site listing always comes from the API.
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

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Audit every asset of this site, listed live (so not with --offline);
    /// with --demo and no IDs, the demo site by default
    #[arg(long, value_name = "SITE_ID", conflicts_with_all = ["ids", "offline"])]
    pub site: Option<String>,

    /// Only assets in this folder of the site
    #[arg(long, value_name = "FOLDER_ID", conflicts_with = "ids")]
    pub folder: Option<String>,

    /// Audit these assets (`-` reads IDs from standard input)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,

    /// Report format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Exit 1 when a finding is at least this severe
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Severity of a missing (null) alt text, which Webflow treats as decorative
    #[arg(long, value_enum, default_value_t = MissingSeverity::Warning)]
    pub missing: MissingSeverity,

    /// Alt text longer than this many characters is flagged
    #[arg(long, default_value_t = 125, value_name = "CHARS")]
    pub max_chars: usize,

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
