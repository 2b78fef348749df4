//! The real window: export a PDF statement and an English workbook from the Export view;
//! the files land in the export folder and are recorded. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::Store;

#[tokio::test(flavor = "multi_thread")]
async fn statements_are_exported_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let folder = dir.path().join("导出");
    {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
        store
            .set_setting(
                shebao_core::store::SettingKey::ExportDir,
                folder.to_str().unwrap(),
            )
            .unwrap();
    }
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    window.find("#nav-export").await.click().await.unwrap();
    let shown = window.text_when("#export-folder", |t| !t.is_empty()).await;
    assert_eq!(shown, folder.to_str().unwrap());

    window
        .find("#export-from")
        .await
        .send_keys("2018-01")
        .await
        .unwrap();
    // With the pension estimate as an appendix (the PDF only).
    window
        .find("#export-with-estimate")
        .await
        .click()
        .await
        .unwrap();
    window.find("#export-run").await.click().await.unwrap();
    let result = window.text_when("#export-result", |t| !t.is_empty()).await;
    assert!(result.contains(".pdf"), "{result}");
    let files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(std::fs::read(&files[0]).unwrap().starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext")
        .arg(&files[0])
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("附：养老金估算（仅供参考）"),
        "the appendix is in the PDF"
    );
    window.find("#export-list tbody tr").await;
    window.screenshot("export-done").await;

    // A bad month is refused in the window, before anything is written.
    window
        .find("#export-to")
        .await
        .send_keys("2018-13")
        .await
        .unwrap();
    window.find("#export-run").await.click().await.unwrap();
    let error = window.text_when("#export-error", |t| !t.is_empty()).await;
    assert!(error.contains("2018-13"), "{error}");
    window.find("#export-to").await.clear().await.unwrap();

    // In English, an XLSX of the pension records only.
    window.find("#lang-toggle").await.click().await.unwrap();
    window
        .text_when("#export-title", |t| t == "Export a statement")
        .await;
    window
        .find("#export-format-xlsx")
        .await
        .click()
        .await
        .unwrap();
    window.find("#export-lang-en").await.click().await.unwrap();
    for kind in [
        "medical",
        "unemployment",
        "work_injury",
        "maternity",
        "housing_fund",
    ] {
        window
            .find(&format!("#export-kind-{kind}"))
            .await
            .click()
            .await
            .unwrap();
    }
    window.find("#export-run").await.click().await.unwrap();
    let result = window
        .text_when("#export-result", |t| t.contains(".xlsx"))
        .await;
    assert!(result.starts_with("contribution-record-"), "{result}");
    window.screenshot("export-done-en").await;
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
    let store = Store::open(&db).unwrap();
    let demo = store.profiles().unwrap()[0].id;
    let exports = store.exports_of_profile(demo).unwrap();
    assert_eq!(exports.len(), 2);

    // (In English now.) The PDF made first verifies; the same file with one byte changed does not.
    window
        .find("#export-verify-file")
        .await
        .send_keys(files[0].to_str().unwrap())
        .await
        .unwrap();
    let verdict = window
        .text_when("#export-verify-result", |t| t.contains("OK:"))
        .await;
    assert!(verdict.contains(": OK: this is the PDF"), "{verdict}");
    let edited = dir.path().join("改过的证明.pdf");
    let mut bytes = std::fs::read(&files[0]).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&edited, bytes).unwrap();
    window
        .find("#export-verify-file")
        .await
        .send_keys(edited.to_str().unwrap())
        .await
        .unwrap();
    let verdict = window
        .text_when("#export-verify-result", |t| t.contains("FAILED"))
        .await;
    assert!(verdict.starts_with("改过的证明.pdf"), "{verdict}");
    window.screenshot("export-verify").await;
    window.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_profile_is_exported_into_one_new_folder_with_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let folder = dir.path().join("exports");
    {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
        let second = shebao_core::model::NewProfile {
            name: "王五".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store.add_profile(&second).unwrap();
        store
            .set_setting(
                shebao_core::store::SettingKey::ExportDir,
                folder.to_str().unwrap(),
            )
            .unwrap();
    }
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    window.find("#nav-export").await.click().await.unwrap();
    window
        .find("#export-whose-all")
        .await
        .click()
        .await
        .unwrap();
    window
        .find("#export-format-csv")
        .await
        .click()
        .await
        .unwrap();
    window.find("#export-run").await.click().await.unwrap();
    let result = window.text_when("#export-result", |t| !t.is_empty()).await;
    assert!(result.contains('2'), "{result}");
    let shown = window
        .text_when("#export-batch-folder", |t| !t.is_empty())
        .await;
    window.find("#export-open-folder").await;
    window.screenshot("export-every-profile").await;

    let batches: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(batches.len(), 1, "one new folder: {batches:?}");
    assert_eq!(batches[0].to_str().unwrap(), shown);
    assert_eq!(std::fs::read_dir(&batches[0]).unwrap().count(), 3);
    window.close().await;
    let store = Store::open(&db).unwrap();
    let checks =
        shebao_core::export::verify_batch(&store, &batches[0].join("manifest.csv")).unwrap();
    let names: Vec<_> = checks.iter().map(|c| c.entry.profile.as_str()).collect();
    assert_eq!(names, ["李明（示例）", "王五"]);
    assert!(checks.iter().all(|c| c.passed()));
}
