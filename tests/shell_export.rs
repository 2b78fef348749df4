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

#[test]
fn every_profile_goes_into_a_new_folder_with_its_manifest_and_each_file_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let folder = dir.path().join("exports");
    prepare(&db, &folder);
    {
        let mut store = Store::open(&db).unwrap();
        let second = shebao_core::model::NewProfile {
            name: "王五".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store.add_profile(&second).unwrap();
    }
    let (_app, window) = app_on(&db);
    let form = json!({"form": {"format": "csv", "from": "", "to": "", "kinds": [],
                               "lang": "en", "showId": false}});
    let done = invoke(&window, "export_every_profile", form).unwrap();
    assert_eq!(done["files"], 2);
    let batch = std::path::PathBuf::from(done["folder"].as_str().unwrap());
    assert_eq!(batch.parent().unwrap(), folder, "inside the export folder");
    assert!(batch
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("contribution-records-all-"));
    let refused = invoke(
        &window,
        "export_every_profile",
        json!({"form": {"format": "csv", "from": "2024-13", "lang": "en"}}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "invalid_argument", "{refused}");

    drop(window);
    drop(_app);
    let store = Store::open(&db).unwrap();
    let checks = shebao_core::export::verify_batch(&store, &batch.join("manifest.csv")).unwrap();
    let names: Vec<_> = checks.iter().map(|c| c.entry.profile.as_str()).collect();
    assert_eq!(names, ["李明（示例）", "王五"]);
    assert!(checks.iter().all(|c| c.passed()));
}
