//! "Remember on this computer" on real files: a remembered key opens the database without the
//! passphrase through the same checks, and a key that no longer fits (a changed passphrase, a
//! decrypted or replaced file, an altered entry) is refused with nothing read or changed.

mod common;

use common::{demo_db, pass, snapshot};
use shebao_core::secrets::{MemoryKeyring, NoKeyring, Secret, SecretStore};
use shebao_core::store::{
    self, forget, key_file_path, remember, remembered, remembered_entry_name, Passphrase,
    RememberedKey, SettingKey,
};
use shebao_core::Store;
use std::path::{Path, PathBuf};

fn code_of(result: shebao_core::Result<impl std::fmt::Debug>) -> &'static str {
    result.expect_err("should fail").code()
}

fn profile_names(store: &Store) -> Vec<String> {
    store
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

/// An encrypted demo database whose key is remembered in a fresh keyring.
fn remembered_db(dir: &Path, passphrase: &Passphrase) -> (PathBuf, MemoryKeyring) {
    let db = demo_db(dir);
    store::encrypt(&db, passphrase).unwrap();
    let keyring = MemoryKeyring::default();
    let store = Store::open_with_passphrase(&db, Some(passphrase)).unwrap();
    remember(&store, &keyring).unwrap();
    (db, keyring)
}

fn key_of(db: &Path, keyring: &MemoryKeyring) -> RememberedKey {
    remembered(db, keyring)
        .unwrap()
        .expect("a key is remembered")
}

#[test]
fn a_remembered_key_opens_the_database_without_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("芝麻开门 open sesame"));

    // What the keyring holds: one entry named by a hash, holding no passphrase.
    assert_eq!(keyring.len(), 1);
    let entry = remembered_entry_name(&db).unwrap();
    let value = keyring.get(&entry).unwrap().unwrap();
    assert!(value.expose().starts_with("shebao-ledger-key/1 "));
    assert!(!value.expose().contains("芝麻开门"));
    assert!(!value.expose().contains("sesame"));

    let key = key_of(&db, &keyring);
    let store = Store::open_with_remembered(&db, &key).unwrap();
    assert!(store.is_encrypted());
    assert_eq!(profile_names(&store), ["李明（示例）"]);
    // Writes work, and so does a backup, which keeps the key and opens with the passphrase.
    store.set_setting(SettingKey::Theme, "dark").unwrap();
    let backup = dir.path().join("copy.db");
    store.backup_to(&backup).unwrap();
    drop(store);
    let copy = Store::open_with_passphrase(&backup, Some(&pass("芝麻开门 open sesame"))).unwrap();
    assert_eq!(
        copy.setting(SettingKey::Theme).unwrap().as_deref(),
        Some("dark")
    );

    // Remembering again (from a store opened with the key) keeps one entry that still works.
    let store = Store::open_with_remembered(&db, &key).unwrap();
    remember(&store, &keyring).unwrap();
    drop(store);
    assert_eq!(keyring.len(), 1);
    Store::open_with_remembered(&db, &key_of(&db, &keyring)).unwrap();
}

#[test]
fn the_same_file_by_another_spelling_finds_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, keyring) = remembered_db(dir.path(), &pass("pw"));
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let roundabout = dir.path().join("sub").join("..").join("shebao.db");
    let key = remembered(&roundabout, &keyring).unwrap().expect("found");
    Store::open_with_remembered(&roundabout, &key).unwrap();
    assert!(remembered(&dir.path().join("other.db"), &keyring)
        .unwrap()
        .is_none());
}

#[test]
fn an_altered_key_is_refused_and_nothing_on_disk_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("right"));
    let entry = remembered_entry_name(&db).unwrap();
    let good = keyring.get(&entry).unwrap().unwrap().expose().to_string();
    let before = snapshot(dir.path());

    // A well-formed entry with the right binding and a wrong key: SQLite is given it and
    // refuses it on the first read.
    let last = good.chars().last().unwrap();
    let flipped = if last == '0' { '1' } else { '0' };
    let wrong_key = format!("{}{flipped}", &good[..good.len() - 1]);
    keyring.set(&entry, &Secret::new(wrong_key)).unwrap();
    let err = Store::open_with_remembered(&db, &key_of(&db, &keyring)).unwrap_err();
    assert_eq!(err.code(), "remembered_key_invalid", "{err}");
    assert!(err.to_string().contains("does not open"), "{err}");
    assert_eq!(snapshot(dir.path()), before);

    // An entry that is not a key at all is refused on reading it.
    for garbage in [
        "hunter2",
        "shebao-ledger-key/1 zz 00",
        "shebao-ledger-key/7 a b",
    ] {
        keyring.set(&entry, &Secret::new(garbage)).unwrap();
        let err = remembered(&db, &keyring).unwrap_err();
        assert_eq!(err.code(), "remembered_key_invalid", "{garbage}");
        for lang in [shebao_core::Lang::Zh, shebao_core::Lang::En] {
            let message = err.message(lang);
            assert!(message.contains(&db.display().to_string()), "{message}");
            assert!(!message.contains(garbage), "the value is never shown");
        }
    }
    assert_eq!(snapshot(dir.path()), before);

    // The way out: forget it and open with the passphrase.
    assert!(forget(&db, &keyring).unwrap());
    Store::open_with_passphrase(&db, Some(&pass("right"))).unwrap();
}

#[test]
fn after_a_passphrase_change_the_remembered_key_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("old"));
    let key = key_of(&db, &keyring);
    store::change_passphrase(&db, &pass("old"), &pass("new")).unwrap();
    let before = snapshot(dir.path());

    let err = Store::open_with_remembered(&db, &key).unwrap_err();
    assert_eq!(err.code(), "remembered_key_stale", "{err}");
    assert!(err.to_string().contains("passphrase"), "{err}");
    assert!(err.message(shebao_core::Lang::Zh).contains("密码已更改"));
    assert_eq!(snapshot(dir.path()), before, "nothing read or changed");

    assert!(forget(&db, &keyring).unwrap());
    let store = Store::open_with_passphrase(&db, Some(&pass("new"))).unwrap();
    remember(&store, &keyring).unwrap();
    drop(store);
    Store::open_with_remembered(&db, &key_of(&db, &keyring)).unwrap();
}

#[test]
fn after_decrypting_the_remembered_key_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("pw"));
    let key = key_of(&db, &keyring);
    store::decrypt(&db, &pass("pw")).unwrap();
    let before = snapshot(dir.path());
    assert_eq!(
        code_of(Store::open_with_remembered(&db, &key)),
        "remembered_key_stale"
    );
    assert_eq!(snapshot(dir.path()), before);
    assert_eq!(profile_names(&Store::open(&db).unwrap()), ["李明（示例）"]);
}

#[test]
fn a_database_replaced_by_another_encrypted_one_refuses_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("pw"));
    let key = key_of(&db, &keyring);
    // Another database, encrypted with the same passphrase but its own salt, copied over it.
    let other_dir = tempfile::tempdir().unwrap();
    let other = demo_db(other_dir.path());
    store::encrypt(&other, &pass("pw")).unwrap();
    std::fs::copy(&other, &db).unwrap();
    std::fs::copy(key_file_path(&other), key_file_path(&db)).unwrap();
    assert_eq!(
        code_of(Store::open_with_remembered(&db, &key)),
        "remembered_key_stale"
    );
}

#[test]
fn forget_removes_the_key_and_forgetting_twice_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("pw"));
    assert!(forget(&db, &keyring).unwrap());
    assert!(keyring.is_empty());
    assert!(remembered(&db, &keyring).unwrap().is_none());
    assert!(!forget(&db, &keyring).unwrap());
    // The key of a database that was deleted can still be forgotten.
    let store = Store::open_with_passphrase(&db, Some(&pass("pw"))).unwrap();
    remember(&store, &keyring).unwrap();
    drop(store);
    std::fs::remove_file(&db).unwrap();
    assert!(forget(&db, &keyring).unwrap());
    assert!(keyring.is_empty());
}

#[test]
fn an_unencrypted_database_has_no_key_to_remember() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let keyring = MemoryKeyring::default();
    let store = Store::open(&db).unwrap();
    let err = remember(&store, &keyring).unwrap_err();
    assert_eq!(err.code(), "remember_not_encrypted");
    assert!(err.to_string().contains("not encrypted"), "{err}");
    assert!(err.message(shebao_core::Lang::Zh).contains("没有加密"));
    assert!(keyring.is_empty());
}

#[test]
fn without_a_keyring_nothing_is_remembered_and_the_error_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    store::encrypt(&db, &pass("pw")).unwrap();
    let store = Store::open_with_passphrase(&db, Some(&pass("pw"))).unwrap();
    let err = remember(&store, &NoKeyring).unwrap_err();
    assert_eq!(err.code(), "keyring_unavailable");
    assert!(err.to_string().contains("SHEBAO_KEYRING"), "{err}");
    assert_eq!(code_of(remembered(&db, &NoKeyring)), "keyring_unavailable");
    assert_eq!(code_of(forget(&db, &NoKeyring)), "keyring_unavailable");
}

#[test]
fn a_remembered_key_never_creates_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("pw"));
    let key = key_of(&db, &keyring);
    let elsewhere = dir.path().join("new").join("shebao.db");
    assert_eq!(code_of(Store::open_with_remembered(&elsewhere, &key)), "io");
    assert!(!elsewhere.parent().unwrap().exists(), "no folder made");
}

/// A passphrase change that stopped half-way leaves the key file with both settings. A key
/// bound to the old one opens the old file (and settles the key file on it); once the new file
/// is in place, it is stale.
#[test]
fn an_interrupted_passphrase_change_is_settled_or_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keyring) = remembered_db(dir.path(), &pass("old"));
    let key = key_of(&db, &keyring);
    let old_db = std::fs::read(&db).unwrap();
    let old_key: serde_json::Value =
        serde_json::from_slice(&std::fs::read(key_file_path(&db)).unwrap()).unwrap();
    store::change_passphrase(&db, &pass("old"), &pass("new")).unwrap();
    let new_db = std::fs::read(&db).unwrap();
    let mut both: serde_json::Value =
        serde_json::from_slice(&std::fs::read(key_file_path(&db)).unwrap()).unwrap();
    both["previous"] = old_key["kdf"].clone();
    let both = serde_json::to_vec(&both).unwrap();

    // The swap had not happened: the old file, which the key opens.
    std::fs::write(&db, &old_db).unwrap();
    std::fs::write(key_file_path(&db), &both).unwrap();
    let store = Store::open_with_remembered(&db, &key).unwrap();
    assert_eq!(profile_names(&store), ["李明（示例）"]);
    drop(store);
    let settled = std::fs::read_to_string(key_file_path(&db)).unwrap();
    assert!(!settled.contains("previous"), "settled on the working key");
    Store::open_with_passphrase(&db, Some(&pass("old"))).unwrap();

    // The swap had happened: the new file, which the old key must not be tried on as valid.
    std::fs::write(&db, &new_db).unwrap();
    std::fs::write(key_file_path(&db), &both).unwrap();
    let before = snapshot(dir.path());
    assert_eq!(
        code_of(Store::open_with_remembered(&db, &key)),
        "remembered_key_stale"
    );
    assert_eq!(snapshot(dir.path()), before);
}
