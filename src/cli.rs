//! Command-line definitions (clap). Parsing only: `main` decides what runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::{Overrides, PreviewMode};
use crate::lookup::CacheMode;

const AFTER_HELP: &str = "\
Without a subcommand, wfa opens the terminal browser (on the demo catalogue when no token is set).

Configuration:
  WEBFLOW_API_TOKEN   API token (or `token` in config.toml); never a flag
  WEBFLOW_API_BASE    API base URL (default https://api.webflow.com/v2)
  WFA_LOCALE          locale ID sent as localeId
  WFA_CONFIG          path of config.toml
  WFA_LOG             log level for the log file (default warn)

Exit codes:
  0 all fetched   1 not found or other failure   2 usage error or invalid ID
  3 token rejected or missing (401/403)   4 rate limited (429)   5 network failure or 5xx";

#[derive(Debug, Parser)]
#[command(
    name = "wfa",
    version,
    about = "Browse Webflow assets and check their alt text from the terminal",
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Asset IDs to open in the browser
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Answer from the built-in demo catalogue instead of Webflow
    #[arg(long, global = true)]
    pub demo: bool,

    /// Base URL of the Webflow Data API
    #[arg(long, global = true, env = "WEBFLOW_API_BASE", value_name = "URL")]
    pub api_base: Option<String>,

    /// Locale ID to request (sent as localeId)
    #[arg(long, global = true, env = "WFA_LOCALE", value_name = "LOCALE_ID")]
    pub locale: Option<String>,

    /// Path of the configuration file
    #[arg(long, global = true, env = "WFA_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Answer only from the on-disk cache: no request reaches the API
    #[arg(long, global = true, conflicts_with = "no_cache")]
    pub offline: bool,

    /// Neither read nor write the on-disk cache
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Thumbnail preview: ask the terminal (auto), force a graphics protocol,
    /// use coloured half blocks, or turn it off
    #[arg(long, global = true, value_enum, value_name = "MODE")]
    pub preview: Option<PreviewMode>,

    /// Log level for the log file (error, warn, info, debug, trace)
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
}

impl GlobalArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides {
            api_base: self.api_base.clone(),
            locale: self.locale.clone(),
            config_path: self.config.clone(),
            demo: self.demo,
            preview: self.preview,
            cache_mode: if self.offline {
                CacheMode::Offline
            } else if self.no_cache {
                CacheMode::Bypass
            } else {
                CacheMode::Normal
            },
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fetch assets by ID and print them
    Get(GetArgs),
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
}
