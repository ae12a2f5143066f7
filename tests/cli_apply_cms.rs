//! `wfa apply` and `wfa undo` of CMS alt texts, as a user runs them: the real
//! binary against a stateful mock CMS on loopback (`common::mock_cms`). One
//! items listing per collection and locale, one PATCH per collection and
//! locale carrying the whole field value, journaled; resumed and undone like
//! asset changes; a page element's alt is refused with where to fix it.

mod common {
    pub mod cli;
    pub mod mock_cms;
    pub mod mock_site;
    pub mod sandbox;
    pub mod webflow;
}

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::mock_cms::{
    FRENCH, FRENCH_SITE_LOCALE, Kind, MockCms, PRIMARY, SITE, collection_id, file_id, image,
    item_id,
};
use common::sandbox::{Out, Sandbox, run};
use common::webflow::TOKEN;
use serde_json::{Value, json};
use tempfile::TempDir;
use wiremock::MockServer;

struct World {
    cms: MockCms,
    _server: MockServer,
    base: String,
    sb: Sandbox,
    state: TempDir,
    files: TempDir,
}

impl World {
    async fn new(cms: MockCms) -> Self {
        let server = cms.serve().await;
        Self {
            base: format!("{}/v2", server.uri()),
            cms,
            _server: server,
            sb: Sandbox::new(),
            state: tempfile::tempdir().unwrap(),
            files: tempfile::tempdir().unwrap(),
        }
    }

    fn wfa(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.wfa(args);
        cmd.env("WEBFLOW_API_BASE", &self.base)
            .env("WEBFLOW_API_TOKEN", TOKEN)
            .env("XDG_STATE_HOME", self.state.path());
        cmd
    }

    fn apply(&self, file: &Path, args: &[&str]) -> Command {
        let mut cmd = self.wfa(&["apply", file.to_str().unwrap()]);
        cmd.args(args);
        cmd
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn journals(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.state.path().join("wfa").join("journal")) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        paths
    }
}

fn journal_lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(!text.contains(TOKEN));
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn assert_code(out: &Out, code: i32) {
    assert_eq!(out.code, code, "{out:?}");
}

/// Collection `c` (0, 1): items 0 and 1 in the primary locale, item 0 in
/// French too; each with a `main-image` (file 10·c + item) and a `gallery`
/// of three images (files 100 + 10·item + 0..3).
fn cms() -> MockCms {
    let cms = MockCms::new();
    for c in 0..2 {
        for i in 0..2 {
            let data = |alt: &str| {
                json!({
                    "name": format!("Item {i}"),
                    "main-image": image(&file_id(10 * c + i), Some(&format!("{alt} main {i}"))),
                    "gallery": (0..3)
                        .map(|g| image(&file_id(100 + 10 * i + g), (g != 1).then_some(format!("{alt} gallery {g}")).as_deref()))
                        .collect::<Vec<_>>(),
                })
            };
            cms.put(&collection_id(c), &item_id(i), PRIMARY, data("old"));
            if i == 0 {
                cms.put(&collection_id(c), &item_id(i), FRENCH, data("ancien"));
            }
        }
    }
    cms
}

const HEADER: &str = "collectionId,itemId,field,assetId,altText,locale\n";

fn row(c: usize, i: usize, field: &str, file: Option<String>, alt: &str, locale: &str) -> String {
    format!(
        "{},{},{field},{},{alt},{locale}\n",
        collection_id(c),
        item_id(i),
        file.unwrap_or_default()
    )
}

#[tokio::test]
async fn one_patch_per_collection_and_locale_with_the_whole_field_value() {
    let w = World::new(cms()).await;
    let text = [
        HEADER.to_string(),
        row(0, 0, "gallery", Some(file_id(100)), "new gallery 0", ""),
        row(0, 0, "gallery", Some(file_id(101)), "new gallery 1", ""),
        row(0, 1, "main-image", None, "new main 1", ""),
        // Already at its value: nothing sent for it.
        row(0, 1, "gallery", Some(file_id(110)), "old gallery 0", ""),
        row(0, 0, "main-image", None, "nouveau", FRENCH),
    ]
    .concat();
    let file = w.file("cms.csv", &text);
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 0);
    let stdout = out.stdout();
    assert!(stdout.contains("Plan: 4 CMS images to change"), "{out:?}");
    assert!(
        stdout.contains("\"old gallery 0\" → \"new gallery 0\""),
        "{out:?}"
    );
    assert!(
        stdout.contains("not set (null) → \"new gallery 1\""),
        "{out:?}"
    );
    assert!(stdout.contains("\"Item 1\""), "{out:?}");
    assert!(
        stdout.contains("4 CMS alt texts written, 1 unchanged"),
        "{out:?}"
    );
    // One listing per collection and locale; one PATCH per batch.
    assert_eq!(w.cms.count(Kind::List), 2, "{:?}", w.cms.log());
    let patches = w.cms.patches();
    assert_eq!(patches.len(), 2, "{patches:?}");
    let primary = &patches[0].body["items"];
    assert_eq!(primary.as_array().unwrap().len(), 2);
    assert_eq!(primary[0]["id"], json!(item_id(0)));
    assert!(primary[0].get("cmsLocaleId").is_none());
    // The whole gallery, only the two named images' alts changed.
    assert_eq!(
        primary[0]["fieldData"],
        json!({"gallery": [
            image(&file_id(100), Some("new gallery 0")),
            image(&file_id(101), Some("new gallery 1")),
            image(&file_id(102), Some("old gallery 2")),
        ]})
    );
    assert_eq!(
        primary[1]["fieldData"],
        json!({"main-image": image(&file_id(1), Some("new main 1"))})
    );
    let french = &patches[1].body["items"];
    assert_eq!(french[0]["cmsLocaleId"], json!(FRENCH));
    assert_eq!(
        french[0]["fieldData"],
        json!({"main-image": image(&file_id(0), Some("nouveau"))})
    );
    assert_eq!(
        w.cms
            .field(&collection_id(0), &item_id(0), PRIMARY, "main-image"),
        image(&file_id(0), Some("old main 0"))
    );
    // Journaled: planned, sending, done for each change, with the CMS keys.
    let journals = w.journals();
    assert_eq!(journals.len(), 1);
    let lines = journal_lines(&journals[0]);
    let done: Vec<&Value> = lines[1..]
        .iter()
        .filter(|l| l["result"] == "done")
        .collect();
    assert_eq!(done.len(), 4);
    assert_eq!(done[0]["field"], "cmsAlt");
    assert_eq!(done[0]["collectionId"], json!(collection_id(0)));
    assert_eq!(done[0]["itemId"], json!(item_id(0)));
    assert_eq!(done[0]["fieldSlug"], "gallery");
    assert_eq!(done[0]["assetId"], json!(file_id(100)));

    // Run again: everything is at its value, nothing is sent.
    w.cms.clear_log();
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 0);
    assert!(out.stdout().contains("nothing to write"), "{out:?}");
    assert_eq!(w.cms.count(Kind::Patch), 0);
}

#[tokio::test]
async fn a_page_element_row_is_refused_with_where_to_fix_it_and_nothing_is_sent() {
    let w = World::new(cms()).await;
    let text = "pageId,nodeId,altText\n6740b1c2d3e4f5a6b7c8d901,a1b2c3d4-0000-1111-2222-333344445555,Hello\n";
    let file = w.file("page.csv", text);
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 2);
    let stderr = out.stderr();
    assert!(
        stderr.contains("cannot be written through Webflow's API"),
        "{out:?}"
    );
    assert!(
        stderr.contains("Designer: open page 6740b1c2d3e4f5a6b7c8d901 and select element a1b2c3d4-0000-1111-2222-333344445555"),
        "{out:?}"
    );
    assert!(w.cms.log().is_empty());

    // A CMS image given two texts is refused too.
    let text = [
        HEADER.to_string(),
        row(0, 0, "main-image", None, "one", ""),
        row(0, 0, "main-image", None, "two", ""),
    ]
    .concat();
    let out = run(w.apply(&w.file("two.csv", &text), &["--yes"])).await;
    assert_code(&out, 2);
    assert!(out.stderr().contains("two alt texts"), "{out:?}");
    assert!(w.cms.log().is_empty());
}

#[tokio::test]
async fn a_stopped_run_resumes_and_undo_restores_the_cms_alt() {
    let w = World::new(cms()).await;
    let text = [
        HEADER.to_string(),
        row(0, 0, "main-image", None, "new main 0", ""),
        row(1, 0, "main-image", None, "new main 0 of 1", ""),
        row(1, 1, "main-image", None, "new main 1 of 1", ""),
    ]
    .concat();
    let file = w.file("cms.csv", &text);
    // The token loses its write scope at the second PATCH: the run stops.
    w.cms.fail_patches_from(Some(2));
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 3);
    assert!(out.stderr().contains("cms:write"), "{out:?}");
    assert!(out.stdout().contains("1 CMS alt text written"), "{out:?}");
    assert_eq!(w.cms.count(Kind::Patch), 2);

    // Someone else edits one the run did not reach.
    w.cms.set_alt(
        &collection_id(1),
        &item_id(1),
        PRIMARY,
        "main-image",
        &file_id(11),
        "Edited in the Designer",
    );
    w.cms.fail_patches_from(None);
    w.cms.clear_log();
    let out = run(w.apply(&file, &["--yes"])).await;
    assert_code(&out, 1);
    assert!(out.stderr().contains("resuming"), "{out:?}");
    let stdout = out.stdout();
    assert!(
        stdout.contains("skipped, changed by someone else"),
        "{out:?}"
    );
    assert!(
        stdout.contains("alt text is now \"Edited in the Designer\", expected \"old main 1\""),
        "{out:?}"
    );
    assert!(
        stdout.contains("1 CMS alt text written, 1 unchanged"),
        "{out:?}"
    );
    let patches = w.cms.patches();
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(
        patches[0].collection.as_deref(),
        Some(collection_id(1).as_str())
    );
    assert_eq!(patches[0].body["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        w.cms
            .field(&collection_id(1), &item_id(1), PRIMARY, "main-image")["alt"],
        "Edited in the Designer"
    );

    // --force writes over it.
    w.cms.clear_log();
    let out = run(w.apply(&file, &["--yes", "--force"])).await;
    assert_code(&out, 0);
    assert_eq!(w.cms.count(Kind::Patch), 1);
    assert_eq!(
        w.cms
            .field(&collection_id(1), &item_id(1), PRIMARY, "main-image")["alt"],
        "new main 1 of 1"
    );

    // Undo the last run (the forced write): the edit it overwrote comes back.
    let out = run(w.wfa(&["undo", "--yes"])).await;
    assert_code(&out, 0);
    assert_eq!(
        w.cms
            .field(&collection_id(1), &item_id(1), PRIMARY, "main-image")["alt"],
        "Edited in the Designer"
    );
}

#[tokio::test]
async fn undo_restores_skips_later_edits_unless_forced_and_names_nulls() {
    let w = World::new(cms()).await;
    let text = [
        HEADER.to_string(),
        row(0, 0, "gallery", Some(file_id(100)), "new gallery 0", ""),
        // Image 101 has no alt: its before is null.
        row(0, 0, "gallery", Some(file_id(101)), "new gallery 1", ""),
        row(0, 1, "main-image", None, "new main 1", ""),
    ]
    .concat();
    let out = run(w.apply(&w.file("cms.csv", &text), &["--yes"])).await;
    assert_code(&out, 0);
    let journal = w.journals().pop().unwrap();

    // Someone else edits one of them.
    w.cms.set_alt(
        &collection_id(0),
        &item_id(1),
        PRIMARY,
        "main-image",
        &file_id(1),
        "Edited later",
    );
    w.cms.clear_log();
    let out = run(w.wfa(&["undo", journal.to_str().unwrap(), "--yes"])).await;
    assert_code(&out, 1);
    assert!(
        out.stderr().contains("cannot restore the CMS alt text"),
        "{out:?}"
    );
    assert!(out.stderr().contains("null"), "{out:?}");
    assert!(
        out.stdout().contains("skipped, changed by someone else"),
        "{out:?}"
    );
    assert_eq!(w.cms.count(Kind::Patch), 1);
    assert_eq!(
        w.cms
            .field(&collection_id(0), &item_id(0), PRIMARY, "gallery"),
        json!([
            image(&file_id(100), Some("old gallery 0")),
            image(&file_id(101), Some("new gallery 1")),
            image(&file_id(102), Some("old gallery 2")),
        ])
    );
    assert_eq!(
        w.cms
            .field(&collection_id(0), &item_id(1), PRIMARY, "main-image")["alt"],
        "Edited later"
    );

    let out = run(w.wfa(&["undo", journal.to_str().unwrap(), "--yes", "--force"])).await;
    assert_code(&out, 1);
    assert_eq!(
        w.cms
            .field(&collection_id(0), &item_id(1), PRIMARY, "main-image")["alt"],
        "old main 1"
    );
}

#[tokio::test]
async fn a_locale_tag_or_site_locale_id_is_looked_up_through_the_site() {
    let w = World::new(cms()).await;
    let text = format!(
        "siteId,collectionId,itemId,field,altText,locale\n\
         {SITE},{c},{i},main-image,Nouveau 0,fr-FR\n\
         {SITE},{c1},{i},main-image,Nouveau 1,{FRENCH_SITE_LOCALE}\n",
        c = collection_id(0),
        c1 = collection_id(1),
        i = item_id(0),
    );
    let out = run(w.apply(&w.file("tags.csv", &text), &["--yes"])).await;
    assert_code(&out, 0);
    let patches = w.cms.patches();
    assert_eq!(patches.len(), 2, "{:?}", w.cms.log());
    for patch in &patches {
        assert_eq!(patch.body["items"][0]["cmsLocaleId"], json!(FRENCH));
    }
    for (c, alt) in [(0, "Nouveau 0"), (1, "Nouveau 1")] {
        assert_eq!(
            w.cms
                .field(&collection_id(c), &item_id(0), FRENCH, "main-image")["alt"],
            alt
        );
    }

    // A tag the site does not have, or a tag with no site, is refused.
    w.cms.clear_log();
    let text = format!(
        "siteId,collectionId,itemId,field,altText,locale\n{SITE},{c},{i},main-image,X,de-DE\n",
        c = collection_id(0),
        i = item_id(0),
    );
    let out = run(w.apply(&w.file("de.csv", &text), &["--yes"])).await;
    assert_code(&out, 2);
    assert!(out.stderr().contains("has no locale \"de-DE\""), "{out:?}");
    assert_eq!(w.cms.count(Kind::Patch), 0);
    let text = format!(
        "collectionId,itemId,field,altText,locale\n{c},{i},main-image,X,fr-FR\n",
        c = collection_id(0),
        i = item_id(0),
    );
    let out = run(w.apply(&w.file("nosite.csv", &text), &["--yes"])).await;
    assert_code(&out, 2);
    assert!(out.stderr().contains("siteId"), "{out:?}");
    assert_eq!(w.cms.count(Kind::Patch), 0);
}

#[tokio::test]
async fn the_locale_flag_reaches_cms_rows_that_name_none() {
    let w = World::new(cms()).await;
    // A row's own locale wins; the others take --locale, looked up on the
    // row's site.
    let text = format!(
        "siteId,collectionId,itemId,field,altText,locale\n\
         {SITE},{c},{i},main-image,Nouveau 0,\n\
         {SITE},{c1},{i},main-image,New 1,{PRIMARY}\n",
        c = collection_id(0),
        c1 = collection_id(1),
        i = item_id(0),
    );
    let out = run(w.apply(&w.file("flag.csv", &text), &["--yes", "--locale", "fr-FR"])).await;
    assert_code(&out, 0);
    assert_eq!(
        w.cms
            .field(&collection_id(0), &item_id(0), FRENCH, "main-image")["alt"],
        "Nouveau 0"
    );
    assert_eq!(
        w.cms
            .field(&collection_id(1), &item_id(0), PRIMARY, "main-image")["alt"],
        "New 1"
    );
    assert_eq!(
        w.cms
            .field(&collection_id(0), &item_id(0), PRIMARY, "main-image")["alt"],
        "old main 0",
        "the primary's item is left alone"
    );

    // Without a site to look the tag up on, nothing is sent.
    w.cms.clear_log();
    let text = format!(
        "collectionId,itemId,field,altText\n{c},{i},main-image,X\n",
        c = collection_id(0),
        i = item_id(0),
    );
    let out = run(w.apply(
        &w.file("nosite.csv", &text),
        &["--yes", "--locale", "fr-FR"],
    ))
    .await;
    assert_code(&out, 2);
    assert!(out.stderr().contains("siteId column"), "{out:?}");
    assert_eq!(w.cms.count(Kind::Patch), 0);
}

/// One input with asset rows and CMS rows is one plan: one question, one
/// journal holding both kinds, one summary — and one undo puts both back.
#[tokio::test]
async fn asset_and_cms_rows_are_one_plan_one_journal_and_one_undo() {
    use common::mock_site::{self, MockSite};
    let server = MockServer::start().await;
    let site = MockSite::new([mock_site::asset(&mock_site::asset_id(0), Some("old asset"))]);
    site.mount_paths(&server, r"^/v2/(assets/|sites/[0-9a-f]{24}/assets)")
        .await;
    let cms = cms();
    cms.mount_paths(&server, r"^/v2/collections/").await;
    let mut w = World::new(MockCms::new()).await;
    w.base = format!("{}/v2", server.uri());

    let text = format!(
        "assetId,altText,collectionId,itemId,field\n\
         {a},New asset alt,,,\n\
         {f},New main 0,{c},{i},main-image\n",
        a = mock_site::asset_id(0),
        f = file_id(0),
        c = collection_id(0),
        i = item_id(0),
    );
    let input = w.file("mixed.csv", &text);
    // Without a terminal and without --yes: the whole plan, no write.
    let out = run(w.apply(&input, &[])).await;
    assert_code(&out, 0);
    assert!(out.stdout().contains("Plan: 1 asset to change"), "{out:?}");
    assert!(
        out.stdout().contains("Plan: 1 CMS image to change"),
        "{out:?}"
    );
    assert_eq!(
        out.stdout().matches("nothing was written").count(),
        1,
        "{out:?}"
    );
    assert!(w.journals().is_empty());

    let out = run(w.apply(&input, &["--yes"])).await;
    assert_code(&out, 0);
    assert!(
        out.stdout().contains("1 asset and 1 CMS alt text written"),
        "{out:?}"
    );
    assert_eq!(
        site.alt_text(&mock_site::asset_id(0)).as_deref(),
        Some("New asset alt")
    );
    assert_eq!(
        cms.field(&collection_id(0), &item_id(0), PRIMARY, "main-image")["alt"],
        "New main 0"
    );
    let journals = w.journals();
    assert_eq!(journals.len(), 1, "one journal for both kinds");
    let fields: Vec<Value> = journal_lines(&journals[0])
        .iter()
        .filter(|l| l["result"] == "done")
        .map(|l| l["field"].clone())
        .collect();
    assert_eq!(fields, [json!("altText"), json!("cmsAlt")]);

    let journal = journals[0].to_str().unwrap().to_string();
    let out = run(w.wfa(&["undo", &journal, "--yes"])).await;
    assert_code(&out, 0);
    assert_eq!(
        site.alt_text(&mock_site::asset_id(0)).as_deref(),
        Some("old asset")
    );
    assert_eq!(
        cms.field(&collection_id(0), &item_id(0), PRIMARY, "main-image")["alt"],
        "old main 0"
    );
}

/// The plan judges a CMS image's new alt by the audit's rules, as it does
/// an asset's (the image known by its field's URL).
#[tokio::test]
async fn the_cms_plan_warns_as_the_audit_would() {
    let w = World::new(cms()).await;
    let text = format!(
        "{HEADER}{}{}",
        row(0, 0, "main-image", None, "Image of a red sweet", ""),
        row(0, 1, "main-image", None, "A red sweet on a white plate", "")
    );
    let out = run(w.apply(&w.file("judged.csv", &text), &["--dry-run"])).await;
    assert_code(&out, 0);
    assert_eq!(
        out.stdout()
            .matches("warning: alt-redundant-prefix")
            .count(),
        1,
        "{out:?}"
    );
    assert_eq!(w.cms.count(Kind::Patch), 0);
}
