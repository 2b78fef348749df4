//! The desktop shell: a window, the app's state and thin commands over `shebao-core`.
//! No business logic lives here; every command is a few lines that call the core.

mod background;
mod backups;
mod charts;
mod commands;
mod error;
mod estimate;
mod export;
mod fit_screen;
mod import;
mod lock;
mod logging;
mod manual;
mod menu;
mod notify;
mod regions;
mod rules;
mod sources;
mod state;
mod vault;
mod verify;
mod webdav;

pub use error::CommandError;
pub use state::AppState;

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use tauri::{Manager, Runtime};

/// Registers the state and the commands on a builder. The real app and the mock-runtime tests
/// both go through here, so the tests exercise exactly what ships.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .manage(import::PendingImport::default())
        .manage(export::ExportedFiles::default())
        .manage(sources::RunningSync::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_language,
            commands::set_theme,
            commands::overview,
            commands::alert_counts,
            commands::load_demo,
            commands::add_profile,
            commands::update_profile,
            commands::delete_profile,
            commands::undo_delete,
            commands::contributions,
            commands::revisions,
            commands::standing,
            estimate::set_estimate_inputs,
            commands::alerts,
            commands::acknowledge_alert,
            commands::set_notifications,
            import::import_load,
            import::import_preview,
            import::import_columns,
            import::import_commit,
            import::import_cancel,
            import::import_people_preview,
            import::import_people_commit,
            export::export_file,
            export::export_every_profile,
            export::open_batch_folder,
            export::exports,
            export::export_folder,
            export::choose_export_folder,
            export::open_export,
            lock::unlock,
            lock::lock,
            lock::set_idle_lock,
            lock::set_remember_key,
            lock::encrypt_database,
            lock::decrypt_database,
            lock::change_passphrase,
            sources::sources,
            sources::add_http_source,
            sources::sync_now,
            sources::sync_cancel,
            webdav::webdav_settings,
            webdav::set_webdav,
            webdav::webdav_backup,
            webdav::webdav_backups,
            webdav::webdav_restore,
            vault::vault_attach,
            vault::vault_list,
            vault::vault_open,
            vault::vault_export,
            vault::vault_remove,
            vault::certificate_max_age,
            vault::set_certificate_max_age,
            charts::chart,
            manual::record_payment,
            backups::backups,
            backups::backup_now,
            backups::restore_backup,
            regions::search_regions,
            verify::verify_file,
            rules::update_rules,
        ])
}

/// The database to open: `--db PATH` on the command line, else `$SHEBAO_DB`, else the OS data
/// directory — the same rule as the CLI.
fn db_path_from_args(mut args: impl Iterator<Item = String>) -> Option<PathBuf> {
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// The app's context from tauri.conf.json and capabilities/, for any runtime: the real window
/// system in [`run`], the mock runtime in tests (so tests see the real permissions).
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    let db_path = db_path_from_args(std::env::args().skip(1))
        .map(Ok)
        .unwrap_or_else(shebao_core::paths::default_db_path);
    let instance_id = db_path.as_deref().map(instance_id).unwrap_or_default();
    let state = AppState::open(db_path);
    let lang = state.lang();
    // The single-instance plugin must come first: a second launch hands over and exits.
    let builder = tauri::Builder::default()
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id)
                .callback(|app, _args, _cwd| focus_main_window(app))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            if let Ok(dir) = app.path().app_log_dir() {
                if let Some(guard) = logging::init(&dir) {
                    app.manage(guard);
                }
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "started");
            app.set_menu(menu::build(app.handle(), lang)?)?;
            if let Some(window) = app.get_webview_window("main") {
                if let Err(e) = fit_screen::fit_to_screen(&window) {
                    tracing::warn!("the window was not fitted to the screen: {e}");
                }
            }
            app.on_menu_event(menu::handle);
            let handle = app.handle().clone();
            std::thread::spawn(move || notify::announce_new_warnings(&handle));
            Ok(())
        });
    configure(builder, state)
        .build(context())
        .expect("the window system failed to start")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                // Deleted profiles can no longer be restored once the app closes: the vault
                // files only they named can go now.
                let state = app.state::<AppState>();
                if let Err(e) = state.with_store(|store| shebao_core::vault::prune(store)) {
                    tracing::warn!(code = e.code.as_str(), "vault files were not pruned");
                }
            }
        });
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// One running window per database: the D-Bus name the single-instance plugin holds on Linux
/// is the identifier plus a digest of the database path (so a second database, as in tests,
/// opens its own window).
fn instance_id(db_path: &Path) -> String {
    let canonical = db_path
        .canonicalize()
        .unwrap_or_else(|_| db_path.to_path_buf());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut hasher);
    format!(
        "{}.db{:016x}",
        shebao_core::paths::APP_IDENTIFIER,
        hasher.finish()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn instance_ids_are_valid_dbus_names_that_differ_per_database() {
        let a = instance_id(Path::new("/tmp/a/shebao.db"));
        assert_eq!(a, instance_id(Path::new("/tmp/a/shebao.db")));
        assert_ne!(a, instance_id(Path::new("/tmp/b/shebao.db")));
        for element in a.split('.') {
            assert!(
                !element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()),
                "{a}"
            );
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
                "{a}"
            );
        }
    }

    #[test]
    fn db_path_comes_from_either_spelling_of_the_flag() {
        assert_eq!(
            db_path_from_args(args(&["--db", "/tmp/a.db"])),
            Some("/tmp/a.db".into())
        );
        assert_eq!(
            db_path_from_args(args(&["--db=/tmp/b.db"])),
            Some("/tmp/b.db".into())
        );
        assert_eq!(db_path_from_args(args(&["--other"])), None);
    }
}
