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
pub use summary::{gaps_between, summarize, Gap, KindSummary, MonthSets, Summary};

use crate::model::Profile;
use crate::{Result, Store};

/// The summary of one profile's stored contributions.
pub fn profile_summary(store: &Store, profile: &Profile) -> Result<Summary> {
    let records = store.contributions(profile.id)?;
    Ok(summarize(records.iter().map(|stored| &stored.record)))
}
