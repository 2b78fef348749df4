//! Pure functions over stored records: what a person's history means.

pub mod alerts;
mod next_payment;
mod overview;
pub mod standing;
mod summary;

pub use alerts::{profile_alerts, Alert, AlertCode, Severity};
pub use next_payment::{next_payment, NextPayment};
pub use overview::{overview, overview_on, Overview, ProfileOverview};
pub use standing::{profile_standing, Scenario, Standing};
pub use summary::{gaps_between, summarize, summarize_sets, Gap, KindSummary, MonthSets, Summary};

use crate::model::Profile;
use crate::{Result, Store};

/// The summary of one profile's stored contributions (read as kinds, months and statuses only:
/// the dashboard summarises every profile).
pub fn profile_summary(store: &Store, profile: &Profile) -> Result<Summary> {
    let months = store.contribution_months(profile.id)?;
    Ok(summarize_sets(&MonthSets::of_months(
        months.iter().map(|r| (r.kind, r.month, r.status)),
    )))
}
