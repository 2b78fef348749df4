//! Encryption at rest on real files: unreadable without the key, a wrong passphrase changes
//! nothing, conversions keep every row, and a conversion that fails half-way leaves the
//! original as it was.

mod common;

use common::{demo_db, dump, names, pass, snapshot};
use shebao_core::store::{
    self, convert_with_fault, encryption_state, key_file_path, EncryptionState, Fault,
};
use shebao_core::Store;

fn profile_names(store: &Store) -> Vec<String> {
    store
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

fn code_of(result: shebao_core::Result<impl std::fmt::Debug>) -> &'static str {
    result.expect_err("should fail").code()
}

#[test]
fn an_encrypted_file_is_unreadable_without_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("芝麻开门")).unwrap();

    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "no readable header");
    let needle = "李明".as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "no name in the clear"
    );
    assert!(key_file_path(&db).is_file());
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Encrypted);

    // What the plain `sqlite3` tool sees.
    let plain = rusqlite::Connection::open(&db).unwrap();
    let err = plain
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert!(err.to_string().contains("file is not a database"), "{err}");
    drop(plain);

    assert_eq!(code_of(Store::open(&db)), "passphrase_required");
    let store = Store::open_with_passphrase(&db, Some(&pass("芝麻开门"))).unwrap();
    assert!(store.is_encrypted());
    assert_eq!(profile_names(&store), ["李明（示例）"]);
}

#[test]
fn without_its_key_file_an_encrypted_file_is_not_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("芝麻开门")).unwrap();
    std::fs::remove_file(key_file_path(&db)).unwrap();
    let before = snapshot(dir.path());
    assert_eq!(code_of(Store::open(&db)), "not_a_database");
    assert_eq!(
        code_of(Store::open_with_passphrase(&db, Some(&pass("芝麻开门")))),
        "not_a_database"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_wrong_passphrase_changes_nothing_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("right")).unwrap();
    let before = snapshot(dir.path());

    let wrong = pass("wrong");
    assert_eq!(
        code_of(Store::open_with_passphrase(&db, Some(&wrong))),
        "wrong_passphrase"
    );
    assert_eq!(code_of(store::decrypt(&db, &wrong)), "wrong_passphrase");
    assert_eq!(
        code_of(store::change_passphrase(&db, &wrong, &pass("new"))),
        "wrong_passphrase"
    );
    assert_eq!(code_of(store::check(&db, Some(&wrong))), "wrong_passphrase");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "not a byte changed, no file added"
    );

    Store::open_with_passphrase(&db, Some(&pass("right"))).unwrap();
}

#[test]
fn encrypt_passwd_decrypt_round_trip_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let original = dump(&db);
    assert!(original.contains("李明"));

    let done = store::encrypt(&db, &pass("first")).unwrap();
    assert!(done.encrypted);
    assert!(done.rows > 100, "{done:?}");
    let first_key_file = std::fs::read_to_string(key_file_path(&db)).unwrap();

    store::change_passphrase(&db, &pass("first"), &pass("second")).unwrap();
    let second_key_file = std::fs::read_to_string(key_file_path(&db)).unwrap();
    assert_ne!(
        first_key_file, second_key_file,
        "a new salt with a new passphrase"
    );
    assert_eq!(
        code_of(Store::open_with_passphrase(&db, Some(&pass("first")))),
        "wrong_passphrase"
    );
    {
        let store = Store::open_with_passphrase(&db, Some(&pass("second"))).unwrap();
        assert_eq!(profile_names(&store), ["李明（示例）"]);
    }

    let done = store::decrypt(&db, &pass("second")).unwrap();
    assert!(!done.encrypted);
    assert!(!key_file_path(&db).exists());
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Plain);
    assert_eq!(dump(&db), original, "every row of every table");
    assert_eq!(names(dir.path()), ["shebao.db"], "no temp files left");
}

#[test]
fn a_failure_half_way_through_a_conversion_leaves_the_original_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let before = snapshot(dir.path());

    let err =
        convert_with_fault(&db, None, Some(&pass("new")), Fault::FailVerification).unwrap_err();
    assert_eq!(err.code(), "verification_failed");
    assert_eq!(
        snapshot(dir.path()),
        before,
        "original untouched, temp file removed"
    );

    // The same for a passphrase change: the old passphrase still opens the old file.
    store::encrypt(&db, &pass("old")).unwrap();
    let before = snapshot(dir.path());
    let err = convert_with_fault(
        &db,
        Some(&pass("old")),
        Some(&pass("new")),
        Fault::FailVerification,
    )
    .unwrap_err();
    assert_eq!(err.code(), "verification_failed");
    assert_eq!(snapshot(dir.path()), before);
    Store::open_with_passphrase(&db, Some(&pass("old"))).unwrap();
}

/// A passphrase change writes the key file with both settings, swaps the database, then
/// drops the old settings. A crash between any two steps must leave a database that opens.
#[test]
fn an_interrupted_passphrase_change_still_opens_with_the_passphrase_of_the_file_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("old")).unwrap();
    let old_db = std::fs::read(&db).unwrap();
    let old_key: serde_json::Value =
        serde_json::from_slice(&std::fs::read(key_file_path(&db)).unwrap()).unwrap();
    store::change_passphrase(&db, &pass("old"), &pass("new")).unwrap();
    let new_db = std::fs::read(&db).unwrap();
    let mut both: serde_json::Value =
        serde_json::from_slice(&std::fs::read(key_file_path(&db)).unwrap()).unwrap();
    both["previous"] = old_key["kdf"].clone();
    let both = serde_json::to_vec(&both).unwrap();

    for (db_bytes, works, fails) in [(&old_db, "old", "new"), (&new_db, "new", "old")] {
        std::fs::write(&db, db_bytes).unwrap();
        std::fs::write(key_file_path(&db), &both).unwrap();
        assert_eq!(
            code_of(Store::open_with_passphrase(&db, Some(&pass(fails)))),
            "wrong_passphrase"
        );
        let store = Store::open_with_passphrase(&db, Some(&pass(works))).unwrap();
        assert_eq!(profile_names(&store), ["李明（示例）"]);
        drop(store);
        let settled = std::fs::read_to_string(key_file_path(&db)).unwrap();
        assert!(!settled.contains("previous"), "settled on the working key");
        Store::open_with_passphrase(&db, Some(&pass(works))).unwrap();
    }
}

#[test]
fn a_passphrase_for_a_new_database_creates_it_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    {
        let store = Store::open_with_passphrase(&db, Some(&pass("新的"))).unwrap();
        assert!(store.is_encrypted());
    }
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Encrypted);
    assert_eq!(code_of(Store::open(&db)), "passphrase_required");
    Store::open_with_passphrase(&db, Some(&pass("新的"))).unwrap();
}

#[test]
fn conversions_refuse_the_wrong_starting_point_and_a_passphrase_is_not_silently_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    assert_eq!(code_of(store::decrypt(&db, &pass("x"))), "not_encrypted");
    assert_eq!(
        code_of(Store::open_with_passphrase(&db, Some(&pass("x")))),
        "not_encrypted"
    );
    store::encrypt(&db, &pass("x")).unwrap();
    assert_eq!(
        code_of(store::encrypt(&db, &pass("y"))),
        "already_encrypted"
    );
    assert_eq!(
        code_of(store::encrypt(&dir.path().join("missing.db"), &pass("y"))),
        "io"
    );
}

#[test]
fn a_damaged_key_file_is_reported_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("x")).unwrap();
    std::fs::write(key_file_path(&db), "{not json").unwrap();
    let before = snapshot(dir.path());
    assert_eq!(
        code_of(Store::open_with_passphrase(&db, Some(&pass("x")))),
        "key_file"
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_conversion_while_another_program_has_the_database_open_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let app = Store::open(&db).unwrap(); // the desktop app, say
    let before = snapshot(dir.path());
    assert_eq!(code_of(store::encrypt(&db, &pass("x"))), "database_in_use");
    assert_eq!(snapshot(dir.path()), before, "no temp file, no key file");
    assert_eq!(profile_names(&app), ["李明（示例）"]);
    drop(app);
    store::encrypt(&db, &pass("x")).unwrap();
}
