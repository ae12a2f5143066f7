//! What a user feels, timed on the real binary in a pseudo-terminal: start →
//! first frame, and key → next frame, for `wfa --demo`, for a 10,000-asset
//! site served on loopback (paging, thumbnails decoding meanwhile), and for a
//! minimal ratatui program drawing one frame (`examples/minimal_frame.rs`),
//! the yardstick for the first frame.
//!
//! Every case runs twice: in a terminal that answers the two queries almost
//! every terminal answers (device attributes, cursor position), and in one
//! that answers nothing.
//!
//! cargo build --release --bin wfa --example minimal_frame
//! cargo run --release --example key_latency [-- --runs 7 --keys jjjjkkkkjjjj]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use serde_json::json;
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const COLS: u16 = 120;
const ROWS: u16 = 40;
const SITE: &str = "5f0c8c9e1c9d440000e8d8c1";
const SITE_ASSETS: usize = 10_000;

struct Case {
    name: &'static str,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    /// Text of the first frame.
    first: &'static str,
    /// Text that says the content has loaded and keys will move the selection.
    loaded: &'static str,
    /// Keys sent once loaded, and the text that says they took effect, before
    /// keys are timed (the coverage view: `C`, then its table).
    then: Option<(&'static str, &'static str)>,
}

struct Timings {
    first_frame: Vec<f64>,
    keys: Vec<f64>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let runs: usize = arg("--runs").and_then(|v| v.parse().ok()).unwrap_or(7);
    let keys = arg("--keys").unwrap_or_else(|| "jjjjkkkkjjjj".into());
    let dir = release_dir();
    let wfa = dir.join("wfa");
    let minimal = dir.join("examples").join("minimal_frame");
    for p in [&wfa, &minimal] {
        assert!(
            p.exists(),
            "{} is missing: cargo build --release --bin wfa --example minimal_frame",
            p.display()
        );
    }
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let server = runtime.block_on(site_server());
    let home = tempdir();
    let site_args: Vec<String> = vec![
        "--site".into(),
        SITE.into(),
        "--preview".into(),
        "halfblocks".into(),
    ];
    let site_env = vec![
        ("WEBFLOW_API_BASE".into(), format!("{}/v2", server.uri())),
        ("WEBFLOW_API_TOKEN".into(), "latency-example".into()),
    ];
    let cases = [
        Case {
            name: "minimal ratatui app",
            program: minimal,
            args: vec![],
            env: vec![],
            first: "Assets",
            loaded: "Assets",
            then: None,
        },
        Case {
            name: "wfa --demo",
            program: wfa.clone(),
            args: vec!["--demo".into()],
            env: vec![],
            first: "Assets",
            loaded: "Candy-Wrapper",
            then: None,
        },
        Case {
            name: "wfa --site (10,000 assets, halfblocks preview)",
            program: wfa.clone(),
            args: site_args.clone(),
            env: site_env.clone(),
            first: "Assets",
            loaded: "site-asset-00000",
            then: None,
        },
        Case {
            name: "  coverage view (C: 10,000 images × 2 locales)",
            program: wfa,
            args: site_args,
            env: site_env,
            first: "Assets",
            loaded: "site-asset-00000",
            then: Some(("C", "images × 2 locales")),
        },
    ];
    println!("{COLS}×{ROWS} pty, {runs} runs per case, keys {keys:?}; medians in ms");
    for answers in [true, false] {
        let kind = if answers {
            "answers DA1 + cursor position"
        } else {
            "answers nothing"
        };
        println!("\nterminal {kind}:");
        for case in &cases {
            let t = measure(case, runs, &keys, answers, home.path());
            let keys = if t.keys.is_empty() {
                "(draws once)".to_string()
            } else {
                format!(
                    "{:>6.2} (max {:.2}, {} keys)",
                    median(&t.keys),
                    t.keys.iter().cloned().fold(0.0, f64::max),
                    t.keys.len()
                )
            };
            println!(
                "  {:<48} first frame {:>7.1}   key → frame {keys}",
                case.name,
                median(&t.first_frame),
            );
        }
    }
}

fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    // target/release/examples/key_latency → target/release
    exe.parent()
        .and_then(Path::parent)
        .expect("target/release")
        .to_path_buf()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn measure(case: &Case, runs: usize, keys: &str, answers: bool, home: &Path) -> Timings {
    let mut t = Timings {
        first_frame: Vec::new(),
        keys: Vec::new(),
    };
    for run in 0..runs {
        let mut term = Term::spawn(case, answers, home);
        let first = term.wait_for(case.first, Duration::from_secs(10));
        t.first_frame.push(ms(first));
        // Key timings in the last run, once the content has settled (the
        // yardstick draws one frame and never redraws).
        if run + 1 == runs && case.first != case.loaded {
            term.wait_for(case.loaded, Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(1500));
            if let Some((keys, ready)) = case.then {
                term.send(keys.as_bytes());
                term.wait_for(ready, Duration::from_secs(60));
                std::thread::sleep(Duration::from_millis(500));
            }
            for key in keys.chars() {
                term.drain();
                let sent = Instant::now();
                term.send(key.to_string().as_bytes());
                if let Some(at) = term.next_output(Duration::from_secs(3)) {
                    t.keys.push(ms(at - sent));
                }
                std::thread::sleep(Duration::from_millis(150));
            }
        }
        term.quit();
    }
    t
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A program in a pseudo-terminal; output arrives on a channel with the time
/// it was read.
struct Term {
    started: Instant,
    output: mpsc::Receiver<(Instant, Vec<u8>)>,
    screen: String,
    writer: std::sync::Arc<std::sync::Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Term {
    fn spawn(case: &Case, answers: bool, home: &Path) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(&case.program);
        cmd.args(&case.args);
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("XDG_CACHE_HOME", home.join("cache"));
        for (k, v) in &case.env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = std::sync::Arc::new(std::sync::Mutex::new(
            pty.master.take_writer().expect("pty writer"),
        ));
        let (tx, rx) = mpsc::channel();
        let answer = writer.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let data = buf[..n].to_vec();
                if answers {
                    let mut w = answer.lock().unwrap();
                    if contains(&data, b"\x1b[c") || contains(&data, b"\x1b[0c") {
                        let _ = w.write_all(b"\x1b[?62;22c");
                    }
                    if contains(&data, b"\x1b[6n") {
                        let _ = w.write_all(format!("\x1b[{ROWS};{COLS}R").as_bytes());
                    }
                    if contains(&data, b"\x1b[5n") {
                        let _ = w.write_all(b"\x1b[0n");
                    }
                    let _ = w.flush();
                }
                if tx.send((Instant::now(), data)).is_err() {
                    break;
                }
            }
        });
        Self {
            started,
            output: rx,
            screen: String::new(),
            writer,
            child,
            _master: pty.master,
        }
    }

    /// Time from the start until `text` has been printed (escapes removed).
    fn wait_for(&mut self, text: &str, limit: Duration) -> Duration {
        if self.screen.contains(text) {
            return self.started.elapsed();
        }
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok((at, data)) => {
                    self.screen.push_str(&strip(&data));
                    if self.screen.contains(text) {
                        return at - self.started;
                    }
                }
                Err(_) => panic!("{text:?} never appeared; output so far: {:?}", self.screen),
            }
        }
    }

    fn drain(&mut self) {
        while self.output.try_recv().is_ok() {}
    }

    fn next_output(&mut self, limit: Duration) -> Option<Instant> {
        self.output.recv_timeout(limit).ok().map(|(at, _)| at)
    }

    fn send(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes).expect("write to the pty");
        w.flush().expect("flush the pty");
    }

    fn quit(mut self) {
        self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Output with escape sequences removed, for finding text in it.
fn strip(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']' | '_' | 'P') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' || (c == '\x1b' && chars.peek() == Some(&'\\')) {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A Webflow-compatible server with one 10,000-asset site, each asset a real
/// PNG thumbnail, so paging and decoding run while keys are timed.
async fn site_server() -> MockServer {
    let server = MockServer::start().await;
    let png = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/files/66583e0aa3a3eab163912052_gummy-bear-cutout-p-500.png"
    ))
    .expect("the demo PNG");
    Mock::given(method("GET"))
        .and(path_regex("^/files/.*"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(png, "image/png")
                .set_delay(Duration::from_millis(40)),
        )
        .mount(&server)
        .await;
    // Two locales, for the coverage view (both listings answer the same).
    let locale = |id: &str, tag: &str, primary: bool| {
        json!({"id": id, "cmsLocaleId": id, "enabled": true, "displayName": tag,
               "tag": tag, "subdirectory": if primary { "" } else { tag }})
    };
    Mock::given(method("GET"))
        .and(path(format!("/v2/sites/{SITE}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": SITE, "displayName": "Latency",
            "locales": {
                "primary": locale("653fd9af6a07fc9cfd7a5e50", "en-US", true),
                "secondary": [locale("653fd9af6a07fc9cfd7a5e56", "fr-FR", false)],
            },
        })))
        .mount(&server)
        .await;
    for offset in (0..SITE_ASSETS).step_by(100) {
        let assets: Vec<_> = (offset..offset + 100)
            .map(|i| {
                json!({
                    "id": format!("{:024x}", 0x6600_0000_0000_0000u64 + i as u64),
                    "contentType": "image/png", "size": 120_000 + i,
                    "siteId": SITE,
                    "hostedUrl": format!("{}/files/site-asset-{i:05}.png", server.uri()),
                    "originalFileName": format!("site-asset-{i:05}.png"),
                    "displayName": format!("site-asset-{i:05}.png"),
                    "lastUpdated": "2025-03-01T23:42:57.862Z",
                    "createdOn": "2025-02-09T23:58:22.294Z",
                    "variants": [], "altText": format!("Product photo number {i}"),
                })
            })
            .collect();
        Mock::given(method("GET"))
            .and(path(format!("/v2/sites/{SITE}/assets")))
            .and(query_param("offset", offset.to_string()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({
                        "assets": assets,
                        "pagination": {"limit": 100, "offset": offset, "total": SITE_ASSETS},
                    }))
                    .set_delay(Duration::from_millis(30)),
            )
            .mount(&server)
            .await;
    }
    server
}
