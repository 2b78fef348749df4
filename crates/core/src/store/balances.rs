//! Personal-account balances, reported or computed, one per (profile, kind, date, origin).

use super::{now_text, Store};
use crate::model::{BalanceSnapshot, ProfileId};
use crate::Result;
use chrono::NaiveDate;
use rusqlite::{params, Connection};

impl Store {
    /// Stores a balance; a later value for the same profile, kind, date and origin replaces it.
    /// Returns whether anything changed.
    pub fn write_balance(&self, b: &BalanceSnapshot) -> Result<bool> {
        write(&self.conn, b)
    }

    /// A profile's balances by kind and date.
    pub fn balances(&self, profile: ProfileId) -> Result<Vec<BalanceSnapshot>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT profile_id, kind, as_of, amount_fen, origin, source_id FROM balances
             WHERE profile_id = ?1 ORDER BY kind, as_of, origin",
        )?;
        let rows = stmt.query_map([profile], |row| {
            let as_of: String = row.get(2)?;
            Ok(BalanceSnapshot {
                profile: row.get(0)?,
                kind: row.get(1)?,
                as_of: NaiveDate::parse_from_str(&as_of, "%Y-%m-%d").map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        2,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                amount: row.get(3)?,
                origin: row.get(4)?,
                source: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Inside a caller's transaction (an import writes balances with its records).
pub(super) fn write(conn: &Connection, b: &BalanceSnapshot) -> Result<bool> {
    let changed = conn.execute(
        "INSERT INTO balances (profile_id, kind, as_of, amount_fen, origin, source_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (profile_id, kind, as_of, origin) DO UPDATE
         SET amount_fen = excluded.amount_fen, source_id = excluded.source_id,
             recorded_at = excluded.recorded_at
         WHERE amount_fen != excluded.amount_fen OR source_id != excluded.source_id",
        params![
            b.profile,
            b.kind,
            b.as_of.format("%Y-%m-%d").to_string(),
            b.amount,
            b.origin,
            b.source,
            now_text()
        ],
    )?;
    Ok(changed > 0)
}
