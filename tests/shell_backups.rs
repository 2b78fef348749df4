//! Settings → Backups through Tauri's mock runtime: back up now, change something, restore
//! the backup (the current database kept as a backup first); only listed backups restore.

mod mock_app;

use mock_app::{app_on, invoke};
use serde_json::json;
use shebao_core::Store;

#[test]
fn a_backup_brings_back_what_was_deleted_and_keeps_the_current_state_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    {
        let mut store = Store::open(&db).unwrap();
        shebao_core::demo::load_demo(
            &mut store,
            shebao_core::model::YearMonth::new(2026, 11).unwrap(),
        )
        .unwrap();
    }
    let (_app, window) = app_on(&db);
    let written = invoke(&window, "backup_now", json!({})).unwrap();
    assert!(std::path::Path::new(written.as_str().unwrap()).is_file());
    let list = invoke(&window, "backups", json!({})).unwrap();
    let manual = &list.as_array().unwrap()[0];
    assert_eq!(manual["kind"], "manual");
    assert!(manual["size"].as_u64().unwrap() > 0);

    invoke(&window, "delete_profile", json!({"profileId": 1})).unwrap();
    let count = |w| {
        invoke(w, "overview", json!({})).unwrap()["profiles"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&window), 0);

    let refused = invoke(
        &window,
        "restore_backup",
        json!({"fileName": "../shebao.db", "passphrase": null}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid_argument");

    invoke(
        &window,
        "restore_backup",
        json!({"fileName": manual["file_name"], "passphrase": null}),
    )
    .unwrap();
    assert_eq!(count(&window), 1, "the store reopened on the restored file");
    let kinds: Vec<String> = invoke(&window, "backups", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.contains(&"before_restore".to_string()), "{kinds:?}");
}
