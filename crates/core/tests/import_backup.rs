//! The automatic backup an import takes before it writes: one per import that changes
//! something, none for one that changes nothing, a dry run or a refused file; it restores to the
//! database as it was before the import; rotation keeps the newest ten and everything younger
//! than thirty days; and when the backup cannot be written, the import writes nothing.

mod common;

use chrono::{Duration, Utc};
use common::dump;
use shebao_core::ingest::{self, ImportOptions, ImportReport};
use shebao_core::model::{NewProfile, Profile};
use shebao_core::store::{self, backup_dir, list_backups, BackupEntry, BackupKind};
use shebao_core::{Error, Store};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/import")
            .join(name),
    )
    .unwrap()
}

fn open_with_profile(dir: &Path) -> (PathBuf, Store, Profile) {
    let db = dir.join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    let profile = store
        .add_profile(
            &NewProfile {
                name: "刘洋".into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    (db, store, profile)
}

fn import(
    store: &mut Store,
    profile: &Profile,
    file: &str,
    dry_run: bool,
) -> shebao_core::Result<ImportReport> {
    ingest::import(
        store,
        &fixture(file),
        file,
        None,
        profile,
        ImportOptions {
            dry_run,
            force: false,
        },
    )
}

fn automatic(db: &Path) -> Vec<BackupEntry> {
    list_backups(db)
        .unwrap()
        .into_iter()
        .filter(|b| b.kind == BackupKind::Auto)
        .collect()
}

#[test]
fn an_import_takes_one_backup_that_restores_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, profile) = open_with_profile(dir.path());
    let before = dump(&db);

    let report = import(&mut store, &profile, "paste.tsv", false).unwrap();
    assert!(report.added > 0);
    let backup = report
        .backup
        .expect("an import that adds records is backed up");
    let taken = automatic(&db);
    assert_eq!(taken.len(), 1, "exactly one automatic backup");
    assert_eq!(taken[0].path, backup);
    assert_eq!(backup.parent().unwrap(), backup_dir(&db));
    // The backup is the database before the import, row for row.
    assert_eq!(dump(&backup), before);
    let after = dump(&db);
    assert_ne!(after, before);

    drop(store);
    let restored = store::restore(&db, &backup, None, None).unwrap();
    assert_eq!(dump(&db), before, "restoring it undoes the import");
    let store = Store::open(&db).unwrap();
    assert!(store.contributions(profile.id).unwrap().is_empty());
    // …and what the import wrote is itself kept, as the before-restore backup.
    assert_eq!(
        dump(&restored.previous_saved_as.expect("the imported database")),
        after
    );
}

#[test]
fn an_import_that_changes_nothing_a_dry_run_and_a_refused_file_take_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, profile) = open_with_profile(dir.path());

    let dry = import(&mut store, &profile, "paste.tsv", true).unwrap();
    assert!(dry.added > 0 && dry.backup.is_none());
    assert!(
        list_backups(&db).unwrap().is_empty(),
        "a dry run writes none"
    );

    assert!(matches!(
        import(&mut store, &profile, "bad_rows.csv", false),
        Err(Error::ImportRows { .. })
    ));
    assert!(
        list_backups(&db).unwrap().is_empty(),
        "a refused file: none"
    );

    let first = import(&mut store, &profile, "paste.tsv", false).unwrap();
    assert!(first.backup.is_some());
    let again = import(&mut store, &profile, "paste.tsv", false).unwrap();
    assert_eq!((again.added, again.updated), (0, 0));
    assert_eq!(again.backup, None);
    assert_eq!(
        automatic(&db).len(),
        1,
        "the second, empty import took none"
    );
}

#[test]
fn balances_alone_count_as_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, profile) = open_with_profile(dir.path());
    // ledger.json carries records and reported balances.
    let mut preview = ingest::preview(&fixture("ledger.json"), "ledger.json", &profile).unwrap();
    assert!(!preview.balances.is_empty(), "the fixture has balances");
    ingest::commit(&mut store, &preview, None, true).unwrap();
    assert_eq!(automatic(&db).len(), 1);

    // The same records with one balance changed: a change, so a backup.
    preview.balances[0].amount += shebao_core::model::Money::from_yuan(1);
    let report = ingest::commit(&mut store, &preview, None, true).unwrap();
    assert_eq!((report.added, report.updated), (0, 0));
    assert!(report.backup.is_some());
    assert_eq!(automatic(&db).len(), 2);

    // Exactly the same again: nothing.
    let report = ingest::commit(&mut store, &preview, None, true).unwrap();
    assert_eq!(report.backup, None);
    assert_eq!(automatic(&db).len(), 2);
}

/// The question "does this import change anything?" stops at the first record that would be
/// written; a file whose only change is its last record must still be seen as a change.
#[test]
fn a_change_in_the_last_record_alone_still_takes_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, profile) = open_with_profile(dir.path());
    let mut preview = ingest::preview(&fixture("paste.tsv"), "paste.tsv", &profile).unwrap();
    assert!(
        preview.records.len() >= 2,
        "the fixture has several records"
    );
    ingest::commit(&mut store, &preview, None, false).unwrap();
    assert_eq!(automatic(&db).len(), 1);

    let last = preview.records.len() - 1;
    preview.records[last].personal += shebao_core::model::Money::from_yuan(1);
    let report = ingest::commit(&mut store, &preview, None, false).unwrap();
    assert_eq!((report.added, report.updated), (0, 1));
    assert!(report.backup.is_some());
    assert_eq!(automatic(&db).len(), 2);
}

/// Puts copies of a real backup into `backups/`, named as automatic backups taken `age` ago.
fn seed(db: &Path, template: &Path, age: Duration, count: usize) {
    let now = Utc::now();
    for n in 0..count {
        let at = now - age - Duration::seconds(n as i64);
        let name = format!("auto-{}.db", at.format("%Y%m%d-%H%M%S-%3f"));
        std::fs::copy(template, backup_dir(db).join(name)).unwrap();
    }
}

#[test]
fn rotation_after_an_import_keeps_the_newest_ten_and_all_younger_than_thirty_days() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, profile) = open_with_profile(dir.path());
    let template = store.backup_into_dir(BackupKind::Manual).unwrap();
    seed(&db, &template, Duration::days(40), 12);
    seed(&db, &template, Duration::days(1), 3);

    let report = import(&mut store, &profile, "paste.tsv", false).unwrap();
    let kept = automatic(&db);
    // The new one and the three young ones, then the six newest old ones: ten.
    assert_eq!(kept.len(), 10);
    assert_eq!(Some(&kept[0].path), report.backup.as_ref(), "newest first");
    let old = Utc::now() - Duration::days(30);
    assert_eq!(kept.iter().filter(|b| b.taken_at < old).count(), 6);
    assert!(template.exists(), "a manual backup is never rotated");

    // Many young ones: all kept however many, and the old ones beyond ten all go.
    seed(&db, &template, Duration::days(2), 12);
    let report = import(&mut store, &profile, "hangzhou_utf8_bom.csv", false).unwrap();
    assert!(report.added > 0);
    let kept = automatic(&db);
    assert_eq!(
        kept.len(),
        1 + 3 + 12 + 1,
        "every backup younger than 30 days"
    );
    assert!(kept.iter().all(|b| b.taken_at > old), "no old one left");
    assert!(template.exists());
}

#[test]
fn when_the_backup_cannot_be_written_the_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, mut store, profile) = open_with_profile(dir.path());
    // A file where the backups folder should be: the folder cannot be made.
    std::fs::write(backup_dir(&db), b"in the way").unwrap();
    let before = dump(&db);
    let err = import(&mut store, &profile, "paste.tsv", false).unwrap_err();
    assert_eq!(err.code(), "data_dir", "{err}");
    assert_eq!(dump(&db), before, "nothing imported without the way back");
    assert!(store.contributions(profile.id).unwrap().is_empty());
}
