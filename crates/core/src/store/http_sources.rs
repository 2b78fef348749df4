//! HTTP provider sources: the `sources` row (kind `http`, the base URL as its location) and
//! the `http_sources` row saying whose records it serves and where its token is found.

use super::{now_text, sources, Store};
use crate::model::{Freshness, HttpSource, ProfileId, SourceId, SourceKind, YearMonth};
use crate::Result;
use rusqlite::{params, OptionalExtension, Row};

/// What `source add-http` saves. The token is not here: only where it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHttpSource<'a> {
    pub name: &'a str,
    pub profile: ProfileId,
    pub base_url: &'a str,
    pub freshness: Freshness,
    pub token_env: Option<&'a str>,
    pub keyring_entry: Option<&'a str>,
}

/// What [`Store::save_http_source`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedHttpSource {
    Saved {
        source: HttpSource,
        created: bool,
    },
    /// Nothing was saved: a source of this name already serves the profile named `owner`, and
    /// its records belong to that person. The caller says so in its own words.
    ServesAnotherProfile {
        owner: String,
    },
}

const SELECT: &str = "SELECT s.id, s.kind, s.name, s.location, s.freshness, s.last_sync,
        h.profile_id, h.token_env, h.keyring_entry
    FROM sources s JOIN http_sources h ON h.source_id = s.id";

impl Store {
    /// Adds the source, or updates the URL, freshness and token places of an existing source
    /// of the same name. Returns it and whether it is new. A source already serving another
    /// profile is not touched: its records belong to that person.
    pub fn save_http_source(&mut self, new: &NewHttpSource<'_>) -> Result<SavedHttpSource> {
        let tx = self.conn.transaction()?;
        let existing: Option<ProfileId> = tx
            .query_row(
                "SELECT h.profile_id FROM sources s JOIN http_sources h ON h.source_id = s.id
                 WHERE s.kind = 'http' AND s.name = ?1",
                [new.name],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(profile) = existing.filter(|p| *p != new.profile) {
            let owner: String = tx.query_row(
                "SELECT name FROM profiles WHERE id = ?1",
                [profile],
                |row| row.get(0),
            )?;
            return Ok(SavedHttpSource::ServesAnotherProfile { owner });
        }
        let id = sources::ensure(
            &tx,
            SourceKind::Http,
            new.name,
            Some(new.base_url),
            new.freshness,
        )?;
        tx.execute(
            "INSERT INTO http_sources (source_id, profile_id, token_env, keyring_entry, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (source_id) DO UPDATE
             SET token_env = excluded.token_env, keyring_entry = excluded.keyring_entry",
            params![
                id,
                new.profile,
                new.token_env,
                new.keyring_entry,
                now_text()
            ],
        )?;
        tx.commit()?;
        let saved = self.http_source_by_id(id)?.expect("just saved");
        Ok(SavedHttpSource::Saved {
            source: saved,
            created: existing.is_none(),
        })
    }

    /// The HTTP source with this name, if there is one.
    pub fn http_source(&self, name: &str) -> Result<Option<HttpSource>> {
        Ok(self
            .conn
            .query_row(
                &format!("{SELECT} WHERE s.kind = 'http' AND s.name = ?1"),
                [name],
                from_row,
            )
            .optional()?)
    }

    fn http_source_by_id(&self, id: SourceId) -> Result<Option<HttpSource>> {
        Ok(self
            .conn
            .query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], from_row)
            .optional()?)
    }

    /// Every HTTP source, in the order they were added.
    pub fn http_sources(&self) -> Result<Vec<HttpSource>> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY s.id"))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The last month of `profile` held from `source`: where an incremental sync starts.
    pub fn last_month_from(
        &self,
        profile: ProfileId,
        source: SourceId,
    ) -> Result<Option<YearMonth>> {
        Ok(self.conn.query_row(
            "SELECT max(month) FROM contributions WHERE profile_id = ?1 AND source_id = ?2",
            params![profile, source],
            |row| row.get(0),
        )?)
    }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<HttpSource> {
    Ok(HttpSource {
        source: sources::source_from_row(row)?,
        profile: row.get(6)?,
        token_env: row.get(7)?,
        keyring_entry: row.get(8)?,
    })
}
