//! The commands the window may call (each granted by name in capabilities/default.json).
//! Each is a thin wrapper: parse arguments, call the core, return its serialisable result.

use crate::error::CommandError;
use crate::state::{AppState, LANGUAGE_SETTING, THEME_SETTING};
use serde::{Deserialize, Serialize};
use shebao_core::analysis::{self, Overview};
use shebao_core::demo::{self, DemoReport};
use shebao_core::model::{EmploymentCategory, NewProfile, Profile, ProfileId, Sex, YearMonth};
use shebao_core::store::{Revision, StoredContribution};
use shebao_core::Lang;
use tauri::State;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    version: &'static str,
    db_path: Option<String>,
    language: Lang,
    /// `system`, `light` or `dark`.
    theme: String,
    /// Why the database could not be opened; the window shows this instead of the dashboard.
    open_error: Option<CommandError>,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path().map(|p| p.display().to_string()),
        language: state.lang(),
        theme: state
            .with_store(|store| store.setting(THEME_SETTING))
            .ok()
            .flatten()
            .unwrap_or_else(|| "system".into()),
        open_error: state.open_error(),
    }
}

/// Switches the language of messages and remembers it in the database.
#[tauri::command]
pub fn set_language(state: State<'_, AppState>, lang: String) -> Result<Lang, CommandError> {
    let parsed: Lang = lang
        .parse()
        .map_err(|_| CommandError::invalid_argument("lang", &lang, state.lang()))?;
    state.set_lang(parsed);
    // A refused database still lets the user read its error in their language.
    if state.open_error().is_none() {
        state.with_store(|store| store.set_setting(LANGUAGE_SETTING, parsed.as_str()))?;
    }
    Ok(parsed)
}

/// Follows the system's light/dark choice, or forces one; remembered in the database.
#[tauri::command]
pub fn set_theme(state: State<'_, AppState>, theme: String) -> Result<String, CommandError> {
    if !matches!(theme.as_str(), "system" | "light" | "dark") {
        return Err(CommandError::invalid_argument(
            "theme",
            &theme,
            state.lang(),
        ));
    }
    state.with_store(|store| store.set_setting(THEME_SETTING, &theme))?;
    Ok(theme)
}

#[tauri::command]
pub fn overview(state: State<'_, AppState>) -> Result<Overview, CommandError> {
    state.with_store(|store| analysis::overview(store))
}

#[tauri::command]
pub fn load_demo(state: State<'_, AppState>) -> Result<DemoReport, CommandError> {
    state.with_store(|store| demo::load_demo(store, YearMonth::current()))
}

/// The profile form as the UI sends it: every field a string, empty meaning "not given".
#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    name: String,
    #[serde(default)]
    id_number: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    born: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    employment: String,
}

#[tauri::command]
pub fn add_profile(state: State<'_, AppState>, form: ProfileForm) -> Result<Profile, CommandError> {
    let lang = state.lang();
    let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let invalid = |field: &str, value: &str| CommandError::invalid_argument(field, value, lang);
    let new = NewProfile {
        name: form.name,
        id_number: given(&form.id_number),
        sex: given(&form.sex)
            .map(|s| s.parse::<Sex>().map_err(|_| invalid("sex", &s)))
            .transpose()?,
        birth: given(&form.born)
            .map(|s| s.parse::<YearMonth>().map_err(|_| invalid("born", &s)))
            .transpose()?,
        region: given(&form.region),
        employment: given(&form.employment)
            .map(|s| {
                s.parse::<EmploymentCategory>()
                    .map_err(|_| invalid("employment", &s))
            })
            .transpose()?,
    };
    state.with_store(|store| store.add_profile(&new.validate()?))
}

/// Every stored month of a profile, for the history table.
#[tauri::command]
pub fn contributions(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<Vec<StoredContribution>, CommandError> {
    state.with_store(|store| {
        store
            .profile(profile_id)?
            .ok_or_else(|| shebao_core::Error::UnknownProfile {
                query: profile_id.to_string(),
            })?;
        store.contributions(profile_id)
    })
}

/// What changed in one record, from which source and when.
#[tauri::command]
pub fn revisions(
    state: State<'_, AppState>,
    contribution_id: i64,
) -> Result<Vec<Revision>, CommandError> {
    state.with_store(|store| store.revisions(contribution_id))
}
