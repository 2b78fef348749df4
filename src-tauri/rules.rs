//! Fetching a newer signed set of rule tables from the window (Settings → About). The core
//! checks the signature and every table's hash; nothing unsigned is ever used.

use crate::error::{CommandError, ShellError};
use serde::Serialize;
use shebao_core::rules::{self, TrustedKeys, UpdateOutcome};
use tauri::{AppHandle, Runtime};

#[derive(Debug, Serialize)]
pub struct RulesUpdate {
    /// `updated` or `up_to_date`, with the versions (as `shebao rules update --json`).
    #[serde(flatten)]
    outcome: UpdateOutcome,
}

/// Asks the project's address for a newer signed set and installs it beside the database.
/// The network and the checks run off the window's thread.
#[tauri::command]
pub async fn update_rules<R: Runtime>(app: AppHandle<R>) -> Result<RulesUpdate, CommandError> {
    crate::background::off_the_window(app, |state| {
        let db = state
            .db_path()
            .cloned()
            .ok_or_else(|| ShellError::NoDatabase.in_lang(state.lang()))?;
        let url = rules::update_url(None);
        let outcome = rules::update(&db, &url, &TrustedKeys::project(), chrono::Utc::now())
            .map_err(|e| CommandError::from_core(&e, state.lang()))?;
        Ok(RulesUpdate { outcome })
    })
    .await
}
