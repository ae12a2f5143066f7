//! The one error type of the client, with messages written for the person at the
//! keyboard: what went wrong and what to do next.
//!
//! Nothing here ever holds the API token: messages are built from status codes,
//! hosts and Webflow's own `code`/`message`, all cleaned for the terminal.

use std::time::Duration;

use super::model::ErrorBody;
use crate::text;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error(
        "no API token: set WEBFLOW_API_TOKEN, or put token = \"…\" in {config_path}; or try --demo to browse the demo catalogue"
    )]
    MissingToken { config_path: String },

    #[error("the API base {base:?} cannot be used: {reason}")]
    InvalidBase { base: String, reason: String },

    #[error("Webflow refused the request as malformed (HTTP 400{}). Check the ID and the --locale value", said(.body))]
    BadRequest { body: ErrorBody },

    #[error("the API token was rejected (HTTP 401{}). Check WEBFLOW_API_TOKEN (or token in config.toml) and that the token has the assets:read scope", said(.body))]
    Unauthorized { body: ErrorBody },

    #[error("the API token may not read this (HTTP 403{}). Give the token the assets:read scope, or use a token of the site that owns the asset", said(.body))]
    Forbidden { body: ErrorBody },

    /// A 403 `missing_scopes` to a write: the token lacks `assets:write`.
    #[error(
        "this token can read assets but not change them: create one with the assets:write scope"
    )]
    MissingWriteScope { body: ErrorBody },

    /// A write asked for with `--offline`, which sends nothing.
    #[error(
        "--offline sends nothing: asset {id} was not changed. Run the command without --offline to change it"
    )]
    OfflineWrite { id: String },

    #[error("{what} was not found (HTTP 404{}). Check the ID, and that the token belongs to the site that owns it", said(.body))]
    NotFound { what: String, body: ErrorBody },

    #[error("Webflow's rate limit was reached (HTTP 429{}); {}. Wait, or fetch fewer IDs at a time", said(.body), retry_hint(*.retry_after))]
    RateLimited {
        retry_after: Option<Duration>,
        body: ErrorBody,
    },

    #[error("Webflow had a server error (HTTP {status}{}). Try again in a moment; if it persists, see status.webflow.com", said(.body))]
    Server { status: u16, body: ErrorBody },

    #[error(
        "{host} redirected the request elsewhere (HTTP {status}); wfa does not follow redirects so that the token stays with the API host. Check --api-base / WEBFLOW_API_BASE"
    )]
    Redirected { host: String, status: u16 },

    #[error("unexpected answer from {host} (HTTP {status}{}). Check --api-base / WEBFLOW_API_BASE", said(.body))]
    UnexpectedStatus {
        host: String,
        status: u16,
        body: ErrorBody,
    },

    #[error("no complete answer from {host} within {}. Check your connection, or try again", seconds(*.after))]
    Timeout { host: String, after: Duration },

    #[error(
        "could not connect to {host} ({cause}). Check your network and proxy, or --api-base / WEBFLOW_API_BASE"
    )]
    Connect { host: String, cause: String },

    #[error(
        "the connection to {host} failed ({cause}). Try again; if it persists, check your network"
    )]
    Transport { host: String, cause: String },

    /// A success status with a body that cannot be read as JSON: truncated,
    /// invalid, HTML, or (`too_deep`) nested deeper than the parser goes.
    #[error("{}", not_json(.host, *.status, .content_type, *.len, *.too_deep))]
    NotJson {
        host: String,
        status: u16,
        content_type: Option<String>,
        len: usize,
        /// The JSON is nested too deeply to read (serde_json's recursion limit).
        too_deep: bool,
    },

    #[error(
        "{host} answered with JSON that is not {expected} ({detail}). If you set --api-base, check it points at the Webflow Data API v2"
    )]
    WrongShape {
        host: String,
        expected: &'static str,
        detail: String,
    },

    #[error(
        "{host} answered the request for asset {asked} with another asset ({got}); it was not used or cached. Try again; if it persists, report it to Webflow (or check --api-base / WEBFLOW_API_BASE)"
    )]
    WrongAsset {
        host: String,
        asked: String,
        got: String,
    },

    #[error(
        "the listing of site {site} does not add up: Webflow said the site holds {total} assets, but {got} distinct assets came back (pages repeated or skipped assets, even when fetched again). Run the command again; if it persists, report it to Webflow"
    )]
    IncompleteListing { site: String, got: u32, total: u32 },

    #[error(
        "site {site} changed while it was being listed (Webflow said {first} assets at first, then {last}; {got} distinct assets came back), so assets may be missing or out of date. Run the command again once uploads and deletions have finished"
    )]
    SiteChanged {
        site: String,
        first: u32,
        last: u32,
        got: u32,
    },

    #[error(
        "asset {id} is not in the cache, and --offline allows no requests. Run once without --offline to fetch it"
    )]
    NotCached { id: String },

    /// `--offline` and a site's content that was never read (and kept): the
    /// sentence names the site, the locales and the command to run.
    #[error("{sentence}")]
    SiteNotKept { sentence: String },

    #[error("the answer from {host} is larger than {} and was not read. If you set --api-base, check it points at the Webflow Data API", text::human_size(*.limit))]
    TooLarge { host: String, limit: u64 },
}

/// The broad class of a failure, which decides the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailureClass {
    /// Not found, a redirect, a body over the size cap, not cached with
    /// `--offline`, and anything else (exit 1).
    Other,
    /// Server faults: transport failures, 5xx, and 2xx answers that cannot be
    /// used (malformed, another asset than asked for, a listing that does not
    /// add up) (exit 5). Never 1, which `wfa audit` uses for findings.
    Transport,
    /// 429 (exit 4).
    RateLimited,
    /// 401/403 (a token without `assets:write` included) and a missing token (exit 3).
    Auth,
    /// A usage problem such as an unusable base URL, or a write asked for
    /// with `--offline` (exit 2).
    Usage,
}

impl FailureClass {
    /// Exit codes follow Webflow's own CLI.
    pub fn exit_code(self) -> u8 {
        match self {
            FailureClass::Other => 1,
            FailureClass::Usage => 2,
            FailureClass::Auth => 3,
            FailureClass::RateLimited => 4,
            FailureClass::Transport => 5,
        }
    }
}

impl ApiError {
    pub fn class(&self) -> FailureClass {
        use ApiError::*;
        match self {
            MissingToken { .. }
            | Unauthorized { .. }
            | Forbidden { .. }
            | MissingWriteScope { .. } => FailureClass::Auth,
            InvalidBase { .. } | OfflineWrite { .. } => FailureClass::Usage,
            RateLimited { .. } => FailureClass::RateLimited,
            Server { .. }
            | Timeout { .. }
            | Connect { .. }
            | Transport { .. }
            | NotJson { .. }
            | WrongShape { .. }
            | WrongAsset { .. }
            | IncompleteListing { .. }
            | SiteChanged { .. } => FailureClass::Transport,
            BadRequest { .. }
            | NotFound { .. }
            | Redirected { .. }
            | UnexpectedStatus { .. }
            | NotCached { .. }
            | SiteNotKept { .. }
            | TooLarge { .. } => FailureClass::Other,
        }
    }

    /// The HTTP status behind the error, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        use ApiError::*;
        match self {
            BadRequest { .. } => Some(400),
            Unauthorized { .. } => Some(401),
            Forbidden { .. } | MissingWriteScope { .. } => Some(403),
            NotFound { .. } => Some(404),
            RateLimited { .. } => Some(429),
            Server { status, .. }
            | Redirected { status, .. }
            | UnexpectedStatus { status, .. }
            | NotJson { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Webflow's error body, when the answer had one.
    pub fn body(&self) -> Option<&ErrorBody> {
        use ApiError::*;
        match self {
            BadRequest { body }
            | Unauthorized { body }
            | Forbidden { body }
            | MissingWriteScope { body }
            | NotFound { body, .. }
            | RateLimited { body, .. }
            | Server { body, .. }
            | UnexpectedStatus { body, .. } => Some(body),
            _ => None,
        }
    }

    /// A stable machine-readable code: Webflow's own `code` when it sent one,
    /// otherwise wfa's name for the failure.
    pub fn code(&self) -> String {
        if let Some(code) = self.body().and_then(|b| b.code.as_deref()) {
            return text::clean(code).into_owned();
        }
        use ApiError::*;
        match self {
            MissingToken { .. } => "missing_token",
            InvalidBase { .. } => "invalid_api_base",
            BadRequest { .. } => "bad_request",
            Unauthorized { .. } => "not_authorized",
            Forbidden { .. } => "forbidden",
            MissingWriteScope { .. } => "missing_scopes",
            OfflineWrite { .. } => "offline_write",
            NotFound { .. } => "resource_not_found",
            RateLimited { .. } => "too_many_requests",
            Server { .. } => "internal_error",
            Redirected { .. } => "redirected",
            UnexpectedStatus { .. } => "unexpected_status",
            Timeout { .. } => "timeout",
            Connect { .. } => "connection_failed",
            Transport { .. } => "transport_error",
            NotJson { too_deep: true, .. } => "json_too_deeply_nested",
            NotJson { .. } => "invalid_json",
            WrongAsset { .. } => "wrong_asset",
            IncompleteListing { .. } => "incomplete_listing",
            SiteChanged { .. } => "site_changed",
            WrongShape { .. } => "unexpected_json",
            TooLarge { .. } => "response_too_large",
            NotCached { .. } | SiteNotKept { .. } => "not_cached",
        }
        .to_string()
    }

    /// A success status whose body could not be used: worth one more try
    /// (a proxy or cache may have cut or mixed it up), no more.
    pub fn is_malformed_answer(&self) -> bool {
        matches!(
            self,
            ApiError::NotJson { .. } | ApiError::WrongShape { .. } | ApiError::WrongAsset { .. }
        )
    }

    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// ` — Webflow: "message" (code)`, or nothing when the body said nothing.
fn said(body: &ErrorBody) -> String {
    let message = body.message.as_deref().map(str::trim).unwrap_or("");
    let code = body.code.as_deref().map(str::trim).unwrap_or("");
    let (message, code) = (text::clean(message), text::clean(code));
    match (message.is_empty(), code.is_empty()) {
        (true, true) => String::new(),
        (false, true) => format!(", Webflow: \"{message}\""),
        (true, false) => format!(", Webflow: {code}"),
        (false, false) => format!(", Webflow: \"{message}\" ({code})"),
    }
}

/// `30 s`, or `0.3 s` below one second.
fn seconds(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} s", d.as_secs())
    }
}

fn retry_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!("Webflow asks to retry after {} s", d.as_secs()),
        None => "Webflow did not say when to retry (usually one minute)".to_string(),
    }
}

fn not_json(
    host: &str,
    status: u16,
    content_type: &Option<String>,
    len: usize,
    too_deep: bool,
) -> String {
    if too_deep {
        format!(
            "{host} answered HTTP {status} with JSON that is too deeply nested to read ({}). If you set --api-base, check it points at the Webflow Data API",
            describe_body(content_type, len)
        )
    } else {
        format!(
            "{host} answered HTTP {status} with a body that is not JSON ({}). If you set --api-base, check it points at the Webflow Data API",
            describe_body(content_type, len)
        )
    }
}

fn describe_body(content_type: &Option<String>, len: usize) -> String {
    let kind = match content_type {
        Some(ct) => text::clean(ct).into_owned(),
        None => "no content type".to_string(),
    };
    if len == 0 {
        format!("{kind}, empty")
    } else {
        format!("{kind}, {}", text::human_size(len as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_webflow_and_cleans_it() {
        let e = ApiError::Unauthorized {
            body: ErrorBody {
                code: Some("not_authorized".into()),
                message: Some("Request \x1b[31mnot authorized".into()),
                external_reference: None,
            },
        };
        let msg = e.to_string();
        assert!(
            msg.contains("\"Request not authorized\" (not_authorized)"),
            "{msg}"
        );
        assert!(msg.contains("WEBFLOW_API_TOKEN") && msg.contains("assets:read"));
        assert_eq!(e.class().exit_code(), 3);
    }

    #[test]
    fn empty_body_says_nothing_extra() {
        let e = ApiError::Server {
            status: 502,
            body: ErrorBody::default(),
        };
        assert!(
            e.to_string()
                .starts_with("Webflow had a server error (HTTP 502).")
        );
        assert_eq!(e.code(), "internal_error");
    }
}
