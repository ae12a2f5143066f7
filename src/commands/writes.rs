//! What `wfa apply` and `wfa undo` share once they know what they want: read
//! the current state, print the plan, ask (or take `--yes`), journal it, write
//! it with a progress bar under the rate limit, and sum up.
//!
//! The plan is read again before writing when a person took a while to
//! answer, so an edit made while they read it is found and skipped. Ctrl-C
//! (or SIGTERM/SIGHUP) stops the run after recording where it stopped; the
//! same command run again resumes.

use std::io::{self, BufRead, IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::watch;

use crate::audit::AuditConfig;
use crate::changes::cms::{self, CmsPlan, CmsWanted};
use crate::changes::plan::{self, Decision, Item, Plan};
use crate::changes::run::{self, Stop, Summary, Written};
use crate::changes::{Wanted, field_label, shown};
use crate::cli::WriteFlags;
use crate::config;
use crate::source::Source;
use crate::store::journal::{self, Header, Journal};
use crate::text;
use crate::webflow::FailureClass;

/// A plan older than this when the person says yes is read again.
const RECHECK_AFTER: Duration = Duration::from_secs(2);

/// One write command's request: asset changes and CMS alt texts, carried
/// out as one plan — one question, one journal, one summary.
pub struct Request {
    /// `wfa apply`, for messages.
    pub prefix: &'static str,
    /// The journal header's `command`.
    pub command: &'static str,
    pub wanted: Vec<Wanted>,
    pub cms: Vec<CmsWanted>,
    pub flags: WriteFlags,
    /// The journal header's `input` (what resumes look for).
    pub input: Option<String>,
    /// The journal header's `undoes`.
    pub undoes: Option<String>,
    /// What the plan's findings for new alt texts are judged by (the
    /// project's audit settings).
    pub audit: AuditConfig,
}

/// The two halves of a plan: assets (one listing page or GET per asset
/// read) and CMS images (one items listing per collection and locale).
struct Plans {
    assets: Plan,
    cms: CmsPlan,
    read_at: Instant,
}

impl Plans {
    fn writes(&self) -> usize {
        self.assets.count(Decision::Write) + self.cms.count(Decision::Write)
    }

    /// Conflicts and unreadable items: what will not be written.
    fn left_out(&self) -> usize {
        self.assets.unreadable.len()
            + self.assets.count(Decision::Conflict)
            + self.cms.unreadable.len()
            + self.cms.count(Decision::Conflict)
    }

    fn print(&self, out: &mut impl Write) -> io::Result<()> {
        print_plan(out, &self.assets)?;
        print_cms_plan(out, &self.cms)
    }

    fn print_skipped(&self, out: &mut impl Write) -> io::Result<()> {
        print_skipped(out, &self.assets)?;
        print_cms_skipped(out, &self.cms)
    }

    /// "Write 3 changes to 2 assets and 1 alt text to CMS items on host?"
    fn question(&self, host: &str) -> String {
        let assets = self.assets.count(Decision::Write);
        let cms = self.cms.count(Decision::Write);
        let mut parts = Vec::new();
        if assets > 0 {
            parts.push(format!(
                "{} to {}",
                plural(self.assets.field_writes(), "change"),
                plural(assets, "asset")
            ));
        }
        if cms > 0 {
            parts.push(format!("{} to CMS items", plural(cms, "alt text")));
        }
        format!("Write {} on {host}?", parts.join(" and "))
    }
}

/// Carries the request out against `source`; returns the exit code.
pub async fn carry_out(source: &Source, request: Request) -> u8 {
    let Request {
        prefix,
        command,
        wanted,
        cms,
        flags: WriteFlags {
            yes,
            dry_run,
            force,
        },
        input,
        undoes,
        audit,
    } = request;
    let plans = match read_plans(source, prefix, wanted, cms, force, &audit).await {
        Ok(plans) => plans,
        Err(code) => return code,
    };
    let mut out = io::stdout().lock();
    let _ = plans.print(&mut out);
    let left_out = plans.left_out();
    if plans.writes() == 0 {
        let _ = writeln!(out, "nothing to write");
        return u8::from(left_out > 0);
    }
    if dry_run {
        let _ = writeln!(out, "dry run: nothing was written");
        return 0;
    }
    let _ = out.flush();
    drop(out);
    if !yes && let Some(code) = declined(&plans.question(&host_label(source))) {
        return code;
    }
    let plans = if plans.read_at.elapsed() > RECHECK_AFTER {
        let again = Plans {
            assets: plan::recheck(&source.lookup, plans.assets, force, &audit).await,
            cms: cms::recheck(&source.client, plans.cms, force, &audit).await,
            read_at: Instant::now(),
        };
        if again.left_out() > left_out {
            eprintln!("{prefix}: read again before writing; some changed meanwhile:");
            let _ = again.print_skipped(&mut io::stderr().lock());
        }
        if again.writes() == 0 {
            println!("nothing to write any more: nothing was sent");
            return u8::from(again.left_out() > 0);
        }
        again
    } else {
        plans
    };
    let mut journal = match open_journal(source, prefix, command, input, undoes) {
        Ok(journal) => journal,
        Err(code) => return code,
    };
    write_plans(source, &mut journal, prefix, &plans).await
}

/// Reads both halves. A failure that is not about one item (the token, the
/// network) would meet every write too: it is said, nothing is sent, and
/// `Err` holds the exit code.
async fn read_plans(
    source: &Source,
    prefix: &str,
    wanted: Vec<Wanted>,
    cms: Vec<CmsWanted>,
    force: bool,
    audit: &AuditConfig,
) -> Result<Plans, u8> {
    let bar = progress_bar(wanted.len() as u64, "reading");
    let assets = plan::make(&source.lookup, wanted, force, audit, |n| {
        bar.set_position(n as u64)
    })
    .await;
    bar.finish_and_clear();
    let fatal = |what: String, why: String, class: FailureClass| {
        eprintln!("{prefix}: cannot read {what}: {why}");
        eprintln!("{prefix}: nothing was sent");
        class.exit_code()
    };
    if let Some(bad) = assets
        .unreadable
        .iter()
        .find(|u| u.error.class() != FailureClass::Other)
    {
        return Err(fatal(
            bad.wanted.asset_id.to_string(),
            bad.error.to_string(),
            bad.error.class(),
        ));
    }
    let cms = cms::make(&source.client, cms, force, audit).await;
    if let Some(bad) = cms
        .unreadable
        .iter()
        .find(|u| u.class != FailureClass::Other)
    {
        return Err(fatal(
            text::clean(&bad.wanted.target.describe()).into_owned(),
            text::clean(&bad.reason).into_owned(),
            bad.class,
        ));
    }
    Ok(Plans {
        assets,
        cms,
        read_at: Instant::now(),
    })
}

/// Journals both halves, runs the assets then the CMS images (a stop or a
/// failure every later write would meet ends the whole run), and prints one
/// summary.
async fn write_plans(source: &Source, journal: &mut Journal, prefix: &str, plans: &Plans) -> u8 {
    let recorded = run::record_plan(journal, &plans.assets)
        .and_then(|()| cms::record_plan(journal, &plans.cms));
    if let Err(e) = recorded {
        eprintln!("{prefix}: {e}");
        return 1;
    }
    let mut stop = stop_on_signals();
    let bar = progress_bar(plans.writes() as u64, "writing");
    let assets = run::run(
        &source.lookup,
        journal,
        &plans.assets,
        &mut stop,
        |item, written| {
            if let Written::Failed(e) = written {
                bar.suspend(|| eprintln!("{prefix}: {}: {e}", item.wanted.asset_id));
            }
            bar.inc(1);
            // Only a signal stops a command's run.
            ControlFlow::Continue(())
        },
    )
    .await;
    let assets = match assets {
        Ok(summary) => summary,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!("{prefix}: {e}");
            return 1;
        }
    };
    let cms_writes = plans.cms.count(Decision::Write);
    let cms = if assets.stopped.is_some() {
        Summary {
            not_sent: cms_writes,
            ..Summary::default()
        }
    } else {
        let summary = cms::run(
            &source.client,
            journal,
            &plans.cms,
            &mut stop,
            |batch, failed| {
                if let Some(e) = failed {
                    bar.suspend(|| {
                        eprintln!("{prefix}: items of collection {}: {e}", batch.collection_id)
                    });
                }
                bar.inc(batch.items.len() as u64);
            },
        )
        .await;
        match summary {
            Ok(summary) => summary,
            Err(e) => {
                bar.finish_and_clear();
                eprintln!("{prefix}: {e}");
                return 1;
            }
        }
    };
    bar.finish_and_clear();
    for mismatch in &assets.mismatches {
        eprintln!("{prefix}: warning: {mismatch}");
    }
    let written = match (plans.assets.count(Decision::Write), cms_writes) {
        (_, 0) => plural(assets.done, "asset"),
        (0, _) => plural(cms.done, "CMS alt text"),
        _ => format!(
            "{} and {}",
            plural(assets.done, "asset"),
            plural(cms.done, "CMS alt text")
        ),
    };
    let count = |d: Decision| plans.assets.count(d) + plans.cms.count(d);
    let summary = Summary {
        done: assets.done + cms.done,
        not_sent: assets.not_sent + cms.not_sent,
        stopped: assets.stopped.or(cms.stopped),
        failed: assets.failed.into_iter().chain(cms.failed).collect(),
        mismatches: Vec::new(),
    };
    print_ending(
        prefix,
        written,
        &[
            (count(Decision::Unchanged), "unchanged"),
            (
                count(Decision::Conflict),
                "skipped (changed by someone else)",
            ),
            (
                plans.assets.unreadable.len() + plans.cms.unreadable.len(),
                "unreadable",
            ),
            (summary.failed.len(), "failed"),
            (summary.not_sent, "not sent"),
        ],
        &summary,
        journal.path(),
    );
    summary.exit_code().max(u8::from(plans.left_out() > 0))
}

/// The plan, for a person: each asset to change (current → new, and what
/// the audit says of the new text), then what is left alone and why.
pub fn print_plan(out: &mut impl Write, plan: &Plan) -> io::Result<()> {
    let writes = plan.count(Decision::Write);
    if writes > 0 {
        writeln!(out, "Plan: {} to change", plural(writes, "asset"))?;
    }
    for item in plan.writes() {
        print_item(out, item)?;
    }
    print_skipped(out, plan)?;
    let unchanged = plan.count(Decision::Unchanged);
    if unchanged > 0 {
        writeln!(
            out,
            "unchanged: {} already {} the new value{}",
            plural(unchanged, "asset"),
            if unchanged == 1 { "has" } else { "have" },
            if unchanged == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

fn print_item(out: &mut impl Write, item: &Item) -> io::Result<()> {
    let locale = item
        .wanted
        .locale
        .as_ref()
        .map_or(String::new(), |l| format!(" [locale {l}]"));
    writeln!(
        out,
        "  {} {}{locale}",
        item.wanted.asset_id,
        text::clean(&item.asset.display_name)
    )?;
    for change in &item.changes {
        writeln!(
            out,
            "    {:<12} {} → {}",
            format!("{}:", field_label(change.field)),
            shown(change.before.as_deref()),
            shown(Some(&change.after))
        )?;
    }
    for conflict in &item.conflicts {
        writeln!(
            out,
            "    forced: {} was changed by someone else to {} (expected {})",
            field_label(conflict.field),
            shown(conflict.now.as_deref()),
            shown(conflict.expected.as_deref())
        )?;
    }
    if !item.asset.is_image() && item.wanted.alt_text.is_some() {
        writeln!(
            out,
            "    note: not an image ({}): its alt text is shown nowhere",
            text::clean(&item.asset.content_type)
        )?;
    }
    for finding in &item.findings {
        writeln!(out, "    warning: {}: {}", finding.rule, finding.detail)?;
    }
    Ok(())
}

/// Conflicts and unreadable assets: what will not be written, and why.
fn print_skipped(out: &mut impl Write, plan: &Plan) -> io::Result<()> {
    let conflicts: Vec<&Item> = plan
        .items
        .iter()
        .filter(|i| i.decision == Decision::Conflict)
        .collect();
    let conflict_lines = conflicts.iter().flat_map(|item| {
        item.conflicts.iter().map(|c| {
            format!(
                "{} ({}): {} is now {}, expected {}",
                item.wanted.asset_id,
                item.wanted.origin,
                field_label(c.field),
                shown(c.now.as_deref()),
                shown(c.expected.as_deref())
            )
        })
    });
    skipped_section(out, CHANGED, conflicts.len(), "asset", conflict_lines)?;
    let unreadable_lines = plan
        .unreadable
        .iter()
        .map(|u| format!("{} ({}): {}", u.wanted.asset_id, u.wanted.origin, u.error));
    skipped_section(
        out,
        UNREADABLE,
        plan.unreadable.len(),
        "asset",
        unreadable_lines,
    )
}

/// Why a skipped change was not written: the two sections of a plan's
/// "skipped" part, for assets and CMS images alike.
const CHANGED: &str = "changed by someone else since it was read (--force writes over it)";
const UNREADABLE: &str = "could not be read";

/// `skipped, <why>: <count> <noun>s`, then each line indented; nothing when
/// `count` is 0.
fn skipped_section(
    out: &mut impl Write,
    why: &str,
    count: usize,
    noun: &str,
    lines: impl Iterator<Item = String>,
) -> io::Result<()> {
    if count == 0 {
        return Ok(());
    }
    writeln!(out, "skipped, {why}: {}", plural(count, noun))?;
    for line in lines {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// The end of a run, for a person: `N written` and the other counts that are
/// not zero, where and why it stopped early, the journal and how to undo.
fn print_ending(
    prefix: &str,
    written: String,
    counts: &[(usize, &str)],
    summary: &Summary,
    journal: &Path,
) {
    let mut parts = vec![format!("{written} written")];
    for &(count, what) in counts {
        if count > 0 {
            parts.push(format!("{count} {what}"));
        }
    }
    println!("{}", parts.join(", "));
    match &summary.stopped {
        Some(Stop::Asked { in_flight }) => {
            if let Some(id) = in_flight {
                eprintln!(
                    "{prefix}: stopped while the change to {id} was being sent: \
                     it may or may not have been made"
                );
            }
            eprintln!("{prefix}: stopped; run the same command again to resume");
        }
        Some(Stop::Failure(class)) => eprintln!(
            "{prefix}: stopped after a failure every later write would meet too ({}); \
             fix it and run the same command again to resume",
            class_words(*class)
        ),
        None => {}
    }
    println!("journal: {}", journal.display());
    if summary.done > 0 {
        println!("undo with: wfa undo {}", journal.display());
    }
}

/// Creates the run's journal (its header naming the command, the host and
/// what resumes and undo look for). `Err` holds the exit code, said on
/// stderr: no journal, nothing sent.
fn open_journal(
    source: &Source,
    prefix: &str,
    command: &str,
    input: Option<String>,
    undoes: Option<String>,
) -> Result<Journal, u8> {
    let header = Header {
        format: journal::FORMAT.to_string(),
        version: journal::VERSION,
        time: journal::now(),
        command: command.to_string(),
        host: (!source.is_demo()).then(|| source.client.host().to_string()),
        input,
        undoes,
    };
    let Some(dir) = config::journal_dir() else {
        eprintln!("{prefix}: no state directory to keep the write journal in; nothing was sent");
        return Err(1);
    };
    Journal::create_with(&dir, header).map_err(|e| {
        eprintln!(
            "{prefix}: cannot write the journal in {}: {e}; nothing was sent",
            dir.display()
        );
        1
    })
}

/// Asks `question` on the terminal; `Some(exit code)` (after saying that
/// nothing was written) unless the answer is yes.
fn declined(question: &str) -> Option<u8> {
    match confirm(question) {
        Answer::Yes => None,
        Answer::No => {
            println!("nothing was written");
            Some(0)
        }
        Answer::NoTerminal => {
            println!(
                "nothing was written: there is no terminal to ask on; \
                 run again with --yes to write these changes"
            );
            Some(0)
        }
    }
}

fn class_words(class: FailureClass) -> &'static str {
    match class {
        FailureClass::Auth => "the token",
        FailureClass::RateLimited => "the rate limit",
        FailureClass::Transport => "the connection",
        FailureClass::Usage => "the settings",
        FailureClass::Other => "Webflow's answer",
    }
}

fn host_label(source: &Source) -> String {
    if source.is_demo() {
        "the demo catalogue".to_string()
    } else {
        text::clean(source.client.host()).into_owned()
    }
}

/// A person's answer.
enum Answer {
    Yes,
    No,
    NoTerminal,
}

/// Asks on the terminal itself (`/dev/tty`), so it works when the changes
/// come on standard input; anything but `y`/`yes` is no.
fn confirm(question: &str) -> Answer {
    let Some((mut reader, mut writer)) = terminal() else {
        return Answer::NoTerminal;
    };
    if write!(writer, "{question} [y/N] ")
        .and_then(|()| writer.flush())
        .is_err()
    {
        return Answer::NoTerminal;
    }
    let mut line = String::new();
    match reader.read_line(&mut line) {
        Ok(0) | Err(_) => {
            let _ = writeln!(writer);
            Answer::No
        }
        Ok(_) if matches!(line.trim().to_lowercase().as_str(), "y" | "yes") => Answer::Yes,
        Ok(_) => Answer::No,
    }
}

/// The controlling terminal, when standard error is one (a person is
/// watching): read and written directly.
fn terminal() -> Option<(io::BufReader<std::fs::File>, std::fs::File)> {
    if !io::stderr().is_terminal() {
        return None;
    }
    #[cfg(unix)]
    let path = PathBuf::from("/dev/tty");
    #[cfg(windows)]
    let path = PathBuf::from("CONIN$");
    let reader = std::fs::File::open(&path).ok()?;
    #[cfg(unix)]
    let writer = std::fs::OpenOptions::new().write(true).open(&path).ok()?;
    #[cfg(windows)]
    let writer = std::fs::OpenOptions::new()
        .write(true)
        .open("CONOUT$")
        .ok()?;
    Some((io::BufReader::new(reader), writer))
}

/// A bar on standard error when it is a terminal; hidden otherwise.
fn progress_bar(len: u64, what: &'static str) -> ProgressBar {
    if !io::stderr().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(
        "{prefix:>8} [{bar:30}] {pos}/{len} {elapsed_precise} (about {eta} left)",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    let bar = ProgressBar::new(len).with_style(style).with_prefix(what);
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

/// Turns true on Ctrl-C, SIGTERM or SIGHUP: the run stops and says where.
fn stop_on_signals() -> watch::Receiver<bool> {
    let (tx, rx) = watch::channel(false);
    tokio::spawn(async move {
        wait_for_signal().await;
        let _ = tx.send(true);
        // Held open so a second signal does not kill the run mid-record.
        std::future::pending::<()>().await;
    });
    rx
}

#[cfg(unix)]
async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hup.recv() => {}
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The CMS plan, for a person.
pub fn print_cms_plan(out: &mut impl Write, plan: &CmsPlan) -> io::Result<()> {
    let writes = plan.count(Decision::Write);
    if writes > 0 {
        writeln!(out, "Plan: {} to change", plural(writes, "CMS image"))?;
    }
    for item in plan.writes() {
        let t = &item.wanted.target;
        let locale = t
            .locale
            .as_ref()
            .map_or(String::new(), |l| format!(" [CMS locale {l}]"));
        writeln!(
            out,
            "  collection {} item {} \"{}\" field {} image {}{}",
            text::clean(&t.collection_id),
            text::clean(&t.item_id),
            text::clean(&item.item_name),
            text::clean(&t.field),
            text::clean(&item.file_id),
            text::clean(&locale)
        )?;
        writeln!(
            out,
            "    {:<12} {} → {}",
            "alt text:",
            shown(item.before.as_deref()),
            shown(Some(&item.wanted.alt.text))
        )?;
        if let Some(expected) = &item.conflict {
            writeln!(
                out,
                "    forced: the alt was changed by someone else to {} (expected {})",
                shown(item.before.as_deref()),
                shown(expected.as_deref())
            )?;
        }
        for finding in &item.findings {
            writeln!(out, "    warning: {finding}")?;
        }
    }
    print_cms_skipped(out, plan)?;
    let unchanged = plan.count(Decision::Unchanged);
    if unchanged > 0 {
        writeln!(
            out,
            "unchanged: {} already {} the new alt text",
            plural(unchanged, "CMS image"),
            if unchanged == 1 { "has" } else { "have" }
        )?;
    }
    Ok(())
}

fn print_cms_skipped(out: &mut impl Write, plan: &CmsPlan) -> io::Result<()> {
    let conflicts: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.decision == Decision::Conflict)
        .collect();
    let conflict_lines = conflicts.iter().map(|item| {
        format!(
            "{} ({}): alt text is now {}, expected {}",
            text::clean(&item.wanted.target.describe()),
            item.wanted.origin,
            shown(item.before.as_deref()),
            shown(item.conflict.clone().flatten().as_deref())
        )
    });
    skipped_section(out, CHANGED, conflicts.len(), "CMS image", conflict_lines)?;
    let unreadable_lines = plan.unreadable.iter().map(|u| {
        format!(
            "{} ({}): {}",
            text::clean(&u.wanted.target.describe()),
            text::clean(&u.wanted.origin),
            text::clean(&u.reason)
        )
    });
    skipped_section(
        out,
        UNREADABLE,
        plan.unreadable.len(),
        "CMS image",
        unreadable_lines,
    )
}
