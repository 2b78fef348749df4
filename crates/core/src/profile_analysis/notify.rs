//! Which alerts deserve a desktop notification: warnings and critical alerts that are not
//! acknowledged and were not notified before. A notification that repeats every time the app
//! starts teaches people to ignore it, so the fingerprints already announced are remembered
//! (in the settings table, replaced by the current set each time, so it never grows).

use super::alerts::profile_alerts;
use crate::analysis::alerts::{Alert, Severity};
use crate::model::Profile;
use crate::store::SettingKey;
use crate::{Result, Store};
use chrono::NaiveDate;
use std::collections::BTreeSet;

const NOTIFIED_SETTING: SettingKey = SettingKey::AlertsNotified;

/// One pass over the profiles to find the warnings not announced yet, a profile at a time so
/// that a caller holding the store behind a lock can let go of it between profiles (the window
/// draws its first view meanwhile, even for a thousand profiles).
pub struct WarningScan {
    notified: BTreeSet<String>,
    current: BTreeSet<String>,
}

impl WarningScan {
    /// Starts a pass: reads which warnings were announced before.
    pub fn start(store: &Store) -> Result<Self> {
        let notified = store
            .setting(NOTIFIED_SETTING)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Ok(Self {
            notified,
            current: BTreeSet::new(),
        })
    }

    /// The profile's warnings that were not announced before (empty if none).
    pub fn new_for(
        &mut self,
        store: &Store,
        profile: &Profile,
        today: NaiveDate,
    ) -> Result<Vec<Alert>> {
        let warnings: Vec<Alert> = profile_alerts(store, profile, today)?
            .into_iter()
            .filter(|a| !a.acknowledged && a.severity >= Severity::Warning)
            .collect();
        self.current
            .extend(warnings.iter().map(|a| a.fingerprint.clone()));
        Ok(warnings
            .into_iter()
            .filter(|a| !self.notified.contains(&a.fingerprint))
            .collect())
    }

    /// Ends the pass: remembers every warning seen in it as announced (and forgets the ones
    /// that are gone, so the set never grows).
    pub fn finish(self, store: &Store) -> Result<()> {
        store.set_setting(
            NOTIFIED_SETTING,
            &serde_json::to_string(&self.current).expect("strings"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::load_demo;
    use crate::model::YearMonth;

    /// A whole pass, as the window makes it: the new warnings per profile that has any.
    fn take_new_warnings(store: &Store, today: NaiveDate) -> Vec<(Profile, Vec<Alert>)> {
        let mut scan = WarningScan::start(store).unwrap();
        let mut fresh = Vec::new();
        for profile in store.profiles().unwrap() {
            let new = scan.new_for(store, &profile, today).unwrap();
            if !new.is_empty() {
                fresh.push((profile, new));
            }
        }
        scan.finish(store).unwrap();
        fresh
    }

    #[test]
    fn each_warning_is_announced_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert!(
            take_new_warnings(&store, today).is_empty(),
            "no profiles, nothing to say"
        );

        load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
        let first = take_new_warnings(&store, today);
        assert_eq!(first.len(), 1);
        assert!(first[0]
            .1
            .iter()
            .all(|a| a.severity >= Severity::Warning && !a.acknowledged));
        assert!(first[0].1.iter().any(|a| a.code.as_str() == "gap"));

        assert!(take_new_warnings(&store, today).is_empty(), "not again");
    }
}
