//! What each command offers in its help, shell completions and the man page:
//! the real binary in a clean environment.

mod common {
    pub mod cli;
}
use common::cli::wfa_in as wfa;

use std::path::Path;

const SEED_ID: &str = "63e5889e7fe4eafa7384cea4";

fn run_in(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = wfa(home, args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    run_in(home.path(), args)
}

fn help(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

#[test]
fn each_help_offers_only_the_flags_its_command_uses() {
    // (args, flags its help must offer, flags it must not)
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--help"],
            "--preview --demo --offline --no-cache --api-base --locale --config --log-level \
             --site completions man",
            "",
        ),
        (
            &["get", "--help"],
            "--demo --offline --no-cache --api-base --locale --config --log-level --json",
            "--preview",
        ),
    ];
    for (args, offered, absent) in cases {
        let text = help(args);
        for flag in offered.split_whitespace() {
            assert!(text.contains(flag), "wfa {args:?} lacks {flag}:\n{text}");
        }
        for flag in absent.split_whitespace() {
            assert!(!text.contains(flag), "wfa {args:?} offers {flag}:\n{text}");
        }
    }

    // A listing never reads the cache: no cache flags, no preview.
    let list = help(&["list", "--help"]);
    for flag in ["--preview", "--offline", "--no-cache"] {
        assert!(
            !list.contains(flag),
            "wfa list --help offers {flag}:\n{list}"
        );
    }
    assert!(list.contains("--demo") && list.contains("--api-base"));

    // Auditing IDs reads the cache; auditing a site does not.
    let audit = help(&["audit", "--help"]);
    assert!(!audit.contains("--preview"), "wfa audit --help:\n{audit}");
    assert!(audit.contains("--offline") && audit.contains("--demo"));

    // A site's content read is kept: usage answers --offline from it.
    let usage = help(&["usage", "--help"]);
    for flag in ["--offline", "--no-cache", "--all-locales", "--json"] {
        assert!(
            usage.contains(flag),
            "wfa usage --help lacks {flag}:\n{usage}"
        );
    }
    assert!(!usage.contains("--preview"), "wfa usage --help:\n{usage}");

    for args in [&["completions", "--help"][..], &["man", "--help"]] {
        let text = help(args);
        for flag in [
            "--demo",
            "--config",
            "--preview",
            "--offline",
            "--log-level",
        ] {
            assert!(!text.contains(flag), "{args:?} offers {flag}:\n{text}");
        }
    }
}

#[test]
fn a_flag_a_command_has_no_use_for_is_a_usage_error() {
    let (code, _, err) = run(&["get", "--demo", "--preview", "off", SEED_ID]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--preview"), "{err}");
    let (code, _, err) = run(&["list", "--demo", "--offline"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["audit", "--offline", "--site", "63938b302ea6b0aa6f3d8745"]);
    assert_eq!(code, 2, "a site listing cannot come from the cache: {err}");
    let (code, _, err) = run(&["completions", "bash", "--demo"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn completions_for_every_shell() {
    let (code, bash, err) = run(&["completions", "bash"]);
    assert_eq!(code, 0, "{err}");
    assert!(bash.contains("complete") && bash.contains("wfa"), "{bash}");
    for sub in ["get", "list", "audit", "completions", "man"] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
    }
    assert!(bash.contains("--fail-on") && bash.contains("--preview"));

    for (shell, needle) in [
        ("zsh", "#compdef wfa"),
        ("fish", "complete -c wfa"),
        ("elvish", "edit:completion:arg-completer[wfa]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.contains(needle), "{shell}:\n{script}");
        assert!(script.contains("audit"), "{shell} lacks audit");
    }

    let (code, _, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["completions"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn man_page_is_roff_and_covers_every_subcommand() {
    let (code, man, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        man.contains("\n.TH wfa 1 "),
        "{}",
        &man[..man.len().min(200)]
    );
    assert_eq!(man.matches(".TH").count(), 1, "one page");
    assert_eq!(man.matches(".ds Aq").count(), 2, "the preamble once");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH NOTES",
    ] {
        assert!(man.contains(section), "man lacks {section}");
    }
    for sub in ["GET", "LIST", "AUDIT", "COMPLETIONS", "MAN"] {
        assert!(
            man.contains(&format!(".SH \"WFA {sub}\"")),
            "man lacks the {sub} section"
        );
    }
    assert!(man.contains("fail\\-on"), "audit's options are documented");
    assert!(man.contains(".SS OPTIONS"));
}

#[test]
fn completions_and_man_ignore_a_broken_config_and_a_missing_token() {
    let home = tempfile::tempdir().unwrap();
    let broken = home.path().join("broken.toml");
    std::fs::write(&broken, "tokne = [unterminated\n").unwrap();
    let with_broken = |args: &[&str]| {
        let out = wfa(home.path(), args)
            .env("WFA_CONFIG", &broken)
            .env("WFA_LOCALE", "not-a-locale")
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    // Completions and the man page read no config, need no token and write no log…
    let (code, bash, err) = with_broken(&["completions", "bash"]);
    assert_eq!(code, 0, "{err}");
    assert!(bash.contains("audit"));
    assert!(err.is_empty(), "{err}");
    let (code, man, err) = with_broken(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(man.contains("\n.TH wfa 1 "));
    for dir in ["state", "data", "cache"] {
        assert!(!home.path().join(dir).exists(), "{dir} written");
    }
    // …while the file really is broken for the commands that read it.
    let (code, _, err) = with_broken(&["get", "--demo", SEED_ID]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("broken.toml"), "{err}");
}
