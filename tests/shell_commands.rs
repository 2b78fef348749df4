//! The shell's commands through Tauri's mock runtime, with the real tauri.conf.json and
//! capabilities/: what the window can call, what it gets back, and how errors arrive.

mod mock_app;

use mock_app::{app_on, invoke};
use serde_json::{json, Value};

#[test]
fn the_window_loads_the_demo_and_reads_the_overview() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));

    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["language"], "zh");
    assert_eq!(info["open_error"], Value::Null);
    // Where the core keeps backups: beside the database.
    assert_eq!(
        info["backups_dir"],
        dir.path().join("backups").display().to_string()
    );
    // The kinds every view lists, in the core's order (ui/kinds.js keeps them).
    assert_eq!(
        info["kinds"],
        json!([
            "pension",
            "medical",
            "unemployment",
            "work_injury",
            "maternity",
            "housing_fund"
        ])
    );

    let empty = invoke(&window, "overview", json!({})).unwrap();
    assert_eq!(empty["profiles"], json!([]));

    let demo = invoke(&window, "load_demo", json!({})).unwrap();
    let overview = invoke(&window, "overview", json!({})).unwrap();
    let first = &overview["profiles"][0];
    assert_eq!(first["profile"]["id"], demo["profile"]["id"]);
    assert_eq!(first["summary"]["pension"]["first"], "2011-07");
    assert_eq!(first["summary"]["pension"]["gaps"][0]["months"], 3);
    assert_eq!(overview["sources"].as_array().unwrap().len(), 1);
}

#[test]
fn errors_arrive_as_code_and_message_in_the_chosen_language() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));

    let form = json!({"form": {"name": "张三", "id_number": "110105194912310021"}});
    let error = invoke(&window, "add_profile", form.clone()).unwrap_err();
    assert_eq!(error["code"], "invalid_id_number");
    assert_eq!(error["message"], "身份证号码无效：校验位应为 X，而不是 1");

    assert_eq!(
        invoke(&window, "set_language", json!({"lang": "en"})).unwrap(),
        "en"
    );
    let error = invoke(&window, "add_profile", form).unwrap_err();
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid resident ID number"),
        "{error}"
    );

    let bad_lang = invoke(&window, "set_language", json!({"lang": "fr"})).unwrap_err();
    assert_eq!(bad_lang["code"], "invalid_argument");
    assert_eq!(bad_lang["details"]["field"], "lang");
}

#[test]
fn the_language_choice_is_kept_in_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    {
        let (_app, window) = app_on(&db);
        invoke(&window, "set_language", json!({"lang": "en"})).unwrap();
    }
    let (_app, window) = app_on(&db);
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["language"],
        "en"
    );
}

#[test]
fn a_refused_database_is_reported_to_the_window_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    std::fs::write(&db, b"not a database at all").unwrap();
    let (_app, window) = app_on(&db);
    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["open_error"]["code"], "not_a_database");
    assert_eq!(
        invoke(&window, "overview", json!({})).unwrap_err()["code"],
        "not_a_database"
    );
    assert_eq!(std::fs::read(&db).unwrap(), b"not a database at all");
}

#[test]
fn adding_a_profile_from_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let form = json!({"form": {"name": " 王芳 ", "id_number": "11010519491231002X", "sex": "", "born": "",
                               "region": "", "employment": "flexible"}});
    let profile = invoke(&window, "add_profile", form).unwrap();
    assert_eq!(profile["name"], "王芳");
    assert_eq!(profile["sex"], "female");
    assert_eq!(profile["employment"], "flexible");
    assert_eq!(profile["id_number_masked"], "1101**********002X");
}

/// build.rs declares the commands, capabilities/default.json grants them, and the handler
/// answers each: the three lists must not drift apart.
#[test]
fn every_declared_command_is_granted_and_answers() {
    let build_rs = include_str!("../src-tauri/build.rs");
    let list = build_rs
        .split("const COMMANDS: &[&str] = &[")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    let commands: Vec<&str> = list
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect();
    let capability: Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .filter(|p| !p.starts_with("core:")) // Tauri's own, for the menu's events
        .collect();
    let expected: Vec<String> = commands
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, expected,
        "capabilities/default.json grants exactly the declared commands"
    );

    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    for command in commands {
        if let Err(error) = invoke(&window, command, json!({})) {
            // Our own errors ({code, message}) mean the command ran: its message may quote the
            // system (Windows says "Host not found" of a name it cannot resolve). Tauri's
            // refusals are plain text: missing arguments are fine, "not found" or "not allowed"
            // would not be.
            if error.get("code").is_some() {
                continue;
            }
            let text = error.to_string();
            assert!(
                !text.contains("not found") && !text.contains("not allowed"),
                "{command}: {text}"
            );
        }
    }
    let denied = invoke(&window, "no_such_command", json!({}))
        .unwrap_err()
        .to_string();
    assert!(
        denied.contains("not found") || denied.contains("not allowed"),
        "{denied}"
    );
}

/// The desktop app and the CLI find the same default database only if the identifiers agree.
#[test]
fn the_app_identifier_matches_the_core_data_directory() {
    let config: Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    assert_eq!(config["identifier"], shebao_core::paths::APP_IDENTIFIER);
}

#[test]
fn a_deleted_profile_comes_back_with_undo_until_the_app_closes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let (_app, window) = app_on(&db);
    let demo = invoke(&window, "load_demo", json!({})).unwrap();
    let id = demo["profile"]["id"].clone();
    let before = invoke(&window, "contributions", json!({"profileId": id})).unwrap();

    let deleted = invoke(&window, "delete_profile", json!({"profileId": id})).unwrap();
    assert_eq!(deleted["records"], before.as_array().unwrap().len());
    assert_eq!(
        invoke(&window, "overview", json!({})).unwrap()["profiles"],
        json!([])
    );
    assert_eq!(
        invoke(&window, "contributions", json!({"profileId": id})).unwrap_err()["code"],
        "unknown_profile"
    );

    let restored = invoke(&window, "undo_delete", json!({"token": deleted["token"]})).unwrap();
    assert_eq!(restored["id"], id);
    assert_eq!(
        invoke(&window, "contributions", json!({"profileId": id})).unwrap(),
        before
    );
    let again = invoke(&window, "undo_delete", json!({"token": deleted["token"]})).unwrap_err();
    assert_eq!(again["code"], "invalid_argument", "a token undoes once");

    let edited = invoke(
        &window,
        "update_profile",
        json!({"profileId": id, "form": {"name": "李明", "sex": "male", "born": "1988-03", "employment": "flexible"}}),
    )
    .unwrap();
    assert_eq!(edited["name"], "李明");
    let bad = invoke(
        &window,
        "update_profile",
        json!({"profileId": id, "form": {"name": "李明", "born": "1988-13"}}),
    )
    .unwrap_err();
    assert_eq!(bad["details"]["field"], "born");
}

#[test]
fn notifications_can_be_turned_off_and_on_and_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    {
        let (_app, window) = app_on(&db);
        assert_eq!(
            invoke(&window, "app_info", json!({})).unwrap()["notifications"],
            true
        );
        assert_eq!(
            invoke(&window, "set_notifications", json!({"enabled": false})).unwrap(),
            false
        );
    }
    let (_app, window) = app_on(&db);
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["notifications"],
        false
    );
    invoke(&window, "set_notifications", json!({"enabled": true})).unwrap();
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["notifications"],
        true
    );
}

#[test]
fn app_info_names_the_rule_tables_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let rules = &invoke(&window, "app_info", json!({})).unwrap()["rules"];
    assert_eq!(rules["origin"], "bundled");
    assert_eq!(
        rules["version"],
        shebao_core::rules::RuleSet::bundled().version().to_string()
    );
    assert_eq!(rules["set_aside"], Value::Null);
}
