//! `shebao import --mapping`, `columns` and `mapping` run as a process: a file whose header is
//! not recognised is refused with the way forward, imported with the columns named, and the
//! remembered mapping is used for the next file without being asked.

mod common;

use common::{json_of, shebao, shebao_with_stdin};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    assert_eq!(shebao(&db, &["profile", "add", "--name", "李明"]).code, 0);
    (dir, db)
}

const HR: &str = "unrecognised_header.csv";
const HR_MAPPING: &str = "month=A,kind=B,base=C,personal=D,employer=E,header=4";

#[test]
fn an_unrecognised_header_is_refused_with_the_way_forward() {
    let (_dir, db) = setup();
    let before = std::fs::read(&db).unwrap();
    let run = shebao(&db, &["import", &fixture(HR), "--profile", "李明"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("找不到表头行"), "{}", run.stderr);
    assert!(run.stderr.contains("shebao columns FILE"), "{}", run.stderr);
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing written");
}

#[test]
fn columns_shows_lines_letters_and_a_suggested_mapping_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.db");
    let run = shebao(&db, &["columns", &fixture(HR), "--rows", "5"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("员工承担"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("--mapping {HR_MAPPING}")),
        "{}",
        run.stdout
    );
    let sample = json_of(&shebao(
        &db,
        &["columns", &fixture(HR), "--rows", "5", "--json"],
    ));
    assert_eq!(sample["columns"], json!(["A", "B", "C", "D", "E", "F"]));
    assert_eq!(
        sample["rows"][3],
        json!({"line": 4, "cells": ["日期", "项目", "计费工资", "员工承担", "公司承担", "备注"]})
    );
    assert_eq!(sample["suggestion"]["columns"]["personal"], "D");
    assert_eq!(sample["suggested_by"], "guess");
    assert!(!db.exists(), "columns never creates a database");
}

#[test]
fn a_mapping_imports_and_is_remembered_for_the_next_file() {
    let (_dir, db) = setup();
    let run = shebao(
        &db,
        &[
            "import",
            &fixture(HR),
            "--profile",
            "李明",
            "--mapping",
            HR_MAPPING,
            "--save-mapping",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("新增 18 条"), "{}", run.stdout);
    assert!(
        run.stdout.contains("按列映射读取：月份=A"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("已记住"), "{}", run.stdout);

    // The same export again, on standard input: the remembered mapping reads it.
    let bytes = std::fs::read(fixture(HR)).unwrap();
    let again = json_of(&shebao_with_stdin(
        &db,
        &["import", "-", "--profile", "李明", "--json"],
        &bytes,
    ));
    assert_eq!(
        again,
        json!({"added": 0, "updated": 0, "unchanged": 18, "skipped_rows": 4, "errors": []})
    );

    let list = json_of(&shebao(&db, &["mapping", "list", "--json"]));
    let saved = &list["mappings"][0];
    assert_eq!(saved["label"], HR);
    assert_eq!(saved["mapping"]["columns"]["employer"], "E");
    assert!(saved["last_used"].is_string());
    let id = saved["id"].to_string();
    assert_eq!(
        json_of(&shebao(&db, &["mapping", "delete", &id, "--json"]))["deleted"],
        saved["id"]
    );
    let gone = shebao(&db, &["mapping", "delete", &id]);
    assert_eq!(gone.code, 1, "{}", gone.stderr);
    assert_eq!(
        json_of(&shebao(&db, &["mapping", "list", "--json"]))["mappings"],
        json!([])
    );
}

#[test]
fn a_mapping_file_and_a_guessed_header_line() {
    let (dir, db) = setup();
    let file = dir.path().join("hf.json");
    std::fs::write(
        &file,
        r#"{"header_line": null, "columns": {"month": "A", "employer": "B", "personal": "C", "status": "D"}, "kind": "housing_fund"}"#,
    )
    .unwrap();
    let report = json_of(&shebao(
        &db,
        &[
            "import",
            &fixture("housing_fund_paste.tsv"),
            "--profile",
            "李明",
            "--mapping-file",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(report["added"], 6);
    let summary = json_of(&shebao(&db, &["summary", "--profile", "李明", "--json"]));
    assert_eq!(summary["kinds"]["housing_fund"]["months_paid"], 6);

    // Without header=, the header is the row above the first month.
    let dry = json_of(&shebao(
        &db,
        &[
            "import",
            &fixture(HR),
            "--profile",
            "李明",
            "--mapping",
            "month=A,kind=B,personal=D",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(
        (dry["added"].as_u64(), dry["skipped_rows"].as_u64()),
        (Some(18), Some(4))
    );

    std::fs::write(&file, "{not json").unwrap();
    let bad = shebao(
        &db,
        &[
            "import",
            &fixture(HR),
            "--profile",
            "李明",
            "--mapping-file",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("不是列映射 JSON"), "{}", bad.stderr);
}

#[test]
fn malformed_or_unusable_mappings() {
    let (_dir, db) = setup();
    let usage = shebao(
        &db,
        &[
            "import",
            &fixture(HR),
            "--profile",
            "李明",
            "--mapping",
            "monat=A",
        ],
    );
    assert_eq!(usage.code, 2, "a malformed flag value is a usage error");
    assert!(usage.stderr.contains("unknown field"), "{}", usage.stderr);

    let outside = shebao(
        &db,
        &[
            "--lang",
            "en",
            "import",
            &fixture(HR),
            "--profile",
            "李明",
            "--mapping",
            "month=A,kind=B,personal=Q",
        ],
    );
    assert_eq!(outside.code, 1);
    assert!(
        outside.stderr.contains("there is no column Q"),
        "{}",
        outside.stderr
    );

    let errors = shebao(
        &db,
        &[
            "import",
            &fixture(HR),
            "--profile",
            "李明",
            "--mapping",
            "month=A,kind=C,personal=D,header=4",
            "--json",
        ],
    );
    assert_eq!(errors.code, 1);
    let report: Value = serde_json::from_str(&errors.stdout).unwrap();
    assert_eq!(report["errors"][0]["line"], 5);
    assert_eq!(report["errors"][0]["column"], "计费工资");
}
