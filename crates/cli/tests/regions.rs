//! `--region` as a process: a code or a name (杭州, 浙江省杭州市, hangzhou, hz) is stored as its
//! 6-digit code and shown by its name; an ambiguous name lists its candidates, an unknown one is
//! named; neither writes anything.

mod common;

use common::{assert_user_error, json_of, shebao, temp_db};
use serde_json::Value;

fn add_profile(db: &std::path::Path, name: &str, region: &str) -> common::Run {
    shebao(
        db,
        &[
            "profile", "add", "--name", name, "--region", region, "--json",
        ],
    )
}

fn profiles(db: &std::path::Path) -> Vec<Value> {
    let list = json_of(&shebao(db, &["profile", "list", "--json"]));
    list["profiles"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_region_typed_as_a_name_pinyin_or_initials_is_stored_as_its_code() {
    let (_dir, db) = temp_db();
    for (i, region) in [
        "杭州",
        "杭州市",
        "浙江省杭州市",
        "Hangzhou",
        "hangzhou",
        "hz",
        "330100",
    ]
    .into_iter()
    .enumerate()
    {
        let name = format!("成员{i}");
        json_of(&add_profile(&db, &name, region));
        let shown = json_of(&shebao(&db, &["profile", "show", &name, "--json"]));
        assert_eq!(shown["region"], "330100", "{region}");
        assert_eq!(shown["region_name"], "杭州市", "{region}");
        assert_eq!(shown["region_name_en"], "Hangzhou", "{region}");
    }
}

#[test]
fn profile_show_names_the_region_in_both_languages() {
    let (_dir, db) = temp_db();
    json_of(&add_profile(&db, "李娜", "hangzhou"));
    let zh = shebao(&db, &["profile", "show", "李娜"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert!(zh.stdout.contains("杭州市（330100）"), "{}", zh.stdout);
    let en = shebao(&db, &["--lang", "en", "profile", "show", "李娜"]);
    assert!(
        en.stdout.contains("Hangzhou 杭州市 (330100)"),
        "{}",
        en.stdout
    );
}

#[test]
fn an_ambiguous_name_lists_its_candidates_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let run = add_profile(&db, "李娜", "朝阳区");
    assert_user_error(&run, "北京市朝阳区 110105");
    assert_user_error(&run, "吉林省长春市朝阳区 220104");
    let report: Value = serde_json::from_str(run.stderr.trim_end()).unwrap();
    assert_eq!(report["code"], "ambiguous_region");
    assert!(profiles(&db).is_empty());
    // With the city the name is one region.
    json_of(&add_profile(&db, "李娜", "长春市朝阳区"));
    let shown = json_of(&shebao(&db, &["profile", "show", "李娜", "--json"]));
    assert_eq!(shown["region"], "220104");
    assert_eq!(shown["region_name"], "朝阳区");
}

#[test]
fn an_unknown_region_is_named_and_writes_nothing() {
    let (_dir, db) = temp_db();
    let run = add_profile(&db, "李娜", "火星");
    assert_user_error(&run, "火星");
    let report: Value = serde_json::from_str(run.stderr.trim_end()).unwrap();
    assert_eq!(report["code"], "unknown_region");
    let zh = shebao(
        &db,
        &["profile", "add", "--name", "李娜", "--region", "火星"],
    );
    assert_user_error(&zh, "找不到名为 \"火星\" 的地区");
    assert!(profiles(&db).is_empty());
}

#[test]
fn a_payment_s_region_takes_a_name_too() {
    let (_dir, db) = temp_db();
    json_of(&add_profile(&db, "李娜", "330100"));
    let month = common::today().format("%Y-%m").to_string();
    let run = shebao(
        &db,
        &[
            "add",
            "--profile",
            "李娜",
            "--month",
            &month,
            "--kind",
            "pension",
            "--personal",
            "960",
            "--region",
            "成都",
            "--json",
        ],
    );
    assert_eq!(json_of(&run)["record"]["region"], "510100");
    let bad = shebao(
        &db,
        &[
            "add",
            "--profile",
            "李娜",
            "--month",
            &month,
            "--kind",
            "pension",
            "--personal",
            "960",
            "--region",
            "朝阳区",
            "--json",
        ],
    );
    assert_user_error(&bad, "220104");
}
