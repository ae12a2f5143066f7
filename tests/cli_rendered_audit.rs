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
        text.starts_with("assetId,rule,severity,localeTag,kind,"),
        "{text}"
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let waived: Vec<&csv::StringRecord> = rows.iter().filter(|r| !r[13].is_empty()).collect();
    assert_eq!(waived.len(), 1, "{text}");
    assert_eq!(&waived[0][0], "67f628ace5d226bbabc5a13b");
    assert_eq!(&waived[0][1], "alt-rendered-none");
    assert_eq!(&waived[0][13], "decorative texture, reviewed");
    assert!(!text.contains(",alt-filename,"), "the rule is off: {text}");
    // What is left still fails: the deleted asset is an error.
    assert_eq!(out.code, 1, "{out:?}");
}

/// `wfa apply --demo --yes` of an edited report, with the sandbox it ran in
/// (its journal is there).
fn apply_report(csv: &str) -> (common::sandbox::Out, Sandbox) {
    let sb = Sandbox::new();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("fix.csv");
    std::fs::write(&input, csv).unwrap();
    (
        exec(sb.wfa(&["apply", "--demo", "--yes", input.to_str().unwrap()])),
        sb,
    )
}

/// The report's CSV with `altText` cells edited, as in a spreadsheet.
fn edited_report(edits: &[(&str, &str, &str, &str)]) -> String {
    let out = rendered(&["--all-locales", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.stdout().as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    let mut done = 0;
    for record in reader.records() {
        let mut row: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        for (asset, rule, locale, text) in edits {
            if row[at("assetId")] == *asset
                && row[at("rule")] == *rule
                && row[at("localeTag")] == *locale
            {
                row[at("altText")] = text.to_string();
                done += 1;
            }
        }
        writer.write_record(&row).unwrap();
    }
    assert_eq!(done, edits.len(), "every edit found its row");
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// `wfa audit --rendered --format csv`, edited and given to `wfa apply`:
/// each edited row is written where its alt comes from — the asset, in the
/// row's locale, or the CMS item's field, in its CMS locale — and the rows
/// left as they were ask for nothing.
#[test]
fn the_rendered_reports_csv_edited_applies_to_asset_and_cms_item() {
    let csv = edited_report(&[
        (
            "6626bc66546865dfb230669e",
            "alt-filename",
            "fr-FR",
            "Un ourson rouge sur fond blanc",
        ),
        (
            "66bca24435ec7f19c092c9a9",
            "alt-untranslated",
            "fr-FR",
            "Sucettes assorties",
        ),
    ]);
    let (out, _sandbox) = apply_report(&csv);
    assert_eq!(out.code, 0, "{out:?}");
    let stdout = out.stdout();
    assert!(
        stdout.contains("1 asset and 1 CMS alt text written"),
        "{out:?}"
    );
    assert!(
        stdout.contains("\"IMG_4821.jpg\" → \"Un ourson rouge sur fond blanc\""),
        "{out:?}"
    );
    assert!(
        stdout.contains("\"Lollipops\" → \"Sucettes assorties\""),
        "{out:?}"
    );
    assert!(
        out.stderr().contains("asked for nothing"),
        "untouched rows: {out:?}"
    );
    // The asset in the French locale's ID; the CMS item in its CMS locale.
    let journal = stdout
        .lines()
        .find_map(|l| l.strip_prefix("journal: "))
        .unwrap();
    let lines: Vec<Value> = std::fs::read_to_string(journal)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|l: &Value| l["result"] == "done")
        .collect();
    let locales: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["field"].as_str().unwrap(), l["locale"].as_str().unwrap()))
        .collect();
    assert_eq!(
        locales,
        [
            ("altText", "63938b302ea6b0aa6f3d8756"),
            ("cmsAlt", "63938b302ea6b0aa6f3d875d")
        ]
    );
}

#[test]
fn an_edited_row_the_api_cannot_write_says_where_to_fix_it() {
    let csv = edited_report(&[(
        "65a9474312a262af23b39f62",
        "alt-untranslated",
        "fr-FR",
        "Le logo de Candy Co.",
    )]);
    let (out, _sandbox) = apply_report(&csv);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr().contains("fix it in the Designer: open page"),
        "{out:?}"
    );
    assert!(out.stderr().contains("nothing was read or sent"), "{out:?}");
}

#[test]
fn an_emptied_cell_or_a_deleted_asset_row_is_refused_with_what_to_do() {
    for (edit, needle) in [
        // An emptied altText where something renders: a question, not "".
        (
            ("6626bc66546865dfb230669e", "alt-filename", "fr-FR", ""),
            "altText was emptied",
        ),
        // The deleted asset's place: nothing can be written for it.
        (
            (
                "66f1c2a9b3e4d5f6a7b8c9d0",
                "asset-missing",
                "en-US",
                "A shop window",
            ),
            "asset that no longer exists",
        ),
    ] {
        let csv = edited_report(&[edit]);
        let (out, _sandbox) = apply_report(&csv);
        assert_eq!(out.code, 2, "{out:?}");
        assert!(out.stderr().contains(needle), "{needle}: {out:?}");
    }
}
