//! The real window: a file of three people (an HR batch, a family's records) through the
//! import wizard — the per-person preview matches one person to her profile by ID number,
//! offers new profiles for the other two, and one click writes all three. Runs under Xvfb via
//! scripts/test.sh.

mod support;

use fantoccini::Locator;
use serde_json::json;
use shebao_core::model::NewProfile;
use shebao_core::Store;
use std::path::Path;

/// 王秀英's number in three_people.csv.
const MOTHER_ID: &str = "110105196403020023";

#[tokio::test(flavor = "multi_thread")]
async fn a_three_person_file_creates_two_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let mother = {
        let mut store = Store::open(&db).unwrap();
        let profile = NewProfile {
            name: "妈妈".into(),
            id_number: Some(MOTHER_ID.into()),
            ..Default::default()
        };
        store.add_profile(&profile.validate().unwrap()).unwrap().id
    };
    let window = support::open_app(&db).await;
    window.find("#nav-import").await.click().await.unwrap();
    window.text_when("#import-title", |t| !t.is_empty()).await;

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/three_people.csv");
    let bytes = std::fs::read(&path).unwrap();
    window
        .client
        .execute(
            "const [name, bytes] = arguments;
             const data = new DataTransfer();
             data.items.add(new File([Uint8Array.from(bytes)], name));
             document.getElementById('import-drop').dispatchEvent(
               new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
            vec![json!("three_people.csv"), json!(bytes)],
        )
        .await
        .expect("the drop event is dispatched");

    window.find("#import-people tbody tr").await;
    let rows = window
        .client
        .find_all(Locator::Css("#import-people tbody tr"))
        .await
        .unwrap();
    let mut seen = Vec::new();
    for row in &rows {
        let matched = row.attr("data-match").await.unwrap().unwrap_or_default();
        let text = row.text().await.unwrap();
        seen.push((matched, text));
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(seen[0].0, "profile");
    assert!(
        seen[0].1.contains("王秀英") && seen[0].1.contains("妈妈"),
        "{:?}",
        seen[0]
    );
    assert!(
        seen[0].1.contains("1101**********0023"),
        "masked: {:?}",
        seen[0]
    );
    assert!(!seen[0].1.contains(MOTHER_ID), "never the whole number");
    assert_eq!((seen[1].0.as_str(), seen[2].0.as_str()), ("new", "new"));
    assert!(
        seen[1].1.contains("李建国") && seen[1].1.contains("新建成员"),
        "{:?}",
        seen[1]
    );
    assert!(window
        .find("#import-person-1")
        .await
        .is_selected()
        .await
        .unwrap());
    assert_eq!(
        Store::open(&db).unwrap().profiles().unwrap().len(),
        1,
        "the preview writes nothing"
    );
    window.screenshot("import-people-preview").await;

    window.find("#import-commit").await.click().await.unwrap();
    let result = window.text_when("#import-result", |t| !t.is_empty()).await;
    assert!(
        result.starts_with("已导入 3 人的记录，新建成员 2 人"),
        "{result}"
    );
    window.screenshot("import-people-done").await;

    let store = Store::open(&db).unwrap();
    let profiles = store.profiles().unwrap();
    let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["妈妈", "李建国", "李娜"]);
    for profile in &profiles {
        // 6 months × pension and medical each.
        assert_eq!(
            store.contributions(profile.id).unwrap().len(),
            12,
            "{}",
            profile.name
        );
    }
    assert_eq!(profiles[0].id, mother);
    window.close().await;
}
