//! The real window: keep an official certificate in the document vault, copy it out, remove
//! it. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::model::NewProfile;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn a_certificate_is_kept_copied_out_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let exports = dir.path().join("exports");
    let profile = {
        let mut store = Store::open(&db).unwrap();
        store
            .set_setting(
                shebao_core::store::SettingKey::ExportDir,
                exports.to_str().unwrap(),
            )
            .unwrap();
        let new = NewProfile {
            name: "王芳".into(),
            ..Default::default()
        };
        store.add_profile(&new.validate().unwrap()).unwrap().id
    };
    let certificate = dir.path().join("参保证明-2026.pdf");
    std::fs::write(&certificate, b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n").unwrap();
    let not_a_pdf = dir.path().join("notes.pdf");
    std::fs::write(&not_a_pdf, b"<html>not a pdf</html>").unwrap();

    let window = support::open_app(&db).await;
    // The first overview is loaded (the profile picker is filled from it), so the view is not
    // drawn again under the test's hands.
    window.find("#profile-select option").await;
    window.find("#nav-documents").await.click().await.unwrap();
    window.find("#documents-empty").await;

    // The age after which a certificate is out of date, chosen per profile.
    let days = window.find("#certificate-max-age").await;
    assert_eq!(days.prop("value").await.unwrap().as_deref(), Some("90"));
    // What typing 30 and leaving the field does.
    window
        .client
        .execute(
            "const f = document.getElementById('certificate-max-age'); f.value = '30';
             f.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await
        .unwrap();
    window
        .text_when("#certificate-max-age-saved", |t| t.contains("30"))
        .await;
    let limit =
        shebao_core::vault::certificate_max_age(&Store::open(&db).unwrap(), profile).unwrap();
    assert_eq!(limit.days, 30);

    // A file that is not a PDF or an image is refused, and nothing is kept.
    window
        .find("#document-file")
        .await
        .send_keys(not_a_pdf.to_str().unwrap())
        .await
        .unwrap();
    let error = window
        .text_when("#documents-error", |t| !t.is_empty())
        .await;
    assert!(error.contains("notes.pdf"), "{error}");

    window
        .find("#document-date")
        .await
        .send_keys("2026-11-20")
        .await
        .unwrap();
    window
        .find("#document-note")
        .await
        .send_keys("给房东")
        .await
        .unwrap();
    window
        .find("#document-file")
        .await
        .send_keys(certificate.to_str().unwrap())
        .await
        .unwrap();
    let row = window
        .text_when("#documents-table tbody tr", |t| {
            t.contains("参保证明-2026.pdf")
        })
        .await;
    assert!(row.contains("给房东"), "{row}");
    window.screenshot("documents").await;
    let stored = Store::open(&db).unwrap().documents(profile).unwrap();
    assert_eq!(stored.len(), 1);

    window
        .find("button.doc-export")
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when("#documents-message", |t| {
            t.contains("2026-11-20-参保证明-2026.pdf")
        })
        .await;
    assert_eq!(
        std::fs::read(exports.join("2026-11-20-参保证明-2026.pdf")).unwrap(),
        std::fs::read(&certificate).unwrap()
    );

    window
        .client
        .execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    window
        .find("button.doc-remove")
        .await
        .click()
        .await
        .unwrap();
    window.find("#documents-empty").await;
    assert!(Store::open(&db)
        .unwrap()
        .documents(profile)
        .unwrap()
        .is_empty());
    window.close().await;
}
