//! Where wfa keeps things and how it is configured: `config.toml`, the token, the
//! API base and the locale, with flags and environment over the file over defaults.
//!
//! The token is read from `WEBFLOW_API_TOKEN` or the config file only — never
//! from a flag, which would leave it in shell history and `ps` output.

use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use std::time::Duration;

use crate::audit::settings::{AuditSettings, AuditTable};
use crate::store::CacheMode;
use crate::store::read::read_text;
use crate::webflow::{ClientConfig, DEFAULT_API_BASE, InvalidId, LocaleId, Token};

pub const TOKEN_ENV: &str = "WEBFLOW_API_TOKEN";

/// How the thumbnail preview draws: by asking the terminal (`auto`), with a
/// given graphics protocol, with coloured half blocks (any terminal), or not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PreviewMode {
    #[default]
    Auto,
    Kitty,
    Sixel,
    Iterm2,
    Halfblocks,
    Off,
}

/// The preview mode and who chose it: the browser shows the pane at start
/// when the mode was chosen on purpose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreviewChoice {
    pub mode: PreviewMode,
    pub source: ChoiceSource,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChoiceSource {
    /// Nobody chose: `auto`.
    #[default]
    Default,
    ConfigFile,
    CommandLine,
}

/// The contents of `config.toml`. Unknown keys are an error: a misspelt `tokne`
/// silently ignored would be worse than a message at startup.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub token: Option<String>,
    pub api_base: Option<String>,
    pub locale: Option<String>,
    /// Mouse wheel scrolling in the browser (off by default: capturing the
    /// mouse stops the terminal's own text selection).
    pub mouse: Option<bool>,
    /// `auto` (default), `kitty`, `sixel`, `iterm2`, `halfblocks` or `off`.
    pub preview: Option<PreviewMode>,
    /// Tries per request, the first included (default 3).
    pub attempts: Option<u32>,
    /// Seconds allowed to connect (default 5).
    pub connect_timeout_secs: Option<u64>,
    /// Seconds allowed for a whole request, body included (default 30).
    pub timeout_secs: Option<u64>,
    /// The longest wait honoured from a 429's Retry-After (default 60).
    pub max_retry_wait_secs: Option<u64>,
    /// `action = ["key", …]`: replaces the keys of the named actions.
    #[serde(default)]
    pub keys: std::collections::HashMap<String, Vec<String>>,
    /// `[audit]`: the audit's settings for every site (a project file's
    /// `[audit]` goes over it).
    #[serde(default)]
    pub audit: Option<AuditTable>,
}

/// The contents of a project file (`wfa.toml` / `.wfa.toml`): only an
/// `[audit]` table for now. Unknown keys are an error, as in config.toml.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    #[serde(default)]
    pub audit: Option<AuditTable>,
}

/// The names of a project file, in the order they are looked for in each
/// directory (the first found wins).
pub const PROJECT_FILE_NAMES: [&str; 2] = ["wfa.toml", ".wfa.toml"];

/// What the command line and environment say (parsed by clap in `cli`).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub api_base: Option<String>,
    pub locale: Option<String>,
    pub config_path: Option<PathBuf>,
    pub demo: bool,
    pub cache_mode: CacheMode,
    pub preview: Option<PreviewMode>,
    /// Where the search for a project file (`wfa.toml`, `.wfa.toml`) starts;
    /// `None`: the working directory.
    pub project_dir: Option<PathBuf>,
}

/// Everything a command needs to know, resolved once at startup.
#[derive(Debug, Clone)]
pub struct Settings {
    pub api_base: String,
    pub token: Option<Token>,
    pub locale: Option<LocaleId>,
    /// A locale given by its tag (`fr-FR`) rather than its ID: only commands
    /// that know the site can resolve it (`wfa usage`); the others refuse it.
    pub locale_tag: Option<String>,
    pub config_path: PathBuf,
    pub demo: bool,
    pub cache_mode: CacheMode,
    pub preview: PreviewChoice,
    pub mouse: bool,
    pub keys: std::collections::HashMap<String, Vec<String>>,
    pub network: Network,
    /// The audit's settings from config.toml's `[audit]` and the project file
    /// (`wfa audit` puts its flags over them; the browser uses them as they are).
    pub audit: AuditSettings,
    /// Problems worth telling the user that do not stop wfa.
    pub warnings: Vec<String>,
}

/// Timeouts and retry policy, from config.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    pub attempts: u32,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_retry_wait: Duration,
}

impl Default for Network {
    fn default() -> Self {
        Self {
            attempts: 3,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_retry_wait: Duration::from_secs(60),
        }
    }
}

impl Settings {
    /// The client configuration for the live API.
    pub fn client_config(&self) -> ClientConfig {
        let mut config = ClientConfig::new(&self.api_base, self.token.clone());
        self.network.apply(&mut config);
        config
    }
}

impl Network {
    pub fn apply(&self, config: &mut ClientConfig) {
        config.attempts = self.attempts;
        config.connect_timeout = self.connect_timeout;
        config.timeout = self.timeout;
        config.max_retry_wait = self.max_retry_wait;
    }

    fn from_file(file: &FileConfig, path: &str) -> Result<Self, ConfigError> {
        let defaults = Self::default();
        let invalid = |key, reason| ConfigError::Invalid {
            path: path.to_string(),
            key,
            reason,
        };
        let secs = |value: Option<u64>, key: &'static str, default: Duration| match value {
            Some(0) => Err(invalid(key, "must be at least 1")),
            Some(s) if s > 3600 => Err(invalid(key, "must be at most 3600")),
            Some(s) => Ok(Duration::from_secs(s)),
            None => Ok(default),
        };
        let attempts = match file.attempts {
            Some(n @ 1..=10) => n,
            Some(_) => return Err(invalid("attempts", "must be between 1 and 10")),
            None => defaults.attempts,
        };
        Ok(Self {
            attempts,
            connect_timeout: secs(
                file.connect_timeout_secs,
                "connect_timeout_secs",
                defaults.connect_timeout,
            )?,
            timeout: secs(file.timeout_secs, "timeout_secs", defaults.timeout)?,
            max_retry_wait: match file.max_retry_wait_secs {
                // Zero is allowed here: "do not wait for Retry-After at all".
                Some(s) if s <= 3600 => Duration::from_secs(s),
                Some(_) => {
                    return Err(invalid("max_retry_wait_secs", "must be at most 3600"));
                }
                None => defaults.max_retry_wait,
            },
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{path} does not exist; create it, or point --config / WFA_CONFIG at your config file (or unset them to use the default)"
    )]
    Missing { path: String },
    #[error(
        "{path} is not a text file (it is not UTF-8); point --config / WFA_CONFIG at your TOML config file, or move this one aside"
    )]
    NotText { path: String },
    #[error(
        "{path} is over the 1 MiB limit for a config file; point --config / WFA_CONFIG at your config file, or move this one aside"
    )]
    TooLarge { path: String },
    #[error("{detail}; point --config / WFA_CONFIG at a regular config file")]
    NotRegular { detail: String },
    #[error(
        "cannot read {path}: {source}. Fix its permissions or point --config / WFA_CONFIG elsewhere"
    )]
    Denied { path: String, source: io::Error },
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: io::Error },
    #[error(
        "{path} is not valid: {detail}. Fix the file (see assets/config.example.toml for the keys) or move it aside"
    )]
    Parse { path: String, detail: String },
    #[error("{key} in {path} {reason}")]
    Invalid {
        path: String,
        key: &'static str,
        reason: &'static str,
    },
    #[error("{path} (the project file for this directory) {detail}; fix it or move it aside")]
    Project { path: String, detail: String },
    #[error("no home directory was found for the configuration; set --config or WFA_CONFIG")]
    NoHome,
    #[error("{source} (from --locale, WFA_LOCALE or locale in {path})")]
    Locale { path: String, source: InvalidId },
    #[error(
        "the API token from {0} contains a space, line break or other character a token cannot have; copy the token again (Webflow site settings → Apps & integrations)"
    )]
    BadToken(String),
}

/// A BCP 47-looking tag (`fr`, `fr-FR`, `zh-Hant-TW`): letters, digits and
/// hyphens, starting with 2–3 letters — never a 24-character hex ID.
fn is_locale_tag(value: &str) -> bool {
    let value = value.trim();
    let first = value.split('-').next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && value.len() <= 35
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The largest config file read: a hand-written config.toml is a few
/// hundred bytes; anything near this is not one (or is damaged).
pub const CONFIG_MAX_BYTES: u64 = 1 << 20;

impl Settings {
    /// Resolves settings from the environment, the config file and overrides.
    pub fn load(overrides: &Overrides) -> Result<Self, ConfigError> {
        let config_path = match &overrides.config_path {
            Some(path) => path.clone(),
            None => config_dir().ok_or(ConfigError::NoHome)?.join("config.toml"),
        };
        let file = read_config(&config_path, overrides.config_path.is_some())?;
        let shown = config_path.display().to_string();
        let token = match std::env::var(TOKEN_ENV).ok().and_then(Token::new) {
            Some(token) => Some(token),
            None => file.token.clone().and_then(Token::new),
        };
        if let Some(token) = &token
            && !token.is_well_formed()
        {
            let from = if std::env::var(TOKEN_ENV).ok().and_then(Token::new).is_some() {
                TOKEN_ENV
            } else {
                shown.as_str()
            };
            return Err(ConfigError::BadToken(from.to_string()));
        }
        let api_base = overrides
            .api_base
            .clone()
            .or(file.api_base.clone())
            .unwrap_or_else(|| DEFAULT_API_BASE.to_string());
        let given = overrides
            .locale
            .clone()
            .or(file.locale.clone())
            .filter(|l| !l.trim().is_empty());
        let (locale, locale_tag) = match given {
            None => (None, None),
            Some(l) if is_locale_tag(&l) => (None, Some(l.trim().to_string())),
            Some(l) => (
                Some(LocaleId::parse(&l).map_err(|source| ConfigError::Locale {
                    path: shown.clone(),
                    source,
                })?),
                None,
            ),
        };
        let mut warnings: Vec<String> = token_file_warning(&config_path, &file)
            .into_iter()
            .collect();
        let start = match &overrides.project_dir {
            Some(dir) => Some(dir.clone()),
            None => std::env::current_dir().ok(),
        };
        let project_file = start.and_then(|dir| {
            let (found, warning) = find_project_file(&dir);
            warnings.extend(warning);
            found
        });
        let project = match &project_file {
            Some(path) => read_project_file(path)?.audit,
            None => None,
        };
        // Named in notes only when it sets something.
        let config_file = file
            .audit
            .as_ref()
            .is_some_and(|a| !a.is_empty())
            .then(|| config_path.clone());
        let mut audit_config = crate::audit::AuditConfig::default();
        match (project, file.audit.clone()) {
            (Some(near), Some(far)) => near.over(far).apply(&mut audit_config),
            (Some(table), None) | (None, Some(table)) => table.apply(&mut audit_config),
            (None, None) => {}
        }
        let audit = AuditSettings {
            config: audit_config,
            project_file,
            config_file,
        };
        Ok(Self {
            api_base,
            warnings,
            token,
            locale,
            locale_tag,
            config_path,
            demo: overrides.demo,
            cache_mode: overrides.cache_mode,
            preview: match (overrides.preview, file.preview) {
                (Some(mode), _) => PreviewChoice {
                    mode,
                    source: ChoiceSource::CommandLine,
                },
                (None, Some(mode)) => PreviewChoice {
                    mode,
                    source: ChoiceSource::ConfigFile,
                },
                (None, None) => PreviewChoice::default(),
            },
            mouse: file.mouse.unwrap_or(false),
            network: Network::from_file(&file, &shown)?,
            keys: file.keys,
            audit,
        })
    }
}

/// A config file that holds the token must be private to its owner.
fn token_file_warning(path: &Path, file: &FileConfig) -> Option<String> {
    file.token.as_ref()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode();
        if mode & 0o077 != 0 {
            return Some(format!(
                "{} holds the API token and other users can read it (mode {:o}); run: chmod 600 {}",
                path.display(),
                mode & 0o777,
                path.display()
            ));
        }
    }
    None
}

/// Reads `config.toml`; a missing file is the same as an empty one.
pub fn read_file_config(path: &Path) -> Result<FileConfig, ConfigError> {
    read_config(path, false)
}

/// Reads the config file at `path`, capped at [`CONFIG_MAX_BYTES`] and only
/// if it is a regular file. A missing file is an empty config unless the path
/// was given explicitly (`--config`, `WFA_CONFIG`), which must exist.
pub fn read_config(path: &Path, explicit: bool) -> Result<FileConfig, ConfigError> {
    let shown = path.display().to_string();
    let text = match read_text(path, CONFIG_MAX_BYTES) {
        Ok(Some(text)) => text,
        Ok(None) if explicit => return Err(ConfigError::Missing { path: shown }),
        Ok(None) => return Ok(FileConfig::default()),
        Err(source) => return Err(read_error(shown, source)),
    };
    let mut file: FileConfig = parse_toml(&text, &shown)?;
    if let Some(audit) = &mut file.audit {
        audit.locate(|offset| format!("{shown}:{}", line_at(&text, offset)));
    }
    Ok(file)
}

/// Parses a TOML file's `text`; an error names the file (`shown`) and the line.
fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, shown: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: shown.to_string(),
        // toml's full message quotes the offending line, which may hold the
        // token: say only what is wrong and on which line.
        detail: match e.span() {
            Some(span) => format!(
                "line {}: {}",
                line_at(text, span.start),
                crate::text::clean(e.message().trim())
            ),
            None => crate::text::clean(e.message().trim()).into_owned(),
        },
    })
}

/// The line (1-based) of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The nearest project file: `wfa.toml`, else `.wfa.toml`, in `start`, else in
/// its parent, and so on up to the filesystem root (as rustfmt and clippy find
/// theirs). Also a warning when one directory holds both names.
pub fn find_project_file(start: &Path) -> (Option<PathBuf>, Option<String>) {
    for dir in start.ancestors() {
        let mut found = PROJECT_FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.is_file());
        if let Some(first) = found.next() {
            let warning = found.next().map(|other| {
                format!(
                    "{} and {} both exist; {} is used and {} is ignored",
                    first.display(),
                    other.display(),
                    PROJECT_FILE_NAMES[0],
                    PROJECT_FILE_NAMES[1]
                )
            });
            return (Some(first), warning);
        }
    }
    (None, None)
}

/// Reads a project file (`wfa.toml`): the same checks and caps as config.toml;
/// errors name the file and, for its contents, the line.
pub fn read_project_file(path: &Path) -> Result<ProjectFile, ConfigError> {
    let shown = path.display().to_string();
    let project = |detail: String| ConfigError::Project {
        path: shown.clone(),
        detail,
    };
    let text = match read_text(path, CONFIG_MAX_BYTES) {
        Ok(Some(text)) => text,
        // Gone between finding and reading it.
        Ok(None) => return Ok(ProjectFile::default()),
        Err(e) => {
            return Err(project(match e.kind() {
                io::ErrorKind::InvalidData => "is not a text file (it is not UTF-8)".into(),
                io::ErrorKind::FileTooLarge => "is over the 1 MiB limit for a settings file".into(),
                _ => format!("cannot be read: {e}"),
            }));
        }
    };
    let mut file: ProjectFile = parse_toml(&text, &shown)?;
    if let Some(audit) = &mut file.audit {
        audit.locate(|offset| format!("{shown}:{}", line_at(&text, offset)));
    }
    Ok(file)
}

/// The message for a config file that could not be read, by what went wrong.
fn read_error(path: String, source: io::Error) -> ConfigError {
    match source.kind() {
        io::ErrorKind::InvalidData => ConfigError::NotText { path },
        io::ErrorKind::FileTooLarge => ConfigError::TooLarge { path },
        io::ErrorKind::InvalidInput => ConfigError::NotRegular {
            detail: source.to_string(),
        },
        io::ErrorKind::PermissionDenied => ConfigError::Denied { path, source },
        _ => ConfigError::Read { path, source },
    }
}

/// The line (1-based) of the `[keys]` entry for `action` in the config file
/// at `path`, for messages about key bindings: `action = …` inside a
/// `[keys]` table, or `keys.action = …` at the top level. `None` when the file
/// cannot be read or the entry is not found.
pub fn keys_entry_line(path: &Path, action: &str) -> Option<usize> {
    let text = read_text(path, CONFIG_MAX_BYTES).ok()??;
    let assigns = |line: &str, key: &str| {
        line.strip_prefix(key)
            .or_else(|| {
                line.strip_prefix('"')
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix('"'))
            })
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let dotted = format!("keys.{action}");
    let mut in_keys = false;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            in_keys = line.trim_start_matches('[').trim_end_matches(']').trim() == "keys";
            continue;
        }
        if (in_keys && assigns(line, action)) || (!in_keys && assigns(line, &dotted)) {
            return Some(i + 1);
        }
    }
    // The `[keys]` header itself is the next best place to point at.
    text.lines()
        .position(|l| l.trim() == "[keys]")
        .map(|i| i + 1)
}

/// `$XDG_CONFIG_HOME/wfa` when set; `~/.config/wfa` on macOS too (where
/// terminal users expect it, rather than `~/Library/Application Support`);
/// the platform's convention elsewhere.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(xdg) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(xdg).join("wfa"));
    }
    if cfg!(target_os = "macos") {
        return directories::BaseDirs::new().map(|b| b.home_dir().join(".config").join("wfa"));
    }
    project_dirs().map(|p| p.config_dir().to_path_buf())
}

/// Where lookup history and other small state live.
pub fn data_dir() -> Option<PathBuf> {
    project_dirs().map(|p| p.data_dir().to_path_buf())
}

/// Where wfa keeps its own records (the log, the write journal): the
/// platform's state directory (`$XDG_STATE_HOME/wfa`, `~/.local/state/wfa`),
/// else the data directory where there is none (macOS, Windows).
pub fn state_dir() -> Option<PathBuf> {
    project_dirs().map(|p| p.state_dir().unwrap_or(p.data_dir()).to_path_buf())
}

/// The write journal's directory (`store::journal`): `<state dir>/journal`.
pub fn journal_dir() -> Option<PathBuf> {
    state_dir().map(|dir| dir.join("journal"))
}

/// Where cached assets and downloaded files live.
pub fn cache_dir() -> Option<PathBuf> {
    project_dirs().map(|p| p.cache_dir().to_path_buf())
}

/// The asset cache's root (`store::cache`): `<cache dir>/assets`.
pub fn asset_cache_dir() -> Option<PathBuf> {
    cache_dir().map(|dir| dir.join("assets"))
}

/// The file store's root (`store::files`, downloaded preview files):
/// `<cache dir>/files`.
pub fn file_cache_dir() -> Option<PathBuf> {
    cache_dir().map(|dir| dir.join("files"))
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "wfa")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_reported() {
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("config.toml"));
        std::fs::write(&path, "tokne = \"x\"\n").unwrap();
        let err = read_file_config(&path).unwrap_err().to_string();
        assert!(
            err.contains("tokne") && err.contains("config.toml"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_readable_token_file_is_warned_about() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, path) = crate::test_support::temp_path(|dir| dir.join("config.toml"));
        std::fs::write(&path, "token = \"abc\"\n").unwrap();
        let file = read_file_config(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warning = token_file_warning(&path, &file).unwrap();
        assert!(
            warning.contains("chmod 600") && warning.contains("644"),
            "{warning}"
        );
        assert!(!warning.contains("abc"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(token_file_warning(&path, &file), None);
        let no_token = FileConfig::default();
        assert_eq!(token_file_warning(&path, &no_token), None);
    }

    #[test]
    fn missing_file_is_empty_config() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = read_file_config(&dir.path().join("none.toml")).unwrap();
        assert!(cfg.token.is_none());
    }
}
