//! The real window, end to end: first run on an empty database, load the demo, read the
//! dashboard in Chinese, switch to English. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::model::InsuranceKind;
use shebao_core::profile_analysis::profile_summary;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn first_run_loads_the_demo_and_shows_the_dashboard_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let window = support::open_app(&db).await;

    // An empty database offers the demo or an empty start, in Chinese by default.
    let welcome = window.find("#welcome-title").await.text().await.unwrap();
    assert_eq!(welcome, "欢迎使用社保账本");
    window.find("#start-empty").await;
    window.find("#load-demo").await.click().await.unwrap();

    // The dashboard shows what the core computes from the same database.
    let months_shown = window
        .text_when(r#"[data-kind="pension"] .months-paid"#, |t| !t.is_empty())
        .await;
    let store = Store::open(&db).unwrap();
    let profile = store.profiles().unwrap().remove(0);
    let summary = profile_summary(&store, &profile).unwrap();
    assert_eq!(
        months_shown,
        summary.kind(InsuranceKind::Pension).months_paid.to_string()
    );
    let housing = window
        .find(r#"[data-kind="housing_fund"] .months-paid"#)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        housing,
        summary
            .kind(InsuranceKind::HousingFund)
            .months_paid
            .to_string()
    );
    drop(store);

    assert_eq!(
        window.find("#profile-name").await.text().await.unwrap(),
        profile.name
    );
    let pension_card = window
        .find(r#".kind-card[data-kind="pension"]"#)
        .await
        .text()
        .await
        .unwrap();
    assert!(pension_card.contains("养老保险"), "{pension_card}");
    assert!(
        pension_card.contains("断缴"),
        "the demo's gap is flagged: {pension_card}"
    );
    let gaps = window.find("#gaps-table").await.text().await.unwrap();
    assert!(
        gaps.contains("2023年4月") && gaps.contains("2023年6月"),
        "{gaps}"
    );
    window.screenshot("dashboard-zh").await;

    // English, everywhere on the screen.
    window.find("#lang-toggle").await.click().await.unwrap();
    window.text_when("#kind-pension", |t| t == "Pension").await;
    let gaps = window
        .text_when("#gaps-title", |t| t == "Missed months")
        .await;
    assert_eq!(gaps, "Missed months");
    let title = window.client.title().await.unwrap();
    assert!(title.starts_with("Shebao Ledger"), "{title}");
    window.screenshot("dashboard-en").await;

    window.close().await;
}
