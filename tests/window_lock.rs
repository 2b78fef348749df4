//! The real window: set a passphrase in Settings, lock, a wrong passphrase refused, unlock;
//! an encrypted database opens to the lock screen. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::store::{encryption_state, EncryptionState};

const PASSPHRASE: &str = "青山 2026 不老";

#[tokio::test(flavor = "multi_thread")]
async fn the_app_locks_and_unlocks_an_encrypted_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    assert!(!window.find("#lock-now").await.is_displayed().await.unwrap());

    window.find("#nav-settings").await.click().await.unwrap();
    window
        .text_when("#security-state", |t| t.starts_with("数据没有加密"))
        .await;
    window
        .find("#encrypt-passphrase")
        .await
        .send_keys(PASSPHRASE)
        .await
        .unwrap();
    window
        .find("#encrypt-confirm")
        .await
        .send_keys(PASSPHRASE)
        .await
        .unwrap();
    window.find("#encrypt-submit").await.click().await.unwrap();
    window
        .text_when("#security-state", |t| t.starts_with("数据已加密"))
        .await;
    assert_eq!(encryption_state(&db).unwrap(), EncryptionState::Encrypted);
    window.screenshot("settings-security").await;

    window.find("#lock-now").await.click().await.unwrap();
    window
        .text_when("#lock-title", |t| t == "社保账本已锁定")
        .await;
    window.screenshot("lock-screen").await;
    window.unlock_with("not the passphrase").await;
    let error = window.text_when("#unlock-error", |t| !t.is_empty()).await;
    assert!(error.contains("密码"), "{error}");
    window.unlock_with(PASSPHRASE).await;
    // Back where the user was when the app locked.
    window
        .text_when("#security-state", |t| t.starts_with("数据已加密"))
        .await;
    window.find("#nav-dashboard").await.click().await.unwrap();
    window
        .text_when("#profile-name", |t| t.contains("李明"))
        .await;
    window.close().await;

    // The next start asks for the passphrase first, in the language chosen on the lock screen.
    let window = support::open_app(&db).await;
    window.text_when("#lock-title", |t| !t.is_empty()).await;
    window.find("#lang-toggle").await.click().await.unwrap();
    window
        .text_when("#lock-title", |t| t == "Shebao Ledger is locked")
        .await;
    window.unlock_with(PASSPHRASE).await;
    window.find("#profile-name").await;
    window.close().await;
}
