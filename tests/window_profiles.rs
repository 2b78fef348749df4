//! The real window: add a family member (a bad ID number is explained, nothing saved), edit
//! it, delete a profile and undo the deletion. Runs under Xvfb via scripts/test.sh.

mod support;

use fantoccini::Locator;
use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn add_edit_delete_and_undo_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let demo = {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, YearMonth::new(2026, 11).unwrap())
            .unwrap()
            .profile
    };
    let window = support::open_app(&db).await;
    window.find("#nav-profiles").await.click().await.unwrap();
    window.find("#add-profile").await.click().await.unwrap();

    let form = window.find("#profile-form").await;
    form.find(Locator::Css(r#"input[name="name"]"#))
        .await
        .unwrap()
        .send_keys("王芳")
        .await
        .unwrap();
    let id_field = form
        .find(Locator::Css(r#"input[name="id_number"]"#))
        .await
        .unwrap();
    id_field.send_keys("110105194912310021").await.unwrap();
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    let error = window.text_when(".form-error", |t| !t.is_empty()).await;
    assert_eq!(error, "身份证号码无效：校验位应为 X，而不是 1");
    assert_eq!(
        Store::open(&db).unwrap().profiles().unwrap().len(),
        1,
        "nothing saved"
    );

    id_field.clear().await.unwrap();
    id_field.send_keys("11010519491231002X").await.unwrap();
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when(".profile-grid", |t| {
            t.contains("王芳") && t.contains("1101**********002X")
        })
        .await;
    window.screenshot("profiles").await;

    // Edit: rename, keeping the stored ID number.
    let fang = Store::open(&db)
        .unwrap()
        .profile_by_name("王芳")
        .unwrap()
        .unwrap();
    window
        .find(&format!("#edit-{}", fang.id))
        .await
        .click()
        .await
        .unwrap();
    let name = window.find(r#"#profile-form input[name="name"]"#).await;
    name.clear().await.unwrap();
    name.send_keys("王芳（母亲）").await.unwrap();
    window
        .find("#profile-form-submit")
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when(".profile-grid", |t| t.contains("王芳（母亲）"))
        .await;
    let edited = Store::open(&db).unwrap().profile(fang.id).unwrap().unwrap();
    assert_eq!(edited.name, "王芳（母亲）");
    assert_eq!(edited.id_number, fang.id_number, "the ID number was kept");

    // Delete the demo profile after confirming, then undo.
    window
        .find(&format!("#delete-{}", demo.id))
        .await
        .click()
        .await
        .unwrap();
    window
        .find(&format!("#confirm-delete-{}", demo.id))
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when(".undo-bar", |t| t.contains(&demo.name))
        .await;
    assert!(Store::open(&db)
        .unwrap()
        .profile(demo.id)
        .unwrap()
        .is_none());
    window
        .find(".undo-bar button.undo")
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when(".profile-grid", |t| t.contains(&demo.name))
        .await;
    let store = Store::open(&db).unwrap();
    assert_eq!(store.profile(demo.id).unwrap().as_ref(), Some(&demo));
    assert!(store.contributions(demo.id).unwrap().len() > 500);
    window.close().await;
}
