//! The real window: a new profile's region is chosen by typing 杭 and picking 杭州 from the
//! suggestions (with the mouse in Chinese, with the keyboard in English), and the overview
//! shows 杭州, not 330100. Runs under Xvfb via scripts/test.sh.

mod support;

use fantoccini::key::Key;
use shebao_core::Store;

/// Starts on an empty database in `lang`, opens the new-profile form and types a name and a
/// sex and birth month (the overview's retirement estimate needs them).
async fn new_profile_form(
    dir: &std::path::Path,
    lang: &str,
) -> (support::Window, std::path::PathBuf) {
    let db = dir.join("shebao.db");
    Store::open(&db)
        .unwrap()
        .set_setting(shebao_core::store::SettingKey::Language, lang)
        .unwrap();
    let window = support::open_app(&db).await;
    window.find("#start-empty").await.click().await.unwrap();
    window
        .find(r#"#profile-form input[name="name"]"#)
        .await
        .send_keys("王芳")
        .await
        .unwrap();
    window
        .find(r#"#profile-form select[name="sex"]"#)
        .await
        .select_by_value("female")
        .await
        .unwrap();
    window
        .find(r#"#profile-form input[name="born"]"#)
        .await
        .send_keys("1985-06")
        .await
        .unwrap();
    (window, db)
}

/// Scrolls the element to the middle of the window, for a screenshot a person can read.
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

fn stored_region(db: &std::path::Path) -> Option<String> {
    let store = Store::open(db).unwrap();
    let profiles = store.profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    profiles[0].region.clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn typing_hang_and_picking_hangzhou_in_chinese_and_english() {
    // Chinese, with the mouse.
    let dir = tempfile::tempdir().unwrap();
    let (window, db) = new_profile_form(dir.path(), "zh").await;
    let input = window.find("#profile-form .region-input").await;
    input.send_keys("杭").await.unwrap();
    let option = window.find(r#".region-options [data-code="330100"]"#).await;
    let label = window
        .text_when(".region-options li:first-child", |t| !t.is_empty())
        .await;
    assert!(label.starts_with("杭州市 · 浙江省"), "{label:?}");
    assert!(
        label.contains("330100"),
        "the code beside the name: {label:?}"
    );
    show(&window, ".region-picker").await;
    window.screenshot("region-picker-zh").await;
    option.click().await.unwrap();
    assert_eq!(
        input.prop("value").await.unwrap().as_deref(),
        Some("杭州市")
    );
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    let facts = window
        .text_when(".profile-head .meta", |t| t.contains("杭州"))
        .await;
    assert!(
        !facts.contains("330100"),
        "the name, not the code: {facts:?}"
    );
    assert_eq!(stored_region(&db).as_deref(), Some("330100"));
    show(&window, ".profile-head").await;
    window.screenshot("region-overview-zh").await;

    // Editing shows the stored region by its name, and saving keeps its code.
    window.find("#nav-profiles").await.click().await.unwrap();
    let id = Store::open(&db).unwrap().profiles().unwrap()[0].id;
    window
        .find(&format!("#edit-{id}"))
        .await
        .click()
        .await
        .unwrap();
    let input = window.find("#profile-form .region-input").await;
    assert_eq!(
        input.prop("value").await.unwrap().as_deref(),
        Some("杭州市")
    );
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when(".banner", |t| t.contains("已保存“王芳”"))
        .await;
    assert_eq!(stored_region(&db).as_deref(), Some("330100"));
    window.close().await;

    // English, with the keyboard: the suggestion leads with the pinyin name.
    let dir = tempfile::tempdir().unwrap();
    let (window, db) = new_profile_form(dir.path(), "en").await;
    let input = window.find("#profile-form .region-input").await;
    input.send_keys("杭").await.unwrap();
    let label = window
        .text_when(".region-options li:first-child", |t| !t.is_empty())
        .await;
    assert!(label.starts_with("Hangzhou 杭州市 · Zhejiang"), "{label:?}");
    show(&window, ".region-picker").await;
    window.screenshot("region-picker-en").await;
    input
        .send_keys(&char::from(Key::Down).to_string())
        .await
        .unwrap();
    input
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    assert_eq!(
        input.prop("value").await.unwrap().as_deref(),
        Some("Hangzhou 杭州市")
    );
    assert!(
        window
            .client
            .find(fantoccini::Locator::Css(".region-options:not([hidden])"))
            .await
            .is_err(),
        "the list closed on choosing, and Enter did not submit the form"
    );
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    let facts = window
        .text_when(".profile-head .meta", |t| t.contains("杭州"))
        .await;
    assert!(facts.contains("Region Hangzhou 杭州市"), "{facts:?}");
    show(&window, ".profile-head").await;
    window.screenshot("region-overview-en").await;
    assert_eq!(stored_region(&db).as_deref(), Some("330100"));
    window.close().await;
}
