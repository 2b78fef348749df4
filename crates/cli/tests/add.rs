//! `shebao add` as a process: a payment typed in by hand, with defaults for a person paying
//! themselves; corrections keep history; bad input exits 1 (or 2 for usage) and writes nothing.

mod common;

use chrono::Datelike;
use common::{assert_user_error, json_of, shebao, temp_db};
use serde_json::Value;
use std::path::Path;

/// A database with one flexible-employment profile in Hangzhou.
fn db_with_profile() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "李娜",
            "--region",
            "330100",
            "--employment",
            "flexible",
            "--json",
        ],
    ));
    (dir, db)
}

/// `YYYY-MM`, `months` from this month (the date the CLI is told).
fn month_from_now(months: i32) -> String {
    let today = common::today();
    let index = today.year() * 12 + today.month0() as i32 + months;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

fn months_paid(db: &Path, kind: &str) -> u64 {
    let summary = json_of(&shebao(db, &["summary", "--profile", "李娜", "--json"]));
    summary["kinds"][kind]["months_paid"].as_u64().unwrap()
}

#[test]
fn a_payment_just_made_is_added_with_self_and_paid_as_defaults() {
    let (_dir, db) = db_with_profile();
    let this_month = month_from_now(0);
    let run = shebao(
        &db,
        &[
            "add",
            "--profile",
            "李娜",
            "--month",
            &this_month,
            "--kind",
            "pension",
            "--base",
            "4800",
            "--personal",
            "960",
            "--json",
        ],
    );
    let report = json_of(&run);
    assert_eq!(report["outcome"], "added");
    assert_eq!(report["profile"]["name"], "李娜");
    let record = &report["record"];
    assert_eq!(record["month"], this_month.as_str());
    assert_eq!(record["kind"], "pension");
    assert_eq!(record["payer"], serde_json::json!({"type": "self"}));
    assert_eq!(record["status"], "paid");
    assert_eq!(record["base"], 480_000);
    assert_eq!(record["personal"], 96_000);
    assert_eq!(record["employer"], 0);
    assert_eq!(record["credited"], Value::Null);
    assert_eq!(record["region"], "330100");
    assert_eq!(report["changes"], serde_json::json!([]));
    assert_eq!(months_paid(&db, "pension"), 1);

    // Again: nothing changes. Next month (paid ahead) and a Chinese kind name are fine.
    let again = shebao(
        &db,
        &[
            "add",
            "--profile",
            "李娜",
            "--month",
            &this_month,
            "--kind",
            "养老",
            "--base",
            "4800",
            "--personal",
            "960",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.starts_with("没有变化，已有同样的记录：李娜 "),
        "{}",
        again.stdout
    );
    let ahead = shebao(
        &db,
        &[
            "--lang",
            "en",
            "add",
            "-p",
            "李娜",
            "--month",
            &month_from_now(1),
            "--kind",
            "medical",
            "--personal",
            "¥432.50",
        ],
    );
    assert_eq!(ahead.code, 0, "{}", ahead.stderr);
    assert!(
        ahead.stdout.starts_with("Added (entered by hand): 李娜 ")
            && ahead.stdout.contains("Medical")
            && ahead.stdout.contains("personal ¥432.50")
            && ahead.stdout.contains("self (flexible employment)"),
        "{}",
        ahead.stdout
    );
}

#[test]
fn a_correction_reports_what_changed() {
    let (_dir, db) = db_with_profile();
    let month = month_from_now(-2);
    let base = [
        "add",
        "--profile",
        "1",
        "--month",
        &month,
        "--kind",
        "pension",
        "--personal",
        "960",
    ];
    json_of(&shebao(
        &db,
        &[&base[..], &["--status", "owed", "--json"]].concat(),
    ));
    let run = shebao(&db, &[&base[..], &["--to-account", "384"]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("已更新（旧值保留在修改记录中）"),
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[1..],
        ["  划入个人账户：（无） → 384.00", "  状态：欠费 → 已缴"]
    );

    // An employer's payment for the same month is a record of its own.
    let employer = json_of(&shebao(
        &db,
        &[
            "add",
            "--profile",
            "1",
            "--month",
            &month,
            "--kind",
            "pension",
            "--payer",
            "杭州某某网络科技有限公司",
            "--personal",
            "384",
            "--employer",
            "768",
            "--json",
        ],
    ));
    assert_eq!(employer["outcome"], "added");
    assert_eq!(
        employer["record"]["payer"],
        serde_json::json!({"type": "employer", "name": "杭州某某网络科技有限公司"})
    );
}

#[test]
fn bad_entries_are_refused_and_write_nothing() {
    let (_dir, db) = db_with_profile();
    let far = month_from_now(2);
    let latest = month_from_now(1);
    let add = |extra: &[&str]| {
        let mut args = vec!["add", "--profile", "李娜", "--kind", "pension"];
        args.extend_from_slice(extra);
        shebao(&db, &args)
    };
    let run = add(&["--month", &far, "--personal", "960"]);
    assert_user_error(
        &run,
        &format!("{far} 是将来的月份：最多只能录入到下个月（{latest}）"),
    );
    let run = shebao(
        &db,
        &[
            "--lang",
            "en",
            "add",
            "-p",
            "李娜",
            "--kind",
            "pension",
            "--month",
            &far,
            "--personal",
            "1",
        ],
    );
    assert_user_error(&run, "is in the future");
    assert_user_error(
        &add(&["--month", &latest, "--personal", "-960"]),
        "个人缴费不能是负数（-960.00）；没有写入任何数据",
    );
    assert_user_error(
        &add(&["--month", &latest, "--personal", "960", "--employer", "-1"]),
        "单位缴费不能是负数",
    );
    assert_user_error(
        &add(&["--month", &latest, "--personal", "960", "--payer", " "]),
        "缴费单位无效",
    );
    let nobody = shebao(
        &db,
        &[
            "add",
            "--profile",
            "王五",
            "--month",
            &latest,
            "--kind",
            "pension",
            "--personal",
            "1",
        ],
    );
    assert_user_error(&nobody, "找不到名称或编号为 \"王五\" 的成员");
    assert_eq!(months_paid(&db, "pension"), 0);

    // Usage errors (exit 2): a kind, status, month or amount that cannot be read, a missing amount.
    let unknown_kind = shebao(
        &db,
        &[
            "add",
            "-p",
            "李娜",
            "--kind",
            "pensions",
            "--month",
            &latest,
            "--personal",
            "1",
        ],
    );
    assert_eq!(unknown_kind.code, 2);
    assert!(unknown_kind
        .stderr
        .contains("unknown insurance kind \"pensions\""));
    for extra in [
        &["--month", &latest, "--personal", "1", "--status", "done"][..],
        &["--month", "2026-13", "--personal", "1"],
        &["--month", &latest, "--personal", "lots"],
        &["--month", &latest],
    ] {
        let run = add(extra);
        assert_eq!(run.code, 2, "{extra:?}: {}", run.stderr);
    }
    assert_eq!(months_paid(&db, "pension"), 0);
}
