//! The real window: the dashboard's warnings, retirement date and estimate in both languages,
//! and acknowledging a warning. Runs under Xvfb via scripts/test.sh.

mod support;

use fantoccini::Locator;
use shebao_core::analysis::Scenario;
use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::profile_analysis::profile_standing;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn warnings_can_be_read_and_acknowledged_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let retirement = {
        let mut store = Store::open(&db).unwrap();
        let demo = load_demo(&mut store, YearMonth::current()).unwrap().profile;
        let today = chrono::Local::now().date_naive();
        profile_standing(&store, &demo, today, Scenario::default())
            .unwrap()
            .retirement
            .unwrap()
            .month
    };
    let window = support::open_app(&db).await;

    let count = window.text_when("#alerts-count", |t| !t.is_empty()).await;
    let open: usize = count.parse().unwrap();
    assert!(
        open >= 4,
        "the demo's gap and owed months are warned about: {open}"
    );
    let gap = window
        .find(r#"#alerts-panel li[data-code="gap"] summary"#)
        .await;
    assert!(gap.text().await.unwrap().contains("断缴"));
    gap.click().await.unwrap();
    let body = window
        .find(r#"#alerts-panel li[data-code="gap"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("怎么办"), "what to do is said: {body}");

    let (year, month) = (retirement.year(), retirement.month());
    let shown = window
        .text_when("#retirement-month", |t| !t.is_empty())
        .await;
    assert_eq!(shown, format!("{year}年{month}月"));
    window.find("#estimate-panel").await;
    window.screenshot("alerts-zh").await;

    window
        .find(r#"#alerts-panel li[data-code="gap"] button.ack"#)
        .await
        .click()
        .await
        .unwrap();
    let after = window.text_when("#alerts-count", |t| t != count).await;
    assert_eq!(after, (open - 1).to_string());
    let acknowledged = window
        .find("#alerts-panel details.acknowledged summary")
        .await
        .text()
        .await
        .unwrap();
    assert!(acknowledged.contains('1'), "{acknowledged}");

    window.find("#lang-toggle").await.click().await.unwrap();
    window
        .text_when("#retirement-title", |t| {
            t == "Retirement and contribution years"
        })
        .await;
    window
        .text_when("#alerts-title", |t| t.starts_with("Warnings"))
        .await;
    let items = window
        .client
        .find_all(Locator::Css("#alerts-panel li.alert"))
        .await
        .unwrap();
    assert!(!items.is_empty());
    window.screenshot("alerts-en").await;
    window.close().await;

    let store = Store::open(&db).unwrap();
    let demo = store.profiles().unwrap().remove(0);
    let alerts = shebao_core::profile_analysis::profile_alerts(
        &store,
        &demo,
        chrono::Local::now().date_naive(),
    )
    .unwrap();
    assert_eq!(
        alerts.iter().filter(|a| a.acknowledged).count(),
        1,
        "the acknowledgement is stored"
    );
}
