//! The `shebao` binary run as a process, on real database files in temp dirs: the contract in
//! docs/cli.md (flags, JSON shapes, exit codes) as scripts see it.

mod common;

use common::*;
use serde_json::json;
use std::path::Path;
use std::process::Command;

#[test]
fn profile_add_and_list_print_the_documented_json() {
    let (_dir, db) = temp_db();
    let added = json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--id-number",
            "11010519491231002X",
            "--json",
        ],
    ));
    assert_eq!(added, json!({"id": 1, "name": "王芳"}));
    assert_eq!(
        shebao(
            &db,
            &[
                "profile",
                "add",
                "--name",
                "王小明",
                "--sex",
                "male",
                "--born",
                "2015-06"
            ]
        )
        .code,
        0
    );
    let list = json_of(&shebao(&db, &["profile", "list", "--json"]));
    assert_eq!(
        list,
        json!({"profiles": [{"id": 1, "name": "王芳"}, {"id": 2, "name": "王小明"}]})
    );

    let shown = json_of(&shebao(&db, &["profile", "show", "王芳", "--json"]));
    assert_eq!(shown["id_number_masked"], "1101**********002X");
    assert_eq!(shown["sex"], "female");
    assert_eq!(shown["birth"], "1949-12");
    assert!(
        !shown.to_string().contains("19491231"),
        "the whole ID number never leaves the core"
    );
}

#[test]
fn an_invalid_id_number_is_a_user_error_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let run = shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "李四",
            "--id-number",
            "110105194912310021",
        ],
    );
    assert_user_error(&run, "校验位应为 X");
    assert!(
        !run.stderr.contains("110105194912310021"),
        "the number is not echoed"
    );
    let en = shebao(
        &db,
        &[
            "--lang",
            "en",
            "profile",
            "add",
            "--name",
            "李四",
            "--id-number",
            "1101",
        ],
    );
    assert_user_error(&en, "18");
    assert_eq!(
        json_of(&shebao(&db, &["profile", "list", "--json"])),
        json!({"profiles": []})
    );
}

#[test]
fn an_unknown_profile_is_a_user_error() {
    let (_dir, db) = temp_db();
    assert_user_error(&shebao(&db, &["summary", "--profile", "nobody"]), "nobody");
    assert_user_error(
        &shebao(
            &db,
            &["--lang", "en", "summary", "--profile", "42", "--json"],
        ),
        "no profile",
    );
}

#[test]
fn usage_errors_exit_2() {
    let (_dir, db) = temp_db();
    assert_eq!(shebao(&db, &[]).code, 2);
    assert_eq!(shebao(&db, &["summary"]).code, 2, "missing --profile");
    assert_eq!(shebao(&db, &["frobnicate"]).code, 2);
    assert_eq!(
        shebao(&db, &["profile", "add", "--name", "x", "--sex", "unknown"]).code,
        2
    );
    assert_eq!(shebao(&db, &["--lang", "fr", "profile", "list"]).code, 2);
}

#[test]
fn demo_then_summary_json_has_every_kind_and_the_documented_shape() {
    let (_dir, db) = temp_db();
    let demo = json_of(&shebao(&db, &["demo", "--json"]));
    let id = demo["profile"]["id"].as_i64().unwrap();
    assert!(demo["contributions"]["inserted"].as_u64().unwrap() > 500);

    let again = json_of(&shebao(&db, &["demo", "--json"]));
    assert_eq!(again["contributions"]["inserted"], 0, "the demo loads once");
    assert_eq!(again["contributions"]["updated"], 0);

    let summary = json_of(&shebao(
        &db,
        &["summary", "--profile", &id.to_string(), "--json"],
    ));
    assert_eq!(
        summary["profile"],
        json!({"id": id, "name": demo["profile"]["name"]})
    );
    let kinds = summary["kinds"].as_object().unwrap();
    let names: Vec<&str> = kinds.keys().map(String::as_str).collect();
    assert_eq!(names.len(), 6);
    for kind in [
        "pension",
        "medical",
        "unemployment",
        "work_injury",
        "maternity",
        "housing_fund",
    ] {
        let entry = kinds[kind]
            .as_object()
            .unwrap_or_else(|| panic!("{kind} missing"));
        let mut keys: Vec<&str> = entry.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(keys, ["first", "gaps", "last", "months_paid"], "{kind}");
    }
    let pension = &kinds["pension"];
    assert_eq!(pension["first"], "2011-07");
    assert_eq!(
        pension["gaps"],
        json!([{"from": "2023-04", "to": "2023-06", "months": 3}])
    );
    assert_eq!(kinds["housing_fund"]["last"], "2021-12");

    // The same profile by name gives the same answer.
    let by_name = json_of(&shebao(
        &db,
        &[
            "summary",
            "--profile",
            demo["profile"]["name"].as_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(by_name, summary);
    let text = shebao(&db, &["summary", "--profile", &id.to_string()]);
    assert!(
        text.stdout.contains("养老保险") && text.stdout.contains("2023-04~2023-06"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    let content = "这不是数据库 — just some notes\n".repeat(20);
    std::fs::write(&db, &content).unwrap();
    assert_user_error(&shebao(&db, &["profile", "list"]), "SQLite");
    assert_eq!(std::fs::read_to_string(&db).unwrap(), content);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no -wal or -shm beside it"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_byte_for_byte_untouched() {
    let (_dir, db) = temp_db();
    json_of(&shebao(&db, &["profile", "add", "--name", "甲", "--json"]));
    // Pretend a future version wrote it.
    set_user_version_in_header(&db, 999);
    let before = std::fs::read(&db).unwrap();
    let run = shebao(&db, &["--lang", "en", "profile", "list"]);
    assert_user_error(&run, "newer version");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Sets the header's user_version field directly (bytes 60..64, big-endian), as SQLite stores it.
fn set_user_version_in_header(db: &Path, version: i32) {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start(60)).unwrap();
    file.write_all(&version.to_be_bytes()).unwrap();
}

#[test]
fn an_unusable_data_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let db = blocker.join("sub").join("shebao.db");
    assert_user_error(
        &shebao(&db, &["--lang", "en", "profile", "list"]),
        "data directory",
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn shebao_db_environment_variable_chooses_the_database() {
    let (_dir, db) = temp_db();
    let run = Command::new(env!("CARGO_BIN_EXE_shebao"))
        .args(["profile", "add", "--name", "环境", "--json"])
        .env("SHEBAO_DB", &db)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(db.exists());
    let list = json_of(&shebao(&db, &["profile", "list", "--json"]));
    assert_eq!(list["profiles"][0]["name"], "环境");
}

/// A script asks for JSON and gets its error as JSON too: one line on stderr with the stable
/// code and the message, and nothing on stdout.
#[test]
fn json_errors_are_one_line_of_code_and_message_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    json_of(&shebao(&db, &["demo", "--json"]));

    let run = shebao(
        &db,
        &["--lang", "en", "summary", "--profile", "nobody", "--json"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{:?}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(run.stderr.trim_end()).unwrap();
    assert_eq!(
        report,
        json!({"code": "unknown_profile", "message": "no profile named or numbered \"nobody\""})
    );

    // Without --json: the one line a person reads.
    let run = shebao(&db, &["--lang", "en", "summary", "--profile", "nobody"]);
    assert_eq!(
        run.stderr.trim_end(),
        "shebao: no profile named or numbered \"nobody\""
    );
}
