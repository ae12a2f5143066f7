//! `wfa get ID...`: fetch assets concurrently and print them in input order.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use futures::StreamExt;
use serde_json::json;

use super::locale::SiteHint;
use crate::cli::GetArgs;
use crate::config::Settings;
use crate::format::asset_block;
use crate::source::Source;
use crate::webflow::{
    ApiError, Asset, AssetId, BadIds, FailureClass, Fetched, LocaleId, parse_ids,
};

type Outcome = Result<Fetched<Asset>, ApiError>;

/// Runs the command; returns the exit code.
pub async fn run(args: &GetArgs, settings: &Settings) -> u8 {
    let ids = match collect_ids(&args.ids, &mut io::stdin().lock()) {
        Ok(ids) => ids,
        Err(e) => {
            e.report("wfa get");
            return FailureClass::Usage.exit_code();
        }
    };
    let source = match super::connect(settings, "wfa get").await {
        Ok(source) => source,
        Err(code) => return code,
    };
    let locale =
        match super::locale::resolve(&source, settings, SiteHint::Assets(&ids), "wfa get").await {
            Ok(locale) => locale,
            Err(code) => return code,
        };
    let mut stdout = io::stdout().lock();
    let worst = fetch_in_order(
        &source,
        locale.as_ref(),
        &ids,
        args.concurrency.into(),
        |id, outcome| write_outcome(&mut stdout, id, outcome, args.json),
    )
    .await;
    worst.map_or(0, FailureClass::exit_code)
}

/// Reads IDs from the arguments (`-` means standard input) and validates all of
/// them before any request ([`parse_ids`]: every bad ID is reported at once).
/// Order and repeats are kept; [`fetch_in_order`] fetches each ID once.
pub fn collect_ids(args: &[String], stdin: &mut impl Read) -> Result<Vec<AssetId>, IdsError> {
    let mut piped = String::new();
    if args.iter().any(|arg| arg == "-") {
        stdin.read_to_string(&mut piped).map_err(IdsError::Stdin)?;
    }
    // Standard input is read once: a second `-` finds it at its end.
    let mut first_dash = true;
    let texts = args.iter().map(|arg| match arg.as_str() {
        "-" if std::mem::take(&mut first_dash) => piped.as_str(),
        "-" => "",
        arg => arg,
    });
    let ids = parse_ids(texts)?;
    if ids.is_empty() {
        return Err(IdsError::Empty);
    }
    Ok(ids)
}

/// Why `wfa get`/`wfa audit` have no IDs to fetch: a usage error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum IdsError {
    #[error("cannot read IDs from standard input: {0}")]
    Stdin(io::Error),
    #[error("no asset IDs given (standard input was empty?)")]
    Empty,
    #[error("{0:#}\nnothing was fetched")]
    Bad(#[from] BadIds),
}

impl IdsError {
    /// Prints the error on stderr, each line after `prefix` (`wfa get`).
    pub fn report(&self, prefix: &str) {
        for line in self.to_string().lines() {
            eprintln!("{prefix}: {line}");
        }
    }
}

/// Fetches each distinct ID once, at most `concurrency` at a time, and hands the
/// outcomes to `emit` in input order as soon as each one's turn comes (output
/// streams; a slow first ID only delays what follows it). Returns the worst
/// failure class seen. `emit` returning an error (a closed pipe) stops early.
pub async fn fetch_in_order(
    source: &Source,
    locale: Option<&LocaleId>,
    ids: &[AssetId],
    concurrency: usize,
    mut emit: impl FnMut(&AssetId, &Outcome) -> io::Result<()>,
) -> Option<FailureClass> {
    let mut unique: Vec<&AssetId> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ids {
        if seen.insert(id) {
            unique.push(id);
        }
    }
    let lookup = &source.lookup;
    let mut results = futures::stream::iter(unique)
        .map(|id| async move { (id, lookup.fetch(id, locale).await) })
        .buffered(concurrency.max(1));

    let mut done: HashMap<&AssetId, Outcome> = HashMap::new();
    let mut next = 0;
    let mut worst: Option<FailureClass> = None;
    while let Some((id, outcome)) = results.next().await {
        if let Err(e) = &outcome {
            worst = worst.max(Some(e.class()));
        }
        done.insert(id, outcome);
        while let Some(outcome) = ids.get(next).and_then(|id| done.get(id)) {
            if emit(&ids[next], outcome).is_err() {
                return worst;
            }
            next += 1;
        }
    }
    worst
}

fn write_outcome(
    out: &mut impl Write,
    id: &AssetId,
    outcome: &Outcome,
    json: bool,
) -> io::Result<()> {
    match (outcome, json) {
        (Ok(fetched), true) => super::json::write_line(out, &fetched.raw),
        (Ok(fetched), false) => {
            writeln!(out, "{}", asset_block(&fetched.value, chrono::Utc::now()))
        }
        (Err(e), true) => super::json::write_line(out, &error_json(id, e)),
        (Err(e), false) => {
            out.flush()?;
            eprintln!("wfa get: {id}: {e}\n");
            Ok(())
        }
    }
}

/// `{"id": …, "error": {"httpStatus", "code", "message", …}}`: Webflow's own
/// message as `webflowMessage`, wfa's advice as `message`.
pub fn error_json(id: &AssetId, e: &ApiError) -> serde_json::Value {
    let mut error = json!({
        "httpStatus": e.http_status(),
        "code": e.code(),
        "message": e.to_string(),
    });
    if let Some(message) = e.body().and_then(|b| b.message.as_deref()) {
        error["webflowMessage"] = json!(message);
    }
    if let Some(wait) = e.retry_after() {
        error["retryAfterSeconds"] = json!(wait.as_secs());
    }
    json!({"id": id.as_str(), "error": error})
}
