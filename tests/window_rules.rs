//! The real window: Settings → About fetches newer signed rule tables from the address the app
//! is given (a loopback server here, serving a release signed with the test key that test
//! builds trust), says what it did in both languages, and shows the version now in use.
//! Runs under Xvfb via scripts/test.sh.

#[path = "../crates/core/tests/support/rules_server.rs"]
mod rules_server;
mod support;

use rules_server::{release, test_key, RulesServer};

#[tokio::test(flavor = "multi_thread")]
async fn newer_rule_tables_are_fetched_from_settings() {
    let server = RulesServer::start();
    let url = server.serve_release("/v1", &release("2027-01-15", &test_key()));
    // The app inherits it: the project's own address cannot be reached from a test.
    std::env::set_var("SHEBAO_RULES_URL", &url);
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let window = support::open_app(&db).await;
    window.find("#nav-settings").await.click().await.unwrap();
    let before = window.text_when("#rules-version", |t| !t.is_empty()).await;
    assert!(before.contains("内置版本"), "{before}");

    window.find("#rules-update").await.click().await.unwrap();
    let said = window
        .text_when("#rules-update-result", |t| t.contains("已更新"))
        .await;
    assert!(said.contains("→ 2027-01-15"), "{said}");
    let now = window
        .text_when("#rules-version", |t| t.contains("2027-01-15"))
        .await;
    assert!(now.contains("已更新到 2027-01-15"), "{now}");
    window.screenshot("rules-updated").await;

    window.find("#lang-toggle").await.click().await.unwrap();
    window.find("#rules-update").await.click().await.unwrap();
    let said = window
        .text_when("#rules-update-result", |t| t.contains("Up to date"))
        .await;
    assert!(said.contains("2027-01-15"), "{said}");
    window.close().await;
}
