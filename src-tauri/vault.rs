//! The document vault's commands: attach an official certificate or rights record the user
//! picked or dropped (its bytes, as for an import), list a profile's documents, open one with
//! the system's viewer, copy one out to the export folder, remove one.

use crate::error::{CommandError, ShellError};
use crate::export::export_folder_path;
use crate::state::AppState;
use shebao_core::model::{DocumentId, DocumentType, ProfileId, VaultDocument};
use shebao_core::vault::{self, CertificateMaxAge, ExportedDocument, ListedDocument, NewDocument};
use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;

/// Headers that describe the attached file (percent-encoded: headers are ASCII).
const NAME: &str = "x-file-name";
const PROFILE: &str = "x-profile-id";
const TYPE: &str = "x-document-type";
const DATE: &str = "x-document-date";
const NOTE: &str = "x-note";

fn header(request: &Request<'_>, name: &str) -> Option<String> {
    let value = request.headers().get(name)?.to_str().ok()?;
    let decoded = percent_encoding::percent_decode_str(value)
        .decode_utf8_lossy()
        .trim()
        .to_string();
    Some(decoded).filter(|v| !v.is_empty())
}

#[tauri::command]
pub fn vault_attach(
    request: Request<'_>,
    state: State<'_, AppState>,
) -> Result<VaultDocument, CommandError> {
    let lang = state.lang();
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::invalid_argument("body", "json", lang));
    };
    let missing = |name: &str| CommandError::invalid_argument(name, "", lang);
    let file_name = header(&request, NAME).ok_or_else(|| missing(NAME))?;
    let profile: ProfileId = header(&request, PROFILE)
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| missing(PROFILE))?;
    let doc_type: DocumentType = header(&request, TYPE)
        .ok_or_else(|| missing(TYPE))?
        .parse()
        .map_err(|_| CommandError::invalid_argument(TYPE, "", lang))?;
    let document_date = match header(&request, DATE) {
        Some(date) => Some(
            chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .map_err(|_| CommandError::invalid_argument("date", &date, lang))?,
        ),
        None => None,
    };
    let file = vault::document_from_bytes(bytes.clone(), &file_name)
        .map_err(|e| CommandError::from_core(&e, lang))?;
    let new = NewDocument {
        doc_type,
        document_date,
        note: header(&request, NOTE),
    };
    let today = chrono::Local::now().date_naive();
    state.with_store(|store| vault::attach(store, profile, &file, &new, today))
}

#[tauri::command]
pub fn vault_list(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<Vec<ListedDocument>, CommandError> {
    state.with_store(|store| vault::list(store, profile_id))
}

/// Opens a document with the system's viewer, after checking its file is the one attached.
#[tauri::command]
pub fn vault_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: DocumentId,
) -> Result<(), CommandError> {
    let path = state.with_store(|store| vault::open(store, id))?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            ShellError::OpenFailed {
                path: path.clone(),
                detail: e.to_string(),
            }
            .in_lang(state.lang())
        })
}

/// Copies a document into the export folder (hash checked on the way) and shows it there.
#[tauri::command]
pub fn vault_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: DocumentId,
    reveal: bool,
) -> Result<ExportedDocument, CommandError> {
    let folder = export_folder_path(&app, &state)?;
    std::fs::create_dir_all(&folder).map_err(|e| {
        ShellError::ExportFolderUnwritable {
            path: folder.clone(),
            detail: e.to_string(),
        }
        .in_lang(state.lang())
    })?;
    let exported = state.with_store(|store| vault::export_to_folder(store, id, &folder))?;
    if reveal {
        // Best effort: the copy is made either way, and its path is in the answer.
        let _ = app.opener().reveal_item_in_dir(&exported.path);
    }
    Ok(exported)
}

#[tauri::command]
pub fn vault_remove(state: State<'_, AppState>, id: DocumentId) -> Result<(), CommandError> {
    state.with_store(|store| vault::remove(store, id).map(drop))
}

/// After how many days the profile's newest certificate counts as out of date.
#[tauri::command]
pub fn certificate_max_age(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<CertificateMaxAge, CommandError> {
    state.with_store(|store| vault::certificate_max_age(store, profile_id))
}

/// Sets that limit for the profile (1 to 3650 days).
#[tauri::command]
pub fn set_certificate_max_age(
    state: State<'_, AppState>,
    profile_id: ProfileId,
    days: u32,
) -> Result<CertificateMaxAge, CommandError> {
    state.with_store(|store| {
        store.set_certificate_max_age(Some(profile_id), Some(days))?;
        vault::certificate_max_age(store, profile_id)
    })
}
