//! The asset model against every published example (the seed page and the
//! OpenAPI document), its leniency rules, and the embedded demo catalogue.

use std::collections::HashSet;

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use webflow_assets::store::demo::{Catalogue, file_segment};
use webflow_assets::webflow::{
    AltState, Asset, AssetId, AssetPage, Pagination, SiteId, Timestamp, Variant,
};

/// The "Example Response (200 Retrieved)" of /work/shared/webflow/get-asset.seed.md,
/// copied verbatim.
const SEED_JSON: &str = include_str!("fixtures/get-asset.seed.json");

const SEED_VARIANT_NAME: &str = "Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png";
const SEED_VARIANT_URL: &str = "https://s3.amazonaws.com/webflow-prod-assets/6258612d1ee792848f805dcf/660d83ce30f3a599ddb0bdb3_Screenshot%202024-03-20%20at%209.03.24%E2%80%AFPM-p-500.png";
const SEED_HOSTED_URL: &str = "https://s3.amazonaws.com/webflow-prod-assets/63938b302ea6b0aa6f3d8745/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg";

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap() + chrono::Duration::milliseconds(ms.into())
}

#[test]
fn seed_example_parses_with_every_field() {
    let asset: Asset = serde_json::from_str(SEED_JSON).expect("the seed example must parse");

    check_candy_wrapper_identity(&asset);
    assert_eq!(asset.last_updated.raw(), "2023-03-01T23:42:57Z");
    assert_eq!(
        asset.last_updated.parsed(),
        Some(utc(2023, 3, 1, 23, 42, 57, 0))
    );
    assert_eq!(asset.created_on.raw(), "2023-02-09T23:58:22Z");
    assert_eq!(
        asset.created_on.parsed(),
        Some(utc(2023, 2, 9, 23, 58, 22, 0))
    );
    assert_eq!(asset.alt_text.as_deref(), Some("A single candy wrapper"));
    assert_eq!(asset.alt_state(), AltState::Present);
    assert!(asset.is_image());
    // A get response carries no folderId: absent, not "site root".
    assert_eq!(asset.folder_id, None);

    assert_eq!(asset.variants.len(), 1);
    let v = &asset.variants[0];
    assert_eq!(v.hosted_url, SEED_VARIANT_URL);
    assert_eq!(v.original_file_name, SEED_VARIANT_NAME);
    assert_eq!(
        v.display_name,
        format!("660d83ce30f3a599ddb0bdb3_{SEED_VARIANT_NAME}")
    );
    assert_eq!(v.format, "png");
    assert_eq!(v.width, Some(500));
    assert_eq!(v.height, Some(900));
    assert_eq!(v.quality, Some(100));
    // The seed's variant has no `error` key at all.
    assert_eq!(v.error, None);

    // The whole value, so that a field added to the model without being checked
    // here shows up as a compile error or a mismatch.
    let expected = Asset {
        id: "63e5889e7fe4eafa7384cea4".into(),
        content_type: "image/png".into(),
        size: 2_212_772,
        site_id: "63938b302ea6b0aa6f3d8745".into(),
        hosted_url: SEED_HOSTED_URL.into(),
        original_file_name: "Candy-Wrapper.svg".into(),
        display_name: "63e5889e7fe4eafa7384cea4_Candy-Wrapper.png".into(),
        last_updated: Timestamp::new("2023-03-01T23:42:57Z"),
        created_on: Timestamp::new("2023-02-09T23:58:22Z"),
        variants: vec![Variant {
            hosted_url: SEED_VARIANT_URL.into(),
            original_file_name: SEED_VARIANT_NAME.into(),
            display_name: format!("660d83ce30f3a599ddb0bdb3_{SEED_VARIANT_NAME}"),
            format: "png".into(),
            width: Some(500),
            height: Some(900),
            quality: Some(100),
            error: None,
        }],
        alt_text: Some("A single candy wrapper".into()),
        folder_id: None,
    };
    assert_eq!(asset, expected);
}

#[test]
fn seed_example_serialises_back_to_the_same_json() {
    let asset: Asset = serde_json::from_str(SEED_JSON).unwrap();
    let mut back = serde_json::to_value(&asset).unwrap();
    let original: Value = serde_json::from_str(SEED_JSON).unwrap();
    // The model may write the absent `error` as null; everything else is identical.
    let variant = back["variants"][0].as_object_mut().unwrap();
    if variant.get("error") == Some(&Value::Null) {
        variant.remove("error");
    }
    assert_eq!(back, original);
}

/// The asset example shared by the OpenAPI document's get (line 1285) and patch
/// (line 1870) 200 responses, and its list item schema example (line 109).
fn spec_single_asset() -> Value {
    json!({
        "id": "63e5889e7fe4eafa7384cea4",
        "originalFileName": "Candy-Wrapper.svg",
        "displayName": "63e5889e7fe4eafa7384cea4_Candy-Wrapper.png",
        "contentType": "image/png",
        "size": 2212772,
        "siteId": "63938b302ea6b0aa6f3d8745",
        "createdOn": "2023-02-09T23:58:22.294Z",
        "lastUpdated": "2023-03-01T23:42:57.862Z",
        "hostedUrl": SEED_HOSTED_URL,
        "variants": [
            {
                "hostedUrl": SEED_VARIANT_URL,
                "originalFileName": SEED_VARIANT_NAME,
                "displayName": format!("660d83ce30f3a599ddb0bdb3_{SEED_VARIANT_NAME}"),
                "format": "png",
                "width": 500,
                "height": null,
                "quality": 100,
                "error": null
            }
        ],
        "altText": "A single candy wrapper"
    })
}

/// The fields the seed page and the OpenAPI example agree on (their dates
/// differ in precision).
fn check_candy_wrapper_identity(asset: &Asset) {
    assert_eq!(asset.id, "63e5889e7fe4eafa7384cea4");
    assert_eq!(asset.content_type, "image/png");
    assert_eq!(asset.size, 2_212_772);
    assert_eq!(asset.site_id, "63938b302ea6b0aa6f3d8745");
    assert_eq!(asset.hosted_url, SEED_HOSTED_URL);
    assert_eq!(asset.original_file_name, "Candy-Wrapper.svg");
    assert_eq!(
        asset.display_name,
        "63e5889e7fe4eafa7384cea4_Candy-Wrapper.png"
    );
}

fn check_spec_candy_wrapper(asset: &Asset) {
    check_candy_wrapper_identity(asset);
    assert_eq!(asset.created_on.raw(), "2023-02-09T23:58:22.294Z");
    assert_eq!(
        asset.created_on.parsed(),
        Some(utc(2023, 2, 9, 23, 58, 22, 294))
    );
    assert_eq!(asset.last_updated.raw(), "2023-03-01T23:42:57.862Z");
    assert_eq!(
        asset.last_updated.parsed(),
        Some(utc(2023, 3, 1, 23, 42, 57, 862))
    );
    assert_eq!(asset.variants.len(), 1);
    let v = &asset.variants[0];
    assert_eq!(v.hosted_url, SEED_VARIANT_URL);
    assert_eq!(v.original_file_name, SEED_VARIANT_NAME);
    assert_eq!(v.format, "png");
    assert_eq!(v.width, Some(500));
    assert_eq!(v.height, None, "height: null in the spec example");
    assert_eq!(v.quality, Some(100));
    assert_eq!(v.error, None, "error: null in the spec example");
}

#[test]
fn spec_get_asset_example_parses() {
    // assets-only.v2.yml line 1285: `/assets/{asset_id}` get, 200 example.
    let asset: Asset = serde_json::from_value(spec_single_asset()).unwrap();
    check_spec_candy_wrapper(&asset);
    assert_eq!(asset.alt_text.as_deref(), Some("A single candy wrapper"));
    assert_eq!(asset.folder_id, None);
}

#[test]
fn spec_patch_and_item_examples_parse() {
    // assets-only.v2.yml line 1870 (`/assets/{asset_id}` patch, 200 example) and
    // line 109 (list item schema example) are the same object as the get example.
    for line in [109, 1870] {
        let asset: Asset = serde_json::from_value(spec_single_asset())
            .unwrap_or_else(|e| panic!("example at line {line}: {e}"));
        check_spec_candy_wrapper(&asset);
    }
}

#[test]
fn spec_list_example_parses() {
    // assets-only.v2.yml line 277: `/sites/{site_id}/assets` get, 200 example.
    let mut gum = spec_single_asset();
    gum["id"] = json!("63e5889e7fe4eafa7384cea5");
    gum["originalFileName"] = json!("Gum-Wrapper.svg");
    gum["displayName"] = json!("63e5889e7fe4eafa7384cea5_Gum-Wrapper.png");
    gum["altText"] = json!("A single gum wrapper");
    gum["folderId"] = Value::Null;
    let mut candy = spec_single_asset();
    candy["folderId"] = json!("6390c49774a71f99f21a08eb");
    let body = json!({
        "assets": [candy, gum],
        "pagination": {"total": 2, "offset": 0, "limit": 2}
    });

    let page: AssetPage = serde_json::from_value(body).unwrap();
    assert_eq!(
        page.pagination,
        Pagination {
            limit: 2,
            offset: 0,
            total: 2
        }
    );
    assert_eq!(page.assets.len(), 2);
    check_spec_candy_wrapper(&page.assets[0]);
    assert_eq!(
        page.assets[0].folder_id,
        Some(Some("6390c49774a71f99f21a08eb".to_string()))
    );
    let gum = &page.assets[1];
    assert_eq!(gum.id, "63e5889e7fe4eafa7384cea5");
    assert_eq!(gum.original_file_name, "Gum-Wrapper.svg");
    assert_eq!(gum.display_name, "63e5889e7fe4eafa7384cea5_Gum-Wrapper.png");
    assert_eq!(gum.alt_text.as_deref(), Some("A single gum wrapper"));
    assert_eq!(gum.folder_id, Some(None), "folderId: null is the site root");

    // Serialising keeps the three folder states apart: string, null, absent.
    let back = serde_json::to_value(&page).unwrap();
    assert_eq!(back["assets"][0]["folderId"], "6390c49774a71f99f21a08eb");
    assert_eq!(back["assets"][1].get("folderId"), Some(&Value::Null));
    let single: Asset = serde_json::from_value(spec_single_asset()).unwrap();
    assert_eq!(serde_json::to_value(&single).unwrap().get("folderId"), None);
}

#[test]
fn spec_upload_response_is_not_an_asset() {
    // assets-only.v2.yml line ~830: the upload (POST) answer lacks size, siteId
    // and displayName; it must be refused as an Asset, not half-parsed.
    let upload = json!({
        "contentType": "image/png",
        "id": "64358b9544249dc43d37d2b7",
        "parentFolder": "6436b1ce5281cace05b65aea",
        "hostedUrl": "https://dev-assets.website-files.com/643021114e290e0d3a0602b2/64358b9544249dc43d37d2b7_Screenshot%202023-04-11%20at%209.50.42%20AM.png",
        "originalFileName": "file.png",
        "createdOn": "2023-04-11T16:32:21.804Z",
        "lastUpdated": "2023-04-12T20:31:03.197Z"
    });
    assert!(serde_json::from_value::<Asset>(upload).is_err());
}

// ---------------------------------------------------------------- leniency

fn minimal() -> Value {
    json!({
        "id": "63e5889e7fe4eafa7384cea4",
        "contentType": "image/png",
        "size": 1,
        "siteId": "63938b302ea6b0aa6f3d8745",
        "hostedUrl": "https://cdn.prod.website-files.com/x/y.png",
        "originalFileName": "y.png",
        "displayName": "y.png",
        "lastUpdated": "2023-03-01T23:42:57Z",
        "createdOn": "2023-03-01T23:42:57Z",
        "variants": [],
        "altText": null
    })
}

fn parse(v: Value) -> Result<Asset, serde_json::Error> {
    serde_json::from_value(v.clone()).and_then(|a: Asset| {
        // Parsing from text must agree with parsing from a Value.
        let from_text: Asset = serde_json::from_str(&v.to_string())?;
        assert_eq!(a, from_text);
        Ok(a)
    })
}

#[test]
fn minimal_asset_parses() {
    let a = parse(minimal()).unwrap();
    assert_eq!(a.size, 1);
    assert!(a.variants.is_empty());
    assert_eq!(a.alt_text, None);
}

#[test]
fn unknown_fields_are_ignored() {
    let mut v = minimal();
    v["brandNewField"] = json!({"nested": [1, 2, 3]});
    v["anotherOne"] = json!(null);
    v["variants"] = json!([{
        "hostedUrl": "https://x/y-p-500.png",
        "format": "png",
        "width": 500,
        "height": 300,
        "quality": 80,
        "futureField": true,
        "colorProfile": "sRGB"
    }]);
    let a = parse(v).unwrap();
    assert_eq!(a.id, "63e5889e7fe4eafa7384cea4");
    assert_eq!(a.variants.len(), 1);
    assert_eq!(a.variants[0].width, Some(500));
    assert_eq!(a.variants[0].height, Some(300));
}

#[test]
fn variants_missing_or_null_are_empty() {
    let mut missing = minimal();
    missing.as_object_mut().unwrap().remove("variants");
    assert!(parse(missing).unwrap().variants.is_empty());

    let mut null = minimal();
    null["variants"] = Value::Null;
    assert!(parse(null).unwrap().variants.is_empty());
}

#[test]
fn variant_with_only_hosted_url_parses() {
    let mut v = minimal();
    v["variants"] = json!([{"hostedUrl": "https://x/y-p-500.png"}]);
    let a = parse(v).unwrap();
    assert_eq!(
        a.variants,
        vec![Variant {
            hosted_url: "https://x/y-p-500.png".into(),
            ..Variant::default()
        }]
    );
    let only = &a.variants[0];
    assert_eq!(only.original_file_name, "");
    assert_eq!(only.display_name, "");
    assert_eq!(only.format, "");
    assert_eq!((only.width, only.height, only.quality), (None, None, None));
    assert_eq!(only.error, None);
}

#[test]
fn variant_string_fields_null_are_empty() {
    let mut v = minimal();
    v["variants"] = json!([{
        "hostedUrl": "https://x/y-p-500.png",
        "originalFileName": null,
        "displayName": null,
        "format": null,
        "width": null,
        "height": null,
        "quality": null,
        "error": "Variant generation failed"
    }]);
    let a = parse(v).unwrap();
    let only = &a.variants[0];
    assert_eq!(only.format, "");
    assert_eq!(only.width, None);
    assert_eq!(only.error.as_deref(), Some("Variant generation failed"));
}

#[test]
fn malformed_dates_are_kept_raw() {
    let mut v = minimal();
    v["createdOn"] = json!("yesterday-ish");
    v["lastUpdated"] = json!("2023-13-45T99:00:00Z");
    let a = parse(v).unwrap();
    assert_eq!(a.created_on.raw(), "yesterday-ish");
    assert_eq!(a.created_on.parsed(), None);
    assert_eq!(a.last_updated.raw(), "2023-13-45T99:00:00Z");
    assert_eq!(a.last_updated.parsed(), None);
    // And they go back out exactly as they came in.
    let back = serde_json::to_value(&a).unwrap();
    assert_eq!(back["createdOn"], "yesterday-ish");
    assert_eq!(back["lastUpdated"], "2023-13-45T99:00:00Z");
}

#[test]
fn dates_with_offsets_are_normalised_to_utc() {
    let mut v = minimal();
    v["createdOn"] = json!("2023-02-10T01:58:22+02:00");
    let a = parse(v).unwrap();
    assert_eq!(a.created_on.parsed(), Some(utc(2023, 2, 9, 23, 58, 22, 0)));
    assert_eq!(a.created_on.raw(), "2023-02-10T01:58:22+02:00");
}

#[test]
fn alt_text_states_stay_distinct() {
    let with = |alt: Value| {
        let mut v = minimal();
        v["altText"] = alt;
        parse(v).unwrap()
    };
    let null = with(Value::Null);
    let empty = with(json!(""));
    let blank = with(json!("   "));
    let text = with(json!("A red gummy bear"));
    assert_eq!(null.alt_text, None);
    assert_eq!(empty.alt_text.as_deref(), Some(""));
    assert_eq!(text.alt_text.as_deref(), Some("A red gummy bear"));
    assert_eq!(null.alt_state(), AltState::Missing);
    assert_eq!(empty.alt_state(), AltState::Empty);
    assert_eq!(blank.alt_state(), AltState::Empty);
    assert_eq!(text.alt_state(), AltState::Present);
    // Serialising keeps null and "" apart.
    assert_eq!(serde_json::to_value(&null).unwrap()["altText"], Value::Null);
    assert_eq!(serde_json::to_value(&empty).unwrap()["altText"], json!(""));

    let mut absent = minimal();
    absent.as_object_mut().unwrap().remove("altText");
    assert_eq!(parse(absent).unwrap().alt_state(), AltState::Missing);
}

#[test]
fn wrong_types_are_errors_not_panics() {
    let cases: Vec<(&str, Value)> = vec![
        ("size", json!("2212772")),
        ("size", json!(-1)),
        ("size", json!(1.5)),
        ("id", json!(42)),
        ("createdOn", json!(1_675_987_102)),
        ("variants", json!({"hostedUrl": "x"})),
        ("altText", json!(["a"])),
    ];
    for (field, value) in cases {
        let mut v = minimal();
        v[field] = value.clone();
        let result = std::panic::catch_unwind(|| serde_json::from_value::<Asset>(v));
        let parsed = result.unwrap_or_else(|_| panic!("{field} = {value} panicked"));
        let err = parsed.expect_err(&format!("{field} = {value} must be refused"));
        assert!(
            err.to_string().contains("invalid"),
            "{field} = {value}: {err}"
        );
    }
    // Required fields missing are errors too.
    for field in ["id", "size", "hostedUrl", "createdOn"] {
        let mut v = minimal();
        v.as_object_mut().unwrap().remove(field);
        let err = serde_json::from_value::<Asset>(v).unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
    // A wrong type inside a variant is an error as well.
    let mut v = minimal();
    v["variants"] = json!([{"hostedUrl": "x", "width": "500"}]);
    assert!(serde_json::from_value::<Asset>(v).is_err());
}

// ---------------------------------------------------------------- demo catalogue

const RASTER: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

fn variant_mime(format: &str) -> String {
    match format {
        "jpg" => "image/jpeg".into(),
        f => format!("image/{f}"),
    }
}

fn decode(name: &str, bytes: &[u8], mime: &str) -> (u32, u32) {
    let guessed = image::guess_format(bytes)
        .unwrap_or_else(|e| panic!("{name}: not a recognisable image: {e}"));
    assert_eq!(
        Some(guessed),
        image::ImageFormat::from_mime_type(mime),
        "{name}: content is {guessed:?}, catalogue says {mime}"
    );
    let img = image::load_from_memory(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    (img.width(), img.height())
}

#[test]
fn demo_catalogue_loads_and_is_consistent() {
    let cat = Catalogue::load().expect("the embedded catalogue must load");
    let assets: Vec<&Asset> = cat.assets().collect();
    assert!(assets.len() >= 12, "only {} demo assets", assets.len());
    assert_eq!(assets[0].id, "63e5889e7fe4eafa7384cea4");
    assert_eq!(cat.ids().next(), Some("63e5889e7fe4eafa7384cea4"));
    assert!(SiteId::parse(&cat.site_id).is_ok());
    assert!(!cat.site_name.trim().is_empty());

    // The first demo asset is the seed example plus `folderId: null`.
    let seed: Asset = serde_json::from_str(SEED_JSON).unwrap();
    assert_eq!(
        Asset {
            folder_id: None,
            ..assets[0].clone()
        },
        seed
    );

    let mut ids = HashSet::new();
    for a in &assets {
        assert!(
            AssetId::parse(&a.id).is_ok_and(|id| id.as_str() == a.id),
            "{}: not a lowercase asset ID",
            a.id
        );
        assert!(ids.insert(a.id.as_str()), "duplicate demo id {}", a.id);
        assert_eq!(a.site_id, cat.site_id, "{}", a.id);
        assert!(a.created_on.parsed().is_some(), "{}: createdOn", a.id);
        assert!(a.last_updated.parsed().is_some(), "{}: lastUpdated", a.id);
        assert!(
            a.last_updated.parsed() >= a.created_on.parsed(),
            "{}: updated before it was created",
            a.id
        );
        // The raw JSON served for an id is the asset itself.
        let raw = cat.raw(&a.id).expect("raw JSON for every id");
        assert_eq!(&serde_json::from_value::<Asset>(raw.clone()).unwrap(), *a);
    }
    assert!(cat.raw("000000000000000000000000").is_none());
}

/// One embedded image to decode, with what the catalogue says about it.
struct DecodeJob {
    name: String,
    bytes: &'static [u8],
    mime: String,
    /// The variant's `(width, height)`; `None` for an original.
    expected: Option<(Option<u32>, Option<u32>)>,
    /// For an original: the widest of its variants.
    widest_variant: Option<u32>,
}

/// Decodes every job, spread over the available cores (decoding ~50 images in
/// a debug build takes seconds on one core).
fn decode_all(jobs: &[DecodeJob]) -> Vec<(u32, u32)> {
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let mut results = vec![(0, 0); jobs.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                scope.spawn(move || {
                    jobs.iter()
                        .enumerate()
                        .skip(w)
                        .step_by(workers)
                        .map(|(i, j)| (i, decode(&j.name, j.bytes, &j.mime)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, dims) in h.join().expect("a decoder thread panicked") {
                results[i] = dims;
            }
        }
    });
    results
}

#[test]
fn demo_catalogue_files_are_embedded_and_real() {
    let cat = Catalogue::load().unwrap();
    let mut referenced = HashSet::new();
    let mut jobs = Vec::new();
    for a in cat.assets() {
        let name = file_segment(&a.hosted_url);
        referenced.insert(name.to_string());
        let bytes = cat
            .file(name)
            .unwrap_or_else(|| panic!("{}: no embedded file {name}", a.id));
        let is_seed = a.id == "63e5889e7fe4eafa7384cea4";
        if !is_seed {
            assert_eq!(a.size, bytes.len() as u64, "{}: size vs file length", a.id);
        }
        if RASTER.contains(&a.content_type.as_str()) {
            jobs.push(DecodeJob {
                name: name.to_string(),
                bytes,
                mime: a.content_type.clone(),
                expected: None,
                widest_variant: a.variants.iter().filter_map(|v| v.width).max(),
            });
        }
        for v in &a.variants {
            let vname = file_segment(&v.hosted_url);
            referenced.insert(vname.to_string());
            let vbytes = cat
                .file(vname)
                .unwrap_or_else(|| panic!("{}: no embedded variant file {vname}", a.id));
            // The variant's own name ends its URL.
            assert!(
                vname.ends_with(&v.original_file_name),
                "{vname} vs {}",
                v.original_file_name
            );
            jobs.push(DecodeJob {
                name: vname.to_string(),
                bytes: vbytes,
                mime: variant_mime(&v.format),
                expected: Some((v.width, v.height)),
                widest_variant: None,
            });
        }
    }
    assert!(jobs.len() >= 40, "only {} images to decode", jobs.len());

    let dims = decode_all(&jobs);
    for (job, (w, h)) in jobs.iter().zip(dims) {
        match job.expected {
            Some((width, height)) => {
                assert_eq!(Some(w), width, "{}: decoded width", job.name);
                // height may be null in the catalogue; then only the width is known.
                if height.is_some() {
                    assert_eq!(Some(h), height, "{}: decoded height", job.name);
                }
            }
            None => {
                if let Some(widest) = job.widest_variant {
                    assert!(
                        w >= widest,
                        "{}: original {w}×{h} narrower than its {widest}-wide variant",
                        job.name
                    );
                }
            }
        }
    }

    // No embedded file is orphaned.
    let orphans: Vec<&str> = cat
        .file_names()
        .filter(|n| !referenced.contains(*n))
        .collect();
    assert!(orphans.is_empty(), "files nothing refers to: {orphans:?}");
    assert!(cat.file("no-such-file.png").is_none());
}

#[test]
fn demo_catalogue_covers_the_interesting_cases() {
    let cat = Catalogue::load().unwrap();
    let assets: Vec<&Asset> = cat.assets().collect();
    let any = |what: &str, f: &dyn Fn(&Asset) -> bool| {
        assert!(assets.iter().any(|a| f(a)), "no demo asset with {what}");
    };
    any("altText null", &|a| a.alt_text.is_none());
    any("altText \"\"", &|a| a.alt_text.as_deref() == Some(""));
    any("altText over 125 characters", &|a| {
        a.alt_text
            .as_deref()
            .is_some_and(|t| t.chars().count() > 125)
    });
    any("altText equal to originalFileName", &|a| {
        a.alt_text.as_deref() == Some(a.original_file_name.as_str())
    });
    any("a variant with an error", &|a| {
        a.variants.iter().any(|v| v.error.is_some())
    });
    any("a variant with height null", &|a| {
        a.variants.iter().any(|v| v.height.is_none())
    });
    any("an SVG", &|a| a.content_type == "image/svg+xml");
    any("a PDF", &|a| a.content_type == "application/pdf");
    any("a non-image", &|a| !a.is_image());
    any("folderId null", &|a| a.folder_id == Some(None));
}

#[test]
fn file_segment_takes_the_last_path_segment() {
    assert_eq!(
        file_segment(SEED_VARIANT_URL),
        format!("660d83ce30f3a599ddb0bdb3_{SEED_VARIANT_NAME}")
    );
    assert_eq!(file_segment("https://x/a/b.png?v=2#top"), "b.png");
    assert_eq!(file_segment("b.png"), "b.png");
}
