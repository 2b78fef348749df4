//! Settings → Backups: the backups beside the database (automatic ones before migrations,
//! imports and syncs, and manual ones), "back up now", and restoring one. A restore keeps the
//! current database as a backup first (the core's restore does), and the window names a
//! backup by its file name in the backups folder, never by a path.

use crate::background::off_the_window;
use crate::error::{CommandError, ShellError};
use crate::state::AppState;
use serde::Serialize;
use shebao_core::store::{self, BackupEntry, BackupKind, Passphrase};
use tauri::{AppHandle, Runtime, State};

#[derive(Debug, Serialize)]
pub struct Backup {
    file_name: String,
    #[serde(flatten)]
    entry: BackupEntry,
    size: u64,
}

fn listed(state: &AppState) -> Result<Vec<BackupEntry>, CommandError> {
    let db = state
        .db_path()
        .ok_or_else(|| ShellError::NoDatabase.in_lang(state.lang()))?;
    let mut list =
        store::list_backups(db).map_err(|e| CommandError::from_core(&e, state.lang()))?;
    list.sort_by_key(|entry| std::cmp::Reverse(entry.taken_at));
    Ok(list)
}

fn file_name(entry: &BackupEntry) -> String {
    entry
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[tauri::command]
pub fn backups(state: State<'_, AppState>) -> Result<Vec<Backup>, CommandError> {
    Ok(listed(&state)?
        .into_iter()
        .map(|entry| Backup {
            file_name: file_name(&entry),
            size: std::fs::metadata(&entry.path).map_or(0, |m| m.len()),
            entry,
        })
        .collect())
}

/// A verified copy of the database now, into the backups folder. Off the window's thread: it
/// copies and checks the whole database.
#[tauri::command]
pub async fn backup_now<R: Runtime>(app: AppHandle<R>) -> Result<String, CommandError> {
    off_the_window(app, |state| {
        let path = state.with_store(|store| store.backup_into_dir(BackupKind::Manual))?;
        tracing::info!("manual backup written");
        Ok(path.display().to_string())
    })
    .await
}

/// Replaces the database with the backup named `file_name`. `passphrase` opens whichever of
/// the two is encrypted (the same passphrase, as a backup keeps the key it was taken with).
/// Off the window's thread: it copies the database and derives keys, and a kept key follows
/// to the keyring.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    file_name: String,
    passphrase: Option<String>,
) -> Result<(), CommandError> {
    off_the_window(app, move |state| {
        let lang = state.lang();
        let entry = listed(state)?
            .into_iter()
            .find(|e| self::file_name(e) == file_name)
            .ok_or_else(|| CommandError::invalid_argument("fileName", &file_name, lang))?;
        let passphrase = match passphrase.filter(|p| !p.is_empty()) {
            Some(p) => Some(Passphrase::new(p).map_err(|e| CommandError::from_core(&e, lang))?),
            None => None,
        };
        let current = passphrase.as_ref().filter(|_| state.is_encrypted());
        let of_backup = passphrase.as_ref().filter(|_| entry.encrypted);
        if (state.is_encrypted() || entry.encrypted) && passphrase.is_none() {
            return Err(CommandError::from_core(
                &shebao_core::Error::EmptyPassphrase,
                lang,
            ));
        }
        state.convert(
            |db| store::restore(db, &entry.path, current, of_backup).map(drop),
            current,
            of_backup,
        )?;
        tracing::info!("restored a backup");
        Ok(())
    })
    .await
}
