//! `shebao profile set … --benefit-base/--average-index/…` and the estimate `standing` prints
//! with them, as processes on real database files. Figures derived by hand in the comments (the
//! same case as crates/core/tests/estimate_given.rs).

mod common;

use common::{json_of, ok, shebao_with_env, temp_db, Run};
use serde_json::{json, Value};
use std::path::Path;

const TODAY: &str = "2026-12-01";

fn run(db: &Path, args: &[&str]) -> Run {
    shebao_with_env(db, args, &[("SHEBAO_TODAY", TODAY)])
}

fn standing(db: &Path) -> Value {
    json_of(&run(db, &["standing", "-p", "张伟", "--json"]))
}

/// A man born 1970-01 in Beijing (no 计发基数 or wage in the tables), 12 months paid
/// 2025-12 … 2026-11 at base ¥10,000 with ¥800 credited.
fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    ok(run(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "张伟",
            "--sex",
            "male",
            "--born",
            "1970-01",
            "--region",
            "110105",
            "--employment",
            "flexible",
        ],
    ));
    for month in [
        "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07",
        "2026-08", "2026-09", "2026-10", "2026-11",
    ] {
        ok(run(
            &db,
            &[
                "add",
                "-p",
                "张伟",
                "--month",
                month,
                "--kind",
                "pension",
                "--base",
                "10000",
                "--personal",
                "2000",
                "--to-account",
                "800",
            ],
        ));
    }
    (dir, db)
}

#[test]
fn a_stored_benefit_base_and_average_index_give_a_total() {
    let (_dir, db) = setup();
    let before = standing(&db);
    assert_eq!(before["estimate"]["total"], Value::Null);
    assert!(before["estimate"]["missing"]
        .as_array()
        .unwrap()
        .contains(&json!({"input": "benefit_base", "region": "北京"})));
    // The text names the flag that supplies it (the window names its own panel instead).
    let text = run(&db, &["standing", "-p", "张伟", "--lang", "en"]);
    assert!(
        text.stdout.contains("--benefit-base YUAN"),
        "{}",
        text.stdout
    );

    ok(shebao_with_env(
        &db,
        &[
            "profile",
            "set",
            "张伟",
            "--benefit-base",
            "12000",
            "--average-index",
            "0.8",
        ],
        &[("SHEBAO_TODAY", "2026-11-30")],
    ));
    let e = &standing(&db)["estimate"];
    // Base part 12,000 × 1.8 ÷ 2 × 65 ÷ 12 × 1% = ¥585.00; account (9,600 + 53 × 800) ÷ 129.7
    // = ¥400.93; total ¥985.93 (in fen).
    assert_eq!(e["base_part"], 58_500);
    assert_eq!(e["account_part"], 40_093);
    assert_eq!(e["total"], 98_593);
    let input = |name: &str| {
        e["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == name)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        input("benefit_base"),
        json!({"name": "benefit_base", "value": 1_200_000, "source": {"from": "entered", "on": "2026-11-30"}})
    );
    assert_eq!(input("average_index")["source"]["from"], "entered");
    assert_eq!(
        e["notes"][0],
        json!({"note": "below_minimum_years", "months": 65, "required_months": 192})
    );
    // The scenario table: 12 cells; statutory at index 1 is (hand) ¥1,104.32.
    let cells = e["scenarios"].as_array().unwrap();
    assert_eq!(cells.len(), 12);
    let statutory_1 = cells
        .iter()
        .find(|c| c["retire"] == "statutory" && c["future_index"] == 1)
        .unwrap();
    assert_eq!(statutory_1["total"], 110_432);
    assert_eq!(statutory_1["retirement_month"], "2031-05");
    assert_eq!(statutory_1["meets_min_years"], false);

    let zh = ok(run(&db, &["standing", "-p", "张伟"])).stdout;
    assert!(zh.contains("由你于 2026-11-30 填写"), "{zh}");
    assert!(zh.contains("合计：¥985.93"), "{zh}");
    let en = ok(run(&db, &["standing", "-p", "张伟", "--lang", "en"])).stdout;
    assert!(en.contains("entered by you on 2026-11-30"), "{en}");
    assert!(en.contains("Scenarios (monthly total)"), "{en}");
    let shown = ok(run(
        &db,
        &[
            "profile",
            "set",
            "张伟",
            "--future-index",
            "1",
            "--lang",
            "en",
        ],
    ))
    .stdout;
    assert!(
        shown.contains("benefit base: ¥12,000.00 (entered 2026-11-30)"),
        "{shown}"
    );
    assert!(
        shown.contains("future index: 1 (entered 2026-12-01)"),
        "{shown}"
    );

    // Cleared, the total is gone again.
    ok(run(
        &db,
        &["profile", "set", "张伟", "--clear-benefit-base"],
    ));
    assert_eq!(standing(&db)["estimate"]["total"], Value::Null);
}

#[test]
fn bad_or_conflicting_inputs_are_usage_errors_and_change_nothing() {
    let (_dir, db) = setup();
    for args in [
        &[
            "profile",
            "set",
            "张伟",
            "--benefit-base",
            "1",
            "--clear-benefit-base",
        ][..],
        &["profile", "set", "张伟", "--average-index", "0"],
        &["profile", "set", "张伟", "--future-index", "9"],
        &[
            "profile",
            "set",
            "张伟",
            "--transitional-coefficient",
            "12%",
        ],
        &["profile", "set", "张伟", "--deemed-months", "0"],
        &["profile", "set", "张伟", "--retire-month", "2031-13"],
    ] {
        let r = run(&db, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    assert_eq!(standing(&db)["estimate"]["total"], Value::Null);
    // Transitional inputs in the JSON once given.
    ok(run(
        &db,
        &[
            "profile",
            "set",
            "张伟",
            "--benefit-base",
            "12000",
            "--average-index",
            "0.8",
            "--deemed-months",
            "60",
            "--transitional-coefficient",
            "1.2%",
        ],
    ));
    // 12,000 × 0.8 × 5 × 1.2% = ¥576.00.
    assert_eq!(standing(&db)["estimate"]["transitional_part"], 57_600);
}
