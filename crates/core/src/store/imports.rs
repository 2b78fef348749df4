//! One import, one transaction: the file's source, its records, its balances and the
//! source's sync time are written together or not at all. A crash or a failed record
//! midway leaves the database as it was.

use super::{balances, contributions, sources, Store, WriteReport};
use crate::model::{BalanceSnapshot, Contribution, Freshness, SourceId, SourceKind};
use crate::Result;

/// The source an import's records are written under, found or created by (kind, name).
#[derive(Debug, Clone, Copy)]
pub struct NewSource<'a> {
    pub kind: SourceKind,
    pub name: &'a str,
    pub location: Option<&'a str>,
    pub freshness: Freshness,
}

impl Store {
    /// Writes `records` and `balances` under `source` (their `source` fields are replaced by
    /// its id) in one transaction, and marks the source synced now. Returns the source's id
    /// and what happened to the records.
    pub fn commit_import(
        &mut self,
        source: &NewSource<'_>,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
    ) -> Result<(SourceId, WriteReport)> {
        let tx = self.conn.transaction()?;
        let id = sources::ensure(
            &tx,
            source.kind,
            source.name,
            source.location,
            source.freshness,
        )?;
        let records: Vec<Contribution> = records
            .iter()
            .map(|r| Contribution {
                source: id,
                ..r.clone()
            })
            .collect();
        let report = contributions::write_all(&tx, &records)?;
        for balance in balances {
            balances::write(
                &tx,
                &BalanceSnapshot {
                    source: id,
                    ..balance.clone()
                },
            )?;
        }
        sources::mark_synced(&tx, id, chrono::Utc::now())?;
        tx.commit()?;
        Ok((id, report))
    }
}
