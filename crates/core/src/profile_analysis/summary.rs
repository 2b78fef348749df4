//! The summary of a stored profile, read from the store for the pure [`crate::analysis`].

use crate::analysis::{summarize_sets, MonthSets, Summary};
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
