//! `wfa get ID...`: fetch assets concurrently and print them in input order.

use std::collections::HashMap;
use std::io::{self, Read, Write};

use futures::StreamExt;
use serde_json::json;

use crate::cli::GetArgs;
use crate::config::Settings;
use crate::source::Source;
use crate::text::format::asset_block;
use crate::webflow::{ApiError, Asset, FailureClass, Fetched, ObjectId, id::split_ids};

type Outcome = Result<Fetched<Asset>, ApiError>;

/// Runs the command; returns the exit code.
pub async fn run(args: &GetArgs, settings: &Settings) -> u8 {
    let ids = match collect_ids(&args.ids, &mut io::stdin().lock()) {
        Ok(ids) => ids,
        Err(messages) => {
            for m in messages {
                eprintln!("wfa get: {m}");
            }
            return FailureClass::Usage.exit_code();
        }
    };
    let source = match Source::connect(settings, false).await {
        Ok(source) => source,
        Err(e) => {
            eprintln!("wfa get: {e}");
            return e.exit_code();
        }
    };
    let mut stdout = io::stdout().lock();
    let worst = fetch_in_order(
        &source,
        settings.locale.as_ref(),
        &ids,
        args.concurrency.into(),
        |id, outcome| write_outcome(&mut stdout, id, outcome, args.json),
    )
    .await;
    worst.map_or(0, FailureClass::exit_code)
}

/// Reads IDs from the arguments (`-` means standard input) and validates all of
/// them before any request; returns every problem at once.
pub fn collect_ids(args: &[String], stdin: &mut impl Read) -> Result<Vec<ObjectId>, Vec<String>> {
    let mut piped = String::new();
    let mut raw: Vec<String> = Vec::new();
    for arg in args {
        if arg == "-" {
            piped.clear();
            if let Err(e) = stdin.read_to_string(&mut piped) {
                return Err(vec![format!("cannot read IDs from standard input: {e}")]);
            }
            raw.extend(split_ids(&piped).map(str::to_string));
        } else {
            raw.extend(split_ids(arg).map(str::to_string));
        }
    }
    if raw.is_empty() {
        return Err(vec![
            "no asset IDs given (standard input was empty?)".to_string(),
        ]);
    }
    let (ids, errors): (Vec<_>, Vec<_>) = raw
        .iter()
        .map(|r| ObjectId::parse("asset", r))
        .partition(Result::is_ok);
    if errors.is_empty() {
        Ok(ids.into_iter().map(Result::unwrap).collect())
    } else {
        let mut messages: Vec<String> = errors
            .into_iter()
            .map(|e| e.unwrap_err().to_string())
            .collect();
        messages.push("nothing was fetched".to_string());
        Err(messages)
    }
}

/// Fetches each distinct ID once, at most `concurrency` at a time, and hands the
/// outcomes to `emit` in input order as soon as each one's turn comes (output
/// streams; a slow first ID only delays what follows it). Returns the worst
/// failure class seen. `emit` returning an error (a closed pipe) stops early.
pub async fn fetch_in_order(
    source: &Source,
    locale: Option<&ObjectId>,
    ids: &[ObjectId],
    concurrency: usize,
    mut emit: impl FnMut(&ObjectId, &Outcome) -> io::Result<()>,
) -> Option<FailureClass> {
    let mut unique: Vec<&ObjectId> = Vec::new();
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

    let mut done: HashMap<&ObjectId, Outcome> = HashMap::new();
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
    id: &ObjectId,
    outcome: &Outcome,
    json: bool,
) -> io::Result<()> {
    match (outcome, json) {
        (Ok(fetched), true) => writeln!(out, "{}", fetched.raw),
        (Ok(fetched), false) => {
            writeln!(out, "{}", asset_block(&fetched.value, chrono::Utc::now()))
        }
        (Err(e), true) => writeln!(out, "{}", error_json(id, e)),
        (Err(e), false) => {
            out.flush()?;
            eprintln!("wfa get: {id}: {e}\n");
            Ok(())
        }
    }
}

/// `{"id": …, "error": {"httpStatus", "code", "message", …}}`: Webflow's own
/// message as `webflowMessage`, wfa's advice as `message`.
pub fn error_json(id: &ObjectId, e: &ApiError) -> serde_json::Value {
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
