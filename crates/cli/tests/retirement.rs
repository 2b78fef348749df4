//! `shebao retirement` and `shebao rules show` run as processes: the JSON contract of
//! docs/cli.md, exit codes 0/1/2, both languages, and — since they only consult the bundled rule
//! tables — that no database file or data directory is ever created.

mod common;

use common::{shebao_in_sandbox, Run};
use serde_json::{json, Value};

/// Runs in a fresh sandbox and checks that the sandbox is still empty afterwards.
fn shebao(args: &[&str]) -> Run {
    let sandbox = tempfile::tempdir().unwrap();
    let run = shebao_in_sandbox(sandbox.path(), args);
    let left: Vec<_> = std::fs::read_dir(sandbox.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(left.is_empty(), "{args:?} created {left:?}");
    run
}

fn json_of(args: &[&str]) -> Value {
    let run = shebao(args);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn retirement_json(born: &str, sex: &str, original: Option<&str>) -> Value {
    let mut args = vec!["retirement", "--born", born, "--sex", sex, "--json"];
    if let Some(age) = original {
        args.extend(["--original-age", age]);
    }
    json_of(&args)
}

#[test]
fn the_json_has_exactly_the_documented_shape() {
    assert_eq!(
        retirement_json("1972-12", "male", None),
        json!({
            "retirement_month": "2034-12",
            "age": {"years": 62, "months": 0},
            "original_age": 60,
            "min_contribution_years": 17.5,
            "earliest_flexible": "2032-12",
            "latest_flexible": "2037-12"
        })
    );
    assert_eq!(
        retirement_json("1964-12", "male", Some("60")),
        json!({
            "retirement_month": "2024-12",
            "age": {"years": 60, "months": 0},
            "original_age": 60,
            "min_contribution_years": 15,
            "earliest_flexible": "2024-12",
            // 60 in 2024-12, before the reform took effect: no later month to choose.
            "latest_flexible": "2024-12"
        })
    );
    let run = shebao(&["retirement", "--born", "1972-12", "--sex", "male", "--json"]);
    assert!(
        run.stdout.contains("\"min_contribution_years\": 17.5"),
        "a JSON number, not a string: {}",
        run.stdout
    );
}

/// (born, sex, original age, retirement month, age years, age months, minimum years)
type Example = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    u64,
    u64,
    f64,
);

#[test]
fn the_published_worked_examples_come_out_of_the_binary() {
    let cases: [Example; 8] = [
        ("1965-01", "male", None, "2025-02", 60, 1, 15.0),
        ("1965-12", "male", None, "2026-03", 60, 3, 15.0),
        ("1967-05", "male", None, "2028-01", 60, 8, 15.0),
        ("1972-12", "male", None, "2034-12", 62, 0, 17.5),
        ("1975-05", "male", None, "2038-01", 62, 8, 19.5),
        ("1971-04", "female", Some("55"), "2026-08", 55, 4, 15.0),
        ("1974-10", "female", Some("55"), "2031-01", 56, 3, 16.0),
        ("1995-12", "female", Some("50"), "2050-12", 55, 0, 20.0),
    ];
    for (born, sex, original, month, years, months, min) in cases {
        let v = retirement_json(born, sex, original);
        let case = format!("{born} {sex} {original:?}");
        assert_eq!(v["retirement_month"], month, "{case}");
        assert_eq!(
            v["age"],
            json!({"years": years, "months": months}),
            "{case}"
        );
        assert_eq!(v["min_contribution_years"].as_f64(), Some(min), "{case}");
    }
    // A woman without --original-age is taken as 50.
    assert_eq!(
        retirement_json("1995-12", "female", None)["original_age"],
        50
    );
    // Other spellings of the month are the same month.
    assert_eq!(
        retirement_json("1972年12月", "male", None),
        retirement_json("197212", "male", None)
    );
}

#[test]
fn text_says_the_result_and_the_rule_in_both_languages() {
    let zh = shebao(&["retirement", "--born", "1972-12", "--sex", "male"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    for needle in [
        "法定退休时间：2034年12月（62岁0个月）",
        "规则：男性，原法定退休年龄 60 岁（M60）",
        "本人延迟 24 个月",
        "最低缴费年限：17.5 年",
        "最早 2032年12月",
        "最晚 2037年12月",
        "计发月数（62岁0个月）：125",
        "渐进式延迟法定退休年龄",
    ] {
        assert!(
            zh.stdout.contains(needle),
            "{needle:?} not in {}",
            zh.stdout
        );
    }
    let en = shebao(&[
        "--lang",
        "en",
        "retirement",
        "--born",
        "1974-10",
        "--sex",
        "female",
        "--original-age",
        "55",
    ]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    for needle in [
        "Statutory retirement: 2031-01 (age 56 years 3 months)",
        "F55",
        "Minimum contribution years: 16 ",
        "162.5",
    ] {
        assert!(
            en.stdout.contains(needle),
            "{needle:?} not in {}",
            en.stdout
        );
    }
}

#[test]
fn a_retirement_before_the_reform_says_the_elastic_window_does_not_apply() {
    let run = shebao(&["retirement", "--born", "1960-03", "--sex", "female"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("法定退休时间：2010年3月（50岁0个月）"));
    assert!(run
        .stdout
        .contains("早于改革施行（2025年1月），弹性退休不适用"));
    assert!(run.stdout.contains("未指定原法定退休年龄，按 50 岁"));
    let later = shebao(&["retirement", "--born", "1965-01", "--sex", "male"]);
    assert!(!later.stdout.contains("改革施行"), "{}", later.stdout);
}

#[test]
fn an_original_age_that_does_not_fit_is_a_user_error() {
    for (args, needle) in [
        (vec!["--original-age", "55", "--sex", "male"], "55"),
        (vec!["--original-age", "60", "--sex", "female"], "60"),
        (vec!["--original-age", "45", "--sex", "female"], "45"),
    ] {
        let mut all = vec!["retirement", "--born", "1972-12"];
        all.extend(args);
        let run = shebao(&all);
        assert_eq!(run.code, 1, "{all:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        let line = run.stderr.trim_end();
        assert_eq!(line.lines().count(), 1, "one line: {line:?}");
        assert!(
            line.starts_with("shebao: ") && line.contains(needle),
            "{line}"
        );
        assert!(
            line.contains("原法定退休年龄"),
            "Chinese by default: {line}"
        );
    }
    let en = shebao(&[
        "--lang",
        "en",
        "retirement",
        "--born",
        "1972-12",
        "--sex",
        "male",
        "--original-age",
        "55",
        "--json",
    ]);
    assert_eq!(en.code, 1);
    // Asked for JSON, the error is JSON too: the code for the script, the message for a person.
    let report: serde_json::Value = serde_json::from_str(en.stderr.trim_end()).unwrap();
    assert_eq!(report["code"], "invalid_original_age");
    assert_eq!(
        report["message"],
        "an original retirement age of 55 does not apply to men (allowed: 60)"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["retirement", "--born", "1972-13", "--sex", "male"],
        vec!["retirement", "--born", "72-12", "--sex", "male"],
        vec!["retirement", "--born", "1972-12"],
        vec!["retirement", "--sex", "male"],
        vec!["retirement", "--born", "1972-12", "--sex", "x"],
        vec![
            "retirement",
            "--born",
            "1972-12",
            "--sex",
            "male",
            "--original-age",
            "sixty",
        ],
        vec!["rules"],
        vec!["rules", "frobnicate"],
    ] {
        let run = shebao(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn an_explicit_db_path_is_not_created_either() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("shebao.db");
    let run = shebao(&[
        "--db",
        db.to_str().unwrap(),
        "retirement",
        "--born",
        "1980-01",
        "--sex",
        "male",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!db.exists() && !db.parent().unwrap().exists());
}

#[test]
fn rules_show_lists_versions_sources_and_unknowns() {
    let zh = shebao(&["rules", "show"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    for needle in [
        "national.json",
        "国发〔2005〕38号",
        "可信度 H",
        "上海",
        "未知",
    ] {
        assert!(
            zh.stdout.contains(needle),
            "{needle:?} not in {}",
            zh.stdout
        );
    }
    let en = shebao(&["--lang", "en", "rules", "show"]);
    assert!(en.stdout.contains("unknown") && en.stdout.contains("Shanghai"));

    let tables = json_of(&["rules", "show", "--json"]);
    assert_eq!(tables["origin"], "bundled");
    assert_eq!(tables["schema"], 1);
    let national = &tables["national"];
    assert_eq!(
        national["retirement_schedule"]["groups"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(national["pension_divisor"]["months_by_age"]["60"], 139);
    assert_eq!(
        national["crediting_rates"]["rates"][0],
        json!({
            "year": 2016, "rate_bp": 831, "status": "official", "confidence": "H"
        })
    );
    let regions: Vec<&str> = tables["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["region"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        regions,
        [
            "national",
            "beijing",
            "shanghai",
            "guangzhou",
            "shenzhen",
            "hangzhou",
            "chengdu"
        ]
    );
    // Unknown stays visible as null, not dropped or zero.
    assert!(tables["regions"][5]["flexible_employment"].is_null());
}
