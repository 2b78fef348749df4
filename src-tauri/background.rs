//! Work that must not hold up the window: key derivation (Argon2id), whole-database copies,
//! the keyring's D-Bus round trips, the network. Tauri runs synchronous commands on the
//! window's thread; these go to the blocking pool instead.

use crate::error::CommandError;
use crate::state::AppState;
use tauri::{AppHandle, Manager, Runtime};

/// Runs `work` on the app's state on the blocking pool and waits for it without blocking.
pub async fn off_the_window<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    work: impl FnOnce(&AppState) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<AppState>()))
        .await
        .map_err(|e| CommandError::new("internal", e.to_string()))?
}
