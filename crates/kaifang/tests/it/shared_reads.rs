//! Shared list reads: identical lists asked while the database is busy are read once; a read
//! is never shared across jurisdictions, never kept once answered, and survives its leader
//! going away. A second store of one connection on the same database, held by the test, makes
//! "the database is busy" deterministic.

use crate::helpers::*;
use kaifang_domain::jurisdiction::{DivisionLevel, Scope};
use kaifang_store::enterprises::{ListFilter, SortKey, SummaryRow};
use kaifang_store::{SharedReadCounts, Store, StoreOptions};
use reqwest::StatusCode;
use std::time::Duration;

fn prefecture(code: &str) -> Scope {
    Scope::Division {
        level: DivisionLevel::Prefecture,
        code: code.into(),
    }
}

fn county(code: &str) -> Scope {
    Scope::Division {
        level: DivisionLevel::County,
        code: code.into(),
    }
}

/// A store whose one connection the test can hold.
async fn one_connection_store(app: &TestApp) -> Store {
    Store::connect(&app.db_url, &StoreOptions { max_connections: 1 })
        .await
        .expect("second store")
}

fn list(store: &Store, scope: Scope) -> tokio::task::JoinHandle<Vec<SummaryRow>> {
    let store = store.clone();
    tokio::spawn(async move {
        kaifang_store::enterprises::list(&store, &scope, &ListFilter::default(), SortKey::Newest, None, 51)
            .await
            .expect("list")
    })
}

/// Waits until the store's counts pass `test` (or fails after ten seconds).
async fn until(store: &Store, test: impl Fn(SharedReadCounts) -> bool) {
    for _ in 0..1_000 {
        if test(store.shared_read_counts()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("counts never got there: {:?}", store.shared_read_counts());
}

fn assert_counts(store: &Store, started: u64, joined: u64, waiting: u64) {
    let want = SharedReadCounts {
        started,
        joined,
        waiting,
    };
    assert_eq!(store.shared_read_counts(), want);
}

async fn until_joined(store: &Store, joined: u64) {
    until(store, |c| c.joined >= joined).await
}

async fn create(api: &Api, n: u32, division: &str) -> String {
    let code = uscc(n, division);
    let r = api.post("/api/v1/enterprises", &enterprise(&code, division)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    code
}

fn codes(rows: &[SummaryRow]) -> Vec<&str> {
    rows.iter().map(|r| r.uscc.as_str()).collect()
}

#[tokio::test]
async fn identical_lists_asked_while_the_database_is_busy_are_read_once_and_every_caller_gets_the_page() {
    let app = spawn_app().await;
    let nanjing = app.officer("nj", "320100").await;
    for n in 0..3 {
        create(&nanjing, 300 + n, "320102").await;
    }
    let store = one_connection_store(&app).await;
    let busy = store.pool().acquire().await.unwrap();
    let callers: Vec<_> = (0..5).map(|_| list(&store, prefecture("320100"))).collect();
    until_joined(&store, 4).await;
    // Written while they wait, before their read starts: every one of them sees it.
    let late = create(&nanjing, 303, "320102").await;
    drop(busy);
    let mut pages = vec![];
    for c in callers {
        pages.push(c.await.unwrap());
    }
    assert_eq!(pages[0].len(), 4);
    assert_eq!(codes(&pages[0])[0], late, "newest first");
    for p in &pages[1..] {
        assert_eq!(codes(p), codes(&pages[0]));
    }
    assert_counts(&store, 1, 4, 0);

    // Nothing is kept: the next caller reads again and sees what was written since.
    let newer = create(&nanjing, 304, "320102").await;
    let again = list(&store, prefecture("320100")).await.unwrap();
    assert_eq!(again.len(), 5);
    assert_eq!(codes(&again)[0], newer);
    assert_eq!(store.shared_read_counts().started, 2);
}

#[tokio::test]
async fn a_sibling_division_asking_the_same_list_at_the_same_moment_never_shares_its_read() {
    let app = spawn_app().await;
    let nanjing = app.officer("nj", "320100").await;
    let wuxi = app.officer("wx", "320200").await;
    let nj = create(&nanjing, 310, "320102").await;
    let wx = create(&wuxi, 311, "320205").await;
    let store = one_connection_store(&app).await;
    let busy = store.pool().acquire().await.unwrap();
    let a = list(&store, prefecture("320100"));
    let b = list(&store, prefecture("320200"));
    // Both are queued behind the held connection; a third Nanjing caller joins Nanjing's read.
    let c = list(&store, prefecture("320100"));
    until_joined(&store, 1).await;
    drop(busy);
    let (a, b, c) = (a.await.unwrap(), b.await.unwrap(), c.await.unwrap());
    assert_eq!(codes(&a), vec![nj.as_str()]);
    assert_eq!(codes(&c), vec![nj.as_str()]);
    assert_eq!(codes(&b), vec![wx.as_str()], "Wuxi sees only Wuxi");
    assert_counts(&store, 2, 1, 0);
}

#[tokio::test]
async fn sibling_counties_whose_codes_are_bound_never_share_a_read() {
    let app = spawn_app().await;
    let nanjing = app.officer("nj", "320100").await;
    let xuanwu = create(&nanjing, 330, "320102").await;
    let qinhuai = create(&nanjing, 331, "320104").await;
    let store = one_connection_store(&app).await;
    let busy = store.pool().acquire().await.unwrap();
    let a = list(&store, county("320102"));
    let b = list(&store, county("320104"));
    let c = list(&store, county("320102"));
    until_joined(&store, 1).await;
    assert_eq!(store.shared_read_counts().waiting, 2, "one read waiting per county");
    drop(busy);
    let (a, b, c) = (a.await.unwrap(), b.await.unwrap(), c.await.unwrap());
    assert_eq!(codes(&a), vec![xuanwu.as_str()]);
    assert_eq!(codes(&c), vec![xuanwu.as_str()]);
    assert_eq!(codes(&b), vec![qinhuai.as_str()], "Qinhuai sees only Qinhuai");
    assert_counts(&store, 2, 1, 0);
}

#[tokio::test]
async fn when_the_caller_leading_a_shared_read_goes_away_those_who_joined_still_get_their_page() {
    let app = spawn_app().await;
    let nanjing = app.officer("nj", "320100").await;
    let code = create(&nanjing, 320, "320102").await;
    let store = one_connection_store(&app).await;
    let busy = store.pool().acquire().await.unwrap();
    let leader = list(&store, prefecture("320100"));
    until(&store, |c| c.waiting == 1).await;
    let follower = list(&store, prefecture("320100"));
    until_joined(&store, 1).await;
    // The leader's caller goes away (a closed browser tab drops its request) before its
    // read could start.
    leader.abort();
    assert!(leader.await.unwrap_err().is_cancelled());
    drop(busy);
    let page = tokio::time::timeout(Duration::from_secs(10), follower)
        .await
        .expect("the follower is not left waiting")
        .unwrap();
    assert_eq!(codes(&page), vec![code.as_str()]);
    let counts = store.shared_read_counts();
    assert_eq!((counts.started, counts.waiting), (0, 0), "the read it joined never ran");
}
