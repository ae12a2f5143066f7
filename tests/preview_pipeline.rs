//! The preview pipeline end to end in-process: the worker plans, downloads over
//! real HTTP (the demo server), decodes off the UI thread and hands back a
//! thumbnail; files are fetched without the API token.

use std::time::Duration;

use webflow_assets::config::PreviewMode;
use webflow_assets::source::Source;
use webflow_assets::thumbnail::Downloader;
use webflow_assets::tui::graphics::Hints;
use webflow_assets::tui::input::Awaiting;
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::tui::preview_content::PreviewContent;
use webflow_assets::tui::worker::{Previews, Worker};
use webflow_assets::webflow::{Asset, AssetId};
use wiremock::matchers::{header_exists, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn demo_asset(source: &Source, id: &str) -> Asset {
    source
        .client
        .get_asset(&AssetId::parse(id).unwrap(), None)
        .await
        .unwrap()
        .value
}

async fn preview_of(id: &str) -> PreviewContent {
    let source = Source::demo().await.unwrap();
    let asset = demo_asset(&source, id).await;
    preview(&source, asset).await
}

/// What the worker shows for `asset` in a 40×20-cell pane.
async fn preview(source: &Source, asset: Asset) -> PreviewContent {
    let previews = Previews::new(
        PreviewMode::Halfblocks,
        Hints::from_env(|_| None, None),
        Awaiting::default(),
        Downloader::new(Duration::from_secs(10), 20 << 20, None),
        None,
    );
    let (mut worker, mut events) = Worker::new(source.lookup.clone(), 2, None, Some(previews));
    // Graphics are settled first (half blocks: nothing to ask the terminal).
    worker.run(Cmd::DetectGraphics, &mut std::io::sink());
    let ready = tokio::time::timeout(Duration::from_secs(20), events.recv())
        .await
        .expect("the picker is built")
        .unwrap();
    let told = worker.handle(ready, &mut std::io::sink());
    assert!(
        matches!(
            told.as_slice(),
            [Msg::Graphics {
                protocol: "halfblocks",
                pixels: false
            }]
        ),
        "{told:?}"
    );
    worker.run(
        Cmd::Preview {
            ticket: 7,
            asset: Box::new(asset),
            cells: (40, 20),
        },
        &mut std::io::sink(),
    );
    let event = tokio::time::timeout(Duration::from_secs(20), events.recv())
        .await
        .expect("a preview arrives")
        .unwrap();
    match worker.handle(event, &mut std::io::sink()).as_slice() {
        [Msg::Preview { ticket, content }] => {
            assert_eq!(*ticket, 7);
            content.clone()
        }
        other => panic!("expected a preview message: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jpeg_becomes_a_thumbnail() {
    let content = preview_of("65c9e1770f5e44065d2abbfa").await;
    assert!(matches!(content, PreviewContent::Image(_)), "{content:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_svg_becomes_a_thumbnail() {
    // The demo's candy-co-logo.svg, rasterised by resvg.
    let content = preview_of("65a9474312a262af23b39f62").await;
    assert!(matches!(content, PreviewContent::Image(_)), "{content:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_svg_is_refused_with_a_reason() {
    // One pattern asking for a 400,000-pixel-square tile: drawn as asked, the
    // allocation would abort wfa.
    let files = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><pattern id="p" patternUnits="userSpaceOnUse" width="100000" height="100000"><rect width="10" height="10"/></pattern><rect width="100" height="100" fill="url(#p)"/></svg>"#,
        ))
        .mount(&files)
        .await;
    let source = Source::demo().await.unwrap();
    let mut asset = demo_asset(&source, "65a9474312a262af23b39f62").await;
    asset.hosted_url = format!("{}/bomb.svg", files.uri());
    let content = preview(&source, asset).await;
    let PreviewContent::Failed(error) = content else {
        panic!("{content:?}")
    };
    let message = error.to_string();
    assert!(message.contains("too large to decode safely"), "{message}");
    assert!(
        message.contains("open it in the browser instead"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_get_a_label() {
    let content = preview_of("674d771cbc5f57a31022fd81").await;
    let PreviewContent::Text(text) = content else {
        panic!("{content:?}")
    };
    assert!(text.contains("application/pdf"), "{text}");
}

#[tokio::test]
async fn file_downloads_carry_no_authorization_header() {
    let files = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header_exists("authorization"))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&files)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"file".to_vec()))
        .mount(&files)
        .await;
    let downloader = Downloader::new(Duration::from_secs(5), 1024, None);
    let bytes = downloader
        .fetch(&format!("{}/a-p-500.png", files.uri()))
        .await
        .unwrap();
    assert_eq!(bytes, b"file");
    let requests = files.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert!(requests[0].headers.get("authorization").is_none());
    // A file over the cap is refused.
    let big = Downloader::new(Duration::from_secs(5), 2, None);
    assert!(
        big.fetch(&format!("{}/big.png", files.uri()))
            .await
            .is_err()
    );
}
