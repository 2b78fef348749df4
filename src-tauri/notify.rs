//! Desktop notifications for warnings the user has not seen yet. Which alerts qualify, and
//! remembering that they were announced, is the core's job; this only shows them.

use crate::error::CommandError;
use crate::state::AppState;
use shebao_core::analysis::alerts::Alert;
use shebao_core::model::Profile;
use shebao_core::profile_analysis::WarningScan;
use shebao_core::store::SettingKey;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::{Notification, NotificationExt};

pub fn announce_new_warnings<R: Runtime>(app: &AppHandle<R>) {
    // Not under the test runtime, which has no notification plugin.
    if app.try_state::<Notification<R>>().is_none() {
        return;
    }
    let state = app.state::<AppState>();
    // A locked database is read after unlocking (see lock.rs), not before.
    if state.is_locked() || !notifications_on(&state) {
        return;
    }
    let lang = state.lang();
    let today = chrono::Local::now().date_naive();
    let fresh = match new_warnings(&state, today) {
        Ok(fresh) => fresh,
        Err(e) => {
            tracing::warn!(code = e.code.as_str(), "new warnings could not be read");
            return;
        }
    };
    for (profile, alerts) in fresh {
        let first = alerts[0].code.label(lang);
        let body = match lang {
            shebao_core::Lang::Zh => format!(
                "{}：{} 条新提醒，包括“{first}”。打开社保账本查看该怎么做。",
                profile.name,
                alerts.len()
            ),
            shebao_core::Lang::En => format!(
                "{}: {} new warning(s), including “{first}”. Open Shebao Ledger to see what to do.",
                profile.name,
                alerts.len()
            ),
        };
        let shown = app
            .notification()
            .builder()
            .title(lang.pick("社保账本提醒", "Shebao Ledger warning"))
            .body(body)
            .show();
        if let Err(e) = shown {
            // No notification service (a bare X session, say): the dashboard still lists them.
            tracing::warn!("desktop notification not shown: {e}");
        }
    }
}

/// The new warnings per profile, taking the store one profile at a time: this runs beside the
/// window's first view, which would otherwise wait for every profile's alerts (seconds for a
/// thousand profiles) before it could read the overview.
fn new_warnings(
    state: &AppState,
    today: chrono::NaiveDate,
) -> Result<Vec<(Profile, Vec<Alert>)>, CommandError> {
    let profiles = state.with_store(|store| store.profiles())?;
    let mut scan = state.with_store(|store| WarningScan::start(store))?;
    let mut fresh = Vec::new();
    for profile in profiles {
        let new = state.with_store(|store| scan.new_for(store, &profile, today))?;
        if !new.is_empty() {
            fresh.push((profile, new));
        }
    }
    state.with_store(|store| scan.finish(store))?;
    Ok(fresh)
}

/// Whether desktop notifications of new warnings are on (the default) in the open database.
pub fn notifications_on(state: &AppState) -> bool {
    let saved = state
        .with_store(|store| store.setting(SettingKey::Notifications))
        .ok()
        .flatten();
    saved.as_deref() != Some("off")
}
