//! `shebao rules update` and `shebao rules show` as a process, against a real HTTP server on
//! loopback serving releases signed with the test key (which this test build trusts).

mod common;
#[path = "../../core/tests/support/rules_server.rs"]
mod rules_server;

use common::{assert_user_error, json_of, shebao, temp_db};
use rules_server::{release, stranger_key, tables_at, test_key, RulesServer};
use shebao_core::rules::{override_path, Release};
use std::path::Path;
use std::process::Command;

fn show(db: &Path) -> serde_json::Value {
    json_of(&shebao(db, &["rules", "show", "--json"]))
}

/// The bundled tables with the M60 retirement step changed from 4 to 2 birth months, at
/// `version`: a change `shebao retirement` makes visible.
fn faster_schedule(version: &str) -> Release {
    let mut files = tables_at(version);
    let mut national: serde_json::Value = serde_json::from_str(&files[0].1).unwrap();
    let m60 = &mut national["retirement_schedule"]["groups"][0];
    assert_eq!(m60["id"], "M60");
    m60["step_months"] = 2.into();
    files[0].1 = serde_json::to_string_pretty(&national).unwrap();
    Release::sign(files, "2027-01-15T08:00:00Z", &test_key()).unwrap()
}

fn retirement_month(db: &Path) -> String {
    let run = shebao(
        db,
        &["retirement", "--born", "1970-01", "--sex", "male", "--json"],
    );
    json_of(&run)["retirement_month"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn an_update_becomes_the_rules_in_use_and_show_says_where_from() {
    let server = RulesServer::start();
    let url = server.serve_release("/v1", &faster_schedule("2027-01-15"));
    let (_dir, db) = temp_db();

    let before = show(&db);
    assert_eq!(before["origin"], "bundled");
    assert_eq!(before["version"], "2026-12-06");
    assert_eq!(before["source"], serde_json::Value::Null);
    // Born 1970-01, M60: 4-month steps delay 16 months.
    assert_eq!(retirement_month(&db), "2031-05");

    let run = shebao(&db, &["rules", "update", "--url", &url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("规则表已更新：2026-12-06 → 2027-01-15（8 个文件"),
        "{}",
        run.stdout
    );
    // Only the tables beside it were written: the database itself was not created.
    assert!(override_path(&db).exists());
    assert!(!db.exists());

    let after = show(&db);
    assert_eq!(after["origin"], "updated");
    assert_eq!(after["version"], "2027-01-15");
    assert_eq!(after["source"], url.as_str());
    assert_eq!(after["published"], "2027-01-15T08:00:00Z");
    assert_eq!(after["set_aside"], serde_json::Value::Null);
    assert_eq!(
        after["national"]["retirement_schedule"]["groups"][0]["step_months"],
        2
    );
    // The same person under the updated schedule: 2-month steps delay 31 months.
    assert_eq!(retirement_month(&db), "2032-08");

    let text = shebao(&db, &["--lang", "en", "rules", "show"]);
    assert!(
        text.stdout
            .starts_with("Rule tables: updated, version 2027-01-15, format 1\n"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains(&format!("from {url} (published")));

    let again = json_of(&shebao(&db, &["rules", "update", "--url", &url, "--json"]));
    assert_eq!(
        again,
        serde_json::json!({"outcome": "up_to_date", "version": "2027-01-15", "source": url})
    );
}

#[test]
fn refused_updates_exit_1_with_the_reason_and_change_nothing() {
    let server = RulesServer::start();
    let (_dir, db) = temp_db();
    let first = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    json_of(&shebao(
        &db,
        &["rules", "update", "--url", &first, "--json"],
    ));
    let stored = std::fs::read(override_path(&db)).unwrap();

    let foreign = server.serve_release("/foreign", &release("2027-02-01", &stranger_key()));
    let older = server.serve_release("/older", &release("2027-01-01", &test_key()));
    let hash = server.serve_release("/hash", &release("2027-02-01", &test_key()));
    server.serve("/hash/regions/beijing.json", "{}");
    server.serve("/broken/manifest.json", "{\"format\": 1,");
    let cases = [
        (foreign, "签名不是本项目的", "is not the project's"),
        (
            older,
            "比正在使用的 2027-01-15 旧",
            "older than the 2027-01-15 in use",
        ),
        (
            hash,
            "regions/beijing.json 与签名清单中的哈希值不符",
            "does not match the hash",
        ),
        (
            server.url("/broken/manifest.json"),
            "不是有效的规则表清单",
            "is not a valid rule-table manifest",
        ),
        (
            server.url("/nothing/manifest.json"),
            "404 Not Found",
            "404 Not Found",
        ),
    ];
    for (url, zh, en) in cases {
        let run = shebao(&db, &["rules", "update", "--url", &url]);
        assert_user_error(&run, zh);
        assert_user_error(&run, "正在使用的规则表没有改动");
        let run = shebao(&db, &["--lang", "en", "rules", "update", "--url", &url]);
        assert_user_error(&run, en);
        assert_user_error(&run, "the rule tables in use were not changed");
        assert_eq!(std::fs::read(override_path(&db)).unwrap(), stored, "{url}");
        assert_eq!(show(&db)["version"], "2027-01-15");
    }
    assert_user_error(
        &shebao(
            &db,
            &["rules", "update", "--url", "ftp://example.org/m.json"],
        ),
        "不是 http 或 https 地址",
    );
}

#[test]
fn the_address_comes_from_the_environment_when_not_given() {
    let server = RulesServer::start();
    let url = server.serve_release("/env", &release("2027-01-15", &test_key()));
    let (_dir, db) = temp_db();
    let output = Command::new(env!("CARGO_BIN_EXE_shebao"))
        .args(["--db", db.to_str().unwrap(), "rules", "update", "--json"])
        .env("SHEBAO_RULES_URL", &url)
        .env_remove("SHEBAO_LANG")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["outcome"], "updated");
    assert_eq!(report["previous"], "2026-12-06");
    assert_eq!(report["source"], url.as_str());
    assert_eq!(
        *server.requests.lock().unwrap().first().unwrap(),
        "/env/manifest.json"
    );
}

#[test]
fn show_falls_back_to_the_bundled_tables_when_the_download_is_damaged() {
    let server = RulesServer::start();
    let url = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    let (_dir, db) = temp_db();
    json_of(&shebao(&db, &["rules", "update", "--url", &url, "--json"]));
    let path = override_path(&db);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("2005", "2006", 1)).unwrap();

    let tables = show(&db);
    assert_eq!(tables["origin"], "bundled");
    assert_eq!(tables["version"], "2026-12-06");
    assert_eq!(tables["set_aside"]["code"], "rules_download_damaged");
    let run = shebao(&db, &["rules", "show"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("规则表：内置"), "{}", run.stdout);
    assert!(
        run.stdout.contains("注意：下载的规则表") && run.stdout.contains("shebao rules update"),
        "{}",
        run.stdout
    );
    // Fetching again mends it.
    json_of(&shebao(&db, &["rules", "update", "--url", &url, "--json"]));
    assert_eq!(show(&db)["origin"], "updated");
}
