//! Pure functions over records: what a person's history means. Nothing here reads the store or
//! the clock: records, rules and today's date are passed in. Reading a stored profile and
//! writing back acknowledgements is [`crate::profile_analysis`].

pub mod alerts;
mod next_payment;
pub mod standing;
mod summary;

pub use alerts::{Alert, AlertCode, Severity};
pub use next_payment::{next_payment, NextPayment};
pub use standing::{Scenario, Standing};
pub use summary::{gaps_between, summarize, summarize_sets, Gap, KindSummary, MonthSets, Summary};
