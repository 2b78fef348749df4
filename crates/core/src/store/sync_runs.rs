//! The record of every sync run, and the one transaction in which a successful sync writes
//! its records, balances, the source's sync time and its own record together.

use super::{balances, contributions, sources, Store, WriteReport};
use crate::model::{BalanceSnapshot, Contribution, SourceId, SyncOutcome, SyncRun};
use crate::Result;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::ops::ControlFlow;

const COLUMNS: &str = "source_id, started_at, finished_at, outcome, since, pages, items, added, \
     updated, unchanged, balances, provider_as_of, error_code, error_message";

impl Store {
    /// Records a run that wrote nothing else (failed or cancelled).
    pub fn record_sync_run(&self, run: &SyncRun) -> Result<()> {
        insert(&self.conn, run)
    }

    /// A source's runs, newest first, at most `limit`.
    pub fn sync_runs(&self, source: SourceId, limit: usize) -> Result<Vec<SyncRun>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM sync_runs WHERE source_id = ?1 ORDER BY id DESC LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![source, limit], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest run of a source that succeeded.
    pub fn last_good_sync_run(&self, source: SourceId) -> Result<Option<SyncRun>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM sync_runs WHERE source_id = ?1 AND outcome = 'ok'
                     ORDER BY id DESC LIMIT 1"
                ),
                [source],
                from_row,
            )
            .optional()?)
    }

    /// Writes a checked sync in one transaction: `records` and `balances` under `source`
    /// (their `source` fields are replaced by it), the source marked synced at the run's end,
    /// and `run` recorded with what the write did. `progress` is told how many records are
    /// written; `Break` cancels, and then nothing at all is written.
    pub fn commit_sync(
        &mut self,
        source: SourceId,
        records: &[Contribution],
        balances: &[BalanceSnapshot],
        run: &SyncRun,
        progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
    ) -> Result<WriteReport> {
        debug_assert_eq!(run.outcome, SyncOutcome::Ok);
        let tx = self.conn.transaction()?;
        let records: Vec<Contribution> = records
            .iter()
            .map(|r| Contribution {
                source,
                ..r.clone()
            })
            .collect();
        let report = contributions::write_all_reporting(&tx, &records, progress)?;
        for balance in balances {
            balances::write(
                &tx,
                &BalanceSnapshot {
                    source,
                    ..balance.clone()
                },
            )?;
        }
        sources::mark_synced(&tx, source, run.finished_at)?;
        insert(
            &tx,
            &SyncRun {
                source,
                added: report.inserted,
                updated: report.updated,
                unchanged: report.unchanged,
                balances: balances.len(),
                ..run.clone()
            },
        )?;
        tx.commit()?;
        Ok(report)
    }
}

fn insert(conn: &Connection, run: &SyncRun) -> Result<()> {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    conn.execute(
        &format!(
            "INSERT INTO sync_runs ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        ),
        params![
            run.source,
            time_text(run.started_at),
            time_text(run.finished_at),
            run.outcome,
            run.since,
            run.pages,
            count(run.items),
            count(run.added),
            count(run.updated),
            count(run.unchanged),
            count(run.balances),
            run.provider_as_of,
            run.error_code,
            run.error_message,
        ],
    )?;
    Ok(())
}

fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<SyncRun> {
    let time = |i: usize| -> rusqlite::Result<DateTime<Utc>> {
        let text: String = row.get(i)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
    };
    let count = |i: usize| -> rusqlite::Result<usize> {
        Ok(usize::try_from(row.get::<_, i64>(i)?).unwrap_or(0))
    };
    Ok(SyncRun {
        source: row.get(0)?,
        started_at: time(1)?,
        finished_at: time(2)?,
        outcome: row.get(3)?,
        since: row.get(4)?,
        pages: row.get(5)?,
        items: count(6)?,
        added: count(7)?,
        updated: count(8)?,
        unchanged: count(9)?,
        balances: count(10)?,
        provider_as_of: row.get(11)?,
        error_code: row.get(12)?,
        error_message: row.get(13)?,
    })
}
