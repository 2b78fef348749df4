//! The real window, in both languages: a profile insured in Beijing (whose tables have no
//! 计发基数 and no wage) shows an estimate it cannot total; the person enters a benefit base and
//! their average index beside it, saves, and sees a monthly total and the scenario table — the
//! same figures the core computes from what was stored. Nothing on the page names a command-line
//! flag or an environment variable. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::analysis::Scenario;
use shebao_core::model::{
    Contribution, ContributionStatus, EmploymentCategory, Freshness, InsuranceKind, Money,
    NewProfile, Payer, Sex, SourceKind, YearMonth,
};
use shebao_core::profile_analysis::profile_standing;
use shebao_core::store::SettingKey;
use shebao_core::Store;

/// A man born 1970-01, insured in Beijing (a district code, as the CLI or the region picker
/// stores it), with the 12 pension months before this one paid at ¥10,000.
fn profile_db(dir: &std::path::Path, lang: &str) -> std::path::PathBuf {
    let db = dir.join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    store.set_setting(SettingKey::Language, lang).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "张伟".into(),
                sex: Some(Sex::Male),
                birth: Some(YearMonth::new(1970, 1).unwrap()),
                region: Some("110105".into()),
                employment: Some(EmploymentCategory::Flexible),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let source = store
        .ensure_source(SourceKind::File, "statement.csv", None, Freshness::Weekly)
        .unwrap();
    let this_month = YearMonth::of_date(chrono::Local::now().date_naive()).unwrap();
    let base = Money::from_yuan(10_000);
    let records: Vec<Contribution> = (1..=12)
        .map(|back| Contribution {
            period_line: None,
            profile: profile.id,
            kind: InsuranceKind::Pension,
            month: this_month.add_months(-back).unwrap(),
            region: Some("110105".into()),
            payer: Payer::SelfPaid,
            base: Some(base),
            personal: base.scale(2_000, 10_000),
            employer: Money::ZERO,
            credited: Some(base.scale(800, 10_000)),
            status: ContributionStatus::Paid,
            source,
        })
        .collect();
    store.write_contributions(&records).unwrap();
    db
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

async fn show(window: &support::Window, css: &str) {
    window
        .client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
}

async fn enter_figures_and_see_a_total(lang: &str, unknown: &str, entered: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = profile_db(dir.path(), lang);
    let window = support::open_app(&db).await;
    let total = window.text_when("#estimate-total", |t| !t.is_empty()).await;
    assert_eq!(total, unknown, "no benefit base, no wage: no total yet");
    // What is missing is said with the way out in the window's own terms.
    let remedies = window
        .text_when("#estimate-remedies", |t| !t.is_empty())
        .await;
    assert!(!remedies.contains("--"), "{remedies}");

    let field = |id: &'static str| window.find(id);
    field("#estimate-benefit-base")
        .await
        .send_keys("12000")
        .await
        .unwrap();
    field("#estimate-average-index")
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
    let total = window.text_when("#estimate-total", |t| t != unknown).await;

    // The same figure the core computes from what the window stored.
    let store = Store::open(&db).unwrap();
    let profile = store.profiles().unwrap().remove(0);
    let given = store.given_inputs(profile.id).unwrap();
    assert_eq!(
        given.benefit_base.map(|e| e.value),
        Some(Money::from_yuan(12_000))
    );
    assert_eq!(given.average_index.map(|e| e.value.0), Some(8_000));
    let standing = profile_standing(
        &store,
        &profile,
        chrono::Local::now().date_naive(),
        Scenario::default(),
    )
    .unwrap();
    let expected = standing
        .estimate
        .total
        .expect("a total from the stored figures");
    assert_eq!(
        digits(&total),
        digits(&expected.to_plain()),
        "{total} vs {expected}"
    );
    drop(store);

    // The scenario table: earliest, statutory and latest × index 0.6 / 1 / 2 / 3.
    let rows = window
        .client
        .find_all(fantoccini::Locator::Css("#scenario-table tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    let cells = window
        .client
        .find_all(fantoccini::Locator::Css("#scenario-table tbody td"))
        .await
        .unwrap();
    assert_eq!(cells.len(), 12);
    let statutory_1 = standing
        .estimate
        .scenarios
        .iter()
        .position(|c| {
            c.retire == shebao_core::analysis::standing::estimate::WindowPoint::Statutory
                && c.future_index.0 == 10_000
        })
        .unwrap();
    let shown = cells[statutory_1].text().await.unwrap();
    let cell_total = standing.estimate.scenarios[statutory_1].total.unwrap();
    assert_eq!(digits(&shown), digits(&cell_total.to_plain()), "{shown}");

    // Each figure says it was entered by the person.
    let hint = window
        .text_when("#estimate-inputs label:first-child small", |t| {
            t.contains(entered)
        })
        .await;
    assert!(hint.contains(entered), "{hint}");
    let page = window.text_when("body", |_| true).await;
    for flag in ["--benefit-base", "--index", "--average-index", "SHEBAO_"] {
        assert!(!page.contains(flag), "the window names {flag}");
    }
    show(&window, "#estimate-panel").await;
    window.screenshot(&format!("estimate-{lang}")).await;
    show(&window, "#estimate-inputs").await;
    window.screenshot(&format!("estimate-inputs-{lang}")).await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_benefit_base_and_average_index_entered_in_the_window_give_a_total_and_scenarios() {
    enter_figures_and_see_a_total("zh", "无法计算", "由你于").await;
    enter_figures_and_see_a_total("en", "cannot be computed", "entered by you on").await;
}

/// A profile without sex or birth month has no scenario: the dashboard still draws (it used to
/// throw on `estimate.scenario.retirement_month` and leave the welcome view on screen), with the
/// estimate panel saying what is missing and the figures' panel beside it.
#[tokio::test(flavor = "multi_thread")]
async fn a_profile_without_sex_or_birth_month_still_shows_its_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    store
        .add_profile(
            &NewProfile {
                name: "无名".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    drop(store);
    let window = support::open_app(&db).await;
    let missing = window
        .text_when("#estimate-missing", |t| !t.is_empty())
        .await;
    assert!(missing.contains("出生年月"), "{missing}");
    window.find("#estimate-inputs").await;
    assert!(
        window
            .client
            .find(fantoccini::Locator::Css(".welcome"))
            .await
            .is_err(),
        "the welcome view is gone"
    );
    window.close().await;
}
