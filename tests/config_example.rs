//! The example config shipped in assets/ must stay valid, or users copying it
//! would meet a startup error.

use webflow_assets::config::read_file_config;
use webflow_assets::tui::keymap::Keymap;

#[test]
fn example_config_parses_and_its_keymap_loads() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.example.toml");
    let config = read_file_config(&path).unwrap();
    assert!(config.token.is_none(), "the example must not carry a token");
    Keymap::with_overrides(&config.keys).unwrap();

    // The commented-out lines are valid too once uncommented.
    let text = std::fs::read_to_string(&path).unwrap();
    // Every action can be remapped, so the example names every one.
    for (_, name, _) in webflow_assets::tui::keymap::Action::ALL {
        assert!(text.contains(name), "the example lacks the action {name}");
    }
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if rest.contains(" = ") && !rest.starts_with("token") => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("config.toml");
    std::fs::write(&copy, uncommented).unwrap();
    let config = read_file_config(&copy).unwrap();
    assert_eq!(config.mouse, Some(false));
    assert_eq!(config.attempts, Some(3));
    assert_eq!(config.max_retry_wait_secs, Some(60));
    assert_eq!(config.locale.as_deref(), Some("65427cf400e02b306eaa04a0"));
    Keymap::with_overrides(&config.keys).unwrap();
}
