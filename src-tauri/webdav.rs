//! Settings → WebDAV: the server (its password goes to the OS keyring, never the database),
//! "back up now" sealed with a backup passphrase, the backups on the server, and restoring
//! one. The work is the core's (`shebao_core::webdav`); this runs it off the window's thread
//! and, for a restore, closes and reopens the store around it.

use crate::background::off_the_window;
use crate::error::CommandError;
use crate::lock::{confirmed, passphrase};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use shebao_core::secrets::process_env;
use shebao_core::secrets::Secret;
use shebao_core::webdav::{
    self, DavTimeouts, RemoteBackup, SetWebDav, WebDavBackupReport, WebDavConfig,
    WebDavRestoreReport,
};
use tauri::{AppHandle, Runtime};

/// The server as the window shows it: never the password, only whether one is kept.
#[derive(Debug, Serialize)]
pub struct WebDavSettings {
    #[serde(flatten)]
    config: WebDavConfig,
    password_saved: bool,
}

/// The server, and whether its password is kept: a keyring round trip, so off the window's
/// thread.
#[tauri::command]
pub async fn webdav_settings<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<WebDavSettings>, CommandError> {
    off_the_window(app, |state| {
        let config = state.with_store(|store| webdav::config(store))?;
        Ok(config.map(|config| WebDavSettings {
            password_saved: webdav::password_for(&config, state.secrets(), &process_env).is_ok(),
            config,
        }))
    })
    .await
}

#[derive(Debug, Deserialize)]
pub struct WebDavForm {
    url: String,
    user: String,
    /// Typed by the user; empty keeps the password saved before.
    #[serde(default)]
    password: String,
    keep: Option<u32>,
}

/// Sets up or changes the server. The password is kept in the OS keyring; left empty, the one
/// saved before is kept.
#[tauri::command]
pub async fn set_webdav<R: Runtime>(
    app: AppHandle<R>,
    form: WebDavForm,
) -> Result<WebDavSettings, CommandError> {
    // The keyring is read and written: off the window's thread.
    off_the_window(app, move |state| {
        let secrets = state.secrets();
        state.with_store(|store| {
            // Left empty, core keeps the saved password, for the same server only.
            let password = Some(Secret::new(form.password)).filter(|typed| !typed.is_empty());
            let set = webdav::set(
                store,
                secrets,
                SetWebDav {
                    url: &form.url,
                    user: &form.user,
                    password_env: None,
                    password,
                    keep: form.keep,
                },
                &process_env,
            )?;
            tracing::info!("WebDAV server set");
            Ok(WebDavSettings {
                config: set.config,
                password_saved: true,
            })
        })
    })
    .await
}

/// Uploads a backup sealed with `passphrase` (typed twice), then removes the oldest beyond the
/// number to keep. The store stays busy while it runs (it is read through a snapshot).
#[tauri::command]
pub async fn webdav_backup<R: Runtime>(
    app: AppHandle<R>,
    passphrase: String,
    confirm: String,
) -> Result<WebDavBackupReport, CommandError> {
    off_the_window(app, move |state| {
        let passphrase = confirmed(passphrase, confirm, state)?;
        let report = state.with_store(|store| {
            let (config, client) = client(store, state)?;
            webdav::backup(store, &client, config.keep, &passphrase)
        })?;
        tracing::info!(size = report.size, "backed up to WebDAV");
        Ok(report)
    })
    .await
}

/// The backups on the server, newest first.
#[tauri::command]
pub async fn webdav_backups<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<RemoteBackup>, CommandError> {
    off_the_window(app, |state| {
        let client = state.with_store(|store| client(store, state).map(|(_, client)| client))?;
        webdav::list(&client).map_err(|e| CommandError::from_core(&e, state.lang()))
    })
    .await
}

/// Downloads the backup `name`, opens it with the backup passphrase, and restores it: the
/// current database is kept as a local backup first. `database_passphrase` opens the current
/// database and the one in the backup, where either is encrypted.
#[tauri::command]
pub async fn webdav_restore<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    backup_passphrase: String,
    database_passphrase: Option<String>,
) -> Result<WebDavRestoreReport, CommandError> {
    off_the_window(app, move |state| {
        let lang = state.lang();
        let core = |e: shebao_core::Error| CommandError::from_core(&e, lang);
        let backup_passphrase = passphrase(backup_passphrase, state)?;
        let database_passphrase = database_passphrase
            .filter(|p| !p.is_empty())
            .map(|p| passphrase(p, state))
            .transpose()?;
        let client = state.with_store(|store| client(store, state).map(|(_, client)| client))?;
        let bytes = webdav::download(&client, &name).map_err(core)?;
        let contents = webdav::open_archive(&name, &bytes, &backup_passphrase).map_err(core)?;
        let needs_passphrase = state.is_encrypted() || contents.key_file.is_some();
        if needs_passphrase && database_passphrase.is_none() {
            return Err(core(shebao_core::Error::EmptyPassphrase));
        }
        let current = database_passphrase
            .as_ref()
            .filter(|_| state.is_encrypted());
        let inside = database_passphrase
            .as_ref()
            .filter(|_| contents.key_file.is_some());
        let mut report = None;
        state.convert(
            |db| {
                let restored = webdav::restore_contents(db, &name, &contents, current, inside)?;
                report = Some(restored);
                Ok(())
            },
            current,
            inside,
        )?;
        tracing::info!("restored a WebDAV backup");
        Ok(report.expect("set by a restore that succeeded"))
    })
    .await
}

fn client(
    store: &shebao_core::Store,
    state: &AppState,
) -> shebao_core::Result<(WebDavConfig, webdav::DavClient)> {
    webdav::client_for(store, state.secrets(), &process_env, DavTimeouts::default())
}
