//! The estimate panel's own figures: what the person enters beside the estimate (benefit base,
//! average index, future index, retirement month, 视同缴费年限 and 过渡系数), stored with the
//! profile by the core. The form sends every field as typed; an empty field clears it, an
//! unchanged one keeps its date.

use crate::commands::{standing_view, StandingView};
use crate::error::CommandError;
use crate::state::AppState;
use serde::Deserialize;
use shebao_core::analysis::standing::given::{
    Change, Entered, GivenChanges, MAX_COEFFICIENT_BP, MAX_DEEMED_MONTHS,
};
use shebao_core::analysis::standing::Index;
use shebao_core::model::{Money, ProfileId, YearMonth};
use shebao_core::rules::BasisPoints;
use tauri::State;

/// The panel's fields as typed.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateForm {
    profile_id: ProfileId,
    benefit_base: String,
    average_index: String,
    future_index: String,
    retirement_month: String,
    deemed_months: String,
    transitional_coefficient: String,
}

#[tauri::command]
pub fn set_estimate_inputs(
    state: State<'_, AppState>,
    form: EstimateForm,
) -> Result<StandingView, CommandError> {
    let lang = state.lang();
    let bad = |field: &str, value: &str| CommandError::invalid_argument(field, value, lang);
    let parsed = |field: &'static str, text: &str, parse: &dyn Fn(&str) -> Option<()>| {
        let text = text.trim();
        if text.is_empty() || parse(text).is_some() {
            Ok(())
        } else {
            Err(bad(field, text))
        }
    };
    let money = |t: &str| t.parse::<Money>().ok().filter(|m| *m > Money::ZERO);
    let index = |t: &str| t.parse::<Index>().ok();
    let month = |t: &str| t.parse::<YearMonth>().ok();
    // 视同缴费年限 in months, as the CLI takes it: 1 to 720.
    let deemed = |t: &str| {
        t.parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_DEEMED_MONTHS).contains(n))
    };
    let coefficient = |t: &str| BasisPoints::parse_percent(t, MAX_COEFFICIENT_BP / 100);
    parsed("benefit_base", &form.benefit_base, &|t| {
        money(t).map(|_| ())
    })?;
    parsed("average_index", &form.average_index, &|t| {
        index(t).map(|_| ())
    })?;
    parsed("future_index", &form.future_index, &|t| {
        index(t).map(|_| ())
    })?;
    parsed("retirement_month", &form.retirement_month, &|t| {
        month(t).map(|_| ())
    })?;
    parsed("deemed_months", &form.deemed_months, &|t| {
        deemed(t).map(|_| ())
    })?;
    parsed(
        "transitional_coefficient",
        &form.transitional_coefficient,
        &|t| coefficient(t).map(|_| ()),
    )?;
    let today = chrono::Local::now().date_naive();
    state.with_store(|store| {
        let profile = store.profile_with_id(form.profile_id)?;
        let current = store.given_inputs(profile.id)?;
        let changes = GivenChanges {
            benefit_base: change(current.benefit_base, money(form.benefit_base.trim())),
            average_index: change(current.average_index, index(form.average_index.trim())),
            future_index: change(current.future_index, index(form.future_index.trim())),
            retirement_month: change(
                current.retirement_month,
                month(form.retirement_month.trim()),
            ),
            deemed_months: change(current.deemed_months, deemed(form.deemed_months.trim())),
            transitional_coefficient: change(
                current.transitional_coefficient,
                coefficient(form.transitional_coefficient.trim()),
            ),
        };
        store.change_given_inputs(profile.id, &changes, today)?;
        Ok(())
    })?;
    standing_view(&state, form.profile_id)
}

/// The same value keeps its date; another is set; an empty field clears a stored one.
fn change<T: PartialEq + Copy>(current: Option<Entered<T>>, typed: Option<T>) -> Change<T> {
    match (current, typed) {
        (Some(c), Some(t)) if c.value == t => Change::Keep,
        (_, Some(t)) => Change::Set(t),
        (Some(_), None) => Change::Clear,
        (None, None) => Change::Keep,
    }
}
