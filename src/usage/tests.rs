use serde_json::{Value, json};

use super::*;
use crate::webflow::model::test_image as asset;

const A: &str = "659595234426a9fcbad57001";
const B: &str = "659595234426a9fcbad57002";
const C: &str = "659595234426a9fcbad57003";
const GONE: &str = "659595234426a9fcbad57999";

fn parse<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

fn image(id: &str, asset: &str, alt: Value) -> Value {
    json!({"id": id, "type": "image", "image": {"alt": alt, "assetId": asset}})
}

fn page(id: &str, draft: bool) -> Page {
    parse(json!({"id": id, "title": format!("Page {id}"), "slug": id, "draft": draft}))
}

fn uses_of<'a>(usage: &'a Usage, id: &str) -> &'a [Use] {
    &usage.assets.iter().find(|a| a.asset.id == id).unwrap().uses
}

#[test]
fn a_page_image_takes_its_own_alt_else_the_assets() {
    let content = Content {
        pages: vec![(
            page("home", false),
            parse(json!([
                image("n1", A, Value::Null),
                image("n2", A, json!("")),
                image("n3", A, json!("A caramel on parchment")),
            ])),
        )],
        assets: vec![asset(A, Some("IMG_2041.jpg"))],
        ..Content::default()
    };
    let usage = resolve(&content);
    let got: Vec<(Option<&str>, AltSource)> = uses_of(&usage, A)
        .iter()
        .map(|u| (u.rendered_alt.as_deref(), u.alt_source))
        .collect();
    assert_eq!(
        got,
        [
            (Some("IMG_2041.jpg"), AltSource::Asset),
            (Some(""), AltSource::Node),
            (Some("A caramel on parchment"), AltSource::Node),
        ]
    );
}

#[test]
fn drafts_render_nowhere_and_unused_assets_are_listed() {
    let content = Content {
        pages: vec![(
            page("draft", true),
            parse(json!([image("n1", A, Value::Null)])),
        )],
        assets: vec![asset(A, None), asset(B, Some("b"))],
        ..Content::default()
    };
    let usage = resolve(&content);
    assert_eq!(usage.unused().count(), 2);
}

fn card(properties: Value, nodes: Value) -> ComponentContent {
    ComponentContent {
        component: parse(json!({"id": "card", "name": "Card"})),
        nodes: parse(nodes),
        properties: parse(properties),
    }
}

#[test]
fn a_bound_component_image_takes_the_override_else_the_property() {
    let alt_prop = json!([{"propertyId": "p-alt", "type": "Alt Text", "label": "Image alt",
                           "text": {"html": null, "text": "Default card image"}}]);
    let content = Content {
        pages: vec![(
            page("home", false),
            parse(json!([
                {"id": "i1", "type": "component-instance", "componentId": "card",
                 "propertyOverrides": [{"propertyId": "p-alt", "type": "Alt Text", "label": "Image alt",
                                        "text": {"html": null, "text": "Gummy bears in a jar"}}]},
                {"id": "i2", "type": "component-instance", "componentId": "card", "propertyOverrides": []}
            ])),
        )],
        components: vec![card(alt_prop, json!([image("cn", A, json!("x"))]))],
        assets: vec![asset(A, Some("asset alt"))],
        ..Content::default()
    };
    let usage = resolve(&content);
    let uses = uses_of(&usage, A);
    assert_eq!(uses.len(), 2);
    assert_eq!(uses[0].kind, UseKind::Component);
    assert_eq!(uses[0].instance_id.as_deref(), Some("i1"));
    assert_eq!(
        uses[0].rendered_alt.as_deref(),
        Some("Gummy bears in a jar")
    );
    assert_eq!(uses[0].alt_source, AltSource::Override);
    assert_eq!(uses[1].rendered_alt.as_deref(), Some("Default card image"));
    assert_eq!(uses[1].alt_source, AltSource::Property);
    assert_eq!(uses[1].place.component.as_deref(), Some("Card"));
}

#[test]
fn an_unbound_component_image_is_like_a_page_image() {
    let alt_prop = json!([{"propertyId": "p-alt", "type": "Alt Text", "label": "Alt",
                           "text": {"html": null, "text": "Hero"}}]);
    let content = Content {
        pages: vec![(
            page("home", false),
            parse(json!([{"id": "i1", "type": "component-instance", "componentId": "card"}])),
        )],
        // Two images: the property feeds the one whose own alt is its value.
        components: vec![card(
            alt_prop,
            json!([image("c1", A, json!("Hero")), image("c2", B, Value::Null)]),
        )],
        assets: vec![asset(A, None), asset(B, Some("B's own alt"))],
        ..Content::default()
    };
    let usage = resolve(&content);
    assert_eq!(uses_of(&usage, A)[0].alt_source, AltSource::Property);
    let b = &uses_of(&usage, B)[0];
    assert_eq!(
        (b.rendered_alt.as_deref(), b.alt_source),
        (Some("B's own alt"), AltSource::Asset)
    );
}

#[test]
fn cms_values_render_on_the_template_page_with_their_alt_else_the_assets() {
    let collection: Collection = parse(json!({
        "id": "col", "displayName": "Candies",
        "fields": [
            {"id": "f1", "type": "Image", "slug": "main-image", "displayName": "Main image"},
            {"id": "f2", "type": "MultiImage", "slug": "gallery", "displayName": "Gallery"},
            {"id": "f3", "type": "PlainText", "slug": "name", "displayName": "Name"}
        ]
    }));
    let items: Vec<Item> = parse(json!([
        {"id": "it1", "fieldData": {"name": "Caramel",
            "main-image": {"fileId": A, "url": "/a", "alt": "A caramel swirl"},
            "gallery": [{"fileId": B, "url": "/b"}, {"fileId": GONE, "url": "/gone"}]}},
        {"id": "it2", "isDraft": true, "fieldData": {"name": "Draft",
            "main-image": {"fileId": C, "url": "/c"}}}
    ]));
    let mut template = page("candy", false);
    template.collection_id = Some("col".into());
    let content = Content {
        pages: vec![(template, Vec::new())],
        collections: vec![(collection, items)],
        assets: vec![asset(A, None), asset(B, Some("b alt")), asset(C, None)],
        ..Content::default()
    };
    let usage = resolve(&content);
    let a = &uses_of(&usage, A)[0];
    assert_eq!(a.kind, UseKind::Cms);
    assert_eq!(a.page_id.as_deref(), Some("candy"));
    assert_eq!(a.field.as_deref(), Some("main-image"));
    assert_eq!(
        (a.rendered_alt.as_deref(), a.alt_source),
        (Some("A caramel swirl"), AltSource::Field)
    );
    let b = &uses_of(&usage, B)[0];
    assert_eq!(
        (b.rendered_alt.as_deref(), b.alt_source),
        (Some("b alt"), AltSource::Asset)
    );
    assert!(
        uses_of(&usage, C).is_empty(),
        "a draft item renders nowhere"
    );
    assert_eq!(usage.missing.len(), 1);
    assert_eq!(usage.missing[0].asset_id, GONE);
    assert_eq!(usage.missing[0].at.item_id.as_deref(), Some("it1"));
}

#[test]
fn nested_components_are_followed_and_loops_stop() {
    let outer = ComponentContent {
        component: parse(json!({"id": "outer", "name": "Outer"})),
        nodes: parse(json!([{"id": "o1", "type": "component-instance", "componentId": "inner"}])),
        properties: Vec::new(),
    };
    let inner = ComponentContent {
        component: parse(json!({"id": "inner", "name": "Inner"})),
        nodes: parse(json!([
            image("in1", A, json!("Inner image")),
            {"id": "loop", "type": "component-instance", "componentId": "outer"}
        ])),
        properties: Vec::new(),
    };
    let content = Content {
        pages: vec![(
            page("home", false),
            parse(json!([{"id": "i1", "type": "component-instance", "componentId": "outer"}])),
        )],
        components: vec![outer, inner],
        assets: vec![asset(A, None)],
        ..Content::default()
    };
    let usage = resolve(&content);
    let uses = uses_of(&usage, A);
    assert_eq!(uses.len(), 1, "the loop back to outer is not followed");
    assert_eq!(uses[0].rendered_alt.as_deref(), Some("Inner image"));
}
