//! The browser's writer over real HTTP (a stateful mock site on loopback):
//! a plan run stops on its own `x` (`Writer::stop_run`) before its next
//! asset — the write in flight is answered, not cut off, the rest is never
//! sent, and the browser keeps running.

mod common {
    pub mod mock_site;
    pub mod webflow;
}

use std::sync::{Arc, mpsc};
use std::time::Duration;

use common::mock_site::{Kind, MockSite, PatchMode, asset_id};
use webflow_assets::changes::Wanted;
use webflow_assets::edit;
use webflow_assets::source::lookup::{CacheMode, Lookup};
use webflow_assets::tui::msg::Msg;
use webflow_assets::tui::writer::{WriteSetup, Writer};
use webflow_assets::webflow::{AssetId, Client, ClientConfig, Token};

fn next(rx: &mpsc::Receiver<Msg>, what: &str) -> Msg {
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("no {what} came"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_stops_a_running_plan_before_its_next_asset() {
    let site = MockSite::with(5, |i| Some(format!("old {i}")));
    let server = site.serve().await;
    site.set_patch_mode(PatchMode::Slow(Duration::from_millis(400)));
    let client = Client::new(ClientConfig::new(
        format!("{}/v2", server.uri()),
        Token::new(common::webflow::TOKEN),
    ))
    .unwrap();
    let lookup = Lookup::new(client, None, CacheMode::Bypass);
    let journals = tempfile::tempdir().unwrap();
    let setup = WriteSetup {
        journal_dir: Some(journals.path().to_path_buf()),
        ..WriteSetup::default()
    };
    let (tx, rx) = mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    let writer = Writer::new(
        lookup,
        setup,
        Arc::new(move |msg| {
            let _ = tx.lock().unwrap().send(msg);
        }),
    );
    let wanted: Vec<Wanted> = (0..5)
        .map(|i| {
            let mut w = Wanted::new(AssetId::parse(&asset_id(i)).unwrap(), None, "a test");
            w.alt_text = Some(edit::alt_text(&format!("new {i}"), false).unwrap());
            w
        })
        .collect();
    writer.make_plan(1, wanted);
    assert!(matches!(next(&rx, "plan"), Msg::Planned { ticket: 1, .. }));

    writer.apply(1);
    assert!(matches!(
        next(&rx, "first answer"),
        Msg::Applied { ticket: 1, .. }
    ));
    // Asked while the second write is out: it is answered, then the run stops.
    tokio::time::sleep(Duration::from_millis(100)).await;
    writer.stop_run(1);
    let mut answered = 1;
    let summary = loop {
        match next(&rx, "the end of the run") {
            Msg::ApplyDone { ticket: 1, summary } => break summary,
            Msg::Applied { .. } => answered += 1,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert!(summary.not_sent >= 1, "{summary:?}");
    assert!(summary.stopped.is_some(), "{summary:?}");
    assert_eq!(summary.done + summary.not_sent, 5, "{summary:?}");
    // Nothing was cut off: every PATCH sent was answered and counted.
    assert_eq!(
        site.count(Kind::Patch),
        summary.done,
        "{:?}",
        site.patches()
    );
    assert_eq!(answered, summary.done);
    assert!(
        summary.done >= 2,
        "the write in flight finished: {summary:?}"
    );
}
