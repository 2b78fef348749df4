//! Files whose header is not recognised, on real SQLite files: the sample and its suggested
//! mapping, a preview with the user's mapping, remembering it per source (by header words, or
//! by file-name pattern for a table without a header row) and finding it again for the next
//! file; a cancelled commit writes nothing; a version-1 database gains the mappings table.

use rusqlite::Connection;
use shebao_core::ingest::{self, ColumnMapping, Field, ImportPreview, MappingProblem, SuggestedBy};
use shebao_core::model::{EmploymentCategory, InsuranceKind, NewProfile, Profile};
use shebao_core::store::WriteReport;
use shebao_core::{Error, Lang, Store};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/import")
            .join(name),
    )
    .unwrap()
}

fn db() -> (tempfile::TempDir, PathBuf, Store, Profile) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    let mut store = Store::open(&path).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "李明".into(),
                employment: Some(EmploymentCategory::Employee),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    (dir, path, store, profile)
}

/// The HR system's sheet: 日期 | 项目 | 计费工资 | 员工承担 | 公司承担 | 备注, header on line 4.
fn hr_mapping() -> ColumnMapping {
    ColumnMapping {
        header_line: Some(4),
        columns: [
            (Field::Month, 0),
            (Field::Kind, 1),
            (Field::Base, 2),
            (Field::Personal, 3),
            (Field::Employer, 4),
        ]
        .into_iter()
        .collect(),
        kind: None,
    }
}

fn count(store: &Store, table: &str) -> i64 {
    let conn = Connection::open(store.path()).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_unrecognised_header_is_sampled_suggested_and_imported_with_a_mapping() {
    let (_dir, _path, mut store, profile) = db();
    let bytes = fixture("unrecognised_header.csv");

    let err =
        ingest::preview_with_saved_mappings(&store, &bytes, "代扣明细.csv", &profile).unwrap_err();
    assert_eq!(err.code(), "import_no_header");

    // The mapping step's starting point is already right for this sheet.
    let sample = ingest::table_sample(&bytes, "代扣明细.csv", 8).unwrap();
    assert_eq!(sample.columns, vec!["A", "B", "C", "D", "E", "F"]);
    assert_eq!(sample.rows[3].line, 4);
    assert_eq!(sample.rows[3].cells[3], "员工承担");
    assert_eq!(sample.suggested_by, SuggestedBy::Guess);
    assert_eq!(sample.suggestion, hr_mapping());

    let preview =
        ingest::preview_with_mapping(&bytes, "代扣明细.csv", &profile, &hr_mapping()).unwrap();
    assert_eq!(preview.errors, vec![]);
    assert_eq!(preview.records.len(), 18);
    // title, person line, blank, total
    assert_eq!(preview.skipped_rows, 4);
    assert_eq!(preview.detected.header_line, Some(4));
    let summary = preview.summary(ingest::plan(&store, &preview).unwrap(), Lang::Zh);
    assert_eq!(
        (summary.added, summary.updated, summary.unchanged),
        (18, 0, 0)
    );
    let pension = &summary.kinds[0];
    assert_eq!(
        (
            pension.kind,
            pension.months,
            pension.first.to_string(),
            pension.last.to_string()
        ),
        (
            InsuranceKind::Pension,
            6,
            "2023-07".into(),
            "2023-12".into()
        )
    );
    let first = &preview.records[0];
    assert_eq!(
        (
            first.personal.fen(),
            first.employer.fen(),
            first.base.map(|b| b.fen())
        ),
        (72_000, 144_000, Some(900_000))
    );

    let report = ingest::commit(&mut store, &preview, None, false).unwrap();
    assert_eq!(report.added, 18);
    assert_eq!(count(&store, "contributions"), 18);
    assert_eq!(
        count(&store, "import_mappings"),
        0,
        "remembered only when asked"
    );
}

#[test]
fn a_remembered_mapping_is_found_again_by_the_header_words_of_the_next_export() {
    let (_dir, _path, mut store, profile) = db();
    let bytes = fixture("unrecognised_header.csv");
    let preview =
        ingest::preview_with_mapping(&bytes, "代扣明细2023.csv", &profile, &hr_mapping()).unwrap();
    ingest::commit(&mut store, &preview, None, false).unwrap();
    let saved = ingest::saved_mappings::remember(&store, &preview)
        .unwrap()
        .expect("a mapped preview is remembered");
    assert_eq!(saved.label, "代扣明细2023.csv");
    assert_eq!(saved.signature, "日期|项目|计费工资|员工承担|公司承担|备注");
    assert_eq!(
        saved.name_pattern, "",
        "found by its header, whatever the name"
    );

    // The next month's export: another name, one title line fewer, a new month.
    let text = String::from_utf8(bytes).unwrap();
    let next = text
        .lines()
        .skip(1)
        .chain(["2024-01,养老,\"9,000.00\",720.00,\"1,440.00\","])
        .collect::<Vec<_>>()
        .join("\n");
    let preview =
        ingest::preview_with_saved_mappings(&store, next.as_bytes(), "payroll-jan.csv", &profile)
            .unwrap();
    let applied = preview
        .mapping
        .as_ref()
        .expect("read through the saved mapping");
    assert_eq!(applied.saved.as_ref().map(|s| s.id), Some(saved.id));
    assert_eq!(
        applied.mapping.header_line,
        Some(3),
        "found on its new line"
    );
    assert_eq!(preview.errors, vec![]);
    let report = ingest::commit(&mut store, &preview, None, false).unwrap();
    assert_eq!((report.added, report.unchanged), (1, 18));
    let used = store.import_mapping(saved.id).unwrap().unwrap();
    assert!(used.last_used.is_some());

    // Saving again under the same header replaces, never duplicates.
    ingest::saved_mappings::remember(&store, &preview).unwrap();
    assert_eq!(store.import_mappings().unwrap().len(), 1);
    assert!(store.delete_import_mapping(saved.id).unwrap());
    assert!(!store.delete_import_mapping(saved.id).unwrap());
    let err = ingest::preview_with_saved_mappings(&store, next.as_bytes(), "x.csv", &profile)
        .unwrap_err();
    assert_eq!(err.code(), "import_no_header", "forgotten");
}

#[test]
fn a_pasted_table_without_a_header_is_remembered_by_its_name_pattern() {
    let (_dir, _path, mut store, profile) = db();
    let bytes = fixture("housing_fund_paste.tsv");
    let (mapping, _) = ColumnMapping::parse_spec(
        "month=A,employer=B,personal=C,status=D,kind=housing_fund,header=none",
    )
    .unwrap();
    let preview =
        ingest::preview_with_mapping(&bytes, "paste-2025-01-15", &profile, &mapping).unwrap();
    assert_eq!(preview.errors, vec![]);
    assert_eq!(preview.records.len(), 6);
    assert!(preview
        .records
        .iter()
        .all(|r| r.kind == InsuranceKind::HousingFund && r.personal.fen() == 120_000));
    assert_eq!(preview.skipped_rows, 0);
    assert_eq!(preview.detected.header_line, None);
    ingest::commit(&mut store, &preview, None, false).unwrap();
    let saved = ingest::saved_mappings::remember(&store, &preview)
        .unwrap()
        .unwrap();
    assert_eq!(
        (saved.signature.as_str(), saved.name_pattern.as_str()),
        ("", "paste-#-#-#")
    );

    let preview =
        ingest::preview_with_saved_mappings(&store, &bytes, "paste-2025-02-03", &profile).unwrap();
    assert_eq!(preview.mapping.unwrap().saved.unwrap().id, saved.id);
    let other = ingest::preview_with_saved_mappings(&store, &bytes, "公积金.tsv", &profile);
    assert_eq!(other.unwrap_err().code(), "import_no_header");
}

#[test]
fn mapped_rows_report_errors_with_the_header_words_or_column_letters() {
    let (_dir, _path, _store, profile) = db();
    let bytes = fixture("unrecognised_header.csv");
    let mut wrong = hr_mapping();
    wrong.columns.insert(Field::Kind, 2); // 计费工资 is no kind
    wrong.columns.remove(&Field::Base);
    let preview = ingest::preview_with_mapping(&bytes, "a.csv", &profile, &wrong).unwrap();
    assert_eq!(preview.errors.len(), 18);
    assert_eq!(
        (
            preview.errors[0].line,
            preview.errors[0].column.as_str(),
            preview.errors[0].value.as_str()
        ),
        (5, "计费工资", "9,000.00")
    );

    let headerless = ColumnMapping {
        header_line: None,
        columns: [(Field::Month, 0), (Field::Personal, 2)]
            .into_iter()
            .collect(),
        kind: Some(InsuranceKind::Pension),
    };
    let preview = ingest::preview_with_mapping(&bytes, "a.csv", &profile, &headerless).unwrap();
    let first = &preview.errors[0];
    assert_eq!((first.line, first.column.as_str()), (4, "A"), "{first:?}");
}

#[test]
fn unusable_mappings_are_refused_with_a_reason() {
    let (_dir, _path, _store, profile) = db();
    let bytes = fixture("unrecognised_header.csv");
    let mut outside = hr_mapping();
    outside.columns.insert(Field::Region, 9);
    let err = ingest::preview_with_mapping(&bytes, "a.csv", &profile, &outside).unwrap_err();
    assert_eq!(err.code(), "import_bad_mapping");
    assert!(
        err.message(Lang::Zh).contains("没有第 J 列"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(matches!(
        err,
        Error::ImportMapping {
            problem: MappingProblem::OutsideTable {
                column: 9,
                width: 6
            },
            ..
        }
    ));
    let json = fixture("ledger.json");
    let err =
        ingest::preview_with_mapping(&json, "ledger.json", &profile, &hr_mapping()).unwrap_err();
    assert!(matches!(
        err,
        Error::ImportMapping {
            problem: MappingProblem::NotATable,
            ..
        }
    ));
}

#[test]
fn a_cancelled_commit_writes_nothing_and_progress_reaches_the_end() {
    let (_dir, path, mut store, profile) = db();
    let bytes = fixture("unrecognised_header.csv");
    let preview: ImportPreview =
        ingest::preview_with_mapping(&bytes, "a.csv", &profile, &hr_mapping()).unwrap();

    let mut calls = Vec::new();
    let err = ingest::commit_reporting(&mut store, &preview, None, false, &mut |done, total| {
        calls.push((done, total));
        ControlFlow::Break(())
    })
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");
    assert_eq!(calls, vec![(0, 18)]);
    assert_eq!(count(&store, "contributions"), 0);
    assert_eq!(count(&store, "sources"), 0, "not even the source");
    // A fresh connection sees nothing of it either.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.compare_contributions(&preview.records).unwrap(),
        WriteReport {
            inserted: 18,
            updated: 0,
            unchanged: 0
        }
    );
    let mut last = (0, 0);
    ingest::commit_reporting(&mut store, &preview, None, false, &mut |done, total| {
        last = (done, total);
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(last, (18, 18));
}

#[test]
fn a_version_1_database_gains_the_mappings_table_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_initial.sql"))
            .unwrap();
        conn.execute(
            "INSERT INTO profiles (name, created_at) VALUES ('王芳', '2024-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        shebao_core::store::SCHEMA_VERSION
    );
    assert_eq!(store.profiles().unwrap()[0].name, "王芳");
    assert_eq!(store.import_mappings().unwrap(), vec![]);
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        backups
            .iter()
            .any(|name| name.starts_with("before-upgrade-v1-")),
        "{backups:?}"
    );
}
