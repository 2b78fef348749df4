//! The Export view's commands through Tauri's mock runtime: a statement written into the
//! export folder, recorded, listed, and verifiable; bad input refused with nothing written.

mod mock_app;

use mock_app::{app_on, invoke};
use serde_json::json;
use shebao_core::export::{verify, VerifyStatus};
use shebao_core::Store;

/// A database with the demo profile whose exports go to `folder`.
fn prepare(db: &std::path::Path, folder: &std::path::Path) {
    let mut store = Store::open(db).unwrap();
    let now = shebao_core::model::YearMonth::new(2026, 11).unwrap();
    shebao_core::demo::load_demo(&mut store, now).unwrap();
    store
        .set_setting(
            shebao_core::store::SettingKey::ExportDir,
            folder.to_str().unwrap(),
        )
        .unwrap();
}

#[test]
fn a_statement_lands_in_the_export_folder_recorded_and_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let folder = dir.path().join("exports");
    prepare(&db, &folder);
    let (_app, window) = app_on(&db);
    let profile = invoke(&window, "overview", json!({})).unwrap()["profiles"][0]["profile"]["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        invoke(&window, "export_folder", json!({})).unwrap(),
        folder.to_str().unwrap()
    );

    let done = invoke(
        &window,
        "export_file",
        json!({"form": {"profileId": profile, "format": "pdf", "from": "2015-01", "to": "",
                        "kinds": ["pension", "medical"], "lang": "zh", "showId": false}}),
    )
    .unwrap();
    let name = done["export"]["file_name"].as_str().unwrap();
    assert!(
        name.starts_with("社保缴费记录-") && name.ends_with(".pdf"),
        "{name}"
    );
    assert!(done["records"].as_u64().unwrap() > 0);
    let file = folder.join(name);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let listed = invoke(&window, "exports", json!({"profileId": profile})).unwrap();
    assert_eq!(listed[0]["file_name"], name);
    assert_eq!(listed[0]["period"]["from"], "2015-01");

    drop(window);
    drop(_app);
    let store = Store::open(&db).unwrap();
    let verdict = verify(&store, &bytes).unwrap();
    assert_eq!(verdict.status, VerifyStatus::Unchanged, "{verdict:?}");
}

#[test]
fn a_bad_month_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let folder = dir.path().join("exports");
    prepare(&db, &folder);
    let (_app, window) = app_on(&db);
    let refused = invoke(
        &window,
        "export_file",
        json!({"form": {"profileId": 1, "format": "csv", "from": "2024-13", "to": "",
                        "kinds": [], "lang": "en", "showId": false}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid_argument");
    assert!(refused["message"].as_str().unwrap().contains("2024-13"));
    assert!(!folder.exists() || std::fs::read_dir(&folder).unwrap().next().is_none());
    assert_eq!(
        invoke(&window, "exports", json!({"profileId": 1})).unwrap(),
        json!([])
    );
    // Only files this session wrote can be opened, by id.
    let unknown = invoke(
        &window,
        "open_export",
        json!({"exportId": 99, "reveal": false}),
    )
    .unwrap_err();
    assert_eq!(unknown["code"], "invalid_argument");
}
