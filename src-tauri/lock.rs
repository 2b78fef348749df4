//! The app lock and the passphrase: unlock, lock now, lock after idle time, and turning
//! encryption on, off or to a new passphrase from Settings. The conversions are the core's
//! (a new file written, verified, then swapped); this closes and reopens the store around them.

use crate::background::off_the_window;
use crate::error::CommandError;
use crate::import::PendingImport;
use crate::state::AppState;
use shebao_core::store::{self, Passphrase, SettingKey};
use tauri::{AppHandle, Manager, Runtime, State};

/// What a new encrypted database locks after, until the user chooses otherwise.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
const IDLE_CHOICES: [u32; 6] = [0, 5, 10, 15, 30, 60];

pub(crate) fn passphrase(text: String, state: &AppState) -> Result<Passphrase, CommandError> {
    Passphrase::new(text).map_err(|e| CommandError::from_core(&e, state.lang()))
}

/// A new passphrase must be typed twice the same (both copies are wiped, see the core's
/// `Passphrase::confirmed`).
pub(crate) fn confirmed(
    new: String,
    confirm: String,
    state: &AppState,
) -> Result<Passphrase, CommandError> {
    Passphrase::confirmed(new, confirm).map_err(|e| CommandError::from_core(&e, state.lang()))
}

/// Unlocks with the passphrase and, when `remember` is given, keeps the key on this computer
/// or forgets it. Returns the keyring's failure, if remembering failed (the unlock stands).
#[tauri::command]
pub async fn unlock<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
    remember: Option<bool>,
) -> Result<Option<CommandError>, CommandError> {
    // Deriving the key is deliberately slow (Argon2id).
    let handle = app.clone();
    let remember_failed = off_the_window(app, move |state| {
        let passphrase = self::passphrase(passphrase, state)?;
        state.unlock(&passphrase, remember)
    })
    .await?;
    tracing::info!("unlocked");
    std::thread::spawn(move || crate::notify::announce_new_warnings(&handle));
    Ok(remember_failed)
}

/// Locks the database and drops what the app holds of it: the import wizard's file too.
/// Off the window's thread, as the lock waits for whatever holds the store (an import, a
/// backup) to finish.
#[tauri::command]
pub async fn lock<R: Runtime>(app: AppHandle<R>) -> Result<(), CommandError> {
    let handle = app.clone();
    off_the_window(app, move |state| {
        state.lock()?;
        // After the store is locked, so that an import that fails from now on cannot put its
        // file back (see `import_commit`).
        handle.state::<PendingImport>().forget();
        tracing::info!("locked");
        Ok(())
    })
    .await
}

/// "Remember on this computer": keeps the open database's key in the OS keyring, or forgets it.
/// The keyring may be slow or hang (a D-Bus round trip), so this runs off the window's thread.
#[tauri::command]
pub async fn set_remember_key<R: Runtime>(
    app: AppHandle<R>,
    enabled: bool,
) -> Result<bool, CommandError> {
    off_the_window(app, move |state| state.set_remembered(enabled)).await
}

#[tauri::command]
pub fn set_idle_lock(state: State<'_, AppState>, minutes: u32) -> Result<u32, CommandError> {
    if !IDLE_CHOICES.contains(&minutes) {
        return Err(CommandError::invalid_argument(
            "minutes",
            &minutes.to_string(),
            state.lang(),
        ));
    }
    state
        .with_store(|store| store.set_setting(SettingKey::IdleLockMinutes, &minutes.to_string()))?;
    Ok(minutes)
}

/// The idle lock in minutes (0: never) of an open encrypted database; `None` when unencrypted.
pub fn idle_lock_minutes(state: &AppState) -> Option<u32> {
    if !state.is_encrypted() || state.is_locked() {
        return None;
    }
    let saved = state
        .with_store(|store| store.setting(SettingKey::IdleLockMinutes))
        .ok()
        .flatten();
    Some(
        saved
            .and_then(|m| m.parse().ok())
            .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES),
    )
}

#[tauri::command]
pub async fn encrypt_database<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
    confirm: String,
) -> Result<(), CommandError> {
    // A conversion copies the whole database and derives keys.
    off_the_window(app, move |state| {
        let new = confirmed(passphrase, confirm, state)?;
        state.convert(
            |path| store::encrypt(path, &new).map(drop),
            None,
            Some(&new),
        )
    })
    .await
}

#[tauri::command]
pub async fn decrypt_database<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
) -> Result<(), CommandError> {
    // A conversion copies the whole database and derives keys.
    off_the_window(app, move |state| {
        let current = self::passphrase(passphrase, state)?;
        state.convert(
            |path| store::decrypt(path, &current).map(drop),
            Some(&current),
            None,
        )
    })
    .await
}

#[tauri::command]
pub async fn change_passphrase<R: Runtime>(
    app: AppHandle<R>,
    current: String,
    new: String,
    confirm: String,
) -> Result<(), CommandError> {
    // A conversion copies the whole database and derives keys.
    off_the_window(app, move |state| {
        let current = self::passphrase(current, state)?;
        let new = confirmed(new, confirm, state)?;
        state.convert(
            |path| store::change_passphrase(path, &current, &new).map(drop),
            Some(&current),
            Some(&new),
        )
    })
    .await
}
