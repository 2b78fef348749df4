//! Checking a file someone shows the user: was it exported from this database, unaltered, and
//! are the records it was made from unchanged? The window sends the picked file's bytes (as the
//! import does); the core answers and words the verdict, as `shebao verify` prints it.

use crate::error::CommandError;
use serde::Serialize;
use shebao_core::export::{verify, VerifyStatus};
use shebao_core::model::YearMonth;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime};

#[derive(Debug, Serialize)]
pub struct Verdict {
    pub passed: bool,
    pub status: VerifyStatus,
    /// The verdict in the user's language, from the core.
    pub text: String,
    pub changed_months: Vec<YearMonth>,
}

/// Verifies the bytes in the request's body. Hashing a large file and recomputing the
/// records' digest run off the window's thread.
#[tauri::command]
pub async fn verify_file<R: Runtime>(
    app: AppHandle<R>,
    request: Request<'_>,
) -> Result<Verdict, CommandError> {
    let bytes = match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        InvokeBody::Json(_) => {
            let lang = tauri::Manager::state::<crate::state::AppState>(&app).lang();
            return Err(CommandError::invalid_argument("body", "json", lang));
        }
    };
    crate::background::off_the_window(app, move |state| {
        let lang = state.lang();
        let result = state.with_store(|store| verify(store, &bytes))?;
        Ok(Verdict {
            passed: result.passed(),
            status: result.status,
            text: result.describe(lang),
            changed_months: result.changed_months,
        })
    })
    .await
}
