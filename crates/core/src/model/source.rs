//! Where records came from, and how fresh that place's data is.

use super::code_enum::code_enum;
use chrono::{DateTime, Utc};
use serde::Serialize;

code_enum! {
    pub enum SourceKind as "source kind" {
        /// An imported file (CSV, XLSX, JSON).
        File = "file",
        /// A provider synced over HTTP.
        Http = "http",
        /// Typed in by the user, or the demo.
        Manual = "manual",
    }
}

code_enum! {
    /// How far behind reality a source usually is: official channels lag a day to a week.
    pub enum Freshness as "freshness class" {
        Realtime = "realtime",
        Daily = "daily",
        Weekly = "weekly",
    }
}

pub type SourceId = i64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub id: SourceId,
    pub kind: SourceKind,
    pub name: String,
    /// A file path or a provider URL.
    pub location: Option<String>,
    pub freshness: Freshness,
    pub last_sync: Option<DateTime<Utc>>,
}
