//! The real window with a real keyring: "remember on this computer" ticked on the lock screen
//! keeps the key in the Secret Service (GNOME Keyring on a private session bus), the next start
//! opens without the passphrase, and unticking it in Settings forgets the key, so the start
//! after asks again. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::secrets::OsKeyring;
use shebao_core::store::{self, Passphrase};

const PASSPHRASE: &str = "青山 2026 不老";

#[tokio::test(flavor = "multi_thread")]
async fn a_key_remembered_in_the_keyring_opens_the_next_start_until_it_is_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    store::encrypt(&db, &Passphrase::new(PASSPHRASE).unwrap()).unwrap();

    let _keyring_daemons = support::session_keyring::start(&dir.path().join("keyring"));
    let keyring = OsKeyring::default();

    // First start: locked. Tick "remember" and unlock.
    let window = support::open_app(&db).await;
    // The lock screen speaks the language last used in this window (kept by WebKit between
    // runs): the box is labelled in that language, then in the other one.
    let title = window.text_when("#lock-title", |t| !t.is_empty()).await;
    let remember = window.find("#unlock-remember").await;
    assert!(!remember.is_selected().await.unwrap(), "off unless chosen");
    let labels = ["在这台电脑上记住", "Remember on this computer"];
    let first = usize::from(title != "社保账本已锁定");
    for label in [labels[first], labels[1 - first]] {
        window
            .text_when("label:has(#unlock-remember)", |t| t == label)
            .await;
        window.find("#lang-toggle").await.click().await.unwrap();
    }
    // The last toggle redraws the lock screen: wait for the redrawn box before ticking it.
    window
        .text_when("label:has(#unlock-remember)", |t| t == labels[first])
        .await;
    window.find("#unlock-remember").await.click().await.unwrap();
    window.unlock_with(PASSPHRASE).await;
    window
        .text_when("#profile-name", |t| t.contains("李明"))
        .await;
    assert!(
        store::remembered(&db, &keyring).unwrap().is_some(),
        "the key is in the keyring"
    );
    window.close_and_quit().await;

    // Second start: no lock screen (in the language saved in the database, Chinese). Settings
    // shows the choice; untick it.
    let window = support::open_app(&db).await;
    window
        .text_when("#profile-name", |t| t.contains("李明"))
        .await;
    window.find("#nav-settings").await.click().await.unwrap();
    let remember = window.find("#remember-key").await;
    assert!(remember.is_selected().await.unwrap());
    remember.click().await.unwrap();
    window
        .text_when("#banner", |t| t.starts_with("这台电脑不再记住密钥"))
        .await;
    assert!(store::remembered(&db, &keyring).unwrap().is_none());
    window.close_and_quit().await;

    // Third start: the passphrase is asked again.
    let window = support::open_app(&db).await;
    window.text_when("#lock-title", |t| !t.is_empty()).await;
    assert!(!window
        .find("#unlock-remember")
        .await
        .is_selected()
        .await
        .unwrap());
    window.close_and_quit().await;
}
