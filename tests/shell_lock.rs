//! The app lock through Tauri's mock runtime: encrypt from Settings, lock, a wrong passphrase
//! refused with nothing changed, unlock, change the passphrase, and decrypt again.

mod mock_app;

use mock_app::{app_on, import_fixture, invoke, load, Window};
use serde_json::json;
use shebao_core::store::{encryption_state, EncryptionState};
use shebao_core::Store;

fn demo_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    shebao_core::demo::load_demo(
        &mut store,
        shebao_core::model::YearMonth::new(2026, 11).unwrap(),
    )
    .unwrap();
    db
}

fn profiles(window: &Window) -> Result<usize, serde_json::Value> {
    invoke(window, "overview", json!({})).map(|o| o["profiles"].as_array().unwrap().len())
}

#[test]
fn encrypt_lock_unlock_change_and_decrypt() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (_app, window) = app_on(&db);
    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(
        (info["encrypted"].clone(), info["locked"].clone()),
        (json!(false), json!(false))
    );
    assert_eq!(info["idle_lock_minutes"], json!(null));
    let not_encrypted = invoke(&window, "lock", json!({})).unwrap_err();
    assert_eq!(
        not_encrypted,
        json!({
            "code": "lock_not_encrypted",
            "message": "数据没有加密，无法锁定：请先在 设置 → 安全 中设置密码"
        })
    );

    let mismatch = invoke(
        &window,
        "encrypt_database",
        json!({"passphrase": "松树 and 4 cats", "confirm": "松树 and 4 dogs"}),
    )
    .unwrap_err();
    assert_eq!(mismatch["code"], "passphrase_mismatch");
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Plain);

    invoke(
        &window,
        "encrypt_database",
        json!({"passphrase": "松树 and 4 cats", "confirm": "松树 and 4 cats"}),
    )
    .unwrap();
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Encrypted);
    assert!(!std::fs::read(&db).unwrap().starts_with(b"SQLite format 3"));
    assert_eq!(profiles(&window).unwrap(), 1, "still open after encrypting");
    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["encrypted"], true);
    assert_eq!(info["idle_lock_minutes"], 15);
    assert_eq!(
        invoke(&window, "set_idle_lock", json!({"minutes": 5})).unwrap(),
        5
    );
    assert_eq!(
        invoke(&window, "set_idle_lock", json!({"minutes": 7})).unwrap_err()["code"],
        "invalid_argument"
    );

    invoke(&window, "lock", json!({})).unwrap();
    assert_eq!(profiles(&window).unwrap_err()["code"], "locked");
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["locked"],
        true
    );
    let before = std::fs::read(&db).unwrap();
    let wrong = invoke(&window, "unlock", json!({"passphrase": "松树 and 5 cats"})).unwrap_err();
    assert_eq!(wrong["code"], "wrong_passphrase");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a wrong passphrase changes nothing"
    );
    assert_eq!(profiles(&window).unwrap_err()["code"], "locked");
    invoke(&window, "unlock", json!({"passphrase": "松树 and 4 cats"})).unwrap();
    assert_eq!(profiles(&window).unwrap(), 1);
    assert_eq!(
        invoke(&window, "app_info", json!({})).unwrap()["idle_lock_minutes"],
        5
    );

    invoke(
        &window,
        "change_passphrase",
        json!({"current": "松树 and 4 cats", "new": "new words", "confirm": "new words"}),
    )
    .unwrap();
    let wrong = invoke(
        &window,
        "decrypt_database",
        json!({"passphrase": "松树 and 4 cats"}),
    )
    .unwrap_err();
    assert_eq!(wrong["code"], "wrong_passphrase");
    assert_eq!(
        profiles(&window).unwrap(),
        1,
        "a refused decrypt leaves it open"
    );
    invoke(
        &window,
        "decrypt_database",
        json!({"passphrase": "new words"}),
    )
    .unwrap();
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Plain);
    assert_eq!(profiles(&window).unwrap(), 1);
}

#[test]
fn an_encrypted_database_opens_locked() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let passphrase = shebao_core::store::Passphrase::new("correct horse").unwrap();
    shebao_core::store::encrypt(&db, &passphrase).unwrap();
    let (_app, window) = app_on(&db);
    let info = invoke(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["locked"], true);
    assert_eq!(info["open_error"], json!(null));
    assert_eq!(profiles(&window).unwrap_err()["code"], "locked");
    invoke(&window, "unlock", json!({"passphrase": "correct horse"})).unwrap();
    assert_eq!(profiles(&window).unwrap(), 1);
}

/// Locking drops every record the app holds besides the store: the import wizard's file and
/// the snapshots kept to undo a profile's deletion. While locked, nothing of them is served;
/// after unlocking, nothing of them is left. The deletion itself stands.
#[test]
fn locking_drops_the_pending_import_and_the_undo_of_deletions() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let passphrase = shebao_core::store::Passphrase::new("correct horse").unwrap();
    shebao_core::store::encrypt(&db, &passphrase).unwrap();
    let (_app, window) = app_on(&db);
    invoke(&window, "unlock", json!({"passphrase": "correct horse"})).unwrap();
    let overview = invoke(&window, "overview", json!({})).unwrap();
    let profile = overview["profiles"][0]["profile"]["id"].as_i64().unwrap();

    load(
        &window,
        "杭州社保明细.csv",
        import_fixture("hangzhou_utf8_bom.csv"),
    )
    .unwrap();
    invoke(&window, "import_preview", json!({"profileId": profile})).unwrap();
    invoke(&window, "import_columns", json!({})).unwrap();
    let deleted = invoke(&window, "delete_profile", json!({"profileId": profile})).unwrap();
    let token = deleted["token"].clone();

    invoke(&window, "lock", json!({})).unwrap();
    let locked = |cmd: &str, args: serde_json::Value| {
        assert_eq!(
            invoke(&window, cmd, args).unwrap_err()["code"],
            "locked",
            "{cmd} while locked"
        );
    };
    locked("import_columns", json!({}));
    locked("undo_delete", json!({"token": token}));
    assert_eq!(
        load(
            &window,
            "again.csv",
            import_fixture("hangzhou_utf8_bom.csv")
        )
        .unwrap_err()["code"],
        "locked",
        "no file is taken in while locked"
    );

    invoke(&window, "unlock", json!({"passphrase": "correct horse"})).unwrap();
    let nothing = |cmd: &str, args: serde_json::Value| {
        assert_eq!(
            invoke(&window, cmd, args).unwrap_err()["code"],
            "import_nothing_loaded",
            "{cmd} after unlocking"
        );
    };
    nothing("import_columns", json!({}));
    nothing("import_preview", json!({"profileId": profile}));
    nothing(
        "import_commit",
        json!({"profileId": profile, "mapping": null, "force": false, "saveMapping": false}),
    );
    assert_eq!(
        invoke(&window, "undo_delete", json!({"token": token})).unwrap_err()["code"],
        "invalid_argument",
        "the undo went with the lock"
    );
    assert_eq!(profiles(&window).unwrap(), 0, "the deletion stands");

    // A later deletion gets a token of its own: the old one still undoes nothing.
    let other = mock_app::new_profile(&window, "李四");
    let later = invoke(&window, "delete_profile", json!({"profileId": other})).unwrap();
    assert_ne!(later["token"], token);
    assert_eq!(
        invoke(&window, "undo_delete", json!({"token": token})).unwrap_err()["code"],
        "invalid_argument"
    );
    invoke(&window, "undo_delete", json!({"token": later["token"]})).unwrap();
    assert_eq!(profiles(&window).unwrap(), 1);
}
