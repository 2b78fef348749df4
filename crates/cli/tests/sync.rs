//! `shebao source add-http`, `shebao sync` and `shebao source list` run as processes against a
//! provider served over real HTTP on loopback by this test process: the contract in
//! docs/cli.md as scripts see it. The OS keyring is off, so the token comes from the
//! environment at each sync.

mod common;
#[path = "../../core/tests/support/fake_provider.rs"]
mod fake_provider;

use common::{assert_user_error, json_of, parse_json, shebao, shebao_with_env, temp_db};
use fake_provider::{item, FakeProvider};
use serde_json::json;
use std::path::Path;

const TOKEN: &str = "tok-cli-5d1e-bearer";
const ID: &str = "11010519491231002X";

fn provider() -> FakeProvider {
    let items = ["2024-01", "2024-02", "2024-03", "2024-04"]
        .iter()
        .map(|m| item(m, "pension", "640.00", "paid"))
        .collect();
    FakeProvider::start(TOKEN, json!({"name": "王芳", "id_number": ID}), items, 3)
}

fn with_token() -> [(&'static str, &'static str); 1] {
    [("HR_TOKEN", TOKEN)]
}

fn add_source(db: &Path, base_url: &str) -> serde_json::Value {
    json_of(&shebao_with_env(
        db,
        &[
            "source",
            "add-http",
            "--name",
            "hr",
            "--profile",
            "王芳",
            "--base-url",
            base_url,
            "--token-env",
            "HR_TOKEN",
            "--json",
        ],
        &with_token(),
    ))
}

fn months(db: &Path) -> serde_json::Value {
    json_of(&shebao(db, &["summary", "--profile", "王芳", "--json"]))
}

#[test]
fn add_http_then_sync_brings_the_records_and_a_second_sync_changes_nothing() {
    let (_dir, db) = temp_db();
    let provider = provider();
    json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--id-number",
            ID,
            "--json",
        ],
    ));

    let added = add_source(&db, &provider.base_url());
    assert_eq!(added["created"], true);
    assert_eq!(
        added["source"]["token"], "environment",
        "the keyring is off"
    );
    assert_eq!(added["source"]["token_env"], "HR_TOKEN");
    assert_eq!(added["source"]["profile"]["name"], "王芳");

    let report = json_of(&shebao_with_env(&db, &["sync", "--json"], &with_token()));
    let hr = &report["sources"][0];
    assert_eq!(hr["source"], "hr");
    assert_eq!(hr["outcome"], "ok");
    assert_eq!(hr["profile"], "王芳");
    assert_eq!(
        (
            &hr["added"],
            &hr["updated"],
            &hr["unchanged"],
            &hr["pages"],
            &hr["balances"]
        ),
        (&json!(4), &json!(0), &json!(0), &json!(2), &json!(1))
    );
    assert_eq!(hr["since"], json!(null));
    assert_eq!(hr["error"], json!(null));
    assert!(hr["backup"].as_str().unwrap().contains("backups"));
    let summary = months(&db);
    assert!(summary.to_string().contains("2024-04"), "{summary}");

    // Again: only from the last month held, and nothing changes.
    let text = shebao_with_env(
        &db,
        &["--lang", "en", "sync", "--source", "hr"],
        &with_token(),
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains("synced hr → 王芳: 0 added, 0 updated, 1 unchanged"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("since 2024-04"), "{}", text.stdout);
    assert_eq!(
        provider.seen().last().unwrap().route,
        Some(fake_provider::Route::Balances)
    );

    let list = json_of(&shebao(&db, &["source", "list", "--json"]));
    let source = &list["sources"][0];
    assert_eq!(source["kind"], "http");
    assert_eq!(source["name"], "hr");
    assert_eq!(source["location"], provider.base_url());
    assert_eq!(source["http"]["profile_name"], "王芳");
    assert_eq!(source["http"]["token_in_keyring"], false);
    assert_eq!(source["stale"], false);
    assert_eq!(source["last_run"]["outcome"], "ok");
    let table = shebao(&db, &["--lang", "en", "source", "list"]);
    assert!(
        table.stdout.contains("hr") && table.stdout.contains("ok"),
        "{}",
        table.stdout
    );

    // The token is in no file the app wrote.
    let dir = db.parent().unwrap();
    for folder in [dir.to_path_buf(), dir.join("backups")] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
                    "token in {}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_failed_sync_exits_1_with_one_line_and_keeps_the_last_good_data() {
    let (_dir, db) = temp_db();
    let provider = provider();
    json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--id-number",
            ID,
            "--json",
        ],
    ));
    add_source(&db, &provider.base_url());
    json_of(&shebao_with_env(&db, &["sync", "--json"], &with_token()));
    let before = months(&db);
    provider
        .state()
        .items
        .push(item("2024-05", "pension", "640.00", "paid"));

    // No token in the environment (and no keyring).
    let run = shebao(&db, &["--lang", "en", "sync"]);
    assert_user_error(&run, "$HR_TOKEN is not set");

    // The provider refuses the token; --json still reports, stderr has the one line.
    provider.state().token = "rotated".into();
    let run = shebao_with_env(&db, &["--lang", "en", "sync", "--json"], &with_token());
    assert_user_error(&run, "refused the token (HTTP 401)");
    assert!(!run.stderr.contains(TOKEN));
    let report = parse_json(&run);
    let hr = &report["sources"][0];
    assert_eq!(hr["outcome"], "failed");
    assert_eq!(hr["error"]["code"], "provider_auth");
    assert_eq!(hr["added"], 0);

    assert_eq!(months(&db), before, "the last good data stays");
    let list = json_of(&shebao(&db, &["source", "list", "--json"]));
    assert_eq!(list["sources"][0]["last_run"]["outcome"], "failed");
    assert_eq!(
        list["sources"][0]["last_run"]["error_code"],
        "provider_auth"
    );

    // The same in Chinese.
    let run = shebao_with_env(&db, &["sync"], &with_token());
    assert_user_error(&run, "拒绝了令牌");
}

#[test]
fn usage_mistakes_are_clear_user_errors() {
    let (_dir, db) = temp_db();
    json_of(&shebao(
        &db,
        &["profile", "add", "--name", "王芳", "--json"],
    ));
    assert_user_error(
        &shebao(&db, &["--lang", "en", "sync"]),
        "no HTTP source yet",
    );
    assert_user_error(
        &shebao(&db, &["--lang", "en", "sync", "--source", "nope"]),
        "no HTTP source named \"nope\"",
    );
    // No --token-env and no terminal to type the token on.
    assert_user_error(
        &shebao(
            &db,
            &[
                "--lang",
                "en",
                "source",
                "add-http",
                "--name",
                "hr",
                "--profile",
                "王芳",
                "--base-url",
                "https://hr.example.com",
            ],
        ),
        "--token-env",
    );
    assert_user_error(
        &shebao_with_env(
            &db,
            &[
                "--lang",
                "en",
                "source",
                "add-http",
                "--name",
                "hr",
                "--profile",
                "王芳",
                "--base-url",
                "http://hr.example.com",
                "--token-env",
                "HR_TOKEN",
            ],
            &with_token(),
        ),
        "plain http is only allowed on this machine",
    );
    let list = json_of(&shebao(&db, &["source", "list", "--json"]));
    assert_eq!(list["sources"], json!([]), "nothing was added");
    let bad_freshness = shebao(
        &db,
        &[
            "source",
            "add-http",
            "--name",
            "hr",
            "--profile",
            "王芳",
            "--base-url",
            "https://hr.example.com",
            "--freshness",
            "hourly",
        ],
    );
    assert_eq!(bad_freshness.code, 2, "a usage error");
}

#[test]
fn the_apps_own_passphrase_variables_are_never_a_token() {
    let (_dir, db) = temp_db();
    let provider = provider();
    json_of(&shebao(
        &db,
        &["profile", "add", "--name", "王芳", "--json"],
    ));
    for var in [
        "SHEBAO_PASSPHRASE",
        "SHEBAO_WEBDAV_PASSPHRASE",
        "SHEBAO_KEYRING",
    ] {
        let run = shebao_with_env(
            &db,
            &[
                "--lang",
                "en",
                "source",
                "add-http",
                "--name",
                "hr",
                "--profile",
                "王芳",
                "--base-url",
                &provider.base_url(),
                "--token-env",
                var,
            ],
            &[],
        );
        assert_user_error(&run, &format!("${var} holds one of the app's own secrets"));
    }
    let list = json_of(&shebao(&db, &["source", "list", "--json"]));
    assert_eq!(list["sources"], json!([]), "nothing added");
    assert!(provider.seen().is_empty(), "nothing sent");
}
