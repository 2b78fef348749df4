//! Provider sync over real HTTP on loopback: a fake provider in this process serves protocol
//! v1 and injects each fault. Every failure must leave the database as it was (the same
//! records, revisions, balances and sources, no new backup) with the run recorded as failed;
//! the token must never reach the database.

mod common;
#[path = "support/fake_provider.rs"]
mod fake_provider;

use fake_provider::{item, FakeProvider, Fault, Route};
use serde_json::{json, Value};
use shebao_core::model::{ContributionStatus, Freshness, NewProfile, Profile, SyncOutcome};
use shebao_core::secrets::{MemoryKeyring, NoKeyring, SecretStore};
use shebao_core::store::list_backups;
use shebao_core::sync::{
    self, AddHttpSource, CancelFlag, RetryPolicy, SyncOptions, SyncProgress, SyncReport, Timeouts,
};
use shebao_core::{Error, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const TOKEN: &str = "tok-7f3a-secret-bearer";
const ID: &str = "11010519491231002X";

fn person() -> Value {
    json!({"name": "王芳", "id_number": ID})
}

/// Five months of pension, three to a page: two pages.
fn history() -> Vec<Value> {
    ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
        .iter()
        .map(|m| item(m, "pension", "640.00", "paid"))
        .collect()
}

fn quick() -> SyncOptions {
    SyncOptions {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_millis(800),
        },
        retry: RetryPolicy {
            max_attempts: 3,
            first_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(40),
            max_retry_after: Duration::from_secs(5),
        },
        ..SyncOptions::default()
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    profile: Profile,
    provider: FakeProvider,
    keyring: MemoryKeyring,
}

fn env_with_token(name: &str) -> Option<String> {
    (name == "HR_TOKEN").then(|| TOKEN.to_string())
}

fn no_env(_: &str) -> Option<String> {
    None
}

/// A profile with an ID number and a source `hr` on a fresh fake provider, token in a
/// (memory) keyring.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "王芳".into(),
                id_number: Some(ID.into()),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let provider = FakeProvider::start(TOKEN, person(), history(), 3);
    let keyring = MemoryKeyring::default();
    sync::add_http_source(
        &mut store,
        &keyring,
        AddHttpSource {
            name: "hr",
            profile: &profile,
            base_url: &provider.base_url(),
            freshness: Freshness::Daily,
            token_env: Some("HR_TOKEN"),
            token: None,
        },
        &env_with_token,
    )
    .unwrap();
    Setup {
        _dir: dir,
        db,
        store,
        profile,
        provider,
        keyring,
    }
}

fn sync_with(s: &mut Setup, options: &SyncOptions) -> shebao_core::Result<SyncReport> {
    sync::sync_source(
        &mut s.store,
        "hr",
        &s.keyring,
        &no_env,
        options,
        &mut |_| {},
        &CancelFlag::new(),
    )
}

/// Every table but the run records, as text.
fn data(db: &Path) -> String {
    common::dump(db)
        .lines()
        .filter(|line| !line.starts_with("sync_runs:"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn last_run(s: &Setup) -> shebao_core::model::SyncRun {
    let source = s.store.http_source("hr").unwrap().unwrap().source.id;
    s.store.sync_runs(source, 1).unwrap().pop().expect("a run")
}

/// A first good sync, then the provider changes (new months, a changed one: the incremental
/// sync from May spans two pages), then `fault`: the sync fails with `code`, and nothing but
/// its run record is written.
fn assert_fault_changes_nothing(prepare: impl FnOnce(&FakeProvider), code: &str) -> (Setup, Error) {
    let mut s = setup();
    sync_with(&mut s, &quick()).unwrap();
    {
        let mut state = s.provider.state();
        for month in ["2024-06", "2024-07", "2024-08"] {
            state.items.push(item(month, "pension", "640.00", "paid"));
        }
        state.items[4] = item("2024-05", "pension", "650.00", "paid");
    }
    prepare(&s.provider);
    let before = data(&s.db);
    let backups = list_backups(&s.db).unwrap().len();

    let error = sync_with(&mut s, &quick()).unwrap_err();
    assert_eq!(error.code(), code, "{error}");
    assert_eq!(data(&s.db), before, "the database is unchanged");
    assert_eq!(
        list_backups(&s.db).unwrap().len(),
        backups,
        "no backup taken"
    );
    let run = last_run(&s);
    assert_ne!(run.outcome, SyncOutcome::Ok);
    assert_eq!(run.error_code.as_deref(), Some(code));
    assert_eq!((run.added, run.updated, run.unchanged), (0, 0, 0));
    for lang in [shebao_core::Lang::Zh, shebao_core::Lang::En] {
        let message = error.message(lang);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            !message.contains(TOKEN) && !message.contains(ID),
            "{message}"
        );
    }
    (s, error)
}

#[test]
fn a_first_sync_brings_every_page_and_a_second_only_what_is_new() {
    let mut s = setup();
    let mut stages = Vec::new();
    let report = sync::sync_source(
        &mut s.store,
        "hr",
        &s.keyring,
        &no_env,
        &quick(),
        &mut |p| stages.push(p),
        &CancelFlag::new(),
    )
    .unwrap();
    assert_eq!(
        (report.pages, report.items, report.added, report.balances),
        (2, 5, 5, 1)
    );
    assert_eq!(report.since, None, "nothing held yet: everything");
    assert_eq!(report.as_of, "2024-06-30T09:00:00+08:00");
    assert!(report.backup.is_some(), "a backup before writing");
    assert!(matches!(
        stages[0],
        SyncProgress::Fetching { page: 1, items: 0 }
    ));
    assert!(stages.contains(&SyncProgress::Fetching { page: 2, items: 3 }));
    assert!(stages.contains(&SyncProgress::Balances));
    assert!(matches!(
        stages.last(),
        Some(SyncProgress::Writing { done: 5, total: 5 })
    ));

    let stored = s.store.contributions(s.profile.id).unwrap();
    assert_eq!(stored.len(), 5);
    assert_eq!(stored[0].record.personal.to_plain(), "640.00");
    assert_eq!(stored[0].record.region.as_deref(), Some("510100"));
    assert_eq!(
        s.store.balances(s.profile.id).unwrap()[0].amount.to_plain(),
        "52345.67"
    );
    let source = s.store.http_source("hr").unwrap().unwrap();
    assert!(source.source.last_sync.is_some());
    let run = last_run(&s);
    assert_eq!(run.outcome, SyncOutcome::Ok);
    assert_eq!((run.pages, run.added, run.balances), (2, 5, 1));
    let seen = s.provider.seen();
    assert!(seen
        .iter()
        .all(|r| r.authorization.as_deref() == Some(&*format!("Bearer {TOKEN}"))));
    assert!(!seen[0].query.contains_key("since"));

    // The provider corrects May (owed, then paid late) and adds June.
    {
        let mut state = s.provider.state();
        state.items[4] = item("2024-05", "pension", "640.00", "back_paid");
        state
            .items
            .push(item("2024-06", "pension", "640.00", "paid"));
    }
    let before = s.provider.seen().len();
    let report = sync_with(&mut s, &quick()).unwrap();
    let asked = &s.provider.seen()[before];
    assert_eq!(
        asked.query.get("since").map(String::as_str),
        Some("2024-05")
    );
    assert_eq!(
        report.since.map(|m| m.to_string()).as_deref(),
        Some("2024-05")
    );
    assert_eq!((report.added, report.updated, report.unchanged), (1, 1, 0));
    let may = s
        .store
        .contributions(s.profile.id)
        .unwrap()
        .into_iter()
        .find(|c| c.record.month.to_string() == "2024-05")
        .unwrap();
    assert_eq!(may.record.status, ContributionStatus::BackPaid);
    let revisions = s.store.revisions(may.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(
        revisions[0].old_value.as_ref().and_then(|v| v.as_text()),
        Some("paid")
    );

    // Nothing new: nothing changes, and no backup is taken for it.
    let backups = list_backups(&s.db).unwrap().len();
    let report = sync_with(&mut s, &quick()).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 0, 1));
    assert_eq!(report.backup, None);
    assert_eq!(list_backups(&s.db).unwrap().len(), backups);

    // --full asks for everything again.
    let full = SyncOptions {
        full: true,
        ..quick()
    };
    let report = sync_with(&mut s, &full).unwrap();
    assert_eq!((report.since, report.unchanged), (None, 6));
}

#[test]
fn the_token_never_reaches_the_database() {
    let mut s = setup();
    sync_with(&mut s, &quick()).unwrap();
    drop(s.store);
    let mut bytes = Vec::new();
    let dir = s.db.parent().unwrap();
    for folder in [dir.to_path_buf(), dir.join("backups")] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                bytes.extend(std::fs::read(&path).unwrap());
            }
        }
    }
    assert!(!bytes.is_empty());
    assert!(
        !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
        "the token is in a database file"
    );
}

#[test]
fn without_a_keyring_the_token_comes_from_the_environment_at_each_sync() {
    let mut s = setup();
    let profile = s.profile.clone();
    let added = sync::add_http_source(
        &mut s.store,
        &NoKeyring,
        AddHttpSource {
            name: "hr-env",
            profile: &profile,
            base_url: &s.provider.base_url(),
            freshness: Freshness::Daily,
            token_env: Some("HR_TOKEN"),
            token: None,
        },
        &no_env,
    )
    .unwrap();
    assert!(added.env_unset);
    let run = |s: &mut Setup, env: &(dyn Fn(&str) -> Option<String> + Sync)| {
        sync::sync_source(
            &mut s.store,
            "hr-env",
            &NoKeyring,
            env,
            &quick(),
            &mut |_| {},
            &CancelFlag::new(),
        )
    };
    let error = run(&mut s, &no_env).unwrap_err();
    assert_eq!(error.code(), "no_token");
    assert!(s.store.contributions(s.profile.id).unwrap().is_empty());
    let report = run(&mut s, &env_with_token).unwrap();
    assert_eq!(report.added, 5);
}

#[test]
fn unauthorised_is_a_clear_auth_error() {
    let (s, error) = assert_fault_changes_nothing(
        |p| p.state().token = "another-token".into(),
        "provider_auth",
    );
    assert!(error.to_string().contains("HTTP 401"), "{error}");
    assert_eq!(last_run(&s).outcome, SyncOutcome::Failed);
}

#[test]
fn forbidden_is_a_clear_auth_error() {
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 1 },
                Fault::Status(403, None),
                1,
            )
        },
        "provider_auth",
    );
    assert!(error.to_string().contains("HTTP 403"), "{error}");
}

#[test]
fn too_many_requests_is_retried_after_the_time_the_provider_asks() {
    let mut s = setup();
    s.provider.fault(
        Route::Contributions { page: 2 },
        Fault::Status(429, Some("1".into())),
        1,
    );
    let mut waits = Vec::new();
    let started = Instant::now();
    let report = sync::sync_source(
        &mut s.store,
        "hr",
        &s.keyring,
        &no_env,
        &quick(),
        &mut |p| {
            if let SyncProgress::Waiting {
                status, wait_ms, ..
            } = p
            {
                waits.push((status, wait_ms))
            }
        },
        &CancelFlag::new(),
    )
    .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 honoured"
    );
    assert_eq!(waits, vec![(429, 1000)]);
    assert_eq!(report.added, 5);
    let page_two = s
        .provider
        .seen()
        .iter()
        .filter(|r| r.route == Some(Route::Contributions { page: 2 }))
        .count();
    assert_eq!(page_two, 2);
}

#[test]
fn a_provider_that_stays_unavailable_is_given_up_after_the_last_attempt() {
    let (s, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 1 },
                Fault::Status(503, None),
                100,
            )
        },
        "provider_unavailable",
    );
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    let asked = s
        .provider
        .seen()
        .iter()
        .filter(|r| r.route == Some(Route::Contributions { page: 1 }))
        .count();
    assert_eq!(asked, 1 + 3, "one good sync, then exactly three attempts");
}

#[test]
fn a_retry_after_beyond_the_limit_is_reported_not_waited_for() {
    let started = Instant::now();
    assert_fault_changes_nothing(
        |p| p.fault(Route::Balances, Fault::Status(503, Some("3600".into())), 1),
        "provider_rate_limited",
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_body_cut_off_midway_writes_nothing() {
    let (_, error) = assert_fault_changes_nothing(
        |p| p.fault(Route::Contributions { page: 2 }, Fault::Truncated, 1),
        "provider_truncated",
    );
    assert!(
        error.to_string().contains("contributions page 2"),
        "{error}"
    );
}

#[test]
fn broken_json_writes_nothing() {
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 1 },
                Fault::Body("{\"person\": oops}".into()),
                1,
            )
        },
        "provider_malformed",
    );
    assert!(error.to_string().contains("line 1"), "{error}");
}

#[test]
fn a_wrong_schema_writes_nothing() {
    let body = json!({"person": person(), "as_of": fake_provider::AS_OF,
                      "records": [], "next_page": null});
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 1 },
                Fault::Body(body.to_string()),
                1,
            )
        },
        "provider_schema",
    );
    assert!(error.to_string().contains("items is missing"), "{error}");
}

#[test]
fn float_amounts_are_refused_and_write_nothing() {
    let mut float = item("2024-06", "pension", "0", "paid");
    float["personal"] = json!(640.1);
    let body = json!({"person": person(), "as_of": fake_provider::AS_OF,
                      "items": [float], "next_page": null});
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 2 },
                Fault::Body(body.to_string()),
                1,
            )
        },
        "provider_schema",
    );
    let message = error.to_string();
    assert!(message.contains("items[0].personal"), "{message}");
    assert!(message.contains("never floats"), "{message}");
}

#[test]
fn a_slow_provider_times_out_and_writes_nothing() {
    let started = Instant::now();
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 1 },
                Fault::Delay(Duration::from_secs(4)),
                1,
            )
        },
        "provider_timeout",
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout, not the delay"
    );
    assert!(error.to_string().contains("did not answer"), "{error}");
}

#[test]
fn another_persons_records_are_refused_unless_forced() {
    let mut s = setup();
    sync_with(&mut s, &quick()).unwrap();
    s.provider.state().person = json!({"name": "王建国", "id_number": "110105195001010017"});
    s.provider
        .state()
        .items
        .push(item("2024-06", "pension", "640.00", "paid"));
    let before = data(&s.db);
    let error = sync_with(&mut s, &quick()).unwrap_err();
    assert_eq!(error.code(), "provider_person_mismatch");
    let message = error.message(shebao_core::Lang::En);
    assert!(message.contains("1101**********0017"), "masked: {message}");
    assert!(!message.contains("110105195001010017"));
    assert_eq!(data(&s.db), before);
    assert_eq!(
        last_run(&s).error_code.as_deref(),
        Some("provider_person_mismatch")
    );

    let forced = SyncOptions {
        force: true,
        ..quick()
    };
    let report = sync_with(&mut s, &forced).unwrap();
    assert_eq!(report.added, 1);
    assert_eq!(report.person_mismatch.unwrap().field, "id_number");
}

#[test]
fn a_person_changing_between_pages_is_refused() {
    assert_fault_changes_nothing(
        |p| {
            let other = json!({"person": {"name": "王建国", "id_number": null},
                               "as_of": fake_provider::AS_OF, "items": [], "next_page": null});
            p.fault(
                Route::Contributions { page: 2 },
                Fault::Body(other.to_string()),
                1,
            )
        },
        "provider_schema",
    );
}

#[test]
fn cancelling_while_waiting_for_a_page_writes_nothing() {
    let mut s = setup();
    sync_with(&mut s, &quick()).unwrap();
    s.provider
        .state()
        .items
        .push(item("2024-06", "pension", "640.00", "paid"));
    s.provider.fault(
        Route::Contributions { page: 1 },
        Fault::Delay(Duration::from_secs(3)),
        1,
    );
    let before = data(&s.db);
    let cancel = CancelFlag::new();
    let canceller = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            cancel.cancel();
        })
    };
    let patient = SyncOptions {
        timeouts: Timeouts {
            connect: Duration::from_secs(2),
            request: Duration::from_secs(10),
        },
        ..quick()
    };
    let started = Instant::now();
    let error = sync::sync_source(
        &mut s.store,
        "hr",
        &s.keyring,
        &no_env,
        &patient,
        &mut |_| {},
        &cancel,
    )
    .unwrap_err();
    canceller.join().unwrap();
    assert!(matches!(error, Error::Cancelled));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "stopped at once"
    );
    assert_eq!(data(&s.db), before);
    let run = last_run(&s);
    assert_eq!(run.outcome, SyncOutcome::Cancelled);
    assert_eq!(run.error_code.as_deref(), Some("cancelled"));
}

#[test]
fn cancelling_after_the_last_page_while_writing_writes_nothing() {
    let mut s = setup();
    let before = data(&s.db);
    let cancel = CancelFlag::new();
    let error = sync::sync_source(
        &mut s.store,
        "hr",
        &s.keyring,
        &no_env,
        &quick(),
        &mut |p| {
            if matches!(p, SyncProgress::Writing { .. }) {
                cancel.cancel();
            }
        },
        &cancel,
    )
    .unwrap_err();
    assert!(matches!(error, Error::Cancelled));
    assert_eq!(data(&s.db), before, "not one of the five records");
    assert_eq!(last_run(&s).outcome, SyncOutcome::Cancelled);
    assert_eq!(last_run(&s).pages, 2, "the run says how far it got");
}

#[test]
fn a_provider_without_balances_still_syncs_its_records() {
    let mut s = setup();
    s.provider.state().balances = None;
    let report = sync_with(&mut s, &quick()).unwrap();
    assert_eq!((report.added, report.balances), (5, 0));
}

#[test]
fn conflicting_duplicates_across_pages_are_refused() {
    // Page 1 of the sync from May holds May; page 2 says May again, differently.
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            let dup = json!({"person": person(), "as_of": fake_provider::AS_OF,
                             "items": [item("2024-05", "pension", "999.00", "paid")],
                             "next_page": null});
            p.fault(
                Route::Contributions { page: 2 },
                Fault::Body(dup.to_string()),
                1,
            )
        },
        "provider_schema",
    );
    assert!(error.to_string().contains("items[0] on page 1"), "{error}");
}

#[test]
fn an_unreachable_provider_is_named() {
    let (s, error) = {
        let mut s = setup();
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let profile = s.profile.clone();
        sync::add_http_source(
            &mut s.store,
            &s.keyring,
            AddHttpSource {
                name: "gone",
                profile: &profile,
                base_url: &format!("http://127.0.0.1:{port}"),
                freshness: Freshness::Daily,
                token_env: Some("HR_TOKEN"),
                token: None,
            },
            &env_with_token,
        )
        .unwrap();
        let error = sync::sync_source(
            &mut s.store,
            "gone",
            &s.keyring,
            &no_env,
            &quick(),
            &mut |_| {},
            &CancelFlag::new(),
        )
        .unwrap_err();
        (s, error)
    };
    assert_eq!(error.code(), "provider_unreachable");
    assert!(error.to_string().contains("\"gone\""), "{error}");
    assert!(s.store.contributions(s.profile.id).unwrap().is_empty());
    assert!(s.keyring.get("nothing").unwrap().is_none());
}

#[test]
fn an_endless_chunked_answer_is_cut_off_at_the_limit_and_writes_nothing() {
    // Chunked, so no Content-Length to trust or distrust: the limit is counted as bytes come.
    let (_, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 2 },
                Fault::Endless(64 * 1024 * 1024),
                1,
            )
        },
        "provider_too_large",
    );
    assert!(error.to_string().contains("4 MiB"), "{error}");
    assert!(
        error.to_string().contains("contributions page 2"),
        "{error}"
    );
    assert_eq!(sync::MAX_PAGE_BYTES, 4 * 1024 * 1024);
}

/// A provider answering `code` with a redirect to another provider on another loopback port
/// that would accept the same token: the sync stops there, nothing is written, and the other
/// port never hears of the token.
fn assert_redirect_is_not_followed(code: u16) {
    let target = FakeProvider::start(TOKEN, person(), history(), 3);
    let location = format!("{}v1/contributions", target.base_url());
    let (s, error) = assert_fault_changes_nothing(
        |p| {
            p.fault(
                Route::Contributions { page: 1 },
                Fault::Redirect(code, location),
                1,
            )
        },
        "provider_status",
    );
    assert!(
        error.to_string().contains(&format!("HTTP {code}")),
        "{error}"
    );
    assert!(error.to_string().contains("redirect"), "{error}");
    assert!(target.seen().is_empty(), "the redirect target was asked");
    // The provider itself saw the token; nothing else did.
    assert!(s.provider.seen().iter().all(|r| r.authorization.is_some()));
}

#[test]
fn a_provider_redirecting_elsewhere_is_not_followed_and_the_token_stays_home() {
    for code in [301, 302, 307] {
        assert_redirect_is_not_followed(code);
    }
}
