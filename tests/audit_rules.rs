//! The alt-text audit rules on real-world alt texts, both ways (what each rule
//! must flag and what it must leave alone), the demo catalogue, the summary and
//! the JSON shape CI consumes.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use webflow_assets::audit::{
    self, ALT_DUPLICATE, ALT_EMPTY, ALT_FILENAME, ALT_KEYWORD_STUFFING, ALT_MISSING,
    ALT_PLACEHOLDER, ALT_REDUNDANT_PREFIX, ALT_TOO_LONG, AuditConfig, RULES, Severity,
};
use webflow_assets::store::demo::Catalogue;
use webflow_assets::webflow::{Asset, Timestamp};

fn content_type_of(file: &str) -> &'static str {
    let ext = file
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "image/jpeg",
    }
}

/// An asset as Webflow would send it: display name `<id>_<file>`.
fn asset_with(id: &str, file: &str, content_type: &str, alt: Option<&str>) -> Asset {
    Asset {
        id: id.to_string(),
        content_type: content_type.to_string(),
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
        alt_text: alt.map(str::to_string),
        folder_id: None,
    }
}

fn image(file: &str, alt: &str) -> Asset {
    asset_with(
        "682c6374f0100f20fc67b7df",
        file,
        content_type_of(file),
        Some(alt),
    )
}

/// The rule IDs `check_asset` reports (default config) for `alt` on `file`.
fn rules_for(file: &str, alt: &str) -> Vec<&'static str> {
    audit::check_asset(&image(file, alt), &AuditConfig::default())
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

fn assert_flags(rule: &str, cases: &[(&str, &str)]) {
    for (file, alt) in cases {
        let got = rules_for(file, alt);
        assert!(
            got.contains(&rule),
            "{rule} should flag {alt:?} on {file}: got {got:?}"
        );
    }
}

fn assert_not_flags(rule: &str, cases: &[(&str, &str)]) {
    for (file, alt) in cases {
        let got = rules_for(file, alt);
        assert!(
            !got.contains(&rule),
            "{rule} should not flag {alt:?} on {file}: got {got:?}"
        );
    }
}

// --- rule table --------------------------------------------------------------

#[test]
fn rule_table_is_stable() {
    let ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            ALT_MISSING,
            ALT_EMPTY,
            ALT_FILENAME,
            ALT_REDUNDANT_PREFIX,
            ALT_PLACEHOLDER,
            ALT_KEYWORD_STUFFING,
            ALT_TOO_LONG,
            ALT_DUPLICATE
        ]
    );
    assert_eq!(
        ids,
        [
            "alt-missing",
            "alt-empty",
            "alt-filename",
            "alt-redundant-prefix",
            "alt-placeholder",
            "alt-keyword-stuffing",
            "alt-too-long",
            "alt-duplicate"
        ]
    );
    let severities: Vec<_> = RULES.iter().map(|r| r.severity).collect();
    use Severity::*;
    assert_eq!(
        severities,
        [
            Warning, Error, Error, Warning, Error, Warning, Warning, Warning
        ]
    );
    for r in RULES {
        assert!(
            r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{}",
            r.id
        );
        assert!(
            !r.explanation.contains('\n') && !r.explanation.contains("  "),
            "{}",
            r.id
        );
        assert!(
            !r.explanation.is_empty() && r.explanation.len() < 120,
            "{}",
            r.id
        );
        assert_eq!(audit::rule(r.id), Some(r));
    }
    assert_eq!(audit::rule("alt-nonsense"), None);
}

#[test]
fn severities_are_ordered_and_named() {
    assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
    assert_eq!(
        serde_json::to_value(Severity::Warning).unwrap(),
        json!("warning")
    );
    assert_eq!(
        serde_json::from_value::<Severity>(json!("error")).unwrap(),
        Severity::Error
    );
    assert_eq!(" Info ".parse::<Severity>().unwrap(), Severity::Info);
    assert_eq!(Severity::Error.to_string(), "error");
    assert!("critical".parse::<Severity>().is_err());
    let config = AuditConfig::default();
    assert_eq!(config.missing_severity, Severity::Warning);
    assert_eq!(config.max_chars, 125);
    assert_eq!(config.duplicate_min_assets, 3);
}

// --- alt-missing and alt-empty -----------------------------------------------

#[test]
fn missing_is_null_only_and_its_severity_is_configurable() {
    let null = asset_with(
        "66bca24435ec7f19c092c9a9",
        "lollipops.webp",
        "image/webp",
        None,
    );
    let findings = audit::check_asset(&null, &AuditConfig::default());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, ALT_MISSING);
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].alt_text, None);
    assert!(findings[0].detail.contains("decorative"));

    for severity in Severity::ALL {
        let config = AuditConfig {
            missing_severity: severity,
            ..AuditConfig::default()
        };
        let findings = audit::check_asset(&null, &config);
        assert_eq!(findings[0].severity, severity);
        let report = audit::audit([&null], &config);
        assert_eq!(report.worst(), Some(severity));
        assert_eq!(report.summary.by_severity[&severity], 1);
    }

    // "" is not missing.
    assert_eq!(rules_for("a.png", ""), [ALT_EMPTY]);
}

#[test]
fn empty_covers_whitespace_and_invisible_characters() {
    for alt in [
        "",
        " ",
        "   \t ",
        "\n",
        "\u{200b}",
        "\u{feff}\u{200b} ",
        "\u{202e}",
        "\x1b[0m",
        " \u{2060} \u{200d} ",
    ] {
        let findings = audit::check_asset(&image("sprinkles.gif", alt), &AuditConfig::default());
        let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [ALT_EMPTY], "{alt:?}");
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(findings[0].alt_text.as_deref(), Some(alt));
    }
    for alt in [
        "A",
        ".",
        "\u{00a0}x",
        "Sprinkles falling on a pink frosted donut",
    ] {
        assert!(
            !rules_for("sprinkles.gif", alt).contains(&ALT_EMPTY),
            "{alt:?}"
        );
    }
}

// --- alt-filename --------------------------------------------------------------

#[test]
fn filename_flags_file_names() {
    assert_flags(
        ALT_FILENAME,
        &[
            // The asset's own names, as sent, with or without extension, any case.
            ("IMG_4821.jpg", "IMG_4821.jpg"),
            ("Candy-Wrapper.svg", "candy-wrapper.SVG"),
            ("caramel-swirl-hero.jpg", "caramel-swirl-hero"),
            ("caramel-swirl-hero.jpg", "Caramel-Swirl-Hero"),
            ("candy.jpg", "Candy"),
            ("Bonbons%20Box.png", "bonbons box"),
            ("Bonbons%20Box.png", "Bonbons%20Box.png"),
            (
                "Screenshot%202025-01-14%20at%2010.41.07%E2%80%AFAM.png",
                "Screenshot 2025-01-14 at 10.41.07\u{202f}AM",
            ),
            ("façade-été.jpg", "FAÇADE-ÉTÉ"),
            // Ends in a file extension.
            ("banner.jpg", "summer_sale_banner_final.png"),
            ("a.png", "Gummy bears.JPEG"),
            ("a.png", "wholesale-price-list-2025.pdf"),
            ("a.png", "hero@2x.webp"),
            ("a.png", "Screenshot 2024-03-20 at 9.03.24 PM.png"),
            ("a.png", "lollipop.heic"),
            ("a.png", "scan.tiff"),
            // Camera and phone defaults.
            ("a.jpg", "DSC01234"),
            ("a.jpg", "IMG-1234"),
            ("a.jpg", "img_0042 copy"),
            ("a.jpg", "PXL_20230815_101010123"),
            ("a.jpg", "DSCN0042"),
            ("a.jpg", "IMG_4821 (1)"),
            // Screenshot defaults.
            ("a.png", "Screenshot 2024-03-20 at 9.03.24 PM"),
            ("a.png", "Screen Shot 2020-05-01 at 10.00.00 AM"),
            ("a.png", "Screenshot_20240320-101010_Chrome"),
            ("a.png", "Screenshot from 2024-03-20 11-02-33"),
            // Hashes and IDs.
            ("a.jpg", "3f2a9c1d8e7b6a5f4c3d2e1f0a9b8c7d"),
            ("a.jpg", "682c6374f0100f20fc67b7df"),
            ("a.jpg", "123e4567-e89b-12d3-a456-426614174000"),
            ("a.jpg", "63e5889e7fe4eafa7384cea4_Candy-Wrapper"),
            // Slugs of the file stem.
            ("hero-banner.jpg", "hero-banner-final-v2"),
            ("hero-banner-final-v2.png", "hero_banner_final"),
            ("lollipop-assortment.webp", "lollipop-assortment-2"),
            ("gummy-bear-cutout.png", "gummy-bear"),
            ("candy-jar-front-2.jpg", "candy-jar-front"),
            ("Peppermint_Pattern.png", "peppermint_pattern_tile"),
            ("a.jpg", "summer-sale-2024-hero"),
        ],
    );
}

#[test]
fn filename_leaves_descriptions_alone() {
    assert_not_flags(
        ALT_FILENAME,
        &[
            (
                "two-women-cafe.jpg",
                "Two women laughing at a café table in Lisbon",
            ),
            ("candy-co-logo.svg", "Logo of Candy Co. — a red lollipop"),
            (
                "Screenshot%202025-01-14.png",
                "Screenshot showing the checkout page with the coupon field highlighted",
            ),
            ("candy-jar-front.jpg", "The candy jar, front view"),
            ("coca-cola-bottle.jpg", "Coca-Cola"),
            ("t-shirt-front.jpg", "T-shirt"),
            ("wifi-icon.png", "Wi-Fi"),
            ("a.jpg", "state-of-the-art"),
            ("a.jpg", "COVID-19 rapid test next to a candy bar"),
            ("a.jpg", "Our team at the 2024 summer party"),
            ("a.jpg", "Visit candyco.com for recipes"),
            ("a.jpg", "Chart: sales grew 40% in 2024"),
            ("a.jpg", "Deadbeef the cat asleep on a candy box"),
            (
                "a.png",
                "Screenshot 2 of the onboarding flow: the sign-up form",
            ),
            ("a.jpg", "A vintage Canon camera next to a DSC brochure"),
            ("a.jpg", "Dr. Imgur presenting"),
            ("a.png", "Diagram comparing PNG and JPG compression"),
            // Placeholders are reported as placeholders, not file names.
            ("logo.svg", "logo"),
            ("untitled-1.png", "Untitled-1"),
            ("image.png", "Image"),
        ],
    );
}

#[test]
fn placeholder_that_is_really_a_file_name_is_a_file_name() {
    assert_eq!(rules_for("logo.png", "logo.png"), [ALT_FILENAME]);
    assert_eq!(rules_for("a.png", "image.png"), [ALT_FILENAME]);
    assert_eq!(rules_for("logo.svg", "logo"), [ALT_PLACEHOLDER]);
}

// --- alt-redundant-prefix --------------------------------------------------------

#[test]
fn redundant_prefix_flags_image_of_and_friends() {
    let cases = [
        ("Image of a red gummy bear", "image of"),
        ("Picture of the Candy Co. storefront at dusk", "picture of"),
        ("Photo of two children sharing a lollipop", "photo of"),
        ("Photograph of the factory floor in 1952", "photograph of"),
        ("Graphic of a rising sales chart", "graphic of"),
        ("Icon of a shopping cart", "icon of"),
        ("An image of a chocolate bar broken in half", "an image of"),
        ("A picture of candy floss at a fair", "a picture of"),
        ("a photo of our founder in her kitchen", "a photo of"),
        ("  IMAGE OF a caramel swirl  ", "image of"),
        ("Image of: a jar of mints", "image of"),
    ];
    for (alt, prefix) in cases {
        let findings = audit::check_asset(&image("a.jpg", alt), &AuditConfig::default());
        let f = findings
            .iter()
            .find(|f| f.rule == ALT_REDUNDANT_PREFIX)
            .unwrap_or_else(|| panic!("{alt:?}: {findings:?}"));
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(
            f.detail,
            format!(
                "starts with \"{prefix}\": screen readers already announce an image; \
                 describe what it shows"
            )
        );
    }
}

#[test]
fn redundant_prefix_leaves_other_openings_alone() {
    assert_not_flags(
        ALT_REDUNDANT_PREFIX,
        &[
            ("a.jpg", "Photographer Ansel Adams at work"),
            ("a.jpg", "Imagery of the coast near Big Sur"),
            ("a.jpg", "Iconic red lollipop sign above the shop door"),
            ("a.jpg", "Photo booth at the Candy Co. summer party"),
            ("a.jpg", "Picture-perfect rows of pastel macarons"),
            ("a.jpg", "Graphical timeline of the company's history"),
            ("a.jpg", "Illustrations of 19th-century candy wrappers"),
            ("a.jpg", "A photographer's view of the candy aisle"),
            ("a.jpg", "Logo of Candy Co. — a red lollipop"),
            ("a.jpg", "Map of our three shops in Lisbon"),
            (
                "a.jpg",
                "Screenshot showing the checkout page with the coupon field highlighted",
            ),
            ("a.jpg", "Two women laughing at a café table in Lisbon"),
            (
                "a.jpg",
                "Children pointing at an image of a whale in a book",
            ),
            // A medium that carries meaning is not redundant.
            ("a.jpg", "Illustration of a candy cane tied with a bow"),
            ("a.jpg", "Screenshot of the order confirmation email"),
            ("a.jpg", "Watercolour painting of the shop front"),
            // The word as the subject, not a label.
            ("a.jpg", "Picture window overlooking a lake"),
            ("a.jpg", "Image sensor on a circuit board"),
            ("a.jpg", "Family photo album on a coffee table"),
            ("a.jpg", "Tourists taking photos of the candy shop"),
            ("a.jpg", "Girl holding up a photo"),
        ],
    );
}

#[test]
fn redundant_phrasing_is_found_at_the_end_and_in_other_languages() {
    for (alt, detail) in [
        ("Lollipops in a jar (photo)", "ends with \"(photo)\""),
        ("Lollipops in a jar - picture", "ends with \"picture\""),
        ("Lollipops in a jar image", "ends with \"image\""),
        ("Photo: lollipops in a jar", "starts with \"photo:\""),
        (
            "This is a picture of lollipops",
            "starts with \"this is a picture of\"",
        ),
        ("Bild von Lutschern im Glas", "starts with \"bild von\""),
        (
            "Photo de sucettes dans un bocal",
            "starts with \"photo de\"",
        ),
        (
            "Foto di lecca-lecca in un barattolo",
            "starts with \"foto di\"",
        ),
        ("画像：瓶に入ったキャンディ", "starts with \"画像：\""),
        ("瓶に入ったキャンディの写真", "ends with \"の写真\""),
        (
            "Our shop at dusk, photo by Ana Lima",
            "has a credit (\"photo by\")",
        ),
    ] {
        let findings = audit::check_asset(&image("a.jpg", alt), &AuditConfig::default());
        let f = findings
            .iter()
            .find(|f| f.rule == ALT_REDUNDANT_PREFIX)
            .unwrap_or_else(|| panic!("{alt:?}: {findings:?}"));
        assert!(f.detail.starts_with(detail), "{alt:?}: {}", f.detail);
    }
}

// --- alt-keyword-stuffing ----------------------------------------------------------

#[test]
fn keyword_stuffing_flags_keyword_lists_not_lists_in_sentences() {
    for alt in [
        "candy, sweets, candy shop, best candy, buy candy online",
        "lollipop | lollipops | giant lollipop | lollipop gift",
        "#candy #sweets #lollipop",
        "candy shop candy store candy online best candy",
        "Bonbons, Bonbons kaufen, Bonbons günstig, beste Bonbons",
    ] {
        let findings = audit::check_asset(&image("a.jpg", alt), &AuditConfig::default());
        let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [ALT_KEYWORD_STUFFING], "{alt:?}");
        assert_eq!(findings[0].severity, Severity::Warning);
        assert!(
            findings[0].detail.contains("not a description"),
            "{}",
            findings[0].detail
        );
    }
    assert_not_flags(
        ALT_KEYWORD_STUFFING,
        &[
            (
                "a.jpg",
                "Gummy bears, gummy worms and gummy rings in a glass bowl",
            ),
            ("a.jpg", "Red, white and pink candy canes, tied with a bow"),
            (
                "a.jpg",
                "Candy Co. shop: candy jars, candy canes and candy floss",
            ),
            (
                "a.jpg",
                "A red candy next to a blue candy and a green candy",
            ),
            (
                "a.jpg",
                "Ingredients: sugar, glucose, citric acid, colouring",
            ),
        ],
    );
}

#[test]
fn redundant_prefix_and_too_long_can_both_apply() {
    let alt = format!(
        "Image of {}",
        "a tall glass jar packed with striped candies, ".repeat(4)
    );
    assert_eq!(
        rules_for("a.jpg", &alt),
        [ALT_REDUNDANT_PREFIX, ALT_TOO_LONG]
    );
}

// --- alt-placeholder --------------------------------------------------------------

#[test]
fn placeholder_flags_stand_ins() {
    for alt in [
        "image",
        "Photo.",
        "picture",
        "Graphic",
        "IMG",
        "Untitled",
        "alt",
        "alt text",
        "Alt Text:",
        "alt  text",
        "placeholder",
        "logo",
        "Icon",
        "banner",
        "Hero!",
        "thumbnail",
        "test",
        "TODO",
        "TBD",
        "description",
        "Insert alt text",
        "image description",
        "enter alt text",
        "Add alt text...",
        "null",
        "undefined",
        "None",
        "N/A",
        "[image]",
        "\"logo\"",
        "Image 3",
        "Untitled-1",
        "slide_2",
        "Untitled design",
        "-",
        "...",
    ] {
        let findings = audit::check_asset(&image("candy.jpg", alt), &AuditConfig::default());
        let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [ALT_PLACEHOLDER], "{alt:?}");
        assert_eq!(findings[0].severity, Severity::Error);
        assert!(findings[0].detail.contains("placeholder"), "{alt:?}");
    }
}

#[test]
fn placeholder_leaves_descriptions_alone() {
    assert_not_flags(
        ALT_PLACEHOLDER,
        &[
            ("a.svg", "Logo of Candy Co. — a red lollipop"),
            ("a.jpg", "Hero image: a child holding a giant lollipop"),
            ("a.jpg", "Test tube filled with blue sugar crystals"),
            (
                "a.jpg",
                "None of the jars are empty: all are full of gumdrops",
            ),
            ("a.jpg", "Banner reading \"Summer Sale 30% off\""),
            ("a.png", "Icon showing a shopping bag"),
            ("a.jpg", "Description of the packaging process, step 3"),
            ("a.jpg", "Image 3 of 5: gummy bears sorted by colour"),
            (
                "a.jpg",
                "Thumbnail-sized chocolate squares on a slate board",
            ),
            ("a.jpg", "Picture frame made of candy sticks"),
            ("a.jpg", "Null Island marker on a world map"),
            ("a.jpg", "Imagery of the coast"),
        ],
    );
}

// --- alt-too-long ------------------------------------------------------------------

#[test]
fn too_long_counts_characters_of_the_cleaned_text() {
    let long = [
        "x".repeat(126),
        "Close-up of a glossy caramel swirl candy resting on a sheet of parchment paper, \
         lit by warm late-afternoon light from the left, with soft shadows."
            .to_string(),
        "Aerial view of the Candy Co. factory campus in spring: three red-brick buildings, \
         a parking lot with delivery trucks, and an orchard in bloom along the river."
            .to_string(),
        "é".repeat(126),
        "🍬".repeat(126),
        format!("{} and a jar", "Candy ".repeat(21)),
        "Infographic: how a lollipop is made, from boiling sugar at 150 °C, to colouring, \
         pulling, shaping on the stick, cooling on racks and wrapping by hand."
            .to_string(),
        "Team photo: twelve Candy Co. employees in pink aprons standing in two rows in \
         front of the shop, holding a banner that reads \"Ten years of sweets\"."
            .to_string(),
    ];
    for alt in &long {
        let findings = audit::check_asset(&image("a.jpg", alt), &AuditConfig::default());
        let f = findings
            .iter()
            .find(|f| f.rule == ALT_TOO_LONG)
            .unwrap_or_else(|| panic!("{alt:?}: {findings:?}"));
        assert_eq!(f.severity, Severity::Warning);
        let n = alt.chars().count();
        assert!(
            f.detail
                .starts_with(&format!("{n} characters, more than 125")),
            "{}",
            f.detail
        );
    }

    let short = [
        "x".repeat(125),
        "é".repeat(125),
        "🍬".repeat(125),
        format!("  {}  ", "y".repeat(125)),
        // Invisible characters do not count.
        format!("{}{}", "z".repeat(120), "\u{200b}".repeat(10)),
        format!("\x1b[1m{}\x1b[0m", "w".repeat(120)),
        "Two women laughing at a café table in Lisbon".to_string(),
        "Six pastel Candy Co. gift boxes tied with white ribbon, lined up on a shelf".to_string(),
        "The Candy Co. shop front at night, its windows glowing warmly above a snowy street"
            .to_string(),
    ];
    for alt in &short {
        assert!(!rules_for("a.jpg", alt).contains(&ALT_TOO_LONG), "{alt:?}");
    }
}

#[test]
fn too_long_limit_is_configurable() {
    let alt = "Six pastel Candy Co. gift boxes tied with white ribbon, lined up on a shelf";
    let strict = AuditConfig {
        max_chars: 50,
        ..AuditConfig::default()
    };
    let findings = audit::check_asset(&image("a.png", alt), &strict);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, ALT_TOO_LONG);
    assert!(
        findings[0]
            .detail
            .starts_with("75 characters, more than 50")
    );
    let exact = AuditConfig {
        max_chars: 75,
        ..AuditConfig::default()
    };
    assert!(audit::check_asset(&image("a.png", alt), &exact).is_empty());
}

// --- alt-duplicate -----------------------------------------------------------------

fn jar(id: &str, alt: Option<&str>) -> Asset {
    asset_with(id, &format!("jar-{id}.jpg"), "image/jpeg", alt)
}

#[test]
fn duplicate_needs_enough_distinct_images() {
    let config = AuditConfig::default();
    let a = jar(
        "682c6374f0100f20fc67b7df",
        Some("Assorted candies in a glass jar"),
    );
    let b = jar(
        "682c638307b59e106feb8039",
        Some("  assorted   CANDIES in a glass jar "),
    );
    let c = jar(
        "682c6393dff602cddfadb190",
        Some("Assorted candies\tin a glass\u{200b} jar"),
    );
    let other = jar("690500289aff151a5ae8c716", Some("Peppermint swirls"));

    let report = audit::audit([&a, &other, &b, &c], &config);
    let flagged: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.asset_id.as_str(), f.rule))
        .collect();
    assert_eq!(
        flagged,
        [
            (a.id.as_str(), ALT_DUPLICATE),
            (b.id.as_str(), ALT_DUPLICATE),
            (c.id.as_str(), ALT_DUPLICATE)
        ]
    );
    for f in &report.findings {
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.detail.contains("on 3 images"), "{}", f.detail);
    }

    // Two are not enough by default; they are with duplicate_min_assets = 2.
    assert!(audit::audit([&a, &b, &other], &config).findings.is_empty());
    let two = AuditConfig {
        duplicate_min_assets: 2,
        ..AuditConfig::default()
    };
    assert_eq!(audit::audit([&a, &b, &other], &two).findings.len(), 2);
    // Values below 2 act as 2: a text on one image is never a duplicate.
    let one = AuditConfig {
        duplicate_min_assets: 1,
        ..AuditConfig::default()
    };
    assert!(audit::audit([&a, &other], &one).findings.is_empty());

    // The same asset listed twice (overlapping pages) counts once.
    assert!(audit::audit([&a, &a, &b], &config).findings.is_empty());

    // check_asset is per-asset only.
    assert!(audit::check_asset(&a, &config).is_empty());
}

#[test]
fn duplicate_counts_each_group_separately() {
    // 40 texts on 3 images each, 40 on 2 each, interleaved.
    let assets: Vec<Asset> = (0..200)
        .map(|i| {
            let id = format!("{:024x}", 0x6a00_0000_0000_u64 + i as u64);
            let alt = if i < 120 {
                format!("Gift box number {} with a pink ribbon", i % 40)
            } else {
                format!("Chocolate bar flavour {}", (i - 120) % 40)
            };
            jar(&id, Some(&alt))
        })
        .collect();
    let report = audit::audit(&assets, &AuditConfig::default());
    assert_eq!(report.summary.by_rule[ALT_DUPLICATE], 120);
    assert_eq!(report.findings.len(), 120);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.detail.contains("on 3 images"))
    );
    let two = AuditConfig {
        duplicate_min_assets: 2,
        ..AuditConfig::default()
    };
    assert_eq!(audit::audit(&assets, &two).findings.len(), 200);
}

#[test]
fn duplicate_ignores_missing_empty_placeholders_and_documents() {
    let config = AuditConfig::default();
    let ids = [
        "66bca24435ec7f19c092c9a9",
        "66d6e0823e2337b3e66164dd",
        "65a9474312a262af23b39f62",
    ];
    for alt in [None, Some(""), Some(" "), Some("logo"), Some("image")] {
        let assets: Vec<_> = ids.iter().map(|id| jar(id, alt)).collect();
        let report = audit::audit(&assets, &config);
        assert_eq!(report.summary.by_rule[ALT_DUPLICATE], 0, "{alt:?}");
        assert_eq!(report.findings.len(), 3, "{alt:?}");
    }
    // PDFs with the same text do not make images duplicates.
    let text = Some("Candy Co. wholesale price list");
    let pdf1 = asset_with(ids[0], "prices.pdf", "application/pdf", text);
    let pdf2 = asset_with(ids[1], "prices-2.pdf", "application/pdf", text);
    let img = jar(ids[2], text);
    assert!(
        audit::audit([&pdf1, &pdf2, &img], &config)
            .findings
            .is_empty()
    );
}

#[test]
fn findings_are_in_asset_order_then_rule_order() {
    let alt = "Image of assorted candies in a glass jar";
    let a = jar("682c6374f0100f20fc67b7df", Some(alt));
    let b = jar("682c638307b59e106feb8039", None);
    let c = jar("682c6393dff602cddfadb190", Some(alt));
    let d = jar("690500289aff151a5ae8c716", Some(alt));
    let report = audit::audit([&a, &b, &c, &d], &AuditConfig::default());
    let order: Vec<_> = report
        .findings
        .iter()
        .map(|f| (&f.asset_id[20..], f.rule))
        .collect();
    assert_eq!(
        order,
        [
            ("b7df", ALT_REDUNDANT_PREFIX),
            ("b7df", ALT_DUPLICATE),
            ("8039", ALT_MISSING),
            ("b190", ALT_REDUNDANT_PREFIX),
            ("b190", ALT_DUPLICATE),
            ("c716", ALT_REDUNDANT_PREFIX),
            ("c716", ALT_DUPLICATE),
        ]
    );
}

// --- exemptions and hostile text -------------------------------------------------------

#[test]
fn documents_are_exempt_and_svgs_are_images() {
    let config = AuditConfig::default();
    for (file, content_type) in [
        ("price-list.pdf", "application/pdf"),
        ("candy-bounce.json", "application/json"),
        ("candy-bounce.lottie", "application/zip"),
        ("notes.txt", "text/plain"),
    ] {
        for alt in [
            None,
            Some(""),
            Some("IMG_1234.jpg"),
            Some("logo"),
            Some("Image of a jar"),
        ] {
            let doc = asset_with("674d771cbc5f57a31022fd81", file, content_type, alt);
            assert!(
                audit::check_asset(&doc, &config).is_empty(),
                "{file} {alt:?}"
            );
        }
    }
    let svg = asset_with(
        "65a9474312a262af23b39f62",
        "candy-co-logo.svg",
        "image/svg+xml",
        Some("logo"),
    );
    assert_eq!(audit::check_asset(&svg, &config)[0].rule, ALT_PLACEHOLDER);
    let upper = asset_with("65a9474312a262af23b39f62", "x.svg", " IMAGE/SVG+XML ", None);
    assert_eq!(audit::check_asset(&upper, &config)[0].rule, ALT_MISSING);
}

#[test]
fn details_are_clean_and_raw_fields_are_kept() {
    let hostile = "\x1b]0;pwned\x07logo\u{202e}\x1b[2J";
    let findings = audit::check_asset(&image("a.png", hostile), &AuditConfig::default());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, ALT_PLACEHOLDER);
    assert_eq!(findings[0].alt_text.as_deref(), Some(hostile));
    assert!(
        !findings[0]
            .detail
            .chars()
            .any(|c| c.is_control() || c == '\u{202e}')
    );
    assert!(findings[0].detail.starts_with("\"logo\" is a placeholder"));

    let findings = audit::check_asset(
        &image("a.png", "\x1b[31mIMG_1234\x1b[0m"),
        &AuditConfig::default(),
    );
    assert_eq!(findings[0].rule, ALT_FILENAME);

    // Every detail is one clean line.
    let catalogue = Catalogue::load().unwrap();
    let report = audit::audit(catalogue.assets(), &AuditConfig::default());
    for f in &report.findings {
        assert!(!f.detail.is_empty());
        assert!(!f.detail.chars().any(char::is_control), "{}", f.detail);
        assert_eq!(webflow_assets::text::clean(&f.detail), f.detail);
    }
}

// --- demo catalogue, summary and JSON -------------------------------------------------------

fn demo_report(config: &AuditConfig) -> audit::Report {
    let catalogue = Catalogue::load().unwrap();
    audit::audit(catalogue.assets(), config)
}

fn rules_by_file(report: &audit::Report) -> BTreeMap<String, Vec<&'static str>> {
    let catalogue = Catalogue::load().unwrap();
    let mut map: BTreeMap<String, Vec<&'static str>> = catalogue
        .assets()
        .map(|a| (a.original_file_name.clone(), Vec::new()))
        .collect();
    for f in &report.findings {
        let asset = catalogue.assets().find(|a| a.id == f.asset_id).unwrap();
        map.get_mut(&asset.original_file_name).unwrap().push(f.rule);
    }
    map
}

#[test]
fn demo_catalogue_audits_as_expected() {
    let report = demo_report(&AuditConfig::default());
    let by_file = rules_by_file(&report);
    let expect: &[(&str, &[&str])] = &[
        ("Candy-Wrapper.svg", &[]),
        ("caramel-swirl-hero.jpg", &[ALT_TOO_LONG]),
        ("product-lineup-banner.png", &[]),
        ("IMG_4821.jpg", &[ALT_FILENAME]),
        ("gummy-bear-cutout.png", &[ALT_REDUNDANT_PREFIX]),
        ("lollipop-assortment.webp", &[ALT_MISSING]),
        ("sprinkles-loader.gif", &[ALT_EMPTY]),
        ("candy-co-logo.svg", &[ALT_PLACEHOLDER]),
        ("wholesale-price-list-2025.pdf", &[]),
        ("candy-bounce.json", &[]),
        (
            "Screenshot%202025-01-14%20at%2010.41.07%E2%80%AFAM.png",
            &[],
        ),
        ("chocolate-bar-closeup.jpg", &[ALT_MISSING]),
        ("candy-jar-front.jpg", &[ALT_DUPLICATE]),
        ("candy-jar-side.jpg", &[ALT_DUPLICATE]),
        ("candy-jar-top.webp", &[ALT_DUPLICATE]),
        ("peppermint-pattern.png", &[]),
        ("storefront-night.jpg", &[]),
        ("favicon-256.png", &[]),
    ];
    assert_eq!(by_file.len(), expect.len());
    for (file, rules) in expect {
        assert_eq!(by_file[*file], *rules, "{file}");
    }

    let s = &report.summary;
    assert_eq!((s.assets, s.images, s.findings), (18, 16, 10));
    assert_eq!(s.findings, report.findings.len());
    let by_rule: Vec<_> = s.by_rule.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(
        by_rule,
        [
            ("alt-duplicate", 3),
            ("alt-empty", 1),
            ("alt-filename", 1),
            ("alt-keyword-stuffing", 0),
            ("alt-missing", 2),
            ("alt-placeholder", 1),
            ("alt-redundant-prefix", 1),
            ("alt-too-long", 1),
        ]
    );
    assert_eq!(s.by_severity[&Severity::Error], 3);
    assert_eq!(s.by_severity[&Severity::Warning], 7);
    assert_eq!(s.by_severity[&Severity::Info], 0);
    assert_eq!(report.worst(), Some(Severity::Error));

    let too_long = report
        .findings
        .iter()
        .find(|f| f.rule == ALT_TOO_LONG)
        .unwrap();
    assert!(
        too_long.detail.starts_with("279 characters"),
        "{}",
        too_long.detail
    );
    let dup = report
        .findings
        .iter()
        .find(|f| f.rule == ALT_DUPLICATE)
        .unwrap();
    assert_eq!(
        dup.alt_text.as_deref(),
        Some("Assorted candies in a glass jar")
    );

    // missing_severity = error.
    let strict = demo_report(&AuditConfig {
        missing_severity: Severity::Error,
        ..Default::default()
    });
    let missing: Vec<_> = strict
        .findings
        .iter()
        .filter(|f| f.rule == ALT_MISSING)
        .collect();
    assert_eq!(missing.len(), 2);
    assert!(missing.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(strict.summary.by_severity[&Severity::Error], 5);
}

#[test]
fn clean_and_empty_audits() {
    let fine = image("storefront.jpg", "The Candy Co. shop front at night");
    let report = audit::audit([&fine], &AuditConfig::default());
    assert!(report.findings.is_empty());
    assert_eq!(report.worst(), None);
    assert_eq!((report.summary.assets, report.summary.images), (1, 1));
    assert!(report.summary.by_rule.values().all(|&n| n == 0));
    assert_eq!(report.summary.by_rule.len(), RULES.len());

    let none = audit::audit(std::iter::empty::<&Asset>(), &AuditConfig::default());
    assert_eq!(
        (
            none.summary.assets,
            none.summary.images,
            none.summary.findings
        ),
        (0, 0, 0)
    );
}

#[test]
fn report_serialises_to_the_documented_shape() {
    let report = demo_report(&AuditConfig::default());
    let v = serde_json::to_value(&report).unwrap();

    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&v), ["summary", "findings"]);
    assert_eq!(
        keys(&v["summary"]),
        ["assets", "images", "findings", "byRule", "bySeverity"]
    );
    assert_eq!(v["summary"]["assets"], 18);
    assert_eq!(v["summary"]["images"], 16);
    assert_eq!(v["summary"]["findings"], 10);
    assert_eq!(v["summary"]["byRule"]["alt-missing"], 2);
    assert_eq!(v["summary"]["byRule"]["alt-duplicate"], 3);
    assert_eq!(
        v["summary"]["bySeverity"],
        json!({"info": 0, "warning": 7, "error": 3})
    );

    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 10);
    for f in findings {
        assert_eq!(
            keys(f),
            ["assetId", "displayName", "rule", "severity", "altText"]
        );
    }
    let missing = findings
        .iter()
        .find(|f| f["rule"] == "alt-missing")
        .unwrap();
    assert_eq!(
        *missing,
        json!({
            "assetId": "66bca24435ec7f19c092c9a9",
            "displayName": "66bca24435ec7f19c092c9a9_lollipop-assortment.webp",
            "rule": "alt-missing",
            "severity": "warning",
            "altText": null,
        })
    );
    let filename = findings
        .iter()
        .find(|f| f["rule"] == "alt-filename")
        .unwrap();
    assert_eq!(filename["severity"], "error");
    assert_eq!(filename["altText"], "IMG_4821.jpg");
}

// --- what the browser shows for each demo asset keeps its meaning ----------------------------

/// The browser's row marks and Alt text pane run `check_asset` with the default
/// settings: on the demo catalogue it finds exactly these problems.
#[test]
fn browser_findings_are_unchanged_on_the_demo() {
    let catalogue = Catalogue::load().unwrap();
    let config = AuditConfig::default();
    let rules = |a: &Asset| -> Vec<&'static str> {
        audit::check_asset(a, &config)
            .iter()
            .map(|f| f.rule)
            .collect()
    };
    let found: BTreeMap<_, _> = catalogue
        .assets()
        .map(|a| (a.original_file_name.as_str(), rules(a)))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    for (file, rule) in [
        ("IMG_4821.jpg", ALT_FILENAME),
        ("caramel-swirl-hero.jpg", ALT_TOO_LONG),
        ("chocolate-bar-closeup.jpg", ALT_MISSING),
        ("lollipop-assortment.webp", ALT_MISSING),
        ("sprinkles-loader.gif", ALT_EMPTY),
    ] {
        assert!(
            found.get(file).is_some_and(|r| r.contains(&rule)),
            "{file} should have {rule}: {found:?}"
        );
    }
    let long = audit::check_asset(
        catalogue
            .assets()
            .find(|a| a.original_file_name == "caramel-swirl-hero.jpg")
            .unwrap(),
        &config,
    );
    assert!(
        long.iter().any(|f| f.detail.contains("279 characters")),
        "{long:?}"
    );
    assert_eq!(audit::LONG_ALT_CHARS, 125);
    // "logo" is a placeholder, not a file name, even on logo.svg.
    assert!(!rules(&image("logo.svg", "logo")).contains(&ALT_FILENAME));
    assert!(rules(&image("a.jpg", "DSC01234")).contains(&ALT_FILENAME));
}
