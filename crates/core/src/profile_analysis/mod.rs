//! The analysis of stored profiles (one, or all of them for the dashboard's [`overview`]):
//! reads what the pure [`crate::analysis`] needs from the store (records, balances, sources,
//! vault documents) and the rule tables in use beside the database, and writes back what the
//! user did with the result (acknowledged alerts, warnings already notified). The CLI and the
//! shell call these; tests of the rules call `analysis`.

pub mod alerts;
pub mod notify;
mod overview;
mod standing;
mod summary;

pub use alerts::{acknowledge, alert_counts, profile_alerts, AlertCount, Selector};
pub use notify::WarningScan;
pub use overview::{overview, overview_on, Overview, ProfileOverview};
pub use standing::profile_standing;
pub use summary::profile_summary;
