//! Column mappings remembered per source (migration 0002). What a mapping means and how one
//! is found again for a new file is `ingest::saved_mappings`; this is only their storage.

use super::{now_text, Store};
use crate::ingest::ColumnMapping;
use crate::Result;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

const COLUMNS: &str = "id, label, signature, name_pattern, mapping, created_at, last_used";

/// A remembered mapping as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedMapping {
    pub id: i64,
    /// The name of the file it was made for.
    pub label: String,
    /// The header row's normalised words; empty for a table without a header row.
    pub signature: String,
    /// The file-name pattern, for a table without a header row; else empty.
    pub name_pattern: String,
    pub mapping: ColumnMapping,
    pub created_at: String,
    pub last_used: Option<String>,
}

/// What to remember. `signature` or `name_pattern` is empty (exactly one of them).
#[derive(Debug, Clone, Copy)]
pub struct NewImportMapping<'a> {
    pub label: &'a str,
    pub signature: &'a str,
    pub name_pattern: &'a str,
    pub mapping: &'a ColumnMapping,
}

impl Store {
    /// Remembers a mapping, replacing one kept under the same key (the same header, or for a
    /// table without a header row the same file-name pattern).
    pub fn save_import_mapping(&self, new: &NewImportMapping<'_>) -> Result<SavedMapping> {
        let json = serde_json::to_string(new.mapping).expect("a mapping serialises");
        let now = now_text();
        self.conn.execute(
            "INSERT INTO import_mappings (label, signature, name_pattern, mapping, created_at, last_used)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (signature, name_pattern) DO UPDATE
             SET label = excluded.label, mapping = excluded.mapping, last_used = excluded.last_used",
            params![new.label, new.signature, new.name_pattern, json, now],
        )?;
        let sql = format!(
            "SELECT {COLUMNS} FROM import_mappings WHERE signature = ?1 AND name_pattern = ?2"
        );
        Ok(self.conn.query_row(
            &sql,
            params![new.signature, new.name_pattern],
            mapping_from_row,
        )?)
    }

    /// Every remembered mapping, the most recently used first.
    pub fn import_mappings(&self) -> Result<Vec<SavedMapping>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM import_mappings
             ORDER BY coalesce(last_used, created_at) DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], mapping_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn import_mapping(&self, id: i64) -> Result<Option<SavedMapping>> {
        let sql = format!("SELECT {COLUMNS} FROM import_mappings WHERE id = ?1");
        Ok(self
            .conn
            .query_row(&sql, [id], mapping_from_row)
            .optional()?)
    }

    /// Forgets a mapping. Returns whether there was one with this id.
    pub fn delete_import_mapping(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM import_mappings WHERE id = ?1", [id])?
            > 0)
    }

    pub fn mark_import_mapping_used(&self, id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE import_mappings SET last_used = ?2 WHERE id = ?1",
            params![id, now_text()],
        )?;
        Ok(())
    }
}

fn mapping_from_row(row: &Row<'_>) -> rusqlite::Result<SavedMapping> {
    let json: String = row.get(4)?;
    let mapping = serde_json::from_str(&json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(SavedMapping {
        id: row.get(0)?,
        label: row.get(1)?,
        signature: row.get(2)?,
        name_pattern: row.get(3)?,
        mapping,
        created_at: row.get(5)?,
        last_used: row.get(6)?,
    })
}
