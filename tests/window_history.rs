//! The real window: switch profile, filter the history, read a record's changes, and the
//! settings (data location, theme). Runs under Xvfb via scripts/test.sh.

mod support;

use fantoccini::Locator;
use shebao_core::demo::load_demo;
use shebao_core::model::{
    ContributionStatus, Freshness, InsuranceKind, Money, NewProfile, SourceKind, YearMonth,
};
use shebao_core::Store;

/// The demo, a second (empty) profile, and one demo record corrected by a later "import".
fn prepare(db: &std::path::Path) -> (usize, usize) {
    let mut store = Store::open(db).unwrap();
    let demo = load_demo(&mut store, YearMonth::new(2026, 11).unwrap())
        .unwrap()
        .profile;
    store
        .add_profile(
            &NewProfile {
                name: "王芳".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let correction = store
        .ensure_source(
            SourceKind::File,
            "成都社保明细.csv",
            None,
            Freshness::Weekly,
        )
        .unwrap();
    let mut record = store
        .contributions(demo.id)
        .unwrap()
        .into_iter()
        .find(|c| {
            c.record.kind == InsuranceKind::Pension
                && c.record.month == YearMonth::new(2022, 9).unwrap()
        })
        .unwrap()
        .record;
    record.personal += Money::from_yuan(10);
    record.source = correction;
    store.write_contributions(&[record]).unwrap();
    let all = store.contributions(demo.id).unwrap();
    let pension_2023 = all
        .iter()
        .filter(|c| c.record.kind == InsuranceKind::Pension && c.record.month.year() == 2023)
        .count();
    assert!(all
        .iter()
        .any(|c| c.record.status == ContributionStatus::Owed));
    (all.len(), pension_2023)
}

#[tokio::test(flavor = "multi_thread")]
async fn history_filters_records_shows_changes_and_follows_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let (total, pension_2023) = prepare(&db);
    let window = support::open_app(&db).await;

    window.find("#profile-name").await;
    window.find("#nav-history").await.click().await.unwrap();
    let count = window.text_when("#history-count", |t| !t.is_empty()).await;
    assert_eq!(count, format!("共 {total} 条记录"));

    window
        .find("#filter-kind")
        .await
        .select_by_value("pension")
        .await
        .unwrap();
    window
        .find("#filter-year")
        .await
        .select_by_value("2023")
        .await
        .unwrap();
    let count = window
        .text_when("#history-count", |t| t != format!("共 {total} 条记录"))
        .await;
    assert_eq!(count, format!("共 {pension_2023} 条记录"));
    let owed = window
        .client
        .find_all(Locator::Css(
            r#"#history-table tbody tr[data-status="owed"]"#,
        ))
        .await
        .unwrap();
    assert_eq!(owed.len(), 1, "2023-06 is owed");
    window.screenshot("history-filtered").await;

    // The corrected record tells what changed and which source said so.
    window
        .find("#filter-year")
        .await
        .select_by_value("2022")
        .await
        .unwrap();
    window
        .find(r#"#history-table tr[data-month="2022-09"] td"#)
        .await
        .click()
        .await
        .unwrap();
    let changes = window.text_when("#revision-list", |t| !t.is_empty()).await;
    assert!(
        changes.contains("个人缴费") && changes.contains("成都社保明细.csv"),
        "{changes}"
    );
    // 20% of the 4,400 yuan base, then 10 yuan more: sent as fen, shown as yuan.
    assert!(
        changes.contains("¥880.00") && changes.contains("¥890.00"),
        "{changes}"
    );
    window.screenshot("history-record").await;

    // The other profile has no records yet.
    window
        .find("#profile-select")
        .await
        .select_by_label("王芳")
        .await
        .unwrap();
    window
        .text_when("#history-count", |t| t == "共 0 条记录")
        .await;

    // Settings: where the data lives, and the theme.
    window.find("#nav-settings").await.click().await.unwrap();
    let path = window.text_when("#db-path", |t| !t.is_empty()).await;
    assert_eq!(path, db.display().to_string());
    window
        .find("#theme-dark-option")
        .await
        .click()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + support::WAIT;
    loop {
        let theme = window
            .client
            .execute("return document.documentElement.dataset.theme", vec![])
            .await
            .unwrap();
        if theme == "dark" {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "theme stayed {theme}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    window.screenshot("settings-dark").await;
    window.close().await;

    let store = Store::open(&db).unwrap();
    assert_eq!(
        store
            .setting(shebao_core::store::SettingKey::Theme)
            .unwrap()
            .as_deref(),
        Some("dark"),
        "the choice is kept"
    );
}
