//! Profiles: one per family member.

use super::{now_text, Store};
use crate::model::{IdNumber, Profile, ProfileId, ValidProfile};
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str = "id, name, id_number, sex, birth_month, region_code, employment";

impl Store {
    /// Adds a validated profile. Names are unique (profiles are chosen by name), and so are
    /// ID numbers (one person, one profile).
    pub fn add_profile(&mut self, profile: &ValidProfile) -> Result<Profile> {
        if self.profile_by_name(&profile.name)?.is_some() {
            return Err(Error::DuplicateProfile {
                name: profile.name.clone(),
            });
        }
        if let Some(id_number) = &profile.id_number {
            let owner: Option<String> = self
                .conn
                .query_row(
                    "SELECT name FROM profiles WHERE id_number = ?1",
                    [id_number.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(owner) = owner {
                return Err(Error::DuplicateIdNumber { owner });
            }
        }
        self.conn.execute(
            "INSERT INTO profiles (name, id_number, sex, birth_month, region_code, employment, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                profile.name,
                profile.id_number.as_ref().map(IdNumber::as_str),
                profile.sex,
                profile.birth,
                profile.region,
                profile.employment,
                now_text(),
            ],
        )?;
        let id = self.conn.last_insert_rowid();
        Ok(self.profile(id)?.expect("just inserted"))
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM profiles ORDER BY id"))?;
        let rows = stmt.query_map([], profile_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn profile(&self, id: ProfileId) -> Result<Option<Profile>> {
        let sql = format!("SELECT {COLUMNS} FROM profiles WHERE id = ?1");
        Ok(self
            .conn
            .query_row(&sql, [id], profile_from_row)
            .optional()?)
    }

    pub fn profile_by_name(&self, name: &str) -> Result<Option<Profile>> {
        let sql = format!("SELECT {COLUMNS} FROM profiles WHERE name = ?1");
        Ok(self
            .conn
            .query_row(&sql, [name.trim()], profile_from_row)
            .optional()?)
    }

    /// Finds a profile by what a user typed: its id, else its exact name.
    pub fn find_profile(&self, query: &str) -> Result<Profile> {
        let query = query.trim();
        if let Ok(id) = query.parse::<ProfileId>() {
            if let Some(profile) = self.profile(id)? {
                return Ok(profile);
            }
        }
        self.profile_by_name(query)?
            .ok_or_else(|| Error::UnknownProfile {
                query: query.to_string(),
            })
    }
}

fn profile_from_row(row: &Row<'_>) -> rusqlite::Result<Profile> {
    let id_number: Option<String> = row.get(2)?;
    Ok(Profile {
        id: row.get(0)?,
        name: row.get(1)?,
        // Stored numbers were validated on the way in; one that no longer parses is dropped
        // from view rather than shown half-trusted.
        id_number: id_number.and_then(|text| IdNumber::parse(&text).ok()),
        sex: row.get(3)?,
        birth: row.get(4)?,
        region: row.get(5)?,
        employment: row.get(6)?,
    })
}
