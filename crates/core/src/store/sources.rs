//! Sources: where each record came from, and when it was last brought up to date.

use super::Store;
use crate::model::{Freshness, Source, SourceId, SourceKind};
use crate::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, kind, name, location, freshness, last_sync";

impl Store {
    /// Returns the source with this kind and name, creating it (or updating its location and
    /// freshness) as needed. Sources are identified by (kind, name).
    pub fn ensure_source(
        &self,
        kind: SourceKind,
        name: &str,
        location: Option<&str>,
        freshness: Freshness,
    ) -> Result<SourceId> {
        ensure(&self.conn, kind, name, location, freshness)
    }

    pub fn mark_synced(&self, id: SourceId, at: DateTime<Utc>) -> Result<()> {
        mark_synced(&self.conn, id, at)
    }

    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM sources ORDER BY id"))?;
        let rows = stmt.query_map([], source_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn source(&self, id: SourceId) -> Result<Option<Source>> {
        let sql = format!("SELECT {COLUMNS} FROM sources WHERE id = ?1");
        Ok(self
            .conn
            .query_row(&sql, [id], source_from_row)
            .optional()?)
    }
}

pub(super) fn ensure(
    conn: &Connection,
    kind: SourceKind,
    name: &str,
    location: Option<&str>,
    freshness: Freshness,
) -> Result<SourceId> {
    conn.execute(
        "INSERT INTO sources (kind, name, location, freshness) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, name) DO UPDATE
         SET location = excluded.location, freshness = excluded.freshness",
        params![kind, name, location, freshness],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM sources WHERE kind = ?1 AND name = ?2",
        params![kind, name],
        |row| row.get(0),
    )?)
}

pub(super) fn mark_synced(conn: &Connection, id: SourceId, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE sources SET last_sync = ?2 WHERE id = ?1",
        params![id, at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)],
    )?;
    Ok(())
}

pub(super) fn source_from_row(row: &Row<'_>) -> rusqlite::Result<Source> {
    let last_sync: Option<String> = row.get(5)?;
    Ok(Source {
        id: row.get(0)?,
        kind: row.get(1)?,
        name: row.get(2)?,
        location: row.get(3)?,
        freshness: row.get(4)?,
        last_sync: last_sync
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
            .map(|time| time.with_timezone(&Utc)),
    })
}
