//! Per-site audit settings: the `[audit]` table of config.toml and of a project
//! file (`wfa.toml` / `.wfa.toml`, the nearest one up from the working
//! directory), their precedence under the flags, waivers in every report format
//! and in the exit code, stale waivers, errors with file and line, and
//! `wfa audit --explain`. Real binary runs on the demo catalogue.

mod common {
    pub mod cli;
}

use std::path::{Path, PathBuf};

use common::cli::wfa_in;
use serde_json::Value;

// Demo assets (assets/demo) and what the default rules say of them.
/// `IMG_4821.jpg`: alt-filename (error).
const FILENAME: &str = "6626bc66546865dfb230669e";
/// `""`: alt-empty (error).
const EMPTY: &str = "66d6e0823e2337b3e66164dd";
/// `"logo"`: alt-placeholder (error).
const LOGO: &str = "65a9474312a262af23b39f62";
/// `"Image of a red gummy bear"`: alt-redundant-prefix (warning) only.
const PREFIX: &str = "66583e0aa3a3eab163912052";
/// A long description: alt-too-long (warning) only.
const LONG: &str = "65c9e1770f5e44065d2abbfa";

/// Waives every error-level finding of the demo, each with its reason.
const WAIVE_ERRORS: &str = r#"
[[audit.waive]]
asset = "6626bc66546865dfb230669e"
rules = ["alt-filename"]
reason = "The product code is the name customers search for"

[[audit.waive]]
asset = "66d6e0823e2337b3e66164dd"
reason = "Decorative loading animation"

[[audit.waive]]
asset = "65a9474312a262af23b39f62"
rules = ["alt-placeholder"]
reason = "Next to the brand name in text"
"#;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A sandbox: `home` for wfa's own directories, `project/sub` as the working
/// directory (so a file in `project` is found one level up).
struct Project {
    _dir: tempfile::TempDir,
    home: PathBuf,
    root: PathBuf,
    cwd: PathBuf,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let root = dir.path().join("project");
        let cwd = root.join("sub");
        std::fs::create_dir_all(home.join("config/wfa")).unwrap();
        std::fs::create_dir_all(&cwd).unwrap();
        Self {
            _dir: dir,
            home,
            root,
            cwd,
        }
    }

    fn write(&self, path: &Path, text: &str) -> PathBuf {
        std::fs::write(path, text).unwrap();
        path.to_path_buf()
    }

    fn project_file(&self, name: &str, text: &str) -> PathBuf {
        self.write(&self.root.join(name), text)
    }

    fn config_toml(&self, text: &str) -> PathBuf {
        self.write(&self.home.join("config/wfa/config.toml"), text)
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = wfa_in(&self.home, args)
            .current_dir(&self.cwd)
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn json(&self, extra: &[&str]) -> (i32, Value, String) {
        let mut args = vec!["audit", "--demo", "--format", "json"];
        args.extend_from_slice(extra);
        let run = self.run(&args);
        let value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
        (run.code, value, run.stderr)
    }
}

/// (assetId, rule, severity) of the findings that count.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["assetId"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn severity_of(report: &Value, asset: &str, rule: &str) -> Option<String> {
    findings(report)
        .into_iter()
        .find(|(a, r, _)| a == asset && r == rule)
        .map(|(_, _, s)| s)
}

#[test]
fn without_settings_the_demo_fails_on_its_errors() {
    let p = Project::new();
    let (code, report, stderr) = p.json(&[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(report.get("waived").is_none());
    assert!(report.get("staleWaivers").is_none());
    assert!(!stderr.contains("settings from"), "{stderr}");
    assert!(
        stderr.contains("at least as severe as --fail-on error"),
        "{stderr}"
    );
}

#[test]
fn waived_findings_do_not_fail_ci_and_are_listed_in_every_format() {
    let p = Project::new();
    let file = p.project_file("wfa.toml", WAIVE_ERRORS);

    let (code, report, stderr) = p.json(&[]);
    assert_eq!(
        code, 0,
        "waived errors must not fail --fail-on error: {stderr}"
    );
    assert_eq!(report["summary"]["waived"], 3);
    assert_eq!(report["summary"]["bySeverity"]["error"], 0);
    assert_eq!(
        report["summary"]["findings"],
        report["findings"].as_array().unwrap().len()
    );
    let waived = report["waived"].as_array().unwrap();
    assert_eq!(waived.len(), 3);
    let empty = waived.iter().find(|f| f["assetId"] == EMPTY).unwrap();
    assert_eq!(empty["rule"], "alt-empty");
    assert_eq!(empty["waived"]["reason"], "Decorative loading animation");
    // The source names the file and the waiver's line (its `[[audit.waive]]`).
    let source = empty["waived"]["source"].as_str().unwrap();
    assert!(
        source.starts_with(&file.display().to_string()) && source.ends_with(":7"),
        "{source}"
    );
    assert!(findings(&report).iter().all(|(a, _, _)| a != EMPTY));
    assert!(
        waived
            .iter()
            .any(|f| f["assetId"] == LOGO && f["rule"] == "alt-placeholder")
    );
    // Which file was used is said on standard error.
    assert!(
        stderr.contains(&format!("audit settings from {}", file.display())),
        "{stderr}"
    );

    // The warnings still count for --fail-on warning.
    assert_eq!(p.json(&["--fail-on", "warning"]).0, 1);

    // Table: the header names the file; a "Waived" section with the reasons.
    let table = p.run(&["audit", "--demo"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let first = table.stdout.lines().next().unwrap();
    assert_eq!(first, format!("Settings: {}", file.display()));
    let section = table
        .stdout
        .split("Waived (3), not counted:")
        .nth(1)
        .unwrap();
    for needle in [
        "alt-filename",
        FILENAME,
        "The product code is the name customers search for",
        "Decorative loading animation",
        "Next to the brand name in text",
    ] {
        assert!(section.contains(needle), "{needle}:\n{}", table.stdout);
    }
    assert!(table.stdout.contains("; 3 waived"), "{}", table.stdout);

    // Markdown: a waived table with the reasons.
    let md = p.run(&["audit", "--demo", "--format", "markdown"]);
    assert_eq!(md.code, 0);
    assert!(
        md.stdout.contains("### Waived (3), not counted"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout
            .contains("| `alt-empty` | `66d6e0823e2337b3e66164dd` |")
            && md.stdout.contains("Decorative loading animation"),
        "{}",
        md.stdout
    );

    // CSV: a `waived` column holding the reason, empty for the others.
    let csv = p.run(&["audit", "--demo", "--format", "csv"]);
    assert_eq!(csv.code, 0);
    let mut lines = csv.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("assetId,displayName,rule,severity,altText,detail,waived")
    );
    let rows: Vec<&str> = lines.collect();
    let empty_row = rows.iter().find(|l| l.starts_with(EMPTY)).unwrap();
    assert!(
        empty_row.ends_with(",Decorative loading animation"),
        "{empty_row}"
    );
    let prefix_row = rows.iter().find(|l| l.starts_with(PREFIX)).unwrap();
    assert!(prefix_row.ends_with(','), "{prefix_row}");
    assert_eq!(rows.len(), report["findings"].as_array().unwrap().len() + 3);
}

#[test]
fn a_waiver_of_other_rules_leaves_the_finding_counted() {
    let p = Project::new();
    p.project_file(
        "wfa.toml",
        &format!(
            "[[audit.waive]]\nasset = \"{FILENAME}\"\nrules = [\"alt-too-long\"]\nreason = \"not this one\"\n"
        ),
    );
    let (code, report, stderr) = p.json(&[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        severity_of(&report, FILENAME, "alt-filename").as_deref(),
        Some("error")
    );
    // And that waiver matches nothing: stale.
    assert_eq!(report["staleWaivers"][0]["asset"], FILENAME);
    assert_eq!(report["staleWaivers"][0]["rules"][0], "alt-too-long");
}

#[test]
fn a_stale_waiver_is_warned_about_and_does_not_fail() {
    let p = Project::new();
    let file = p.project_file(
        "wfa.toml",
        &format!(
            "[audit.severity]\nalt-duplicate = \"off\"\n\n[[audit.waive]]\nasset = \"{PREFIX}\"\nreason = \"fixed long ago\"\n\n\
             [[audit.waive]]\nasset = \"{LONG}\"\nrules = [\"alt-too-long\", \"alt-filename\"]\nreason = \"reviewed\"\n\n\
             [[audit.waive]]\nasset = \"aaaaaaaaaaaaaaaaaaaaaaaa\"\nreason = \"not audited: not stale\"\n"
        ),
    );
    let run = p.run(&["audit", "--demo", "--fail-on", "warning"]);
    // Every warning is waived or off; the stale parts only warn.
    assert_eq!(run.code, 1, "the demo's errors and missing texts remain");
    let (code, report, stderr) = p.json(&["--fail-on", "never"]);
    assert_eq!(code, 0);
    let stale = report["staleWaivers"].as_array().unwrap();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["asset"], LONG);
    assert_eq!(stale[0]["rules"], serde_json::json!(["alt-filename"]));
    assert!(
        stale[0]["source"].as_str().unwrap().ends_with(&format!(
            "{}:8",
            file.file_name().unwrap().to_str().unwrap()
        )),
        "{stale:?}"
    );
    assert!(
        stderr.contains("warning: the waiver for asset 65c9e1770f5e44065d2abbfa")
            && stderr.contains("matches no alt-filename finding any more"),
        "{stderr}"
    );
    // PREFIX's finding was waived (all rules), so that waiver is not stale.
    assert!(!stderr.contains(PREFIX), "{stderr}");

    // A waiver for an asset that matches nothing at all.
    p.project_file(
        "wfa.toml",
        &format!(
            "[[audit.waive]]\nasset = \"{PREFIX}\"\nrules = [\"alt-empty\"]\nreason = \"x\"\n"
        ),
    );
    let run = p.run(&[
        "audit",
        "--demo",
        "--fail-on",
        "never",
        "--format",
        "markdown",
    ]);
    assert_eq!(run.code, 0, "a stale waiver never fails: {}", run.stderr);
    assert!(
        run.stderr.contains("matches no alt-empty finding"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("### Stale waivers"), "{}", run.stdout);
}

#[test]
fn severities_and_rules_turned_off() {
    let p = Project::new();
    p.project_file(
        "wfa.toml",
        "[audit.severity]\nalt-missing = \"error\"\nalt-duplicate = \"off\"\nalt-empty = \"info\"\n",
    );
    let (_, report, _) = p.json(&[]);
    let all = findings(&report);
    assert!(all.iter().all(|(_, r, _)| r != "alt-duplicate"), "{all:?}");
    assert_eq!(report["summary"]["byRule"]["alt-duplicate"], 0);
    assert!(
        all.iter()
            .filter(|(_, r, _)| r == "alt-missing")
            .all(|(_, _, s)| s == "error")
    );
    assert_eq!(
        severity_of(&report, EMPTY, "alt-empty").as_deref(),
        Some("info")
    );
}

#[test]
fn precedence_flags_over_project_over_config_over_defaults() {
    let p = Project::new();
    // Defaults: the long text (~290 characters) is too long at 125.
    let (_, report, _) = p.json(&[]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_some());

    // config.toml: a limit nothing reaches, alt-missing an error.
    let config = p.config_toml(
        "[audit]\nmax_chars = 1000\n\n[audit.severity]\nalt-missing = \"error\"\nalt-empty = \"off\"\n",
    );
    let (_, report, stderr) = p.json(&[]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_none());
    assert_eq!(severity_of(&report, EMPTY, "alt-empty"), None);
    let missing = "66bca24435ec7f19c092c9a9";
    assert_eq!(
        severity_of(&report, missing, "alt-missing").as_deref(),
        Some("error")
    );
    assert!(
        stderr.contains(&format!("audit settings from {}", config.display())),
        "{stderr}"
    );

    // The project file goes over config.toml, key by key (alt-empty stays off).
    let project = p.project_file(
        ".wfa.toml",
        "[audit]\nmax_chars = 100\n\n[audit.severity]\nalt-missing = \"info\"\n",
    );
    let (_, report, stderr) = p.json(&[]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_some());
    assert_eq!(
        severity_of(&report, missing, "alt-missing").as_deref(),
        Some("info")
    );
    assert_eq!(severity_of(&report, EMPTY, "alt-empty"), None);
    assert!(
        stderr.contains(&format!(
            "audit settings from {} (over [audit] in {})",
            project.display(),
            config.display()
        )),
        "{stderr}"
    );

    // Flags go over both.
    let (_, report, _) = p.json(&["--max-chars", "1000", "--missing", "warning"]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_none());
    assert_eq!(
        severity_of(&report, missing, "alt-missing").as_deref(),
        Some("warning")
    );
}

#[test]
fn the_nearest_project_file_wins() {
    let p = Project::new();
    // Above: a limit nothing reaches. Nearer (the working directory): 50.
    p.project_file("wfa.toml", "[audit]\nmax_chars = 1000\n");
    let (_, report, _) = p.json(&[]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_none());

    let near = p.write(&p.cwd.join(".wfa.toml"), "[audit]\nmax_chars = 50\n");
    let (_, report, stderr) = p.json(&[]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_some());
    assert!(
        stderr.contains(&format!("audit settings from {}", near.display())),
        "{stderr}"
    );
    // Only the nearest file: the one above is not merged in.
    assert!(!stderr.contains("over [audit]"), "{stderr}");

    // wfa.toml and .wfa.toml side by side: wfa.toml, with a warning.
    p.write(&p.cwd.join("wfa.toml"), "[audit]\nmax_chars = 1000\n");
    let (_, report, stderr) = p.json(&[]);
    assert!(severity_of(&report, LONG, "alt-too-long").is_none());
    assert!(
        stderr.contains("both exist") && stderr.contains(".wfa.toml is ignored"),
        "{stderr}"
    );
}

#[test]
fn extra_placeholder_words_reach_the_audit_config() {
    // The placeholder rule's own tests check the matching; here: the words
    // are read, trimmed and passed on without an error.
    let p = Project::new();
    p.project_file(
        "wfa.toml",
        "[audit]\nplaceholders = [\"bild\", \" todo \"]\n",
    );
    let run = p.run(&["audit", "--demo", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `wfa audit --demo` in a project whose `wfa.toml` is `text`: exit 2 and a
/// message naming the file and `line N:`.
fn assert_refused(text: &str, line: usize, needle: &str) {
    let p = Project::new();
    let file = p.project_file("wfa.toml", text);
    let run = p.run(&["audit", "--demo"]);
    assert_eq!(run.code, 2, "{text}: {}", run.stderr);
    assert!(
        run.stderr.contains(&file.display().to_string())
            && run.stderr.contains(&format!("line {line}:"))
            && run.stderr.contains(needle),
        "{text}:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn bad_settings_are_refused_with_file_and_line() {
    assert_refused("[audit]\nmax_char = 100\n", 2, "unknown field `max_char`");
    assert_refused("max_chars = 100\n", 1, "unknown field `max_chars`");
    assert_refused(
        "[audit.severity]\n\nalt-mising = \"error\"\n",
        3,
        "unknown rule \"alt-mising\"; the rules are alt-missing,",
    );
    assert_refused(
        "[audit.severity]\nalt-missing = \"fatal\"\n",
        2,
        "unknown severity \"fatal\"",
    );
    assert_refused("[audit]\nmax_chars = 0\n", 2, "at least 1");
    assert_refused(
        "[[audit.waive]]\nasset = \"6626bc66546865dfb230669\"\nreason = \"x\"\n",
        2,
        "not a valid asset ID",
    );
    assert_refused(
        "# reviewed\n[[audit.waive]]\nasset = \"6626bc66546865dfb230669e\"\nrules = [\"alt-too-long\"]\n",
        2,
        "has no reason",
    );
    assert_refused(
        "[[audit.waive]]\nasset = \"6626bc66546865dfb230669e\"\nreason = \"   \"\n",
        3,
        "reason cannot be blank",
    );
    assert_refused(
        "[[audit.waive]]\nasset = \"6626bc66546865dfb230669e\"\nrules = [\"alt-filename\", \"alt-nope\"]\nreason = \"x\"\n",
        3,
        "unknown rule \"alt-nope\"",
    );
    assert_refused(
        "[[audit.waive]]\nasset = \"6626bc66546865dfb230669e\"\nrason = \"typo\"\n",
        3,
        "unknown field `rason`",
    );
}

#[test]
fn a_bad_audit_table_in_config_toml_is_refused_with_its_line() {
    let p = Project::new();
    let config = p.config_toml("mouse = false\n\n[audit.severity]\nalt-empty = \"loud\"\n");
    let run = p.run(&["audit", "--demo"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&config.display().to_string())
            && run.stderr.contains("line 4:")
            && run.stderr.contains("unknown severity \"loud\""),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_needs_no_token_and_refuses_unknown_rules() {
    let p = Project::new();
    // No token, no --demo: nothing is fetched.
    let run = p.run(&["audit", "--explain", "alt-too-long"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("alt-too-long"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    let run = p.run(&["audit", "--explain", "alt-nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("unknown rule \"alt-nope\"")
            && run.stderr.contains("alt-missing")
            && run.stderr.contains("alt-duplicate"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_asset_that_is_not_found_says_so_apart_from_findings() {
    let p = Project::new();
    let run = p.run(&["audit", "--demo", PREFIX, "000000000000000000000000"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("1 asset was not found") && run.stderr.contains("not findings"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--fail-on"), "{}", run.stderr);
}
