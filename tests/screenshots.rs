//! Screenshots of every view in both languages (and the overview in dark), for
//! docs/screenshots/ and the README. Not a test of behaviour: run it with
//! `scripts/screenshots.sh`, which passes `--ignored` under Xvfb.

mod support;

use std::path::Path;
use std::time::Duration;

const VIEWS: [(&str, &str); 10] = [
    ("dashboard", "#profile-name"),
    ("history", "#history-table"),
    ("charts", "#chart[data-kind] svg"),
    ("import", "#import-drop"),
    ("sources", "#sources-table"),
    ("export", "#export-run"),
    ("documents", "#documents-empty"),
    ("profiles", ".profile-card"),
    ("settings", "#security"),
    ("guide", ".guide"),
];

async fn save(window: &support::Window, name: &str) {
    // Let fonts and layout settle before the picture.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let png = window.png().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "makes docs/screenshots; run scripts/screenshots.sh"]
async fn every_view_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    for lang in ["zh", "en"] {
        for (view, ready) in VIEWS {
            window
                .client
                .execute(&format!("location.hash = '#/{view}'"), vec![])
                .await
                .unwrap();
            window.find(ready).await;
            save(&window, &format!("{view}-{lang}")).await;
            if view == "settings" {
                // Below the fold: local and WebDAV backups.
                window.find("#webdav-form").await;
                window
                    .client
                    .execute(
                        "document.getElementById('backups').scrollIntoView()",
                        vec![],
                    )
                    .await
                    .unwrap();
                save(&window, &format!("settings-backups-{lang}")).await;
            }
        }
        window
            .client
            .execute(
                "document.documentElement.dataset.theme = 'dark'; location.hash = '#/dashboard'",
                vec![],
            )
            .await
            .unwrap();
        window.find("#profile-name").await;
        save(&window, &format!("dashboard-dark-{lang}")).await;
        window
            .client
            .execute("document.documentElement.dataset.theme = 'light'", vec![])
            .await
            .unwrap();
        if lang == "zh" {
            window.find("#lang-toggle").await.click().await.unwrap();
            window
                .text_when("#nav-dashboard", |t| t.starts_with("Overview"))
                .await;
        }
    }
    window.close().await;
}
