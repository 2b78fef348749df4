//! Acknowledged alerts: the user has seen an alert and does not want to be told again — until
//! its facts change. An acknowledgement is keyed by (profile, code, kind, fingerprint); the
//! fingerprint is a digest of the facts the alert states, so a changed fact is a new alert.

use super::{now_text, Store};
use crate::model::{InsuranceKind, ProfileId};
use crate::{Error, Result};
use rusqlite::params;
use serde::Serialize;

/// One stored acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Acknowledgement {
    pub code: String,
    pub kind: Option<InsuranceKind>,
    pub fingerprint: String,
    pub acknowledged_at: String,
}

impl Store {
    /// Stores an acknowledgement; acknowledging the same facts again changes nothing. Returns
    /// whether it was new.
    pub fn acknowledge_alert(
        &mut self,
        profile: ProfileId,
        code: &str,
        kind: Option<InsuranceKind>,
        fingerprint: &str,
    ) -> Result<bool> {
        Ok(self.acknowledge_alerts(profile, &[(code, kind, fingerprint)])? > 0)
    }

    /// Stores several acknowledgements in one transaction: all or none. Returns how many were new.
    pub fn acknowledge_alerts(
        &mut self,
        profile: ProfileId,
        alerts: &[(&str, Option<InsuranceKind>, &str)],
    ) -> Result<usize> {
        if let Some((_, _, bad)) = alerts.iter().find(|(_, _, fp)| !is_fingerprint(fp)) {
            return Err(Error::InvalidField {
                field: "fingerprint",
                value: bad.to_string(),
            });
        }
        let tx = self.conn.transaction()?;
        let now = now_text();
        let mut new = 0;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO alert_acknowledgements (profile_id, code, kind, fingerprint, acknowledged_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (profile_id, code, kind, fingerprint) DO NOTHING",
            )?;
            for (code, kind, fingerprint) in alerts {
                let kind = kind.map_or("", InsuranceKind::as_str);
                new += stmt.execute(params![profile, code, kind, fingerprint, now])?;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// A profile's acknowledgements, oldest first.
    pub fn acknowledgements(&self, profile: ProfileId) -> Result<Vec<Acknowledgement>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT code, kind, fingerprint, acknowledged_at FROM alert_acknowledgements
             WHERE profile_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([profile], |row| {
            let kind: String = row.get(1)?;
            Ok(Acknowledgement {
                code: row.get(0)?,
                // The CHECK constraint admits only known kinds or ''.
                kind: kind.parse().ok(),
                fingerprint: row.get(2)?,
                acknowledged_at: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// 16 lower-case hexadecimal digits, as [`crate::analysis::alerts`] writes them.
pub fn is_fingerprint(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewProfile;

    #[test]
    fn acknowledging_twice_is_one_row_and_kinds_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profile = store
            .add_profile(
                &NewProfile {
                    name: "甲".into(),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        let fp = "0123456789abcdef";
        assert!(store
            .acknowledge_alert(profile.id, "gap", Some(InsuranceKind::Pension), fp)
            .unwrap());
        assert!(!store
            .acknowledge_alert(profile.id, "gap", Some(InsuranceKind::Pension), fp)
            .unwrap());
        assert!(store
            .acknowledge_alert(profile.id, "stale_data", None, fp)
            .unwrap());
        let acks = store.acknowledgements(profile.id).unwrap();
        let keys: Vec<(&str, Option<InsuranceKind>)> =
            acks.iter().map(|a| (a.code.as_str(), a.kind)).collect();
        assert_eq!(
            keys,
            [("gap", Some(InsuranceKind::Pension)), ("stale_data", None)]
        );
        assert!(matches!(
            store.acknowledge_alert(profile.id, "gap", None, "not-a-fingerprint"),
            Err(Error::InvalidField {
                field: "fingerprint",
                ..
            })
        ));
        assert!(
            store
                .acknowledge_alert(profile.id, "Gap!", None, fp)
                .is_err(),
            "the table refuses a code that is not snake_case"
        );
        // A batch with one bad row writes none of them.
        assert!(store
            .acknowledge_alerts(
                profile.id,
                &[
                    ("owed", None, fp),
                    ("owed", Some(InsuranceKind::Medical), "zz")
                ]
            )
            .is_err());
        assert!(
            store
                .acknowledge_alerts(profile.id, &[("owed", None, fp), ("Gap!", None, fp)])
                .is_err(),
            "the table refuses the second row, and the first is rolled back"
        );
        assert_eq!(store.acknowledgements(profile.id).unwrap().len(), 2);
        assert_eq!(
            store
                .acknowledge_alerts(profile.id, &[("owed", None, fp), ("gap", None, fp)])
                .unwrap(),
            2
        );
        assert_eq!(store.acknowledgements(profile.id).unwrap().len(), 4);
    }
}
