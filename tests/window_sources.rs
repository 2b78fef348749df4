//! The real window: add an online provider in the Sources view, sync it with the progress
//! bar, and see it fresh; a provider on loopback serves the protocol. Runs under Xvfb via
//! scripts/test.sh.

#[path = "../crates/core/tests/support/fake_provider.rs"]
mod fake_provider;
mod support;

use fake_provider::{item, FakeProvider};
use serde_json::json;
use shebao_core::model::NewProfile;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_is_added_and_synced_in_the_window() {
    let items = (1..=9)
        .map(|m| item(&format!("2025-{m:02}"), "pension", "640.00", "paid"))
        .collect();
    let server = FakeProvider::start("window-token", json!({"name": "王芳"}), items, 4);
    // The app inherits this: a keyring that lives as long as the app, so the test never
    // writes to a desktop's keyring (the window keeps typed tokens in the keyring only).
    std::env::set_var("SHEBAO_KEYRING", "memory");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    {
        let mut store = Store::open(&db).unwrap();
        let profile = NewProfile {
            name: "王芳".into(),
            ..Default::default()
        };
        store.add_profile(&profile.validate().unwrap()).unwrap();
    }
    let window = support::open_app(&db).await;
    window.find("#nav-sources").await.click().await.unwrap();
    window.find("#sources-empty").await;

    window
        .find("#source-add-toggle")
        .await
        .click()
        .await
        .unwrap();
    window
        .find("#source-name")
        .await
        .send_keys("单位人事系统")
        .await
        .unwrap();
    window
        .find("#source-url")
        .await
        .send_keys(&server.base_url())
        .await
        .unwrap();
    window
        .find("#source-token")
        .await
        .send_keys("window-token")
        .await
        .unwrap();
    window.find("#source-add").await.click().await.unwrap();
    let row = window
        .text_when("#sources-table tbody tr", |t| t.contains("单位人事系统"))
        .await;
    assert!(row.contains("从未同步"), "{row}");

    window.find("button.sync-now").await.click().await.unwrap();
    let result = window.text_when("#sync-result", |t| !t.is_empty()).await;
    assert!(result.contains("新增 9 条"), "{result}");
    let row = window
        .text_when("#sources-table tbody tr", |t| t.contains("今天更新"))
        .await;
    assert!(row.contains("成功"), "{row}");
    window.screenshot("sources").await;
    let store = Store::open(&db).unwrap();
    assert_eq!(store.contributions(1).unwrap().len(), 9);
    window.close().await;
}
