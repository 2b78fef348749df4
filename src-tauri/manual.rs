//! "Record a payment": one month a flexible-employment person just paid, typed in by hand —
//! the core's manual entry, with the same checks as `shebao add`.

use crate::error::CommandError;
use crate::state::AppState;
use serde::Deserialize;
use shebao_core::ingest::manual::{self, ManualEntry, ManualReport};
use shebao_core::model::{ContributionStatus, InsuranceKind, Money, ProfileId, YearMonth};
use tauri::State;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentForm {
    profile_id: ProfileId,
    kind: InsuranceKind,
    /// `YYYY-MM` (the other spellings the CLI takes work too).
    month: String,
    /// Amounts as typed: "1,040.00", "¥1040".
    personal: String,
    #[serde(default)]
    base: String,
    #[serde(default)]
    employer: String,
    /// Empty: paid by the person themselves.
    #[serde(default)]
    payer: String,
    status: ContributionStatus,
}

#[tauri::command]
pub fn record_payment(
    state: State<'_, AppState>,
    form: PaymentForm,
) -> Result<ManualReport, CommandError> {
    let lang = state.lang();
    let bad = |field: &str, value: &str| CommandError::invalid_argument(field, value, lang);
    let money = |field: &str, text: &str| -> Result<Option<Money>, CommandError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| bad(field, text))
    };
    let month: YearMonth = form
        .month
        .trim()
        .parse()
        .map_err(|_| bad("month", &form.month))?;
    let personal = money("personal", &form.personal)?.ok_or_else(|| bad("personal", ""))?;
    let mut entry = ManualEntry::new(form.kind, month, personal);
    entry.base = money("base", &form.base)?;
    entry.employer = money("employer", &form.employer)?.unwrap_or(Money::ZERO);
    entry.status = form.status;
    if !form.payer.trim().is_empty() {
        entry.payer = manual::parse_payer(form.payer.trim());
    }
    let today = chrono::Local::now().date_naive();
    state.with_store(|store| {
        let profile = store.profile_with_id(form.profile_id)?;
        manual::add_manual(store, &profile, &entry, today)
    })
}
