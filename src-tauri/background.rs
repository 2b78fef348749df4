//! Work that must not hold up the window: key derivation (Argon2id), whole-database copies,
//! the keyring's D-Bus round trips, the network. Tauri runs synchronous commands on the
//! window's thread; these go to the blocking pool instead.

use crate::error::{CommandError, ShellError};
use crate::state::AppState;
use tauri::{AppHandle, Manager, Runtime};

/// Runs `work` on the app's state on the blocking pool and waits for it without blocking.
pub async fn off_the_window<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    work: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || work(&worker.state::<AppState>()))
        .await
        .map_err(|e| task_failed(&app, e))?
}

/// A blocking task that panicked or was cancelled: said in the user's language, the runtime's
/// own (English) text only as a detail.
pub fn task_failed<R: Runtime>(app: &AppHandle<R>, error: impl std::fmt::Display) -> CommandError {
    ShellError::TaskFailed {
        detail: error.to_string(),
    }
    .in_lang(app.state::<AppState>().lang())
}
