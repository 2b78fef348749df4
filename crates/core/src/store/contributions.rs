//! Contributions: written whole or not at all, idempotently, with history of every change.

use super::{now_text, Store};
use crate::model::{
    Contribution, ContributionStatus, InsuranceKind, Money, Payer, ProfileId, SourceId, YearMonth,
};
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;
use std::ops::ControlFlow;

/// What a write did: new records, changed records (their old values kept), and records that
/// were already there exactly as given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct WriteReport {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A contribution as stored, with its row id and the time it last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredContribution {
    pub id: i64,
    #[serde(flatten)]
    pub record: Contribution,
    pub updated_at: String,
}

/// One changed field of a contribution: what it was, what it became, who said so and when.
/// Amounts are integer fen (JSON numbers), so no face has to parse yuan text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub field: String,
    pub old_value: Option<FieldValue>,
    pub new_value: Option<FieldValue>,
    pub previous_source: Option<SourceId>,
    pub source: SourceId,
    pub changed_at: String,
}

/// A record read as [`Store::contribution_months`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ContributionMonth {
    pub kind: InsuranceKind,
    pub month: YearMonth,
    pub status: ContributionStatus,
    /// Paid by the person themselves (灵活就业), not by an employer.
    pub self_paid: bool,
}

impl From<&Contribution> for ContributionMonth {
    fn from(record: &Contribution) -> ContributionMonth {
        ContributionMonth {
            kind: record.kind,
            month: record.month,
            status: record.status,
            self_paid: record.payer == Payer::SelfPaid,
        }
    }
}

const COLUMNS: &str =
    "id, profile_id, kind, month, region_code, payer_type, payer_name, base_fen, \
                       personal_fen, employer_fen, credited_fen, status, source_id, period_line, \
                       updated_at";
/// The columns of the record itself, as [`record_from_row`] reads them.
const RECORD_COLUMNS: &str =
    "profile_id, kind, month, region_code, payer_type, payer_name, base_fen, \
                       personal_fen, employer_fen, credited_fen, status, source_id, period_line";

/// Puts records read `ORDER BY month` into the order they are listed in: by month, kind and
/// payer, as SQL's `ORDER BY month, kind, payer_type, payer_name` would (codes and names
/// compared byte by byte, as SQLite's BINARY collation does). Sorted here rather than in SQL:
/// the rows come from the (profile, month) index already by month, so only each month's few
/// records need sorting, where SQLite's sorter copied and sorted every row of the history (the
/// larger part of reading one).
fn sort_within_months<T>(rows: &mut [T], record: impl Fn(&T) -> &Contribution) {
    for month in rows.chunk_by_mut(|a, b| record(a).month == record(b).month) {
        month.sort_by(|a, b| {
            let (a, b) = (record(a), record(b));
            a.kind
                .as_str()
                .cmp(b.kind.as_str())
                .then_with(|| a.payer.to_columns().cmp(&b.payer.to_columns()))
        });
    }
}

impl Store {
    /// Writes `records` in one transaction: all of them or, on any error, none.
    ///
    /// A record is identified by (profile, kind, month, payer). Writing one that is stored
    /// with the same values changes nothing; writing one with changed values updates it and
    /// keeps each old value in the revision table with the source and time of the change.
    pub fn write_contributions(&mut self, records: &[Contribution]) -> Result<WriteReport> {
        let tx = self.conn.transaction()?;
        let report = write_all(&tx, records)?;
        tx.commit()?;
        Ok(report)
    }

    /// What [`Store::write_contributions`] would do with `records`, without writing: the
    /// preview and `--dry-run` of an import.
    pub fn compare_contributions(&self, records: &[Contribution]) -> Result<WriteReport> {
        let mut report = WriteReport::default();
        for record in records {
            match existing(&self.conn, record)? {
                None => report.inserted += 1,
                Some(stored) if changed_fields(&stored.record, record).is_empty() => {
                    report.unchanged += 1
                }
                Some(_) => report.updated += 1,
            }
        }
        Ok(report)
    }

    /// Every contribution of a profile, by month, kind and payer.
    pub fn contributions(&self, profile: ProfileId) -> Result<Vec<StoredContribution>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM contributions WHERE profile_id = ?1 ORDER BY month"
        ))?;
        let rows = stmt.query_map([profile], stored_from_row)?;
        let mut stored: Vec<StoredContribution> = rows.collect::<rusqlite::Result<_>>()?;
        sort_within_months(&mut stored, |s| &s.record);
        Ok(stored)
    }

    /// A profile's records in the same order as [`Store::contributions`], without the row ids
    /// and change times the analysis never reads: what standing, alerts and charts work from.
    pub fn contribution_records(&self, profile: ProfileId) -> Result<Vec<Contribution>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RECORD_COLUMNS} FROM contributions WHERE profile_id = ?1 ORDER BY month"
        ))?;
        let rows = stmt.query_map([profile], |row| record_from_row(row, 0))?;
        let mut records: Vec<Contribution> = rows.collect::<rusqlite::Result<_>>()?;
        sort_within_months(&mut records, |r| r);
        Ok(records)
    }

    /// Only the kind, month, status and kind of payer of each of a profile's records, in no
    /// particular order: all the overview needs (the summary and the next payment), read
    /// without decoding the rest. Reading every column of every record is most of what a
    /// dashboard of many long histories costs, and this reads four of twelve.
    pub fn contribution_months(&self, profile: ProfileId) -> Result<Vec<ContributionMonth>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, month, status, payer_type FROM contributions WHERE profile_id = ?1",
        )?;
        let rows = stmt.query_map([profile], |row| {
            Ok(ContributionMonth {
                kind: row.get(0)?,
                month: row.get(1)?,
                status: row.get(2)?,
                self_paid: payer_from_columns(row, 3, String::new())? == Payer::SelfPaid,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The change history of one contribution, oldest first.
    pub fn revisions(&self, contribution_id: i64) -> Result<Vec<Revision>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT field, old_value, old_fen, new_value, new_fen, previous_source_id, source_id,
                    changed_at
             FROM contribution_revisions WHERE contribution_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([contribution_id], |row| {
            Ok(Revision {
                field: row.get(0)?,
                old_value: FieldValue::from_columns(row.get(1)?, row.get(2)?),
                new_value: FieldValue::from_columns(row.get(3)?, row.get(4)?),
                previous_source: row.get(5)?,
                source: row.get(6)?,
                changed_at: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The body of [`Store::write_contributions`], inside a transaction the caller owns, so that
/// an import can write its source, records and balances as one.
pub(super) fn write_all(tx: &Transaction<'_>, records: &[Contribution]) -> Result<WriteReport> {
    write_all_reporting(tx, records, &mut |_| ControlFlow::Continue(()))
}

/// How many records are written between two calls of the progress callback: often enough
/// for a smooth bar, rarely enough to cost nothing.
const PROGRESS_EVERY: usize = 500;

/// [`write_all`], telling `progress` how many records are done every [`PROGRESS_EVERY`]
/// records and at the end. `Break` stops at once with [`Error::Cancelled`]; the caller's
/// transaction, dropped uncommitted, then leaves the database as it was.
pub(super) fn write_all_reporting(
    tx: &Transaction<'_>,
    records: &[Contribution],
    progress: &mut dyn FnMut(usize) -> ControlFlow<()>,
) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    let now = now_text();
    for (done, record) in records.iter().enumerate() {
        if done % PROGRESS_EVERY == 0 && progress(done).is_break() {
            return Err(Error::Cancelled);
        }
        // Insert first and look only when the key is taken: a new record (most of a first
        // import) costs one statement instead of a lookup and an insert.
        if insert_new(tx, record, &now)? {
            report.inserted += 1;
            continue;
        }
        let stored = existing(tx, record)?.ok_or(Error::Database(
            rusqlite::Error::QueryReturnedNoRows, // the insert just met this key
        ))?;
        let changes = changed_fields(&stored.record, record);
        if changes.is_empty() {
            report.unchanged += 1;
        } else {
            update(tx, stored.id, stored.record.source, record, &changes, &now)?;
            report.updated += 1;
        }
    }
    if progress(records.len()).is_break() {
        return Err(Error::Cancelled);
    }
    Ok(report)
}

pub(super) fn existing(
    tx: &Connection,
    record: &Contribution,
) -> Result<Option<StoredContribution>> {
    let (payer_type, payer_name) = record.payer.to_columns();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM contributions
         WHERE profile_id = ?1 AND kind = ?2 AND month = ?3 AND payer_type = ?4 AND payer_name = ?5"
    ))?;
    Ok(stmt
        .query_row(
            params![
                record.profile,
                record.kind,
                record.month,
                payer_type,
                payer_name
            ],
            stored_from_row,
        )
        .optional()?)
}

/// Inserts `r` unless a record with its key exists; whether it did.
fn insert_new(tx: &Transaction<'_>, r: &Contribution, now: &str) -> Result<bool> {
    let (payer_type, payer_name) = r.payer.to_columns();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO contributions (profile_id, kind, month, region_code, payer_type, payer_name,
             base_fen, personal_fen, employer_fen, credited_fen, status, source_id, period_line,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)
         ON CONFLICT (profile_id, kind, month, payer_type, payer_name) DO NOTHING",
    )?;
    let inserted = stmt
        .execute(params![
            r.profile,
            r.kind,
            r.month,
            r.region,
            payer_type,
            payer_name,
            r.base,
            r.personal,
            r.employer,
            r.credited,
            r.status,
            r.source,
            r.period_line,
            now
        ])
        .map_err(|e| foreign_key_error(e, r))?;
    Ok(inserted == 1)
}

fn update(
    tx: &Transaction<'_>,
    id: i64,
    previous_source: SourceId,
    r: &Contribution,
    changes: &[FieldChange],
    now: &str,
) -> Result<()> {
    tx.prepare_cached(
        "UPDATE contributions SET region_code = ?2, base_fen = ?3, personal_fen = ?4,
             employer_fen = ?5, credited_fen = ?6, status = ?7, source_id = ?8,
             period_line = ?9, updated_at = ?10
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        r.region,
        r.base,
        r.personal,
        r.employer,
        r.credited,
        r.status,
        r.source,
        r.period_line,
        now
    ])
    .map_err(|e| foreign_key_error(e, r))?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO contribution_revisions (contribution_id, field, old_value, old_fen,
             new_value, new_fen, previous_source_id, source_id, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for change in changes {
        let (old_text, old_fen) = FieldValue::to_columns(change.old.as_ref());
        let (new_text, new_fen) = FieldValue::to_columns(change.new.as_ref());
        stmt.execute(params![
            id,
            change.field,
            old_text,
            old_fen,
            new_text,
            new_fen,
            previous_source,
            r.source,
            now
        ])?;
    }
    Ok(())
}

/// A foreign-key failure here means the profile or source does not exist.
fn foreign_key_error(error: rusqlite::Error, r: &Contribution) -> Error {
    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation)
        && error.to_string().contains("FOREIGN KEY")
    {
        return Error::InvalidField {
            field: "profile or source",
            value: format!("profile {} / source {}", r.profile, r.source),
        };
    }
    Error::Database(error)
}

/// One value field that a write changed. Serialised with plain text values (amounts as
/// `1234.50`): the shape `shebao add --json` prints (docs/cli.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    #[serde(serialize_with = "plain_text")]
    pub old: Option<FieldValue>,
    #[serde(serialize_with = "plain_text")]
    pub new: Option<FieldValue>,
}

fn plain_text<S: serde::Serializer>(value: &Option<FieldValue>, s: S) -> Result<S::Ok, S::Error> {
    value.as_ref().map(FieldValue::to_plain).serialize(s)
}

/// A value in a record's change history: an amount, or text (a region or status code).
/// Serialised untagged: an amount as its integer fen, text as a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    Amount(Money),
    Text(String),
}

impl FieldValue {
    /// Plain text: an amount as `-1234.50`, text as it is.
    pub fn to_plain(&self) -> String {
        match self {
            FieldValue::Amount(amount) => amount.to_plain(),
            FieldValue::Text(text) => text.clone(),
        }
    }

    /// The text, unless this is an amount.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Amount(_) => None,
            FieldValue::Text(text) => Some(text),
        }
    }

    /// From a revision's text and fen columns: an amount is in the fen column. Text in an
    /// amount field is a value migration 7 could not read exactly; it is kept as it was.
    fn from_columns(text: Option<String>, fen: Option<Money>) -> Option<FieldValue> {
        fen.map(FieldValue::Amount).or(text.map(FieldValue::Text))
    }

    fn to_columns(value: Option<&FieldValue>) -> (Option<&str>, Option<Money>) {
        match value {
            None => (None, None),
            Some(FieldValue::Amount(amount)) => (None, Some(*amount)),
            Some(FieldValue::Text(text)) => (Some(text), None),
        }
    }
}

/// The value fields that differ; the source alone differing is not a change of the record.
pub(super) fn changed_fields(old: &Contribution, new: &Contribution) -> Vec<FieldChange> {
    let money = |m: Option<Money>| m.map(FieldValue::Amount);
    let text = |t: Option<String>| t.map(FieldValue::Text);
    let pairs = [
        ("region", text(old.region.clone()), text(new.region.clone())),
        ("base", money(old.base), money(new.base)),
        (
            "personal",
            money(Some(old.personal)),
            money(Some(new.personal)),
        ),
        (
            "employer",
            money(Some(old.employer)),
            money(Some(new.employer)),
        ),
        ("credited", money(old.credited), money(new.credited)),
        (
            "status",
            Some(FieldValue::Text(old.status.to_string())),
            Some(FieldValue::Text(new.status.to_string())),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldChange { field, old, new })
        .collect()
}

fn stored_from_row(row: &Row<'_>) -> rusqlite::Result<StoredContribution> {
    Ok(StoredContribution {
        id: row.get(0)?,
        record: record_from_row(row, 1)?,
        updated_at: row.get(14)?,
    })
}

/// The payer from its type in column `at` and its `name`.
fn payer_from_columns(row: &Row<'_>, at: usize, name: String) -> rusqlite::Result<Payer> {
    let payer_type = row.get_ref(at)?.as_str()?;
    Payer::from_columns(payer_type, name).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            at,
            rusqlite::types::Type::Text,
            format!("unknown payer type {payer_type:?}").into(),
        )
    })
}

/// The record from [`RECORD_COLUMNS`], found from column `at` on.
fn record_from_row(row: &Row<'_>, at: usize) -> rusqlite::Result<Contribution> {
    let payer = payer_from_columns(row, at + 4, row.get(at + 5)?)?;
    Ok(Contribution {
        profile: row.get(at)?,
        kind: row.get(at + 1)?,
        month: row.get(at + 2)?,
        region: row.get(at + 3)?,
        payer,
        base: row.get(at + 6)?,
        personal: row.get(at + 7)?,
        employer: row.get(at + 8)?,
        credited: row.get(at + 9)?,
        status: row.get(at + 10)?,
        source: row.get(at + 11)?,
        period_line: row.get(at + 12)?,
    })
}
