//! The estimate panel's command on the mock runtime: what the window sends (the fields as typed)
//! and what it gets back (the standing redrawn, remedies as data, the figures with their dates).

mod mock_app;

use mock_app::{app_on, invoke};
use serde_json::{json, Value};

fn form(profile: i64, benefit_base: &str, average_index: &str, coefficient: &str) -> Value {
    json!({"form": {"profileId": profile, "benefitBase": benefit_base,
                    "averageIndex": average_index, "futureIndex": "", "retirementMonth": "",
                    "deemedMonths": "", "transitionalCoefficient": coefficient}})
}

#[test]
fn figures_typed_in_the_panel_are_stored_dated_and_cleared_and_remedies_are_data() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let profile = mock_app::new_profile(&window, "张伟");
    let before = invoke(&window, "standing", json!({"profileId": profile})).unwrap();
    assert_eq!(before["given"]["benefit_base"], Value::Null);
    // Without sex or birth month: no scenario, and no remedy the panel could offer.
    assert_eq!(before["estimate"]["scenario"], Value::Null);
    assert_eq!(before["estimate"]["scenarios"], json!([]));

    // A bad field is refused with the field named; nothing is stored.
    let error = invoke(
        &window,
        "set_estimate_inputs",
        form(profile, "12000", "abc", ""),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_argument");
    assert_eq!(error["details"]["field"], "average_index");
    let error = invoke(
        &window,
        "set_estimate_inputs",
        form(profile, "12000", "0.8", "12%"),
    )
    .unwrap_err();
    assert_eq!(error["details"]["field"], "transitional_coefficient");
    let still = invoke(&window, "standing", json!({"profileId": profile})).unwrap();
    assert_eq!(still["given"]["benefit_base"], Value::Null);

    let saved = invoke(
        &window,
        "set_estimate_inputs",
        form(profile, "12,000", "0.8", "1.2%"),
    )
    .unwrap();
    assert_eq!(saved["given"]["benefit_base"]["value"], 1_200_000);
    assert_eq!(saved["given"]["average_index"]["value"], 0.8);
    assert_eq!(saved["given"]["transitional_coefficient"]["value"], 120);
    let on = saved["given"]["benefit_base"]["entered_on"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(on, chrono::Local::now().date_naive().to_string());

    // An empty field clears its figure; the others stay.
    let cleared = invoke(
        &window,
        "set_estimate_inputs",
        form(profile, "", "0.8", "1.2%"),
    )
    .unwrap();
    assert_eq!(cleared["given"]["benefit_base"], Value::Null);
    assert_eq!(cleared["given"]["average_index"]["entered_on"], on);
}

#[test]
fn what_the_estimate_lacks_comes_with_a_remedy_the_window_names_and_no_flag() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let profile = invoke(
        &window,
        "add_profile",
        json!({"form": {"name": "李娜", "id_number": "", "sex": "female", "born": "1985-06",
                        "region": "110105", "employment": "flexible"}}),
    )
    .unwrap()["id"]
        .as_i64()
        .unwrap();
    let standing = invoke(&window, "standing", json!({"profileId": profile})).unwrap();
    assert_eq!(standing["estimate"]["total"], Value::Null);
    assert!(
        standing["remedies"]
            .as_array()
            .unwrap()
            .contains(&json!({"remedy": "give_benefit_base"})),
        "{}",
        standing["remedies"]
    );
    let words = serde_json::to_string(&[&standing["missing"], &standing["notes"]]).unwrap();
    assert!(!words.contains("--"), "{words}");
    assert_eq!(
        standing["estimate"]["scenarios"].as_array().unwrap().len(),
        12
    );
}
