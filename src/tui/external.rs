//! Running the user's editor (`$VISUAL`, `$EDITOR`, else `vi`) on a table of
//! alt texts (`E`), as git runs it for a commit message: the text goes to a
//! new private temp file, the terminal is handed to the editor (alternate
//! screen and raw mode left, wfa's input thread paused so that no key meant
//! for the editor is read by wfa), and taken back once it exits.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use super::input::Pause;

/// The editor command: `$VISUAL`, then `$EDITOR`, then `vi`.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// A new file in the temp directory, readable by this user only.
fn temp_file(text: &str) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("wfa-alt-text-{}-{n}.tsv", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&path)?;
    file.write_all(text.as_bytes())?;
    Ok(path)
}

/// Runs the editor on `path` through the shell (so `EDITOR="code -w"`
/// works), the path passed as an argument, never spliced into the command.
fn run_editor(path: &Path) -> io::Result<()> {
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$1\"", editor()))
        .arg("sh")
        .arg(path)
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "the editor ({}) exited with {status}; nothing was changed",
            editor()
        )))
    }
}

/// Lets the user edit `text` in their editor and returns what they saved.
/// `leave` hands the terminal back and `take` takes it again (they run
/// around the editor whatever happens).
pub fn edit(
    text: &str,
    pause: &Pause,
    leave: impl FnOnce(),
    take: impl FnOnce() -> io::Result<()>,
) -> io::Result<String> {
    let path = temp_file(text)?;
    pause.pause();
    leave();
    let ran = run_editor(&path);
    let taken = take();
    pause.resume();
    let edited = ran.and_then(|()| fs::read_to_string(&path));
    let _ = fs::remove_file(&path);
    taken?;
    edited
}
