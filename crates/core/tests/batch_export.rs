//! The batch export on a real SQLite file with three profiles (the demo, one with three months of
//! records and a name a spreadsheet would read as a formula, one with none): one file per
//! person, the manifest, its check, and a folder never overwritten nor left half-written.

use chrono::{DateTime, FixedOffset};
use shebao_core::demo::load_demo;
use shebao_core::export::{
    export_all, read_manifest, sha256_hex, verify_batch, BatchRequest, VerifyStatus,
    MANIFEST_HEADER,
};
use shebao_core::model::{
    Contribution, ContributionStatus, ExportFormat, Freshness, InsuranceKind, Money, NewProfile,
    Payer, Profile, SourceKind,
};
use shebao_core::{Lang, Store};

fn at() -> DateTime<FixedOffset> {
    "2026-11-29T11:33:00+08:00".parse().unwrap()
}

fn request(format: ExportFormat) -> BatchRequest {
    BatchRequest {
        format,
        from: None,
        to: None,
        kinds: vec![],
        lang: Lang::Zh,
        show_id: false,
        with_estimate: false,
    }
}

fn add_profile(store: &mut Store, name: &str) -> Profile {
    let profile = NewProfile {
        name: name.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store.add_profile(&profile).unwrap()
}

fn add_records(
    store: &mut Store,
    profile: &Profile,
    payer: &str,
    months: &[(InsuranceKind, &str)],
) {
    let source = store
        .ensure_source(SourceKind::Manual, "手工", None, Freshness::Weekly)
        .unwrap();
    let records: Vec<Contribution> = months
        .iter()
        .map(|(kind, month)| Contribution {
            period_line: None,
            profile: profile.id,
            kind: *kind,
            month: month.parse().unwrap(),
            region: None,
            payer: Payer::Employer(payer.into()),
            base: Some(Money::from_yuan(5_000)),
            personal: Money::from_yuan(400),
            employer: Money::from_yuan(800),
            credited: None,
            status: ContributionStatus::Paid,
            source,
        })
        .collect();
    store.write_contributions(&records).unwrap();
}

/// The demo, "=Zhang, Jr." with pension in 2024-01..03 and medical in 2024-02 (3 months), and
/// 王五 with no records (0 months).
fn three_profiles() -> (tempfile::TempDir, Store, [Profile; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("shebao.db")).unwrap();
    let demo = load_demo(&mut store, "2026-11".parse().unwrap())
        .unwrap()
        .profile;
    let zhang = add_profile(&mut store, "=Zhang, Jr.");
    add_records(
        &mut store,
        &zhang,
        "某公司",
        &[
            (InsuranceKind::Pension, "2024-01"),
            (InsuranceKind::Pension, "2024-02"),
            (InsuranceKind::Medical, "2024-02"),
            (InsuranceKind::Pension, "2024-03"),
        ],
    );
    let wang = add_profile(&mut store, "王五");
    (dir, store, [demo, zhang, wang])
}

#[test]
fn every_profile_gets_a_file_and_the_manifest_lists_each_with_its_hash_and_months() {
    let (dir, mut store, [demo, zhang, wang]) = three_profiles();
    let out = dir.path().join("batch");
    let mut seen = vec![];
    let batch = export_all(
        &mut store,
        &request(ExportFormat::Pdf),
        &out,
        at(),
        |done, total| seen.push((done, total)),
    )
    .unwrap();
    assert_eq!(
        seen,
        [(0, 3), (1, 3), (2, 3), (3, 3)],
        "one bar for the batch"
    );
    assert_eq!(batch.manifest, out.join("manifest.csv"));
    let ids: Vec<_> = batch.files.iter().map(|f| f.profile_id).collect();
    assert_eq!(ids, [demo.id, zhang.id, wang.id]);
    assert_eq!(
        batch.files[1].file,
        format!("社保缴费记录-=Zhang, Jr.-{}-20261129-113300.pdf", zhang.id)
    );
    assert_eq!(batch.files[1].months, 3);
    assert_eq!(batch.files[2].months, 0);
    let demo_months = store
        .contributions(demo.id)
        .unwrap()
        .iter()
        .map(|c| c.record.month)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert_eq!(batch.files[0].months, demo_months);
    for entry in &batch.files {
        let bytes = std::fs::read(out.join(&entry.file)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{}", entry.file);
        assert_eq!(sha256_hex(&bytes), entry.sha256);
    }
    let text = std::fs::read_to_string(&batch.manifest).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(MANIFEST_HEADER));
    assert_eq!(
        lines.nth(1).unwrap(),
        format!(
            "\"'=Zhang, Jr.\",\"{}\",{},3,{}",
            batch.files[1].file, batch.files[1].sha256, zhang.id
        ),
        "quoted for the comma, and kept from being a formula"
    );
    assert_eq!(read_manifest(&batch.manifest).unwrap(), batch.files);
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        4,
        "three files and the manifest, no leftovers: {names:?}"
    );

    let checks = verify_batch(&store, &batch.manifest).unwrap();
    assert_eq!(checks.len(), 3);
    assert!(checks.iter().all(|c| c.passed()));
}

#[test]
fn verify_names_the_edited_the_missing_and_the_outdated_file() {
    let (dir, mut store, [_, zhang, _]) = three_profiles();
    let out = dir.path().join("batch");
    let batch = export_all(
        &mut store,
        &request(ExportFormat::Csv),
        &out,
        at(),
        |_, _| {},
    )
    .unwrap();
    let edited = out.join(&batch.files[0].file);
    let mut bytes = std::fs::read(&edited).unwrap();
    bytes.push(b'\n');
    std::fs::write(&edited, bytes).unwrap();
    std::fs::remove_file(out.join(&batch.files[2].file)).unwrap();
    // Within the period the export was made for (2024-01..03): a month outside it is not its
    // business.
    add_records(
        &mut store,
        &zhang,
        "某公司",
        &[(InsuranceKind::Medical, "2024-03")],
    );

    let checks = verify_batch(&store, &batch.manifest).unwrap();
    assert!(!checks[0].missing && !checks[0].matches_manifest);
    assert_eq!(
        checks[0].verification.as_ref().unwrap().status,
        VerifyStatus::NotProduced
    );
    assert!(checks[1].matches_manifest);
    let changed = checks[1].verification.as_ref().unwrap();
    assert_eq!(changed.status, VerifyStatus::Changed);
    assert_eq!(changed.changed_months, ["2024-03".parse().unwrap()]);
    assert!(checks[2].missing && checks[2].verification.is_none());
    assert!(checks.iter().all(|c| !c.passed()));
}

#[test]
fn a_folder_with_a_manifest_or_a_file_of_the_same_name_is_refused_untouched() {
    let (dir, mut store, _) = three_profiles();
    let out = dir.path().join("batch");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("manifest.csv"), "mine").unwrap();
    let err = export_all(
        &mut store,
        &request(ExportFormat::Pdf),
        &out,
        at(),
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "batch_folder_taken");
    assert!(err.message(Lang::En).contains("manifest.csv"));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.csv")).unwrap(),
        "mine"
    );

    std::fs::remove_file(out.join("manifest.csv")).unwrap();
    let first = export_all(
        &mut store,
        &request(ExportFormat::Json),
        &out,
        at(),
        |_, _| {},
    )
    .unwrap();
    let taken = out.join(&first.files[1].file);
    std::fs::remove_file(&first.manifest).unwrap();
    let err = export_all(
        &mut store,
        &request(ExportFormat::Json),
        &out,
        at(),
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "batch_folder_taken");
    assert!(err.message(Lang::Zh).contains(&first.files[0].file));
    assert!(taken.exists());
    assert!(!first.manifest.exists());
}

#[test]
fn when_one_profile_fails_the_files_already_written_are_removed_and_the_error_names_it() {
    let (dir, mut store, _) = three_profiles();
    let bad = add_profile(&mut store, "赵六");
    add_records(
        &mut store,
        &bad,
        "公司🦀",
        &[(InsuranceKind::Pension, "2024-01")],
    );
    let out = dir.path().join("batch");
    let err = export_all(
        &mut store,
        &request(ExportFormat::Pdf),
        &out,
        at(),
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(err.code(), "glyphs_missing", "the cause's code");
    assert!(
        err.message(Lang::Zh).contains("赵六"),
        "{}",
        err.message(Lang::Zh)
    );
    assert!(err.message(Lang::En).contains("赵六"));
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing left behind"
    );
}

#[test]
fn a_manifest_line_that_points_outside_the_folder_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("manifest.csv");
    let hash = "a".repeat(64);
    std::fs::write(
        &manifest,
        format!("{MANIFEST_HEADER}\r\n张三,ok.pdf,{hash},1,1\r\n李四,../x.pdf,{hash},1,2\r\n"),
    )
    .unwrap();
    let err = read_manifest(&manifest).unwrap_err();
    assert_eq!(err.code(), "manifest_invalid");
    assert!(
        err.message(Lang::En).contains("line 3"),
        "{}",
        err.message(Lang::En)
    );
    assert!(err.message(Lang::Zh).contains("第 3 行"));
}
