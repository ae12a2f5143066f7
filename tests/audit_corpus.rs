//! The audit's text rules against a labelled corpus (tests/fixtures/alt_corpus.tsv):
//! alt texts written for this project in eight languages, good and bad, each
//! labelled with the rule it should trigger or `-`. Prints precision and recall
//! per rule (`cargo test --test audit_corpus -- --nocapture`), fails on any
//! good description that gets flagged, and holds each rule to a recall floor.

use std::collections::BTreeMap;

use webflow_assets::audit::{
    self, ALT_EMPTY, ALT_FILENAME, ALT_KEYWORD_STUFFING, ALT_PLACEHOLDER, ALT_REDUNDANT_PREFIX,
    AuditConfig,
};
use webflow_assets::webflow::{Asset, Timestamp};

const CORPUS: &str = include_str!("fixtures/alt_corpus.tsv");

/// The rules the corpus labels, with the recall each must reach.
const FLOORS: &[(&str, f64)] = &[
    (ALT_EMPTY, 1.0),
    (ALT_FILENAME, 0.95),
    (ALT_REDUNDANT_PREFIX, 0.95),
    (ALT_PLACEHOLDER, 0.95),
    (ALT_KEYWORD_STUFFING, 0.9),
];

struct Example {
    line: usize,
    lang: String,
    label: Option<String>,
    alt: String,
    file: String,
}

/// `\t`, `\n` and `\u{XXXX}` in the alt column.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        if let Some(t) = tail.strip_prefix('t') {
            out.push('\t');
            rest = t;
        } else if let Some(t) = tail.strip_prefix('n') {
            out.push('\n');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("u{") {
            let (hex, t) = t.split_once('}').expect("unterminated \\u{");
            out.push(char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap());
            rest = t;
        } else {
            out.push('\\');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn corpus() -> Vec<Example> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert!(
                (3..=4).contains(&cols.len()),
                "line {}: expected 3 or 4 columns: {l:?}",
                i + 1
            );
            Example {
                line: i + 1,
                lang: cols[0].to_string(),
                label: (cols[1] != "-").then(|| cols[1].to_string()),
                alt: unescape(cols[2]),
                file: cols.get(3).unwrap_or(&"photo.jpg").to_string(),
            }
        })
        .collect()
}

fn asset(file: &str, alt: &str) -> Asset {
    let id = "6a0c6374f0100f20fc67b7df";
    Asset {
        id: id.to_string(),
        content_type: "image/jpeg".to_string(),
        size: 1234,
        site_id: "63938b302ea6b0aa6f3d8745".to_string(),
        hosted_url: format!(
            "https://cdn.prod.website-files.com/63938b302ea6b0aa6f3d8745/{id}_{file}"
        ),
        original_file_name: file.to_string(),
        display_name: format!("{id}_{file}"),
        last_updated: Timestamp::new("2025-03-01T23:42:57.862Z"),
        created_on: Timestamp::new("2025-03-01T23:42:57.862Z"),
        variants: Vec::new(),
        alt_text: Some(alt.to_string()),
        folder_id: None,
    }
}

fn rules_for(e: &Example) -> Vec<&'static str> {
    audit::check_asset(&asset(&e.file, &e.alt), &AuditConfig::default())
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

#[test]
fn corpus_is_large_varied_and_well_formed() {
    let examples = corpus();
    assert!(examples.len() >= 200, "{} examples", examples.len());
    let known: Vec<&str> = FLOORS.iter().map(|(r, _)| *r).collect();
    let mut by_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in &examples {
        if let Some(label) = &e.label {
            assert!(known.contains(&label.as_str()), "line {}: {label}", e.line);
        }
        let entry = by_lang.entry(e.lang.as_str()).or_default();
        if e.label.is_some() {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    for lang in ["en", "fr", "de", "es", "it", "pt", "nl", "ja"] {
        let (good, bad) = by_lang.get(lang).copied().unwrap_or_default();
        assert!(good >= 5 && bad >= 10, "{lang}: {good} good, {bad} bad");
    }
}

#[test]
fn corpus_precision_and_recall() {
    let examples = corpus();
    // rule → (true positives, false positives, false negatives)
    let mut counts: BTreeMap<&str, (usize, usize, usize)> =
        FLOORS.iter().map(|(r, _)| (*r, (0, 0, 0))).collect();
    let mut false_alarms = Vec::new();
    let mut misses = Vec::new();
    let mut by_lang_label: BTreeMap<(String, String), usize> = BTreeMap::new();

    for e in &examples {
        let got = rules_for(e);
        let label = e.label.as_deref().unwrap_or("-");
        *by_lang_label
            .entry((e.lang.clone(), label.to_string()))
            .or_default() += 1;
        for (rule, (tp, fp, fn_)) in counts.iter_mut() {
            let want = e.label.as_deref() == Some(*rule);
            let has = got.contains(rule);
            match (want, has) {
                (true, true) => *tp += 1,
                (false, true) => *fp += 1,
                (true, false) => *fn_ += 1,
                (false, false) => {}
            }
        }
        match &e.label {
            None if !got.is_empty() => false_alarms.push(format!(
                "  line {} [{}] {:?}: {got:?}",
                e.line, e.lang, e.alt
            )),
            Some(label) if !got.contains(&label.as_str()) => misses.push(format!(
                "  line {} [{}] {:?}: want {label}, got {got:?}",
                e.line, e.lang, e.alt
            )),
            Some(label) if got.iter().any(|r| r != label) => false_alarms.push(format!(
                "  line {} [{}] {:?}: {label} plus {got:?}",
                e.line, e.lang, e.alt
            )),
            _ => {}
        }
    }

    println!("\nalt-text corpus: {} examples", examples.len());
    let langs: Vec<String> = {
        let mut l: Vec<String> = by_lang_label.keys().map(|(l, _)| l.clone()).collect();
        l.dedup();
        l
    };
    let labels: Vec<&str> = std::iter::once("-")
        .chain(FLOORS.iter().map(|(r, _)| *r))
        .collect();
    print!("{:<22}", "label \\ language");
    for l in &langs {
        print!("{l:>5}");
    }
    println!("{:>7}", "total");
    for label in &labels {
        print!("{:<22}", if *label == "-" { "- (good)" } else { label });
        let mut total = 0;
        for l in &langs {
            let n = by_lang_label
                .get(&(l.clone(), label.to_string()))
                .copied()
                .unwrap_or(0);
            total += n;
            print!("{n:>5}");
        }
        println!("{total:>7}");
    }
    println!(
        "\n{:<22}{:>5}{:>5}{:>5}{:>11}{:>8}",
        "rule", "TP", "FP", "FN", "precision", "recall"
    );
    for (rule, (tp, fp, fn_)) in &counts {
        let precision = *tp as f64 / (*tp + *fp).max(1) as f64;
        let recall = *tp as f64 / (*tp + *fn_).max(1) as f64;
        println!(
            "{rule:<22}{tp:>5}{fp:>5}{fn_:>5}{:>10.1}%{:>7.1}%",
            precision * 100.0,
            recall * 100.0
        );
    }
    if !misses.is_empty() {
        println!("\nmissed:\n{}", misses.join("\n"));
    }
    if !false_alarms.is_empty() {
        println!("\nfalse alarms:\n{}", false_alarms.join("\n"));
    }

    // Every good description stays unflagged.
    let good_flagged: Vec<&String> = false_alarms
        .iter()
        .filter(|l| !l.contains(" plus "))
        .collect();
    assert!(
        good_flagged.is_empty(),
        "good descriptions flagged:\n{}",
        good_flagged
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (rule, floor) in FLOORS {
        let (tp, _, fn_) = counts[rule];
        let recall = tp as f64 / (tp + fn_).max(1) as f64;
        assert!(
            recall >= *floor,
            "{rule}: recall {:.1}% below the floor {:.0}%",
            recall * 100.0,
            floor * 100.0
        );
    }
}
