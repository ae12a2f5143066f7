//! The list's derived data, driven through its methods only: whatever
//! happens, `counts`, `in_flight`, the index and the view agree with the rows.

use super::*;
use crate::store::demo::Catalogue;
use crate::webflow::{ApiError, Asset, Fetched, RateLimit};

fn id(s: &str) -> AssetId {
    AssetId::parse(s).unwrap()
}

fn demo() -> Vec<Asset> {
    Catalogue::load().unwrap().assets().cloned().collect()
}

fn answer(asset: &Asset) -> Result<Box<Fetched<Asset>>, ApiError> {
    Ok(Box::new(Fetched {
        value: asset.clone(),
        raw: serde_json::Value::Null,
        rate: RateLimit::default(),
    }))
}

/// What the derived data would be if worked out from scratch.
fn assert_consistent(list: &AssetList) {
    let mut counts = AltCounts::default();
    for entry in list.entries() {
        counts.add(entry.counts());
    }
    assert_eq!(list.counts(), counts, "counts");
    let loading = list.entries().iter().filter(|e| e.is_loading()).count();
    assert_eq!(list.in_flight(), loading, "in flight");
    for (i, entry) in list.entries().iter().enumerate() {
        assert_eq!(list.index[entry.id()], i, "index of {}", entry.id());
    }
    assert_eq!(list.index.len(), list.entries().len());
    assert!(list.view().len() <= list.entries().len());
    assert!(list.view().is_empty() || list.selected() < list.view().len());
}

fn fetches(cmds: &[Cmd]) -> Vec<u64> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Fetch { ticket, .. } => Some(*ticket),
            _ => None,
        })
        .collect()
}

#[test]
fn counts_follow_every_answer_refetch_and_failure() {
    let assets = demo();
    let mut tickets = Tickets::default();
    let mut list = AssetList::new(Vec::new(), false, 10);
    let ids: Vec<AssetId> = assets.iter().map(|a| id(&a.id)).collect();
    let cmds = list.open(ids.clone(), false, &mut tickets);
    assert_eq!(list.in_flight(), assets.len());
    assert_consistent(&list);
    for (ticket, asset) in fetches(&cmds).into_iter().zip(&assets) {
        let answer = list.on_loaded(ticket, &id(&asset.id), answer(asset));
        assert!(matches!(answer, Answer::Loaded { .. }), "{answer:?}");
        assert_consistent(&list);
    }
    let all = list.counts();
    assert!(all.problems > 0 && all.present > 0, "{all:?}");
    assert_eq!(list.in_flight(), 0);

    // A refetch that fails keeps the asset, so its share of the counts stays.
    let cmds = list.refetch_selected(&mut tickets);
    assert_eq!(list.in_flight(), 1);
    let failed = list.on_loaded(
        fetches(&cmds)[0],
        &ids[0],
        Err(ApiError::Server {
            status: 503,
            body: Default::default(),
        }),
    );
    assert!(matches!(failed, Answer::Failed { .. }));
    assert_eq!(list.counts(), all);
    assert_consistent(&list);

    // A late answer to a superseded ticket changes nothing.
    assert_eq!(
        list.on_loaded(1, &ids[0], answer(&assets[0])),
        Answer::Stale
    );
    assert_consistent(&list);
}

#[test]
fn a_locale_change_unloads_history_rows_and_a_site_drops_them() {
    let assets = demo();
    let mut tickets = Tickets::default();
    let history: Vec<AssetId> = assets.iter().map(|a| id(&a.id)).collect();
    let mut list = AssetList::new(history.clone(), false, 10);
    // Selecting history rows loads them one by one.
    for (position, asset) in assets.iter().enumerate().take(4).skip(1) {
        let cmds = list.select(position, &mut tickets);
        let ticket = *fetches(&cmds).last().unwrap();
        list.on_loaded(ticket, &id(&asset.id), answer(asset));
        assert_consistent(&list);
    }
    assert_ne!(list.counts(), AltCounts::default());
    let locale = LocaleId::parse("65427cf400e02b306eaa04a0").unwrap();
    let cmds = list.set_locale(Some(locale), &mut tickets);
    // Only the selected row is fetched again; the others wait to be selected.
    assert_eq!(fetches(&cmds).len(), 1);
    assert_eq!(list.in_flight(), 1);
    assert_consistent(&list);

    let site = SiteId::parse("63938b302ea6b0aa6f3d8745").unwrap();
    let cmds = list.open_site(site, None, &mut tickets);
    assert!(
        list.entries().is_empty(),
        "history rows give way to the site"
    );
    assert_eq!(list.counts(), AltCounts::default());
    assert_eq!(list.in_flight(), 0);
    let Some(Cmd::ListSite { ticket, .. }) = cmds.last() else {
        panic!("{cmds:?}")
    };
    let n = assets.len() as u32;
    list.on_site_page(*ticket, assets.clone(), n, n);
    assert_eq!(list.view().len(), assets.len());
    assert_consistent(&list);
}

#[test]
fn filter_sort_and_problems_keep_the_selected_row() {
    let assets = demo();
    let mut tickets = Tickets::default();
    let mut list = AssetList::new(Vec::new(), false, 5);
    let site = SiteId::parse("63938b302ea6b0aa6f3d8745").unwrap();
    list.open_site(site, None, &mut tickets);
    let n = assets.len() as u32;
    list.on_site_page(1, assets, n, n);
    let last = list.view().len() - 1;
    list.select(last, &mut tickets);
    assert!(
        list.offset() + 5 > last,
        "the selection is scrolled into view"
    );
    let picked = list.selected_entry().unwrap().id().clone();
    list.cycle_sort();
    assert_eq!(list.selected_entry().unwrap().id(), &picked);
    assert!(
        list.set_filter(&format!("^{picked}")),
        "ranked by the filter"
    );
    assert_eq!(list.view().len(), 1);
    list.clear_filter();
    assert_eq!(list.selected_entry().unwrap().id(), &picked);
    assert!(!list.set_filter("zzzzzz"));
    assert!(list.view().is_empty() && list.selected_entry().is_none());
    let only = list.toggle_problems();
    assert!(only && list.visible().all(Entry::needs_attention));
    assert_consistent(&list);
}

#[test]
fn waived_findings_are_no_problem_and_new_settings_remark_every_row() {
    let assets = demo();
    let mut tickets = Tickets::default();
    let mut list = AssetList::new(Vec::new(), false, 40);
    let ids: Vec<AssetId> = assets.iter().map(|a| id(&a.id)).collect();
    let cmds = list.open(ids, false, &mut tickets);
    for (ticket, asset) in fetches(&cmds).into_iter().zip(&assets) {
        list.on_loaded(ticket, &id(&asset.id), answer(asset));
    }
    list.toggle_problems();
    let flagged = list.view().len();
    assert!(flagged > 1, "the demo has several problems");
    // IMG_4821.jpg's alt text is its file name: waived, it is no problem.
    let waived = "6626bc66546865dfb230669e";
    assert!(
        list.view()
            .iter()
            .any(|&i| list.entries()[i].id().as_str() == waived)
    );
    let mut config = crate::audit::AuditConfig::default();
    config.waivers.push(crate::audit::Waiver {
        asset: waived.into(),
        rules: None,
        reason: "a product code customers search for".into(),
        source: None,
    });
    list.set_audit(config);
    assert_consistent(&list);
    assert_eq!(list.view().len(), flagged - 1);
    assert!(
        !list
            .view()
            .iter()
            .any(|&i| list.entries()[i].id().as_str() == waived)
    );
}

#[test]
fn a_site_listed_again_in_another_locale_keeps_the_selected_asset() {
    let assets = demo();
    let mut tickets = Tickets::default();
    let mut list = AssetList::new(Vec::new(), false, 40);
    let site = SiteId::parse("63938b302ea6b0aa6f3d8745").unwrap();
    let listed = |cmds: &[Cmd]| match cmds.last() {
        Some(Cmd::ListSite { ticket, .. }) => *ticket,
        other => panic!("{other:?}"),
    };
    let ticket = listed(&list.open_site(site, None, &mut tickets));
    let n = assets.len() as u32;
    list.on_site_page(ticket, assets.clone(), n, n);
    list.select(3, &mut tickets);
    let chosen = list.entries()[list.view()[3]].id().clone();

    let fr = LocaleId::parse("653fd9af6a07fc9cfd7a5e56").unwrap();
    let ticket = listed(&list.set_locale(Some(fr), &mut tickets));
    // The rows come back a page at a time: the first page lacks it.
    list.on_site_page(ticket, assets[..2].to_vec(), 2, n);
    assert_eq!(list.selected(), 0);
    list.on_site_page(ticket, assets[2..].to_vec(), n, n);
    assert_eq!(list.entries()[list.view()[list.selected()]].id(), &chosen);
    assert_consistent(&list);
}
