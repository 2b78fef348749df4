//! The Sources view's commands: every source with its freshness and last sync, adding an HTTP
//! provider (its token goes to the OS keyring, never the database), and "sync now" with
//! progress events and a cancel button.

use crate::background::task_failed;
use crate::error::CommandError;
use crate::state::AppState;
use serde::Deserialize;
use shebao_core::model::{Freshness, ProfileId};
use shebao_core::secrets::{self, Secret};
use shebao_core::sync::{
    self, AddHttpSource, CancelFlag, SourceStatus, SyncOptions, SyncProgress, SyncReport,
};
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

/// The event the window listens to for the sync's progress bar.
pub const PROGRESS_EVENT: &str = "sync-progress";

/// The running sync's cancel switch, if one is running.
#[derive(Default)]
pub struct RunningSync(Mutex<Option<CancelFlag>>);

#[tauri::command]
pub fn sources(state: State<'_, AppState>) -> Result<Vec<SourceStatus>, CommandError> {
    let today = chrono::Local::now().date_naive();
    state.with_store(|store| sync::source_statuses(store, today))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpSourceForm {
    profile_id: ProfileId,
    name: String,
    base_url: String,
    /// Typed by the user; kept in the OS keyring (the window names no environment variable:
    /// that is the command line's way).
    #[serde(default)]
    token: String,
    freshness: Freshness,
}

/// Adds or updates an HTTP provider. Where the keyring is unavailable, a typed token cannot be
/// kept: the error's remedy says to unlock or turn on the keychain. The token goes to the
/// keyring, which may be slow or hang: off the window's thread.
#[tauri::command]
pub async fn add_http_source<R: Runtime>(
    app: AppHandle<R>,
    form: HttpSourceForm,
) -> Result<SourceStatus, CommandError> {
    crate::background::off_the_window(app, move |state| add_http_source_now(state, form)).await
}

fn add_http_source_now(
    state: &AppState,
    form: HttpSourceForm,
) -> Result<SourceStatus, CommandError> {
    let keyring = state.secrets();
    let token = Some(form.token.trim())
        .filter(|v| !v.is_empty())
        .map(Secret::new);
    state.with_store(|store| {
        let profile = store.profile_with_id(form.profile_id)?;
        let added = sync::add_http_source(
            store,
            keyring,
            AddHttpSource {
                name: &form.name,
                profile: &profile,
                base_url: &form.base_url,
                freshness: form.freshness,
                token_env: None,
                token,
            },
            &secrets::process_env,
        )?;
        let today = chrono::Local::now().date_naive();
        let statuses = sync::source_statuses(store, today)?;
        Ok(statuses
            .into_iter()
            .find(|s| s.source.id == added.source.source.id)
            .expect("the source just added"))
    })
}

/// Syncs one provider now, reporting progress as events; [`sync_cancel`] stops it with
/// nothing written. The store stays busy while it runs (one writer at a time).
#[tauri::command]
pub async fn sync_now<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    force: bool,
) -> Result<SyncReport, CommandError> {
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let running = worker.state::<RunningSync>();
        let cancel = CancelFlag::new();
        *running.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(cancel.clone());
        let options = SyncOptions {
            force,
            ..SyncOptions::default()
        };
        let events = worker.clone();
        let mut progress = move |step: SyncProgress| {
            let _ = events.emit(PROGRESS_EVENT, step);
        };
        let result = state.with_store(|store| {
            sync::sync_source(
                store,
                &name,
                state.secrets(),
                &secrets::process_env,
                &options,
                &mut progress,
                &cancel,
            )
        });
        *running.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
        if let Ok(report) = &result {
            tracing::info!(added = report.added, updated = report.updated, "synced");
        }
        result
    })
    .await
    .map_err(|e| task_failed(&app, e))?
}

#[tauri::command]
pub fn sync_cancel(running: State<'_, RunningSync>) {
    if let Some(cancel) = running.0.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
        cancel.cancel();
    }
}
