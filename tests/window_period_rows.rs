//! The real window: a statement that lists contribution spells (险种, 起始年月, 截止年月, 月数,
//! 个人缴费合计) goes through the import wizard — the preview counts the months derived from
//! spells and warns on the rows that disagree — and the history then marks each derived month
//! and names its row, in Chinese and in English. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::model::NewProfile;
use shebao_core::Store;
use std::path::Path;

/// Opens the history record of `month` and `kind` (filtering to its year first, so that its row
/// is on screen) and gives what its detail says of how the month was found.
async fn derivation(window: &support::Window, month: &str, kind: &str) -> String {
    window
        .find("#filter-year")
        .await
        .select_by_value(&month[..4])
        .await
        .unwrap();
    let row = format!("#history-table tbody tr[data-month='{month}'][data-kind='{kind}'] td");
    window.find(&row).await.click().await.unwrap();
    window.text_when("#detail-derived", |t| !t.is_empty()).await
}

#[tokio::test(flavor = "multi_thread")]
async fn months_spread_from_period_rows_are_marked_with_their_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let profile = {
        let mut store = Store::open(&db).unwrap();
        let new = NewProfile {
            name: "周敏".into(),
            ..Default::default()
        };
        store.add_profile(&new.validate().unwrap()).unwrap().id
    };
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/period_rows.csv");
    let window = support::open_app(&db).await;

    window.find("#nav-import").await.click().await.unwrap();
    window
        .find("#import-file")
        .await
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    // 2015-01…2017-12 and 2018 of pension, 2015-01…2017-12 of medical: 84 months, every one
    // derived; the medical row says 35 months for a 36-month span.
    let added = window.text_when("#import-added", |t| !t.is_empty()).await;
    assert_eq!(added, "84");
    let derived = window.text_when("#import-derived", |t| !t.is_empty()).await;
    assert!(derived.starts_with("84"), "{derived}");
    let warnings = window
        .text_when("#import-warnings", |t| !t.is_empty())
        .await;
    assert!(warnings.contains("35"), "{warnings}");
    window.find("#import-commit").await.click().await.unwrap();
    window.text_when("#import-result", |t| !t.is_empty()).await;
    let stored = Store::open(&db).unwrap().contributions(profile).unwrap();
    assert_eq!(stored.len(), 84);

    // The history: every month marked; the detail names the row and the file.
    window.find("#nav-history").await.click().await.unwrap();
    window
        .text_when("#history-count", |t| t == "共 84 条记录")
        .await;
    let marks = window
        .client
        .find_all(fantoccini::Locator::Css(
            "#history-table tbody .derived-mark",
        ))
        .await
        .unwrap();
    assert_eq!(marks.len(), 84, "every month on the first page is marked");
    let legend = window.find("#history-legend").await;
    assert!(legend.is_displayed().await.unwrap());
    assert!(legend.text().await.unwrap().contains("缴费时段"));
    let line = derivation(&window, "2018-03", "pension").await;
    assert_eq!(
        line,
        "由「period_rows.csv」第 3 行的缴费时段（起止年月）平均推算，不是文件逐月列出的金额"
    );
    window.screenshot("history-period-rows").await;

    // The language switch draws the history again, in English.
    window.find("#lang-toggle").await.click().await.unwrap();
    window
        .text_when("#history-count", |t| t.contains("record"))
        .await;
    let line = derivation(&window, "2015-01", "medical").await;
    assert_eq!(
        line,
        "Spread over the months of the period row on line 4 of “period_rows.csv”: the file listed a span, not this month"
    );
    window.screenshot("history-period-rows-en").await;
    window.close().await;
}
