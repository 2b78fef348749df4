//! Profiles: one per family member.

use super::{now_text, Store};
use crate::model::{IdNumber, Profile, ProfileId, ValidProfile};
use crate::{Error, Result};
use rusqlite::{params, OptionalExtension, Row};

const COLUMNS: &str = "id, name, id_number, sex, birth_month, region_code, employment, \
                       original_age, payment_deadline_day";

impl Store {
    /// Adds a validated profile; see [`Store::check_unique`] for what must not repeat.
    pub fn add_profile(&mut self, profile: &ValidProfile) -> Result<Profile> {
        self.check_unique(profile, None)?;
        let id = insert_profile(&self.conn, profile)?;
        Ok(self.profile(id)?.expect("just inserted"))
    }

    /// Replaces a profile's fields; its records stay as they are.
    pub fn update_profile(&mut self, id: ProfileId, profile: &ValidProfile) -> Result<Profile> {
        if self.profile(id)?.is_none() {
            return Err(Error::UnknownProfile {
                query: id.to_string(),
            });
        }
        self.check_unique(profile, Some(id))?;
        self.conn.execute(
            "UPDATE profiles SET name = ?2, id_number = ?3, sex = ?4, birth_month = ?5,
                 region_code = ?6, employment = ?7, original_age = ?8, payment_deadline_day = ?9
             WHERE id = ?1",
            params![
                id,
                profile.name,
                profile.id_number.as_ref().map(IdNumber::as_str),
                profile.sex,
                profile.birth,
                profile.region,
                profile.employment,
                profile.original_age,
                profile.payment_deadline_day,
            ],
        )?;
        Ok(self.profile(id)?.expect("just updated"))
    }

    /// Names are unique (profiles are chosen by name), and so are ID numbers (one person, one
    /// profile). `except` is the profile being edited.
    pub(super) fn check_unique(
        &self,
        profile: &ValidProfile,
        except: Option<ProfileId>,
    ) -> Result<()> {
        let other = |found: Option<ProfileId>| found.filter(|id| Some(*id) != except);
        let by_name: Option<ProfileId> = self
            .conn
            .query_row(
                "SELECT id FROM profiles WHERE name = ?1",
                [&profile.name],
                |r| r.get(0),
            )
            .optional()?;
        if other(by_name).is_some() {
            return Err(Error::DuplicateProfile {
                name: profile.name.clone(),
            });
        }
        if let Some(id_number) = &profile.id_number {
            let owner: Option<(ProfileId, String)> = self
                .conn
                .query_row(
                    "SELECT id, name FROM profiles WHERE id_number = ?1",
                    [id_number.as_str()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((_, owner)) = owner.filter(|(id, _)| Some(*id) != except) {
                return Err(Error::DuplicateIdNumber { owner });
            }
        }
        Ok(())
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

    /// The profile with this id, or [`Error::UnknownProfile`]. For callers that hold an id (the
    /// window): never falls back to a name, so a profile named "7" is not taken for profile 7.
    pub fn profile_with_id(&self, id: ProfileId) -> Result<Profile> {
        self.profile(id)?.ok_or_else(|| Error::UnknownProfile {
            query: id.to_string(),
        })
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
        original_age: row.get(7)?,
        payment_deadline_day: row.get(8)?,
    })
}

/// Inserts a validated profile on `conn` (the store's connection, or a transaction that also
/// writes its records) and returns its id. Uniqueness is the caller's to check.
pub(super) fn insert_profile(conn: &rusqlite::Connection, profile: &ValidProfile) -> Result<i64> {
    conn.execute(
        "INSERT INTO profiles (name, id_number, sex, birth_month, region_code, employment,
             original_age, payment_deadline_day, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            profile.name,
            profile.id_number.as_ref().map(IdNumber::as_str),
            profile.sex,
            profile.birth,
            profile.region,
            profile.employment,
            profile.original_age,
            profile.payment_deadline_day,
            now_text(),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NewProfile, Sex};

    fn valid(name: &str, id_number: Option<&str>) -> ValidProfile {
        NewProfile {
            name: name.into(),
            id_number: id_number.map(Into::into),
            ..Default::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn update_keeps_names_and_id_numbers_unique_but_allows_keeping_ones_own() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let fang = store
            .add_profile(&valid("王芳", Some("11010519491231002X")))
            .unwrap();
        let ming = store.add_profile(&valid("王明", None)).unwrap();

        let renamed = store
            .update_profile(fang.id, &valid("王芳芳", Some("11010519491231002X")))
            .unwrap();
        assert_eq!(
            (renamed.id, renamed.name.as_str(), renamed.sex),
            (fang.id, "王芳芳", Some(Sex::Female))
        );

        assert!(matches!(
            store.update_profile(ming.id, &valid("王芳芳", None)),
            Err(Error::DuplicateProfile { .. })
        ));
        assert!(matches!(
            store.update_profile(ming.id, &valid("王明", Some("11010519491231002X"))),
            Err(Error::DuplicateIdNumber { .. })
        ));
        assert!(matches!(
            store.update_profile(99, &valid("无", None)),
            Err(Error::UnknownProfile { .. })
        ));
    }
}
