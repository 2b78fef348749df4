//! The per-person import's commands through Tauri's mock runtime: a several-people file read
//! per person (nothing written), then the people the user ticked written in one commit with
//! progress — and a one-person file refused, so the window goes on with the one-person preview.

mod mock_app;

use mock_app::{app_on, import_fixture as fixture, invoke, load, new_profile, Window};
use serde_json::{json, Value};
use tauri::Listener;

fn profiles(window: &Window) -> Vec<String> {
    let overview = invoke(window, "overview", json!({})).unwrap();
    let mut names: Vec<String> = overview["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["profile"]["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn the_ticked_people_are_written_in_one_commit_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app_on(&dir.path().join("shebao.db"));
    new_profile(&window, "张杭");
    load(&window, "three_people.csv", fixture("three_people.csv")).unwrap();

    let preview = invoke(&window, "import_people_preview", json!({})).unwrap();
    let persons = preview["persons"].as_array().unwrap();
    let seen: Vec<(&str, &str, u64)> = persons
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["match"].as_str().unwrap(),
                p["records"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("王秀英", "new", 12),
            ("李建国", "new", 12),
            ("李娜", "new", 12)
        ]
    );
    assert_eq!(persons[0]["id_masked"], "1101**********0023");
    assert_eq!(preview["errors"], json!([]));
    assert_eq!(profiles(&window), ["张杭"], "a preview writes nothing");

    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let seen = events.clone();
    app.listen_any("import-progress", move |event| {
        seen.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    let report = invoke(
        &window,
        "import_people_commit",
        json!({"decisions": ["create", "skip", "create"]}),
    )
    .unwrap();
    let written: Vec<(bool, u64)> = report["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["created"].as_bool().unwrap(), p["new"].as_u64().unwrap()))
        .collect();
    assert_eq!(written, [(true, 12), (false, 0), (true, 12)]);
    assert_eq!(report["persons"][1]["profile_id"], Value::Null, "skipped");
    assert_eq!(profiles(&window), ["张杭", "李娜", "王秀英"]);
    let last = events
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("progress events");
    assert_eq!(last, json!({"done": 24, "total": 24}));
}

#[test]
fn a_one_person_file_is_not_a_per_person_import() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    new_profile(&window, "张杭");
    load(&window, "杭州.csv", fixture("hangzhou_utf8_bom.csv")).unwrap();
    let refused = invoke(&window, "import_people_preview", json!({})).unwrap_err();
    assert_eq!(refused["code"], "import_no_person_column");
}
