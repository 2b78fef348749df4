//! `encrypt`, `decrypt`, `passwd`, `forget-key`, `backup`, `restore` and `check` run as a
//! process on real files: exit statuses (0 ok, 1 user error, 2 usage), one-line errors, and
//! that a refused command leaves the files as they were.

mod common;

use common::{assert_user_error, ok, shebao, shebao_with_env as shebao_env, Run};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A database with the demo history, in a fresh folder.
fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    ok(shebao(&db, &["demo"]));
    (dir, db)
}

fn profile_names(db: &Path, env: &[(&str, &str)]) -> Vec<String> {
    let list = json_of(shebao_env(db, &["profile", "list", "--json"], env));
    list["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path, bytes);
            }
        }
    }
    files
}

fn assert_unchanged(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) {
    let after = snapshot(dir);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "the same files"
    );
    assert!(after == *before, "the same bytes");
}

const KEY: (&str, &str) = ("SHEBAO_PASSPHRASE", "门前大桥下 游过一群鸭");

#[test]
fn encrypt_then_every_command_needs_the_passphrase() {
    let (dir, db) = demo();
    let done = json_of(shebao_env(&db, &["encrypt", "--json"], &[KEY]));
    assert_eq!(done["encrypted"], true);
    assert!(db.with_file_name("shebao.db.salt").is_file());
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));

    let before = snapshot(dir.path());
    assert_user_error(
        &shebao(&db, &["--lang", "en", "profile", "list"]),
        "passphrase is needed",
    );
    assert_user_error(&shebao(&db, &["profile", "list"]), "需要密码");
    assert_user_error(
        &shebao_env(
            &db,
            &["--lang", "en", "summary", "--profile", "1"],
            &[("SHEBAO_PASSPHRASE", "wrong")],
        ),
        "wrong passphrase",
    );
    assert_unchanged(dir.path(), &before);

    assert_eq!(profile_names(&db, &[KEY]), ["李明（示例）"]);
    let summary = json_of(shebao_env(
        &db,
        &["summary", "--profile", "1", "--json"],
        &[KEY],
    ));
    assert!(summary["kinds"]["pension"]["months_paid"].as_i64().unwrap() > 100);
    ok(shebao_env(
        &db,
        &["profile", "add", "--name", "王芳"],
        &[KEY],
    ));
    assert_eq!(profile_names(&db, &[KEY]).len(), 2);
}

#[test]
fn decrypt_gives_back_a_plain_database() {
    let (_dir, db) = demo();
    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    assert_user_error(
        &shebao_env(
            &db,
            &["--lang", "en", "decrypt"],
            &[("SHEBAO_PASSPHRASE", "wrong")],
        ),
        "wrong passphrase",
    );
    let run = ok(shebao_env(&db, &["--lang", "en", "decrypt"], &[KEY]));
    assert!(run.stdout.contains("decrypted"), "{}", run.stdout);
    assert!(!db.with_file_name("shebao.db.salt").exists());
    assert_eq!(profile_names(&db, &[]), ["李明（示例）"]);
    // A passphrase for a plain database is refused, not silently ignored.
    assert_user_error(
        &shebao_env(&db, &["--lang", "en", "profile", "list"], &[KEY]),
        "not encrypted",
    );
}

#[test]
fn passwd_changes_the_passphrase() {
    let (_dir, db) = demo();
    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    let new = ("SHEBAO_NEW_PASSPHRASE", "新密码 2026");
    ok(shebao_env(&db, &["passwd"], &[KEY, new]));
    assert_user_error(
        &shebao_env(&db, &["--lang", "en", "profile", "list"], &[KEY]),
        "wrong passphrase",
    );
    assert_eq!(
        profile_names(&db, &[("SHEBAO_PASSPHRASE", "新密码 2026")]),
        ["李明（示例）"]
    );
}

#[test]
fn without_a_terminal_a_missing_passphrase_is_an_error_not_a_hang() {
    let (dir, db) = demo();
    let before = snapshot(dir.path());
    // encrypt needs the new passphrase; there is no terminal to ask on.
    assert_user_error(
        &shebao(&db, &["--lang", "en", "encrypt"]),
        "passphrase is needed",
    );
    assert_user_error(
        &shebao_env(&db, &["encrypt"], &[("SHEBAO_PASSPHRASE", "")]),
        "密码不能为空",
    );
    assert_unchanged(dir.path(), &before);

    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    let before = snapshot(dir.path());
    assert_user_error(
        &shebao_env(&db, &["--lang", "en", "passwd"], &[KEY]),
        "passphrase is needed",
    );
    assert_unchanged(dir.path(), &before);
}

#[test]
fn conversions_from_the_wrong_state_are_user_errors() {
    let (dir, db) = demo();
    let before = snapshot(dir.path());
    assert_user_error(
        &shebao_env(&db, &["--lang", "en", "decrypt"], &[KEY]),
        "not encrypted",
    );
    assert_user_error(
        &shebao_env(&db, &["--lang", "en", "passwd"], &[KEY]),
        "not encrypted",
    );
    assert_unchanged(dir.path(), &before);
    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    assert_user_error(
        &shebao_env(&db, &["--lang", "en", "encrypt"], &[KEY]),
        "already encrypted",
    );
    let missing = dir.path().join("missing.db");
    assert_user_error(
        &shebao_env(&missing, &["--lang", "en", "encrypt"], &[KEY]),
        "no database here",
    );
    assert!(!missing.exists());
}

/// Without a keyring `forget-key` cannot look and says so; `decrypt` and `passwd` still do
/// their work (a key remembered elsewhere would be refused as stale) and say nothing was
/// forgotten.
#[test]
fn forget_key_needs_the_keyring_and_conversions_do_not() {
    let (dir, db) = demo();
    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    let before = snapshot(dir.path());
    for (lang, needle) in [
        ("en", "no OS keyring is available"),
        ("zh", "系统钥匙串不可用"),
    ] {
        let run = shebao(&db, &["--lang", lang, "forget-key"]);
        assert_user_error(&run, needle);
        assert!(run.stderr.contains("SHEBAO_KEYRING"), "{}", run.stderr);
    }
    assert_user_error(
        &shebao(&db, &["--lang", "en", "forget-key", "--json"]),
        "keyring",
    );
    assert_unchanged(dir.path(), &before);

    let new = ("SHEBAO_NEW_PASSPHRASE", "新密码 2026");
    let changed = json_of(shebao_env(&db, &["passwd", "--json"], &[KEY, new]));
    assert_eq!(changed["encrypted"], true);
    assert_eq!(changed["remembered_key_forgotten"], false);
    let decrypted = json_of(shebao_env(
        &db,
        &["decrypt", "--json"],
        &[("SHEBAO_PASSPHRASE", "新密码 2026")],
    ));
    assert_eq!(decrypted["encrypted"], false);
    assert_eq!(decrypted["remembered_key_forgotten"], false);
    assert_eq!(profile_names(&db, &[]), ["李明（示例）"]);
    // `encrypt` has no old key to forget, so its JSON does not mention one.
    let encrypted = json_of(shebao_env(&db, &["encrypt", "--json"], &[KEY]));
    assert!(encrypted.get("remembered_key_forgotten").is_none());
}

#[test]
fn backup_and_restore_round_trip() {
    let (dir, db) = demo();
    let made = json_of(shebao(&db, &["backup", "--json"]));
    let backup = PathBuf::from(made["path"].as_str().unwrap());
    assert_eq!(backup.parent().unwrap(), dir.path().join("backups"));
    assert!(backup
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("backup-"));

    ok(shebao(&db, &["profile", "add", "--name", "后来添加"]));
    let restored = json_of(shebao(
        &db,
        &["restore", backup.to_str().unwrap(), "--json"],
    ));
    assert_eq!(profile_names(&db, &[]), ["李明（示例）"]);
    let saved = PathBuf::from(restored["previous_saved_as"].as_str().unwrap());
    assert!(profile_names(&saved, &[]).contains(&"后来添加".to_string()));

    // --out writes where asked, and never over an existing file.
    let out = dir.path().join("copy.db");
    ok(shebao(&db, &["backup", "--out", out.to_str().unwrap()]));
    assert!(out.is_file());
    assert_user_error(
        &shebao(
            &db,
            &["--lang", "en", "backup", "--out", out.to_str().unwrap()],
        ),
        "already there",
    );
}

#[test]
fn backups_of_an_encrypted_database_are_encrypted_and_restore_with_the_passphrase() {
    let (dir, db) = demo();
    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    let out = dir.path().join("copy.db");
    ok(shebao_env(
        &db,
        &["backup", "--out", out.to_str().unwrap()],
        &[KEY],
    ));
    assert!(out.with_file_name("copy.db.salt").is_file());
    assert!(!std::fs::read(&out).unwrap().starts_with(b"SQLite format 3"));
    ok(shebao_env(
        &db,
        &["profile", "add", "--name", "后来添加"],
        &[KEY],
    ));
    ok(shebao_env(&db, &["restore", out.to_str().unwrap()], &[KEY]));
    assert_eq!(profile_names(&db, &[KEY]), ["李明（示例）"]);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing() {
    let (dir, db) = demo();
    let other = tempfile::tempdir().unwrap();
    let notes = other.path().join("notes.db");
    std::fs::write(&notes, "不是备份\n".repeat(50)).unwrap();
    let before = snapshot(dir.path());
    assert_user_error(
        &shebao(&db, &["--lang", "en", "restore", notes.to_str().unwrap()]),
        "not a Shebao Ledger",
    );
    assert_unchanged(dir.path(), &before);
}

#[test]
fn check_passes_a_good_database_and_reports_damage_with_the_way_back() {
    let (dir, db) = demo();
    let report = json_of(shebao(&db, &["check", "--json"]));
    assert_eq!(report["ok"], true);
    let made = json_of(shebao(&db, &["backup", "--json"]));
    let backup = made["path"].as_str().unwrap().to_string();

    damage_middle_page(&db);
    let damaged = std::fs::read(&db).unwrap();
    let run = shebao(&db, &["--lang", "en", "check"]);
    assert_user_error(&run, "is damaged");
    assert!(
        run.stderr.contains(&format!("shebao restore {backup}")),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "never silently repaired or recreated"
    );
    assert_user_error(&shebao(&db, &["check"]), "已损坏");

    ok(shebao(&db, &["restore", &backup]));
    ok(shebao(&db, &["check"]));
    let _ = dir;
}

#[test]
fn check_an_encrypted_database() {
    let (_dir, db) = demo();
    ok(shebao_env(&db, &["encrypt"], &[KEY]));
    assert_user_error(
        &shebao(&db, &["--lang", "en", "check"]),
        "passphrase is needed",
    );
    let report = json_of(shebao_env(&db, &["check", "--json"], &[KEY]));
    assert_eq!(report["encrypted"], true);
}

#[test]
fn usage_errors_exit_2() {
    let (_dir, db) = demo();
    for args in [
        &["restore"][..],
        &["backup", "--out"],
        &["encrypt", "extra"],
        &["check", "--profile", "1"],
        &["forget-key", "extra"],
    ] {
        let run = shebao(&db, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

/// Overwrites part of a page in the middle of the file, as a failing disk might.
fn damage_middle_page(db: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let pages = std::fs::metadata(db).unwrap().len() / 4096;
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start(pages / 2 * 4096)).unwrap();
    file.write_all(&[0xA5; 512]).unwrap();
}

/// The JSON of a successful run.
fn json_of(run: Run) -> Value {
    common::json_of(&ok(run))
}
