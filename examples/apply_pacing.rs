//! Apply benchmark: the real `wfa apply --yes` binary writes 200 alt texts to
//! one site of a loopback server that enforces Webflow's Starter limit of 60
//! requests a minute and answers 429 with Retry-After past it. Webflow
//! documents the limit and its `X-RateLimit-Limit`/`-Remaining` headers, not
//! how the budget refills; like `examples/rate_limit.rs`, the server models it
//! as a bucket as large as the limit (a fresh token may spend a minute's worth
//! at once), refilled at one request a second.
//!
//! An apply reads before it writes (one GET to learn the site, then listing
//! pages of 100), so 200 changes cost a few requests more than 200. Whatever
//! their number R, the bucket lets them through no faster than
//! (R − burst) / rate: that is the floor the run's wall time is held to.
//!
//! Targets (exit 1 when one is missed): at most 1.05 requests per change, wall
//! time within 5 % of the floor, at most one 429 — and every change on the
//! server afterwards.
//!
//! The binary is run as a user would run it, in a throwaway home (config,
//! cache, history and journal directories), with no terminal: `--yes` applies
//! without asking and no progress bar is drawn.
//!
//! cargo build --release && cargo run --release --example apply_pacing
//! [-- --changes N --assets N --per-minute N --burst N --wfa PATH]
//!
//! A quick try while developing (about 4 s; the reads weigh more in a small
//! run, so the requests-per-change target is only judged from 200 changes):
//! cargo run --release --example apply_pacing -- --changes 40 --per-minute 600 --burst 10

use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use webflow_assets::store::demo::Catalogue;
use webflow_assets::store::demo_server::{DemoServer, RateLimitPolicy, Route};

/// What a run must achieve (issue 12, item 10).
const MAX_REQUESTS_PER_CHANGE: f64 = 1.05;
/// The run size that target is set for: the reads (a GET and a page per 100
/// assets) are a fixed cost, which a smaller run spreads over fewer changes.
const PER_CHANGE_FROM: usize = 200;
const MAX_OVER_FLOOR: f64 = 0.05;
const MAX_429: u64 = 1;

/// The binary's exit may take this long past the floor without being a miss
/// when the floor itself is tiny (the quick variant): process start and
/// shutdown are not pacing.
const FLOOR_SLACK: Duration = Duration::from_millis(250);

struct Options {
    changes: usize,
    assets: usize,
    policy: RateLimitPolicy,
    wfa: PathBuf,
}

fn options() -> Result<Options, String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| -> Option<&String> {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let number = |name: &str, default: usize| -> Result<usize, String> {
        value(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| format!("{name} takes a whole number, not {v:?}"))
        })
    };
    for arg in args.iter().filter(|a| a.starts_with("--")) {
        if !["--changes", "--assets", "--per-minute", "--burst", "--wfa"].contains(&arg.as_str()) {
            return Err(format!(
                "unknown option {arg}; options: --changes N --assets N --per-minute N --burst N --wfa PATH"
            ));
        }
    }
    let changes = number("--changes", 200)?.max(1);
    // At least 250 assets, and always a quarter more than the changes, so
    // the listing has assets the run does not touch (as a real site does).
    let assets = number("--assets", 250.max(changes + changes / 4))?.max(changes + 2);
    let per_minute = number("--per-minute", 60)?.max(1) as u32;
    let burst = number("--burst", per_minute as usize)?.max(1) as u32;
    let wfa = value("--wfa").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/wfa"),
        PathBuf::from,
    );
    Ok(Options {
        changes,
        assets,
        policy: RateLimitPolicy {
            per_minute,
            burst,
            enforce: true,
        },
        wfa,
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("apply_pacing: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = check_binary(&options.wfa).await {
        eprintln!("apply_pacing: {e}");
        return ExitCode::from(2);
    }
    match measure(&options).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("apply_pacing: {e}");
            ExitCode::from(2)
        }
    }
}

/// The binary must exist and know `apply`: a stale build would measure
/// nothing, or something else.
async fn check_binary(wfa: &Path) -> Result<(), String> {
    let help = tokio::process::Command::new(wfa)
        .args(["apply", "--help"])
        .stdin(Stdio::null())
        .output()
        .await
        .map_err(|e| {
            format!(
                "cannot run {}: {e} (build it first: cargo build --release)",
                wfa.display()
            )
        })?;
    if !help.status.success() {
        return Err(format!(
            "{} has no `apply` command (rebuild: cargo build --release)",
            wfa.display()
        ));
    }
    Ok(())
}

async fn measure(options: &Options) -> Result<bool, String> {
    let Options {
        changes,
        assets,
        policy,
        ref wfa,
    } = *options;
    let catalogue = Arc::new(Catalogue::load()?);
    let server = DemoServer::start_sized(catalogue, policy, assets)
        .await
        .map_err(|e| format!("the loopback server did not start: {e}"))?;
    let targets = pick_targets(&server, changes);
    if targets.len() < changes {
        return Err(format!(
            "the site has only {} images; ask for more with --assets",
            targets.len()
        ));
    }

    let home = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let csv_path = home.path().join("changes.csv");
    write_csv(&csv_path, &targets)?;

    println!(
        "wfa apply of {changes} changes to one site of {assets} assets; \
         limit {}/min with a burst of {}, enforced",
        policy.per_minute, policy.burst
    );
    let mut command = tokio::process::Command::new(wfa);
    command
        .arg("apply")
        .arg(&csv_path)
        .arg("--yes")
        // Nothing of the user's environment may steer the run (WFA_LOCALE,
        // WFA_CONFIG, a real token) or receive its files.
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("TZ", "UTC")
        .env("NO_COLOR", "1")
        // Any printable token is well formed; the loopback server checks none.
        .env("WEBFLOW_API_TOKEN", "apply-pacing-benchmark-token")
        .env("WEBFLOW_API_BASE", server.api_base())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command
        .output()
        .await
        .map_err(|e| format!("cannot run {}: {e}", wfa.display()))?;
    let wall = started.elapsed();
    let stats = server.stats();
    let records = server.requests();

    let written = targets
        .iter()
        .filter(|(id, alt)| {
            server
                .current_asset(id)
                .is_some_and(|raw| raw["altText"].as_str() == Some(alt.as_str()))
        })
        .count();

    let accepted = stats.api_requests - stats.rejected_429;
    let per_second = f64::from(policy.per_minute) / 60.0;
    let floor = Duration::from_secs_f64(
        accepted.saturating_sub(u64::from(policy.burst)) as f64 / per_second,
    );
    let per_change = stats.api_requests as f64 / changes as f64;
    // The first and last request the server saw: the run without process
    // start-up and shutdown.
    let span = match (records.first(), records.last()) {
        (Some(first), Some(last)) => last.at - first.at,
        _ => Duration::ZERO,
    };
    let reads_before_first_write = records
        .iter()
        .take_while(|r| r.route != Route::Patch)
        .count();

    let status = output.status;
    let tail = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(6)..].join("\n")
    };
    println!("\nwfa exited with {status}; the last lines it printed:");
    println!("{}", tail(&output.stdout));
    let stderr = tail(&output.stderr);
    if !stderr.is_empty() {
        println!("(stderr)\n{stderr}");
    }
    println!();

    let over = if floor > Duration::ZERO {
        wall.as_secs_f64() / floor.as_secs_f64() - 1.0
    } else {
        0.0
    };
    let time_ok = wall <= floor.mul_f64(1.0 + MAX_OVER_FLOOR) + FLOOR_SLACK;
    let per_change_judged = changes >= PER_CHANGE_FROM;
    let per_change_ok = !per_change_judged || per_change <= MAX_REQUESTS_PER_CHANGE;
    let rejected_ok = stats.rejected_429 <= MAX_429;
    let written_ok = written == changes;
    let mark = |ok: bool| if ok { "ok" } else { "MISSED" };

    println!("| measure | result | target |  |");
    println!("|---|---|---|---|");
    println!(
        "| requests | {} ({} asset GETs, {} listing pages, {} PATCHes; {} before the first write) | | |",
        stats.api_requests,
        stats.asset_gets,
        stats.listing_pages,
        stats.patches,
        reads_before_first_write
    );
    println!(
        "| requests per change | {per_change:.3} | ≤ {MAX_REQUESTS_PER_CHANGE:.2} | {} |",
        if per_change_judged {
            mark(per_change_ok).to_string()
        } else {
            format!("(judged from {PER_CHANGE_FROM} changes)")
        }
    );
    println!(
        "| floor: ({accepted} − {}) / {}/min | {:.1} s | | |",
        policy.burst,
        policy.per_minute,
        floor.as_secs_f64()
    );
    println!(
        "| wall time (first → last request: {:.1} s) | {:.1} s ({:+.1} % of the floor) | ≤ +{:.0} % | {} |",
        span.as_secs_f64(),
        wall.as_secs_f64(),
        over * 100.0,
        MAX_OVER_FLOOR * 100.0,
        mark(time_ok)
    );
    println!(
        "| 429 answers | {} | ≤ {MAX_429} | {} |",
        stats.rejected_429,
        mark(rejected_ok)
    );
    println!(
        "| changes on the server | {written}/{changes} | all | {} |",
        mark(written_ok)
    );

    Ok(status.success() && time_ok && per_change_ok && rejected_ok && written_ok)
}

/// `changes` images of the site with a new alt text each, in an order other
/// than the site's (a spreadsheet is sorted by whatever its author liked) and
/// spread over every page of the listing.
fn pick_targets(server: &DemoServer, changes: usize) -> Vec<(String, String)> {
    let images: Vec<(String, String)> = server
        .asset_ids()
        .into_iter()
        .filter_map(|id| {
            let raw = server.current_asset(&id)?;
            let is_image = raw["contentType"]
                .as_str()
                .is_some_and(|t| t.starts_with("image/"));
            let name = raw["displayName"].as_str().unwrap_or("asset").to_string();
            is_image.then_some((id, name))
        })
        .collect();
    let n = images.len();
    // Stepping by a number coprime to n visits every image once, out of order.
    let step = (n / 3..n).find(|s| gcd(*s, n) == 1).unwrap_or(1).max(1);
    (0..n)
        .map(|k| &images[k * step % n])
        .take(changes)
        .enumerate()
        .map(|(k, (id, name))| {
            // Webflow names files `{24 hex}_{original name}`; the words are
            // in the original name.
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            let stem = match stem.split_once('_') {
                Some((prefix, rest)) if prefix.len() == 24 => rest,
                _ => stem,
            };
            let words = stem.replace(['-', '_'], " ");
            (
                id.clone(),
                format!("{words}, photographed for the catalogue (row {})", k + 1),
            )
        })
        .collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn write_csv(path: &Path, targets: &[(String, String)]) -> Result<(), String> {
    let mut writer = csv::Writer::from_path(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut write = || -> Result<(), csv::Error> {
        writer.write_record(["assetId", "altText"])?;
        for (id, alt) in targets {
            writer.write_record([id, alt])?;
        }
        writer.flush()?;
        Ok(())
    };
    write().map_err(|e| format!("cannot write {}: {e}", path.display()))
}
