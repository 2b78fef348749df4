//! The import wizard's commands: load a file (or a pasted table) once, preview it, map its
//! columns when the header is not recognised, then commit with progress — or cancel.
//!
//! The window reads the file the user picked or dropped and sends its bytes here; the shell
//! never opens paths on the window's behalf, so no file-system permission is granted.
//! The bytes stay in [`PendingImport`] between the steps so a large file crosses the IPC once.

use crate::background::task_failed;
use crate::error::{CommandError, ShellError};
use crate::state::AppState;
use serde::Serialize;
use shebao_core::ingest::people::{self, Decision, PeopleReport, PeopleSummary};
use shebao_core::ingest::{self, ColumnMapping, ImportPreview, ImportReport, PreviewSummary};
use shebao_core::ingest::{saved_mappings, TableSample};
use shebao_core::model::ProfileId;
use shebao_core::{Lang, Store};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

/// The event the window listens to for the progress bar.
pub const PROGRESS_EVENT: &str = "import-progress";
/// The header carrying the file's name (percent-encoded: headers are ASCII).
const FILE_NAME_HEADER: &str = "x-file-name";
/// Rows shown in the mapping step: enough to see the header and a few records.
const SAMPLE_ROWS: usize = 30;

/// The file being imported, between the wizard's steps.
#[derive(Default)]
pub struct PendingImport {
    file: Mutex<Option<LoadedFile>>,
    cancel: AtomicBool,
}

struct LoadedFile {
    name: String,
    bytes: Vec<u8>,
}

impl PendingImport {
    /// Drops the file (the lock does: the file is the user's records in plain text).
    pub fn forget(&self) {
        lock(&self.file).take();
    }
}

#[derive(Debug, Serialize)]
pub struct Loaded {
    file_name: String,
    bytes: usize,
}

#[derive(Debug, Clone, Copy, Serialize)]
struct Progress {
    done: usize,
    total: usize,
}

/// Keeps the bytes of the file the user picked, dropped or pasted.
#[tauri::command]
pub fn import_load(
    request: Request<'_>,
    state: State<'_, AppState>,
    pending: State<'_, PendingImport>,
) -> Result<Loaded, CommandError> {
    let lang = state.lang();
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::invalid_argument("body", "json", lang));
    };
    let name = request
        .headers()
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| CommandError::invalid_argument(FILE_NAME_HEADER, "", lang))?;
    // Refused here, before the bytes are kept, by the rule the CLI applies too.
    ingest::check_file_bytes(&name, bytes).map_err(|e| CommandError::from_core(&e, lang))?;
    let loaded = Loaded {
        file_name: name.clone(),
        bytes: bytes.len(),
    };
    let mut file = lock(&pending.file);
    // Checked with the file's lock held: a lock of the store from now on finds the file here
    // and drops it.
    state.check_open()?;
    *file = Some(LoadedFile {
        name,
        bytes: bytes.clone(),
    });
    Ok(loaded)
}

/// Parses the loaded file for a profile and compares it with the store; writes nothing.
/// With no `mapping`, the header is found by its words or a remembered mapping; when neither
/// works the error code is `import_no_header` and the window offers the mapping step.
///
/// Parsing a large workbook takes a while, and a damaged one up to the limits ingest/precheck.rs
/// sets: it runs off the window's thread.
#[tauri::command]
pub async fn import_preview<R: Runtime>(
    app: AppHandle<R>,
    profile_id: ProfileId,
    mapping: Option<ColumnMapping>,
) -> Result<PreviewSummary, CommandError> {
    let handle = app.clone();
    crate::background::off_the_window(app, move |state| {
        let lang = state.lang();
        let pending = handle.state::<PendingImport>();
        let file = lock(&pending.file);
        let file = file.as_ref().ok_or_else(nothing_loaded(lang))?;
        state.with_store(|store| {
            let preview = read(store, file, profile_id, mapping.as_ref())?;
            let planned = ingest::plan(store, &preview)?;
            Ok(preview.summary(planned, lang))
        })
    })
    .await
}

/// The first rows and columns of the loaded file, for the mapping step. Reading a workbook
/// runs the same pre-check and parse as the preview: off the window's thread.
#[tauri::command]
pub async fn import_columns<R: Runtime>(app: AppHandle<R>) -> Result<TableSample, CommandError> {
    let handle = app.clone();
    crate::background::off_the_window(app, move |state| {
        let lang = state.lang();
        // The rows are the user's records: none while the data is locked.
        state.check_open()?;
        let pending = handle.state::<PendingImport>();
        let file = lock(&pending.file);
        let file = file.as_ref().ok_or_else(nothing_loaded(lang))?;
        ingest::table_sample(&file.bytes, &file.name, SAMPLE_ROWS)
            .map_err(|e| CommandError::from_core(&e, lang))
    })
    .await
}

/// Writes the loaded file into the profile in one transaction, sending progress events;
/// [`import_cancel`] stops it with nothing written. `force` imports a statement that names
/// someone else; `save_mapping` remembers the columns for the next file from this source.
#[tauri::command]
pub async fn import_commit<R: Runtime>(
    app: AppHandle<R>,
    profile_id: ProfileId,
    mapping: Option<ColumnMapping>,
    force: bool,
    save_mapping: bool,
) -> Result<ImportReport, CommandError> {
    commit_loaded(app, move |store, file, _lang, progress| {
        let preview = read(store, file, profile_id, mapping.as_ref())?;
        let report = ingest::commit_reporting(store, &preview, None, force, progress)?;
        if save_mapping {
            saved_mappings::remember(store, &preview)?;
        }
        Ok(report)
    })
    .await
}

/// Takes the loaded file and runs `write` on it off the window thread, with what every commit
/// shares: the progress events (about a hundred for a large file, not one per record), the
/// cancel flag, and the file kept for another try when the write is refused or cancelled —
/// unless the data was locked meanwhile (checked with the file's lock held, see `lock`).
async fn commit_loaded<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    write: impl FnOnce(
            &mut Store,
            &LoadedFile,
            Lang,
            &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
        ) -> shebao_core::Result<T>
        + Send
        + 'static,
) -> Result<T, CommandError> {
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = worker.state::<AppState>();
        let pending = worker.state::<PendingImport>();
        let lang = state.lang();
        pending.cancel.store(false, Ordering::SeqCst);
        let file = lock(&pending.file)
            .take()
            .ok_or_else(nothing_loaded(lang))?;
        let mut last_sent = 0;
        let mut progress = |done: usize, total: usize| {
            if pending.cancel.load(Ordering::SeqCst) {
                return ControlFlow::Break(());
            }
            if done == total || done - last_sent >= total.div_ceil(100).max(1) {
                last_sent = done;
                let _ = worker.emit(PROGRESS_EVENT, Progress { done, total });
            }
            ControlFlow::Continue(())
        };
        let result = state.with_store(|store| write(store, &file, lang, &mut progress));
        if result.is_err() {
            let mut kept = lock(&pending.file);
            if state.check_open().is_ok() {
                *kept = Some(file);
            }
        }
        result
    })
    .await
    .map_err(|e| task_failed(&app, e))?
}

/// The loaded file read per person (a file with a 身份证号 / 姓名 column holding several
/// people), each matched with the profiles; writes nothing. A file without a person column is
/// the error `import_no_person_column`, and the window goes on with the one-person preview.
#[tauri::command]
pub async fn import_people_preview<R: Runtime>(
    app: AppHandle<R>,
) -> Result<PeopleSummary, CommandError> {
    let handle = app.clone();
    crate::background::off_the_window(app, move |state| {
        let lang = state.lang();
        let pending = handle.state::<PendingImport>();
        let file = lock(&pending.file);
        let file = file.as_ref().ok_or_else(nothing_loaded(lang))?;
        state.with_store(|store| Ok(people::preview(store, &file.bytes, &file.name)?.summary(lang)))
    })
    .await
}

/// Writes every person's records, creating the profiles the user ticked, in one transaction,
/// with the same progress events and cancel as [`import_commit`]. `decisions` has one entry
/// per person of the preview, in its order: `{"profile": id}`, `"create"` or `"skip"`.
#[tauri::command]
pub async fn import_people_commit<R: Runtime>(
    app: AppHandle<R>,
    decisions: Vec<Decision>,
) -> Result<PeopleReport, CommandError> {
    commit_loaded(app, move |store, file, lang, progress| {
        let preview = people::preview(store, &file.bytes, &file.name)?;
        people::commit(store, &preview, &decisions, None, lang, progress)
    })
    .await
}

/// Asks a running commit to stop; it rolls back and reports `cancelled`.
#[tauri::command]
pub fn import_cancel(pending: State<'_, PendingImport>) {
    pending.cancel.store(true, Ordering::SeqCst);
}

fn read(
    store: &Store,
    file: &LoadedFile,
    profile: ProfileId,
    mapping: Option<&ColumnMapping>,
) -> shebao_core::Result<ImportPreview> {
    let profile = store
        .profile(profile)?
        .ok_or_else(|| shebao_core::Error::UnknownProfile {
            query: profile.to_string(),
        })?;
    match mapping {
        Some(mapping) => ingest::preview_with_mapping(&file.bytes, &file.name, &profile, mapping),
        None => ingest::preview_with_saved_mappings(store, &file.bytes, &file.name, &profile),
    }
}

fn nothing_loaded(lang: Lang) -> impl FnOnce() -> CommandError {
    move || ShellError::ImportNothingLoaded.in_lang(lang)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
