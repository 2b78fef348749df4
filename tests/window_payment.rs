//! The real window: a flexible-employment person sees their next payment on the overview and
//! records it by hand; a month too far ahead is refused. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::demo::load_demo;
use shebao_core::model::{InsuranceKind, Money, YearMonth};
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn the_next_payment_is_shown_and_recorded_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let this_month = YearMonth::of_date(chrono::Local::now().date_naive()).unwrap();
    let profile = {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, this_month).unwrap().profile.id
    };
    let window = support::open_app(&db).await;
    let next = window.text_when("#next-payment", |t| !t.is_empty()).await;
    assert!(next.starts_with("下次缴费"), "{next}");

    window.find("#record-payment").await.click().await.unwrap();
    let month = window.find("#payment-month").await;
    let preset = month.prop("value").await.unwrap().unwrap_or_default();
    assert!(
        !preset.is_empty(),
        "the month of the next payment is preset"
    );

    // A month far ahead is refused, with the reason, and nothing is written.
    month.clear().await.unwrap();
    month.send_keys("2099-01").await.unwrap();
    window
        .find("#payment-personal")
        .await
        .send_keys("1,040.00")
        .await
        .unwrap();
    window.find("#payment-save").await.click().await.unwrap();
    let error = window.text_when("#payment-error", |t| !t.is_empty()).await;
    assert!(error.contains("2099"), "{error}");

    month.clear().await.unwrap();
    month.send_keys(&preset).await.unwrap();
    window.find("#payment-save").await.click().await.unwrap();
    window
        .text_when("#banner", |t| t.starts_with("已记录"))
        .await;
    window.screenshot("payment-recorded").await;
    window.close().await;

    let store = Store::open(&db).unwrap();
    let recorded = store
        .contributions(profile)
        .unwrap()
        .into_iter()
        .find(|c| c.record.month.to_string() == preset && c.record.kind == InsuranceKind::Pension)
        .expect("the payment is stored");
    assert_eq!(recorded.record.personal, Money::from_yuan(1040));
}
