//! Deleting a profile in a way that can be undone: the deletion takes a complete snapshot of
//! the profile's rows (records, their revisions, balances, acknowledged alerts, the HTTP sources
//! bound to it, vault documents, vault settings and the estimate inputs given) and removes them in one transaction;
//! restoring puts every row back, also in one transaction. Where the snapshot is kept is the
//! caller's choice: the desktop app keeps it in memory until it closes.
//!
//! Vault files are not touched: a deleted profile's documents keep their files, so that an undo
//! finds them again (documents keep their ids too). `vault::prune` removes files no row names
//! once no undo is pending.

use super::Store;
use crate::model::{Profile, ProfileId};
use crate::{Error, Result};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, OptionalExtension};

const PROFILE_COLUMNS: &str = "id, name, id_number, sex, birth_month, region_code, employment, \
     original_age, payment_deadline_day, created_at";
const CONTRIBUTION_COLUMNS: &str = "profile_id, kind, month, region_code, payer_type, payer_name, \
     base_fen, personal_fen, employer_fen, credited_fen, status, source_id, created_at, updated_at";
const REVISION_COLUMNS: &str =
    "contribution_id, field, old_value, old_fen, new_value, new_fen, previous_source_id, source_id, \
     changed_at";
const BALANCE_COLUMNS: &str = "profile_id, kind, as_of, amount_fen, origin, source_id, recorded_at";
const ACKNOWLEDGEMENT_COLUMNS: &str = "profile_id, code, kind, fingerprint, acknowledged_at";
/// `id` last: it is kept when free (always, as vault ids are never reused), else a new one.
const DOCUMENT_COLUMNS: &str = "profile_id, doc_type, sha256, size_bytes, media_type, \
     original_name, document_date, note, attached_at, id";
const VAULT_SETTING_COLUMNS: &str = "profile_id, certificate_max_age_days";
const ESTIMATE_INPUT_COLUMNS: &str = "profile_id, benefit_base_fen, benefit_base_at, \
     average_index, average_index_at, future_index, future_index_at, retirement_month, \
     retirement_month_at, deemed_months, deemed_months_at, transitional_coefficient_bp, \
     transitional_coefficient_at";
/// The profile id first here too, so that a restore can put the new id in the same place.
const HTTP_SOURCE_COLUMNS: &str = "profile_id, source_id, token_env, keyring_entry, created_at";

type Row = Vec<Value>;

/// Everything a deleted profile had, exactly as stored.
#[derive(Debug, Clone)]
pub struct ProfileSnapshot {
    pub name: String,
    profile: Row,
    /// Each contribution with its revisions.
    contributions: Vec<(Row, Vec<Row>)>,
    balances: Vec<Row>,
    acknowledgements: Vec<Row>,
    documents: Vec<Row>,
    vault_settings: Vec<Row>,
    /// The estimate inputs the person gave (at most one row).
    estimate_inputs: Vec<Row>,
    /// Which HTTP sources served this profile (the sources themselves stay: records of other
    /// profiles may name them).
    http_sources: Vec<Row>,
}

impl ProfileSnapshot {
    pub fn contribution_count(&self) -> usize {
        self.contributions.len()
    }

    /// Documents in the vault that go with the profile (their files stay for an undo).
    pub fn document_count(&self) -> usize {
        self.documents.len()
    }
}

impl Store {
    pub fn delete_profile(&mut self, id: ProfileId) -> Result<ProfileSnapshot> {
        let tx = self.conn.transaction()?;
        let profile = select_rows(
            &tx,
            &format!("SELECT {PROFILE_COLUMNS} FROM profiles WHERE id = ?1"),
            id,
        )?
        .pop()
        .ok_or_else(|| Error::UnknownProfile {
            query: id.to_string(),
        })?;
        let name = match &profile[1] {
            Value::Text(name) => name.clone(),
            _ => String::new(),
        };
        let mut contributions = Vec::new();
        let mut ids =
            tx.prepare("SELECT id FROM contributions WHERE profile_id = ?1 ORDER BY id")?;
        let contribution_ids: Vec<i64> = ids
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        drop(ids);
        for contribution_id in contribution_ids {
            let row = select_rows(
                &tx,
                &format!("SELECT {CONTRIBUTION_COLUMNS} FROM contributions WHERE id = ?1"),
                contribution_id,
            )?
            .remove(0);
            let revisions = select_rows(
                &tx,
                &format!("SELECT {REVISION_COLUMNS} FROM contribution_revisions WHERE contribution_id = ?1 ORDER BY id"),
                contribution_id,
            )?;
            contributions.push((row, revisions));
        }
        let balances = select_rows(
            &tx,
            &format!("SELECT {BALANCE_COLUMNS} FROM balances WHERE profile_id = ?1 ORDER BY id"),
            id,
        )?;
        let acknowledgements = select_rows(
            &tx,
            &format!("SELECT {ACKNOWLEDGEMENT_COLUMNS} FROM alert_acknowledgements WHERE profile_id = ?1 ORDER BY id"),
            id,
        )?;
        let documents = select_rows(
            &tx,
            &format!(
                "SELECT {DOCUMENT_COLUMNS} FROM vault_documents WHERE profile_id = ?1 ORDER BY id"
            ),
            id,
        )?;
        let vault_settings = select_rows(
            &tx,
            &format!("SELECT {VAULT_SETTING_COLUMNS} FROM vault_settings WHERE profile_id = ?1"),
            id,
        )?;
        let estimate_inputs = select_rows(
            &tx,
            &format!("SELECT {ESTIMATE_INPUT_COLUMNS} FROM estimate_inputs WHERE profile_id = ?1"),
            id,
        )?;
        let http_sources = select_rows(
            &tx,
            &format!("SELECT {HTTP_SOURCE_COLUMNS} FROM http_sources WHERE profile_id = ?1 ORDER BY source_id"),
            id,
        )?;
        // Records, revisions, balances, acknowledgements, HTTP source bindings, estimate inputs and the vault's rows go with the
        // profile (ON DELETE CASCADE).
        tx.execute("DELETE FROM profiles WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(ProfileSnapshot {
            name,
            profile,
            contributions,
            balances,
            acknowledgements,
            documents,
            vault_settings,
            estimate_inputs,
            http_sources,
        })
    }

    /// Puts a deleted profile back with all its rows. It gets its old id unless another
    /// profile took it meanwhile; a profile with the same name or ID number added meanwhile
    /// makes the restore fail (nothing is written).
    pub fn restore_profile(&mut self, snapshot: &ProfileSnapshot) -> Result<Profile> {
        let tx = self.conn.transaction()?;
        let mut profile = snapshot.profile.clone();
        let old_id = profile[0].clone();
        let id_taken: Option<i64> = tx
            .query_row("SELECT id FROM profiles WHERE id = ?1", [&old_id], |r| {
                r.get(0)
            })
            .optional()?;
        if id_taken.is_some() {
            profile[0] = Value::Null; // a new id
        }
        let clash: Option<String> = tx
            .query_row(
                "SELECT name FROM profiles WHERE name = ?1 OR (id_number IS NOT NULL AND id_number = ?2)",
                [&profile[1], &profile[2]],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(name) = clash {
            return Err(Error::DuplicateProfile { name });
        }
        insert_row(&tx, "profiles", PROFILE_COLUMNS, &profile)?;
        let new_id = Value::Integer(tx.last_insert_rowid());
        for (contribution, revisions) in &snapshot.contributions {
            let mut row = contribution.clone();
            row[0] = new_id.clone();
            insert_row(&tx, "contributions", CONTRIBUTION_COLUMNS, &row)?;
            let contribution_id = Value::Integer(tx.last_insert_rowid());
            for revision in revisions {
                let mut row = revision.clone();
                row[0] = contribution_id.clone();
                insert_row(&tx, "contribution_revisions", REVISION_COLUMNS, &row)?;
            }
        }
        for balance in &snapshot.balances {
            let mut row = balance.clone();
            row[0] = new_id.clone();
            insert_row(&tx, "balances", BALANCE_COLUMNS, &row)?;
        }
        for acknowledgement in &snapshot.acknowledgements {
            let mut row = acknowledgement.clone();
            row[0] = new_id.clone();
            insert_row(&tx, "alert_acknowledgements", ACKNOWLEDGEMENT_COLUMNS, &row)?;
        }
        for document in &snapshot.documents {
            let mut row = document.clone();
            row[0] = new_id.clone();
            let last = row.len() - 1;
            let id_taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM vault_documents WHERE id = ?1)",
                [&row[last]],
                |r| r.get(0),
            )?;
            if id_taken {
                row[last] = Value::Null;
            }
            insert_row(&tx, "vault_documents", DOCUMENT_COLUMNS, &row)?;
        }
        for setting in &snapshot.vault_settings {
            let mut row = setting.clone();
            row[0] = new_id.clone();
            insert_row(&tx, "vault_settings", VAULT_SETTING_COLUMNS, &row)?;
        }
        for inputs in &snapshot.estimate_inputs {
            let mut row = inputs.clone();
            row[0] = new_id.clone();
            insert_row(&tx, "estimate_inputs", ESTIMATE_INPUT_COLUMNS, &row)?;
        }
        for binding in &snapshot.http_sources {
            let mut row = binding.clone();
            row[0] = new_id.clone();
            insert_row(&tx, "http_sources", HTTP_SOURCE_COLUMNS, &row)?;
        }
        tx.commit()?;
        let Value::Integer(id) = new_id else {
            unreachable!("rowids are integers")
        };
        Ok(self.profile(id)?.expect("just restored"))
    }
}

fn select_rows(tx: &rusqlite::Transaction<'_>, sql: &str, key: i64) -> Result<Vec<Row>> {
    let mut stmt = tx.prepare(sql)?;
    let width = stmt.column_count();
    let rows = stmt.query_map([key], |r| {
        (0..width)
            .map(|i| r.get::<_, Value>(i))
            .collect::<rusqlite::Result<Row>>()
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn insert_row(tx: &rusqlite::Transaction<'_>, table: &str, columns: &str, row: &Row) -> Result<()> {
    let placeholders = vec!["?"; row.len()].join(", ");
    tx.prepare_cached(&format!(
        "INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    ))?
    .execute(params_from_iter(row.iter()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::load_demo;
    use crate::model::{NewProfile, YearMonth};

    fn fingerprint(store: &Store, id: ProfileId) -> (usize, usize, Vec<String>) {
        let contributions = store.contributions(id).unwrap();
        let revisions: usize = contributions
            .iter()
            .map(|c| store.revisions(c.id).unwrap().len())
            .sum();
        let balances = store
            .balances(id)
            .unwrap()
            .iter()
            .map(|b| format!("{b:?}"))
            .collect();
        (contributions.len(), revisions, balances)
    }

    #[test]
    fn delete_then_restore_gives_back_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let demo = load_demo(&mut store, YearMonth::new(2026, 11).unwrap())
            .unwrap()
            .profile;
        // One changed record, so that a revision must come back too.
        let mut record = store.contributions(demo.id).unwrap()[0].record.clone();
        record.personal += crate::model::Money::from_yuan(1);
        store.write_contributions(&[record]).unwrap();
        // Profile facts and an acknowledged alert come back too.
        let demo = store
            .update_profile(
                demo.id,
                &NewProfile {
                    name: demo.name.clone(),
                    sex: demo.sex,
                    birth: demo.birth,
                    region: demo.region.clone(),
                    employment: Some(demo.employment),
                    original_age: Some(60),
                    payment_deadline_day: Some(15),
                    ..Default::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        store
            .acknowledge_alert(demo.id, "gap", None, "00000000000000aa")
            .unwrap();
        // And the HTTP source that serves it.
        store
            .save_http_source(&crate::store::NewHttpSource {
                name: "hr",
                profile: demo.id,
                base_url: "https://hr.example.com/",
                freshness: crate::model::Freshness::Daily,
                token_env: Some("HR_TOKEN"),
                keyring_entry: None,
            })
            .unwrap();
        let before = fingerprint(&store, demo.id);
        let acks_before = store.acknowledgements(demo.id).unwrap();
        let http_before = store.http_sources().unwrap();

        let snapshot = store.delete_profile(demo.id).unwrap();
        assert!(store.profiles().unwrap().is_empty());
        assert_eq!(fingerprint(&store, demo.id).0, 0);
        assert_eq!(snapshot.contribution_count(), before.0);

        assert!(store.acknowledgements(demo.id).unwrap().is_empty());
        assert!(store.http_sources().unwrap().is_empty());

        let restored = store.restore_profile(&snapshot).unwrap();
        assert_eq!(restored, demo, "same id, same fields");
        assert_eq!(restored.payment_deadline_day, Some(15));
        assert_eq!(fingerprint(&store, restored.id), before);
        assert_eq!(store.acknowledgements(restored.id).unwrap(), acks_before);
        assert_eq!(store.http_sources().unwrap(), http_before);
    }

    #[test]
    fn a_name_taken_meanwhile_blocks_the_restore_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let valid = NewProfile {
            name: "甲".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let first = store.add_profile(&valid).unwrap();
        let snapshot = store.delete_profile(first.id).unwrap();
        let second = store.add_profile(&valid).unwrap();
        assert!(matches!(
            store.restore_profile(&snapshot),
            Err(Error::DuplicateProfile { .. })
        ));
        assert_eq!(store.profiles().unwrap(), vec![second]);
    }

    #[test]
    fn deleting_an_unknown_profile_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        assert!(matches!(
            store.delete_profile(7),
            Err(Error::UnknownProfile { .. })
        ));
    }
}
