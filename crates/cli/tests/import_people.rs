//! `shebao import FILE --per-person` and period statements, run as a process on real database
//! files: the contract in docs/cli.md — the JSON per person, the refusals naming the person,
//! all people written or none, and spells expanded to months.

mod common;

use common::{json_of, parse_json, shebao};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

/// 王秀英's number in three_people.csv.
const MOTHER_ID: &str = "110105196403020023";

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let run = shebao(
        &db,
        &["profile", "add", "--name", "妈妈", "--id-number", MOTHER_ID],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, db)
}

fn profiles(db: &Path) -> Vec<(i64, String)> {
    let list = json_of(&shebao(db, &["profile", "list", "--json"]));
    list["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_i64().unwrap(),
                p["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn counts(report: &Value) -> Vec<(Value, bool, u64, u64, u64)> {
    report["persons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["profile_id"].clone(),
                p["created"].as_bool().unwrap(),
                p["new"].as_u64().unwrap(),
                p["updated"].as_u64().unwrap(),
                p["unchanged"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_three_person_file_matches_one_and_creates_two() {
    let (_dir, db) = setup();
    let file = fixture("three_people.csv");

    // Without --create-profiles: refused, naming the first new person; nothing written.
    let refused = shebao(&db, &["import", &file, "--per-person", "--lang", "en"]);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("李建国 1101**********0033 has no profile yet"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("--create-profiles"),
        "{}",
        refused.stderr
    );
    assert_eq!(profiles(&db).len(), 1);

    // A dry run: the matched person keeps her profile, the new ones would be created.
    let dry = json_of(&shebao(
        &db,
        &[
            "import",
            &file,
            "--per-person",
            "--create-profiles",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(
        counts(&dry),
        vec![
            (Value::from(1), false, 12, 0, 0),
            (Value::Null, false, 12, 0, 0),
            (Value::Null, false, 12, 0, 0),
        ]
    );
    assert_eq!(dry["persons"][1]["would_create"], true);
    assert_eq!(dry["persons"][1]["id_masked"], "1101**********0033");
    assert_eq!(dry["persons"][0]["months"], 6);
    assert_eq!(
        dry["persons"][0]["kinds"],
        serde_json::json!(["pension", "medical"])
    );
    assert_eq!(profiles(&db).len(), 1, "a dry run writes nothing");

    let done = json_of(&shebao(
        &db,
        &[
            "import",
            &file,
            "--per-person",
            "--create-profiles",
            "--json",
        ],
    ));
    assert_eq!(
        counts(&done),
        vec![
            (Value::from(1), false, 12, 0, 0),
            (Value::from(2), true, 12, 0, 0),
            (Value::from(3), true, 12, 0, 0),
        ]
    );
    assert_eq!(
        profiles(&db),
        vec![(1, "妈妈".into()), (2, "李建国".into()), (3, "李娜".into())]
    );
    // 李娜's pension: base ¥8,000.00 × 8% = ¥640.00 a month, 2024-01…06.
    let summary = json_of(&shebao(&db, &["summary", "--profile", "李娜", "--json"]));
    let text = summary.to_string();
    assert!(text.contains("2024-06"), "{text}");

    // Again: every person matched by ID number now, nothing new.
    let again = json_of(&shebao(&db, &["import", &file, "--per-person", "--json"]));
    assert_eq!(
        counts(&again),
        vec![
            (Value::from(1), false, 0, 0, 12),
            (Value::from(2), false, 0, 0, 12),
            (Value::from(3), false, 0, 0, 12),
        ]
    );
}

#[test]
fn without_per_person_a_several_people_file_says_how() {
    let (_dir, db) = setup();
    let file = fixture("three_people.csv");
    let run = shebao(
        &db,
        &[
            "import",
            &file,
            "--profile",
            "妈妈",
            "--lang",
            "en",
            "--json",
        ],
    );
    assert_eq!(run.code, 1);
    let error: Value = serde_json::from_str(run.stderr.trim().lines().last().unwrap()).unwrap();
    assert_eq!(error["code"], "person_mismatch");
    assert_eq!(error["remedy"], "import_per_person");
    assert!(error["message"].as_str().unwrap().contains("--per-person"));
}

#[test]
fn a_bad_id_number_is_a_row_problem_and_no_one_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let file = dir.path().join("staff.csv");
    // 110105196403020023 with its check digit changed: not a person, a row problem.
    std::fs::write(
        &file,
        format!(
            "姓名,身份证号,缴费年月,险种,个人缴费\n王秀英,{MOTHER_ID},2024-01,养老,400\n李建国,110105196208150034,2024-01,养老,480\n"
        ),
    )
    .unwrap();
    let run = shebao(
        &db,
        &[
            "import",
            file.to_str().unwrap(),
            "--per-person",
            "--create-profiles",
            "--json",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.code, 1);
    let report = parse_json(&run);
    assert_eq!(report["errors"][0]["line"], 3);
    assert_eq!(report["errors"][0]["code"], "bad_id_number");
    assert_eq!(report["persons"].as_array().unwrap().len(), 1);
    assert!(
        run.stderr.contains("nothing was imported"),
        "{}",
        run.stderr
    );
    assert_eq!(profiles(&db).len(), 0);
}

#[test]
fn names_only_ask_and_match_names_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    assert_eq!(shebao(&db, &["profile", "add", "--name", "爸爸"]).code, 0);
    let file = dir.path().join("family.csv");
    std::fs::write(
        &file,
        "姓名,缴费年月,险种,个人缴费\n爸爸,2024-01,养老,400\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let asked = shebao(
        &db,
        &[
            "import",
            path,
            "--per-person",
            "--create-profiles",
            "--lang",
            "en",
        ],
    );
    assert_eq!(asked.code, 1);
    assert!(
        asked.stderr.contains("爸爸 has the name of a profile"),
        "{}",
        asked.stderr
    );
    assert!(asked.stderr.contains("--match-names"), "{}", asked.stderr);
    let done = json_of(&shebao(
        &db,
        &["import", path, "--per-person", "--match-names", "--json"],
    ));
    assert_eq!(counts(&done), vec![(Value::from(1), false, 1, 0, 0)]);
    assert_eq!(profiles(&db).len(), 1);
}

#[test]
fn period_statements_expand_to_months() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    assert_eq!(shebao(&db, &["profile", "add", "--name", "我"]).code, 0);
    // 36 + 12 pension months and 36 medical ones.
    let run = shebao(
        &db,
        &[
            "import",
            &fixture("period_rows.csv"),
            "--profile",
            "我",
            "--lang",
            "en",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("84 added"), "{}", run.stdout);
    assert!(
        run.stdout.contains("the remainder goes on the last month"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("the month count says 35"),
        "{}",
        run.stdout
    );
    // 18 pension + 12 unemployment months from the 起止年月 workbook.
    let xlsx = json_of(&shebao(
        &db,
        &[
            "import",
            &fixture("period_span.xlsx"),
            "--profile",
            "我",
            "--json",
        ],
    ));
    assert_eq!(xlsx["added"], 30);
    assert_eq!(xlsx["errors"], serde_json::json!([]));
    // ¥10,000.00 over 2015-01…2017-12: 35 × ¥277.77, then ¥278.05; with 2018's 12 × ¥480.00
    // the pension personal total is ¥15,760.00.
    let out = dir.path().join("pension.csv");
    let export = shebao(
        &db,
        &[
            "export",
            "csv",
            "--profile",
            "我",
            "--kinds",
            "pension",
            "--from",
            "2017-11",
            "--to",
            "2018-01",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(export.code, 0, "{}", export.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("2017-1") || l.contains("2018-01"))
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].contains("277.77"), "{}", rows[0]);
    assert!(rows[1].contains("278.05"), "{}", rows[1]);
    assert!(rows[2].contains("480.00"), "{}", rows[2]);
}
