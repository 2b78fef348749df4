//! `shebao import` run as a process on real database files: the contract in docs/cli.md as
//! scripts see it — the JSON shape, exit statuses, stderr lines, stdin, and that a failed or
//! dry-run import leaves the database file byte for byte as it was.

mod common;

use common::{json_of, shebao, shebao_with_stdin};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn with_check(first17: &str) -> String {
    shebao_core::model::IdNumber::with_check_char(first17)
        .expect("17 digits of a real date")
        .as_str()
        .to_string()
}

/// A database in a temp dir with one profile.
fn setup(profile_args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let mut args = vec!["profile", "add"];
    args.extend_from_slice(profile_args);
    assert_eq!(shebao(&db, &args).code, 0);
    (dir, db)
}

fn import_json(db: &Path, file: &str, profile: &str, extra: &[&str]) -> Value {
    let path = fixture(file);
    let mut args = vec!["import", path.as_str(), "--profile", profile, "--json"];
    args.extend_from_slice(extra);
    json_of(&shebao(db, &args))
}

fn summary(db: &Path, profile: &str) -> Value {
    json_of(&shebao(db, &["summary", "--profile", profile, "--json"]))["kinds"].clone()
}

#[test]
fn each_fixture_imports_to_the_right_months_and_gaps() {
    let zhang = with_check("51010419880315123");
    let (_dir, db) = setup(&["--name", "张伟", "--id-number", &zhang]);
    assert_eq!(
        import_json(&db, "chengdu_gbk.csv", "张伟", &[]),
        json!({"added": 36, "updated": 0, "unchanged": 0, "skipped_rows": 8, "errors": []})
    );
    let kinds = summary(&db, "张伟");
    assert_eq!(kinds["pension"]["months_paid"], 11);
    assert_eq!(
        kinds["pension"]["gaps"],
        json!([{"from": "2023-06", "to": "2023-06", "months": 1}])
    );
    assert_eq!(kinds["medical"]["months_paid"], 12);

    let chen = with_check("44030419900101432");
    assert_eq!(
        shebao(
            &db,
            &["profile", "add", "--name", "陈静", "--id-number", &chen]
        )
        .code,
        0
    );
    let report = import_json(&db, "shenzhen.xlsx", "陈静", &[]);
    assert_eq!(
        (report["added"].as_u64(), report["skipped_rows"].as_u64()),
        (Some(18), Some(4))
    );
    let kinds = summary(&db, "陈静");
    assert_eq!(kinds["unemployment"]["first"], "2021-07");
    assert_eq!(kinds["unemployment"]["months_paid"], 6);

    assert_eq!(shebao(&db, &["profile", "add", "--name", "赵磊"]).code, 0);
    assert_eq!(import_json(&db, "wide.csv", "赵磊", &[])["added"], 53);
    assert_eq!(
        summary(&db, "赵磊")["pension"]["gaps"],
        json!([{"from": "2020-05", "to": "2020-05", "months": 1}])
    );

    assert_eq!(
        shebao(
            &db,
            &[
                "profile",
                "add",
                "--name",
                "孙丽",
                "--employment",
                "flexible"
            ]
        )
        .code,
        0
    );
    for (file, added) in [
        ("national_pension_beijing.csv", 36),
        ("national_pension_chengdu.csv", 6),
    ] {
        assert_eq!(import_json(&db, file, "孙丽", &[])["added"], added);
    }
    let pension = &summary(&db, "孙丽")["pension"];
    assert_eq!(
        (pension["months_paid"].as_u64(), pension["last"].as_str()),
        (Some(42), Some("2022-06"))
    );

    assert_eq!(shebao(&db, &["profile", "add", "--name", "周敏"]).code, 0);
    assert_eq!(
        import_json(&db, "hangzhou_utf8_bom.csv", "周敏", &[])["added"],
        12
    );
    assert_eq!(
        summary(&db, "周敏")["medical"]["gaps"],
        json!([{"from": "2024-04", "to": "2024-04", "months": 1}])
    );
}

#[test]
fn a_pasted_table_on_standard_input() {
    let (_dir, db) = setup(&["--name", "刘洋"]);
    let pasted = std::fs::read(fixture("paste.tsv")).unwrap();
    let run = shebao_with_stdin(
        &db,
        &["import", "-", "--profile", "刘洋", "--json"],
        &pasted,
    );
    assert_eq!(
        json_of(&run),
        json!({"added": 12, "updated": 0, "unchanged": 0, "skipped_rows": 0, "errors": []})
    );
    assert_eq!(summary(&db, "刘洋")["housing_fund"]["months_paid"], 4);
    let text = shebao_with_stdin(
        &db,
        &["--lang", "en", "import", "-", "--profile", "刘洋"],
        &pasted,
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.contains("0 added, 0 updated, 12 unchanged"),
        "{}",
        text.stdout
    );
}

#[test]
fn importing_the_same_file_again_adds_and_changes_nothing() {
    let (_dir, db) = setup(&["--name", "赵磊"]);
    assert_eq!(import_json(&db, "wide.csv", "赵磊", &[])["added"], 53);
    assert_eq!(
        import_json(&db, "wide.csv", "赵磊", &[]),
        json!({"added": 0, "updated": 0, "unchanged": 53, "skipped_rows": 1, "errors": []})
    );
}

#[test]
fn a_dry_run_reports_what_would_change_and_writes_nothing() {
    let (_dir, db) = setup(&["--name", "赵磊"]);
    let before = std::fs::read(&db).unwrap();
    assert_eq!(
        import_json(&db, "wide.csv", "赵磊", &["--dry-run"]),
        json!({"added": 53, "updated": 0, "unchanged": 0, "skipped_rows": 1, "errors": []})
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "byte for byte");
    assert_eq!(summary(&db, "赵磊")["pension"]["months_paid"], 0);
}

#[test]
fn row_errors_exit_1_name_line_and_value_and_write_nothing() {
    let (_dir, db) = setup(&["--name", "赵磊"]);
    import_json(&db, "wide.csv", "赵磊", &[]);
    let before = std::fs::read(&db).unwrap();
    let path = fixture("bad_rows.csv");

    let run = shebao(&db, &["--lang", "en", "import", &path, "--profile", "赵磊"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "a count and one line per error: {:?}",
        run.stderr
    );
    assert!(
        lines[0].starts_with("shebao: bad_rows.csv: 3 problem"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("line 3") && lines[1].contains("2024-13"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("line 4") && lines[2].contains("一百六十"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains("line 5") && lines[3].contains("意外伤害险"),
        "{}",
        lines[3]
    );

    let run = shebao(&db, &["import", &path, "--profile", "赵磊", "--json"]);
    assert_eq!(run.code, 1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["added"], 0);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], "费款所属期");
    assert_eq!(errors[0]["value"], "2024-13");
    assert!(errors[0]["message"].as_str().unwrap().contains("不是月份"));
    let mut keys: Vec<&str> = errors[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["column", "line", "message", "value"]);

    let dry = shebao(&db, &["import", &path, "--profile", "赵磊", "--dry-run"]);
    assert_eq!(dry.code, 1);
    assert_eq!(std::fs::read(&db).unwrap(), before, "byte for byte");
}

#[test]
fn many_errors_are_cut_to_the_first_ten_and_counted() {
    let (_dir, db) = setup(&["--name", "赵磊"]);
    let mut text = String::from("年月,险种,个人缴费\n");
    for i in 0..25 {
        text.push_str(&format!("2024-{},养老,1\n", 13 + i));
    }
    let run = shebao_with_stdin(
        &db,
        &["--lang", "en", "import", "-", "--profile", "赵磊"],
        text.as_bytes(),
    );
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 12, "{:?}", run.stderr);
    assert!(lines[11].contains("15 more"), "{}", lines[11]);
}

#[test]
fn another_persons_statement_is_refused_unless_forced() {
    let (_dir, db) = setup(&["--name", "王芳", "--id-number", "11010519491231002X"]);
    let before = std::fs::read(&db).unwrap();
    let path = fixture("chengdu_gbk.csv");
    let run = shebao(&db, &["import", &path, "--profile", "王芳"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(run.stderr.contains("1101**********002X"), "{}", run.stderr);
    let theirs = with_check("51010419880315123");
    assert!(!run.stderr.contains(&theirs) && !run.stderr.contains("11010519491231002X"));
    assert_eq!(
        shebao(&db, &["import", &path, "--profile", "王芳", "--dry-run"]).code,
        1
    );
    assert!(
        run.stderr
            .trim_end()
            .ends_with("未导入任何数据；如确认无误，可加 --force 强制导入"),
        "the core's message, then the CLI's way out: {}",
        run.stderr
    );
    // A script gets the remedy by name too; the message for the person keeps the way out.
    let json = shebao(&db, &["import", &path, "--profile", "王芳", "--json"]);
    assert_eq!(json.code, 1);
    let report: serde_json::Value = serde_json::from_str(json.stderr.trim_end()).unwrap();
    assert_eq!(report["code"], "person_mismatch");
    assert_eq!(report["remedy"], "import_anyway");
    assert!(
        report["message"].as_str().unwrap().contains("--force"),
        "{report}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "byte for byte");

    let forced = import_json(&db, "chengdu_gbk.csv", "王芳", &["--force"]);
    assert_eq!(forced["added"], 36);
}

#[test]
fn unknown_profile_and_unreadable_files_are_user_errors() {
    let (dir, db) = setup(&["--name", "赵磊"]);
    let before = std::fs::read(&db).unwrap();
    let path = fixture("wide.csv");
    let run = shebao(&db, &["import", &path, "--profile", "nobody"]);
    assert_eq!(
        (run.code, run.stderr.contains("nobody")),
        (1, true),
        "{}",
        run.stderr
    );

    let missing = dir.path().join("no-such-file.csv");
    let run = shebao(
        &db,
        &["import", missing.to_str().unwrap(), "--profile", "赵磊"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no-such-file.csv"), "{}", run.stderr);

    let run = shebao(
        &db,
        &["import", dir.path().to_str().unwrap(), "--profile", "赵磊"],
    );
    assert_eq!(run.code, 1, "a directory is not a file");

    let junk = dir.path().join("notes.csv");
    std::fs::write(&junk, "just,some\nwords,here\n").unwrap();
    let run = shebao(
        &db,
        &[
            "--lang",
            "en",
            "import",
            junk.to_str().unwrap(),
            "--profile",
            "赵磊",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("notes.csv") && run.stderr.contains("header"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);

    assert_eq!(
        shebao(&db, &["import", &path]).code,
        2,
        "--profile is required"
    );
}

#[test]
fn a_missing_file_does_not_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let run = shebao(&db, &["import", "/no/such/file.csv", "--profile", "x"]);
    assert_eq!(run.code, 1);
    assert!(!db.exists());
}

#[test]
fn empty_and_oversized_files_are_refused_by_the_rule_the_window_applies() {
    let (dir, db) = setup(&["--name", "赵磊"]);
    let before = std::fs::read(&db).unwrap();
    let import = |file: &Path, extra: &[&str]| {
        let mut args = vec!["--lang", "en"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["import", file.to_str().unwrap(), "--profile", "赵磊"]);
        shebao(&db, &args)
    };

    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let run = import(&empty, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "shebao: empty.csv is empty (0 bytes); nothing was imported"
    );
    let run = import(&empty, &["--json"]);
    assert_eq!(run.code, 1);
    let line: Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(line["code"], "import_empty_file");

    // A workbook past 64 MB (sparse: only the signature is written).
    let workbook = dir.path().join("huge.xlsx");
    let file = std::fs::File::create(&workbook).unwrap();
    (&file).write_all(b"PK\x03\x04").unwrap();
    file.set_len((64 << 20) + 1).unwrap();
    let run = import(&workbook, &["--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let line: Value = serde_json::from_str(run.stderr.trim()).unwrap();
    assert_eq!(line["code"], "import_file_too_large");
    assert_eq!(
        line["message"],
        "huge.xlsx is 67108865 bytes, more than the 67108864 bytes a workbook may be; nothing was imported"
    );

    // Text past 1 GiB is refused from its size alone, before it is read (the sparse file
    // takes no disk).
    let text = dir.path().join("huge.csv");
    std::fs::File::create(&text)
        .unwrap()
        .set_len(1100 << 20)
        .unwrap();
    let run = import(&text, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.trim(),
        "shebao: huge.csv is 1100 MB, more than the 1024 MB a text file may be; nothing was imported"
    );

    // Standard input is held to the same rule.
    let run = shebao(&db, &["--lang", "en", "import", "-", "--profile", "赵磊"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("stdin is empty (0 bytes)"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
