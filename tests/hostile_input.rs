//! `wfa get` against a hostile Webflow (wiremock): strings full of terminal
//! escape sequences, C1 controls, bidi overrides and zero-width characters,
//! JSON nested to absurd depths, and fields of the wrong type. The real binary
//! runs in a sandboxed environment; its output must never carry a byte that
//! could drive the terminal, and it must fail cleanly instead of crashing.

mod common {
    pub mod cli;
    pub mod sandbox;
    pub mod webflow;
}

use assert_cmd::Command;
use common::sandbox::{Sandbox, exec, run};
use common::webflow::{SEED_ID, TOKEN, mount_asset, seed, webflow_error};
use serde_json::{Value, json};
use wiremock::{MockServer, ResponseTemplate};

/// Everything a hostile string can throw at a terminal: erase screen, window
/// title (OSC 0), clipboard write (OSC 52), a hyperlink, DCS/sixel, SGR, the
/// 8-bit CSI and OSC, bidi override and isolate, zero-width characters, NUL,
/// BEL, CR, backspace and DEL. None of its letters may reach the output.
const H: &str = concat!(
    "\u{1b}[2J",
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]52;c;AAAA\u{7}",
    "\u{1b}]8;;https://evil.test/\u{1b}\\",
    "\u{1b}Pq#0;2;0;0;0\u{1b}\\",
    "\u{1b}[31m",
    "\u{9b}2J",
    "\u{9d}0;pwned\u{9c}",
    "\u{202e}\u{2066}\u{200b}\u{200d}\u{feff}",
    "\u{0}\u{7}\r\u{8}\u{7f}",
    "\u{1b}c",
);

/// Fragments of `H` that must never appear in text output.
const PAYLOAD_WORDS: [&str; 4] = ["pwned", "AAAA", "evil", "#0;2"];

/// Characters that must not reach a terminal from untrusted text: the
/// library's one definition, except the line feed that separates output lines.
fn is_dangerous(c: char) -> bool {
    c != '\n' && webflow_assets::text::is_unsafe(c)
}

/// Fails with the offending positions when `bytes` could drive a terminal.
fn assert_terminal_safe(name: &str, bytes: &[u8]) {
    for (byte, what) in [
        (0x1b, "ESC"),
        (0x07, "BEL"),
        (0x00, "NUL"),
        (b'\r', "CR"),
        (0x08, "BS"),
        (0x7f, "DEL"),
    ] {
        assert!(
            !bytes.contains(&byte),
            "{name} contains {what}: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
    let bad: Vec<String> = text
        .chars()
        .filter(|c| is_dangerous(*c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    assert!(bad.is_empty(), "{name} contains {bad:?}:\n{text}");
}

fn assert_no_payload(name: &str, text: &str) {
    for word in PAYLOAD_WORDS {
        assert!(
            !text.contains(word),
            "{name} shows {word:?} from inside an escape sequence:\n{text}"
        );
    }
}

/// A mock Webflow that answers `GET /v2/assets/{SEED_ID}` with `body`.
async fn serving(status: u16, body: impl Into<Vec<u8>>) -> MockServer {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(status).set_body_raw(body, "application/json");
    mount_asset(&server, SEED_ID, template).await;
    server
}

/// The seed asset with the hostile sequence inside every string but `id`, and
/// where it lands in text output once cleaned (`expect`).
fn hostile_asset() -> (Value, Vec<&'static str>) {
    let h = |before: &str, after: &str| json!(format!("{before}{H}{after}"));
    let asset = json!({
        "id": SEED_ID,
        "contentType": h("image/", "png"),
        "size": 2212772,
        "siteId": h("site", "-id"),
        "hostedUrl": h("https://cdn.test/", "file.png"),
        // Percent-encoded escapes too: names are decoded for display.
        "originalFileName": h("orig", "name%1B%5D0%3Bpwned%07%C2%9B2J%E2%80%AE.png"),
        "displayName": h("disp", "lay.png"),
        "lastUpdated": h("2023-03-01", "T23:42:57Z"),
        "createdOn": h("2023-02-09", "T23:58:22Z"),
        "variants": [
            {
                "hostedUrl": h("https://cdn.test/", "v.webp"),
                "originalFileName": h("v", ".webp"),
                "displayName": h("var", "iant.webp"),
                "format": h("we", "bp"),
                "width": 500,
                "height": null,
                "quality": 100,
                "error": h("broken", "thumb"),
            },
            {
                "hostedUrl": "https://cdn.test/x.png",
                "originalFileName": "x.png",
                "displayName": "x%C2%9B2Jy%1B%5B2J.png",
                "format": "png",
                "width": 10,
                "height": 10,
                "quality": 80,
                "error": null,
            }
        ],
        "altText": format!("alt{H}text\nsecond{H}line\r\n\ttabbed"),
        "folderId": h("folder", "-x"),
        "unknownField": h("ignored", ""),
    });
    let expect = vec![
        "display.png",
        SEED_ID,
        "image/png",
        "site-id",
        "https://cdn.test/file.png",
        "origname.png",
        "2023-03-01T23:42:57Z (not a valid date)",
        "2023-02-09T23:58:22Z (not a valid date)",
        "alttext",
        "secondline",
        "tabbed",
        "folder-x",
        "webp",
        "variant.webp",
        "brokenthumb",
        "xy.png",
    ];
    (asset, expect)
}

// ---------------------------------------------------------------- escapes

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_output_carries_no_control_sequences() {
    let (asset, expect) = hostile_asset();
    let server = serving(200, asset.to_string()).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_terminal_safe("stdout", &out.stdout);
    assert_terminal_safe("stderr", &out.stderr);
    let stdout = out.stdout();
    assert_no_payload("stdout", stdout);
    assert_eq!(out.stderr(), "");
    // The letters around each sequence survive, joined up.
    for visible in expect {
        assert!(
            stdout.contains(visible),
            "missing {visible:?} in:\n{stdout}"
        );
    }
    assert!(!stdout.contains("ignored"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_is_the_body_with_escapes_json_encoded() {
    let (asset, _) = hostile_asset();
    let server = serving(200, asset.to_string()).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &["--json", SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr(), "");
    let stdout = out.stdout();
    assert!(stdout.ends_with('\n'), "{stdout:?}");
    assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
    let line: Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert_eq!(line, asset, "--json prints exactly what Webflow sent");
    // C0 controls are JSON escapes, never raw bytes.
    for (byte, what) in [(0x1b, "ESC"), (0x07, "BEL"), (0x00, "NUL"), (b'\r', "CR")] {
        assert!(!out.stdout.contains(&byte), "raw {what} in --json output");
    }
    assert!(stdout.contains("\\u001b"), "{stdout}");
    assert!(stdout.contains("\\u0007"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_error_message_is_cleaned() {
    let error = webflow_error(
        404,
        &format!("resource{H}_not_found"),
        &format!("The asset{H} was not found\nsecond line"),
    );
    let server = MockServer::start().await;
    mount_asset(&server, SEED_ID, error).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout(), "");
    assert_terminal_safe("stderr", &out.stderr);
    let stderr = out.stderr();
    assert_no_payload("stderr", stderr);
    assert!(stderr.contains("The asset was not found"), "{stderr}");
    assert!(stderr.contains("(resource_not_found)"), "{stderr}");
    assert!(stderr.contains("HTTP 404"), "{stderr}");

    // --json: wfa's own fields are cleaned; Webflow's message is quoted as
    // sent, JSON-escaped.
    let out = run(sb.get_live(&server, &["--json", SEED_ID])).await;
    assert_eq!(out.code, 1, "{out:?}");
    for byte in [0x1b, 0x07, 0x00, b'\r'] {
        assert!(!out.stdout.contains(&byte), "{out:?}");
    }
    let line: Value = serde_json::from_str(out.stdout().trim_end()).unwrap();
    assert_eq!(line["error"]["code"], "resource_not_found");
    let message = line["error"]["message"].as_str().unwrap();
    assert!(!message.chars().any(is_dangerous), "{message:?}");
    assert_no_payload("error.message", message);
    assert_eq!(
        line["error"]["webflowMessage"],
        json!(format!("The asset{H} was not found\nsecond line"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_type_with_escapes_in_the_value_is_cleaned() {
    let mut asset = seed();
    asset["size"] = json!(format!("big{H}ger"));
    let server = serving(200, asset.to_string()).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 5, "{out:?}");
    // serde quotes the offending value Debug-escaped (`\u{1b}`): harmless
    // text, but no raw control byte may get through.
    assert_terminal_safe("stderr", &out.stderr);
    assert!(out.stderr().contains("not an asset"), "{out:?}");
}

#[test]
fn hostile_ids_and_settings_are_reported_cleanly() {
    let sb = Sandbox::new();
    // Arguments cannot hold NUL; everything else goes in.
    let h = H.replace('\0', "");
    // Each case is refused (exit 2) with no control byte on stderr.
    let refused = |case: &str, cmd: Command| {
        let out = exec(cmd);
        assert_eq!(out.code, 2, "{case}: {out:?}");
        assert_terminal_safe(&format!("{case}: stderr"), &out.stderr);
        out
    };
    // ... and, for settings, none of the payload's text either.
    let refused_setting = |case: &str, mut cmd: Command| {
        cmd.env("WEBFLOW_API_TOKEN", TOKEN);
        let out = refused(case, cmd);
        assert_no_payload(&format!("{case}: stderr"), out.stderr());
    };
    // IDs: on the command line, and piped.
    let hostile_id = format!("63e5889e{h}7fe4");
    let mut cmd = sb.wfa(&["get", "--demo", &hostile_id, "\u{202e}abc"]);
    cmd.env("WEBFLOW_API_TOKEN", TOKEN);
    // IDs are split on `;` and whitespace before each piece is cleaned, so the
    // text between the sequences' parameters may show; no control byte may.
    let out = refused("IDs as arguments", cmd);
    assert_eq!(out.stdout(), "");
    assert!(out.stderr().contains("nothing was fetched"), "{out:?}");

    let mut cmd = sb.wfa(&["get", "--demo", "-"]);
    cmd.write_stdin(format!("{SEED_ID}\n{H}\n"));
    refused("IDs on stdin", cmd);

    // A locale and an API base with escapes in them.
    let locale = format!("65427cf4{h}");
    refused_setting("--locale", sb.wfa(&["get", "--locale", &locale, SEED_ID]));
    let base = format!("https://api{h}.webflow.com/v2");
    refused_setting("--api-base", sb.wfa(&["get", "--api-base", &base, SEED_ID]));

    // The same through config.toml (TOML escapes put the raw bytes in).
    sb.write_config("locale = \"65427cf4\\u001b]0;pwned\\u0007\\u009b2J\"\n");
    refused_setting("config.toml locale", sb.wfa(&["get", SEED_ID]));
}

// ---------------------------------------------------------------- depth

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deeply_nested_bodies_fail_cleanly() {
    let arrays = "[".repeat(100_000);
    let closed_arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let objects = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    // Deep nesting inside a real field of an otherwise valid asset.
    let mut asset = seed();
    asset["altText"] = json!("PLACEHOLDER");
    let in_field = asset.to_string().replace(
        "\"PLACEHOLDER\"",
        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let sb = Sandbox::new();
    for (name, status, body) in [
        ("100k [", 200, arrays.clone()),
        ("100k [] closed", 200, closed_arrays),
        ("50k objects", 200, objects.clone()),
        ("deep altText", 200, in_field),
        ("100k [ on a 404", 404, arrays),
        ("50k objects on a 500", 500, objects),
    ] {
        let server = serving(status, body).await;
        sb.write_config("attempts = 1\n");
        for json_flag in [false, true] {
            let mut args = vec![SEED_ID];
            if json_flag {
                args.insert(0, "--json");
            }
            let out = run(sb.get_live(&server, &args)).await;
            // A malformed 200 is a server fault (5), like the 500; a 404 is 1.
            let expected = if status == 404 { 1 } else { 5 };
            assert_eq!(out.code, expected, "{name} (--json {json_flag}): {out:?}");
            assert_terminal_safe("stderr", &out.stderr);
            let stderr = out.stderr();
            assert!(!stderr.contains("panicked"), "{name}: {stderr}");
            assert!(
                stderr.len() < 2000,
                "{name}: {} bytes of stderr",
                stderr.len()
            );
            if json_flag {
                let line: Value = serde_json::from_str(out.stdout().trim_end())
                    .unwrap_or_else(|e| panic!("{name}: not JSON ({e}): {out:?}"));
                assert_eq!(line["id"], SEED_ID, "{name}");
                assert!(line["error"]["code"].is_string(), "{name}: {line}");
            } else {
                assert_eq!(out.stdout(), "", "{name}");
                assert!(stderr.contains(SEED_ID), "{name}: {stderr}");
            }
        }
    }
}

// ---------------------------------------------------------------- types

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_types_fail_with_exit_5() {
    let sb = Sandbox::new();
    for (field, value) in [
        ("size", json!("2212772")),
        ("size", json!(-1)),
        ("variants", json!({"hostedUrl": "https://x/y.png"})),
        ("altText", json!(42)),
        ("id", json!(63)),
        ("lastUpdated", json!(1_677_714_177)),
        ("contentType", json!(null)),
        ("displayName", json!(["a"])),
    ] {
        let mut asset = seed();
        asset[field] = value.clone();
        let server = serving(200, asset.to_string()).await;
        let out = run(sb.get_live(&server, &[SEED_ID])).await;
        assert_eq!(out.code, 5, "{field} = {value}: {out:?}");
        assert_eq!(out.stdout(), "");
        let stderr = out.stderr();
        assert!(stderr.contains("not an asset"), "{field}: {stderr}");
        assert!(stderr.contains("--api-base"), "{field}: {stderr}");
        assert_terminal_safe("stderr", &out.stderr);

        let out = run(sb.get_live(&server, &["--json", SEED_ID])).await;
        assert_eq!(out.code, 5, "{field} = {value} --json: {out:?}");
        let line: Value = serde_json::from_str(out.stdout().trim_end()).unwrap();
        assert_eq!(line["error"]["code"], "unexpected_json", "{line}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_types_name_the_field() {
    let sb = Sandbox::new();
    let mut missing = Vec::new();
    for (field, value) in [
        ("size", json!("2212772")),
        ("variants", json!({"hostedUrl": "https://x/y.png"})),
        ("altText", json!(42)),
    ] {
        let mut asset = seed();
        asset[field] = value.clone();
        let server = serving(200, asset.to_string()).await;
        let out = run(sb.get_live(&server, &[SEED_ID])).await;
        assert_eq!(out.code, 5, "{field} = {value}: {out:?}");
        if !out.stderr().contains(field) {
            missing.push(format!("{field} = {value}: {}", out.stderr().trim()));
        }
    }
    assert!(
        missing.is_empty(),
        "the message does not name the field:\n{}",
        missing.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lenient_variants_still_parse() {
    // Per API-NOTES: variant fields may be missing or null; unknown fields are
    // ignored everywhere. None of that is an error.
    let mut asset = seed();
    asset["variants"] = json!([
        {},
        {"hostedUrl": null, "format": null, "width": null, "height": null, "error": null},
        {"format": "webp", "extra": {"nested": [1, 2, 3]}},
    ]);
    asset["altText"] = json!(null);
    asset["somethingNew"] = json!({"x": [null, true]});
    let server = serving(200, asset.to_string()).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 0, "{out:?}");
    assert!(out.stdout().contains("missing (null)"), "{out:?}");
    assert_terminal_safe("stdout", &out.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_type_messages_are_bounded() {
    let mut asset = seed();
    asset["size"] = json!("x".repeat(200_000));
    let server = serving(200, asset.to_string()).await;
    let sb = Sandbox::new();
    let out = run(sb.get_live(&server, &[SEED_ID])).await;
    assert_eq!(out.code, 5, "{out:?}");
    assert!(out.stderr().contains("not an asset"));
    assert!(
        out.stderr.len() < 2000,
        "{} bytes of stderr for one wrong-typed field",
        out.stderr.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invisible_alt_text_is_not_present() {
    let sb = Sandbox::new();
    let mut wrong = Vec::new();
    for alt in ["\u{200b}", "\u{1b}[2J", "\u{feff}\u{200d}", "\u{202e}\u{7}"] {
        let mut asset = seed();
        asset["altText"] = json!(alt);
        let server = serving(200, asset.to_string()).await;
        let out = run(sb.get_live(&server, &[SEED_ID])).await;
        assert_eq!(out.code, 0, "{out:?}");
        assert_terminal_safe("stdout", &out.stdout);
        let line = out
            .stdout()
            .lines()
            .find(|l| l.trim_start().starts_with("Alt text"))
            .unwrap()
            .to_string();
        if line.contains("present") {
            wrong.push(format!("{alt:?}: {line}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "invisible alt text reported as present:\n{}",
        wrong.join("\n")
    );
}
