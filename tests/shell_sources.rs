//! The Sources view's commands through Tauri's mock runtime, against a real provider on
//! loopback: add a provider, sync it with progress events, see its freshness; a refused token
//! leaves the records as they were.

#[path = "../crates/core/tests/support/fake_provider.rs"]
mod fake_provider;
mod mock_app;

use fake_provider::{item, FakeProvider, Fault, Route};
use mock_app::{app_with_keyring, invoke, new_profile};
use serde_json::{json, Value};
use shebao_core::secrets::{MemoryKeyring, NoKeyring};
use tauri::Listener;

const TOKEN: &str = "hr-token-7f3a";

fn provider() -> FakeProvider {
    let items = vec![
        item("2024-01", "pension", "640.00", "paid"),
        item("2024-02", "pension", "640.00", "paid"),
        item("2024-03", "pension", "640.00", "paid"),
        item("2024-03", "medical", "160.00", "paid"),
    ];
    FakeProvider::start(TOKEN, json!({"name": "王芳", "id_number": null}), items, 2)
}

#[test]
fn a_provider_is_added_synced_with_progress_and_shown_fresh() {
    let server = provider();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let form = |profile: &i64| {
        json!({"form": {"profileId": profile, "name": "单位人事系统",
            "baseUrl": server.base_url(), "token": TOKEN, "freshness": "daily"}})
    };

    // No keyring: a typed token cannot be kept, and the window is told to turn one on (it
    // names no environment variable: that is the command line's way). Nothing is saved.
    let profile = {
        let (_app, window) = app_with_keyring(&db, Box::new(NoKeyring));
        let profile = new_profile(&window, "王芳");
        let refused = invoke(&window, "add_http_source", form(&profile)).unwrap_err();
        assert_eq!(refused["code"], "keyring_needed", "{refused}");
        assert_eq!(
            refused["details"]["remedy"], "source_token_needs_keyring",
            "{refused}"
        );
        assert_eq!(invoke(&window, "sources", json!({})).unwrap(), json!([]));
        profile
    };

    // With a keyring (this test's own), the token is kept there and the source is added.
    let (app, window) = app_with_keyring(&db, Box::new(MemoryKeyring::default()));
    let added = invoke(&window, "add_http_source", form(&profile)).unwrap();
    assert_eq!(added["name"], "单位人事系统");
    assert_eq!(added["stale"], true, "never synced");
    assert_eq!(added["http"]["token_env"], Value::Null);

    let steps = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let seen = steps.clone();
    app.listen_any("sync-progress", move |event| {
        seen.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    let report = invoke(
        &window,
        "sync_now",
        json!({"name": "单位人事系统", "force": false}),
    )
    .unwrap();
    assert_eq!(report["added"], 4);
    assert_eq!(report["pages"], 2);
    let stages: Vec<String> = steps
        .lock()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap().to_string())
        .collect();
    assert!(
        stages.contains(&"fetching".into()) && stages.contains(&"writing".into()),
        "{stages:?}"
    );

    let sources = invoke(&window, "sources", json!({})).unwrap();
    let synced = &sources.as_array().unwrap()[0];
    assert_eq!(synced["stale"], false);
    assert_eq!(synced["days_since_sync"], 0);
    assert_eq!(synced["last_run"]["outcome"], "ok");

    // A refused token: a clear error, nothing written, the failure recorded.
    server.fault(
        Route::Contributions { page: 1 },
        Fault::Status(401, None),
        1,
    );
    let before = invoke(&window, "contributions", json!({"profileId": profile})).unwrap();
    let refused = invoke(
        &window,
        "sync_now",
        json!({"name": "单位人事系统", "force": false}),
    )
    .unwrap_err();
    assert!(
        refused["code"].as_str().unwrap().contains("auth"),
        "{refused}"
    );
    assert_eq!(
        invoke(&window, "contributions", json!({"profileId": profile})).unwrap(),
        before
    );
    let sources = invoke(&window, "sources", json!({})).unwrap();
    assert_eq!(sources[0]["last_run"]["outcome"], "failed");
}
