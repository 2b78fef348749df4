//! The export record: every file the app exported, by its SHA-256.

use super::Store;
use crate::model::{ExportRecord, InsuranceKind, Period, ProfileId, YearMonth};
use crate::{Lang, Result};
use chrono::{DateTime, Utc};
use rusqlite::{params, Row};
use std::collections::BTreeMap;

const COLUMNS: &str = "id, created_at, format, file_sha256, file_name, profile_id, profile_name, \
                       period_from, period_to, kinds, lang, show_id, content_digest, month_digests";

impl Store {
    /// Records `record` and runs `write` (which puts the file on disk) inside one transaction:
    /// if writing fails, nothing is recorded; if recording fails, `write` never runs. A file
    /// the record knows is therefore a file that was completely written. Returns the record
    /// with its row id.
    pub fn record_export(
        &mut self,
        record: &ExportRecord,
        write: impl FnOnce() -> Result<()>,
    ) -> Result<ExportRecord> {
        let tx = self.conn.transaction()?;
        let months: BTreeMap<String, &String> = record
            .month_digests
            .iter()
            .map(|(month, digest)| (month.to_string(), digest))
            .collect();
        tx.execute(
            &format!(
                "INSERT INTO exports ({}) VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                COLUMNS
            ),
            params![
                record
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                record.format,
                record.file_sha256,
                record.file_name,
                record.profile,
                record.profile_name,
                record.period.from,
                record.period.to,
                kinds_text(&record.kinds),
                record.lang.as_str(),
                record.show_id,
                record.content_digest,
                serde_json::to_string(&months).expect("a map of strings serialises"),
            ],
        )?;
        let id = tx.last_insert_rowid();
        write()?;
        tx.commit()?;
        Ok(ExportRecord {
            id,
            ..record.clone()
        })
    }

    /// The exports whose file had this SHA-256 (lower-case hex), newest first.
    pub fn exports_by_file_hash(&self, file_sha256: &str) -> Result<Vec<ExportRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM exports WHERE file_sha256 = ?1 ORDER BY created_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([file_sha256], export_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A profile's exports, newest first.
    pub fn exports_of_profile(&self, profile: ProfileId) -> Result<Vec<ExportRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM exports WHERE profile_id = ?1 ORDER BY created_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([profile], export_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn kinds_text(kinds: &[InsuranceKind]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn conversion_error(column: usize, reason: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, reason.into())
}

fn export_from_row(row: &Row<'_>) -> rusqlite::Result<ExportRecord> {
    let created_at: String = row.get(1)?;
    let kinds: String = row.get(9)?;
    let lang: String = row.get(10)?;
    let months: String = row.get(13)?;
    let months: BTreeMap<String, String> =
        serde_json::from_str(&months).map_err(|e| conversion_error(13, e.to_string()))?;
    Ok(ExportRecord {
        id: row.get(0)?,
        created_at: DateTime::parse_from_rfc3339(&created_at)
            .map_err(|e| conversion_error(1, e.to_string()))?
            .with_timezone(&Utc),
        format: row.get(2)?,
        file_sha256: row.get(3)?,
        file_name: row.get(4)?,
        profile: row.get(5)?,
        profile_name: row.get(6)?,
        period: Period {
            from: row.get(7)?,
            to: row.get(8)?,
        },
        kinds: kinds
            .split(',')
            .filter(|code| !code.is_empty())
            .map(|code| {
                code.parse()
                    .map_err(|e: crate::model::UnknownCode| e.to_string())
            })
            .collect::<Result<_, String>>()
            .map_err(|e| conversion_error(9, e))?,
        lang: lang.parse::<Lang>().map_err(|e| conversion_error(10, e))?,
        show_id: row.get(11)?,
        content_digest: row.get(12)?,
        month_digests: months
            .into_iter()
            .map(|(month, digest)| {
                month
                    .parse::<YearMonth>()
                    .map(|m| (m, digest))
                    .map_err(|e| conversion_error(13, e.to_string()))
            })
            .collect::<rusqlite::Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExportFormat;
    use crate::Error;

    fn record() -> ExportRecord {
        ExportRecord {
            id: 0,
            created_at: "2026-11-29T03:00:00Z".parse().unwrap(),
            format: ExportFormat::Pdf,
            file_sha256: "a".repeat(64),
            file_name: Some("statement.pdf".into()),
            profile: 7,
            profile_name: "王芳".into(),
            period: Period {
                from: "2020-01".parse().ok(),
                to: "2020-12".parse().ok(),
            },
            kinds: vec![InsuranceKind::Pension, InsuranceKind::HousingFund],
            lang: Lang::En,
            show_id: true,
            content_digest: "b".repeat(64),
            month_digests: [("2020-01".parse().unwrap(), "c".repeat(64))].into(),
        }
    }

    #[test]
    fn a_recorded_export_reads_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let stored = store.record_export(&record(), || Ok(())).unwrap();
        assert!(stored.id > 0);
        assert_eq!(
            store.exports_by_file_hash(&"a".repeat(64)).unwrap(),
            vec![stored.clone()]
        );
        assert_eq!(store.exports_of_profile(7).unwrap(), vec![stored]);
        assert!(store
            .exports_by_file_hash(&"d".repeat(64))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_version_1_database_upgrades_with_its_data_and_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        {
            // Written as version 1 wrote it: today's add_profile knows later columns.
            let v1 = Store::open_with(&path, None, &crate::store::MIGRATIONS[..1]).unwrap();
            assert_eq!(v1.schema_version().unwrap(), 1);
            v1.conn
                .execute(
                    "INSERT INTO profiles (name, employment, created_at) VALUES ('甲', 'employee', 't')",
                    [],
                )
                .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            crate::store::SCHEMA_VERSION
        );
        assert_eq!(store.profiles().unwrap().len(), 1);
        store.record_export(&record(), || Ok(())).unwrap();
        let backups = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count();
        assert_eq!(backups, 1, "a verified backup before the upgrade");
    }

    #[test]
    fn a_failed_write_records_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let failed = store.record_export(&record(), || {
            Err(Error::Io {
                path: "x".into(),
                source: std::io::Error::other("disk full"),
            })
        });
        assert!(matches!(failed, Err(Error::Io { .. })));
        assert!(store.exports_of_profile(7).unwrap().is_empty());
    }
}
