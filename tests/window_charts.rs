//! The real window: open each chart of the demo, read a value under the pointer and with the
//! keyboard, in both languages and in the dark theme. Runs under Xvfb via scripts/test.sh.

mod support;

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Locator;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn every_chart_opens_and_reads_out_the_month_under_the_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    window.find("#nav-charts").await.click().await.unwrap();

    for (tab, text) in [
        ("pension-years", "养老"),
        ("balance", "余额"),
        ("calendar", "缴费日历"),
        ("amounts", "缴费"),
    ] {
        window
            .find(&format!("#chart-tab-{tab}"))
            .await
            .click()
            .await
            .unwrap();
        let label = window
            .text_when(&format!("#chart-tab-{tab}"), |t| !t.is_empty())
            .await;
        assert!(label.contains(text), "{label}");
        let svg = window.find(&format!("#chart[data-kind='{tab}'] svg")).await;
        assert_eq!(
            svg.attr("role").await.unwrap().as_deref(),
            Some("img"),
            "{tab}"
        );
        window.screenshot(&format!("chart-{tab}")).await;
    }

    // The calendar under the pointer: the middle of the drawing is some month of some kind.
    window
        .find("#chart-tab-calendar")
        .await
        .click()
        .await
        .unwrap();
    let figure = window.find("#chart[data-kind='calendar'] svg").await;
    let (x, y, w, h) = figure.rectangle().await.unwrap();
    let pointer = MouseActions::new("mouse".into()).then(PointerAction::MoveTo {
        duration: Some(Duration::from_millis(50)),
        x: x + w * 0.55,
        y: y + h * 0.45,
    });
    window.client.perform_actions(pointer).await.unwrap();
    let read = window
        .text_when("#chart-readout", |t| t.contains("·") && t.contains("月"))
        .await;
    assert!(read.contains("保险") || read.contains("公积金"), "{read}");

    // The keyboard walks the pension-years plot month by month.
    window
        .find("#chart-tab-pension-years")
        .await
        .click()
        .await
        .unwrap();
    window.find("#chart[data-kind='pension-years'] svg").await;
    let chart = window.find("#chart").await;
    chart.send_keys("\u{E012}").await.unwrap(); // ArrowLeft
    let read = window
        .text_when("#chart-readout", |t| t.contains("最低要求"))
        .await;
    assert!(read.contains("年"), "{read}");

    // English and dark.
    window.find("#lang-toggle").await.click().await.unwrap();
    window.text_when("#charts-title", |t| t == "Charts").await;
    window
        .client
        .execute("document.documentElement.dataset.theme = 'dark'", vec![])
        .await
        .unwrap();
    window
        .find("#chart-tab-balance")
        .await
        .click()
        .await
        .unwrap();
    window.find("#chart[data-kind='balance'] svg").await;
    let items = window
        .client
        .find_all(Locator::Css("#chart svg text"))
        .await
        .unwrap();
    assert!(!items.is_empty());
    tokio::time::sleep(Duration::from_millis(300)).await;
    window.screenshot("chart-balance-en-dark").await;
    window.close().await;
}
