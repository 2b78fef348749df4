//! `stale_data`: a source not brought up to date within its freshness class. Official channels
//! lag a day to a week, so each source says how fresh it can be, and the app allows:
//!
//! | freshness | stale after |
//! |---|---|
//! | `realtime` | 1 day |
//! | `daily` | 2 days |
//! | `weekly` | 8 days |
//!
//! (the app's own thresholds: a day of slack beyond each class). Days are counted from the UTC
//! date of the last sync to today. Only sources the profile's records or balances came from are
//! looked at. A provider synced over HTTP that is stale, or was never synced, is a warning; an
//! imported file or manual entry is information (a newer export should be imported), and one
//! never marked as synced says nothing.

use super::{Alert, AlertCode, Facts, Severity};
use crate::model::{Freshness, Source, SourceKind};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// Days after the last sync at which a source of this class is stale.
pub fn allowed_days(freshness: Freshness) -> i64 {
    match freshness {
        Freshness::Realtime => 1,
        Freshness::Daily => 2,
        Freshness::Weekly => 8,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaleFacts {
    pub source: i64,
    pub name: String,
    pub source_kind: SourceKind,
    pub freshness: Freshness,
    pub last_sync: Option<DateTime<Utc>>,
    /// Days since the last sync (not part of the fingerprint: it grows every day).
    #[serde(skip)]
    pub days: Option<i64>,
}

pub fn alerts(sources: &[Source], today: NaiveDate) -> Vec<Alert> {
    sources
        .iter()
        .filter_map(|s| {
            let days = s.last_sync.map(|t| (today - t.date_naive()).num_days());
            let stale = match days {
                Some(d) => d > allowed_days(s.freshness),
                None => s.kind == SourceKind::Http,
            };
            if !stale {
                return None;
            }
            let severity = match s.kind {
                SourceKind::Http => Severity::Warning,
                SourceKind::File | SourceKind::Manual => Severity::Info,
            };
            Some(Alert::new(
                AlertCode::StaleData,
                None,
                severity,
                Vec::new(),
                Facts::Stale(StaleFacts {
                    source: s.id,
                    name: s.name.clone(),
                    source_kind: s.kind,
                    freshness: s.freshness,
                    last_sync: s.last_sync,
                    days,
                }),
            ))
        })
        .collect()
}
