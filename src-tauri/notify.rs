//! Desktop notifications for warnings the user has not seen yet. Which alerts qualify, and
//! remembering that they were announced, is the core's job; this only shows them.

use crate::state::AppState;
use shebao_core::analysis::alerts::notify::take_new_warnings;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::{Notification, NotificationExt};

pub fn announce_new_warnings<R: Runtime>(app: &AppHandle<R>) {
    // Not under the test runtime, which has no notification plugin.
    if app.try_state::<Notification<R>>().is_none() {
        return;
    }
    let state = app.state::<AppState>();
    // A locked database is read after unlocking (see lock.rs), not before.
    if state.is_locked() || !crate::commands::notifications_on(&state) {
        return;
    }
    let lang = state.lang();
    let today = chrono::Local::now().date_naive();
    let fresh = match state.with_store(|store| take_new_warnings(store, today)) {
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
