//! "Remember on this computer" through Tauri's mock runtime, with a keyring held in memory:
//! the key kept at unlock, the next start opening without the passphrase, the key following a
//! passphrase change and forgotten on decrypt, a stale key forgotten rather than tried, and a
//! machine without a keyring unlocking all the same.

mod mock_app;

use mock_app::{app_with_keyring, invoke, SharedKeyring, Window};
use serde_json::{json, Value};
use shebao_core::secrets::NoKeyring;
use shebao_core::store::{self, Passphrase};
use shebao_core::Store;
use std::path::{Path, PathBuf};

const PASSPHRASE: &str = "松树 and 4 cats";

fn encrypted_demo(dir: &Path) -> PathBuf {
    let db = dir.join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    shebao_core::demo::load_demo(
        &mut store,
        shebao_core::model::YearMonth::new(2026, 11).unwrap(),
    )
    .unwrap();
    drop(store);
    store::encrypt(&db, &Passphrase::new(PASSPHRASE).unwrap()).unwrap();
    db
}

fn info(window: &Window) -> Value {
    invoke(window, "app_info", json!({})).unwrap()
}

/// Closes the database as quitting would: Tauri's mock app keeps its state alive after a drop.
fn quit(window: Window) {
    invoke(&window, "lock", json!({})).unwrap();
}

fn start(db: &Path, keyring: &SharedKeyring) -> (tauri::App<tauri::test::MockRuntime>, Window) {
    app_with_keyring(db, Box::new(keyring.clone()))
}

#[test]
fn a_remembered_key_opens_the_next_start_and_follows_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_demo(dir.path());
    let keyring = SharedKeyring::default();

    let (app, window) = start(&db, &keyring);
    assert_eq!(info(&window)["locked"], true);
    assert_eq!(info(&window)["remembered"], false);
    let unlocked = invoke(
        &window,
        "unlock",
        json!({"passphrase": PASSPHRASE, "remember": true}),
    )
    .unwrap();
    assert_eq!(unlocked, Value::Null, "remembered without a keyring error");
    assert_eq!(info(&window)["remembered"], true);
    assert_eq!(keyring.0.len(), 1);
    quit(window);
    drop(app);

    // The next start opens without the passphrase; locking still locks.
    let (app, window) = start(&db, &keyring);
    assert_eq!(
        info(&window)["locked"],
        false,
        "opened with the remembered key"
    );
    assert!(invoke(&window, "overview", json!({})).is_ok());
    invoke(&window, "lock", json!({})).unwrap();
    assert_eq!(info(&window)["locked"], true);
    assert_eq!(
        info(&window)["remembered"],
        true,
        "the lock screen shows it"
    );
    invoke(
        &window,
        "unlock",
        json!({"passphrase": PASSPHRASE, "remember": true}),
    )
    .unwrap();

    // A new passphrase: the key remembered for the old one is replaced by the new one.
    invoke(
        &window,
        "change_passphrase",
        json!({"current": PASSPHRASE, "new": "new words", "confirm": "new words"}),
    )
    .unwrap();
    assert_eq!(info(&window)["remembered"], true);
    quit(window);
    drop(app);
    let (app, window) = start(&db, &keyring);
    assert_eq!(info(&window)["locked"], false, "the new key was remembered");

    // Decrypting leaves no key behind.
    invoke(
        &window,
        "decrypt_database",
        json!({"passphrase": "new words"}),
    )
    .unwrap();
    assert_eq!(info(&window)["remembered"], false);
    assert!(
        keyring.0.is_empty(),
        "the keyring holds nothing after decrypt"
    );
    drop((window, app));
}

#[test]
fn unlocking_without_remember_forgets_and_settings_can_turn_it_on_and_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_demo(dir.path());
    let keyring = SharedKeyring::default();
    let (_app, window) = start(&db, &keyring);
    invoke(&window, "unlock", json!({"passphrase": PASSPHRASE})).unwrap();
    assert_eq!(
        info(&window)["remembered"],
        false,
        "not asked: not remembered"
    );

    assert_eq!(
        invoke(&window, "set_remember_key", json!({"enabled": true})).unwrap(),
        true
    );
    assert_eq!(keyring.0.len(), 1);
    invoke(&window, "lock", json!({})).unwrap();
    assert_eq!(
        invoke(&window, "set_remember_key", json!({"enabled": true})).unwrap_err()["code"],
        "locked",
        "a locked database has no key in memory to remember"
    );
    invoke(
        &window,
        "unlock",
        json!({"passphrase": PASSPHRASE, "remember": false}),
    )
    .unwrap();
    assert_eq!(info(&window)["remembered"], false);
    assert!(keyring.0.is_empty(), "unticking the box forgets the key");

    invoke(&window, "set_remember_key", json!({"enabled": true})).unwrap();
    invoke(&window, "set_remember_key", json!({"enabled": false})).unwrap();
    assert!(keyring.0.is_empty());
}

#[test]
fn a_stale_key_is_forgotten_and_the_lock_screen_asks() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_demo(dir.path());
    let keyring = SharedKeyring::default();
    let (app, window) = start(&db, &keyring);
    invoke(
        &window,
        "unlock",
        json!({"passphrase": PASSPHRASE, "remember": true}),
    )
    .unwrap();
    quit(window);
    drop(app);

    // The passphrase changed elsewhere (the CLI): the remembered key no longer fits.
    store::change_passphrase(
        &db,
        &Passphrase::new(PASSPHRASE).unwrap(),
        &Passphrase::new("changed elsewhere").unwrap(),
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let (_app, window) = start(&db, &keyring);
    assert_eq!(info(&window)["locked"], true);
    assert_eq!(info(&window)["remembered"], false);
    assert!(keyring.0.is_empty(), "the stale key was forgotten");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "nothing changed on disk"
    );
    invoke(
        &window,
        "unlock",
        json!({"passphrase": "changed elsewhere"}),
    )
    .unwrap();
}

#[test]
fn without_a_keyring_the_unlock_stands_and_says_why_nothing_was_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_demo(dir.path());
    let (_app, window) = app_with_keyring(&db, Box::new(NoKeyring));
    let unlocked = invoke(
        &window,
        "unlock",
        json!({"passphrase": PASSPHRASE, "remember": true}),
    )
    .unwrap();
    assert_eq!(unlocked["code"], "keyring_unavailable");
    assert!(!unlocked["message"].as_str().unwrap().is_empty());
    assert_eq!(info(&window)["locked"], false);
    assert_eq!(info(&window)["remembered"], false);
}
