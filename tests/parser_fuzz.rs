//! Property tests for everything that reads untrusted input: the asset model
//! (arbitrary bytes, arbitrary JSON, mutations of a real asset), the terminal
//! cleaner `text::clean`, file-name decoding, the text block `wfa get` prints,
//! and `AssetId::parse`. None of them may panic, and what they hand to a
//! terminal must be safe.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use webflow_assets::format::asset_block;
use webflow_assets::text::{clean, clean_multiline, decode_file_name};
use webflow_assets::webflow::model::ErrorBody;
use webflow_assets::webflow::{Asset, AssetId, AssetPage, Timestamp};

const SEED_JSON: &str = include_str!("fixtures/get-asset.seed.json");
const CATALOGUE_JSON: &str = include_str!("../assets/demo/catalogue.json");

/// Every key the model reads, so generated objects hit real fields often.
const FIELD_NAMES: &[&str] = &[
    "id",
    "contentType",
    "size",
    "siteId",
    "hostedUrl",
    "originalFileName",
    "displayName",
    "lastUpdated",
    "createdOn",
    "variants",
    "altText",
    "folderId",
    "format",
    "width",
    "height",
    "quality",
    "error",
    "assets",
    "pagination",
    "limit",
    "offset",
    "total",
    "code",
    "message",
    "externalReference",
];

/// Characters that exercise the cleaner: escape introducers and terminators,
/// C0/C1 controls, bidi and zero-width characters, and some ordinary text.
const TRICKY_CHARS: &[char] = &[
    '\u{1b}',
    '[',
    ']',
    'P',
    'X',
    '^',
    '_',
    '\\',
    '\u{7}',
    '\u{9b}',
    '\u{9c}',
    '\u{9d}',
    '\u{90}',
    '\u{98}',
    '\u{9e}',
    '\u{9f}',
    '\u{80}',
    '\u{85}',
    ';',
    '0',
    '2',
    'J',
    'm',
    '@',
    '~',
    '?',
    ' ',
    'a',
    'Z',
    '\n',
    '\r',
    '\t',
    '\0',
    '\u{8}',
    '\u{7f}',
    '\u{202a}',
    '\u{202e}',
    '\u{2066}',
    '\u{2069}',
    '\u{200b}',
    '\u{200f}',
    '\u{2060}',
    '\u{2064}',
    '\u{feff}',
    '\u{061c}',
    '%',
    'C',
    'B',
    '9',
    'é',
    '👍',
    '\u{202f}',
    '\u{ad}',
    '\u{e0001}',
    '\u{fffd}',
    '\u{301}',
];

fn tricky_string() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => prop::sample::select(TRICKY_CHARS),
        1 => any::<char>(),
    ];
    prop::collection::vec(c, 0..48).prop_map(|v| v.into_iter().collect())
}

/// Strings of every kind: tricky, arbitrary Unicode, and percent-encoded bytes.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => tricky_string(),
        2 => any::<String>(),
        1 => "(%[0-9A-Fa-f]{2}|[a-z. -]){0,20}",
        1 => Just(String::new()),
    ]
}

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(FIELD_NAMES).prop_map(str::to_string),
        1 => any_text(),
    ]
}

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            json!(0),
            json!(-1),
            json!(100),
            json!(255),
            json!(256),
            json!(u32::MAX),
            json!(u64::from(u32::MAX) + 1),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(0.5),
            json!(1e300),
            json!(-0.0),
        ]),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
    ]
}

fn json_string() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => any_text().prop_map(Value::String),
        1 => prop::sample::select(vec![
            "2023-03-01T23:42:57.862Z",
            "2023-03-01T23:42:57+14:00",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999-23:59",
            "2023-02-30T00:00:00Z",
            "63e5889e7fe4eafa7384cea4",
            "image/png",
            "",
        ])
        .prop_map(Value::from),
    ]
}

/// Nested JSON, at most 6 levels deep, keys mostly the model's own.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        json_string(),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..10)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn seed() -> Value {
    serde_json::from_str(SEED_JSON).unwrap()
}

/// Real assets to mutate: the seed and every asset of the demo catalogue.
fn real_assets() -> Vec<Value> {
    let catalogue: Value = serde_json::from_str(CATALOGUE_JSON).unwrap();
    let mut assets = vec![seed()];
    assets.extend(catalogue["assets"].as_array().unwrap().iter().cloned());
    assets
}

/// How to change one real asset.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace (or add) a top-level field.
    Set(String, Value),
    /// Remove a top-level field.
    Remove(String),
    /// Replace (or add) a field of the first variant.
    SetInVariant(String, Value),
    /// Append an arbitrary element to the variants.
    PushVariant(Value),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (json_key(), json_value()).prop_map(|(k, v)| Mutation::Set(k, v)),
        json_key().prop_map(Mutation::Remove),
        (json_key(), json_value()).prop_map(|(k, v)| Mutation::SetInVariant(k, v)),
        json_value().prop_map(Mutation::PushVariant),
    ]
}

fn mutate(mut asset: Value, mutations: &[Mutation]) -> Value {
    for m in mutations {
        match m.clone() {
            Mutation::Set(k, v) => {
                asset[k] = v;
            }
            Mutation::Remove(k) => {
                asset.as_object_mut().unwrap().remove(&k);
            }
            Mutation::SetInVariant(k, v) => {
                if let Some(first) = asset
                    .get_mut("variants")
                    .and_then(Value::as_array_mut)
                    .and_then(|a| a.first_mut())
                    .filter(|f| f.is_object())
                {
                    first[k] = v;
                }
            }
            Mutation::PushVariant(v) => {
                if let Some(variants) = asset.get_mut("variants").and_then(Value::as_array_mut) {
                    variants.push(v);
                }
            }
        }
    }
    asset
}

/// Unsafe for a terminal: any control character but the line feed, and the
/// bidi and zero-width characters `clean` promises to remove.
fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n') || is_invisible_format(c)
}

fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{061c}'
    )
}

/// `sub` is `full` with characters removed, none added or reordered.
fn is_subsequence(sub: &str, full: &str) -> bool {
    let mut rest = full.chars();
    sub.chars().all(|c| rest.any(|f| f == c))
}

/// Everything that happens to a parsed asset on its way to a person or a disk:
/// the `wfa get` block (safe for a terminal) and a serde round trip (as in the
/// cache), which must give back the same asset.
fn check_parsed_asset(asset: &Asset) -> Result<(), TestCaseError> {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let block = asset_block(asset, now);
    let bad: Vec<char> = block.chars().filter(|c| is_dangerous(*c)).collect();
    prop_assert!(bad.is_empty(), "{bad:?} in block:\n{block}");
    let again: Asset = serde_json::from_value(serde_json::to_value(asset).unwrap())
        .map_err(|e| TestCaseError::fail(format!("re-parse failed: {e}")))?;
    prop_assert_eq!(&again, asset);
    let _ = asset.alt_state();
    let _ = asset.is_image();
    Ok(())
}

// ---------------------------------------------------------------- model

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<Asset>(&bytes);
        let _ = serde_json::from_slice::<AssetPage>(&bytes);
        let _ = serde_json::from_slice::<ErrorBody>(&bytes);
        if let Ok(asset) = serde_json::from_slice::<Asset>(&bytes) {
            check_parsed_asset(&asset)?;
        }
    }

    #[test]
    fn bytes_spliced_into_a_real_asset_never_panic(
        at in 0..SEED_JSON.len(),
        cut in 0usize..16,
        insert in prop::collection::vec(any::<u8>(), 0..16),
    ) {
        let mut bytes = SEED_JSON.as_bytes().to_vec();
        let end = (at + cut).min(bytes.len());
        bytes.splice(at..end, insert);
        if let Ok(asset) = serde_json::from_slice::<Asset>(&bytes) {
            check_parsed_asset(&asset)?;
        }
        let _ = serde_json::from_slice::<AssetPage>(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        // The client parses the Value it keeps for --json; test that path and
        // the owned one.
        if let Ok(asset) = Asset::deserialize(&value) {
            check_parsed_asset(&asset)?;
        }
        let _ = serde_json::from_value::<Asset>(value.clone());
        let _ = AssetPage::deserialize(&value);
        let _ = ErrorBody::deserialize(&value);
        let page = json!({"assets": [value.clone()], "pagination": value});
        let _ = AssetPage::deserialize(&page);
    }

    #[test]
    fn mutated_real_assets_never_panic(
        which in 0usize..64,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let assets = real_assets();
        let original = assets[which % assets.len()].clone();
        let value = mutate(original, &mutations);
        let parsed = Asset::deserialize(&value);
        if let Ok(asset) = &parsed {
            check_parsed_asset(asset)?;
        }
        // Through bytes too, as the client reads it.
        let text = value.to_string();
        let from_text = serde_json::from_str::<Asset>(&text);
        prop_assert_eq!(parsed.is_ok(), from_text.is_ok());
        let page = json!({
            "assets": [value],
            "pagination": {"limit": 100, "offset": 0, "total": 1}
        });
        if let Ok(page) = AssetPage::deserialize(&page) {
            for asset in &page.assets {
                check_parsed_asset(asset)?;
            }
        }
    }

    #[test]
    fn one_string_field_of_any_content_parses(
        field in prop::sample::select(vec![
            "contentType", "siteId", "hostedUrl", "originalFileName",
            "displayName", "lastUpdated", "createdOn", "altText", "folderId",
        ]),
        text in any_text(),
    ) {
        // Any string is a valid value for a string field: the asset parses,
        // keeps the text exactly, and prints safely.
        let mut value = seed();
        value[field] = json!(text);
        let asset = Asset::deserialize(&value)
            .map_err(|e| TestCaseError::fail(format!("{field} = {text:?}: {e}")))?;
        check_parsed_asset(&asset)?;
        prop_assert_eq!(&serde_json::to_value(&asset).unwrap()[field], &json!(text));
    }

    #[test]
    fn timestamps_never_panic(raw in any_text()) {
        let ts = Timestamp::new(raw.clone());
        prop_assert_eq!(ts.raw(), raw.as_str());
        let _ = ts.parsed();
    }
}

// ---------------------------------------------------------------- text

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn clean_output_is_safe_and_idempotent(s in any_text()) {
        let once = clean(&s);
        let bad: Vec<char> = once
            .chars()
            .filter(|c| c.is_control() || is_invisible_format(*c))
            .collect();
        prop_assert!(bad.is_empty(), "{s:?} → {once:?} keeps {bad:?}");
        let twice = clean(&once).into_owned();
        prop_assert_eq!(twice.as_str(), once.as_ref(), "not idempotent on {:?}", s);
        // It only removes: nothing is added or reordered.
        prop_assert!(is_subsequence(&once, &s), "{s:?} → {once:?}");
    }

    #[test]
    fn clean_leaves_safe_text_alone(s in any::<String>()) {
        let safe: String = s
            .chars()
            .filter(|c| !c.is_control() && !is_invisible_format(*c))
            .collect();
        let cleaned = clean(&safe).into_owned();
        prop_assert_eq!(cleaned, safe);
    }

    #[test]
    fn clean_multiline_keeps_only_line_breaks(s in any_text()) {
        let out = clean_multiline(&s);
        let bad: Vec<char> = out.chars().filter(|c| is_dangerous(*c)).collect();
        prop_assert!(bad.is_empty(), "{s:?} → {out:?} keeps {bad:?}");
        prop_assert_eq!(out.split('\n').count(), s.split('\n').count());
    }

    #[test]
    fn decoded_file_names_clean_safely(s in any_text()) {
        let decoded = decode_file_name(&s);
        let shown = clean(&decoded);
        prop_assert!(!shown.chars().any(|c| c.is_control() || is_invisible_format(c)));
    }
}

// ---------------------------------------------------------------- IDs

fn id_candidate() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[ \t\n]{0,2}[0-9a-fA-F]{22,26}[ \t\n]{0,2}",
        2 => ("[0-9a-f]{24}", 0usize..24, prop::sample::select(TRICKY_CHARS)).prop_map(
            |(hex, at, c)| {
                let mut chars: Vec<char> = hex.chars().collect();
                chars[at] = c;
                chars.into_iter().collect()
            }
        ),
        2 => any_text(),
        1 => "\\PC{0,80}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn object_id_parse_never_panics_and_explains_safely(s in id_candidate()) {
        let trimmed = s.trim();
        let valid = trimmed.len() == 24 && trimmed.chars().all(|c| c.is_ascii_hexdigit());
        match AssetId::parse(&s) {
            Ok(id) => {
                prop_assert!(valid, "{s:?} accepted");
                prop_assert_eq!(id.as_str(), trimmed.to_ascii_lowercase());
                prop_assert_eq!(id.to_string(), id.as_str());
            }
            Err(e) => {
                prop_assert!(!valid, "{s:?} refused: {e}");
                let message = e.to_string();
                let bad: Vec<char> = message
                    .chars()
                    .filter(|c| c.is_control() || is_invisible_format(*c))
                    .collect();
                prop_assert!(bad.is_empty(), "{s:?} → {message:?} has {bad:?}");
                prop_assert!(message.contains("asset ID"), "{message}");
                prop_assert!(!e.input.chars().any(|c| c.is_control()), "{:?}", e.input);
                // Bounded, escapes of invisible characters included.
                prop_assert!(
                    e.input.chars().count() <= webflow_assets::webflow::id::QUOTE_CHARS + 1,
                    "{:?}",
                    e.input
                );
            }
        }
    }
}
