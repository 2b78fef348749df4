//! Declares the app's own commands so that capabilities/ must grant each one by name:
//! the window can call exactly what is listed there.

/// Every command in src-tauri/commands.rs; a test checks this list against the handler.
const COMMANDS: &[&str] = &[
    "app_info",
    "set_language",
    "set_theme",
    "overview",
    "load_demo",
    "add_profile",
    "update_profile",
    "delete_profile",
    "undo_delete",
    "contributions",
    "revisions",
    "standing",
    "set_estimate_inputs",
    "alerts",
    "acknowledge_alert",
    "set_notifications",
    "import_load",
    "import_preview",
    "import_columns",
    "import_commit",
    "import_cancel",
    "export_file",
    "exports",
    "export_folder",
    "choose_export_folder",
    "open_export",
    "unlock",
    "lock",
    "set_idle_lock",
    "set_remember_key",
    "encrypt_database",
    "decrypt_database",
    "change_passphrase",
    "sources",
    "add_http_source",
    "sync_now",
    "sync_cancel",
    "webdav_settings",
    "set_webdav",
    "webdav_backup",
    "webdav_backups",
    "webdav_restore",
    "vault_attach",
    "vault_list",
    "vault_open",
    "vault_export",
    "vault_remove",
    "certificate_max_age",
    "set_certificate_max_age",
    "chart",
    "record_payment",
    "backups",
    "backup_now",
    "restore_backup",
    "search_regions",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
