//! Which alerts deserve a desktop notification: warnings and critical alerts that are not
//! acknowledged and were not notified before. A notification that repeats every time the app
//! starts teaches people to ignore it, so the fingerprints already announced are remembered
//! (in the settings table, replaced by the current set each time, so it never grows).

use super::{profile_alerts, Alert, Severity};
use crate::model::Profile;
use crate::{Result, Store};
use chrono::NaiveDate;
use std::collections::BTreeSet;

const NOTIFIED_SETTING: &str = "alerts.notified";

/// The new warnings per profile (profiles without any are left out), and remembers them as
/// notified.
pub fn take_new_warnings(store: &Store, today: NaiveDate) -> Result<Vec<(Profile, Vec<Alert>)>> {
    let notified: BTreeSet<String> = store
        .setting(NOTIFIED_SETTING)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let mut current = BTreeSet::new();
    let mut fresh = Vec::new();
    for profile in store.profiles()? {
        let warnings: Vec<Alert> = profile_alerts(store, &profile, today)?
            .into_iter()
            .filter(|a| !a.acknowledged && a.severity >= Severity::Warning)
            .collect();
        current.extend(warnings.iter().map(|a| a.fingerprint.clone()));
        let new: Vec<Alert> = warnings
            .into_iter()
            .filter(|a| !notified.contains(&a.fingerprint))
            .collect();
        if !new.is_empty() {
            fresh.push((profile, new));
        }
    }
    store.set_setting(
        NOTIFIED_SETTING,
        &serde_json::to_string(&current).expect("strings"),
    )?;
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::load_demo;
    use crate::model::YearMonth;

    #[test]
    fn each_warning_is_announced_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert!(
            take_new_warnings(&store, today).unwrap().is_empty(),
            "no profiles, nothing to say"
        );

        load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
        let first = take_new_warnings(&store, today).unwrap();
        assert_eq!(first.len(), 1);
        assert!(first[0]
            .1
            .iter()
            .all(|a| a.severity >= Severity::Warning && !a.acknowledged));
        assert!(first[0].1.iter().any(|a| a.code.as_str() == "gap"));

        assert!(
            take_new_warnings(&store, today).unwrap().is_empty(),
            "not again"
        );
    }
}
