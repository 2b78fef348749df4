//! Issue 15's whole question in the real window, as a new user asks it: a new profile whose
//! region is chosen by typing 杭 and picking 杭州; the overview says 杭州; after importing a
//! statement, the estimate panel takes a benefit base and an average index and answers with a
//! monthly total and the scenario table — the figures the core computes from what was stored.
//! (Each half in English too: window_regions.rs, window_estimate.rs.) Runs under Xvfb via
//! scripts/test.sh.

mod support;

use shebao_core::analysis::Scenario;
use shebao_core::profile_analysis::profile_standing;
use shebao_core::store::SettingKey;
use shebao_core::Store;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_profile_in_hangzhou_gets_a_pension_figure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    Store::open(&db)
        .unwrap()
        .set_setting(SettingKey::Language, "zh")
        .unwrap();
    let window = support::open_app(&db).await;

    // A new profile: name, sex, birth month, and the region by typing 杭.
    window.find("#start-empty").await.click().await.unwrap();
    let form = |field: &str| format!(r#"#profile-form [name="{field}"]"#);
    window
        .find(&form("name"))
        .await
        .send_keys("张伟")
        .await
        .unwrap();
    window
        .find(&form("sex"))
        .await
        .select_by_value("male")
        .await
        .unwrap();
    window
        .find(&form("born"))
        .await
        .send_keys("1990-06")
        .await
        .unwrap();
    window
        .find("#profile-form .region-input")
        .await
        .send_keys("杭")
        .await
        .unwrap();
    window
        .find(r#".region-options [data-code="330100"]"#)
        .await
        .click()
        .await
        .unwrap();
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    let facts = window
        .text_when(".profile-head .meta", |t| t.contains("杭州"))
        .await;
    assert!(!facts.contains("330100"), "the name, not the code: {facts}");

    // Her statement, imported through the wizard.
    window.find("#nav-import").await.click().await.unwrap();
    window
        .find("#import-file")
        .await
        .send_keys(fixture("hangzhou_utf8_bom.csv").to_str().unwrap())
        .await
        .unwrap();
    window.text_when("#import-added", |t| !t.is_empty()).await;
    window.find("#import-commit").await.click().await.unwrap();
    window.text_when("#import-result", |t| !t.is_empty()).await;

    // The overview's estimate: no figure yet (Hangzhou's tables have no 计发基数); she enters
    // the benefit base and the average index from her 个人权益记录单.
    window.find("#nav-dashboard").await.click().await.unwrap();
    let before = window.text_when("#estimate-total", |t| !t.is_empty()).await;
    assert_eq!(before, "无法计算");
    window
        .find("#estimate-benefit-base")
        .await
        .send_keys("9000")
        .await
        .unwrap();
    window
        .find("#estimate-average-index")
        .await
        .send_keys("0.8")
        .await
        .unwrap();
    window
        .find("#estimate-inputs-save")
        .await
        .click()
        .await
        .unwrap();
    let total = window.text_when("#estimate-total", |t| t != before).await;

    let store = Store::open(&db).unwrap();
    let profile = store.profiles().unwrap().remove(0);
    assert_eq!(profile.region.as_deref(), Some("330100"));
    let standing = profile_standing(
        &store,
        &profile,
        chrono::Local::now().date_naive(),
        Scenario::default(),
    )
    .unwrap();
    let expected = standing.estimate.total.expect("a monthly total");
    assert_eq!(digits(&total), digits(&expected.to_plain()), "{total}");
    let cells = window
        .client
        .find_all(fantoccini::Locator::Css("#scenario-table tbody td"))
        .await
        .unwrap();
    assert_eq!(cells.len(), 12, "3 retirement months × 4 indexes");
    window
        .client
        .execute(
            "document.querySelector('#estimate-panel').scrollIntoView({ block: 'start' });",
            vec![],
        )
        .await
        .unwrap();
    window.screenshot("pension-answered").await;
    window.close().await;
}
