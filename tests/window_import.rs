//! The real window: import statements through the wizard — a file chosen in the file input,
//! a file dropped on the drop zone, a table pasted, the mapping step for an unknown header —
//! with the preview's problems, the commit's progress and the result. Runs under Xvfb via
//! scripts/test.sh.

mod support;

use fantoccini::Locator;
use serde_json::json;
use shebao_core::model::NewProfile;
use shebao_core::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn prepare(db: &Path) -> i64 {
    let mut store = Store::open(db).unwrap();
    let profile = NewProfile {
        name: "张杭".into(),
        ..Default::default()
    };
    store.add_profile(&profile.validate().unwrap()).unwrap().id
}

fn record_count(db: &Path, profile: i64) -> usize {
    Store::open(db)
        .unwrap()
        .contributions(profile)
        .unwrap()
        .len()
}

/// What a drag from the file manager delivers: a drop event carrying the file.
async fn drop_file(window: &support::Window, path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    window
        .client
        .execute(
            "const [name, bytes] = arguments;
             const data = new DataTransfer();
             data.items.add(new File([Uint8Array.from(bytes)], name));
             document.getElementById('import-drop').dispatchEvent(
               new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));",
            vec![json!(name), json!(bytes)],
        )
        .await
        .expect("the drop event is dispatched");
}

#[tokio::test(flavor = "multi_thread")]
async fn statements_import_through_the_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let profile = prepare(&db);
    let window = support::open_app(&db).await;

    window.find("#nav-import").await.click().await.unwrap();
    let title = window.text_when("#import-title", |t| !t.is_empty()).await;
    assert_eq!(title, "导入缴费记录");

    // A file with row problems, dropped: every problem listed, the import button disabled.
    drop_file(&window, &fixture("bad_rows.csv")).await;
    window.find("#import-errors tbody tr").await;
    let rows = window
        .client
        .find_all(Locator::Css("#import-errors tbody tr"))
        .await
        .unwrap();
    assert!(!rows.is_empty());
    let first = rows[0].text().await.unwrap();
    assert!(first.chars().next().unwrap().is_ascii_digit(), "{first:?}");
    let commit = window.find("#import-commit").await;
    assert!(
        !commit.is_enabled().await.unwrap(),
        "a file with errors cannot be imported"
    );
    window.screenshot("import-errors").await;
    assert_eq!(record_count(&db, profile), 0);

    // A good file, chosen through the file input (what the file dialog fills in).
    window.find("#import-restart").await.click().await.unwrap();
    window
        .find("#import-file")
        .await
        .send_keys(fixture("hangzhou_utf8_bom.csv").to_str().unwrap())
        .await
        .expect("the file input takes a path");
    let added: usize = window
        .text_when("#import-added", |t| !t.is_empty())
        .await
        .parse()
        .unwrap();
    assert!(added > 0);
    window.find("#import-kinds tr[data-kind='pension']").await;
    assert_eq!(record_count(&db, profile), 0, "the preview writes nothing");
    window.screenshot("import-preview").await;
    window.find("#import-commit").await.click().await.unwrap();
    let result = window.text_when("#import-result", |t| !t.is_empty()).await;
    assert!(result.starts_with(&format!("新增 {added} 条")), "{result}");
    assert_eq!(record_count(&db, profile), added);
    window.screenshot("import-done").await;

    // An unknown header: the mapping step, in English this time.
    window.find("#lang-toggle").await.click().await.unwrap();
    window
        .text_when("#import-title", |t| t == "Import contribution records")
        .await;
    drop_file(&window, &fixture("unrecognised_header.csv")).await;
    window.find("#import-mapping").await;
    window
        .find("#mapping-header-line")
        .await
        .clear()
        .await
        .unwrap();
    window
        .find("#mapping-header-line")
        .await
        .send_keys("4")
        .await
        .unwrap();
    for (field, column) in [
        ("month", "A"),
        ("kind", "B"),
        ("base", "C"),
        ("personal", "D"),
        ("employer", "E"),
    ] {
        window
            .find(&format!("#mapping-{field}"))
            .await
            .select_by_value(column)
            .await
            .unwrap();
    }
    window.screenshot("import-mapping-en").await;
    window.find("#mapping-preview").await.click().await.unwrap();
    let mapped: usize = window
        .text_when("#import-added", |t| !t.is_empty())
        .await
        .parse()
        .unwrap();
    assert!(mapped > 0);
    window.find("#import-save-mapping").await;
    window.find("#import-commit").await.click().await.unwrap();
    let result = window.text_when("#import-result", |t| !t.is_empty()).await;
    assert!(result.starts_with(&format!("{mapped} new")), "{result}");
    assert_eq!(record_count(&db, profile), added + mapped);

    // A table pasted from a web page.
    window.find("#import-restart").await.click().await.unwrap();
    let pasted = std::fs::read_to_string(fixture("paste.tsv")).unwrap();
    window
        .client
        .execute(
            "document.getElementById('import-paste').value = arguments[0];",
            vec![json!(pasted)],
        )
        .await
        .unwrap();
    window
        .find("#import-paste-preview")
        .await
        .click()
        .await
        .unwrap();
    window.find("#import-preview").await;
    window.find("#import-commit").await.click().await.unwrap();
    window.text_when("#import-result", |t| !t.is_empty()).await;
    assert!(record_count(&db, profile) > added + mapped);

    window.close().await;
}
