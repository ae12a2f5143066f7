//! `wfa apply` and `wfa undo` as a user runs them: the real binary against a
//! stateful mock Webflow on loopback (`common::mock_site`). Bad input never
//! reaches the API; the plan reads the site cheaply; only changed assets are
//! written, one PATCH each, journaled; an interrupted run is run again and
//! resumes without writing anything twice or clobbering someone else's edit;
//! undo puts the before-values back. No run prints the token.

mod common {
    pub mod cli;
    pub mod mock_site;
    pub mod sandbox;
    pub mod webflow;
}

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::mock_site::{Kind, MockSite, PatchMode, SITE_ID, asset, asset_id};
use common::sandbox::{Out, Sandbox, run};
use common::webflow::TOKEN;
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::MockServer;

/// One test's world: the mock site and its server, a sandbox for `wfa`, the
/// state directory (the journal's home) and a directory for input files.
struct World {
    site: MockSite,
    server: MockServer,
    sb: Sandbox,
    state: TempDir,
    files: TempDir,
}

impl World {
    async fn new(site: MockSite) -> Self {
        let server = site.serve().await;
        Self {
            site,
            server,
            sb: Sandbox::new(),
            state: tempfile::tempdir().unwrap(),
            files: tempfile::tempdir().unwrap(),
        }
    }

    fn base(&self) -> String {
        format!("{}/v2", self.server.uri())
    }

    /// `wfa ARGS` pointed at the mock, with the token and the state directory.
    fn wfa(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.wfa(args);
        cmd.env("WEBFLOW_API_BASE", self.base())
            .env("WEBFLOW_API_TOKEN", TOKEN)
            .env("XDG_STATE_HOME", self.state.path());
        cmd
    }

    /// `wfa apply FILE ARGS`.
    fn apply(&self, file: &Path, args: &[&str]) -> Command {
        let mut cmd = self.wfa(&["apply", file.to_str().unwrap()]);
        cmd.args(args);
        cmd
    }

    /// An input file holding `text`.
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn journal_dir(&self) -> PathBuf {
        self.state.path().join("wfa").join("journal")
    }

    /// The journal files, oldest first (their names start with the time).
    fn journals(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.journal_dir()) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        paths
    }

    /// The one journal a run made: the only file not in `before`.
    fn new_journal(&self, before: &[PathBuf]) -> PathBuf {
        let new: Vec<PathBuf> = self
            .journals()
            .into_iter()
            .filter(|p| !before.contains(p))
            .collect();
        assert_eq!(new.len(), 1, "one journal per run: {new:?}");
        new.into_iter().next().unwrap()
    }
}

/// A journal's lines, header first; it never holds the token.
fn journal_lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains(TOKEN) && !text.contains("SECRET"));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `(assetId, result)` of every entry (the header left out).
fn results(lines: &[Value]) -> Vec<(String, String)> {
    lines[1..]
        .iter()
        .map(|l| {
            (
                l["assetId"].as_str().unwrap().to_string(),
                l["result"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assert_code(out: &Out, code: i32) {
    assert_eq!(out.code, code, "{out:?}");
}

/// `assetId,altText` CSV.
fn csv(rows: &[(String, String)]) -> String {
    let mut text = String::from("assetId,altText\n");
    for (id, alt) in rows {
        text.push_str(&format!("{id},{alt}\n"));
    }
    text
}

/// A site of `n` assets whose alt text is `old i`.
fn old_site(n: usize) -> MockSite {
    MockSite::with(n, |i| Some(format!("old {i}")))
}

/// Changes asset `i` to `new i` for each `i` in `which`.
fn new_texts(which: impl IntoIterator<Item = usize>) -> Vec<(String, String)> {
    which
        .into_iter()
        .map(|i| (asset_id(i), format!("new {i}")))
        .collect()
}

/// The audit's CSV of the mock site, as `wfa audit --site … --format csv`
/// prints it.
async fn audit_csv(w: &World) -> String {
    let audit = run(w.wfa(&["audit", "--site", SITE_ID, "--format", "csv"])).await;
    assert!(audit.code == 0 || audit.code == 1, "{audit:?}");
    audit.stdout().to_string()
}

#[tokio::test]
async fn the_audits_csv_edited_applies_one_patch_per_changed_asset_and_is_journaled() {
    let alts = [
        None,                 // alt-missing: given a text
        Some("IMG_2041.jpg"), // flagged, left as it is
        // Several findings (redundant wording, too long): given a text.
        Some(
            "Image of a chef in a white apron plating a steaming bowl of ramen with sliced pork, \
             a soft egg, spring onions and nori in a busy open kitchen at night",
        ),
        Some("A bowl of ramen on a wooden table"), // fine
        Some("photo"),                             // flagged: given a text
        None,                                      // alt-missing, left empty
    ];
    let site = MockSite::new(
        alts.iter()
            .enumerate()
            .map(|(i, alt)| asset(&asset_id(i), *alt)),
    );
    let w = World::new(site).await;
    let edits: BTreeMap<String, &str> = [
        (asset_id(0), "A red candy wrapper"),
        (asset_id(2), "Chef plating ramen, seen from above"),
        (asset_id(4), "A bicycle leaning on a brick wall"),
    ]
    .into_iter()
    .collect();

    // The audit's own CSV, edited as a spreadsheet would: the altText cell of
    // every row of an edited asset.
    let audit = audit_csv(&w).await;
    let mut reader = csv::Reader::from_reader(audit.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "assetId",
            "displayName",
            "rule",
            "severity",
            "altText",
            "detail",
            "waived"
        ]
    );
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    let mut rows_per_asset: BTreeMap<String, usize> = BTreeMap::new();
    // Assets whose row repeats a current alt text: found unchanged. (A row
    // with an empty altText cell, alt text never set, asks for nothing.)
    let mut repeated: BTreeSet<String> = BTreeSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        let id = record[0].to_string();
        *rows_per_asset.entry(id.clone()).or_default() += 1;
        if !edits.contains_key(&id) && !record[4].is_empty() {
            repeated.insert(id.clone());
        }
        let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
        if let Some(new) = edits.get(&id) {
            cells[4] = (*new).to_string();
        }
        writer.write_record(&cells).unwrap();
    }
    let edited = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert!(
        rows_per_asset.values().any(|&n| n >= 2),
        "the audit gives several rows to one asset: {rows_per_asset:?}"
    );
    for id in edits.keys() {
        assert!(rows_per_asset.contains_key(id), "{id} flagged: {audit}");
    }
    let unchanged = repeated.len();
    assert!(unchanged >= 1, "{rows_per_asset:?}");

    w.site.clear_log();
    let file = w.file("audit.csv", &edited);
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 0);

    // Exactly one PATCH per changed asset, carrying the alt text only.
    let patches = w.site.patches();
    assert_eq!(patches.len(), edits.len(), "{patches:?}");
    for (id, new) in &edits {
        let sent: Vec<_> = patches
            .iter()
            .filter(|p| p.id.as_deref() == Some(id))
            .collect();
        assert_eq!(sent.len(), 1, "{id}: {patches:?}");
        assert_eq!(sent[0].body, json!({ "altText": new }));
        assert!(
            sent[0]
                .content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("application/json")),
            "{:?}",
            sent[0]
        );
        assert_eq!(w.site.alt_text(id).as_deref(), Some(*new));
    }
    assert_eq!(
        w.site.alt_text(&asset_id(1)).as_deref(),
        Some("IMG_2041.jpg")
    );
    assert_eq!(w.site.alt_text(&asset_id(5)), None);

    // The plan and summary say what was done.
    let stdout = out.stdout();
    assert!(stdout.contains("Plan: 3 assets to change"), "{out:?}");
    assert!(
        stdout.contains("not set (null) → \"A red candy wrapper\""),
        "{out:?}"
    );
    assert!(
        stdout.contains("\"photo\" → \"A bicycle leaning on a brick wall\""),
        "{out:?}"
    );
    assert!(stdout.contains("3 assets written"), "{out:?}");
    assert!(
        stdout.contains(&format!("{unchanged} unchanged")),
        "{out:?}"
    );

    // The journal: a header, then planned, sending and done per change.
    let journals = w.journals();
    assert_eq!(journals.len(), 1, "{journals:?}");
    assert!(
        stdout.contains(&format!("journal: {}", journals[0].display())),
        "{out:?}"
    );
    assert!(stdout.contains("undo with: wfa undo"), "{out:?}");
    let lines = journal_lines(&journals[0]);
    assert_eq!(lines[0]["format"], "wfa-journal");
    assert_eq!(lines[0]["command"], "apply");
    assert!(lines[0]["input"].is_string(), "{:?}", lines[0]);
    let results = results(&lines);
    assert_eq!(results.len(), 3 * edits.len(), "{lines:?}");
    for (id, new) in &edits {
        let mine: Vec<&Value> = lines[1..].iter().filter(|l| l["assetId"] == **id).collect();
        let stages: Vec<&str> = mine.iter().map(|l| l["result"].as_str().unwrap()).collect();
        assert_eq!(stages, ["planned", "sending", "done"], "{id}: {lines:?}");
        let before = alts[(0..6).find(|&i| asset_id(i) == *id).unwrap()];
        for l in mine {
            assert_eq!(l["field"], "altText");
            assert_eq!(l["before"], json!(before));
            assert_eq!(l["after"], json!(new));
        }
    }
}

#[tokio::test]
async fn bad_rows_are_all_reported_with_their_lines_and_nothing_reaches_the_server() {
    let w = World::new(old_site(2)).await;
    let (a, b) = (asset_id(0), asset_id(1));
    let text = format!(
        "assetId,altText\n\
         nothex,Hello\n\
         {a},\"two\nlines\"\n\
         {b},A cat on a sofa\n\
         {b},A dog on a sofa\n"
    );
    let file = w.file("bad.csv", &text);
    for args in [&["--yes"][..], &[], &["--dry-run"]] {
        let out = run(w.apply(&file, args)).await;
        assert_code(&out, 2);
        let stderr = out.stderr();
        for line in ["line 2:", "line 3:", "line 6:"] {
            assert!(stderr.contains(line), "{line}: {out:?}");
        }
        assert!(stderr.contains("one line"), "{out:?}");
        assert!(stderr.contains("two alt texts"), "{out:?}");
        assert!(stderr.contains("on line 5"), "{out:?}");
        assert!(stderr.contains("nothing was read or sent"), "{out:?}");
    }
    // The same from JSON lines on standard input.
    let jsonl = format!(
        "{{\"assetId\":\"{a}\",\"altText\":\"ok\"}}\n\
         {{\"assetId\":\"{a}\",\"altText\":\"a\\tb\"}}\n\
         {{\"assetId\":\"xyz\",\"altText\":\"ok\"}}\n"
    );
    let mut cmd = w.wfa(&["apply", "-", "--yes"]);
    cmd.write_stdin(jsonl);
    let out = run(cmd).await;
    assert_code(&out, 2);
    for line in ["line 2:", "line 3:"] {
        assert!(out.stderr().contains(line), "{line}: {out:?}");
    }
    assert!(w.site.log().is_empty(), "{:?}", w.site.log());
    assert!(w.journals().is_empty());
}

#[tokio::test]
async fn without_a_terminal_or_yes_and_with_dry_run_the_plan_is_printed_and_nothing_written() {
    let w = World::new(old_site(3)).await;
    let file = w.file("changes.csv", &csv(&new_texts([0, 2])));
    for (args, said) in [
        (
            &[][..],
            "nothing was written: there is no terminal to ask on",
        ),
        (&["--dry-run"], "dry run: nothing was written"),
        (&["--dry-run", "--force"], "dry run: nothing was written"),
    ] {
        let out = run(w.apply(&file, args)).await;
        assert_code(&out, 0);
        let stdout = out.stdout();
        assert!(stdout.contains("Plan: 2 assets to change"), "{out:?}");
        assert!(stdout.contains("\"old 0\" → \"new 0\""), "{out:?}");
        assert!(stdout.contains("\"old 2\" → \"new 2\""), "{out:?}");
        assert!(stdout.contains(said), "{args:?}: {out:?}");
    }
    assert_eq!(w.site.count(Kind::Patch), 0);
    assert!(w.journals().is_empty(), "{:?}", w.journals());
    assert_eq!(w.site.alt_text(&asset_id(0)).as_deref(), Some("old 0"));
}

#[tokio::test]
async fn the_plan_reads_a_big_change_through_the_site_listing_not_one_get_per_asset() {
    const ASSETS: usize = 160;
    let w = World::new(old_site(ASSETS)).await;
    let changed: Vec<usize> = (0..ASSETS).filter(|i| i % 4 != 3).collect();
    assert_eq!(changed.len(), 120);
    let file = w.file("many.csv", &csv(&new_texts(changed.iter().copied())));

    let out = run(w.apply(&file, &["--dry-run"])).await;
    assert_code(&out, 0);
    assert!(
        out.stdout().contains("Plan: 120 assets to change"),
        "{out:?}"
    );
    // One GET finds the site; two pages of 100 list its 160 assets.
    assert_eq!(w.site.count(Kind::Get), 1, "{:?}", w.site.log());
    assert_eq!(w.site.count(Kind::List), 2, "{:?}", w.site.log());
    assert_eq!(w.site.count(Kind::Patch), 0);
    assert_eq!(w.site.count(Kind::Other), 0, "{:?}", w.site.log());

    w.site.clear_log();
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 0);
    assert!(out.stdout().contains("120 assets written"), "{out:?}");
    assert_eq!(w.site.count(Kind::Get), 1, "{:?}", w.site.log());
    assert_eq!(w.site.count(Kind::List), 2);
    assert_eq!(w.site.count(Kind::Patch), 120);
    for i in 0..ASSETS {
        let expected = usize::from(i % 4 != 3);
        assert_eq!(w.site.patches_to(&asset_id(i)), expected, "asset {i}");
    }
}

#[tokio::test]
async fn a_stopped_run_resumes_skipping_what_is_done_and_what_someone_else_edited() {
    let w = World::new(old_site(6)).await;
    let file = w.file("changes.csv", &csv(&new_texts(0..6)));

    // The token loses its write scope at the third PATCH: the run stops.
    w.site.set_patch_mode(PatchMode::FailFrom(3));
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 3);
    assert!(out.stderr().contains("assets:write"), "{out:?}");
    assert!(
        out.stderr().contains("run the same command again"),
        "{out:?}"
    );
    assert!(out.stdout().contains("2 assets written"), "{out:?}");
    assert!(out.stdout().contains("1 failed"), "{out:?}");
    assert!(out.stdout().contains("3 not sent"), "{out:?}");
    assert_eq!(w.site.count(Kind::Patch), 3);
    let first = w.journals();
    assert_eq!(first.len(), 1);
    let lines = journal_lines(&first[0]);
    let last: BTreeMap<String, String> = results(&lines).into_iter().collect();
    assert_eq!(last[&asset_id(0)], "done");
    assert_eq!(last[&asset_id(1)], "done");
    assert_eq!(last[&asset_id(2)], "failed");
    for i in 3..6 {
        assert_eq!(last[&asset_id(i)], "planned", "{lines:?}");
    }

    // Someone else edits an asset the run did not reach.
    w.site
        .set_alt_text(&asset_id(4), Some("Edited in the Designer"));

    // The same input again resumes: done assets are not written twice, the
    // edited one is skipped and reported, the rest are written.
    w.site.set_patch_mode(PatchMode::Normal);
    w.site.clear_log();
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 1);
    assert!(out.stderr().contains("resuming"), "{out:?}");
    for (i, patches) in [(0, 0), (1, 0), (2, 1), (3, 1), (4, 0), (5, 1)] {
        assert_eq!(w.site.patches_to(&asset_id(i)), patches, "asset {i}");
    }
    let stdout = out.stdout();
    assert!(
        stdout.contains("skipped, changed by someone else"),
        "{out:?}"
    );
    assert!(
        stdout.contains(&format!(
            "{} (line 6): alt text is now \"Edited in the Designer\", expected \"old 4\"",
            asset_id(4)
        )),
        "{out:?}"
    );
    assert!(stdout.contains("3 assets written"), "{out:?}");
    assert!(stdout.contains("2 unchanged"), "{out:?}");
    assert!(
        stdout.contains("1 skipped (changed by someone else)"),
        "{out:?}"
    );
    assert_eq!(
        w.site.alt_text(&asset_id(4)).as_deref(),
        Some("Edited in the Designer")
    );
    let second = w.new_journal(&first);
    let skipped: Vec<(String, String)> = results(&journal_lines(&second))
        .into_iter()
        .filter(|(_, r)| r == "skipped")
        .collect();
    assert_eq!(skipped, [(asset_id(4), "skipped".to_string())]);

    // --force writes over the edit, and only that.
    w.site.clear_log();
    let out = run(w.apply(&file, &["--yes", "--force"])).await;
    assert_code(&out, 0);
    assert_eq!(w.site.count(Kind::Patch), 1, "{:?}", w.site.log());
    assert_eq!(w.site.patches_to(&asset_id(4)), 1);
    assert_eq!(w.site.patches()[0].body, json!({"altText": "new 4"}));
    for i in 0..6 {
        assert_eq!(
            w.site.alt_text(&asset_id(i)),
            Some(format!("new {i}")),
            "asset {i}"
        );
    }
}

/// `wfa ARGS` as a child process of this test (to be sent a signal), in the
/// world's sandbox; it must not print the token.
#[cfg(unix)]
fn spawn(w: &World, args: &[&str]) -> std::process::Child {
    let home = w.files.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_wfa"))
        .env_clear()
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", w.sb.xdg_config_home())
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", w.state.path())
        .env("WFA_CONFIG", w.sb.config_path())
        .env("TZ", "UTC")
        .env("WEBFLOW_API_BASE", w.base())
        .env("WEBFLOW_API_TOKEN", TOKEN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (off the runtime) until `done` holds, for at most 30 s.
async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "gave up waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[cfg(unix)]
#[tokio::test]
async fn ctrl_c_stops_the_run_with_130_and_running_it_again_writes_nothing_twice() {
    let w = World::new(old_site(4)).await;
    let file = w.file("changes.csv", &csv(&new_texts(0..4)));
    // Each change is made as it arrives, but answered slowly.
    w.site
        .set_patch_mode(PatchMode::Slow(Duration::from_secs(5)));
    let mut child = spawn(&w, &["apply", file.to_str().unwrap(), "--yes"]);
    let site = w.site.clone();
    wait_until("the first PATCH", || site.count(Kind::Patch) >= 1).await;
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    wait_until("wfa to exit", || child.try_wait().unwrap().is_some()).await;
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    for text in [&stdout, &stderr] {
        assert!(!text.contains(TOKEN) && !text.contains("SECRET"), "{text}");
    }
    let shown = format!("{:?}\nstdout:\n{stdout}\nstderr:\n{stderr}", output.status);
    assert_eq!(output.status.code(), Some(130), "{shown}");
    assert!(stderr.contains("stopped"), "{shown}");
    assert!(
        stderr.contains("run the same command again to resume"),
        "{shown}"
    );

    // The journal has a `sending` line with no answer for the asset cut off.
    let journals = w.journals();
    assert_eq!(journals.len(), 1);
    let lines = journal_lines(&journals[0]);
    let last: BTreeMap<String, String> = results(&lines).into_iter().collect();
    let cut_off: Vec<&String> = last
        .iter()
        .filter(|(_, r)| *r == "sending")
        .map(|(id, _)| id)
        .collect();
    assert_eq!(cut_off.len(), 1, "{lines:?}");
    assert!(
        stderr.contains(&format!(
            "stopped while the change to {} was being sent",
            cut_off[0]
        )),
        "{shown}"
    );
    let patched_first: BTreeSet<String> =
        w.site.patches().into_iter().filter_map(|p| p.id).collect();
    assert!(patched_first.contains(cut_off[0]));

    // Run again: it finishes, and no asset got two PATCHes over both runs.
    w.site.set_patch_mode(PatchMode::Normal);
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 0);
    assert!(out.stderr().contains("resuming"), "{out:?}");
    for i in 0..4 {
        let id = asset_id(i);
        assert_eq!(
            w.site.patches_to(&id),
            1,
            "asset {i}: {:?}",
            w.site.patches()
        );
        assert_eq!(w.site.alt_text(&id), Some(format!("new {i}")));
    }
}

#[tokio::test]
async fn undo_puts_the_before_values_back_names_nulls_and_skips_later_edits() {
    let (a, b, c, d, e) = (
        asset_id(0),
        asset_id(1),
        asset_id(2),
        asset_id(3),
        asset_id(4),
    );
    let site = MockSite::new([
        asset(&a, Some("old A")),
        asset(&b, None),
        asset(&c, Some("old C")),
        asset(&d, Some("old D")),
        asset(&e, Some("old E")),
    ]);
    let w = World::new(site).await;

    // Two applies; undo with no argument takes the newer one.
    let first = w.file("first.csv", &csv(&[(a.clone(), "first A".into())]));
    assert_code(&run(w.apply(&first, &["--yes"])).await, 0);
    let before = w.journals();
    let second = w.file(
        "second.csv",
        &csv(&[
            (a.clone(), "new A".into()),
            (b.clone(), "new B".into()),
            (c.clone(), "new C".into()),
            (d.clone(), "new D".into()),
        ]),
    );
    assert_code(&run(w.apply(&second, &["--yes"])).await, 0);
    let second_journal = w.new_journal(&before);

    // A newer journal of changes made on another host is not picked.
    std::fs::write(
        w.journal_dir().join("29991231T235959.999Z-1.jsonl"),
        format!(
            "{}\n{}\n",
            json!({"format": "wfa-journal", "version": 1, "time": "2999-12-31T23:59:59.999Z",
                   "command": "apply", "host": "api.webflow.com"}),
            json!({"time": "2999-12-31T23:59:59.999Z", "assetId": e, "locale": null,
                   "field": "altText", "before": "elsewhere", "after": "old E",
                   "result": "done"})
        ),
    )
    .unwrap();

    // Someone else edits C after the apply.
    w.site.set_alt_text(&c, Some("Edited in the Designer"));
    w.site.clear_log();
    let out = run(w.wfa(&["undo", "--yes"])).await;
    assert_code(&out, 1);
    assert!(
        out.stdout()
            .contains(&format!("(journal {})", second_journal.display())),
        "{out:?}"
    );
    // A back to its value before the second apply, D back to its own.
    let patches = w.site.patches();
    assert_eq!(patches.len(), 2, "{patches:?}");
    for (id, old) in [(&a, "first A"), (&d, "old D")] {
        let sent: Vec<_> = patches
            .iter()
            .filter(|p| p.id.as_ref() == Some(id))
            .collect();
        assert_eq!(sent.len(), 1, "{id}: {patches:?}");
        assert_eq!(sent[0].body, json!({ "altText": old }));
        assert_eq!(w.site.alt_text(id).as_deref(), Some(old));
    }
    // B was null before: named, not sent.
    assert_eq!(w.site.patches_to(&b), 0);
    assert!(
        out.stderr()
            .contains(&format!("cannot restore the alt text of {b}")),
        "{out:?}"
    );
    assert!(out.stderr().contains("null"), "{out:?}");
    // C was changed since: skipped and reported.
    assert_eq!(w.site.patches_to(&c), 0);
    assert!(
        out.stdout().contains(&format!(
            "{c} (the journal's line 4): alt text is now \"Edited in the Designer\", expected \"new C\""
        )),
        "{out:?}"
    );
    assert!(
        out.stdout().contains("skipped, changed by someone else"),
        "{out:?}"
    );
    assert_eq!(
        w.site.alt_text(&c).as_deref(),
        Some("Edited in the Designer")
    );
    assert_eq!(w.site.patches_to(&e), 0);
    assert_eq!(w.site.alt_text(&e).as_deref(), Some("old E"));

    // The undo is journaled, as an undo of that journal.
    let undo_journals: Vec<Value> = w
        .journals()
        .iter()
        .map(|p| journal_lines(p)[0].clone())
        .filter(|h| h["command"] == "undo")
        .collect();
    assert_eq!(undo_journals.len(), 1, "{undo_journals:?}");
    assert_eq!(
        undo_journals[0]["undoes"],
        json!(second_journal.display().to_string())
    );

    // --force puts C back too (B still cannot be: exit 1).
    w.site.clear_log();
    let out = run(w.wfa(&["undo", second_journal.to_str().unwrap(), "--yes", "--force"])).await;
    assert_code(&out, 1);
    let patches = w.site.patches();
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(patches[0].id.as_ref(), Some(&c));
    assert_eq!(patches[0].body, json!({"altText": "old C"}));
    assert_eq!(w.site.alt_text(&c).as_deref(), Some("old C"));
    assert_eq!(w.site.alt_text(&b).as_deref(), Some("new B"));
}

#[tokio::test]
async fn json_lines_on_stdin_with_a_locale_send_it_as_locale_id() {
    const LOCALE: &str = "65427cf400e02b306eaa04a0";
    let w = World::new(MockSite::new([asset(&asset_id(0), Some("Hello"))])).await;
    let id = asset_id(0);
    let mut cmd = w.wfa(&["apply", "-", "--yes"]);
    cmd.write_stdin(format!(
        "{{\"assetId\":\"{id}\",\"altText\":\"Bonjour\",\"locale\":\"{LOCALE}\",\"note\":1}}\n"
    ));
    let out = run(cmd).await;
    assert_code(&out, 0);
    let log = w.site.log();
    let reads: Vec<_> = log.iter().filter(|s| s.kind == Kind::Get).collect();
    assert!(!reads.is_empty(), "{log:?}");
    for read in reads {
        assert_eq!(read.locale.as_deref(), Some(LOCALE), "{read:?}");
    }
    let patches = w.site.patches();
    assert_eq!(patches.len(), 1, "{log:?}");
    assert_eq!(patches[0].id.as_deref(), Some(id.as_str()));
    assert_eq!(patches[0].locale.as_deref(), Some(LOCALE));
    assert_eq!(patches[0].body, json!({"altText": "Bonjour"}));
    assert!(
        out.stdout().contains(&format!("[locale {LOCALE}]")),
        "{out:?}"
    );
    let journals = w.journals();
    assert_eq!(journals.len(), 1);
    for line in &journal_lines(&journals[0])[1..] {
        assert_eq!(line["locale"], LOCALE, "{line}");
    }
}

#[tokio::test]
async fn a_wrong_token_stops_before_any_write_and_is_never_printed() {
    let w = World::new(old_site(3)).await;
    let file = w.file("changes.csv", &csv(&new_texts(0..3)));
    // The mock takes only TOKEN: another one gets Webflow's 401.
    let mut cmd = w.apply(&file, &["--yes"]);
    cmd.env("WEBFLOW_API_TOKEN", "wrong-token-SECRET");
    let out = run(cmd).await;
    assert_code(&out, 3);
    assert!(out.stderr().contains("nothing was sent"), "{out:?}");
    assert!(!out.stderr().contains("wrong-token"), "{out:?}");
    assert_eq!(w.site.count(Kind::Patch), 0);
    assert!(w.journals().is_empty());
}

#[tokio::test]
async fn an_asset_that_cannot_be_found_is_reported_and_the_rest_written() {
    let w = World::new(old_site(4)).await;
    let missing = "0123456789abcdef01234567";
    let mut rows = new_texts(0..2);
    rows.insert(1, (missing.to_string(), "Nobody home".to_string()));
    let file = w.file("changes.csv", &csv(&rows));
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 1);
    assert!(
        out.stdout().contains("skipped, could not be read: 1 asset"),
        "{out:?}"
    );
    assert!(
        out.stdout().contains(&format!("{missing} (line 3)")),
        "{out:?}"
    );
    assert!(
        out.stdout().contains("2 assets written, 1 unreadable"),
        "{out:?}"
    );
    assert_eq!(w.site.patches_to(missing), 0);
    assert_eq!(w.site.count(Kind::Patch), 2);
}

#[tokio::test]
async fn a_locale_goes_with_the_listing_too() {
    const LOCALE: &str = "65427cf400e02b306eaa04a0";
    let w = World::new(old_site(5)).await;
    let input: String = (0..4)
        .map(|i| {
            format!(
                "{{\"assetId\":\"{}\",\"altText\":\"nouveau {i}\",\"localeId\":\"{LOCALE}\"}}\n",
                asset_id(i)
            )
        })
        .collect();
    let mut cmd = w.wfa(&["apply", "-", "--yes"]);
    cmd.write_stdin(input);
    let out = run(cmd).await;
    assert_code(&out, 0);
    let log = w.site.log();
    assert_eq!(w.site.count(Kind::List), 1, "{log:?}");
    assert_eq!(w.site.count(Kind::Get), 1, "{log:?}");
    assert_eq!(w.site.count(Kind::Patch), 4, "{log:?}");
    for seen in &log {
        assert_eq!(seen.locale.as_deref(), Some(LOCALE), "{seen:?}");
    }
}

#[tokio::test]
async fn an_unknown_first_asset_does_not_cost_one_get_per_asset() {
    const ASSETS: usize = 150;
    let w = World::new(old_site(ASSETS)).await;
    let mut rows = vec![(
        "0123456789abcdef01234567".to_string(),
        "A typo'd ID".to_string(),
    )];
    rows.extend(new_texts(0..120));
    let file = w.file("many.csv", &csv(&rows));
    let out = run(w.apply(&file, &["--dry-run"])).await;
    assert_code(&out, 0);
    let reads = w.site.count(Kind::Get) + w.site.count(Kind::List);
    assert!(
        reads <= 5,
        "{} GETs and {} listings to plan 121 changes",
        w.site.count(Kind::Get),
        w.site.count(Kind::List)
    );
}

#[tokio::test]
async fn undo_after_a_resumed_apply_puts_back_everything_that_apply_changed() {
    let w = World::new(old_site(4)).await;
    let file = w.file("changes.csv", &csv(&new_texts(0..4)));
    w.site.set_patch_mode(PatchMode::FailFrom(3));
    assert_code(&run(w.apply(&file, &["--yes"])).await, 3);
    w.site.set_patch_mode(PatchMode::Normal);
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 0);
    assert!(out.stderr().contains("resuming"), "{out:?}");
    for i in 0..4 {
        assert_eq!(w.site.alt_text(&asset_id(i)), Some(format!("new {i}")));
    }
    let out = run(w.wfa(&["undo", "--yes"])).await;
    for i in 0..4 {
        assert_eq!(
            w.site.alt_text(&asset_id(i)),
            Some(format!("old {i}")),
            "asset {i}: {out:?}"
        );
    }
    assert_code(&out, 0);
}

#[tokio::test]
async fn a_resume_of_a_resume_still_skips_what_someone_else_edited() {
    let w = World::new(old_site(6)).await;
    let file = w.file("changes.csv", &csv(&new_texts(0..6)));
    // Run 1 stops at its third write: 0 and 1 done, 2 failed, 3-5 planned.
    w.site.set_patch_mode(PatchMode::FailFrom(3));
    assert_code(&run(w.apply(&file, &["--yes"])).await, 3);
    // Someone else edits 4; run 2 skips it, and stops at its second write.
    w.site
        .set_alt_text(&asset_id(4), Some("Edited in the Designer"));
    w.site.set_patch_mode(PatchMode::FailFrom(2));
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 3);
    assert!(
        out.stdout().contains("skipped (changed by someone else)"),
        "{out:?}"
    );
    // Run 3 finishes the rest, and still leaves 4 alone (no --force).
    w.site.set_patch_mode(PatchMode::Normal);
    w.site.clear_log();
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_eq!(
        w.site.alt_text(&asset_id(4)).as_deref(),
        Some("Edited in the Designer"),
        "{out:?}"
    );
    assert_eq!(w.site.patches_to(&asset_id(4)), 0, "{out:?}");
    assert_code(&out, 1);
    for i in [0, 1, 2, 3, 5] {
        assert_eq!(w.site.alt_text(&asset_id(i)), Some(format!("new {i}")));
    }
}

#[tokio::test]
async fn the_audits_csv_applied_untouched_sends_nothing() {
    let mut spaced_name = asset(&asset_id(0), Some("IMG_2041.jpg"));
    spaced_name["displayName"] = json!("Team photo.jpg ");
    let mut invisible_name = asset(&asset_id(1), Some("photo"));
    invisible_name["displayName"] = json!("Team\u{200b}photo.jpg");
    let site = MockSite::new([
        spaced_name,
        invisible_name,
        asset(&asset_id(2), Some("image of a cat ")),
        asset(&asset_id(3), None),
    ]);
    let w = World::new(site).await;
    let text = audit_csv(&w).await;
    for i in 0..4 {
        assert!(text.contains(&asset_id(i)), "{text}");
    }
    w.site.clear_log();
    let file = w.file("audit.csv", &text);
    let out = run(w.apply(&file, &["--yes"])).await;
    let patches = w.site.patches();
    assert!(patches.is_empty(), "{patches:?}\n{out:?}");
    assert_code(&out, 0);
}

/// The plan judges new alt texts by the project's audit settings, as
/// `wfa audit` does: a rule turned off, or a waiver, is not a warning.
#[tokio::test]
async fn the_plans_warnings_follow_the_projects_audit_settings() {
    let w = World::new(MockSite::with(2, |_| None)).await;
    let input = w.file(
        "fix.csv",
        &format!(
            "assetId,altText\n{},Image of a red candy wrapper\n{},IMG_2041.jpg\n",
            asset_id(0),
            asset_id(1)
        ),
    );
    let plain = run(w.apply(&input, &["--dry-run"])).await;
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(
        plain.stdout().contains("warning: alt-redundant-prefix"),
        "{plain:?}"
    );
    assert!(
        plain.stdout().contains("warning: alt-filename"),
        "{plain:?}"
    );

    let project = TempDir::new().unwrap();
    std::fs::write(
        project.path().join("wfa.toml"),
        format!(
            "[audit.severity]\nalt-redundant-prefix = \"off\"\n\n[[audit.waive]]\nasset = \"{}\"\nreason = \"a screenshot's name is its caption here\"\n",
            asset_id(1)
        ),
    )
    .unwrap();
    let mut cmd = w.apply(&input, &["--dry-run"]);
    cmd.current_dir(project.path());
    let judged = run(cmd).await;
    assert_eq!(judged.code, 0, "{judged:?}");
    assert!(
        !judged.stdout().contains("alt-redundant-prefix"),
        "{judged:?}"
    );
    assert!(!judged.stdout().contains("alt-filename"), "{judged:?}");
    assert_eq!(w.site.count(Kind::Patch), 0, "a dry run sends nothing");
}
