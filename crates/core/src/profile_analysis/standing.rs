//! Where a stored profile stands: its records and balances read from the store, with the rules in
//! use for its database, given to the pure [`crate::analysis::standing`].

use crate::analysis::standing::{standing, Scenario, Standing, StandingInput};
use crate::model::Profile;
use crate::rules::{ActiveRules, TrustedKeys};
use crate::{Result, Store};
use chrono::NaiveDate;

/// [`standing`](crate::analysis::standing::standing) for a stored profile, with the rules in use for its database (a verified
/// download beside it, else the bundled tables; see [`ActiveRules`]).
pub fn profile_standing(
    store: &Store,
    profile: &Profile,
    today: NaiveDate,
    scenario: Scenario,
) -> Result<Standing> {
    let records = store.contribution_records(profile.id)?;
    let balances = store.balances(profile.id)?;
    // What the person stored with the profile; the caller's own scenario values come first.
    let scenario = Scenario {
        given: store.given_inputs(profile.id)?,
        ..scenario
    };
    let rules = ActiveRules::load(store.path(), &TrustedKeys::project());
    standing(&StandingInput {
        rules: &rules,
        profile,
        records: &records,
        balances: &balances,
        today,
        scenario,
    })
}
