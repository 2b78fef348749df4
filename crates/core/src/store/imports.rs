//! One import, one transaction: the file's source, its records, its balances and the
//! source's sync time are written together or not at all. A crash or a failed record
//! midway leaves the database as it was, and so does a cancelled one.

use super::{balances, contributions, sources, Store, WriteReport};
use crate::model::{BalanceSnapshot, Contribution, Freshness, SourceId, SourceKind};
use crate::Result;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use std::ops::ControlFlow;

/// The page cache of an import's write, in SQLite's negative-KiB form: 64 MiB.
const IMPORT_CACHE_KIB: i64 = -65_536;

/// The source an import's records are written under, found or created by (kind, name).
#[derive(Debug, Clone, Copy)]
pub struct NewSource<'a> {
    pub kind: SourceKind,
    pub name: &'a str,
    pub location: Option<&'a str>,
    pub freshness: Freshness,
}

/// What an import would change, found without writing: the records (as
/// [`Store::compare_contributions`] counts them) and the balances that would be added or
/// changed. Only records and balances count: a re-import refreshes the source's sync time, but
/// that alone is not a change worth a backup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportPlan {
    pub records: WriteReport,
    pub balances_changed: usize,
}

impl ImportPlan {
    /// Whether committing would add or change any record or balance.
    pub fn changes_anything(&self) -> bool {
        self.records.inserted + self.records.updated + self.balances_changed > 0
    }
}

impl Store {
    /// What [`Store::commit_import`] would change with these records and balances under
    /// `source`, without writing.
    pub fn plan_import(
        &self,
        source: &NewSource<'_>,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
    ) -> Result<ImportPlan> {
        let records = self.compare_contributions(records)?;
        // A balance is rewritten when its amount or its source differs (see balances::write);
        // a source not created yet differs from every stored one.
        let source_id: Option<SourceId> = self
            .conn
            .query_row(
                "SELECT id FROM sources WHERE kind = ?1 AND name = ?2",
                params![source.kind, source.name],
                |row| row.get(0),
            )
            .optional()?;
        let mut balances_changed = 0;
        for b in balances {
            let stored: Option<(i64, SourceId)> = self
                .conn
                .query_row(
                    "SELECT amount_fen, source_id FROM balances
                     WHERE profile_id = ?1 AND kind = ?2 AND as_of = ?3 AND origin = ?4",
                    params![
                        b.profile,
                        b.kind,
                        b.as_of.format("%Y-%m-%d").to_string(),
                        b.origin
                    ],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let same = stored.is_some_and(|(amount, stored_source)| {
                amount == b.amount.fen() && Some(stored_source) == source_id
            });
            if !same {
                balances_changed += 1;
            }
        }
        Ok(ImportPlan {
            records,
            balances_changed,
        })
    }

    /// Whether [`Store::commit_import`] would add or change any record or balance — the
    /// question the automatic backup asks — answered at the first record that would be
    /// written: a first import (whose first record is new) asks one question instead of one per
    /// record, and only a re-import that changes nothing compares every record, as
    /// [`Store::plan_import`] does.
    pub fn import_changes_anything(
        &self,
        source: &NewSource<'_>,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
    ) -> Result<bool> {
        for record in records {
            match contributions::existing(&self.conn, record)? {
                None => return Ok(true),
                Some(stored)
                    if !contributions::changed_fields(&stored.record, record).is_empty() =>
                {
                    return Ok(true)
                }
                Some(_) => {}
            }
        }
        Ok(self.plan_import(source, &[], balances)?.changes_anything())
    }

    /// Writes `records` and `balances` under `source` (their `source` fields are replaced by
    /// its id) in one transaction, and marks the source synced now. Returns the source's id
    /// and what happened to the records.
    pub fn commit_import(
        &mut self,
        source: &NewSource<'_>,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
    ) -> Result<(SourceId, WriteReport)> {
        self.commit_import_reporting(
            source,
            records,
            balances,
            &mut |_| ControlFlow::Continue(()),
        )
    }

    /// [`Store::commit_import`], telling `progress` how many records are written so far (for a
    /// progress bar). `Break` cancels: nothing is written and [`Error::Cancelled`] returned.
    pub fn commit_import_reporting(
        &mut self,
        source: &NewSource<'_>,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
        progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) -> Result<(SourceId, WriteReport)> {
        // A page cache large enough for the indexes a big file's records go into: with SQLite's
        // default 2 MB, each insert into the unique index of a large import reads back pages it
        // just wrote out. Only for this write; memory stays bounded (docs/benchmarks.md, Import).
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", IMPORT_CACHE_KIB)?;
        let written = self.write_import(source, records, balances, progress);
        self.conn.pragma_update(None, "cache_size", cache)?;
        written
    }

    fn write_import(
        &mut self,
        source: &NewSource<'_>,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
        progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
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
        let report = contributions::write_all_reporting(&tx, &records, progress)?;
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
