//! The real window: Settings → Backups — back up now, then restore that backup; the data
//! before the restore is kept as a backup too. Runs under Xvfb via scripts/test.sh.

mod support;

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_is_taken_and_restored_from_settings() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::demo_db(dir.path());
    let window = support::open_app(&db).await;
    window.find("#profile-name").await;
    window.find("#nav-settings").await.click().await.unwrap();
    window.find("#backups-empty").await;
    window.find("#backup-now").await.click().await.unwrap();
    window
        .text_when("#backups-message", |t| t == "已备份。")
        .await;
    let row = window
        .text_when("#backups-table tbody tr", |t| t.contains("手动备份"))
        .await;
    assert!(!row.is_empty());
    window.screenshot("settings-backups").await;

    window
        .client
        .execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    window
        .find("#backups-table tbody tr button.restore")
        .await
        .click()
        .await
        .unwrap();
    window
        .text_when("#banner", |t| t.starts_with("已恢复"))
        .await;
    let backups = shebao_core::store::list_backups(&db).unwrap();
    assert_eq!(backups.len(), 2, "{backups:?}");
    window.close().await;
}
