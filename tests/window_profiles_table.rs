//! The real window: the dashboard of several profiles shows the table of all of them, sorted by
//! clicking a heading and by the keyboard, with the alert counts filled in after the overview.
//! Runs under Xvfb via scripts/test.sh.

mod support;

use fantoccini::key::Key;
use shebao_core::demo::load_demo;
use shebao_core::model::{
    Contribution, ContributionStatus, Freshness, InsuranceKind, Money, NewProfile, Payer,
    SourceKind, YearMonth,
};
use shebao_core::Store;

/// The names in the table's body, top to bottom, once `check` holds for its text.
async fn order_when(window: &support::Window, names: &[&str]) -> String {
    window
        .text_when("#profiles-table tbody", |text| {
            let at: Vec<Option<usize>> = names.iter().map(|n| text.find(n)).collect();
            at.iter().all(Option::is_some) && at.windows(2).all(|w| w[0] < w[1])
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_table_of_every_profile_sorts_by_a_heading_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
        let mut add = |name: &str| {
            store
                .add_profile(
                    &NewProfile {
                        name: name.into(),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                )
                .unwrap()
        };
        let zhang = add("张三");
        add("王五");
        let source = store
            .ensure_source(SourceKind::Manual, "手工", None, Freshness::Weekly)
            .unwrap();
        // 张三: two pension months paid, the demo many more, 王五 none.
        let records: Vec<Contribution> = ["2024-01", "2024-02"]
            .iter()
            .map(|month| Contribution {
                period_line: None,
                profile: zhang.id,
                kind: InsuranceKind::Pension,
                month: month.parse().unwrap(),
                region: None,
                payer: Payer::Employer("某公司".into()),
                base: None,
                personal: Money::from_yuan(400),
                employer: Money::ZERO,
                credited: None,
                status: ContributionStatus::Paid,
                source,
            })
            .collect();
        store.write_contributions(&records).unwrap();
    }
    let window = support::open_app(&db).await;
    window.find("#profiles-table").await;
    // The alert counts arrive after the overview: no "…" left.
    window
        .text_when("#profiles-table tbody", |t| {
            !t.is_empty() && !t.contains('…')
        })
        .await;

    window
        .find("#profiles-sort-pension")
        .await
        .click()
        .await
        .unwrap();
    order_when(&window, &["王五", "张三", "李明"]).await;
    window.screenshot("profiles-table-sorted").await;

    // Again, from the keyboard: the heading is a button, Enter reverses the order.
    let enter: char = Key::Enter.into();
    window
        .find("#profiles-sort-pension")
        .await
        .send_keys(&enter.to_string())
        .await
        .unwrap();
    order_when(&window, &["李明", "张三", "王五"]).await;
    let heading = window
        .find("#profiles-table thead th[aria-sort='descending']")
        .await
        .text()
        .await
        .unwrap();
    assert!(heading.starts_with("养老已缴月数"), "{heading}");
    window.close().await;
}
