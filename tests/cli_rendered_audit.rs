//! `wfa audit --rendered` on the demo site: the real binary reads pages,
//! components and the CMS from the loopback demo server and audits the alt
//! text visitors get, each finding with its place.

mod common {
    pub mod cli;
    pub mod sandbox;
    pub mod webflow;
}

use common::sandbox::{Sandbox, exec};
use serde_json::Value;

fn rendered(args: &[&str]) -> common::sandbox::Out {
    let sb = Sandbox::new();
    let mut all = vec!["audit", "--rendered", "--demo"];
    all.extend_from_slice(args);
    exec(sb.wfa(&all))
}

#[test]
fn the_table_names_each_problem_where_visitors_meet_it() {
    let out = rendered(&["--all-locales"]);
    assert_eq!(out.code, 1, "errors fail CI by default: {out:?}");
    let text = out.stdout();
    for expected in [
        // A page image inheriting a file name from its asset.
        "alt-filename            6626bc66546865dfb230669e  [en-US] page \"Home\" (/index)",
        // A CMS image whose field and asset have no alt.
        "alt-rendered-none       67f628ace5d226bbabc5a13b  [en-US] CMS \"Products\" item \"Dark chocolate bar\"",
        // The French page shows the English CMS alt.
        "alt-untranslated        66bca24435ec7f19c092c9a9  [fr-FR] CMS \"Products\"",
        // A reference to a deleted asset.
        "asset-missing           66f1c2a9b3e4d5f6a7b8c9d0  [en-US] page \"About us\" (/about)",
        "asset-unused",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
}

#[test]
fn json_gives_every_finding_its_location() {
    let out = rendered(&["--format", "json", "--fail-on", "never"]);
    assert_eq!(out.code, 0, "{out:?}");
    let report: Value = serde_json::from_str(out.stdout()).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let none = findings
        .iter()
        .find(|f| f["rule"] == "alt-rendered-none")
        .expect("a CMS image with no alt");
    let location = &none["location"];
    assert_eq!(location["kind"], "cms");
    assert_eq!(location["itemName"], "Dark chocolate bar");
    assert_eq!(location["fieldName"], "Main image");
    assert_eq!(location["altSource"], "asset");
    assert!(location["collectionId"].is_string() && location["itemId"].is_string());
    assert_eq!(none["locale"], "en-US");
    // One locale asked for: nothing can be untranslated.
    assert!(!findings.iter().any(|f| f["rule"] == "alt-untranslated"));
    assert_eq!(
        report["summary"]["findings"].as_u64().unwrap() as usize,
        findings.len()
    );
}

#[test]
fn a_waiver_in_the_project_file_sets_a_finding_apart() {
    let sb = Sandbox::new();
    let project = tempfile::tempdir().unwrap();
    std::fs::write(
        project.path().join("wfa.toml"),
        "[audit]\n[[audit.waive]]\nasset = \"67f628ace5d226bbabc5a13b\"\nreason = \"decorative texture, reviewed\"\n\
         [audit.severity]\nalt-filename = \"off\"\n",
    )
    .unwrap();
    let mut cmd = sb.wfa(&["audit", "--rendered", "--demo", "--format", "csv"]);
    cmd.current_dir(project.path());
    let out = exec(cmd);
    let text = out.stdout();
    assert!(
        text.starts_with("assetId,rule,severity,locale,kind,"),
        "{text}"
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let waived: Vec<&csv::StringRecord> = rows.iter().filter(|r| !r[12].is_empty()).collect();
    assert_eq!(waived.len(), 1, "{text}");
    assert_eq!(&waived[0][0], "67f628ace5d226bbabc5a13b");
    assert_eq!(&waived[0][1], "alt-rendered-none");
    assert_eq!(&waived[0][12], "decorative texture, reviewed");
    assert!(!text.contains(",alt-filename,"), "the rule is off: {text}");
    // What is left still fails: the deleted asset is an error.
    assert_eq!(out.code, 1, "{out:?}");
}
