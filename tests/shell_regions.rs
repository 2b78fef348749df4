//! The region picker's command and a profile saved with a region typed as a name, on the mock
//! runtime: what the window sends and what it gets back.

mod mock_app;

use mock_app::{app_on, invoke};
use serde_json::json;

#[test]
fn typing_hang_suggests_hangzhou_first_with_labels_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    for query in ["杭", "hang", "hz"] {
        let hits = invoke(&window, "search_regions", json!({"query": query})).unwrap();
        let first = &hits[0];
        assert_eq!(first["code"], "330100", "{query}");
        assert_eq!(first["name"], "杭州市");
        assert_eq!(first["name_en"], "Hangzhou");
        assert_eq!(first["within"], "浙江省");
        assert_eq!(first["within_en"], "Zhejiang");
        assert_eq!(first["level"], "city");
    }
    let hits = invoke(&window, "search_regions", json!({"query": "杭"})).unwrap();
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 12, "as many as the list shows");
    // A district is labelled with its province and city.
    let shangcheng = hits.iter().find(|h| h["code"] == "330102").unwrap();
    assert_eq!(shangcheng["within"], "浙江省杭州市");
    assert_eq!(shangcheng["within_en"], "Hangzhou, Zhejiang");
    assert_eq!(
        invoke(&window, "search_regions", json!({"query": " "})).unwrap(),
        json!([])
    );
}

#[test]
fn a_profile_saved_with_a_region_name_keeps_the_code_and_returns_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let form = |region: &str| {
        json!({"form": {"name": "李娜", "id_number": "", "sex": "", "born": "",
                        "region": region, "employment": "flexible"}})
    };
    let error = invoke(&window, "add_profile", form("朝阳区")).unwrap_err();
    assert_eq!(error["code"], "ambiguous_region");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("吉林省长春市朝阳区 220104"),
        "{error}"
    );
    let profile = invoke(&window, "add_profile", form("杭州")).unwrap();
    assert_eq!(profile["region"], "330100");
    assert_eq!(profile["region_name"], "杭州市");
    let overview = invoke(&window, "overview", json!({})).unwrap();
    assert_eq!(
        overview["profiles"][0]["profile"]["region_name"], "杭州市",
        "{overview}"
    );
}

#[test]
fn an_imported_region_column_becomes_codes_and_an_unknown_region_is_a_row_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = app_on(&dir.path().join("shebao.db"));
    let profile = mock_app::new_profile(&window, "张杭");
    let file = "费款所属期,行政区划,个人缴费额\n\
                202401,杭州市本级,100\n\
                202402,火星,100\n";
    mock_app::load(&window, "statement.csv", file.as_bytes().to_vec()).unwrap();
    let preview = invoke(&window, "import_preview", json!({"profileId": profile})).unwrap();
    let errors = preview["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{preview}");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], "行政区划");
    assert_eq!(errors[0]["value"], "火星");
    assert_eq!(errors[0]["code"], "unknown_region");

    let fixed = "费款所属期,行政区划,个人缴费额\n202401,杭州市本级,100\n202402,浙江杭州,100\n";
    mock_app::load(&window, "statement.csv", fixed.as_bytes().to_vec()).unwrap();
    invoke(
        &window,
        "import_commit",
        json!({"profileId": profile, "mapping": null, "force": false, "saveMapping": false}),
    )
    .unwrap();
    let stored = invoke(&window, "contributions", json!({"profileId": profile})).unwrap();
    let regions: Vec<(&str, &str)> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap(),
                r["region_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(regions, [("330100", "杭州市"), ("330100", "杭州市")]);
}
