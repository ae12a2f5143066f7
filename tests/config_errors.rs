//! Config files that are not what they should be: each is refused with exit 2
//! and a message naming the file, without blocking or reading without end;
//! and a `[keys]` table is checked by every command, with its line; so is a
//! project file (`wfa.toml`).

mod common {
    pub mod cli;
}

use std::path::Path;

use common::cli::wfa_in;

const ID: &str = "63e5889e7fe4eafa7384cea4";

/// `wfa get ID` with `WFA_CONFIG=config`: its exit code and standard error.
fn get_with_config(home: &Path, config: &Path) -> (i32, String) {
    let out = wfa_in(home, &["get", "--demo", ID])
        .env("WFA_CONFIG", config)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_missing_explicit_config_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wfa-settings.toml");
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("wfa-settings.toml") && stderr.contains("does not exist"),
        "{stderr}"
    );
    // `--config` too.
    let out = wfa_in(dir.path(), &["--config", path.to_str().unwrap(), "get", ID])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_oversized_config_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let line = "# padding padding padding padding padding padding padding\n";
    std::fs::write(&path, line.repeat((2 << 20) / line.len())).unwrap();
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("big.toml") && stderr.contains("1 MiB"),
        "{stderr}"
    );
}

#[test]
fn a_binary_config_is_not_text_not_a_permission_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.bin");
    std::fs::write(&path, [0x7f, b'E', b'L', b'F', 0xff, 0xfe, 0, 1]).unwrap();
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("settings.bin") && stderr.contains("not a text file"),
        "{stderr}"
    );
    assert!(!stderr.contains("permission"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = get_with_config(dir.path(), Path::new("/dev/zero"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("not a regular file"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("config.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    // `wfa_in` times the command out after 30 s: blocking fails the test.
    let (code, stderr) = get_with_config(dir.path(), &fifo);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("config.fifo") && stderr.contains("FIFO"),
        "{stderr}"
    );
}

#[test]
fn errors_name_the_config_file_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("work.toml");
    std::fs::write(&path, "attempts = 99\n").unwrap();
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("work.toml") && !stderr.contains("config.toml"),
        "{stderr}"
    );
}

#[test]
fn get_checks_the_keymap_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.toml");
    std::fs::write(
        &path,
        "mouse = false\n\n[keys]\nlookup = [\"i\"]\nquit = [\"j\"]\n",
    )
    .unwrap();
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("keys.toml, line 5:")
            && stderr.contains("down has by default")
            && stderr.contains("bind down too"),
        "{stderr}"
    );
    // Bad keys and unknown actions: `get` refuses what the browser refuses.
    std::fs::write(&path, "[keys]\nlookpu = [\"x\"]\n").unwrap();
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("line 2:") && stderr.contains("unknown action"),
        "{stderr}"
    );
    // Re-binding the action that loses the key settles it.
    std::fs::write(&path, "[keys]\nquit = [\"j\"]\ndown = [\"Down\"]\n").unwrap();
    let (code, stderr) = get_with_config(dir.path(), &path);
    assert_ne!(code, 2, "{stderr}");
}

/// A project file (`wfa.toml`, found up from the working directory) is checked
/// like config.toml, by every command: its errors name it and the line.
#[test]
fn a_bad_project_file_is_refused_by_every_command_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("site");
    let cwd = project.join("src").join("pages");
    std::fs::create_dir_all(&cwd).unwrap();
    let file = project.join("wfa.toml");
    std::fs::write(
        &file,
        "[audit]\nmax_chars = 100\n\n[audit.severity]\nalt-empty = \"loud\"\n",
    )
    .unwrap();
    for args in [
        &["get", "--demo", ID][..],
        &["audit", "--demo"],
        &["list", "--demo"],
    ] {
        let out = wfa_in(dir.path(), args).current_dir(&cwd).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&file.display().to_string())
                && stderr.contains("line 5:")
                && stderr.contains("unknown severity \"loud\""),
            "{args:?}: {stderr}"
        );
    }
    // Not text: named as the project file, with no advice about --config.
    std::fs::write(&file, [0xff, 0xfe, 0, 1]).unwrap();
    let out = wfa_in(dir.path(), &["audit", "--demo"])
        .current_dir(&cwd)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("project file")
            && stderr.contains("not a text file")
            && !stderr.contains("--config"),
        "{stderr}"
    );
}
