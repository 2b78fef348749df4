//! The Export view's commands: make a statement or table into the export folder — of one
//! profile, or of every profile into a new folder there with its manifest — list what was
//! exported, and open a finished file or its folder.
//!
//! The window never names a path: files go to the export folder (a setting, chosen with the
//! native folder picker), and "open" takes the id of an export made in this session, whose
//! path only the shell knows.

use crate::background::task_failed;
use crate::error::{CommandError, ShellError};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use shebao_core::export::{export_all, export_to_file, BatchRequest, ExportRequest};
use shebao_core::file_names::{batch_folder_name, export_file_name};
use shebao_core::model::{ExportFormat, ExportRecord, InsuranceKind, ProfileId, YearMonth};
use shebao_core::store::SettingKey;
use shebao_core::Lang;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

/// The folder made under the user's Documents when none was chosen.
const DEFAULT_FOLDER_NAME: &str = "社保账本";

/// The event the window listens to for the batch's one progress bar.
pub const PROGRESS_EVENT: &str = "export-progress";

/// Where this session's exports were written, by export id; and the folder of its last batch.
#[derive(Default)]
pub struct ExportedFiles(Mutex<HashMap<i64, PathBuf>>, Mutex<Option<PathBuf>>);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportForm {
    profile_id: ProfileId,
    format: ExportFormat,
    /// `YYYY-MM` or empty for "from the first record".
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// Empty means every kind.
    #[serde(default)]
    kinds: Vec<InsuranceKind>,
    lang: Lang,
    #[serde(default)]
    show_id: bool,
    /// PDF: the pension estimate as an appendix.
    #[serde(default)]
    with_estimate: bool,
}

/// The form of "every profile": the same choices without the profile.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchForm {
    format: ExportFormat,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    kinds: Vec<InsuranceKind>,
    lang: Lang,
    #[serde(default)]
    show_id: bool,
    /// PDF: each statement with its person's pension estimate.
    #[serde(default)]
    with_estimate: bool,
}

#[derive(Debug, Clone, Serialize)]
struct Progress {
    done: usize,
    total: usize,
}

#[derive(Debug, Serialize)]
pub struct BatchDone {
    /// The new folder, shown as text; "open folder" goes through [`open_batch_folder`].
    folder: String,
    /// How many files (one per profile) besides the manifest.
    files: usize,
}

/// `YYYY-MM` or empty (an open end); anything else names the field.
fn month(field: &str, text: &str, lang: Lang) -> Result<Option<YearMonth>, CommandError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| CommandError::invalid_argument(field, text, lang))
}

/// Every profile, one file each, into a new folder inside the export folder (named for the
/// moment, so no batch meets another), with `manifest.csv`; one progress event per file.
#[tauri::command]
pub async fn export_every_profile<R: Runtime>(
    app: AppHandle<R>,
    form: BatchForm,
) -> Result<BatchDone, CommandError> {
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let lang = state.lang();
        let request = BatchRequest {
            format: form.format,
            from: month("from", &form.from, lang)?,
            to: month("to", &form.to, lang)?,
            kinds: form.kinds,
            lang: form.lang,
            show_id: form.show_id,
            with_estimate: form.with_estimate,
        };
        let now = chrono::Local::now().fixed_offset();
        let folder = export_folder_path(&worker, &state)?.join(batch_folder_name(
            form.format,
            form.lang,
            now,
        ));
        let batch = state.with_store(|store| {
            export_all(store, &request, &folder, now, |done, total| {
                let _ = worker.emit(PROGRESS_EVENT, Progress { done, total });
            })
        })?;
        *worker
            .state::<ExportedFiles>()
            .1
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(batch.dir.clone());
        Ok(BatchDone {
            folder: batch.dir.display().to_string(),
            files: batch.files.len(),
        })
    })
    .await
    .map_err(|e| task_failed(&app, e))?
}

/// Opens the folder of this session's last batch with the system's file manager.
#[tauri::command]
pub fn open_batch_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    files: State<'_, ExportedFiles>,
) -> Result<(), CommandError> {
    let lang = state.lang();
    let folder = files
        .1
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| CommandError::invalid_argument("folder", "", lang))?;
    app.opener()
        .open_path(folder.display().to_string(), None::<&str>)
        .map_err(|e| {
            ShellError::OpenFailed {
                path: folder,
                detail: e.to_string(),
            }
            .in_lang(lang)
        })
}

#[derive(Debug, Serialize)]
pub struct ExportDone {
    export: ExportRecord,
    folder: String,
    records: usize,
}

/// Writes the export into the export folder under a name that says what it is and when.
#[tauri::command]
pub async fn export_file<R: Runtime>(
    app: AppHandle<R>,
    form: ExportForm,
) -> Result<ExportDone, CommandError> {
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let lang = state.lang();
        let request = ExportRequest {
            format: form.format,
            profile: form.profile_id,
            from: month("from", &form.from, lang)?,
            to: month("to", &form.to, lang)?,
            kinds: form.kinds,
            lang: form.lang,
            show_id: form.show_id,
            with_estimate: form.with_estimate,
        };
        let folder = export_folder_path(&worker, &state)?;
        std::fs::create_dir_all(&folder).map_err(|e| {
            ShellError::ExportFolderUnwritable {
                path: folder.clone(),
                detail: e.to_string(),
            }
            .in_lang(lang)
        })?;
        let now = chrono::Local::now().fixed_offset();
        let exported = state.with_store(|store| {
            let profile = store.profile_with_id(form.profile_id)?;
            let path = folder.join(export_file_name(&profile.name, form.format, form.lang, now));
            let exported = export_to_file(store, &request, &path, now)?;
            Ok((exported, path))
        })?;
        let (exported, path) = exported;
        worker
            .state::<ExportedFiles>()
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(exported.record.id, path);
        Ok(ExportDone {
            export: exported.record,
            folder: folder.display().to_string(),
            records: exported.records,
        })
    })
    .await
    .map_err(|e| task_failed(&app, e))?
}

/// The profile's earlier exports, newest first.
#[tauri::command]
pub fn exports(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<Vec<ExportRecord>, CommandError> {
    let mut list = state.with_store(|store| store.exports_of_profile(profile_id))?;
    list.sort_by_key(|record| std::cmp::Reverse(record.created_at));
    Ok(list)
}

/// The folder exports go to.
#[tauri::command]
pub fn export_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<String, CommandError> {
    Ok(export_folder_path(&app, &state)?.display().to_string())
}

/// Lets the user pick another export folder with the system's dialog; `None` if cancelled.
#[tauri::command]
pub async fn choose_export_folder<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<String>, CommandError> {
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let current = export_folder_path(&worker, &state)?;
        let Some(picked) = worker
            .dialog()
            .file()
            .set_directory(&current)
            .blocking_pick_folder()
        else {
            return Ok(None);
        };
        let picked = picked
            .into_path()
            .map_err(|_| ShellError::ExportFolderNotLocal.in_lang(state.lang()))?;
        let shown = picked.display().to_string();
        state.with_store(|store| store.set_setting(SettingKey::ExportDir, &shown))?;
        Ok(Some(shown))
    })
    .await
    .map_err(|e| task_failed(&app, e))?
}

/// Opens an export made in this session with the system's viewer, or shows it in its folder.
#[tauri::command]
pub fn open_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    files: State<'_, ExportedFiles>,
    export_id: i64,
    reveal: bool,
) -> Result<(), CommandError> {
    let lang = state.lang();
    let path = files
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&export_id)
        .cloned()
        .ok_or_else(|| CommandError::invalid_argument("exportId", &export_id.to_string(), lang))?;
    let opened = if reveal {
        app.opener().reveal_item_in_dir(&path)
    } else {
        app.opener()
            .open_path(path.display().to_string(), None::<&str>)
    };
    opened.map_err(|e| {
        ShellError::OpenFailed {
            path,
            detail: e.to_string(),
        }
        .in_lang(lang)
    })
}

pub(crate) fn export_folder_path<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
) -> Result<PathBuf, CommandError> {
    if let Some(chosen) = state.with_store(|store| store.setting(SettingKey::ExportDir))? {
        return Ok(PathBuf::from(chosen));
    }
    let base = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|_| ShellError::NoDocumentsFolder.in_lang(state.lang()))?;
    Ok(base.join(DEFAULT_FOLDER_NAME))
}
