//! The desktop shell: a window, the app's state and thin commands over `shebao-core`.
//! No business logic lives here; every command is a few lines that call the core.

mod commands;
mod error;
mod state;

pub use error::CommandError;
pub use state::AppState;

use std::path::PathBuf;
use tauri::Runtime;

/// Registers the state and the commands on a builder. The real app and the mock-runtime tests
/// both go through here, so the tests exercise exactly what ships.
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::set_language,
            commands::set_theme,
            commands::overview,
            commands::load_demo,
            commands::add_profile,
            commands::update_profile,
            commands::delete_profile,
            commands::undo_delete,
            commands::contributions,
            commands::revisions,
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
    let state = AppState::open(db_path);
    configure(tauri::Builder::default(), state)
        .run(context())
        .expect("the window system failed to start");
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
