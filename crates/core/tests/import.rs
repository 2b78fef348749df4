//! File import on real SQLite files: every committed fixture lands as the right months and
//! gaps; every fault leaves the database as it was; importing again changes nothing.

use shebao_core::ingest::{self, FileFormat, ImportOptions, RowProblem};
use shebao_core::model::{
    ContributionStatus, EmploymentCategory, InsuranceKind, Money, NewProfile, Payer, Profile,
    SourceKind,
};
use shebao_core::profile_analysis::profile_summary;
use shebao_core::store::FieldValue;
use shebao_core::{Error, Store};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
}

/// A valid ID number from 17 digits (the fixtures' people were made the same way).
fn with_check(first17: &str) -> String {
    shebao_core::model::IdNumber::with_check_char(first17)
        .expect("17 digits of a real date")
        .as_str()
        .to_string()
}

struct Db {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
}

fn db() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    let store = Store::open(&path).unwrap();
    Db {
        _dir: dir,
        path,
        store,
    }
}

fn add(store: &mut Store, name: &str, id: Option<&str>, employment: EmploymentCategory) -> Profile {
    store
        .add_profile(
            &NewProfile {
                name: name.into(),
                id_number: id.map(str::to_string),
                employment: Some(employment),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap()
}

fn import(db: &mut Db, file: &str, profile: &Profile) -> shebao_core::Result<ingest::ImportReport> {
    ingest::import(
        &mut db.store,
        &fixture(file),
        file,
        Some(&fixture_path(file).display().to_string()),
        profile,
        ImportOptions::default(),
    )
}

/// (months paid, first, last, gaps as "from..to") of one kind.
fn kind(db: &Db, profile: &Profile, kind: InsuranceKind) -> (u32, String, String, Vec<String>) {
    let summary = profile_summary(&db.store, profile).unwrap();
    let k = summary.kind(kind);
    let month = |m: Option<shebao_core::model::YearMonth>| m.map_or("-".into(), |m| m.to_string());
    (
        k.months_paid,
        month(k.first),
        month(k.last),
        k.gaps
            .iter()
            .map(|g| format!("{}..{}", g.from, g.to))
            .collect(),
    )
}

fn s(text: &str) -> String {
    text.to_string()
}

#[test]
fn chengdu_gbk_with_title_person_blank_and_total_rows() {
    let mut db = db();
    let id = with_check("51010419880315123");
    let p = add(
        &mut db.store,
        "张伟",
        Some(&id),
        EmploymentCategory::Employee,
    );
    let report = import(&mut db, "chengdu_gbk.csv", &p).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (36, 0, 0));
    assert_eq!(
        report.skipped_rows, 8,
        "title, person, 2 blank, 2 大额医疗, 合计, footer"
    );
    assert_eq!(report.detected.format, FileFormat::Csv);
    assert_eq!(report.detected.header_line, Some(4));
    assert_eq!(
        serde_json::to_value(report.detected.encoding).unwrap(),
        "gb18030"
    );
    assert_eq!(
        kind(&db, &p, InsuranceKind::Pension),
        (11, s("2023-01"), s("2023-12"), vec![s("2023-06..2023-06")])
    );
    assert_eq!(
        kind(&db, &p, InsuranceKind::Medical),
        (12, s("2023-01"), s("2023-12"), vec![])
    );
    assert_eq!(kind(&db, &p, InsuranceKind::Unemployment).0, 12);

    let stored = db.store.contributions(p.id).unwrap();
    let pension = &stored
        .iter()
        .find(|s| s.record.kind == InsuranceKind::Pension)
        .unwrap()
        .record;
    assert_eq!(pension.month.to_string(), "2023-01");
    assert_eq!(pension.base, Some(Money::from_fen(650_000)));
    assert_eq!(pension.employer, Money::from_fen(104_000));
    assert_eq!(pension.credited, Some(Money::from_fen(52_000)));
    assert_eq!(
        pension.payer,
        Payer::Employer("成都蓉城云图软件有限公司".into())
    );
    let source = db.store.source(pension.source).unwrap().unwrap();
    assert_eq!(
        (source.kind, source.name.as_str()),
        (SourceKind::File, "chengdu_gbk.csv")
    );
    assert!(source.last_sync.is_some());
    assert!(source.location.unwrap().ends_with("chengdu_gbk.csv"));
}

#[test]
fn hangzhou_utf8_bom_flexible_with_back_payment_and_unpaid_month() {
    let mut db = db();
    let p = add(&mut db.store, "周敏", None, EmploymentCategory::Flexible);
    let report = import(&mut db, "hangzhou_utf8_bom.csv", &p).unwrap();
    assert_eq!(report.added, 12);
    assert_eq!(
        kind(&db, &p, InsuranceKind::Pension),
        (6, s("2024-01"), s("2024-06"), vec![])
    );
    assert_eq!(
        kind(&db, &p, InsuranceKind::Medical),
        (5, s("2024-01"), s("2024-06"), vec![s("2024-04..2024-04")])
    );
    let stored = db.store.contributions(p.id).unwrap();
    let march_pension = stored
        .iter()
        .map(|s| &s.record)
        .find(|r| r.month.to_string() == "2024-03" && r.kind == InsuranceKind::Pension)
        .unwrap();
    assert_eq!(march_pension.status, ContributionStatus::BackPaid);
    assert_eq!(march_pension.payer, Payer::SelfPaid);
    assert_eq!(march_pension.region.as_deref(), Some("330100"));
    assert_eq!(march_pension.personal, Money::from_fen(89_240));
}

#[test]
fn pasted_tab_separated_table_with_housing_fund() {
    let mut db = db();
    let p = add(&mut db.store, "刘洋", None, EmploymentCategory::Employee);
    let report = import(&mut db, "paste.tsv", &p).unwrap();
    assert_eq!(report.detected.format, FileFormat::Tsv);
    assert_eq!(report.added, 12);
    for k in [
        InsuranceKind::Pension,
        InsuranceKind::Medical,
        InsuranceKind::HousingFund,
    ] {
        assert_eq!(
            kind(&db, &p, k),
            (4, s("2022-01"), s("2022-04"), vec![]),
            "{k}"
        );
    }
}

#[test]
fn wide_format_one_row_per_month() {
    let mut db = db();
    let p = add(&mut db.store, "赵磊", None, EmploymentCategory::Employee);
    let report = import(&mut db, "wide.csv", &p).unwrap();
    assert_eq!((report.added, report.skipped_rows), (53, 1));
    let gap = vec![s("2020-05..2020-05")];
    assert_eq!(
        kind(&db, &p, InsuranceKind::Pension),
        (11, s("2020-01"), s("2020-12"), gap.clone())
    );
    assert_eq!(
        kind(&db, &p, InsuranceKind::Unemployment),
        (9, s("2020-01"), s("2020-10"), gap.clone())
    );
    assert_eq!(kind(&db, &p, InsuranceKind::WorkInjury).0, 11);
    assert_eq!(kind(&db, &p, InsuranceKind::Maternity).0, 11);
    let work_injury = db
        .store
        .contributions(p.id)
        .unwrap()
        .into_iter()
        .find(|s| s.record.kind == InsuranceKind::WorkInjury)
        .unwrap()
        .record;
    assert_eq!(
        (work_injury.personal, work_injury.employer, work_injury.base),
        (
            Money::ZERO,
            Money::from_yuan(10),
            Some(Money::from_yuan(5000))
        )
    );
}

#[test]
fn national_platform_pension_details_from_two_regions_make_one_history() {
    let mut db = db();
    let p = add(&mut db.store, "孙丽", None, EmploymentCategory::Flexible);
    assert_eq!(
        import(&mut db, "national_pension_beijing.csv", &p)
            .unwrap()
            .added,
        36
    );
    assert_eq!(
        import(&mut db, "national_pension_chengdu.csv", &p)
            .unwrap()
            .added,
        6
    );
    assert_eq!(
        kind(&db, &p, InsuranceKind::Pension),
        (42, s("2019-01"), s("2022-06"), vec![])
    );
    assert_eq!(kind(&db, &p, InsuranceKind::Medical).0, 0);
    let stored = db.store.contributions(p.id).unwrap();
    let last = &stored.last().unwrap().record;
    assert_eq!(
        (last.payer.clone(), last.region.as_deref()),
        (Payer::SelfPaid, Some("510100")) // 成都市 in the file
    );
    assert_eq!(stored[0].record.personal, Money::from_yuan(720));
    assert_eq!(db.store.sources().unwrap().len(), 2, "one source per file");
}

#[test]
fn xlsx_with_date_cells_text_months_and_merged_cells() {
    let mut db = db();
    let id = with_check("44030419900101432");
    let p = add(
        &mut db.store,
        "陈静",
        Some(&id),
        EmploymentCategory::Employee,
    );
    let report = import(&mut db, "shenzhen.xlsx", &p).unwrap();
    assert_eq!(report.detected.format, FileFormat::Xlsx);
    assert_eq!(
        report.detected.sheet.as_deref(),
        Some("缴费明细"),
        "the notes sheet has no header"
    );
    assert_eq!(report.detected.header_line, Some(4));
    assert_eq!((report.added, report.skipped_rows), (18, 4));
    for k in [
        InsuranceKind::Pension,
        InsuranceKind::Medical,
        InsuranceKind::Unemployment,
    ] {
        assert_eq!(
            kind(&db, &p, k),
            (6, s("2021-07"), s("2021-12"), vec![]),
            "{k}"
        );
    }
    let stored = db.store.contributions(p.id).unwrap();
    for s in &stored {
        assert_eq!(
            s.record.payer,
            Payer::Employer("深圳南山启明电子有限公司".into())
        );
    }
    let pension = stored
        .iter()
        .find(|s| s.record.kind == InsuranceKind::Pension)
        .unwrap();
    // 12,345 × 8% = 987.60 and × 15% = 1,851.75, read from float cells without drift.
    assert_eq!(pension.record.personal, Money::from_fen(98_760));
    assert_eq!(pension.record.employer, Money::from_fen(185_175));
    assert_eq!(pension.record.base, Some(Money::from_yuan(12_345)));
    // Unrounded formula results (37.035, 86.415) count as Excel shows them, to the fen.
    let unemployment = stored
        .iter()
        .find(|s| s.record.kind == InsuranceKind::Unemployment)
        .unwrap();
    assert_eq!(unemployment.record.personal, Money::from_fen(3_704));
    assert_eq!(unemployment.record.employer, Money::from_fen(8_642));
}

#[test]
fn the_apps_own_json_format_with_balances() {
    let mut db = db();
    let p = add(
        &mut db.store,
        "王芳",
        Some("11010519491231002X"),
        EmploymentCategory::Employee,
    );
    let report = import(&mut db, "ledger.json", &p).unwrap();
    assert_eq!(
        (report.added, report.detected.format),
        (3, FileFormat::Json)
    );
    assert_eq!(
        kind(&db, &p, InsuranceKind::Pension),
        (3, s("2024-01"), s("2024-04"), vec![s("2024-03..2024-03")])
    );
    let balances = db.store.balances(p.id).unwrap();
    assert_eq!(balances.len(), 1);
    assert_eq!(balances[0].amount, Money::from_fen(5_234_567));
    assert_eq!(balances[0].source, report.source.unwrap());
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let mut db = db();
    let id = with_check("51010419880315123");
    let p = add(
        &mut db.store,
        "张伟",
        Some(&id),
        EmploymentCategory::Employee,
    );
    import(&mut db, "chengdu_gbk.csv", &p).unwrap();
    let before = db.store.contributions(p.id).unwrap();
    let again = import(&mut db, "chengdu_gbk.csv", &p).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 36));
    assert_eq!(db.store.contributions(p.id).unwrap(), before);
    assert!(before
        .iter()
        .all(|s| db.store.revisions(s.id).unwrap().is_empty()));
}

#[test]
fn a_dry_run_compares_and_writes_nothing() {
    let mut db = db();
    let p = add(&mut db.store, "刘洋", None, EmploymentCategory::Employee);
    let dry = ImportOptions {
        dry_run: true,
        force: false,
    };
    let report = ingest::import(
        &mut db.store,
        &fixture("paste.tsv"),
        "paste.tsv",
        None,
        &p,
        dry,
    )
    .unwrap();
    assert_eq!((report.added, report.source), (12, None));
    assert!(db.store.contributions(p.id).unwrap().is_empty());
    assert!(db.store.sources().unwrap().is_empty());
    import(&mut db, "paste.tsv", &p).unwrap();
    let report = ingest::import(
        &mut db.store,
        &fixture("paste.tsv"),
        "paste.tsv",
        None,
        &p,
        dry,
    )
    .unwrap();
    assert_eq!((report.added, report.unchanged), (0, 12));
}

#[test]
fn a_changed_value_is_updated_with_its_history() {
    let mut db = db();
    let p = add(&mut db.store, "刘洋", None, EmploymentCategory::Employee);
    import(&mut db, "paste.tsv", &p).unwrap();
    let changed = String::from_utf8(fixture("paste.tsv")).unwrap().replacen(
        "2022-01\t养老\t10,000.00\t800.00",
        "2022-01\t养老\t10,000.00\t810.00",
        1,
    );
    let report = ingest::import(
        &mut db.store,
        changed.as_bytes(),
        "paste-corrected.tsv",
        None,
        &p,
        ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (0, 1, 11));
    let stored = db.store.contributions(p.id).unwrap();
    let revised = stored
        .iter()
        .find(|s| s.record.personal == Money::from_yuan(810))
        .unwrap();
    let history = db.store.revisions(revised.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].old_value.clone(), history[0].new_value.clone()),
        (
            Some(FieldValue::Amount(Money::from_yuan(800))),
            Some(FieldValue::Amount(Money::from_yuan(810)))
        )
    );
}

/// Months spread from a period row keep its line in the database; importing the file again
/// changes nothing; a monthly statement that corrects one such month replaces the mark along
/// with the amount (its value is now listed, not derived).
#[test]
fn months_from_a_period_row_are_stored_with_its_line() {
    let mut db = db();
    let p = add(&mut db.store, "周敏", None, EmploymentCategory::Employee);
    let report = import(&mut db, "period_rows.csv", &p).unwrap();
    assert_eq!(report.added, 36 + 12 + 36);
    let lines_of = |db: &Db, kind: InsuranceKind| -> Vec<(String, Option<u32>)> {
        db.store
            .contributions(p.id)
            .unwrap()
            .into_iter()
            .filter(|s| s.record.kind == kind)
            .map(|s| (s.record.month.to_string(), s.record.period_line))
            .collect()
    };
    let pension = lines_of(&db, InsuranceKind::Pension);
    assert_eq!(pension.len(), 48);
    assert_eq!(pension[0], (s("2015-01"), Some(2)));
    assert_eq!(pension[35], (s("2017-12"), Some(2)));
    assert_eq!(pension[36], (s("2018-01"), Some(3)));
    assert!(lines_of(&db, InsuranceKind::Medical)
        .iter()
        .all(|(_, line)| *line == Some(4)));

    let again = import(&mut db, "period_rows.csv", &p).unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 84));

    // The monthly statement: 2018-03 paid ¥500.00, not the spell's ¥480.00.
    let monthly = "缴费年月,险种,缴费基数,个人缴费,单位名称\n\
                   2018-03,养老,\"6,000.00\",500.00,杭州某某贸易有限公司\n";
    let corrected = ingest::import(
        &mut db.store,
        monthly.as_bytes(),
        "2018年明细.csv",
        None,
        &p,
        ImportOptions::default(),
    )
    .unwrap();
    assert_eq!((corrected.added, corrected.updated), (0, 1));
    let pension = lines_of(&db, InsuranceKind::Pension);
    assert_eq!(pension[38], (s("2018-03"), None));
    assert_eq!(pension[37], (s("2018-02"), Some(3)));
}

/// What the database holds, to show a fault changed nothing.
fn snapshot(db: &Db, profile: &Profile) -> (usize, usize, usize) {
    (
        db.store.contributions(profile.id).unwrap().len(),
        db.store.sources().unwrap().len(),
        db.store.balances(profile.id).unwrap().len(),
    )
}

#[test]
fn every_fault_leaves_the_database_as_it_was() {
    let mut db = db();
    let p = add(
        &mut db.store,
        "王芳",
        Some("11010519491231002X"),
        EmploymentCategory::Employee,
    );
    import(&mut db, "paste.tsv", &p).unwrap();
    let before = snapshot(&db, &p);

    // Row errors: every one is listed with line, column and value; nothing is written.
    match import(&mut db, "bad_rows.csv", &p) {
        Err(Error::ImportRows { file, errors }) => {
            assert_eq!(file, "bad_rows.csv");
            let got: Vec<(usize, &str, &str, RowProblem)> = errors
                .iter()
                .map(|e| {
                    (
                        e.line,
                        e.column.as_str(),
                        e.value.as_str(),
                        e.problem.clone(),
                    )
                })
                .collect();
            assert_eq!(
                got,
                vec![
                    (3, "费款所属期", "2024-13", RowProblem::BadMonth),
                    (4, "个人缴费", "一百六十", RowProblem::BadAmount),
                    (5, "险种", "意外伤害险", RowProblem::UnknownKind),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // Another person's statement (a different ID number).
    let err = import(&mut db, "chengdu_gbk.csv", &p).unwrap_err();
    assert_eq!(err.code(), "person_mismatch");
    let message = err.message(shebao_core::Lang::Zh);
    assert!(message.contains("5101**********"), "{message}");
    assert_eq!(err.remedy(), Some(shebao_core::Remedy::ImportAnyway));
    assert!(!message.contains(&with_check("51010419880315123")));
    // Not text, no header, not our JSON, broken JSON.
    let faults: [(&[u8], &str, &str); 4] = [
        (
            b"\x00\x01\x02garbage\xff\xfe\x00",
            "x.csv",
            "import_not_text",
        ),
        (
            "名称,数量\n苹果,3\n".as_bytes(),
            "x.csv",
            "import_no_header",
        ),
        (
            br#"{"format": "other"}"#,
            "x.json",
            "import_not_ledger_json",
        ),
        (
            br#"{"format": "shebao-ledger", "version": 1, "contributions": [}"#,
            "x.json",
            "import_bad_json",
        ),
    ];
    for (bytes, name, code) in faults {
        let err = ingest::import(
            &mut db.store,
            bytes,
            name,
            None,
            &p,
            ImportOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
    }
    let err = ingest::import(
        &mut db.store,
        b"PK\x03\x04broken",
        "x.xlsx",
        None,
        &p,
        ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.code(), "import_unreadable");
    assert_eq!(snapshot(&db, &p), before);

    // And on disk, byte for byte, once the connection is closed.
    let path = db.path.clone();
    drop(db.store);
    let bytes = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    for file in ["bad_rows.csv", "chengdu_gbk.csv"] {
        assert!(ingest::import(
            &mut store,
            &fixture(file),
            file,
            None,
            &p,
            ImportOptions::default()
        )
        .is_err());
    }
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn another_persons_file_is_imported_when_forced() {
    let mut db = db();
    let p = add(&mut db.store, "妈妈", None, EmploymentCategory::Employee);
    let err = import(&mut db, "shenzhen.xlsx", &p).unwrap_err();
    assert!(err.message(shebao_core::Lang::En).contains("陈静"), "{err}");
    let forced = ingest::import(
        &mut db.store,
        &fixture("shenzhen.xlsx"),
        "shenzhen.xlsx",
        None,
        &p,
        ImportOptions {
            dry_run: false,
            force: true,
        },
    )
    .unwrap();
    assert_eq!(forced.added, 18);
}

/// The decision the window shows and the CLI acts on, carried by the preview itself.
#[test]
fn the_preview_says_whether_and_why_it_may_not_be_written() {
    use shebao_core::ingest::ImportBlocker::{NothingToWrite, PersonMismatch};
    let mut db = db();
    let p = add(&mut db.store, "妈妈", None, EmploymentCategory::Employee);
    let preview = ingest::preview(&fixture("shenzhen.xlsx"), "shenzhen.xlsx", &p).unwrap();
    let planned = ingest::plan(&db.store, &preview).unwrap();
    let summary = preview.summary(planned, shebao_core::Lang::Zh);
    assert!(!summary.can_commit);
    assert_eq!(summary.blocked_by, [PersonMismatch]);
    assert!(
        summary.blocked_when_forced.is_empty(),
        "confirming lifts it"
    );
    assert_eq!(
        ingest::check_writable(&preview, false).unwrap_err().code(),
        "person_mismatch"
    );
    ingest::check_writable(&preview, true).unwrap();

    // Once written, the same file would change nothing: the window offers no commit, while
    // the CLI still runs it (0 added, 0 updated).
    ingest::commit(&mut db.store, &preview, None, true).unwrap();
    let planned = ingest::plan(&db.store, &preview).unwrap();
    let summary = preview.summary(planned, shebao_core::Lang::Zh);
    assert_eq!(summary.blocked_by, [PersonMismatch, NothingToWrite]);
    assert_eq!(summary.blocked_when_forced, [NothingToWrite]);
    ingest::check_writable(&preview, true).unwrap();
}

#[test]
fn a_failing_write_rolls_back_the_source_and_every_record() {
    let mut db = db();
    let p = add(&mut db.store, "刘洋", None, EmploymentCategory::Employee);
    let mut preview = ingest::preview(&fixture("paste.tsv"), "paste.tsv", &p).unwrap();
    // The last record points at a profile that does not exist: the foreign key fails
    // after eleven records and the source were written inside the transaction.
    preview.records.last_mut().unwrap().profile = 999;
    assert!(ingest::commit(&mut db.store, &preview, None, false).is_err());
    assert_eq!(snapshot(&db, &p), (0, 0, 0));
}
