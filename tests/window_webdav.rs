//! The real window: Settings → WebDAV backup against a real WebDAV server (WsgiDAV on loopback)
//! with the password in a real keyring (GNOME Keyring on a private bus). Set up the server,
//! back up, lose data, see a wrong backup passphrase refused with nothing changed, and restore.
//! Runs under Xvfb via scripts/test.sh.

mod support;

#[path = "../crates/core/tests/support/wsgidav.rs"]
mod wsgidav;

use shebao_core::Store;
use wsgidav::WsgiDav;

const USER: &str = "lin";
const PASSWORD: &str = "dav-secret-9f2c";
const BACKUP_PASSPHRASE: &str = "云上 备份 2026";

async fn type_into(window: &support::Window, css: &str, text: &str) {
    let input = window.find(css).await;
    input.clear().await.unwrap();
    input.send_keys(text).await.unwrap();
}

async fn click(window: &support::Window, css: &str) {
    window.find(css).await.click().await.unwrap();
}

fn profiles(db: &std::path::Path) -> Vec<String> {
    let store = Store::open(db).unwrap();
    store
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_goes_to_the_server_and_comes_back() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return; // wsgidav missing and SHEBAO_WSGIDAV_OPTIONAL=1: WsgiDav::start said so loudly
    };
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let demo = profiles(&db);
    let _keyring = support::session_keyring::start(&dir.path().join("keyring"));

    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    click(&window, "#nav-settings").await;
    type_into(&window, "#webdav-url", &server.url()).await;
    type_into(&window, "#webdav-user", USER).await;
    type_into(&window, "#webdav-password", PASSWORD).await;
    type_into(&window, "#webdav-keep", "3").await;
    click(&window, "#webdav-form-submit").await;
    let state = window
        .text_when("#webdav-state", |t| t.starts_with("服务器："))
        .await;
    assert!(
        state.contains(&server.url()) && state.contains("3"),
        "{state}"
    );
    let file = std::fs::read(&db).unwrap();
    assert!(
        !file
            .windows(PASSWORD.len())
            .any(|w| w == PASSWORD.as_bytes()),
        "the password is not in the data file"
    );

    // Two different passphrases are refused before anything is uploaded.
    type_into(&window, "#webdav-backup-passphrase", BACKUP_PASSPHRASE).await;
    type_into(&window, "#webdav-backup-confirm", "something else").await;
    click(&window, "#webdav-backup-submit").await;
    window
        .text_when("#webdav-backup-error", |t| t.contains("不一致"))
        .await;
    assert!(server.file_names().is_empty());
    // The form empties its passphrase fields as it reads them: both are typed again.
    type_into(&window, "#webdav-backup-passphrase", BACKUP_PASSPHRASE).await;
    type_into(&window, "#webdav-backup-confirm", BACKUP_PASSPHRASE).await;
    click(&window, "#webdav-backup-submit").await;
    window
        .text_when("#webdav-message", |t| t.starts_with("已上传并核对"))
        .await;
    assert_eq!(server.file_names().len(), 1, "{:?}", server.file_names());
    window.screenshot("settings-webdav").await;

    // Data lost after the backup.
    {
        let mut store = Store::open(&db).unwrap();
        let id = store.profiles().unwrap()[0].id;
        store.delete_profile(id).unwrap();
    }
    assert!(profiles(&db).is_empty());

    click(&window, "#webdav-refresh").await;
    window.find("#webdav-table tbody tr").await;
    window
        .client
        .execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    type_into(&window, "#webdav-restore-passphrase", "not the passphrase").await;
    click(&window, "#webdav-table tbody tr button.restore").await;
    let refused = window
        .text_when("#webdav-list-error", |t| !t.is_empty())
        .await;
    assert!(refused.contains("口令"), "{refused}");
    assert!(
        profiles(&db).is_empty(),
        "a refused restore changes nothing"
    );

    type_into(&window, "#webdav-restore-passphrase", BACKUP_PASSPHRASE).await;
    click(&window, "#webdav-table tbody tr button.restore").await;
    window
        .text_when("#banner", |t| t.starts_with("已恢复服务器上"))
        .await;
    assert_eq!(profiles(&db), demo, "the backup's data is back");

    // The panel in English.
    click(&window, "#lang-toggle").await;
    window
        .text_when("#webdav legend", |t| t == "WebDAV backup")
        .await;
    window
        .text_when("#webdav-refresh", |t| t == "Show the backups on the server")
        .await;
    window.close_and_quit().await;
}
