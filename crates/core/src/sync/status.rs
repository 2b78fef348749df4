//! Every source as the user should see it: where it is, how fresh it can be, when it last
//! synced, whether that is now too long ago, and how its last run ended.

use crate::analysis::alerts::stale::allowed_days;
use crate::model::{Source, SourceKind, SyncRun};
use crate::{Result, Store};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    #[serde(flatten)]
    pub source: Source,
    /// For an HTTP source: whose records it serves and where its token is.
    pub http: Option<HttpDetails>,
    /// Not brought up to date within its freshness class (an HTTP source never synced is
    /// stale too), by the rule of the `stale_data` alert.
    pub stale: bool,
    /// Days since the last successful sync.
    pub days_since_sync: Option<i64>,
    /// The newest sync run, whatever its outcome.
    pub last_run: Option<SyncRun>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpDetails {
    pub profile: i64,
    pub profile_name: String,
    /// The token is kept in the OS keyring.
    pub token_in_keyring: bool,
    /// The environment variable read when the keyring has no token.
    pub token_env: Option<String>,
}

/// Every source, in the order they were added.
pub fn source_statuses(store: &Store, today: NaiveDate) -> Result<Vec<SourceStatus>> {
    let http = store.http_sources()?;
    store
        .sources()?
        .into_iter()
        .map(|source| {
            let details = match http.iter().find(|h| h.source.id == source.id) {
                Some(h) => Some(HttpDetails {
                    profile: h.profile,
                    profile_name: store
                        .profile(h.profile)?
                        .map(|p| p.name)
                        .unwrap_or_default(),
                    token_in_keyring: h.keyring_entry.is_some(),
                    token_env: h.token_env.clone(),
                }),
                None => None,
            };
            let days = source
                .last_sync
                .map(|t| (today - t.date_naive()).num_days());
            let stale = match days {
                Some(days) => days > allowed_days(source.freshness),
                None => source.kind == SourceKind::Http,
            };
            let last_run = store.sync_runs(source.id, 1)?.pop();
            Ok(SourceStatus {
                source,
                http: details,
                stale,
                days_since_sync: days,
                last_run,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Freshness, NewProfile};
    use crate::store::{NewHttpSource, NewSource, SavedHttpSource};
    use chrono::{Duration, Utc};

    #[test]
    fn a_provider_is_stale_when_never_synced_or_synced_too_long_ago() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = store
            .add_profile(
                &NewProfile {
                    name: "王芳".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        store
            .commit_import(
                &NewSource {
                    kind: SourceKind::File,
                    name: "chengdu.csv",
                    location: None,
                    freshness: Freshness::Weekly,
                },
                &[],
                &[],
            )
            .unwrap();
        let saved = store
            .save_http_source(&NewHttpSource {
                name: "hr",
                profile: profile.id,
                base_url: "https://hr.example.com/",
                freshness: Freshness::Daily,
                token_env: Some("HR_TOKEN"),
                keyring_entry: None,
            })
            .unwrap();
        let SavedHttpSource::Saved { source: http, .. } = saved else {
            panic!("a new name serves no other profile: {saved:?}");
        };
        let today = Utc::now().date_naive();

        let statuses = source_statuses(&store, today).unwrap();
        assert_eq!(statuses.len(), 2);
        assert!(!statuses[0].stale, "a file just imported");
        assert!(statuses[0].http.is_none());
        assert!(statuses[1].stale, "a provider never synced");
        let details = statuses[1].http.as_ref().unwrap();
        assert_eq!(details.profile_name, "王芳");
        assert!(!details.token_in_keyring);

        store
            .mark_synced(http.source.id, Utc::now() - Duration::days(1))
            .unwrap();
        assert!(
            !source_statuses(&store, today).unwrap()[1].stale,
            "daily: 1 day is fine"
        );
        store
            .mark_synced(http.source.id, Utc::now() - Duration::days(3))
            .unwrap();
        let late = &source_statuses(&store, today).unwrap()[1];
        assert!(late.stale);
        assert_eq!(late.days_since_sync, Some(3));
    }
}
