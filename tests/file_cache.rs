//! The file store (downloaded preview files) on a real file system, and the
//! preview downloader in front of it under each cache mode, against wiremock:
//! round trips, damaged entries, the size cap and eviction, `--offline`
//! (answers from the store, sends nothing) and `--no-cache` (neither reads
//! nor writes).

mod common {
    pub mod files;
}
use common::files::files_under;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tempfile::TempDir;
use webflow_assets::config::{Network, PreviewChoice, Settings};
use webflow_assets::source::Source;
use webflow_assets::source::lookup::{CacheMode, FileCache};
use webflow_assets::store::files::{DEFAULT_MAX_BYTES, FileStore};
use webflow_assets::store::key::hex_key;
use webflow_assets::thumbnail::{Downloader, ThumbError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const URL: &str = "https://cdn.test/63e5889e7fe4eafa7384cea4_a-p-500.png";

/// A fresh store under `<tempdir>/files`, so tests can check nothing is
/// written beside the root.
fn new_store(max_bytes: u64) -> (TempDir, Arc<FileStore>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(FileStore::new(dir.path().join("files"), max_bytes));
    (dir, store)
}

fn bytes_on_disk(root: &Path) -> u64 {
    files_under(root)
        .iter()
        .map(|p| fs::metadata(p).unwrap().len())
        .sum()
}

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn a_stored_file_round_trips_under_a_hash_of_its_url() {
    assert_send_sync::<FileStore>();
    let (dir, store) = new_store(DEFAULT_MAX_BYTES);
    assert_eq!(store.get(URL), None);
    store.put(URL, b"\x89PNG the bytes").unwrap();
    assert_eq!(store.get(URL).as_deref(), Some(&b"\x89PNG the bytes"[..]));
    // The documented layout: `<root>/<16 hex digits of the URL's hash>`, and
    // nothing outside the root.
    assert_eq!(
        files_under(dir.path()),
        [store.root().join(hex_key(URL.as_bytes()))]
    );
    // Another URL is another entry; an empty file is a file too.
    let other = "https://cdn.test/other.png";
    assert_eq!(store.get(other), None);
    store.put(other, b"").unwrap();
    assert_eq!(store.get(other), Some(Vec::new()));
    // Replacing keeps one entry.
    store.put(URL, b"new").unwrap();
    assert_eq!(store.get(URL).as_deref(), Some(&b"new"[..]));
    assert_eq!(files_under(store.root()).len(), 2);
}

#[test]
fn damaged_entries_are_misses_and_deleted() {
    let (_dir, store) = new_store(DEFAULT_MAX_BYTES);
    let entry = store.root().join(hex_key(URL.as_bytes()));
    fs::create_dir_all(store.root()).unwrap();
    for (label, content) in [
        ("empty", &b""[..]),
        ("raw bytes without the header", b"\x89PNG"),
        (
            "another format version",
            b"wfa-file 2\nhttps://cdn.test/a.png\nx",
        ),
        ("the header cut short", b"wfa-file 1\nhttps://cdn.te"),
    ] {
        fs::write(&entry, content).unwrap();
        assert_eq!(store.get(URL), None, "{label}");
        assert!(!entry.exists(), "{label}: the damaged entry is deleted");
    }
    // An entry for another URL with the same hash is not this file's, but
    // is a good entry: a miss, left for its own URL.
    fs::write(
        &entry,
        b"wfa-file 1\nhttps://cdn.test/someone-else.png\nxyz",
    )
    .unwrap();
    assert_eq!(store.get(URL), None);
    assert!(entry.exists());
    assert_eq!(
        store.get("https://cdn.test/someone-else.png"),
        None,
        "its own key is elsewhere"
    );
    // And a put replaces it.
    store.put(URL, b"mine").unwrap();
    assert_eq!(store.get(URL).as_deref(), Some(&b"mine"[..]));
}

#[test]
fn files_over_the_cap_are_not_kept() {
    let (_dir, store) = new_store(1000);
    let err = store.put(URL, &[0; 1001]).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge, "{err}");
    assert!(files_under(store.root()).is_empty());
    assert_eq!(store.get(URL), None);
    // A URL with a line break cannot be an entry's header.
    assert!(store.put("https://cdn.test/a\nb", b"x").is_err());
}

#[test]
fn eviction_keeps_the_total_under_the_cap_and_the_newest_files() {
    const CAP: u64 = 20_000;
    let (_dir, store) = new_store(CAP);
    let url = |i: usize| format!("https://cdn.test/file-{i}.png");
    for i in 0..60 {
        store.put(&url(i), &[i as u8; 1000]).unwrap();
        assert!(
            bytes_on_disk(store.root()) <= CAP,
            "after put {i}: {} bytes",
            bytes_on_disk(store.root())
        );
        // The file just written is never evicted by its own put.
        assert!(store.get(&url(i)).is_some(), "put {i} kept");
    }
    // Oldest first: the newest files are all there, the first ones are gone.
    for i in 50..60 {
        assert_eq!(store.get(&url(i)), Some(vec![i as u8; 1000]), "file {i}");
    }
    for i in 0..10 {
        assert_eq!(store.get(&url(i)), None, "file {i} was evicted");
    }

    // A second instance (another run) counts what the first left.
    let again = FileStore::new(store.root(), CAP);
    for i in 100..110 {
        again.put(&url(i), &[1; 1000]).unwrap();
    }
    assert!(bytes_on_disk(store.root()) <= CAP);
}

#[test]
fn clear_removes_the_files_it_wrote_and_nothing_else() {
    let (_dir, store) = new_store(DEFAULT_MAX_BYTES);
    store.put(URL, b"x").unwrap();
    let stranger = store.root().join("notes.txt");
    fs::write(&stranger, b"mine").unwrap();
    store.clear().unwrap();
    assert!(stranger.is_file());
    assert_eq!(store.get(URL), None);
    store.put(URL, b"y").unwrap();
    assert_eq!(store.get(URL).as_deref(), Some(&b"y"[..]));
    FileStore::new(store.root().join("never-made"), 1)
        .clear()
        .unwrap();
}

/// A file host that serves `body` at `/a-p-500.png`, expecting `downloads`
/// requests in all (checked when the server is dropped).
async fn file_host(body: &[u8], downloads: u64) -> (MockServer, String) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/a-p-500.png"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(body.to_vec()))
        .expect(downloads)
        .mount(&server)
        .await;
    let url = format!("{}/a-p-500.png", server.uri());
    (server, url)
}

fn downloader(store: &Arc<FileStore>, mode: CacheMode) -> Downloader {
    Downloader::new(
        Duration::from_secs(5),
        1 << 20,
        Some(FileCache::new(Some(store.clone()), mode)),
    )
}

#[tokio::test]
async fn normal_mode_downloads_once_then_answers_from_the_store() {
    let (server, url) = file_host(b"the file", 1).await;
    let (_dir, store) = new_store(DEFAULT_MAX_BYTES);
    let normal = downloader(&store, CacheMode::Normal);
    assert_eq!(normal.fetch(&url).await.unwrap(), b"the file");
    assert_eq!(store.get(&url).as_deref(), Some(&b"the file"[..]));
    assert_eq!(normal.fetch(&url).await.unwrap(), b"the file");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn offline_answers_from_the_store_and_never_downloads() {
    let (server, url) = file_host(b"never sent", 0).await;
    let (_dir, store) = new_store(DEFAULT_MAX_BYTES);
    let offline = downloader(&store, CacheMode::Offline);

    // A miss is a clear preview message, and nothing is sent.
    let err = offline.fetch(&url).await.unwrap_err();
    assert_eq!(err, ThumbError::NotCached);
    let message = err.to_string();
    assert!(
        message.starts_with("not in the cache (offline)") && message.contains("--offline"),
        "{message}"
    );
    // A hit is the stored file.
    store.put(&url, b"stored earlier").unwrap();
    assert_eq!(offline.fetch(&url).await.unwrap(), b"stored earlier");
    // Without a store at all (no home directory) every file is a miss.
    let storeless = Downloader::new(
        Duration::from_secs(5),
        1 << 20,
        Some(FileCache::new(None, CacheMode::Offline)),
    );
    assert_eq!(
        storeless.fetch(&url).await.unwrap_err(),
        ThumbError::NotCached
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

#[tokio::test]
async fn no_cache_neither_reads_nor_writes_the_store() {
    let (server, url) = file_host(b"from the network", 3).await;
    let (_dir, store) = new_store(DEFAULT_MAX_BYTES);
    store.put(&url, b"stale copy").unwrap();
    let bypass = downloader(&store, CacheMode::Bypass);
    assert_eq!(bypass.fetch(&url).await.unwrap(), b"from the network");
    assert_eq!(bypass.fetch(&url).await.unwrap(), b"from the network");
    // The store was not written either.
    assert_eq!(store.get(&url).as_deref(), Some(&b"stale copy"[..]));
    store.clear().unwrap();
    assert_eq!(bypass.fetch(&url).await.unwrap(), b"from the network");
    assert!(files_under(store.root()).is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_refused_download_is_not_stored() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/missing.png"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/big.png"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![0; 4096]))
        .mount(&server)
        .await;
    let (_dir, store) = new_store(DEFAULT_MAX_BYTES);
    let small = Downloader::new(
        Duration::from_secs(5),
        1024,
        Some(FileCache::new(Some(store.clone()), CacheMode::Normal)),
    );
    let missing = format!("{}/missing.png", server.uri());
    assert_eq!(
        small.fetch(&missing).await.unwrap_err(),
        ThumbError::Status(404)
    );
    let big = format!("{}/big.png", server.uri());
    assert_eq!(
        small.fetch(&big).await.unwrap_err(),
        ThumbError::TooLarge(1024)
    );
    assert!(files_under(store.root()).is_empty());
}

/// The browser's wiring: an `--offline` source hands the downloader a file
/// cache in offline mode, so a preview that is not stored sends nothing. (It
/// only reads the store under this machine's cache directory.)
#[tokio::test]
async fn an_offline_source_sends_no_file_download() {
    let (server, url) = file_host(b"never sent", 0).await;
    let settings = Settings {
        api_base: format!("{}/v2", server.uri()),
        token: None,
        locale: None,
        locale_tag: None,
        config_path: PathBuf::from("/nonexistent/config.toml"),
        demo: false,
        cache_mode: CacheMode::Offline,
        preview: PreviewChoice::default(),
        mouse: false,
        keys: Default::default(),
        network: Network::default(),
        audit: Default::default(),
        warnings: Vec::new(),
    };
    let source = Source::connect(&settings, false).await.unwrap();
    let files = source
        .files
        .clone()
        .expect("a live source has a file cache");
    assert!(files.is_offline());
    let downloader = Downloader::new(Duration::from_secs(5), 1 << 20, Some(files));
    // The wiremock URL has a fresh port: never stored.
    assert_eq!(
        downloader.fetch(&url).await.unwrap_err(),
        ThumbError::NotCached
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 0);

    // Demo mode keeps no files: its URLs change with every run.
    assert!(Source::demo().await.unwrap().files.is_none());
}
