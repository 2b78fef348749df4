//! The commands the window may call (each granted by name in capabilities/default.json).
//! Each is a thin wrapper: parse arguments, call the core, return its serialisable result.

use crate::error::CommandError;
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use shebao_core::analysis::alerts::Alert;
use shebao_core::analysis::standing::given::GivenInputs;
use shebao_core::analysis::{Scenario, Standing};
use shebao_core::demo::{self, DemoReport};
use shebao_core::model::{
    EmploymentCategory, InsuranceKind, NewProfile, Profile, ProfileId, Sex, YearMonth,
};
use shebao_core::profile_analysis::{self, Overview, Selector};
use shebao_core::store::{backup_dir, Revision, SettingKey, StoredContribution};
use shebao_core::Lang;
use shebao_core::Remedy;
use tauri::{AppHandle, Manager, Runtime, State};

#[derive(Debug, Serialize)]
pub struct AppInfo {
    version: &'static str,
    db_path: Option<String>,
    /// Where automatic and manual backups go (beside the database).
    backups_dir: Option<String>,
    /// Where the app writes its logs (no personal data in them).
    log_dir: Option<String>,
    language: Lang,
    /// `system`, `light` or `dark`.
    theme: String,
    /// Why the database could not be opened; the window shows this instead of the dashboard.
    open_error: Option<CommandError>,
    /// The database is encrypted and waiting for its passphrase: the window shows the lock screen.
    locked: bool,
    encrypted: bool,
    /// Minutes without input before the window locks (0: never); `None` when not encrypted.
    idle_lock_minutes: Option<u32>,
    /// The database key is remembered on this computer (the OS keyring), so the app opens
    /// without the passphrase.
    remembered: bool,
    /// Desktop notifications for new warnings.
    notifications: bool,
    /// The rule tables in use: bundled or updated, their version, and why a download was set
    /// aside if one was.
    rules: RulesInfo,
    /// The insurance kind codes in the core's order: the window lists kinds from this, never
    /// from a copy of its own (ui/kinds.js).
    kinds: &'static [InsuranceKind],
}

#[derive(Debug, Serialize)]
pub struct RulesInfo {
    version: String,
    #[serde(flatten)]
    origin: shebao_core::rules::Origin,
    set_aside: Option<String>,
}

fn rules_info(state: &AppState) -> RulesInfo {
    use shebao_core::rules::{ActiveRules, TrustedKeys};
    let active = match state.db_path() {
        Some(db) => ActiveRules::load(db, &TrustedKeys::project()),
        None => ActiveRules::bundled(),
    };
    RulesInfo {
        version: active.version().to_string(),
        set_aside: active.set_aside.as_ref().map(|s| s.message(state.lang())),
        origin: active.origin.clone(),
    }
}

#[tauri::command]
pub fn app_info<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> AppInfo {
    let shown = |p: &std::path::Path| p.display().to_string();
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path().map(|p| shown(p)),
        backups_dir: state.db_path().map(|db| shown(&backup_dir(db))),
        log_dir: app.path().app_log_dir().ok().map(|p| shown(&p)),
        language: state.lang(),
        theme: state
            .with_store(|store| store.setting(SettingKey::Theme))
            .ok()
            .flatten()
            .unwrap_or_else(|| "system".into()),
        open_error: state.open_error(),
        locked: state.is_locked(),
        encrypted: state.is_encrypted(),
        idle_lock_minutes: crate::lock::idle_lock_minutes(&state),
        remembered: state.is_remembered(),
        notifications: crate::notify::notifications_on(&state),
        rules: rules_info(&state),
        kinds: InsuranceKind::ALL,
    }
}

/// Turns desktop notifications of new warnings on or off (the dashboard lists them either way).
#[tauri::command]
pub fn set_notifications(state: State<'_, AppState>, enabled: bool) -> Result<bool, CommandError> {
    let value = if enabled { "on" } else { "off" };
    state.with_store(|store| store.set_setting(SettingKey::Notifications, value))?;
    Ok(enabled)
}

/// Switches the language of messages and remembers it in the database.
#[tauri::command]
pub fn set_language<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: String,
) -> Result<Lang, CommandError> {
    let parsed: Lang = lang
        .parse()
        .map_err(|_| CommandError::invalid_argument("lang", &lang, state.lang()))?;
    state.set_lang(parsed);
    crate::menu::relabel(&app, parsed);
    // A refused or locked database still lets the user read its screen in their language.
    if state.open_error().is_none() && !state.is_locked() {
        state.with_store(|store| store.set_setting(SettingKey::Language, parsed.as_str()))?;
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
    state.with_store(|store| store.set_setting(SettingKey::Theme, &theme))?;
    Ok(theme)
}

#[tauri::command]
pub fn overview(state: State<'_, AppState>) -> Result<Overview, CommandError> {
    state.with_store(|store| profile_analysis::overview(store))
}

/// Each profile's open alerts, for the table of many profiles: every profile's standing, so
/// seconds for a thousand — off the window's thread, asked for after the overview is shown.
#[tauri::command]
pub async fn alert_counts<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<profile_analysis::AlertCount>, CommandError> {
    crate::background::off_the_window(app, |state| {
        state.with_store(|store| profile_analysis::alert_counts(store, today()))
    })
    .await
}

#[tauri::command]
pub fn load_demo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<DemoReport, CommandError> {
    let report = state.with_store(|store| demo::load_demo(store, YearMonth::current()))?;
    crate::notify::announce_new_warnings(&app);
    Ok(report)
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
    /// Retirement age before the 2025 reform (50 or 55 for women, 60 for men); empty = default.
    #[serde(default)]
    original_age: String,
    /// Day of the month a flexible-employment payment is due; empty = the region's rule.
    #[serde(default)]
    deadline_day: String,
    /// When editing: an empty ID-number field keeps the stored number unless this is set.
    #[serde(default)]
    clear_id_number: bool,
}

impl ProfileForm {
    /// Empty fields mean "not given"; malformed ones are named in the error.
    fn into_new_profile(self, lang: Lang) -> Result<NewProfile, CommandError> {
        let given = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let invalid = |field: &str, value: &str| CommandError::invalid_argument(field, value, lang);
        Ok(NewProfile {
            id_number: given(&self.id_number),
            sex: given(&self.sex)
                .map(|s| s.parse::<Sex>().map_err(|_| invalid("sex", &s)))
                .transpose()?,
            birth: given(&self.born)
                .map(|s| s.parse::<YearMonth>().map_err(|_| invalid("born", &s)))
                .transpose()?,
            region: given(&self.region),
            employment: given(&self.employment)
                .map(|s| {
                    s.parse::<EmploymentCategory>()
                        .map_err(|_| invalid("employment", &s))
                })
                .transpose()?,
            original_age: given(&self.original_age)
                .map(|s| s.parse::<u32>().map_err(|_| invalid("original_age", &s)))
                .transpose()?,
            payment_deadline_day: given(&self.deadline_day)
                .map(|s| s.parse::<u32>().map_err(|_| invalid("deadline_day", &s)))
                .transpose()?,
            name: self.name,
        })
    }
}

#[tauri::command]
pub fn add_profile(state: State<'_, AppState>, form: ProfileForm) -> Result<Profile, CommandError> {
    let new = form.into_new_profile(state.lang())?;
    state.with_store(|store| store.add_profile(&new.validate()?))
}

#[tauri::command]
pub fn update_profile(
    state: State<'_, AppState>,
    profile_id: ProfileId,
    form: ProfileForm,
) -> Result<Profile, CommandError> {
    let clear_id_number = form.clear_id_number;
    let mut new = form.into_new_profile(state.lang())?;
    state.with_store(|store| {
        let current = store.profile(profile_id)?;
        if new.id_number.is_none() && !clear_id_number {
            let id_number = current.as_ref().and_then(|p| p.id_number.as_ref());
            new.id_number = id_number.map(|id| id.as_str().to_string());
        }
        store.update_profile(profile_id, &new.validate()?)
    })
}

/// What the window needs to offer "undo".
#[derive(Debug, Serialize)]
pub struct Deleted {
    token: u64,
    name: String,
    records: usize,
}

/// Deletes a profile and everything recorded for it; undoable until the app closes or locks.
#[tauri::command]
pub fn delete_profile(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<Deleted, CommandError> {
    let lang = state.lang();
    state.with_trash(|store, trash| {
        let snapshot = store
            .delete_profile(profile_id)
            .map_err(|e| CommandError::from_core(&e, lang))?;
        let (name, records) = (snapshot.name.clone(), snapshot.contribution_count());
        Ok(Deleted {
            token: trash.keep(snapshot),
            name,
            records,
        })
    })
}

#[tauri::command]
pub fn undo_delete(state: State<'_, AppState>, token: u64) -> Result<Profile, CommandError> {
    let lang = state.lang();
    state.with_trash(|store, trash| {
        let snapshot = trash
            .take(token)
            .ok_or_else(|| CommandError::invalid_argument("token", &token.to_string(), lang))?;
        store.restore_profile(&snapshot).map_err(|e| {
            // A failed restore (say, the name was taken meanwhile) keeps the way back open.
            trash.keep_as(token, snapshot);
            CommandError::from_core(&e, lang)
        })
    })
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

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Where a profile stands today: years per kind against the minimum, retirement, the account
/// check and the pension estimate, each with the rule it used.
#[tauri::command]
pub fn standing(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<StandingView, CommandError> {
    standing_view(&state, profile_id)
}

/// The standing with its words in the current language, as `standing` and the estimate panel's
/// save return it.
pub fn standing_view(
    state: &AppState,
    profile_id: ProfileId,
) -> Result<StandingView, CommandError> {
    let lang = state.lang();
    let (standing, given) = state.with_store(|store| {
        let profile = store.profile_with_id(profile_id)?;
        let standing =
            profile_analysis::profile_standing(store, &profile, today(), Scenario::default())?;
        Ok((standing, store.given_inputs(profile_id)?))
    })?;
    let estimate = &standing.estimate;
    let missing = estimate.missing.iter().map(|m| m.label(lang)).collect();
    let notes = estimate.notes.iter().map(|n| n.label(lang)).collect();
    // The ways out, once each: the window names its own panel for them (ui/i18n, remedy.*).
    let mut remedies: Vec<Remedy> = Vec::new();
    let found = estimate
        .missing
        .iter()
        .filter_map(|m| m.remedy())
        .chain(estimate.notes.iter().filter_map(|n| n.remedy()));
    for remedy in found {
        if !remedies.contains(&remedy) {
            remedies.push(remedy);
        }
    }
    Ok(StandingView {
        standing,
        missing,
        notes,
        remedies,
        given,
    })
}

/// The standing, with what the estimate lacks and assumes written out in the current language,
/// the remedies as data, and the figures the person entered (with their dates).
#[derive(Debug, Serialize)]
pub struct StandingView {
    #[serde(flatten)]
    standing: Standing,
    missing: Vec<String>,
    notes: Vec<String>,
    remedies: Vec<Remedy>,
    given: GivenInputs,
}

/// An alert as the window shows it: the core's facts written out in the current language.
#[derive(Debug, Serialize)]
pub struct AlertView {
    code: &'static str,
    kind: Option<InsuranceKind>,
    severity: &'static str,
    months: Vec<YearMonth>,
    title: &'static str,
    explanation: String,
    action: String,
    rule: Option<String>,
    acknowledged: bool,
    fingerprint: String,
}

fn alert_view(alert: Alert, lang: Lang) -> AlertView {
    AlertView {
        code: alert.code.as_str(),
        kind: alert.kind,
        severity: alert.severity.as_str(),
        title: alert.code.label(lang),
        explanation: alert.explanation(lang),
        action: alert.action(lang),
        rule: alert.rule(lang),
        acknowledged: alert.acknowledged,
        fingerprint: alert.fingerprint,
        months: alert.months,
    }
}

#[tauri::command]
pub fn alerts(
    state: State<'_, AppState>,
    profile_id: ProfileId,
) -> Result<Vec<AlertView>, CommandError> {
    let lang = state.lang();
    let list = state.with_store(|store| {
        let profile = store.profile_with_id(profile_id)?;
        profile_analysis::profile_alerts(store, &profile, today())
    })?;
    Ok(list.into_iter().map(|a| alert_view(a, lang)).collect())
}

/// Acknowledges one alert; it stays acknowledged until its facts change.
#[tauri::command]
pub fn acknowledge_alert(
    state: State<'_, AppState>,
    profile_id: ProfileId,
    fingerprint: String,
) -> Result<Vec<AlertView>, CommandError> {
    let lang = state.lang();
    let acknowledged = state.with_store(|store| {
        let profile = store.profile_with_id(profile_id)?;
        profile_analysis::acknowledge(
            store,
            &profile,
            today(),
            &Selector::Fingerprint(fingerprint),
        )
    })?;
    Ok(acknowledged
        .into_iter()
        .map(|a| alert_view(a, lang))
        .collect())
}
