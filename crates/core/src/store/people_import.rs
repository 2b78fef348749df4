//! A per-person import's write: the missing profiles created and every person's records
//! written under the file's one source, in ONE transaction — all of it or nothing. The
//! per-person write path is the one-person import's (`contributions::write_all_reporting`).

use super::{contributions, sources, NewSource, Store, WriteReport};
use crate::model::{Contribution, ProfileId, ValidProfile};
use crate::Result;
use std::ops::ControlFlow;

/// Where one person's records go.
#[derive(Debug, Clone)]
pub enum PersonTarget {
    Profile(ProfileId),
    /// A profile to create first (checked for a unique name and ID number before writing).
    Create(ValidProfile),
}

impl Store {
    /// Writes each person's records to their profile, creating profiles as asked, in one
    /// transaction. `progress` hears the records done so far across all people; `Break`
    /// cancels and nothing is written. Returns, per person, the profile, whether it was
    /// created, and what happened to the records.
    pub fn commit_people_import(
        &mut self,
        source: &NewSource<'_>,
        people: &[(PersonTarget, &[Contribution])],
        progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) -> Result<Vec<(ProfileId, bool, WriteReport)>> {
        for (target, _) in people {
            if let PersonTarget::Create(profile) = target {
                self.check_unique(profile, None)?;
            }
        }
        let tx = self.conn.transaction()?;
        let source_id = sources::ensure(
            &tx,
            source.kind,
            source.name,
            source.location,
            source.freshness,
        )?;
        let mut done_before = 0;
        let mut results = Vec::with_capacity(people.len());
        for (target, records) in people {
            let (profile_id, created) = match target {
                PersonTarget::Profile(id) => (*id, false),
                PersonTarget::Create(profile) => {
                    (super::profiles::insert_profile(&tx, profile)?, true)
                }
            };
            let records: Vec<Contribution> = records
                .iter()
                .map(|r| Contribution {
                    profile: profile_id,
                    source: source_id,
                    ..r.clone()
                })
                .collect();
            let report = contributions::write_all_reporting(&tx, &records, &mut |done| {
                progress(done_before + done)
            })?;
            done_before += records.len();
            results.push((profile_id, created, report));
        }
        sources::mark_synced(&tx, source_id, chrono::Utc::now())?;
        tx.commit()?;
        Ok(results)
    }
}
