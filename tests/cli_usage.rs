//! `wfa usage` as a user runs it: the real binary against a mock localised
//! site (wiremock; `common::mock_pages`) with pages, components and CMS
//! collections in two enabled locales (en-US primary, fr-FR) and a disabled
//! third, and against the demo catalogue's site.
//!
//! Checked: where each image renders and with which alt (a page image's own
//! alt, decorative `""`, or the asset's alt in that locale; a component's
//! Alt Text property or an instance's override; a CMS value's `alt` or the
//! asset's), drafts rendering nowhere, unused assets, references to deleted
//! assets, a missing scope skipping only its source, paging, which locale
//! ID each call carries (the mock answers nothing else), and that no request
//! is made that the answer does not need. And the read kept beside the asset
//! cache: `--offline` answers the same with zero requests (`wfa usage` and
//! `wfa audit --rendered`), says what to run when nothing was kept, keeps
//! what was skipped; `--no-cache` keeps nothing.

mod common {
    pub mod cli;
    pub mod files;
    pub mod mock_pages;
    pub mod sandbox;
    pub mod webflow;
}

use assert_cmd::Command;
use common::mock_pages::{EN, FR, Loc, MockSite, Scope, cms_locales, query, requests_to};
use common::sandbox::{Out, Sandbox, run};
use common::webflow::{TOKEN, asset_json};
use serde_json::{Value, json};
use wiremock::MockServer;

const SITE: &str = "5f0c8c9e1c9d440000e8d8c3";

/// A locale the site has but has not enabled: never read.
const DE: Loc = Loc {
    id: "653fd9af6a07fc9cfd7a5e60",
    cms: "653fd9af6a07fc9cfd7a5e61",
    tag: "de-DE",
    enabled: false,
};

// Assets.
/// On the home page with `alt: null`: the asset's alt in each locale.
const HERO: &str = "aaaaaaaaaaaaaaaaaaaaaa01";
/// On the home page with `alt: ""`: decorative.
const SPRINKLES: &str = "aaaaaaaaaaaaaaaaaaaaaa02";
/// On the home page with its own alt.
const OWN: &str = "aaaaaaaaaaaaaaaaaaaaaa03";
/// In the Card component, placed twice on the home page.
const CARD: &str = "aaaaaaaaaaaaaaaaaaaaaa04";
/// A CMS Image value with `alt`.
const MAIN: &str = "aaaaaaaaaaaaaaaaaaaaaa05";
/// MultiImage values: with `alt`, and without.
const GALLERY_1: &str = "aaaaaaaaaaaaaaaaaaaaaa06";
const GALLERY_2: &str = "aaaaaaaaaaaaaaaaaaaaaa07";
/// Only on the draft page, in the unplaced Banner and in a draft item.
const DRAFTED: &str = "aaaaaaaaaaaaaaaaaaaaaa08";
/// Used nowhere.
const UNUSED: &str = "aaaaaaaaaaaaaaaaaaaaaa09";
/// Not an image: never listed.
const PDF: &str = "aaaaaaaaaaaaaaaaaaaaaa0a";
/// Referenced by the home page, no longer among the site's assets.
const DELETED: &str = "deadbeefdeadbeefdeadbeef";

// Pages, components, collections, items.
const HOME: &str = "bbbbbbbbbbbbbbbbbbbbbb01";
const DRAFT_PAGE: &str = "bbbbbbbbbbbbbbbbbbbbbb02";
const TEMPLATE: &str = "bbbbbbbbbbbbbbbbbbbbbb03";
const CARD_COMPONENT: &str = "c0000000-0000-4000-8000-000000000001";
const BANNER_COMPONENT: &str = "c0000000-0000-4000-8000-000000000002";
const CARD_ALT_PROPERTY: &str = "d0000000-0000-4000-8000-000000000001";
const CARD_IMAGE_NODE: &str = "e0000000-0000-4000-8000-0000000000c1";
const PRODUCTS: &str = "cccccccccccccccccccccc01";
const AUTHORS: &str = "cccccccccccccccccccccc02";
const CARAMEL: &str = "dddddddddddddddddddddd01";
const DRAFT_ITEM: &str = "dddddddddddddddddddddd02";
/// Filler items without images: enough for the items to need two pages.
const FILLER_ITEMS: usize = 108;
/// Filler text nodes: enough for the home page's DOM to need two pages.
const FILLER_NODES: usize = 102;

/// `(en-US, fr-FR)` text chosen by locale.
fn tr(loc: &Loc, en: &str, fr: &str) -> String {
    if loc.tag == "fr-FR" { fr } else { en }.to_string()
}

fn node_id(n: usize) -> String {
    format!("e0000000-0000-4000-8000-{n:012}")
}

fn image(id: &str, asset: &str, alt: Value) -> Value {
    json!({"id": id, "type": "image", "image": {"alt": alt, "assetId": asset}, "attributes": {}})
}

fn text(id: &str) -> Value {
    json!({"id": id, "type": "text", "text": {"html": "<p>Candy</p>", "text": "Candy"}})
}

fn instance(id: &str, component: &str, overrides: Value) -> Value {
    json!({"id": id, "type": "component-instance", "componentId": component, "propertyOverrides": overrides})
}

fn alt_override(text: &str) -> Value {
    json!([{"propertyId": CARD_ALT_PROPERTY, "type": "Alt Text", "label": "Image alt",
            "text": {"html": null, "text": text}}])
}

fn asset(id: &str, content_type: &str, alt: Option<String>) -> Value {
    let mut v = asset_json(id);
    v["contentType"] = json!(content_type);
    v["altText"] = json!(alt);
    v
}

fn file(id: &str, alt: Option<String>) -> Value {
    let mut v = json!({"fileId": id, "url": format!("/files/{id}_x.png")});
    if let Some(alt) = alt {
        v["alt"] = json!(alt);
    }
    v
}

/// Home page node positions (the DOM is read in two pages of 100).
const N_OWN: usize = 0;
const N_SPRINKLES: usize = 1;
const I_OVERRIDDEN: usize = 2;
const N_HERO: usize = 3 + FILLER_NODES;
const I_PLAIN: usize = N_HERO + 1;
const N_DELETED: usize = N_HERO + 2;

fn home_dom(loc: &Loc) -> Vec<Value> {
    let mut nodes = vec![
        image(
            &node_id(N_OWN),
            OWN,
            json!(tr(loc, "A caramel on parchment", "Un caramel sur papier")),
        ),
        image(&node_id(N_SPRINKLES), SPRINKLES, json!("")),
        instance(
            &node_id(I_OVERRIDDEN),
            CARD_COMPONENT,
            alt_override(&tr(loc, "Our best seller", "Notre meilleure vente")),
        ),
    ];
    nodes.extend((0..FILLER_NODES).map(|i| text(&node_id(1000 + i))));
    // Past the first page of 100 nodes: found only when the DOM is paged.
    nodes.push(image(&node_id(N_HERO), HERO, Value::Null));
    nodes.push(instance(&node_id(I_PLAIN), CARD_COMPONENT, json!([])));
    nodes.push(image(&node_id(N_DELETED), DELETED, Value::Null));
    nodes
}

/// The two-locale site every test starts from.
fn site() -> MockSite {
    MockSite::new(SITE, "Candy Co.", vec![EN, FR, DE])
        .page(
            json!({"id": HOME, "title": "Home", "slug": "index", "draft": false, "archived": false}),
            home_dom,
        )
        .page(
            json!({"id": DRAFT_PAGE, "title": "Coming soon", "slug": "soon", "draft": true}),
            |_| {
                vec![
                    image(&node_id(1), DRAFTED, Value::Null),
                    instance(&node_id(2), BANNER_COMPONENT, json!([])),
                ]
            },
        )
        .page(
            json!({"id": TEMPLATE, "title": "Products Template", "slug": "detail_products",
                   "collectionId": PRODUCTS}),
            |_| vec![text(&node_id(1))],
        )
        .component(
            json!({"id": CARD_COMPONENT, "name": "Card"}),
            |_| vec![image(CARD_IMAGE_NODE, CARD, Value::Null), text(&node_id(3))],
            |loc| {
                vec![
                    json!({"propertyId": CARD_ALT_PROPERTY, "type": "Alt Text", "label": "Image alt",
                           "text": {"html": null, "text": tr(loc, "A box of candy", "Une boîte de bonbons")}}),
                    json!({"propertyId": "d0000000-0000-4000-8000-000000000002", "type": "Plain Text",
                           "label": "Title", "text": {"html": null, "text": "Candy"}}),
                ]
            },
        )
        .component(
            json!({"id": BANNER_COMPONENT, "name": "Banner"}),
            |_| vec![image(&node_id(4), DRAFTED, Value::Null)],
            |_| Vec::new(),
        )
        .collection(
            json!({"id": PRODUCTS, "displayName": "Products", "singularName": "Product", "slug": "products",
                   "fields": [
                       {"id": "f1", "type": "PlainText", "slug": "name", "displayName": "Name", "isEditable": true},
                       {"id": "f2", "type": "Image", "slug": "main-image", "displayName": "Main image", "isEditable": true},
                       {"id": "f3", "type": "MultiImage", "slug": "gallery", "displayName": "Gallery", "isEditable": true}
                   ]}),
            |loc| {
                let mut items = vec![
                    json!({"id": CARAMEL, "fieldData": {
                        "name": "Caramel", "slug": "caramel",
                        "main-image": file(MAIN, Some(tr(loc, "A caramel, unwrapped", "Un caramel déballé"))),
                        "gallery": [file(GALLERY_1, Some(tr(loc, "Caramels in a jar", "Des caramels en bocal"))),
                                    file(GALLERY_2, None)]
                    }}),
                    json!({"id": DRAFT_ITEM, "isDraft": true, "fieldData": {
                        "name": "Licorice", "slug": "licorice",
                        "main-image": file(DRAFTED, Some("Licorice".into()))
                    }}),
                ];
                items.extend((0..FILLER_ITEMS).map(|i| {
                    json!({"id": format!("{:024x}", 0xd000 + i),
                           "fieldData": {"name": format!("Filler {i}"), "slug": format!("filler-{i}")}})
                }));
                items
            },
        )
        .collection(
            json!({"id": AUTHORS, "displayName": "Authors", "slug": "authors",
                   "fields": [
                       {"id": "f4", "type": "PlainText", "slug": "name", "displayName": "Name"},
                       {"id": "f5", "type": "RichText", "slug": "bio", "displayName": "Bio"}
                   ]}),
            |_| vec![json!({"id": "dddddddddddddddddddddd99", "fieldData": {"name": "Ann", "slug": "ann"}})],
        )
        .assets(|loc| {
            vec![
                asset(HERO, "image/jpeg", Some(tr(loc, "Caramel swirl", "Tourbillon de caramel"))),
                asset(SPRINKLES, "image/png", Some(tr(loc, "Sprinkles", "Vermicelles"))),
                asset(OWN, "image/png", Some(tr(loc, "IMG_2041.jpg", "IMG_2041.jpg"))),
                asset(CARD, "image/png", Some(tr(loc, "Card asset", "Carte"))),
                asset(MAIN, "image/png", None),
                asset(GALLERY_1, "image/png", None),
                asset(GALLERY_2, "image/webp", Some(tr(loc, "Gummy bears", "Oursons"))),
                asset(DRAFTED, "image/png", Some(tr(loc, "Licorice", "Réglisse"))),
                asset(UNUSED, "image/gif", None),
                asset(PDF, "application/pdf", None),
            ]
        })
}

async fn serve(site: &MockSite) -> MockServer {
    let server = MockServer::start().await;
    site.mount(&server).await;
    server
}

/// `wfa usage --api-base <server>/v2 --site SITE ARGS` with the token set.
fn usage(sb: &Sandbox, server: &MockServer, args: &[&str]) -> Command {
    let base = format!("{}/v2", server.uri());
    let mut cmd = sb.wfa(&["usage", "--api-base", &base, "--site", SITE]);
    cmd.args(args).env("WEBFLOW_API_TOKEN", TOKEN);
    cmd
}

async fn run_usage(server: &MockServer, args: &[&str]) -> Out {
    run(usage(&Sandbox::new(), server, args)).await
}

fn json_lines(out: &Out) -> Vec<Value> {
    out.stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The line of `asset` (in `locale`, when lines are tagged).
fn line_of<'a>(lines: &'a [Value], asset: &str, locale: Option<&str>) -> &'a Value {
    lines
        .iter()
        .find(|l| l["assetId"] == asset && locale.is_none_or(|t| l["locale"] == t))
        .unwrap_or_else(|| panic!("no line for {asset} {locale:?} in {lines:#?}"))
}

/// The uses of `asset` as `(kind, renderedAlt, altSource)`.
fn uses(lines: &[Value], asset: &str, locale: Option<&str>) -> Vec<(String, Value, String)> {
    line_of(lines, asset, locale)["uses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["kind"].as_str().unwrap().to_string(),
                u["renderedAlt"].clone(),
                u["altSource"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn assert_ok(out: &Out) {
    assert_eq!(out.code, 0, "{out:?}");
}

/// Every request kept its locale parameters apart: page, DOM and component
/// calls with `localeId` = a locale's `id` of `locales` (never
/// `cmsLocaleId`), items with `cmsLocaleId`s of `locales` (never
/// `localeId`); the component listing, collections and the site with
/// neither. (The mock answers nothing else; this says which rule failed.)
async fn assert_locales_apart(server: &MockServer, locales: &[&Loc]) {
    let ids: Vec<&str> = locales.iter().map(|l| l.id).collect();
    let cms: Vec<&str> = locales.iter().map(|l| l.cms).collect();
    for req in server.received_requests().await.unwrap() {
        let path = req.url.path().to_string();
        let q = query(&req);
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            ["v2", "pages", _, "dom"]
            | ["v2", "sites", _, "components", _, _]
            | ["v2", "sites", _, "assets"] => {
                let id = q.get("localeId").map(String::as_str);
                assert!(
                    id.is_some_and(|id| ids.contains(&id)),
                    "{path}: localeId {id:?}"
                );
                assert!(
                    !q.contains_key("cmsLocaleId"),
                    "{path} carries a cmsLocaleId"
                );
            }
            ["v2", "collections", _, "items"] => {
                let got = cms_locales(&req).unwrap_or_default();
                assert!(
                    !got.is_empty() && got.iter().all(|c| cms.contains(&c.as_str())),
                    "{path}: cmsLocaleId {got:?}"
                );
                assert!(!q.contains_key("localeId"), "{path} carries a localeId");
            }
            _ => {
                assert!(
                    !q.contains_key("localeId") && !q.contains_key("cmsLocaleId"),
                    "{path} carries a locale: {q:?}"
                );
            }
        }
    }
}

/// How many requests went to each kind of route, by name.
async fn counts(server: &MockServer) -> Vec<(&'static str, usize)> {
    let mut out = Vec::new();
    for (name, pattern) in [
        ("site", format!("/v2/sites/{SITE}")),
        ("pages", format!("/v2/sites/{SITE}/pages")),
        ("page DOM", "/v2/pages/*/dom".to_string()),
        ("components", format!("/v2/sites/{SITE}/components")),
        (
            "component DOM",
            format!("/v2/sites/{SITE}/components/*/dom"),
        ),
        (
            "component properties",
            format!("/v2/sites/{SITE}/components/*/properties"),
        ),
        ("collections", format!("/v2/sites/{SITE}/collections")),
        ("collection", "/v2/collections/*".to_string()),
        ("items", "/v2/collections/*/items".to_string()),
        ("assets", format!("/v2/sites/{SITE}/assets")),
    ] {
        out.push((name, requests_to(server, &pattern).await.len()));
    }
    out
}

#[tokio::test]
async fn one_locale_by_tag_renders_every_rule_with_no_request_more_than_needed() {
    let server = serve(&site()).await;
    let out = run_usage(&server, &["--locale", "fr-FR", "--json"]).await;
    assert_ok(&out);
    assert_eq!(out.stderr(), "", "{out:?}");
    let lines = json_lines(&out);

    // Page images: own alt, decorative, the asset's alt in fr-FR (a node
    // past the DOM's first page).
    assert_eq!(
        uses(&lines, OWN, None),
        [("page".into(), json!("Un caramel sur papier"), "node".into())]
    );
    assert_eq!(
        uses(&lines, SPRINKLES, None),
        [("page".into(), json!(""), "node".into())]
    );
    assert_eq!(
        uses(&lines, HERO, None),
        [(
            "page".into(),
            json!("Tourbillon de caramel"),
            "asset".into()
        )]
    );
    let hero = line_of(&lines, HERO, None);
    assert_eq!(hero["assetAlt"], "Tourbillon de caramel");
    assert_eq!(hero["unused"], false);
    assert_eq!(
        hero["uses"][0],
        json!({"kind": "page", "pageId": HOME, "nodeId": node_id(N_HERO),
               "renderedAlt": "Tourbillon de caramel", "altSource": "asset"})
    );
    assert!(hero.get("locale").is_none(), "one locale: no locale key");

    // The component, placed twice: the override, then the property.
    let card = line_of(&lines, CARD, None);
    assert_eq!(
        card["uses"],
        json!([
            {"kind": "component", "pageId": HOME, "nodeId": CARD_IMAGE_NODE,
             "componentId": CARD_COMPONENT, "instanceId": node_id(I_OVERRIDDEN),
             "renderedAlt": "Notre meilleure vente", "altSource": "override"},
            {"kind": "component", "pageId": HOME, "nodeId": CARD_IMAGE_NODE,
             "componentId": CARD_COMPONENT, "instanceId": node_id(I_PLAIN),
             "renderedAlt": "Une boîte de bonbons", "altSource": "property"}
        ])
    );

    // CMS values on the template page: the field's alt, else the asset's.
    assert_eq!(
        line_of(&lines, MAIN, None)["uses"],
        json!([{"kind": "cms", "pageId": TEMPLATE, "collectionId": PRODUCTS, "itemId": CARAMEL,
                "field": "main-image", "renderedAlt": "Un caramel déballé", "altSource": "field"}])
    );
    assert_eq!(
        uses(&lines, GALLERY_1, None),
        [("cms".into(), json!("Des caramels en bocal"), "field".into())]
    );
    assert_eq!(
        line_of(&lines, GALLERY_2, None)["uses"],
        json!([{"kind": "cms", "pageId": TEMPLATE, "collectionId": PRODUCTS, "itemId": CARAMEL,
                "field": "gallery", "renderedAlt": "Oursons", "altSource": "asset"}])
    );

    // The draft page, the Banner placed only there and the draft item
    // render nowhere; so the asset is as unused as the one used nowhere.
    for id in [DRAFTED, UNUSED] {
        let line = line_of(&lines, id, None);
        assert_eq!(line["unused"], true, "{line}");
        assert_eq!(line["uses"], json!([]), "{line}");
    }
    assert!(
        !lines.iter().any(|l| l["assetId"] == PDF),
        "not an image: not listed"
    );

    // The deleted asset, last.
    assert_eq!(
        lines.last().unwrap(),
        &json!({"kind": "page", "pageId": HOME, "nodeId": node_id(N_DELETED),
                "missingAssetId": DELETED})
    );
    assert_eq!(lines.len(), 9 + 1, "nine image assets and one missing");

    // Requests: each source once, paged, only what renders.
    assert_locales_apart(&server, &[&FR]).await;
    assert_eq!(
        counts(&server).await,
        [
            ("site", 1),
            ("pages", 1),
            // Home in two pages of nodes, the template in one; never the draft.
            ("page DOM", 3),
            ("components", 1),
            // Only Card (placed on a rendered page), never Banner.
            ("component DOM", 1),
            ("component properties", 1),
            ("collections", 1),
            // Details of both collections...
            ("collection", 2),
            // ...but items only of the one with image fields: 110 in two pages.
            ("items", 2),
            ("assets", 1),
        ]
    );
    assert!(
        requests_to(&server, &format!("/v2/pages/{DRAFT_PAGE}/dom"))
            .await
            .is_empty()
    );
    assert!(
        requests_to(&server, &format!("/v2/collections/{AUTHORS}/items"))
            .await
            .is_empty()
    );
    let dom_pages: Vec<String> = requests_to(&server, &format!("/v2/pages/{HOME}/dom"))
        .await
        .iter()
        .map(|r| query(r)["offset"].clone())
        .collect();
    assert_eq!(dom_pages, ["0", "100"]);
}

#[tokio::test]
async fn a_locale_id_works_like_its_tag() {
    let server = serve(&site()).await;
    let by_tag = run_usage(&server, &["--locale", "fr-FR", "--json"]).await;
    let by_id = run_usage(&server, &["--locale", FR.id, "--json"]).await;
    assert_ok(&by_tag);
    assert_ok(&by_id);
    assert_eq!(by_tag.stdout(), by_id.stdout());
    assert_locales_apart(&server, &[&FR]).await;
}

#[tokio::test]
async fn all_locales_reads_the_cms_in_one_listing_and_tags_each_line() {
    let server = serve(&site()).await;
    let out = run_usage(&server, &["--all-locales", "--json"]).await;
    assert_ok(&out);
    let lines = json_lines(&out);
    assert!(
        lines
            .iter()
            .all(|l| l["locale"] == "en-US" || l["locale"] == "fr-FR"),
        "every line names its locale, never the disabled de-DE"
    );
    // The primary first, then the secondary; each with its own alt.
    assert_eq!(lines[0]["locale"], "en-US");
    assert_eq!(lines.last().unwrap()["locale"], "fr-FR");
    assert_eq!(lines.len(), 2 * 10);
    for (tag, hero, card, main) in [
        (
            "en-US",
            "Caramel swirl",
            "Our best seller",
            "A caramel, unwrapped",
        ),
        (
            "fr-FR",
            "Tourbillon de caramel",
            "Notre meilleure vente",
            "Un caramel déballé",
        ),
    ] {
        assert_eq!(uses(&lines, HERO, Some(tag))[0].1, json!(hero), "{tag}");
        assert_eq!(uses(&lines, CARD, Some(tag))[0].1, json!(card), "{tag}");
        assert_eq!(uses(&lines, MAIN, Some(tag))[0].1, json!(main), "{tag}");
        assert_eq!(
            uses(&lines, MAIN, Some(tag)).len(),
            1,
            "an item's value counted once per locale"
        );
        let missing = lines
            .iter()
            .find(|l| l["missingAssetId"] == DELETED && l["locale"] == tag)
            .unwrap_or_else(|| panic!("no missing line in {tag}"));
        assert_eq!(missing["pageId"], HOME);
    }

    assert_locales_apart(&server, &[&EN, &FR]).await;
    // Items: both CMS locales comma-separated in one listing (220 items,
    // three pages), not one listing per locale.
    let items = requests_to(&server, &format!("/v2/collections/{PRODUCTS}/items")).await;
    let offsets: Vec<String> = items.iter().map(|r| query(r)["offset"].clone()).collect();
    assert_eq!(offsets, ["0", "100", "200"]);
    for req in &items {
        let mut got = cms_locales(req).unwrap();
        got.sort();
        assert_eq!(got, [EN.cms, FR.cms]);
    }
    // Everything localised is read once per enabled locale, the rest once.
    assert_eq!(
        counts(&server).await,
        [
            ("site", 1),
            ("pages", 1),
            ("page DOM", 2 * 3),
            ("components", 1),
            ("component DOM", 2),
            ("component properties", 2),
            ("collections", 1),
            ("collection", 2),
            ("items", 3),
            ("assets", 2),
        ]
    );
}

#[tokio::test]
async fn without_a_locale_the_primary_is_read_and_printed_for_people() {
    let server = serve(&site()).await;
    let out = run_usage(&server, &[]).await;
    assert_ok(&out);
    let text = out.stdout();
    for expected in [
        "Site Candy Co. — locale en-US (653fd9af6a07fc9cfd7a5e50)",
        "page \"Home\" (/index), element",
        "\"Caramel swirl\" (the asset's alt)",
        "component \"Card\" on page \"Home\" (/index): \"Our best seller\" (the instance's override)",
        "\"A box of candy\" (the component's property)",
        "CMS \"Products\" item \"Caramel\", field \"Gallery\" on page \"Products Template\" (/detail_products): \"Gummy bears\" (the asset's alt)",
        "used nowhere: 2 image assets",
        "references to assets that no longer exist: 1",
        DELETED,
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    assert_locales_apart(&server, &[&EN]).await;
}

#[tokio::test]
async fn an_unknown_locale_exits_2_listing_the_sites_locales() {
    let server = serve(&site()).await;
    let out = run_usage(&server, &["--locale", "es-ES", "--json"]).await;
    assert_eq!(out.code, 2, "{out:?}");
    assert_eq!(out.stdout(), "");
    let err = out.stderr();
    assert!(err.contains("es-ES"), "{err}");
    for listed in [format!("en-US ({})", EN.id), format!("fr-FR ({})", FR.id)] {
        assert!(err.contains(&listed), "{listed} in {err}");
    }
    // Only the site was read to find out.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_missing_components_scope_skips_only_components() {
    let server = serve(&site().deny(Scope::Components)).await;
    let out = run_usage(&server, &["--locale", "fr-FR", "--json"]).await;
    assert_ok(&out);
    assert!(
        out.stderr()
            .contains("components were skipped: the token lacks components:read"),
        "{out:?}"
    );
    let lines = json_lines(&out);
    // The rest is still reported: pages and the CMS.
    assert_eq!(
        uses(&lines, HERO, None)[0].1,
        json!("Tourbillon de caramel")
    );
    assert_eq!(uses(&lines, MAIN, None)[0].1, json!("Un caramel déballé"));
    // The component's image could not be seen: it is not claimed as used
    // through a component.
    assert!(
        !lines
            .iter()
            .flat_map(|l| l["uses"].as_array().into_iter().flatten())
            .any(|u| u["kind"] == "component"),
        "{lines:#?}"
    );
    let dom = requests_to(&server, &format!("/v2/sites/{SITE}/components/*/dom")).await;
    assert!(dom.is_empty(), "no component read without the scope");
    assert_locales_apart(&server, &[&FR]).await;
}

#[tokio::test]
async fn a_missing_cms_or_pages_scope_skips_only_that_source() {
    let server = serve(&site().deny(Scope::Cms)).await;
    let out = run_usage(&server, &["--locale", "fr-FR", "--json"]).await;
    assert_ok(&out);
    assert!(
        out.stderr()
            .contains("CMS items were skipped: the token lacks cms:read"),
        "{out:?}"
    );
    let lines = json_lines(&out);
    assert_eq!(
        uses(&lines, HERO, None)[0].1,
        json!("Tourbillon de caramel")
    );
    assert_eq!(line_of(&lines, MAIN, None)["unused"], true);
    assert!(requests_to(&server, "/v2/collections/*").await.is_empty());

    let server = serve(&site().deny(Scope::Pages)).await;
    let out = run_usage(&server, &["--locale", "fr-FR", "--json"]).await;
    assert_ok(&out);
    assert!(
        out.stderr()
            .contains("pages were skipped: the token lacks pages:read"),
        "{out:?}"
    );
    let lines = json_lines(&out);
    assert_eq!(uses(&lines, MAIN, None)[0].1, json!("Un caramel déballé"));
    assert_eq!(line_of(&lines, HERO, None)["unused"], true);
    assert!(requests_to(&server, "/v2/pages/*/dom").await.is_empty());
}

/// The demo site (`assets/demo/site.json`), in a sandbox with no token.
fn demo_usage(args: &[&str]) -> Out {
    let sb = Sandbox::new();
    let mut cmd = sb.wfa(&["usage", "--demo"]);
    cmd.args(args);
    common::sandbox::exec(cmd)
}

const DEMO_HOME: &str = "6740a1c2d3e4f5a6b7c8d901";
const DEMO_ABOUT: &str = "6740a1c2d3e4f5a6b7c8d902";
const DEMO_TEMPLATE: &str = "6740a1c2d3e4f5a6b7c8d903";

#[test]
fn the_demo_site_shows_where_its_images_render() {
    let out = demo_usage(&[]);
    assert_ok(&out);
    let text = out.stdout();
    for expected in [
        "Site Candy Co. (demo) — locale en-US (63938b302ea6b0aa6f3d8750)",
        // A page image inheriting a file name as alt: the case to catch.
        "page \"Home\" (/index), element a245c12d-995b-55ee-5ec7-000000000007: \"IMG_4821.jpg\" (the asset's alt)",
        "\"\" (decorative) (the element's own alt)",
        "component \"Product card\" on page \"Home\" (/index): \"Our caramel gift box\" (the instance's override)",
        "component \"Product card\" on page \"Home\" (/index): \"Assorted candies in a glass jar\" (the component's property)",
        "CMS \"Products\" item \"Dark chocolate bar\", field \"Main image\" on page \"Products Template\" (/detail_products): no alt at all (the asset's alt)",
        "used nowhere: 5 image assets",
        // Only on the draft page and in the draft item.
        "690500289aff151a5ae8c716  peppermint-pattern.png",
        "references to assets that no longer exist: 1",
        "66f1c2a9b3e4d5f6a7b8c9d0  page \"About us\" (/about)",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
}

#[test]
fn the_demo_site_in_every_locale_as_json() {
    let out = demo_usage(&["--all-locales", "--json"]);
    assert_ok(&out);
    let lines = json_lines(&out);
    let tags: Vec<&str> = lines
        .iter()
        .map(|l| l["locale"].as_str().unwrap())
        .collect();
    assert_eq!(tags.iter().filter(|t| **t == "en-US").count(), 17);
    assert_eq!(tags.iter().filter(|t| **t == "fr-FR").count(), 17);

    // The hero inherits the asset's alt, which is translated.
    let hero = "65c9e1770f5e44065d2abbfa";
    assert_eq!(
        line_of(&lines, hero, Some("fr-FR"))["uses"],
        json!([{"kind": "page", "pageId": DEMO_HOME, "nodeId": "a245c12d-995b-55ee-5ec7-000000000002",
                "renderedAlt": "Bonbon tourbillon au caramel, brillant, posé sur du papier sulfurisé",
                "altSource": "asset"}])
    );
    // The component placed twice: override, then property, per locale.
    let card = "682c6374f0100f20fc67b7df";
    for (tag, over, property) in [
        (
            "en-US",
            "Our caramel gift box",
            "Assorted candies in a glass jar",
        ),
        (
            "fr-FR",
            "Notre coffret de caramels",
            "Bonbons assortis dans un bocal",
        ),
    ] {
        assert_eq!(
            uses(&lines, card, Some(tag)),
            [
                ("component".into(), json!(over), "override".into()),
                ("component".into(), json!(property), "property".into()),
            ]
        );
    }
    // MultiImage values with and without alt, on the template page.
    let side = line_of(&lines, "682c638307b59e106feb8039", Some("fr-FR"));
    assert_eq!(side["uses"][0]["pageId"], DEMO_TEMPLATE);
    assert_eq!(side["uses"][0]["field"], "gallery");
    assert_eq!(
        side["uses"][0]["renderedAlt"],
        "Des oursons en bocal, de côté"
    );
    assert_eq!(
        uses(&lines, "682c6393dff602cddfadb190", Some("fr-FR")),
        [(
            "cms".into(),
            json!("Bonbons assortis dans un bocal en verre"),
            "asset".into()
        )]
    );
    // An untranslated CMS alt is rendered as it is.
    assert_eq!(
        uses(&lines, "66bca24435ec7f19c092c9a9", Some("fr-FR"))[0].1,
        json!("Lollipops")
    );
    // Drafts render nowhere; non-images are not listed.
    assert_eq!(
        line_of(&lines, "690500289aff151a5ae8c716", Some("fr-FR"))["unused"],
        true
    );
    assert!(
        !lines
            .iter()
            .any(|l| l["assetId"] == "674d771cbc5f57a31022fd81")
    );
    for tag in ["en-US", "fr-FR"] {
        let missing = lines
            .iter()
            .find(|l| l["missingAssetId"] == "66f1c2a9b3e4d5f6a7b8c9d0" && l["locale"] == tag)
            .unwrap_or_else(|| panic!("no missing asset in {tag}"));
        assert_eq!(missing["pageId"], DEMO_ABOUT);
    }
}

#[tokio::test]
async fn components_are_not_listed_when_no_rendered_page_places_one() {
    let site = MockSite::new(SITE, "Plain", vec![EN, FR])
        .page(
            json!({"id": HOME, "title": "Home", "slug": "index"}),
            |_| vec![image(&node_id(1), HERO, Value::Null)],
        )
        .page(
            json!({"id": DRAFT_PAGE, "title": "Soon", "slug": "soon", "draft": true}),
            |_| vec![instance(&node_id(2), CARD_COMPONENT, json!([]))],
        )
        .component(
            json!({"id": CARD_COMPONENT, "name": "Card"}),
            |_| vec![image(CARD_IMAGE_NODE, CARD, Value::Null)],
            |_| Vec::new(),
        )
        .assets(|loc| {
            vec![
                asset(
                    HERO,
                    "image/jpeg",
                    Some(tr(loc, "Caramel swirl", "Tourbillon")),
                ),
                asset(CARD, "image/png", None),
            ]
        });
    let server = serve(&site).await;
    let out = run_usage(&server, &["--all-locales", "--json"]).await;
    assert_ok(&out);
    let lines = json_lines(&out);
    assert_eq!(uses(&lines, HERO, Some("fr-FR"))[0].1, json!("Tourbillon"));
    assert_eq!(line_of(&lines, CARD, Some("en-US"))["unused"], true);
    assert_eq!(
        counts(&server).await,
        [
            ("site", 1),
            ("pages", 1),
            ("page DOM", 2),
            ("components", 0),
            ("component DOM", 0),
            ("component properties", 0),
            ("collections", 1),
            ("collection", 0),
            ("items", 0),
            ("assets", 2),
        ]
    );
}

/// Requests the mock has received so far.
async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// The files a read kept for the site, under the sandbox's cache.
fn kept_files(sb: &Sandbox) -> Vec<std::path::PathBuf> {
    common::files::files_under(&sb.home().join("cache"))
        .into_iter()
        .filter(|p| p.components().any(|c| c.as_os_str() == "sites"))
        .collect()
}

#[tokio::test]
async fn offline_answers_what_the_last_read_kept_with_no_request() {
    let server = serve(&site().deny(Scope::Components)).await;
    let sb = Sandbox::new();
    for args in [
        &["--all-locales", "--json"][..],
        &["--locale", "fr-FR"],
        &[],
    ] {
        let live = run(usage(&sb, &server, args)).await;
        assert_ok(&live);
        let before = received(&server).await;
        let mut offline_args = args.to_vec();
        offline_args.push("--offline");
        let offline = run(usage(&sb, &server, &offline_args)).await;
        assert_ok(&offline);
        assert_eq!(received(&server).await, before, "--offline sent a request");
        assert_eq!(offline.stdout(), live.stdout(), "{args:?}");
        let err = offline.stderr();
        assert!(
            err.contains("wfa usage: from the cache, read just now (offline)"),
            "{err}"
        );
        // What the read skipped is still said.
        assert!(
            err.contains("components were skipped: the token lacks components:read"),
            "{err}"
        );
    }
    // One file per locale read and one for the site; never the token.
    let files = kept_files(&sb);
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in [
        "site.json",
        &format!("{}.json", EN.id),
        &format!("{}.json", FR.id),
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert_eq!(names.len(), 3, "{names:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            !text.contains(TOKEN) && !text.contains("SECRET"),
            "{file:?}"
        );
        let kept: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(kept["version"], 1, "{file:?}");
        assert!(kept["fetchedAt"].is_string(), "{file:?}");
    }
    // Offline needs no token: nothing is sent.
    let mut tokenless = usage(&sb, &server, &["--offline"]);
    tokenless.env_remove("WEBFLOW_API_TOKEN");
    assert_ok(&run(tokenless).await);
    // A tag resolves through the kept site, like its ID.
    let by_id = run(usage(&sb, &server, &["--locale", FR.id, "--offline"])).await;
    assert_ok(&by_id);
    assert!(by_id.stdout().contains("locale fr-FR"), "{by_id:?}");
    let unknown = run(usage(&sb, &server, &["--locale", "es-ES", "--offline"])).await;
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(
        unknown
            .stderr()
            .contains("fr-FR (653fd9af6a07fc9cfd7a5e56)")
    );
}

#[tokio::test]
async fn offline_says_which_read_is_missing_and_what_to_run() {
    let server = serve(&site()).await;
    let sb = Sandbox::new();
    let never = run(usage(&sb, &server, &["--offline"])).await;
    assert_eq!(never.code, 1, "{never:?}");
    assert_eq!(never.stdout(), "");
    assert!(
        never.stderr().contains(&format!(
            "site {SITE} was never read, and --offline sends no request: run `wfa usage --site {SITE}` once without --offline"
        )),
        "{never:?}"
    );
    assert_eq!(received(&server).await, 0);

    // Read in the primary locale only.
    assert_ok(&run(usage(&sb, &server, &[])).await);
    let fr = run(usage(&sb, &server, &["--locale", "fr-FR", "--offline"])).await;
    assert_eq!(fr.code, 1, "{fr:?}");
    assert!(
        fr.stderr().contains(&format!(
            "site {SITE} was never read in locale fr-FR, and --offline sends no request: run `wfa usage --site {SITE} --locale fr-FR` once without --offline"
        )),
        "{fr:?}"
    );
    let all = run(usage(&sb, &server, &["--all-locales", "--offline"])).await;
    assert_eq!(all.code, 1, "{all:?}");
    assert!(
        all.stderr().contains("never read in locale fr-FR,")
            && all
                .stderr()
                .contains("--all-locales` once without --offline"),
        "{all:?}"
    );

    // A damaged snapshot is a miss (and is removed), never a crash.
    for file in kept_files(&sb) {
        std::fs::write(&file, b"{\"version\":1,\"fetchedAt\":").unwrap();
    }
    let damaged = run(usage(&sb, &server, &["--offline"])).await;
    assert_eq!(damaged.code, 1, "{damaged:?}");
    assert!(damaged.stderr().contains("was never read"), "{damaged:?}");
    // The damaged site file was removed (the locale's was not even read).
    let left = kept_files(&sb);
    assert!(!left.iter().any(|p| p.ends_with("site.json")), "{left:?}");
    assert_eq!(left.len(), 1, "{left:?}");
}

#[tokio::test]
async fn no_cache_keeps_nothing() {
    let server = serve(&site()).await;
    let sb = Sandbox::new();
    assert_ok(&run(usage(&sb, &server, &["--no-cache", "--json"])).await);
    assert!(kept_files(&sb).is_empty(), "{:?}", kept_files(&sb));
    let offline = run(usage(&sb, &server, &["--offline"])).await;
    assert_eq!(offline.code, 1, "{offline:?}");
    // The two flags do not go together.
    let both = run(usage(&sb, &server, &["--offline", "--no-cache"])).await;
    assert_eq!(both.code, 2, "{both:?}");
}

#[tokio::test]
async fn the_rendered_audit_works_offline_from_the_kept_read() {
    let server = serve(&site()).await;
    let sb = Sandbox::new();
    let base = format!("{}/v2", server.uri());
    let audit = |extra: &[&str]| {
        let mut cmd = sb.wfa(&[
            "audit",
            "--rendered",
            "--api-base",
            &base,
            "--site",
            SITE,
            "--all-locales",
            "--format",
            "json",
        ]);
        cmd.args(extra).env("WEBFLOW_API_TOKEN", TOKEN);
        cmd
    };
    let live = run(audit(&[])).await;
    let before = received(&server).await;
    let offline = run(audit(&["--offline"])).await;
    assert_eq!(received(&server).await, before, "--offline sent a request");
    assert_eq!(offline.code, live.code, "{offline:?}");
    assert_eq!(offline.stdout(), live.stdout());
    assert!(
        offline
            .stderr()
            .contains("wfa audit: from the cache, read just now (offline)"),
        "{offline:?}"
    );
    // `wfa usage` reads and `wfa audit --rendered` reads keep the same thing.
    let usage_offline = run(usage(&sb, &server, &["--all-locales", "--offline"])).await;
    assert_ok(&usage_offline);

    // Without --rendered, a site is listed live: --offline is refused.
    let listing = run(sb.wfa(&["audit", "--api-base", &base, "--site", SITE, "--offline"])).await;
    assert_eq!(listing.code, 2, "{listing:?}");
    assert!(listing.stderr().contains("add --rendered"), "{listing:?}");
    assert_eq!(received(&server).await, before);
}
