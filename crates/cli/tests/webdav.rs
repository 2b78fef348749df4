//! `shebao webdav set|backup|list|restore` as processes against a real WebDAV server (WsgiDAV on
//! loopback, see crates/core/tests/support/wsgidav.rs): the contract in docs/cli.md as scripts
//! see it. The OS keyring is off, so the password comes from the environment at each use.

mod common;
#[path = "../../core/tests/support/wsgidav.rs"]
mod wsgidav;

use common::{assert_user_error, demo_db, json_of, shebao, shebao_with_env};
use std::path::Path;
use wsgidav::WsgiDav;

const USER: &str = "me@example.com";
const PASSWORD: &str = "app-password-3k9";
const ARCHIVE: &str = "备份口令 cli";

fn env() -> Vec<(&'static str, &'static str)> {
    vec![("DAV_PW", PASSWORD), ("SHEBAO_WEBDAV_PASSPHRASE", ARCHIVE)]
}

fn set(db: &Path, url: &str) -> serde_json::Value {
    json_of(&shebao_with_env(
        db,
        &[
            "webdav",
            "set",
            "--url",
            url,
            "--user",
            USER,
            "--password-env",
            "DAV_PW",
            "--keep",
            "3",
            "--json",
        ],
        &env(),
    ))
}

#[test]
fn set_backup_list_restore_as_a_script_would() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let (_dir, db) = demo_db();
    let set = set(&db, &server.url());
    assert_eq!(
        set["password"], "environment",
        "the keyring is off in tests"
    );
    assert_eq!(set["webdav"]["keep"], 3);
    assert_eq!(set["webdav"]["user"], USER);
    assert!(set.to_string().find(PASSWORD).is_none(), "never printed");

    let backup = json_of(&shebao_with_env(
        &db,
        &["webdav", "backup", "--json"],
        &env(),
    ));
    let name = backup["name"].as_str().unwrap().to_string();
    assert!(name.starts_with("shebao-") && name.ends_with(".sbk"));
    assert_eq!(backup["database_encrypted"], false);

    let listed = json_of(&shebao_with_env(&db, &["webdav", "list", "--json"], &env()));
    assert_eq!(listed["backups"].as_array().unwrap().len(), 1);
    assert_eq!(listed["backups"][0]["name"], name.as_str());
    let text = shebao_with_env(&db, &["--lang", "en", "webdav", "list"], &env());
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains(&name) && text.stdout.contains("size (bytes)"));

    // Something added after the backup goes away with the restore, and is kept aside.
    json_of(&shebao(
        &db,
        &["profile", "add", "--name", "后来的人", "--json"],
    ));
    let restored = json_of(&shebao_with_env(
        &db,
        &["webdav", "restore", &name, "--json"],
        &env(),
    ));
    assert_eq!(restored["name"], name.as_str());
    assert!(restored["previous_saved_as"]
        .as_str()
        .unwrap()
        .contains("before-restore"));
    let profiles = json_of(&shebao(&db, &["profile", "list", "--json"]));
    assert!(!profiles.to_string().contains("后来的人"));
}

#[test]
fn every_failure_is_one_line_and_changes_nothing() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let (_dir, db) = demo_db();

    let not_set = shebao_with_env(&db, &["--lang", "en", "webdav", "backup"], &env());
    assert_user_error(&not_set, "no WebDAV server is set up");

    let bad_url = shebao_with_env(
        &db,
        &[
            "--lang",
            "en",
            "webdav",
            "set",
            "--url",
            "http://nas.example.com/dav",
            "--user",
            USER,
            "--password-env",
            "DAV_PW",
        ],
        &env(),
    );
    assert_user_error(&bad_url, "plain http");
    // Without --password-env and without a terminal, there is nowhere to get the password.
    let no_password = shebao(
        &db,
        &[
            "--lang",
            "en",
            "webdav",
            "set",
            "--url",
            &server.url(),
            "--user",
            USER,
        ],
    );
    assert_user_error(&no_password, "--password-env");

    set(&db, &server.url());
    let name = json_of(&shebao_with_env(
        &db,
        &["webdav", "backup", "--json"],
        &env(),
    ))["name"]
        .as_str()
        .unwrap()
        .to_string();
    let profiles_before = shebao(&db, &["profile", "list", "--json"]).stdout;

    // No backup passphrase and no terminal to ask on.
    let missing = shebao_with_env(
        &db,
        &["--lang", "en", "webdav", "restore", &name],
        &[("DAV_PW", PASSWORD)],
    );
    assert_user_error(&missing, "SHEBAO_WEBDAV_PASSPHRASE");
    let wrong = shebao_with_env(
        &db,
        &["webdav", "restore", &name],
        &[("DAV_PW", PASSWORD), ("SHEBAO_WEBDAV_PASSPHRASE", "wrong")],
    );
    assert_user_error(&wrong, "备份口令不对");
    let refused = shebao_with_env(
        &db,
        &["--lang", "en", "webdav", "list"],
        &[("DAV_PW", "not-the-password")],
    );
    assert_user_error(&refused, "HTTP 401");
    let unknown = shebao_with_env(
        &db,
        &["--lang", "en", "webdav", "restore", "nope.sbk"],
        &env(),
    );
    assert_user_error(&unknown, "no backup named \"nope.sbk\"");
    let password_unset = shebao(&db, &["--lang", "en", "webdav", "list"]);
    assert_user_error(&password_unset, "$DAV_PW is not set");

    assert_eq!(
        shebao(&db, &["profile", "list", "--json"]).stdout,
        profiles_before
    );
    let listed = json_of(&shebao_with_env(&db, &["webdav", "list", "--json"], &env()));
    assert_eq!(listed["backups"].as_array().unwrap().len(), 1);
}
