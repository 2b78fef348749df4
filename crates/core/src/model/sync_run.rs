//! The record of one sync of an HTTP source: when, how it ended, and what it brought.

use super::code_enum::code_enum;
use super::{SourceId, YearMonth};
use chrono::{DateTime, Utc};
use serde::Serialize;

code_enum! {
    pub enum SyncOutcome as "sync outcome" {
        /// Everything fetched, checked and written in one transaction.
        Ok = "ok",
        /// Stopped by an error; nothing but this record was written.
        Failed = "failed",
        /// Stopped by the user; nothing but this record was written.
        Cancelled = "cancelled",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncRun {
    pub source: SourceId,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub outcome: SyncOutcome,
    /// The `since` month asked for; `None` for a full sync.
    pub since: Option<YearMonth>,
    /// Pages and items fetched (for a failed run: before it failed).
    pub pages: u32,
    pub items: usize,
    /// What was written; all 0 unless the outcome is `ok`.
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub balances: usize,
    /// The provider's `as_of`, as it sent it.
    pub provider_as_of: Option<String>,
    /// For a failed or cancelled run: the error's stable code and its English message.
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}
