//! Backups, restore and the integrity check on real files: a backup is a whole, verified copy
//! (encrypted when the database is), restore puts it back only after saving the current
//! database, rotation keeps what it promises, and damage is reported with the way back.

mod common;

use common::{damage_middle_page, demo_db, dump, names, pass, snapshot};
use shebao_core::model::NewProfile;
use shebao_core::store::{
    self, auto_backup, backup_dir, key_file_path, list_backups, newest_good_backup, BackupKind,
};
use shebao_core::{Error, Store};
use std::path::Path;

fn add_profile(store: &mut Store, name: &str) {
    let profile = NewProfile {
        name: name.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store.add_profile(&profile).unwrap();
}

fn profile_names(db: &Path, passphrase: Option<&str>) -> Vec<String> {
    let passphrase = passphrase.map(pass);
    let store = Store::open_with_passphrase(db, passphrase.as_ref()).unwrap();
    store
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[test]
fn backup_then_restore_gives_back_the_data_and_keeps_what_was_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let at_backup = dump(&db);
    let backup = {
        let store = Store::open(&db).unwrap();
        store.backup_into_dir(BackupKind::Manual).unwrap()
    };
    assert_eq!(backup.parent().unwrap(), backup_dir(&db));
    let listed = list_backups(&db).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].kind, listed[0].encrypted),
        (BackupKind::Manual, false)
    );
    // A backup is one self-contained file, readable by plain SQLite.
    assert_eq!(dump(&backup), at_backup);

    add_profile(&mut Store::open(&db).unwrap(), "后来添加");
    let report = store::restore(&db, &backup, None, None).unwrap();
    assert_eq!(dump(&db), at_backup, "every row as at the backup");

    let saved = report
        .previous_saved_as
        .expect("the replaced database is kept");
    assert!(profile_names(&saved, None).contains(&"后来添加".to_string()));
    let kinds: Vec<BackupKind> = list_backups(&db).unwrap().iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BackupKind::BeforeRestore, BackupKind::Manual]);
    assert_eq!(
        names(dir.path()),
        ["backups", "shebao.db"],
        "no temp files left"
    );
}

#[test]
fn a_backup_of_an_encrypted_database_is_encrypted_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("家里的密码")).unwrap();
    let out = dir.path().join("elsewhere").join("copy.db");
    {
        let store = Store::open_with_passphrase(&db, Some(&pass("家里的密码"))).unwrap();
        store.backup_to(&out).unwrap();
    }
    assert!(
        key_file_path(&out).is_file(),
        "the backup carries its key file"
    );
    let plain = rusqlite::Connection::open(&out).unwrap();
    assert!(plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
            .get::<_, i64>(0))
        .is_err());
    drop(plain);
    assert_eq!(
        store::check(&out, None).unwrap_err().code(),
        "passphrase_required"
    );
    assert!(
        store::check(&out, Some(&pass("家里的密码")))
            .unwrap()
            .encrypted
    );

    // Restore over a changed database; the result opens with the passphrase of the backup.
    add_profile(
        &mut Store::open_with_passphrase(&db, Some(&pass("家里的密码"))).unwrap(),
        "后来添加",
    );
    let p = pass("家里的密码");
    let report = store::restore(&db, &out, Some(&p), Some(&p)).unwrap();
    assert!(report.encrypted);
    assert_eq!(
        profile_names(&db, Some("家里的密码")),
        ["李明（示例）"],
        "as at the backup"
    );
    let saved = report.previous_saved_as.unwrap();
    assert!(key_file_path(&saved).is_file());
    assert_eq!(profile_names(&saved, Some("家里的密码")).len(), 2);
}

#[test]
fn restoring_a_plain_backup_over_an_encrypted_database_removes_the_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let plain_backup = dir.path().join("plain.db");
    Store::open(&db).unwrap().backup_to(&plain_backup).unwrap();
    store::encrypt(&db, &pass("x")).unwrap();

    store::restore(&db, &plain_backup, Some(&pass("x")), None).unwrap();
    assert!(!key_file_path(&db).exists());
    assert_eq!(profile_names(&db, None), ["李明（示例）"]);
}

#[test]
fn restore_refuses_what_is_not_a_good_backup_of_ours_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let others = tempfile::tempdir().unwrap();

    let text = others.path().join("notes.db");
    std::fs::write(&text, "这不是备份".repeat(100)).unwrap();

    let foreign = others.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT); PRAGMA user_version = 1;")
        .unwrap();

    let newer = others.path().join("newer.db");
    Store::open(&db).unwrap().backup_to(&newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();

    let damaged = others.path().join("damaged.db");
    Store::open(&db).unwrap().backup_to(&damaged).unwrap();
    damage_middle_page(&damaged);

    let before = snapshot(dir.path());
    for (file, code) in [
        (&text, "not_a_backup"),
        (&foreign, "not_a_backup"),
        (&newer, "newer_schema"),
        (&damaged, "corrupt"),
        (&db, "not_a_backup"),
    ] {
        let err = store::restore(&db, file, None, None).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", file.display());
    }
    assert_eq!(
        snapshot(dir.path()),
        before,
        "no backup taken, nothing replaced"
    );
}

#[test]
fn a_backup_to_an_impossible_place_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let before = snapshot(dir.path());
    let store = Store::open(&db).unwrap();
    let err = store.backup_to(&blocker.join("backup.db")).unwrap_err();
    assert!(matches!(err, Error::DataDir { .. }), "{err:?}");
    // An existing file is never overwritten.
    let err = store.backup_to(&blocker).unwrap_err();
    assert_eq!(err.code(), "io");
    drop(store);
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn automatic_backups_are_rotated_by_count_and_age() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let store = Store::open(&db).unwrap();
    let template = store.backup_into_dir(BackupKind::Manual).unwrap();
    // Twelve automatic backups from long ago, and a manual one older still.
    let backups = backup_dir(&db);
    for n in 0..12 {
        let name = format!("auto-20200101-0000{n:02}-000.db");
        std::fs::copy(&template, backups.join(name)).unwrap();
    }
    std::fs::copy(&template, backups.join("backup-20190101-000000-000.db")).unwrap();

    let fresh = auto_backup(&store).unwrap();
    let remaining = list_backups(&db).unwrap();
    let automatic: Vec<_> = remaining
        .iter()
        .filter(|b| b.kind == BackupKind::Auto)
        .collect();
    assert_eq!(automatic.len(), 10, "the newest ten");
    assert_eq!(automatic[0].path, fresh);
    assert!(
        !backups.join("auto-20200101-000000-000.db").exists(),
        "the oldest went"
    );
    assert!(backups.join("auto-20200101-000003-000.db").exists());
    assert!(backups.join("backup-20190101-000000-000.db").exists());
    assert!(template.exists());
}

#[test]
fn a_damaged_database_is_reported_with_the_newest_good_backup_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    assert!(store::check(&db, None).is_ok());
    let (older, newer) = {
        let store = Store::open(&db).unwrap();
        let older = store.backup_into_dir(BackupKind::Auto).unwrap();
        let newer = store.backup_into_dir(BackupKind::Manual).unwrap();
        (older, newer)
    };
    // The newest backup is itself damaged: the way back is the one before it.
    damage_middle_page(&newer);
    assert_eq!(newest_good_backup(&db, None), Some(older.clone()));

    damage_middle_page(&db);
    let damaged = std::fs::read(&db).unwrap();
    match store::check(&db, None).unwrap_err() {
        Error::Corrupt { backup, .. } => assert_eq!(backup, Some(older.clone())),
        other => panic!("expected corrupt, got {other:?}"),
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        damaged,
        "never repaired behind the user's back"
    );

    // The way back works, and keeps the damaged file too.
    let report = store::restore(&db, &older, None, None).unwrap();
    assert!(store::check(&db, None).is_ok());
    assert_eq!(profile_names(&db, None), ["李明（示例）"]);
    let saved = report.previous_saved_as.unwrap();
    assert_eq!(std::fs::read(&saved).unwrap(), damaged);
}

#[test]
fn damage_in_an_encrypted_database_is_found_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("x")).unwrap();
    damage_middle_page(&db);
    let err = store::check(&db, Some(&pass("x"))).unwrap_err();
    assert_eq!(err.code(), "corrupt", "{err}");
}

#[test]
fn a_restore_while_another_program_has_the_database_open_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let app = Store::open(&db).unwrap();
    let backup = app.backup_into_dir(BackupKind::Manual).unwrap();
    let data = dump(&db);
    let err = store::restore(&db, &backup, None, None).unwrap_err();
    assert_eq!(err.code(), "database_in_use");
    assert_eq!(dump(&db), data);
    let kinds: Vec<BackupKind> = list_backups(&db).unwrap().iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [BackupKind::BeforeRestore, BackupKind::Manual],
        "the safety copy stays; it is a good backup"
    );
    assert!(!names(dir.path()).iter().any(|n| n.contains("restoring")));
    drop(app);
}
