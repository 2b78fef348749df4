//! The Charts view's command: one chart of a profile drawn by the core as SVG (in the
//! window's own fonts), with its data series and plot geometry for the hover read-out.

use crate::error::{CommandError, ShellError};
use crate::state::AppState;
use shebao_core::charts::{self, ChartKind, ChartOptions, ProfileRecords, Theme};
use shebao_core::model::ProfileId;
use tauri::State;

#[tauri::command]
pub fn chart(
    state: State<'_, AppState>,
    profile_id: ProfileId,
    kind: String,
    theme: String,
    width: u32,
    height: u32,
) -> Result<serde_json::Value, CommandError> {
    let lang = state.lang();
    let kind: ChartKind = kind
        .parse()
        .map_err(|_| CommandError::invalid_argument("kind", &kind, lang))?;
    let theme: Theme = theme
        .parse()
        .map_err(|_| CommandError::invalid_argument("theme", &theme, lang))?;
    let options = ChartOptions {
        lang,
        theme,
        width,
        height,
        // The view has its own heading.
        title: false,
        kinds: Vec::new(),
    };
    let today = chrono::Local::now().date_naive();
    let chart = state.with_store(|store| {
        options.validate()?;
        let profile = store.profile_with_id(profile_id)?;
        let records = ProfileRecords::load(store, &profile)?;
        charts::draw(kind, &records.input(today), &options)
    })?;
    serde_json::to_value(chart.view()).map_err(|e| {
        ShellError::ChartUnsendable {
            detail: e.to_string(),
        }
        .in_lang(lang)
    })
}
