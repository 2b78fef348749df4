//! The import wizard's commands through Tauri's mock runtime: a file's raw bytes in, a preview
//! that writes nothing, the mapping step for an unknown header, and a commit with progress.

mod mock_app;

use mock_app::{app_on, import_fixture as fixture, invoke, load, new_profile, request, Window};
use serde_json::{json, Value};
use tauri::ipc::InvokeBody;
use tauri::test::get_ipc_response;
use tauri::Listener;

fn record_count(window: &Window, profile: i64) -> usize {
    invoke(window, "contributions", json!({"profileId": profile}))
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_loaded_file_previews_without_writing_then_commits_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let (app, window) = app_on(&dir.path().join("shebao.db"));
    let profile = new_profile(&window, "张杭");

    let loaded = load(
        &window,
        "杭州社保明细.csv",
        fixture("hangzhou_utf8_bom.csv"),
    )
    .unwrap();
    assert_eq!(loaded["file_name"], "杭州社保明细.csv");

    let preview = invoke(&window, "import_preview", json!({"profileId": profile})).unwrap();
    assert_eq!(preview["errors"], json!([]));
    let records = preview["records"].as_u64().unwrap() as usize;
    assert!(records > 0, "{preview}");
    assert_eq!(preview["added"].as_u64().unwrap() as usize, records);
    // The core says whether it may be written; the window only reads it.
    assert_eq!(preview["can_commit"], true);
    assert_eq!(preview["blocked_by"], json!([]));
    assert_eq!(
        record_count(&window, profile),
        0,
        "a preview writes nothing"
    );

    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let seen = events.clone();
    app.listen_any("import-progress", move |event| {
        seen.lock()
            .unwrap()
            .push(serde_json::from_str(event.payload()).unwrap());
    });
    let report = invoke(
        &window,
        "import_commit",
        json!({"profileId": profile, "mapping": null, "force": false, "saveMapping": false}),
    )
    .unwrap();
    assert_eq!(report["added"].as_u64().unwrap() as usize, records);
    assert_eq!(record_count(&window, profile), records);
    let last = events
        .lock()
        .unwrap()
        .last()
        .cloned()
        .expect("progress events");
    assert_eq!(last, json!({"done": records, "total": records}));

    // The file is consumed by the commit: the next import starts from a new file.
    let again = invoke(&window, "import_preview", json!({"profileId": profile})).unwrap_err();
    assert_eq!(again["code"], "import_nothing_loaded");
}

#[test]
fn row_errors_are_listed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let profile = new_profile(&window, "张三");
    load(&window, "bad_rows.csv", fixture("bad_rows.csv")).unwrap();

    let preview = invoke(&window, "import_preview", json!({"profileId": profile})).unwrap();
    let errors = preview["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert_eq!(preview["can_commit"], false);
    assert_eq!(preview["blocked_by"][0], "row_errors", "{preview}");
    assert_eq!(preview["blocked_when_forced"][0], "row_errors");
    for error in errors {
        assert!(error["line"].as_u64().unwrap() > 0, "{error}");
        assert!(!error["message"].as_str().unwrap().is_empty(), "{error}");
    }
    let refused = invoke(
        &window,
        "import_commit",
        json!({"profileId": profile, "mapping": null, "force": false, "saveMapping": false}),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "import_row_errors", "{refused}");
    assert_eq!(record_count(&window, profile), 0);
    // A refused file stays loaded, so the preview can be shown again.
    invoke(&window, "import_preview", json!({"profileId": profile})).unwrap();
}

#[test]
fn an_unknown_header_leads_to_the_mapping_step_which_can_be_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let profile = new_profile(&window, "李明");
    load(&window, "代扣明细.csv", fixture("unrecognised_header.csv")).unwrap();

    let no_header = invoke(&window, "import_preview", json!({"profileId": profile})).unwrap_err();
    assert_eq!(no_header["code"], "import_no_header");
    let sample = invoke(&window, "import_columns", json!({})).unwrap();
    assert_eq!(sample["columns"][0], "A");
    assert!(sample["rows"].as_array().unwrap().len() > 3);

    let mapping = json!({"header_line": 4,
        "columns": {"month": "A", "kind": "B", "base": "C", "personal": "D", "employer": "E"}});
    let preview = invoke(
        &window,
        "import_preview",
        json!({"profileId": profile, "mapping": mapping}),
    )
    .unwrap();
    assert_eq!(preview["errors"], json!([]), "{preview}");
    let records = preview["records"].as_u64().unwrap();
    let report = invoke(
        &window,
        "import_commit",
        json!({"profileId": profile, "mapping": mapping, "force": false, "saveMapping": true}),
    )
    .unwrap();
    assert_eq!(report["added"].as_u64().unwrap(), records);

    // The next file from the same source is read with the remembered columns.
    load(&window, "代扣明细.csv", fixture("unrecognised_header.csv")).unwrap();
    let remembered = invoke(&window, "import_preview", json!({"profileId": profile})).unwrap();
    assert_eq!(remembered["unchanged"].as_u64().unwrap(), records);
    assert_eq!(remembered["blocked_by"], json!(["nothing_to_write"]));
    assert_eq!(
        remembered["blocked_when_forced"],
        json!(["nothing_to_write"])
    );
}

#[test]
fn empty_and_nameless_loads_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let empty = load(&window, "empty.csv", Vec::new()).unwrap_err();
    assert_eq!(empty["code"], "import_empty_file");
    assert!(empty["message"].as_str().unwrap().contains("empty.csv"));
    let nameless = get_ipc_response(
        &window,
        request(
            "import_load",
            InvokeBody::Raw(b"a,b".to_vec()),
            Default::default(),
        ),
    )
    .unwrap_err();
    assert!(nameless.to_string().contains("x-file-name"), "{nameless}");
}
