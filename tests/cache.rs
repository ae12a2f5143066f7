//! The on-disk asset cache on a real file system: round trips, keys, every kind
//! of damaged entry, concurrent writers, eviction, hostile host labels, clear.

mod common {
    pub mod files;
}
use common::files::files_under;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

use chrono::Utc;
use serde_json::{Value, json};
use tempfile::TempDir;
use webflow_assets::store::cache::{Cache, CachedAsset, DEFAULT_MAX_BYTES};
use webflow_assets::store::demo::Catalogue;
use webflow_assets::webflow::{Asset, AssetId, LocaleId};

const HOST: &str = "api.webflow.com";
const LOCALE: &str = "65427cf400e02b306eaa04a0";

fn oid(s: &str) -> AssetId {
    AssetId::parse(s).unwrap()
}

fn catalogue() -> Catalogue {
    Catalogue::load().unwrap()
}

/// A fresh cache under `<tempdir>/root`, so tests can check nothing is written
/// beside the root.
fn new_cache(max_bytes: u64) -> (TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("root"), max_bytes);
    (dir, cache)
}

/// The first demo asset: its ID and raw body.
fn sample() -> (AssetId, Value) {
    let cat = catalogue();
    let id = cat.ids().next().unwrap().to_string();
    (oid(&id), cat.raw(&id).unwrap().clone())
}

/// A demo asset's body under another ID.
fn with_id(raw: &Value, id: &AssetId) -> Value {
    let mut raw = raw.clone();
    raw["id"] = Value::String(id.to_string());
    raw
}

/// The documented layout: `<root>/<host dir>/<locale or "default">/<id>.json`.
fn entry_path(cache: &Cache, host_dir: &str, locale: Option<&str>, id: &AssetId) -> PathBuf {
    cache
        .root()
        .join(host_dir)
        .join(locale.unwrap_or("default"))
        .join(format!("{id}.json"))
}

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn cache_is_send_and_sync() {
    assert_send_sync::<Cache>();
    assert_send_sync::<CachedAsset>();
}

#[test]
fn put_then_get_round_trips_every_demo_asset() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let cat = catalogue();
    let before = Utc::now();
    for raw in cat.raw_all() {
        let id = oid(raw["id"].as_str().unwrap());
        cache.put(HOST, None, &id, raw).unwrap();
    }
    let after = Utc::now();
    for (raw, asset) in cat.raw_all().zip(cat.assets()) {
        let id = oid(&asset.id);
        let got = cache.get(HOST, None, &id).expect("cached");
        assert_eq!(&got.raw, raw, "raw JSON comes back exactly");
        // Key order too (serde_json's preserve_order), not just equality.
        assert_eq!(
            serde_json::to_string(&got.raw).unwrap(),
            serde_json::to_string(raw).unwrap()
        );
        assert_eq!(&got.asset, asset);
        assert!(
            before <= got.fetched_at && got.fetched_at <= after,
            "{before} <= {} <= {after}",
            got.fetched_at
        );
    }
}

#[test]
fn entries_follow_the_documented_layout() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let locale = LocaleId::parse(LOCALE).unwrap();
    cache.put(HOST, None, &id, &raw).unwrap();
    cache.put(HOST, Some(&locale), &id, &raw).unwrap();
    let plain = entry_path(&cache, HOST, None, &id);
    let localised = entry_path(&cache, HOST, Some(LOCALE), &id);
    assert!(plain.is_file(), "{}", plain.display());
    assert!(localised.is_file(), "{}", localised.display());
    let envelope: Value = serde_json::from_slice(&fs::read(&plain).unwrap()).unwrap();
    assert_eq!(envelope["version"], 1);
    assert_eq!(envelope["asset"], raw);
    assert!(envelope["fetchedAt"].is_string());
}

#[test]
fn keys_are_distinct_by_host_locale_and_id() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let cat = catalogue();
    let mut ids = cat.ids();
    let a = oid(ids.next().unwrap());
    let b = oid(ids.next().unwrap());
    let raw_a = cat.raw(a.as_str()).unwrap().clone();
    let raw_b = cat.raw(b.as_str()).unwrap().clone();
    let locale = LocaleId::parse(LOCALE).unwrap();
    let tagged = |tag: &str| {
        let mut v = raw_a.clone();
        v["altText"] = Value::String(tag.into());
        v
    };

    cache.put(HOST, None, &a, &tagged("live default")).unwrap();
    cache
        .put(HOST, Some(&locale), &a, &tagged("live locale"))
        .unwrap();
    cache
        .put("127.0.0.1:8080", None, &a, &tagged("demo default"))
        .unwrap();
    cache.put(HOST, None, &b, &raw_b).unwrap();

    let alt = |host: &str, locale: Option<&LocaleId>, id: &AssetId| {
        cache
            .get(host, locale, id)
            .map(|c| c.asset.alt_text.unwrap())
    };
    assert_eq!(alt(HOST, None, &a).as_deref(), Some("live default"));
    assert_eq!(alt(HOST, Some(&locale), &a).as_deref(), Some("live locale"));
    assert_eq!(
        alt("127.0.0.1:8080", None, &a).as_deref(),
        Some("demo default")
    );
    assert_eq!(cache.get(HOST, None, &b).unwrap().raw, raw_b);
    // Misses on every axis.
    assert!(cache.get(HOST, Some(&locale), &b).is_none());
    assert!(cache.get("127.0.0.1:8080", None, &b).is_none());
    assert!(cache.get("127.0.0.1:9090", None, &a).is_none());
    assert!(
        cache
            .get(HOST, Some(&LocaleId::parse(&"1".repeat(24)).unwrap()), &a)
            .is_none()
    );
}

#[test]
fn put_refuses_bodies_that_get_would_reject() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let other = oid(&"ab".repeat(12));
    let e = cache.put(HOST, None, &other, &raw).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}");
    let e = cache
        .put(HOST, None, &id, &json!({"id": id.as_str()}))
        .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}");
    assert!(files_under(cache.root()).is_empty());
}

#[test]
fn an_entry_bigger_than_the_cap_is_refused() {
    let (_dir, cache) = new_cache(512);
    let (id, raw) = sample();
    let e = cache.put(HOST, None, &id, &raw).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge, "{e}");
    assert!(files_under(cache.root()).is_empty());
}

/// Writes `content` where the entry for `id` lives, then checks that `get`
/// misses without panicking, that the bad file is gone, and that a put after
/// it works.
fn check_bad_entry(label: &str, content: &[u8]) {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let path = entry_path(&cache, HOST, None, &id);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, content).unwrap();

    assert!(cache.get(HOST, None, &id).is_none(), "{label}: a miss");
    assert!(!path.exists(), "{label}: the bad entry is deleted");
    assert!(
        cache.get(HOST, None, &id).is_none(),
        "{label}: still a miss"
    );

    cache.put(HOST, None, &id, &raw).unwrap();
    assert_eq!(
        cache.get(HOST, None, &id).map(|c| c.raw),
        Some(raw),
        "{label}: put after it works"
    );
}

/// A valid entry for the sample asset, as `put` writes it.
fn valid_entry_bytes() -> Vec<u8> {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    cache.put(HOST, None, &id, &raw).unwrap();
    fs::read(entry_path(&cache, HOST, None, &id)).unwrap()
}

#[test]
fn garbage_bytes_are_a_miss_and_deleted() {
    check_bad_entry("garbage", b"\x00\xff\xfe not json at all \x1b[2J\x80");
    check_bad_entry(
        "invalid utf-8 in a string",
        b"{\"version\":1,\"x\":\"\xff\"}",
    );
}

#[test]
fn an_empty_file_is_a_miss_and_deleted() {
    check_bad_entry("empty", b"");
}

#[test]
fn a_truncated_entry_is_a_miss_and_deleted() {
    let valid = valid_entry_bytes();
    check_bad_entry("first half", &valid[..valid.len() / 2]);
    check_bad_entry("all but the last byte", &valid[..valid.len() - 1]);
}

#[test]
fn json_that_is_not_an_entry_or_not_an_asset_is_a_miss_and_deleted() {
    let (id, raw) = sample();
    let now = Utc::now().to_rfc3339();
    for (label, value) in [
        ("array", json!([1, 2, 3])),
        ("null", Value::Null),
        ("bare asset, no envelope", raw.clone()),
        (
            "asset is not an asset",
            json!({"version": 1, "fetchedAt": now, "asset": {"hello": "world"}}),
        ),
        (
            "asset is a string",
            json!({"version": 1, "fetchedAt": now, "asset": "x"}),
        ),
        ("asset missing", json!({"version": 1, "fetchedAt": now})),
        (
            "fetchedAt not a date",
            json!({"version": 1, "fetchedAt": "yesterday", "asset": raw}),
        ),
        (
            "version as a string",
            json!({"version": "1", "fetchedAt": now, "asset": raw}),
        ),
        (
            "id is a number",
            json!({"version": 1, "fetchedAt": now, "asset": with_id_value(&raw, json!(7))}),
        ),
    ] {
        check_bad_entry(label, &serde_json::to_vec(&value).unwrap());
    }
    // Deep nesting hits serde_json's recursion limit, not the stack.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    check_bad_entry("deeply nested", deep.as_bytes());
    let _ = id;
}

fn with_id_value(raw: &Value, id: Value) -> Value {
    let mut raw = raw.clone();
    raw["id"] = id;
    raw
}

#[test]
fn another_format_version_is_a_miss_and_deleted() {
    let valid: Value = serde_json::from_slice(&valid_entry_bytes()).unwrap();
    for version in [json!(0), json!(2), json!(u64::MAX), json!(-1), json!(1.5)] {
        let mut entry = valid.clone();
        entry["version"] = version.clone();
        check_bad_entry(
            &format!("version {version}"),
            &serde_json::to_vec(&entry).unwrap(),
        );
    }
}

#[test]
fn an_entry_for_another_asset_is_a_miss_and_deleted() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let other = oid(&"ab".repeat(12));
    cache.put(HOST, None, &id, &raw).unwrap();
    let good = entry_path(&cache, HOST, None, &id);
    let misplaced = entry_path(&cache, HOST, None, &other);
    fs::copy(&good, &misplaced).unwrap();

    assert!(cache.get(HOST, None, &other).is_none());
    assert!(!misplaced.exists());
    // The right one is untouched.
    assert_eq!(cache.get(HOST, None, &id).map(|c| c.raw), Some(raw.clone()));

    let raw_other = with_id(&raw, &other);
    cache.put(HOST, None, &other, &raw_other).unwrap();
    assert_eq!(
        cache.get(HOST, None, &other).map(|c| c.raw),
        Some(raw_other)
    );
}

#[test]
fn an_oversized_file_is_a_miss_and_deleted() {
    // Valid JSON, but far bigger than any asset: not read in full.
    let mut big = valid_entry_bytes();
    big.truncate(big.len() - 1);
    big.extend(std::iter::repeat_n(b' ', 5 * 1024 * 1024));
    big.push(b'}');
    check_bad_entry("5 MiB", &big);
}

#[test]
fn a_directory_where_the_entry_should_be_is_a_miss_then_replaced() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let path = entry_path(&cache, HOST, None, &id);
    fs::create_dir_all(&path).unwrap();

    assert!(cache.get(HOST, None, &id).is_none());
    cache.put(HOST, None, &id, &raw).unwrap();
    assert!(path.is_file());
    assert_eq!(cache.get(HOST, None, &id).map(|c| c.raw), Some(raw));

    // Straight to put, without a get first.
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    fs::create_dir_all(entry_path(&cache, HOST, None, &id)).unwrap();
    cache.put(HOST, None, &id, &raw).unwrap();
    assert_eq!(cache.get(HOST, None, &id).map(|c| c.raw), Some(raw));
}

#[test]
fn a_non_empty_directory_in_the_way_is_left_alone() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let path = entry_path(&cache, HOST, None, &id);
    fs::create_dir_all(&path).unwrap();
    fs::write(path.join("keep.txt"), b"not ours").unwrap();

    assert!(cache.get(HOST, None, &id).is_none());
    assert!(cache.put(HOST, None, &id, &raw).is_err());
    assert!(path.join("keep.txt").is_file());
    // And the failed put left no temp file behind.
    let leftovers: Vec<_> = files_under(cache.root())
        .into_iter()
        .filter(|p| !p.ends_with("keep.txt"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn an_unreadable_entry_is_a_miss_but_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    cache.put(HOST, None, &id, &raw).unwrap();
    let path = entry_path(&cache, HOST, None, &id);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // Running as root: permissions do not apply, nothing to test.
        return;
    }
    assert!(cache.get(HOST, None, &id).is_none());
    assert!(path.exists(), "unreadable is not corrupt");
}

#[test]
fn concurrent_writers_never_expose_a_torn_entry() {
    const WRITERS: usize = 8;
    const PUTS: usize = 50;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    let shared = Arc::new(Cache::new(&root, DEFAULT_MAX_BYTES));
    let (id, raw) = sample();

    // Every body differs, and they are padded so a torn write would be likely
    // to show; each body carries its own checksum-like tag in two places.
    let body = |w: usize, i: usize| {
        let mut v = raw.clone();
        let tag = format!("writer {w} put {i}");
        v["altText"] = Value::String(tag.clone());
        v["displayName"] = Value::String(format!("{tag} {}", "x".repeat(4000 + 97 * w + i)));
        v
    };
    let bodies: Arc<HashSet<String>> = Arc::new(
        (0..WRITERS)
            .flat_map(|w| (0..PUTS).map(move |i| (w, i)))
            .map(|(w, i)| serde_json::to_string(&body(w, i)).unwrap())
            .collect(),
    );
    assert_eq!(bodies.len(), WRITERS * PUTS);

    let done = Arc::new(AtomicBool::new(false));
    let start = Arc::new(Barrier::new(WRITERS + 1));
    let reader = {
        let (cache, id, bodies, done, start) = (
            Arc::clone(&shared),
            id.clone(),
            Arc::clone(&bodies),
            Arc::clone(&done),
            Arc::clone(&start),
        );
        thread::spawn(move || {
            start.wait();
            // A miss after the first hit means get saw a partial file (and
            // rejected it): the write was not atomic, even though no torn body
            // was ever returned.
            let (mut hits, mut misses, mut misses_after_hit) = (0usize, 0usize, 0usize);
            while !done.load(Ordering::Acquire) {
                match cache.get(HOST, None, &id) {
                    Some(got) => {
                        let text = serde_json::to_string(&got.raw).unwrap();
                        assert!(bodies.contains(&text), "a torn or foreign body");
                        let parsed: Asset = serde_json::from_value(got.raw.clone()).unwrap();
                        assert_eq!(parsed, got.asset);
                        hits += 1;
                    }
                    None if hits > 0 => misses_after_hit += 1,
                    None => misses += 1,
                }
            }
            (hits, misses, misses_after_hit)
        })
    };
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            // Half share one instance (threads of one process), half have
            // their own (as separate processes would).
            let cache = if w % 2 == 0 {
                Arc::clone(&shared)
            } else {
                Arc::new(Cache::new(&root, DEFAULT_MAX_BYTES))
            };
            let (id, start) = (id.clone(), Arc::clone(&start));
            let mine: Vec<Value> = (0..PUTS).map(|i| body(w, i)).collect();
            thread::spawn(move || {
                for (i, v) in mine.iter().enumerate() {
                    if i == 0 {
                        start.wait();
                    }
                    cache.put(HOST, None, &id, v).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    done.store(true, Ordering::Release);
    let (hits, misses, misses_after_hit) = reader.join().unwrap();
    eprintln!("reader: {hits} hits, {misses} misses before the first, {misses_after_hit} after");
    // On Unix a rename swaps the entry in one step, so once the key exists
    // every read finds a complete entry. (Windows may refuse a read or a rename
    // while the other is in progress: a miss there, never a torn read.)
    if cfg!(unix) {
        assert_eq!(misses_after_hit, 0, "a reader saw a partial entry");
    }

    let last = shared.get(HOST, None, &id).expect("final entry is valid");
    assert!(bodies.contains(&serde_json::to_string(&last.raw).unwrap()));
    let files = files_under(&root);
    assert_eq!(
        files,
        vec![entry_path(&shared, HOST, None, &id)],
        "one entry and no temp files left"
    );
}

/// Bytes of all files under the root (entries are the only files left).
fn bytes_on_disk(root: &Path) -> u64 {
    files_under(root)
        .iter()
        .map(|p| fs::metadata(p).unwrap().len())
        .sum()
}

#[test]
fn eviction_keeps_the_total_under_the_cap_and_the_newest_entries() {
    const MAX: u64 = 20 * 1024;
    let (_dir, cache) = new_cache(MAX);
    let (_, raw) = sample();
    // Written in an order unrelated to their names (37 generates 1..=100 mod
    // 101), so keeping the newest cannot be an accident of path order.
    let ids: Vec<AssetId> = (1..=100u64)
        .map(|i| oid(&format!("{:024x}", i * 37 % 101)))
        .collect();
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 100);
    let mut entry_len = 0;
    for (n, id) in ids.iter().enumerate() {
        cache.put(HOST, None, id, &with_id(&raw, id)).unwrap();
        entry_len = fs::metadata(entry_path(&cache, HOST, None, id))
            .unwrap()
            .len();
        let total = bytes_on_disk(cache.root());
        // No slack: once put returns the entries fit under the cap.
        assert!(total <= MAX, "after put {n}: {total} > {MAX}");
    }
    assert!(
        (900..2000).contains(&entry_len),
        "~1 KiB entries: {entry_len}"
    );
    // Eviction goes down to 7/8 of the cap, so at least that much minus one
    // entry stays; the newest entries are the ones kept.
    let kept: Vec<_> = ids
        .iter()
        .filter(|id| cache.get(HOST, None, id).is_some())
        .collect();
    let expected_min = ((MAX - MAX / 8) / entry_len - 1) as usize;
    assert!(
        kept.len() >= expected_min,
        "{} < {expected_min}",
        kept.len()
    );
    let newest: Vec<_> = ids[ids.len() - kept.len()..].iter().collect();
    assert_eq!(kept, newest, "exactly the most recently written are kept");
}

#[test]
fn eviction_counts_entries_left_by_an_earlier_run() {
    const MAX: u64 = 20 * 1024;
    let (dir, first) = new_cache(MAX);
    let (_, raw) = sample();
    let ids: Vec<AssetId> = (1..=15).map(|i| oid(&format!("{i:024x}"))).collect();
    for id in &ids {
        first.put(HOST, None, id, &with_id(&raw, id)).unwrap();
    }
    drop(first);
    // A new instance (a new run of wfa) starts with one scan, then tracks.
    let second = Cache::new(dir.path().join("root"), MAX);
    for i in 100..110 {
        let id = oid(&format!("{i:024x}"));
        second.put(HOST, None, &id, &with_id(&raw, &id)).unwrap();
        let total = bytes_on_disk(second.root());
        assert!(total <= MAX, "{total} > {MAX}");
    }
    assert!(second.get(HOST, None, &ids[0]).is_none(), "oldest evicted");
}

/// Rewriting one key adds nothing to the cache, so it must never evict another
/// entry, however the running estimate drifts: eviction measures the tree
/// before deleting anything.
#[test]
fn rewriting_one_key_never_evicts_other_entries() {
    const MAX: u64 = 20 * 1024;
    let (_dir, cache) = new_cache(MAX);
    let (id, raw) = sample();
    let keep = oid(&"cd".repeat(12));
    cache.put(HOST, None, &keep, &with_id(&raw, &keep)).unwrap();
    for _ in 0..200 {
        cache.put(HOST, None, &id, &raw).unwrap();
    }
    assert!(cache.get(HOST, None, &keep).is_some());
}

#[test]
fn hostile_hosts_never_escape_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("nest").join("root");
    let cache = Cache::new(&root, DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    let long = "a".repeat(5000);
    let hosts = [
        "../../etc",
        "..",
        ".",
        "",
        "a/b",
        "/etc",
        "a\\..\\..\\b",
        "C:\\Windows",
        "127.0.0.1:8080",
        "[::1]:8080",
        "nul",
        "host\0name",
        "\u{202e}moc.wolfbew",
        long.as_str(),
    ];
    let mut dirs = HashSet::new();
    for host in hosts {
        cache.put(host, None, &id, &raw).unwrap();
        assert_eq!(
            cache.get(host, None, &id).map(|c| c.raw).as_ref(),
            Some(&raw),
            "{host:?}"
        );
        // Exactly one new file, directly at <root>/<one component>/default/.
        let files = files_under(dir.path());
        let new: Vec<_> = files
            .iter()
            .filter(|p| !dirs.iter().any(|d: &PathBuf| p.starts_with(d)))
            .collect();
        assert_eq!(new.len(), 1, "{host:?}: {files:?}");
        let file = new[0];
        let rel = file.strip_prefix(&root).expect("under the root");
        let parts: Vec<_> = rel.components().collect();
        assert_eq!(parts.len(), 3, "{host:?}: {rel:?}");
        assert!(
            parts
                .iter()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{host:?}: {rel:?}"
        );
        assert_eq!(
            file.canonicalize()
                .unwrap()
                .parent()
                .unwrap()
                .parent()
                .unwrap(),
            root.canonicalize().unwrap().join(parts[0]),
            "{host:?}"
        );
        let host_dir = parts[0].as_os_str().to_str().unwrap();
        assert!(host_dir.len() <= 128, "{host:?}: {}", host_dir.len());
        assert!(
            host_dir
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_'),
            "{host_dir:?}"
        );
        dirs.insert(root.join(parts[0]));
    }
    assert_eq!(dirs.len(), hosts.len(), "each host has its own directory");
    // Nothing beside the root.
    let beside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["nest"]);
    assert!(
        root.join("127.0.0.1_8080")
            .join("default")
            .join(format!("{id}.json"))
            .is_file()
    );
}

#[test]
fn clear_removes_every_entry() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let cat = catalogue();
    let locale = LocaleId::parse(LOCALE).unwrap();
    for raw in cat.raw_all() {
        let id = oid(raw["id"].as_str().unwrap());
        cache.put(HOST, None, &id, raw).unwrap();
        cache
            .put("127.0.0.1:8080", Some(&locale), &id, raw)
            .unwrap();
    }
    assert!(!files_under(cache.root()).is_empty());
    cache.clear().unwrap();
    assert!(files_under(cache.root()).is_empty());
    for id in cat.ids() {
        assert!(cache.get(HOST, None, &oid(id)).is_none());
    }
    // Works again afterwards, and clearing twice (or a missing root) is fine.
    let (id, raw) = sample();
    cache.put(HOST, None, &id, &raw).unwrap();
    assert!(cache.get(HOST, None, &id).is_some());
    cache.clear().unwrap();
    cache.clear().unwrap();
    Cache::new(cache.root().join("never-made"), 1)
        .clear()
        .unwrap();
}

#[test]
fn clear_leaves_files_it_did_not_write() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let (id, raw) = sample();
    cache.put(HOST, None, &id, &raw).unwrap();
    let stranger = cache.root().join("notes.txt");
    fs::write(&stranger, b"mine").unwrap();
    cache.clear().unwrap();
    assert!(stranger.is_file());
    assert!(cache.get(HOST, None, &id).is_none());
}

#[test]
fn default_root_is_under_the_cache_dir() {
    // The configuration decides where the stores live; `store` reads none.
    if let Some(root) = webflow_assets::config::asset_cache_dir() {
        assert!(root.ends_with("assets"), "{}", root.display());
        assert_eq!(
            Some(root.parent().unwrap().to_path_buf()),
            webflow_assets::config::cache_dir()
        );
    }
    if let Some(root) = webflow_assets::config::file_cache_dir() {
        assert!(root.ends_with("files"), "{}", root.display());
    }
}

/// A FIFO (or a device) where an entry should be is a miss, never waited on;
/// the next store replaces it with a real entry.
#[cfg(unix)]
#[test]
fn a_fifo_in_an_entry_place_is_a_miss_not_a_hang() {
    let (_dir, cache) = new_cache(DEFAULT_MAX_BYTES);
    let id = AssetId::parse("63e5889e7fe4eafa7384cea4").unwrap();
    let path = entry_path(&cache, HOST, None, &id);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this machine: nothing to check
    }
    // Read on another thread so a regression fails the test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = Cache::new(cache.root(), DEFAULT_MAX_BYTES);
    let wanted = id.clone();
    std::thread::spawn(move || {
        let _ = tx.send(reader.get(HOST, None, &wanted).is_none());
    });
    let missed = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading the cache waited on a FIFO");
    assert!(missed);
}
