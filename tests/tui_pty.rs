//! End-to-end: the real `wfa` binary in a pseudo-terminal, its screen read back
//! through a VT100 parser. Nothing here needs the terminal to answer queries.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED: &str = "63e5889e7fe4eafa7384cea4";
const JPEG: &str = "65c9e1770f5e44065d2abbfa";

struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    home: tempfile::TempDir,
}

/// What the pseudo-terminal answers when wfa asks about graphics (the query
/// ends with a status report, `CSI 5 n`).
#[derive(Clone, Copy)]
enum Answers {
    /// Nothing, like a terminal that ignores queries.
    Nothing,
    /// A kitty-graphics terminal with 10×20-pixel cells.
    Kitty,
}

impl Session {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_answering(args, env, Answers::Nothing)
    }

    fn start_answering(args: &[&str], env: &[(&str, &str)], answers: Answers) -> Self {
        Self::spawn(env!("CARGO_BIN_EXE_wfa"), args, env, answers)
    }

    /// Runs `program` (wfa, or a shell that runs it) in the pseudo-terminal.
    fn spawn(program: &str, args: &[&str], env: &[(&str, &str)], answers: Answers) -> Self {
        Self::spawn_in(tempfile::tempdir().unwrap(), program, args, env, answers)
    }

    /// Runs wfa again in the home of a run that ended (its state kept).
    fn start_in(dirs: tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn_in(dirs, env!("CARGO_BIN_EXE_wfa"), args, env, Answers::Nothing)
    }

    fn spawn_in(
        dirs: tempfile::TempDir,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
        answers: Answers,
    ) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", dirs.path());
        cmd.env("XDG_CONFIG_HOME", dirs.path().join("config"));
        cmd.env("XDG_DATA_HOME", dirs.path().join("data"));
        cmd.env("XDG_CACHE_HOME", dirs.path().join("cache"));
        cmd.env("TZ", "UTC");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pty.master.take_writer().unwrap()));
        let answer = writer.clone();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(30).unwrap(),
            std::num::NonZeroU16::new(100).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (screen_in, raw_in) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if matches!(answers, Answers::Kitty) && buf[..n].windows(4).any(|w| w == b"\x1b[5n")
                {
                    let mut w = answer.lock().unwrap();
                    let _ = w.write_all(b"\x1b_Gi=31;OK\x1b\\\x1b[?62;4c\x1b[6;20;10t\x1b[0n");
                    let _ = w.flush();
                }
                screen_in.lock().unwrap().process(&buf[..n]);
                raw_in.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Self {
            screen,
            raw,
            writer,
            child,
            master: pty.master,
            home: dirs,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits (up to a generous deadline, for slow CI machines) until the screen
    /// shows every one of `needles`.
    fn wait_for(&self, needles: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.contents();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {needles:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// Sends `key` and returns how long until the screen shows `expect`.
    fn answer_time(&mut self, key: &str, expect: &str) -> Duration {
        let sent = Instant::now();
        self.send(key);
        let deadline = sent + Duration::from_secs(20);
        loop {
            if self.contents().contains(expect) {
                return sent.elapsed();
            }
            assert!(
                Instant::now() < deadline,
                "{key:?} never showed {expect:?}:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Quits with `q` and returns the exit status, everything printed, and the
    /// home directory it ran in (still on disk).
    fn quit(mut self) -> (u32, Vec<u8>, tempfile::TempDir) {
        self.send("q");
        self.wait_exit("q")
    }

    /// Waits for the process to end after `what` and returns what
    /// [`Session::quit`] does.
    fn wait_exit(mut self, what: &str) -> (u32, Vec<u8>, tempfile::TempDir) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "wfa did not quit on {what}");
            std::thread::sleep(Duration::from_millis(50));
        };
        std::thread::sleep(Duration::from_millis(100));
        let raw = self.raw.lock().unwrap().clone();
        (status.exit_code(), raw, self.home)
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a process ID")
    }

    /// The pseudo-terminal's settings as `stty -a` prints them.
    #[cfg(target_os = "linux")]
    fn tty_settings(&self) -> String {
        stty(&self.master.tty_name().expect("the pty has a name"))
    }
}

/// `stty -a` for the terminal `tty` (GNU stty's `-F`).
#[cfg(target_os = "linux")]
fn stty(tty: &std::path::Path) -> String {
    let out = std::process::Command::new("stty")
        .arg("-F")
        .arg(tty)
        .arg("-a")
        .output()
        .unwrap();
    assert!(out.status.success(), "stty -F {}: {out:?}", tty.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sends `signal` (a name for `kill`, e.g. `TERM`) to process `pid`.
#[cfg(unix)]
fn kill(signal: &str, pid: u32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid}");
}

/// The tty is cooked again: echo and line editing on (raw mode prints
/// `-echo -icanon`).
#[cfg(target_os = "linux")]
fn assert_cooked(settings: &str) {
    let flags: Vec<&str> = settings.split_whitespace().collect();
    for flag in ["echo", "icanon", "isig"] {
        assert!(
            flags.contains(&flag),
            "the tty was left without {flag}:\n{settings}"
        );
    }
}

/// A process's state letter from /proc (`T` while stopped).
#[cfg(target_os = "linux")]
fn process_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // `pid (comm) S ...`: the state follows the command name's `)`.
    stat[stat.rfind(')').unwrap() + 1..]
        .trim_start()
        .chars()
        .next()
        .unwrap()
}

/// The one child of process `parent` (found through /proc).
#[cfg(target_os = "linux")]
fn child_of(parent: u32) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let ppid = stat[stat.rfind(')').unwrap() + 1..]
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u32>().ok());
            if ppid == Some(parent) {
                return pid;
            }
        }
        assert!(Instant::now() < deadline, "process {parent} has no child");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The terminal is handed back: alternate screen left, cursor shown, bracketed
/// paste off.
fn assert_restored(raw: &[u8]) {
    let text = String::from_utf8_lossy(raw);
    let tail = &text[text
        .rfind("\x1b[?1049h")
        .expect("entered the alternate screen")..];
    for (seq, what) in [
        ("\x1b[?1049l", "left the alternate screen"),
        ("\x1b[?25h", "showed the cursor"),
        ("\x1b[?2004l", "turned bracketed paste off"),
    ] {
        assert!(tail.contains(seq), "wfa never {what}");
    }
}

#[test]
fn demo_mode_lookup_by_keyboard_reads_all_three_panes() {
    let mut s = Session::start(&["--demo", "--preview", "halfblocks"], &[]);
    s.wait_for(&["DEMO", "Candy-Wrapper.png", "Assets 1/18"]);

    // An invalid ID is refused inline, without leaving the input.
    s.send("/not-an-id\r");
    s.wait_for(&["is not a valid asset ID"]);
    s.send("\x15"); // Ctrl-U clears the input
    s.send(JPEG);
    s.send("\r");
    let screen = s.wait_for(&[
        "caramel-swirl-hero.jpg",
        "image/jpeg",
        "Variants (3)",
        "1080×810",
    ]);
    assert!(screen.contains("Alt text"), "{screen}");
    assert!(
        screen.contains("279 characters"),
        "alt text count shown:\n{screen}"
    );
    assert!(
        screen.contains("long: 279 characters"),
        "long alt text warned:\n{screen}"
    );

    s.send("?");
    // The title says how to close it (and to scroll, when it is taller than
    // the terminal).
    s.wait_for(&["keys ·", "copy the asset ID"]);
    s.send(" ");
    s.send("y");
    s.wait_for(&["copied the asset ID"]);

    let (code, raw, home) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
    // The copy went out as OSC 52 with the ID base64-encoded.
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains("\x1b]52;c;NjVjOWUxNzcwZjVlNDQwNjVkMmFiYmZh\x07"));
    let history = std::fs::read_to_string(home.path().join("data/wfa/history-demo")).unwrap();
    assert_eq!(history.lines().next(), Some(JPEG));
}

#[tokio::test(flavor = "multi_thread")]
async fn live_mode_against_a_webflow_compatible_server() {
    let server = MockServer::start().await;
    let asset = serde_json::json!({
        "id": SEED, "contentType": "image/png", "size": 2212772,
        "siteId": "63938b302ea6b0aa6f3d8745",
        "hostedUrl": "https://cdn.example.test/63e5889e7fe4eafa7384cea4_Candy-Wrapper.png",
        "originalFileName": "Candy-Wrapper.png",
        "displayName": "63e5889e7fe4eafa7384cea4_Candy-Wrapper.png",
        "lastUpdated": "2023-03-01T23:42:57.862Z", "createdOn": "2023-02-09T23:58:22.294Z",
        "variants": [{"hostedUrl": "https://cdn.example.test/x-p-500.png",
            "originalFileName": "x-p-500.png", "displayName": "x-p-500.png",
            "format": "png", "width": 500, "height": null, "quality": 100, "error": null}],
        "altText": null
    });
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{SEED}")))
        .and(header("authorization", "Bearer pty-test-token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&asset)
                .insert_header("x-ratelimit-limit", "60")
                .insert_header("x-ratelimit-remaining", "59"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/assets/{JPEG}")))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "code": "resource_not_found", "message": "Requested resource not found"
        })))
        .mount(&server)
        .await;

    let base = format!("{}/v2", server.uri());
    let host = server.uri().trim_start_matches("http://").to_string();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut s = Session::start(
            &["--api-base", &base, "--preview", "off", SEED],
            &[("WEBFLOW_API_TOKEN", "pty-test-token")],
        );
        let screen = s.wait_for(&[
            &host,
            "Candy-Wrapper.png",
            "rate 59/60",
            "500×null",
            "missing (null)",
        ]);
        assert!(!screen.contains("DEMO"));
        assert!(!screen.contains("pty-test-token"));
        // A failing lookup shows in the pane and the status bar; the app keeps going.
        s.send("/");
        s.send(JPEG);
        s.send("\r");
        s.wait_for(&["was not found (HTTP 404", "✗"]);
        s.send("k");
        s.wait_for(&["Assets 1/2"]);
        s.quit()
    })
    .await
    .unwrap();
    assert_eq!(outcome.0, 0);
    assert_restored(&outcome.1);
    assert!(!String::from_utf8_lossy(&outcome.1).contains("pty-test-token"));
}

#[test]
fn demo_mode_shows_a_halfblocks_preview_from_the_start() {
    let mut s = Session::start(&["--demo", "--preview", "halfblocks"], &[]);
    // Chosen on the command line: shown at once, no key needed.
    s.wait_for(&["DEMO", "Assets 1/18", "Preview · halfblocks", "▀"]);
    s.send("j"); // the 2000×1500 JPEG
    let screen = s.wait_for(&["caramel-swirl-hero.jpg", "Variants (3)", "▀"]);
    assert!(screen.contains("Assets 2/18"), "{screen}");
    // Keys keep working with the preview on; an SVG logo is drawn as pixels.
    s.send("G");
    s.wait_for(&["Assets 18/18"]);
    s.send("gjjjjjjj"); // the SVG logo, 8th row
    s.wait_for(&["Assets 8/18", "candy-co-logo.svg", "▀"]);
    assert!(!s.contents().contains("vector image"));
    s.send("g");
    s.send("j");
    s.wait_for(&["Assets 2/18", "▀"]);
    // Help covers the pane: the image is hidden, and help names the protocol
    // (at its end: scrolled to, on this 30-row terminal).
    s.send("?");
    s.send(&"j".repeat(12));
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let screen = s.contents();
        if screen.contains("Preview: halfblocks") && !screen.contains('▀') {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the image stayed under the help:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    s.send(" ");
    // p hides it, and the choice is remembered for the next run.
    s.send("p");
    let deadline = Instant::now() + Duration::from_secs(20);
    while s.contents().contains("Preview ·") {
        assert!(Instant::now() < deadline, "p did not hide the preview");
        std::thread::sleep(Duration::from_millis(20));
    }
    let (code, raw, home) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
    assert_eq!(
        std::fs::read_to_string(home.path().join("data/wfa/preview")).unwrap(),
        "hidden\n"
    );
}

/// A bug detector, not a benchmark: every key must be drawn as soon as it is
/// read. (Keys once waited for the next one-second tick: 700 ms median.)
#[test]
fn every_key_is_answered_at_once_while_previews_load() {
    let mut s = Session::start(&["--demo", "--preview", "halfblocks"], &[]);
    s.wait_for(&["Assets 1/18", "Candy-Wrapper.png", "▀"]);
    std::thread::sleep(Duration::from_millis(300));
    let mut times = Vec::new();
    for (key, row) in [
        ("j", 2),
        ("j", 3),
        ("j", 4),
        ("j", 5),
        ("k", 4),
        ("k", 3),
        ("k", 2),
        ("k", 1),
    ] {
        times.push(s.answer_time(key, &format!("Assets {row}/18")));
        // Let the debounced preview of the new row start decoding.
        std::thread::sleep(Duration::from_millis(120));
    }
    times.sort();
    let median = times[times.len() / 2];
    assert!(
        median < Duration::from_millis(250),
        "keys waited (sorted): {times:?}"
    );
    let (code, raw, _) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
}

#[test]
fn keys_typed_before_the_first_frame_are_kept() {
    let mut s = Session::start(&["--demo", "--preview", "off"], &[]);
    // Typed at once, while wfa is still starting.
    s.send("jjj");
    s.wait_for(&["Assets 4/18", "IMG_4821.jpg"]);
    let (code, _, _) = s.quit();
    assert_eq!(code, 0);
}

#[test]
fn a_kitty_terminal_is_asked_and_gets_real_pixels() {
    // No hint in the environment: wfa asks the terminal after the first frame,
    // reads the answers with the keys, and opens the preview by itself.
    let mut s = Session::start_answering(&["--demo"], &[], Answers::Kitty);
    s.wait_for(&["Assets 1/18", "Preview · kitty"]);
    s.send("j");
    s.wait_for(&["Assets 2/18", "caramel-swirl-hero.jpg"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let raw = s.raw.lock().unwrap().clone();
        // An image transmitted with the kitty graphics protocol.
        if raw.windows(5).any(|w| w == b"\x1b_Ga=") || raw.windows(5).any(|w| w == b"\x1b_Gq=") {
            break;
        }
        assert!(Instant::now() < deadline, "no kitty image was sent");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The answers never reached the browser as keys (they would have typed
    // into it or moved the selection).
    assert!(s.contents().contains("Assets 2/18"));
    let (code, raw, _) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
}

#[test]
fn a_silent_terminal_keeps_its_keys_and_falls_back_to_half_blocks() {
    let mut s = Session::start(&["--demo"], &[]);
    s.wait_for(&["Assets 1/18", "Candy-Wrapper.png"]);
    // Nobody chose a preview and nothing answered: the pane stays closed…
    assert!(!s.contents().contains("Preview"));
    s.send("j");
    s.wait_for(&["Assets 2/18"]);
    // …and opens with half blocks when asked for.
    s.send("p");
    s.wait_for(&["Preview · halfblocks", "▀"]);
    let (code, raw, _) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
}

/// `kill` from outside (tmux kill-pane, a dropped SSH session, `timeout`):
/// the terminal is handed back and wfa exits as a shell reports the signal.
#[cfg(unix)]
#[test]
fn a_signal_restores_the_terminal_and_exits_with_its_code() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130), ("QUIT", 131)] {
        let mut s = Session::start(&["--demo", "--preview", "off"], &[]);
        s.wait_for(&["Assets 1/18", "Candy-Wrapper.png"]);
        s.send("M");
        s.wait_for(&["mouse wheel scrolling on"]);
        #[cfg(target_os = "linux")]
        assert!(s.tty_settings().contains("-icanon"), "wfa runs in raw mode");
        let pid = s.pid();
        let tty = s.master.tty_name().expect("the pty has a name");
        // Held open so the terminal's settings can be read after wfa is gone
        // (the pty's node goes with its last user).
        let _held = std::fs::File::open(&tty).unwrap();
        kill(signal, pid);
        let (status, raw, _home) = s.wait_exit(&format!("SIG{signal}"));
        assert_eq!(status, code, "exit code after SIG{signal} (pid {pid})");
        assert_restored(&raw);
        let text = String::from_utf8_lossy(&raw);
        let tail = &text[text.rfind("\x1b[?1049h").unwrap()..];
        assert!(tail.contains("\x1b[?1000l"), "mouse capture left on");
        assert!(
            tail.contains(&format!("wfa: stopped by SIG{signal}")),
            "one line says why: {tail:?}"
        );
        // The tty is cooked again (the pty outlives wfa).
        #[cfg(target_os = "linux")]
        assert_cooked(&stty(&tty));
        #[cfg(not(target_os = "linux"))]
        let _ = tty;
    }
}

/// Ctrl-Z hands the terminal back and stops wfa; `fg` redraws it and keys
/// work again. A shell with job control runs it, as a user's would: without
/// one the process group is orphaned and the kernel drops SIGTSTP.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    let script = format!(
        "set -m; '{}' --demo --preview off; read line; fg",
        env!("CARGO_BIN_EXE_wfa")
    );
    let mut s = Session::spawn("sh", &["-c", &script], &[], Answers::Nothing);
    s.wait_for(&["Assets 1/18", "Candy-Wrapper.png"]);
    let wfa = child_of(s.pid());
    s.send("M");
    s.wait_for(&["mouse wheel scrolling on"]);
    s.send("\x1a");
    let deadline = Instant::now() + Duration::from_secs(20);
    while process_state(wfa) != 'T' {
        assert!(Instant::now() < deadline, "Ctrl-Z did not stop wfa");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The shell's screen is back (once the reader has caught up), and the tty
    // is cooked.
    while s.screen.lock().unwrap().screen().alternate_screen() {
        assert!(Instant::now() < deadline, "the alternate screen was kept");
        std::thread::sleep(Duration::from_millis(20));
    }
    let stopped = s.raw.lock().unwrap().clone();
    assert_restored(&stopped);
    let tail = String::from_utf8_lossy(&stopped);
    let tail = &tail[tail.rfind("\x1b[?1049h").unwrap()..];
    assert!(tail.contains("\x1b[?1000l"), "mouse capture left on");
    assert_cooked(&s.tty_settings());

    // `fg`: continued, wfa takes the terminal again and draws all of it.
    s.send("\n");
    s.wait_for(&["Assets 1/18", "Candy-Wrapper.png"]);
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    assert!(s.tty_settings().contains("-icanon"), "raw mode again");
    let resumed = s.raw.lock().unwrap()[stopped.len()..].to_vec();
    let resumed = String::from_utf8_lossy(&resumed);
    for (seq, what) in [
        ("\x1b[?1049h", "the alternate screen"),
        ("\x1b[?2004h", "bracketed paste"),
        ("\x1b[?1000h", "mouse capture (it was on)"),
    ] {
        assert!(resumed.contains(seq), "{what} not taken again");
    }
    s.send("j");
    s.wait_for(&["Assets 2/18"]);
    let (code, raw, _) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
}

#[test]
fn demo_mode_edits_and_saves_an_alt_text_with_its_journal() {
    let mut s = Session::start(&["--demo", "--preview", "off"], &[]);
    s.wait_for(&[
        "DEMO",
        "Candy-Wrapper.png",
        "Assets 1/18",
        "A single candy wrapper",
    ]);
    s.send("e");
    s.wait_for(&["Alt text · editing", "22/125 characters"]);
    s.send("\x17"); // Ctrl-W: the last word
    s.send("on a table");
    s.wait_for(&["A single candy on a table", "25/125 characters"]);
    s.send("\r");
    let screen = s.wait_for(&["saved the alt text of Candy-Wrapper.png"]);
    assert!(!screen.contains("editing"), "{screen}");
    // Fetched again from the demo server: the change is there.
    s.send("r");
    s.wait_for(&["present · 25 characters", "A single candy on a table"]);
    // The command log lists the write.
    s.send("w");
    s.wait_for(&[
        "Writes this session",
        "\"A single candy wrapper\" → \"A single candy on a",
    ]);
    s.send("w");
    let (code, raw, home) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
    let state = home.path().join(".local/state/wfa");
    let journals: Vec<_> = std::fs::read_dir(state.join("journal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(journals.len(), 1, "{journals:?}");
    let journal = std::fs::read_to_string(&journals[0]).unwrap();
    let lines: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["command"], "browser");
    let last = lines.last().unwrap();
    assert_eq!(last["assetId"], SEED);
    assert_eq!(last["before"], "A single candy wrapper");
    assert_eq!(last["after"], "A single candy on a table");
    assert_eq!(last["result"], "done");
    // Saved: no draft is left to offer back.
    assert!(!state.join("drafts.json").exists());
}

#[cfg(unix)]
#[test]
fn a_draft_survives_a_crash_and_is_offered_back() {
    let mut s = Session::start(&["--demo", "--preview", "off"], &[]);
    s.wait_for(&["DEMO", "Assets 1/18", "A single candy wrapper"]);
    s.send("e");
    s.send(" in red");
    s.wait_for(&["A single candy wrapper in red"]);
    // Kept on disk after a short debounce; then the process dies unwarned.
    let drafts = s.home.path().join(".local/state/wfa/drafts.json");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !std::fs::read_to_string(&drafts).is_ok_and(|t| t.contains("in red")) {
        assert!(Instant::now() < deadline, "the draft was never written");
        std::thread::sleep(Duration::from_millis(50));
    }
    kill("KILL", s.pid());
    let (_, _, home) = s.wait_exit("SIGKILL");

    let mut s = Session::start_in(home, &["--demo", "--preview", "off"], &[]);
    s.wait_for(&["1 unsaved alt-text draft from before", "e resumes it"]);
    s.send("e");
    s.wait_for(&["Alt text · editing", "A single candy wrapper in red"]);
    // Esc on a changed draft asks first; y drops it.
    s.send("\x1b");
    s.wait_for(&["Drop the changed draft?"]);
    s.send("y");
    s.wait_for(&["draft dropped"]);
    let (code, _, home) = s.quit();
    assert_eq!(code, 0);
    assert!(!home.path().join(".local/state/wfa/drafts.json").exists());
}

#[cfg(unix)]
#[test]
fn e_upper_runs_the_editor_on_the_marked_rows_and_applies_the_plan() {
    let tools = tempfile::tempdir().unwrap();
    // An "editor" that rewrites every alt-text cell, and waits for a key
    // first: a key wfa read instead would never reach it.
    let editor = tools.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nread answer </dev/tty\n\
         sed -i \"s/^\\([0-9a-f]\\{24\\}\t[^\t]*\\)\t.*$/\\1\t$answer/\" \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor = editor.display().to_string();
    let mut s = Session::start(&["--demo", "--preview", "off"], &[("EDITOR", &editor)]);
    s.wait_for(&["DEMO", "Assets 1/18"]);
    s.send(" ");
    s.send("jjj");
    s.send(" ");
    s.wait_for(&["2 marked"]);
    s.send("E");
    // Typed into the editor (it reads the terminal), not into wfa.
    std::thread::sleep(Duration::from_millis(500));
    s.send("Sweets on a shelf\r");
    let screen = s.wait_for(&["Plan", "2 to write", "→ \"Sweets on a shelf\""]);
    assert!(
        screen.contains("\"IMG_4821.jpg\" → \"Sweets on a shelf\""),
        "{screen}"
    );
    s.send("y");
    s.wait_for(&["applied: 2 written"]);
    s.send("w");
    s.wait_for(&["apply", "done"]);
    s.send("w");
    let (code, raw, _home) = s.quit();
    assert_eq!(code, 0);
    assert_restored(&raw);
}

/// The locale coverage view and a fix from it, in a real terminal on the
/// demo site: `C` lists the site in both locales, `!` keeps the gaps, Enter
/// goes to the image in the French locale, `e` fixes it there, and `C`
/// again shows the cell set.
#[test]
fn coverage_view_to_a_fixed_translation_in_a_real_terminal() {
    let mut s = Session::start(&["--demo", "--site", "63938b302ea6b0aa6f3d8745"], &[]);
    s.wait_for(&["DEMO", "Candy-Wrapper.png", "site: 18 assets"]);
    s.send("C");
    s.wait_for(&[
        "Locale coverage — 16 images × 2 locales",
        "fr-FR ✓ 6 ∅ 1 = 7 ✗ 2",
    ]);
    s.send("!");
    s.wait_for(&["(only gaps)"]);
    // The first row with a gap is the candy wrapper: its French cell.
    s.send("l");
    s.wait_for(&["Candy-Wrapper.png · fr-FR · untranslated"]);
    s.send("\r");
    s.wait_for(&["locale fr-FR", "Candy-Wrapper.png"]);
    s.send("e");
    s.wait_for(&["Alt text · editing"]);
    s.send("\x15"); // Ctrl-U clears the draft
    s.send("Un emballage de bonbon");
    s.send("\r");
    // Saved: the asset as Webflow answered it is shown.
    s.wait_for(&["(just now)"]);
    s.send("C");
    s.wait_for(&["fr-FR ✓ 7 ∅ 1 = 6 ✗ 2", "✓ Un emballage de bonbon"]);
    s.send("\x1b");
    // Closed (an Esc and a q sent together would read as Alt-q).
    s.wait_for(&["Metadata ·"]);
    let (status, _, _) = s.quit();
    assert_eq!(status, 0);
}
