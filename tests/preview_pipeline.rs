//! The preview pipeline end to end in-process: the worker plans, downloads over
//! real HTTP (the demo server), decodes off the UI thread and hands back a
//! thumbnail; files are fetched without the API token.

use std::time::Duration;

use ratatui_image::picker::Picker;
use webflow_assets::source::Source;
use webflow_assets::thumbnail::Downloader;
use webflow_assets::tui::app::PreviewContent;
use webflow_assets::tui::msg::{Cmd, Msg};
use webflow_assets::tui::worker::{Event, Previews, Worker};
use webflow_assets::webflow::ObjectId;
use wiremock::matchers::{header_exists, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn preview_of(id: &str) -> PreviewContent {
    let source = Source::demo().await.unwrap();
    let asset = source
        .client
        .get_asset(&ObjectId::parse("asset", id).unwrap(), None)
        .await
        .unwrap()
        .value;
    let previews = Previews::new(
        Picker::halfblocks(),
        Downloader::new(Duration::from_secs(10), 20 << 20, None),
    );
    let (mut worker, mut events) = Worker::new(source.lookup.clone(), 2, None, Some(previews));
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
    match event {
        Event::Msg(Msg::Preview { ticket, content }) => {
            assert_eq!(ticket, 7);
            content
        }
        _ => panic!("expected a preview message"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jpeg_becomes_a_thumbnail() {
    let content = preview_of("65c9e1770f5e44065d2abbfa").await;
    assert!(matches!(content, PreviewContent::Image(_)), "{content:?}");
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
