//! Settings → WebDAV through Tauri's mock runtime, with a keyring held in memory: what the
//! window is told before a server is set, a bad address or a missing password refused with
//! nothing saved, the password kept in the keyring (never in the database or the answer), and
//! an empty password on a later change keeping the saved one.

mod mock_app;

use mock_app::{app_with_keyring, invoke, SharedKeyring};
use serde_json::json;
use shebao_core::secrets::SecretStore;

#[test]
fn the_server_is_checked_and_its_password_kept_in_the_keyring_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let keyring = SharedKeyring::default();
    let (_app, window) = app_with_keyring(&db, Box::new(keyring.clone()));

    assert_eq!(
        invoke(&window, "webdav_settings", json!({})).unwrap(),
        json!(null)
    );
    let not_set = invoke(
        &window,
        "webdav_backup",
        json!({"passphrase": "p", "confirm": "p"}),
    )
    .unwrap_err();
    // What is wrong in the message; the way out as data, for the window to phrase (never a
    // command line).
    assert_eq!(
        not_set,
        json!({
            "code": "webdav_not_configured",
            "message": "还没有设置 WebDAV 服务器",
            "details": {"remedy": "set_up_web_dav"}
        })
    );

    let form = |url: &str, password: &str| json!({"form": {"url": url, "user": "me@example.com", "password": password, "keep": 5}});
    let bad = invoke(
        &window,
        "set_webdav",
        form("http://dav.example.com/dav/", "pw"),
    )
    .unwrap_err();
    assert_eq!(bad["code"], "webdav_bad_url", "{bad}");
    let no_password = invoke(
        &window,
        "set_webdav",
        form("https://dav.example.com/dav/", ""),
    )
    .unwrap_err();
    assert_eq!(
        no_password,
        json!({
            "code": "webdav_password_needed",
            "message": "没有提供 WebDAV 密码",
            "details": {"remedy": "give_web_dav_password"}
        })
    );
    assert_eq!(
        invoke(&window, "webdav_settings", json!({})).unwrap(),
        json!(null)
    );
    assert!(keyring.0.is_empty(), "nothing kept from refused forms");

    let set = invoke(
        &window,
        "set_webdav",
        form("https://dav.example.com/dav/", "app-password-1"),
    )
    .unwrap();
    assert_eq!(set["url"], "https://dav.example.com/dav/");
    assert_eq!(set["keep"], 5);
    assert_eq!(set["password_saved"], true);
    assert!(!set.to_string().contains("app-password-1"), "{set}");
    assert_eq!(keyring.0.len(), 1);
    let file = std::fs::read(&db).unwrap();
    assert!(!file.windows(14).any(|w| w == b"app-password-1"));

    // A later change with the password left empty keeps the saved one.
    let changed = invoke(
        &window,
        "set_webdav",
        form("https://dav.example.com/other/", ""),
    )
    .unwrap();
    assert_eq!(changed["url"], "https://dav.example.com/other/");
    assert_eq!(changed["password_saved"], true);
    let entry_value = |k: &SharedKeyring| {
        let settings = shebao_core::Store::open(&db).unwrap();
        let config = shebao_core::webdav::config(&settings).unwrap().unwrap();
        k.get(config.password_entry.as_deref().unwrap())
            .unwrap()
            .unwrap()
    };
    assert_eq!(entry_value(&keyring).expose(), "app-password-1");

    // Another server with the password left empty: refused, the saved password stays home.
    let elsewhere = invoke(
        &window,
        "set_webdav",
        form("https://elsewhere.example.net/dav/", ""),
    )
    .unwrap_err();
    assert_eq!(
        elsewhere["code"], "webdav_password_for_new_host",
        "{elsewhere}"
    );

    let mismatch = invoke(
        &window,
        "webdav_backup",
        json!({"passphrase": "one", "confirm": "two"}),
    )
    .unwrap_err();
    assert_eq!(mismatch["code"], "passphrase_mismatch");
}
