//! `shebao alerts`, `shebao alerts ack`, `shebao standing` and the profile facts they need, run
//! as processes on real database files in temp dirs: the JSON contract of docs/cli.md and the
//! exit codes. The CLI reads the real clock, so expectations that depend on today's date are
//! computed here from the same clock.

mod common;

use common::*;
use serde_json::{json, Value};
use std::path::Path;

#[test]
fn profile_add_keeps_the_original_age_and_deadline_day() {
    let (_dir, db) = temp_db();
    let added = json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--sex",
            "female",
            "--born",
            "1975-05",
            "--employment",
            "flexible",
            "--original-age",
            "55",
            "--deadline-day",
            "15",
            "--json",
        ],
    ));
    assert_eq!(added, json!({"id": 1, "name": "王芳"}));
    let shown = json_of(&shebao(&db, &["profile", "show", "王芳", "--json"]));
    assert_eq!(shown["original_age"], 55);
    assert_eq!(shown["payment_deadline_day"], 15);
    let text = shebao(&db, &["profile", "show", "王芳"]);
    assert!(
        text.stdout.contains("原法定退休年龄") && text.stdout.contains("15日"),
        "{}",
        text.stdout
    );
    // The list keeps its documented shape.
    assert_eq!(
        json_of(&shebao(&db, &["profile", "list", "--json"])),
        json!({"profiles": [{"id": 1, "name": "王芳"}]})
    );
}

#[test]
fn profile_facts_that_do_not_fit_are_user_errors_and_usage_errors() {
    let (_dir, db) = temp_db();
    assert_user_error(
        &shebao(
            &db,
            &[
                "profile",
                "add",
                "--name",
                "甲",
                "--sex",
                "male",
                "--original-age",
                "55",
            ],
        ),
        "55",
    );
    assert_user_error(
        &shebao(
            &db,
            &[
                "--lang",
                "en",
                "profile",
                "add",
                "--name",
                "甲",
                "--deadline-day",
                "32",
            ],
        ),
        "deadline_day",
    );
    assert_eq!(
        shebao(
            &db,
            &["profile", "add", "--name", "甲", "--deadline-day", "x"]
        )
        .code,
        2
    );
    assert_eq!(
        json_of(&shebao(&db, &["profile", "list", "--json"])),
        json!({"profiles": []}),
        "nothing written"
    );
}

fn alerts_of(db: &Path, lang: &str) -> Vec<Value> {
    let run = shebao(db, &["--lang", lang, "alerts", "--profile", "1", "--json"]);
    json_of(&run)["alerts"].as_array().unwrap().clone()
}

fn find<'a>(alerts: &'a [Value], code: &str, kind: Value) -> &'a Value {
    alerts
        .iter()
        .find(|a| a["code"] == code && a["kind"] == kind)
        .unwrap_or_else(|| panic!("no {code} {kind} in {alerts:#?}"))
}

#[test]
fn alerts_json_has_exactly_the_documented_keys_and_the_demos_alerts() {
    let (_dir, db) = demo_db();
    let alerts = alerts_of(&db, "zh");
    assert!(!alerts.is_empty());
    for alert in &alerts {
        let keys: Vec<&str> = alert
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            [
                "acknowledged",
                "code",
                "fingerprint",
                "kind",
                "message",
                "months",
                "severity"
            ]
        );
        assert!(["info", "warning", "critical"].contains(&alert["severity"].as_str().unwrap()));
        assert!(alert["kind"].is_null() || alert["kind"].is_string());
        for month in alert["months"].as_array().unwrap() {
            let m = month.as_str().unwrap();
            assert!(m.len() == 7 && m.as_bytes()[4] == b'-', "{m}");
        }
        let fp = alert["fingerprint"].as_str().unwrap();
        assert!(fp.len() == 16 && fp.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(alert["acknowledged"], false);
        assert!(!alert["message"].as_str().unwrap().is_empty());
    }
    // The five keys of the issue come first, in its order (read from the text: a parsed
    // object forgets its order).
    let raw = shebao(&db, &["alerts", "--profile", "1", "--json"]).stdout;
    let at = |key: &str| raw.find(&format!("\"{key}\":")).unwrap();
    let order = [
        "code",
        "kind",
        "severity",
        "months",
        "message",
        "acknowledged",
        "fingerprint",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{raw}");
    let gap = find(&alerts, "gap", json!("pension"));
    assert_eq!(gap["months"], json!(["2023-04", "2023-05", "2023-06"]));
    assert_eq!(gap["severity"], "warning");
    assert!(gap["message"].as_str().unwrap().contains("建议："));
    let owed = find(&alerts, "owed", json!("medical"));
    assert_eq!(owed["months"], json!(["2023-06"]));
    let unknown = find(&alerts, "deadline_unknown", Value::Null);
    assert_eq!(
        (unknown["severity"].as_str(), unknown["months"].clone()),
        (Some("info"), json!([]))
    );
    // The demo's reported balances follow the crediting rates: no 余额不符 to explain away.
    assert!(!alerts.iter().any(|a| a["code"] == "balance_mismatch"));

    let en = alerts_of(&db, "en");
    let gap_en = find(&en, "gap", json!("pension"));
    assert_eq!(
        gap_en["fingerprint"], gap["fingerprint"],
        "the fingerprint is the facts', not the words'"
    );
    assert!(gap_en["message"].as_str().unwrap().contains("What to do:"));

    let text = shebao(&db, &["alerts", "--profile", "李明（示例）"]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("[警告] 养老保险 · 断缴 2023-04～2023-06"),
        "{}",
        text.stdout
    );
}

#[test]
fn acknowledged_alerts_stay_listed_and_marked() {
    let (_dir, db) = demo_db();
    let run = shebao(
        &db,
        &[
            "alerts",
            "ack",
            "--profile",
            "1",
            "--code",
            "gap",
            "--kind",
            "pension",
            "--json",
        ],
    );
    let done = json_of(&run)["acknowledged"].as_array().unwrap().clone();
    assert_eq!(done.len(), 1);
    assert_eq!(
        (done[0]["code"].as_str(), done[0]["acknowledged"].as_bool()),
        (Some("gap"), Some(true))
    );

    let alerts = alerts_of(&db, "zh");
    assert_eq!(find(&alerts, "gap", json!("pension"))["acknowledged"], true);
    let medical = find(&alerts, "gap", json!("medical"));
    assert_eq!(medical["acknowledged"], false);

    // By fingerprint (any case), twice: the second changes nothing and still succeeds.
    let fp = medical["fingerprint"]
        .as_str()
        .unwrap()
        .to_ascii_uppercase();
    for _ in 0..2 {
        let run = shebao(
            &db,
            &["alerts", "ack", "--profile", "1", "--fingerprint", &fp],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains("已确认"), "{}", run.stdout);
    }
    let alerts = alerts_of(&db, "zh");
    assert_eq!(
        alerts.iter().filter(|a| a["acknowledged"] == true).count(),
        2
    );

    // By code alone: every current alert with it.
    let owed = json_of(&shebao(
        &db,
        &["alerts", "ack", "-p", "1", "--code", "owed", "--json"],
    ));
    assert_eq!(owed["acknowledged"].as_array().unwrap().len(), 2);
}

#[test]
fn acknowledging_what_is_not_raised_is_a_user_error_and_bad_flags_are_usage_errors() {
    let (_dir, db) = demo_db();
    assert_user_error(
        &shebao(
            &db,
            &["alerts", "ack", "--profile", "1", "--code", "stale_data"],
        ),
        "stale_data",
    );
    assert_user_error(
        &shebao(
            &db,
            &[
                "--lang",
                "en",
                "alerts",
                "ack",
                "--profile",
                "1",
                "--fingerprint",
                "0123456789abcdef",
            ],
        ),
        "no current alert 0123456789abcdef",
    );
    assert_user_error(&shebao(&db, &["alerts", "--profile", "nobody"]), "nobody");
    for args in [
        &["alerts"][..],
        &["alerts", "ack", "--profile", "1"],
        &["alerts", "ack", "--profile", "1", "--code", "nope"],
        &["alerts", "ack", "--profile", "1", "--fingerprint", "xyz"],
        &["alerts", "ack", "--profile", "1", "--kind", "pension"],
        &[
            "alerts",
            "ack",
            "--profile",
            "1",
            "--code",
            "gap",
            "--kind",
            "nope",
        ],
        &[
            "alerts",
            "ack",
            "--profile",
            "1",
            "--kind",
            "pension",
            "--fingerprint",
            "0123456789abcdef",
        ],
        &["standing"],
        &["standing", "--profile", "1", "--index", "abc"],
        &["standing", "--profile", "1", "--until-age", "62y13m"],
        &["standing", "--profile", "1", "--benefit-base", "-5"],
        &["profile", "set", "1"],
    ] {
        assert_eq!(shebao(&db, args).code, 2, "{args:?}");
    }
}

#[test]
fn a_deadline_day_on_the_profile_turns_the_unknown_deadline_into_due_or_overdue() {
    let (_dir, db) = demo_db();
    let day = chrono::Datelike::day(&today());
    // The deadline is today: due soon, "today", for both kinds the demo pays itself.
    let set = json_of(&shebao(
        &db,
        &[
            "profile",
            "set",
            "1",
            "--deadline-day",
            &day.to_string(),
            "--json",
        ],
    ));
    assert_eq!(set["payment_deadline_day"], day);
    assert_eq!(set["employment"], "flexible", "other fields kept");
    let alerts = alerts_of(&db, "en");
    let this_month = today().format("%Y-%m").to_string();
    for kind in ["pension", "medical"] {
        let due = find(&alerts, "due_soon", json!(kind));
        assert_eq!(due["months"], json!([this_month]));
        assert!(
            due["message"].as_str().unwrap().contains("(today)"),
            "{}",
            due["message"]
        );
    }
    assert!(alerts.iter().all(|a| a["code"] != "deadline_unknown"));
    // Yesterday's deadline (when this month has one): overdue, critical.
    if day > 1 {
        json_of(&shebao(
            &db,
            &[
                "profile",
                "set",
                "1",
                "--deadline-day",
                &(day - 1).to_string(),
                "--json",
            ],
        ));
        let alerts = alerts_of(&db, "zh");
        let overdue = find(&alerts, "overdue", json!("pension"));
        assert_eq!(overdue["severity"], "critical");
        assert_eq!(overdue["months"], json!([this_month]));
    }
    assert_user_error(
        &shebao(&db, &["profile", "set", "1", "--original-age", "55"]),
        "55",
    );
}

#[test]
fn standing_json_shows_retirement_years_account_and_what_the_estimate_lacks() {
    let (_dir, db) = demo_db();
    let s = json_of(&shebao(&db, &["standing", "--profile", "1", "--json"]));
    assert_eq!(s["profile"], json!({"id": 1, "name": "李明（示例）"}));
    assert_eq!(s["today"], today().to_string());
    assert_eq!(s["region"]["id"], "hangzhou");
    assert_eq!(s["kinds"].as_array().unwrap().len(), 6);
    assert_eq!(s["retirement"]["month"], "2051-03");
    assert_eq!(s["retirement"]["group"], "M60");
    assert_eq!(s["retirement"]["original_age_from"], "default");
    assert_eq!(s["pension"]["months_required"], 240);
    assert_eq!(s["pension"]["months_short"], 0);
    let statuses: Vec<&str> = s["account"]["reconciliations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["unknown", "consistent", "consistent"]);
    let missing: Vec<&str> = s["estimate"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["input"].as_str().unwrap())
        .collect();
    assert!(missing.contains(&"benefit_base"), "{missing:?}");
    assert!(missing.contains(&"average_wage"), "{missing:?}");
    assert!(s["estimate"]["base_part"].is_null());
    assert!(s["estimate"]["account_part"].as_i64().unwrap() > 0);

    // A 计发基数 given by the user is used and labelled as given; the index still lacks wages.
    let given = json_of(&shebao(
        &db,
        &[
            "standing",
            "-p",
            "1",
            "--benefit-base",
            "12049",
            "--until-age",
            "62y8m",
            "--json",
        ],
    ));
    let inputs = given["estimate"]["inputs"].as_array().unwrap();
    let base = inputs.iter().find(|i| i["name"] == "benefit_base").unwrap();
    assert_eq!(base["value"], 1_204_900);
    assert_eq!(base["source"]["from"], "given");
    let divisor = inputs
        .iter()
        .find(|i| i["name"] == "pension_divisor")
        .unwrap();
    assert_eq!(divisor["value"], 119.7, "62y8m: 125 − 8 ÷ 12 × 8");
    assert_eq!(given["estimate"]["scenario"]["statutory"], false);
    assert!(!given["estimate"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["input"] == "benefit_base"));

    let outside = shebao(&db, &["standing", "-p", "1", "--until-age", "50"]);
    assert_user_error(&outside, "弹性退休");

    let text = shebao(&db, &["standing", "--profile", "1"]);
    assert_eq!(text.code, 0);
    for needle in [
        "法定退休时间：2051-03",
        "计发月数：117",
        "缺少：",
        "过渡性养老金",
    ] {
        assert!(
            text.stdout.contains(needle),
            "{needle:?} not in {}",
            text.stdout
        );
    }
    let en = shebao(&db, &["--lang", "en", "standing", "--profile", "1"]);
    assert!(
        en.stdout
            .contains("upper bound unknown: no national crediting rate for 2011–2015"),
        "{}",
        en.stdout
    );
}

#[test]
fn a_profile_with_nothing_recorded_has_no_alerts_and_says_what_standing_lacks() {
    let (_dir, db) = temp_db();
    json_of(&shebao(&db, &["profile", "add", "--name", "空", "--json"]));
    assert_eq!(
        json_of(&shebao(&db, &["alerts", "--profile", "空", "--json"])),
        json!({"alerts": []})
    );
    let s = json_of(&shebao(&db, &["standing", "--profile", "空", "--json"]));
    assert!(s["retirement"].is_null());
    assert_eq!(s["missing_profile_facts"], json!(["birth", "sex"]));
    let text = shebao(&db, &["alerts", "--profile", "空"]);
    assert!(
        text.stdout.contains("没有需要注意的事项"),
        "{}",
        text.stdout
    );
}
