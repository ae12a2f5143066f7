use super::super::decode_fit;
use super::*;

const BOX: (u32, u32) = (200, 200);

fn svg(attributes: &str, content: &str) -> Vec<u8> {
    format!(r#"<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>{content}</svg>"#)
        .into_bytes()
}

fn render(bytes: &[u8], max: (u32, u32)) -> RgbaImage {
    decode_fit(bytes, max)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_rgba8()
}

fn opaque_pixels(image: &RgbaImage) -> usize {
    image.pixels().filter(|p| p[3] > 0).count()
}

fn refused(bytes: &[u8]) -> String {
    match decode_fit(bytes, BOX) {
        Err(ThumbError::Bomb(what)) => what,
        other => panic!("expected a Bomb, got {other:?}"),
    }
}

fn undecodable(bytes: &[u8]) -> String {
    match decode_fit(bytes, BOX) {
        Err(e @ ThumbError::Decode(_)) => e.to_string(),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[test]
fn the_demo_logo_renders_fitted_to_the_box() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/files/65a9474312a262af23b39f62_candy-co-logo.svg"
    ))
    .unwrap();
    assert!(looks_like_svg(&bytes));
    // 240×80 user units into 400×400: 400×133, scaled up.
    let image = render(&bytes, (400, 400));
    assert_eq!(image.dimensions(), (400, 133));
    assert!(opaque_pixels(&image) > 4000, "{}", opaque_pixels(&image));
    // The circle at (40, 40) is #f46092 and covers its centre, opaque.
    let centre = image.get_pixel(67, 60);
    assert_eq!(centre.0, [0xf4, 0x60, 0x92, 0xff]);
    // The wordmark is text, which has no fonts to draw with: its corner of
    // the canvas stays empty, and nothing failed.
    let wordmark = (200..390)
        .flat_map(|x| (50..90).map(move |y| (x, y)))
        .filter(|&(x, y)| image.get_pixel(x, y)[3] > 0)
        .count();
    assert_eq!(wordmark, 0);
    // A box narrower than the logo: the width decides.
    assert_eq!(render(&bytes, (120, 400)).dimensions(), (120, 40));
}

#[test]
fn sniffing() {
    assert!(looks_like_svg(b"<svg xmlns='x'/>"));
    assert!(looks_like_svg(
        b"\xEF\xBB\xBF \n<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<svg/>"
    ));
    assert!(looks_like_svg(b"<!DOCTYPE svg [<!ENTITY a 'b'>]><svg/>"));
    assert!(!looks_like_svg(b"\x89PNG\r\n\x1a\n<svg"));
    assert!(!looks_like_svg(b"\n<HTML><body><svg/></body></HTML>"));
    assert!(!looks_like_svg(b"not an image <svg"));
    assert!(!looks_like_svg(
        b"<!DOCTYPE html><html><body></body></html>"
    ));
    assert!(!looks_like_svg(b""));
}

#[test]
fn a_png_behind_an_svg_name_is_decoded_as_a_png() {
    // The demo's Candy-Wrapper: a PNG at a .svg URL, as Webflow serves it.
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/demo/files/63e5889e7fe4eafa7384cea4_Vectors-Wrapper.svg"
    ))
    .unwrap();
    assert!(!looks_like_svg(&bytes));
    let image = decode_fit(&bytes, (100, 100)).unwrap();
    assert!(image.width() <= 100 && image.height() <= 100);
}

#[test]
fn size_comes_from_the_view_box_or_units() {
    let rect = r#"<rect width="100%" height="100%" fill="red"/>"#;
    let only_view_box = render(&svg(r#"viewBox="0 0 300 100""#, rect), BOX);
    assert_eq!(only_view_box.dimensions(), (200, 67));
    assert_eq!(opaque_pixels(&only_view_box), 200 * 67);
    let units = render(&svg(r#"width="5cm" height="2cm""#, rect), BOX);
    assert_eq!(units.dimensions(), (200, 80));
    let one_side = render(&svg(r#"width="10mm" viewBox="0 0 1 2""#, rect), BOX);
    assert_eq!(one_side.dimensions(), (100, 200));
    // No size at all: the bounds of what it draws.
    let bare = render(
        &svg("", r#"<rect x="0" y="0" width="40" height="10"/>"#),
        BOX,
    );
    assert_eq!(bare.dimensions(), (200, 50));
    // A size that cannot be drawn says so.
    let zero = undecodable(&svg(r#"width="0" height="10""#, rect));
    assert!(
        zero.contains("no usable size") && zero.contains("open it in the browser"),
        "{zero}"
    );
}

#[test]
fn a_huge_declared_size_is_scaled_down_not_allocated() {
    let big = svg(
        r#"width="1000000" height="500000" viewBox="0 0 2 1""#,
        r#"<circle cx="1" cy="0.5" r="0.5" fill="blue"/>"#,
    );
    let image = render(&big, (400, 400));
    assert_eq!(image.dimensions(), (400, 200));
    assert_eq!(image.get_pixel(200, 100).0, [0, 0, 0xff, 0xff]);
    let absurd = svg(
        r#"width="1e30" height="1""#,
        r#"<rect width="1e30" height="1"/>"#,
    );
    assert_eq!(render(&absurd, BOX).dimensions(), (200, 1));
    // A vanishing size: a scale near f32's limit, refused or drawn, never a panic.
    let tiny = svg(
        r#"width="1e-37" height="1e-37""#,
        r#"<rect width="1e-37" height="1e-37"/>"#,
    );
    match decode_fit(&tiny, BOX) {
        Ok(image) => assert_eq!((image.width(), image.height()), BOX),
        Err(e) => assert!(
            matches!(e, ThumbError::Bomb(_) | ThumbError::Decode(_)),
            "{e:?}"
        ),
    }
    // A box larger than any pane is held to the decode limits.
    for (w, h) in [(10.0, 10.0), (1.0, 1000.0), (1000.0, 1.0)] {
        let (fw, fh) = fit(w, h, (60_000, 60_000));
        assert!(fw <= MAX_DIMENSION && fh <= MAX_DIMENSION, "{fw}×{fh}");
        assert!(
            u64::from(fw) * u64::from(fh) * 4 <= MAX_DECODE_BYTES,
            "{fw}×{fh}"
        );
    }
    assert_eq!(fit(10.0, 10.0, (0, 0)), (1, 1));
}

#[test]
fn external_and_embedded_images_are_never_loaded() {
    // A red SVG on disk: usvg's default resolver would read and draw it.
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.svg");
    std::fs::write(
        &secret,
        svg(
            r#"width="10" height="10""#,
            r#"<rect width="10" height="10" fill="red"/>"#,
        ),
    )
    .unwrap();
    let path = secret.display().to_string();
    let red_svg = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCI+PHJlY3Qgd2lkdGg9IjEwIiBoZWlnaHQ9IjEwIiBmaWxsPSJyZWQiLz48L3N2Zz4=";
    for href in [
        path.clone(),
        format!("file://{path}"),
        "file:///etc/passwd".to_string(),
        "/etc/passwd".to_string(),
        "http://127.0.0.1:9/logo.png".to_string(),
        "https://example.com/logo.svg".to_string(),
        format!("data:image/svg+xml;base64,{red_svg}"),
    ] {
        let doc = svg(
            r#"width="20" height="10""#,
            &format!(
                r#"<image href="{href}" width="10" height="10"/><image xlink:href="{href}" width="10" height="10"/><rect x="10" width="10" height="10" fill="blue"/>"#
            ),
        );
        let image = render(&doc, (20, 10));
        let left = (0..10)
            .flat_map(|x| (0..10).map(move |y| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y)[3] > 0)
            .count();
        assert_eq!(left, 0, "{href} was drawn");
        assert_eq!(image.get_pixel(15, 5).0, [0, 0, 0xff, 0xff], "{href}");
    }
    // The test would notice: with usvg's defaults the file on disk is drawn.
    let doc = svg(
        r#"width="10" height="10""#,
        &format!(r#"<image href="{path}" width="10" height="10"/>"#),
    );
    let tree = Tree::from_data(&doc, &usvg::Options::default()).unwrap();
    assert!(tree.root().has_children());
    let tree = Tree::from_data(&doc, &usvg_options()).unwrap();
    assert!(!tree.root().has_children());
}

#[test]
fn text_renders_as_nothing_without_fonts() {
    let doc = svg(
        r#"width="100" height="50""#,
        r#"<text x="5" y="30" font-family="Arial" font-size="20">Candy Co.</text>"#,
    );
    let image = render(&doc, BOX);
    assert_eq!(image.dimensions(), (200, 100));
    assert_eq!(opaque_pixels(&image), 0);
}

#[test]
fn what_is_not_an_svg_is_a_decode_error() {
    let malformed = undecodable(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>");
    assert!(malformed.contains("not well-formed XML"), "{malformed}");
    assert!(
        malformed.contains("open it in the browser instead"),
        "{malformed}"
    );
    let other = undecodable(b"<?xml version=\"1.0\"?><note><svg/></note>");
    assert!(
        other.contains("not SVG") && other.contains("<note>"),
        "{other}"
    );
    let bare = undecodable(b"<svg width=\"10\" height=\"10\"><rect/></svg>");
    assert!(bare.contains("xmlns"), "{bare}");
    let latin1 =
        undecodable(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><desc>caf\xe9</desc></svg>");
    assert!(latin1.contains("UTF-8"), "{latin1}");
    // Hostile text in an error is cleaned before it reaches the terminal.
    let escape = undecodable(b"<svg xmlns=\"http://www.w3.org/2000/svg\"></s\x1b]0;pwned\x07vg>");
    assert!(
        !escape.contains('\x1b') && !escape.contains('\x07'),
        "{escape:?}"
    );
}

#[test]
fn gzip_is_refused_with_a_reason() {
    let err = decode_fit(&[0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0], BOX).unwrap_err();
    assert!(matches!(err, ThumbError::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("gzip"), "{err}");
    assert!(err.to_string().contains("open it in the browser"), "{err}");
}

#[test]
fn ordinary_features_stay_within_the_limits() {
    // Gradients, a pattern, a clip path, a mask, a blur, opacity, <use>,
    // a style sheet and a few hundred shapes: an ambitious logo.
    let mut content = String::from(
        r##"<defs>
              <linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient>
              <pattern id="p" width="8" height="8" patternUnits="userSpaceOnUse"><circle cx="4" cy="4" r="2" class="dot"/></pattern>
              <clipPath id="c"><circle cx="50" cy="50" r="45"/></clipPath>
              <mask id="m"><rect width="100" height="100" fill="white" opacity="0.8"/></mask>
              <filter id="f"><feGaussianBlur stdDeviation="2"/><feOffset dx="1" dy="1"/></filter>
              <g id="star"><path d="M5 0 L6 4 L10 4 L7 6 L8 10 L5 7 L2 10 L3 6 L0 4 L4 4 Z"/></g>
            </defs>
            <style>.dot { fill: #fc0 } .rim { stroke: url(#g); stroke-width: 2 }</style>
            <rect width="100" height="100" fill="url(#p)"/>
            <g clip-path="url(#c)" mask="url(#m)" opacity="0.9"><rect width="100" height="100" fill="url(#g)"/></g>
            <circle cx="50" cy="50" r="30" class="rim" fill="none" filter="url(#f)"/>"##,
    );
    for i in 0..300 {
        content.push_str(&format!(
            r##"<use href="#star" x="{}" y="{}" fill="hsl({}, 80%, 50%)"/>"##,
            (i * 7) % 90,
            (i * 13) % 90,
            i
        ));
    }
    let image = render(&svg(r#"viewBox="0 0 100 100""#, &content), BOX);
    assert_eq!(image.dimensions(), BOX);
    assert!(opaque_pixels(&image) > 30_000);
}

#[test]
fn an_entity_bomb_is_refused_before_parsing() {
    // 35 KB that roxmltree would expand to 6 GB of text.
    let big = "x".repeat(30_000);
    let uses = "&e0;".repeat(200);
    let refs = "&e1;".repeat(1000);
    let doc = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e0 "{big}"><!ENTITY e1 "{uses}">]><svg xmlns="{SVG_NS}" width="10" height="10"><desc>{refs}</desc></svg>"#
    );
    assert!(refused(doc.as_bytes()).contains("entities"));
    // Loops are refused too…
    let looped = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "&b;"><!ENTITY b "&a;">]><svg xmlns="{SVG_NS}" width="10" height="10"><desc>&a;</desc></svg>"#
    );
    assert!(refused(looped.as_bytes()).contains("entities"));
    // …while Illustrator's namespace entities are fine.
    let illustrator = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "{SVG_NS}"><!ENTITY ns_flows "http://ns.adobe.com/Flows/1.0/">]><svg xmlns="&ns_svg;" xmlns:x="&ns_flows;" width="10" height="10"><rect width="10" height="10"/></svg>"#
    );
    assert_eq!(
        opaque_pixels(&render(illustrator.as_bytes(), (10, 10))),
        100
    );
}

#[test]
fn element_bombs_are_refused() {
    // <use> doubling twenty times: a million rectangles from 1 KB.
    let mut defs = String::from(r#"<rect id="a0" width="1" height="1"/>"#);
    for i in 1..=20 {
        defs.push_str(&format!(
            r##"<g id="a{i}"><use href="#a{0}"/><use href="#a{0}"/></g>"##,
            i - 1
        ));
    }
    let doc = svg(
        r#"width="10" height="10""#,
        &format!(r##"<defs>{defs}</defs><use href="#a20"/>"##),
    );
    assert!(refused(&doc).contains("elements"));
    // Deep nesting, directly…
    let deep = svg(
        r#"width="10" height="10""#,
        &format!("{}<rect/>{}", "<g>".repeat(300), "</g>".repeat(300)),
    );
    assert!(refused(&deep).contains("levels deep"));
    // …or through a chain of clip paths (a stack overflow in usvg).
    let mut chain = String::new();
    for i in 0..5000 {
        chain.push_str(&format!(
            r#"<clipPath id="c{i}" clip-path="url(#c{})"><rect width="9" height="9"/></clipPath>"#,
            i + 1
        ));
    }
    let doc = svg(
        r#"width="10" height="10""#,
        &format!(r#"{chain}<rect width="9" height="9" clip-path="url(#c0)"/>"#),
    );
    assert!(refused(&doc).contains("levels deep"));
    // …or a style sheet's references.
    let mut chain = String::new();
    let mut css = String::new();
    for i in 0..300 {
        chain.push_str(&format!(
            r#"<mask id="m{i}" class="k{i}"><rect width="9" height="9"/></mask>"#
        ));
        css.push_str(&format!(".k{i} {{ mask: url(#m{}) }} ", i + 1));
    }
    let doc = svg(
        r#"width="10" height="10""#,
        &format!(r#"<style>{css}</style>{chain}"#),
    );
    assert!(refused(&doc).contains("levels deep"));
    // A style sheet of many rules over many elements.
    let css: String = (0..2000)
        .map(|i| format!(".c{i} rect {{ fill: red }}"))
        .collect();
    let rects = r#"<rect width="1" height="1"/>"#.repeat(10_000);
    let doc = svg(
        r#"width="10" height="10""#,
        &format!("<style>{css}</style>{rects}"),
    );
    assert!(refused(&doc).contains("style sheet"));
    // Too much source to begin with.
    let padding = " ".repeat(MAX_SVG_BYTES);
    let doc = svg(r#"width="10" height="10""#, &padding);
    assert!(refused(&doc).contains("previews draw SVGs up to 10.0 MiB"));
}

#[test]
fn reference_loops_are_refused_and_links_are_not_loops() {
    // usvg would follow this one until the stack overflows.
    let feimage = svg(
        r#"width="10" height="10""#,
        r##"<filter id="f"><feImage href="#g"/></filter><filter id="f2"><feImage href="#r"/></filter><rect id="r" width="9" height="9" filter="url(#f)"/><rect id="g" width="9" height="9" filter="url(#f2)"/>"##,
    );
    let err = undecodable(&feimage);
    assert!(err.contains("loop back to #"), "{err}");
    // The same loop made through a style sheet, which the attributes hide.
    let css = svg(
        r#"width="10" height="10""#,
        r##"<style>.x { filter: url(#f) }</style><filter id="f"><feImage href="#r"/></filter><rect id="r" class="x" width="9" height="9"/>"##,
    );
    assert!(undecodable(&css).contains("feImage"));
    // Loops usvg would cut are refused all the same: the file is broken.
    let clips = svg(
        r#"width="10" height="10""#,
        r#"<clipPath id="a" clip-path="url(#b)"><rect width="9" height="9"/></clipPath><clipPath id="b" clip-path="url(#a)"><rect width="9" height="9"/></clipPath><rect width="9" height="9" clip-path="url(#a)"/>"#,
    );
    assert!(undecodable(&clips).contains("loop back to #"));
    // A link to an ancestor is not a reference usvg follows.
    let link = svg(
        r#"width="10" height="10""#,
        r##"<g id="top"><a href="#top"><rect width="10" height="10"/></a></g>"##,
    );
    assert_eq!(opaque_pixels(&render(&link, (10, 10))), 100);
}

#[test]
fn a_long_entity_chain_is_refused_without_recursing_through_it() {
    let mut dtd = String::from(r#"<!ENTITY e0 "x">"#);
    for i in 1..100_000 {
        dtd.push_str(&format!(r#"<!ENTITY e{i} "&e{};">"#, i - 1));
    }
    let doc = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [{dtd}]><svg xmlns="{SVG_NS}" width="10" height="10"><desc>&e99999;</desc></svg>"#
    );
    assert!(refused(doc.as_bytes()).contains("entities"));
}

#[test]
fn expensive_drawing_is_refused_before_it_starts() {
    let refused_work = |content: &str| {
        let what = refused(&svg(r#"width="100" height="100""#, content));
        assert!(
            what.contains("pixel operations") || what.contains("at once"),
            "{what}"
        );
    };
    // 300 nested layers, each five canvases square: 8 s of resvg.
    refused_work(&format!(
        r#"{}<rect x="-1000" y="-1000" width="3000" height="3000"/>{}"#,
        r#"<g opacity="0.99">"#.repeat(200),
        "</g>".repeat(200)
    ));
    // Thousands of translucent full-canvas layers.
    refused_work(&r#"<rect width="100" height="100" opacity="0.5"/>"#.repeat(5000));
    // Morphology with a huge radius, turbulence with a thousand octaves.
    refused_work(
        r#"<filter id="f"><feMorphology radius="50"/></filter><rect width="100" height="100" filter="url(#f)"/>"#,
    );
    refused_work(
        r#"<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000"/></filter><rect width="100" height="100" filter="url(#f)"/>"#,
    );
    // A pattern tile of 400,000 pixels square: tiny-skia would abort the
    // process trying to allocate 640 GB.
    refused_work(
        r#"<pattern id="p" patternUnits="userSpaceOnUse" width="100000" height="100000"><rect width="10" height="10"/></pattern><rect width="100" height="100" fill="url(#p)"/>"#,
    );
}

#[test]
fn a_panic_while_drawing_is_an_error_not_a_crash() {
    let result: Result<(), _> = on_svg_thread(|| panic!("resvg assertion"));
    let err = result.unwrap_err();
    assert!(matches!(err, ThumbError::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("renderer failed"), "{err}");
    let name = on_svg_thread(|| Ok(std::thread::current().name().map(str::to_owned)));
    assert_eq!(name.unwrap().as_deref(), Some(SVG_THREAD));
}
