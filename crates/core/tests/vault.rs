//! The official-document vault on real database files and folders: attach, list, open, export
//! and remove; duplicates found by hash; bad files refused with nothing written; a failed
//! attach leaves neither a row nor a file; damaged or missing files are reported, never copied;
//! profile deletion and undo keep rows and files consistent; the certificate age setting and
//! its alert.

mod common;

use chrono::{Days, NaiveDate};
use common::snapshot;
use shebao_core::analysis::alerts::{AlertCode, Severity};
use shebao_core::model::{DocumentType, MediaType, NewProfile, Profile};
use shebao_core::profile_analysis;
use shebao_core::store::BackupKind;
use shebao_core::vault::{
    self, legacy_vault_dir, read_document, sha256_hex, trash_dir, vault_dir, DocumentFile,
    MaxAgeSetBy, NewDocument, PruneReport, MAX_DOCUMENT_BYTES, TRASH_GRACE,
};
use shebao_core::{Error, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A small but real-looking PDF (the vault checks only the signature).
fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.7\n% 参保证明 {text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
        .into_bytes()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
];

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    profile: Profile,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("data").join("shebao.db")).unwrap();
        let profile = add_profile(&mut store, "李明");
        Fixture {
            dir,
            store,
            profile,
        }
    }

    /// Writes `bytes` as `name` in an "downloads" folder outside the data folder.
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let folder = self.dir.path().join("downloads");
        std::fs::create_dir_all(&folder).unwrap();
        let path = folder.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn vault(&self) -> PathBuf {
        vault_dir(self.store.path())
    }

    fn attach(
        &mut self,
        path: &Path,
        doc_type: DocumentType,
        date: Option<NaiveDate>,
    ) -> shebao_core::Result<shebao_core::model::VaultDocument> {
        let file = read_document(path)?;
        self.attach_file(&file, doc_type, date)
    }

    /// Attaches a document already read (its original name may be one no file here has).
    fn attach_file(
        &mut self,
        file: &DocumentFile,
        doc_type: DocumentType,
        date: Option<NaiveDate>,
    ) -> shebao_core::Result<shebao_core::model::VaultDocument> {
        let profile = self.profile.id;
        vault::attach(
            &mut self.store,
            profile,
            file,
            &NewDocument {
                doc_type,
                document_date: date,
                note: Some("  从掌上12333下载  ".into()),
            },
            today(),
        )
    }
}

fn add_profile(store: &mut Store, name: &str) -> Profile {
    store
        .add_profile(
            &NewProfile {
                name: name.into(),
                ..Default::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Makes a file look `by` older (the trash counts its grace period by modification time).
fn age(path: &Path, by: Duration) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - by)
        .unwrap();
}

/// Attaches `bytes` as a certificate to the first profile of `store`.
fn attach_to(store: &mut Store, name: &str, bytes: &[u8]) -> shebao_core::model::VaultDocument {
    let file = shebao_core::vault::document_from_bytes(bytes.to_vec(), name).unwrap();
    let profile = store.profiles().unwrap()[0].id;
    vault::attach(
        store,
        profile,
        &file,
        &NewDocument {
            doc_type: DocumentType::Certificate,
            document_date: None,
            note: None,
        },
        today(),
    )
    .unwrap()
}

fn all_present(store: &Store) -> bool {
    let profile = store.profiles().unwrap()[0].id;
    vault::list(store, profile)
        .unwrap()
        .iter()
        .all(|l| l.present)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn attach_list_open_export_remove() {
    let mut f = Fixture::new();
    let bytes = pdf("2026-11");
    let source = f.file("参保证明_202611.pdf", &bytes);
    let document = f
        .attach(&source, DocumentType::Certificate, Some(day(2026, 11, 20)))
        .unwrap();
    let sha = sha256_hex(&bytes);
    assert_eq!(
        (
            document.doc_type,
            document.media_type,
            document.size,
            document.sha256.as_str(),
            document.original_name.as_str(),
            document.document_date,
            document.note.as_deref(),
        ),
        (
            DocumentType::Certificate,
            MediaType::Pdf,
            bytes.len() as u64,
            sha.as_str(),
            "参保证明_202611.pdf",
            Some(day(2026, 11, 20)),
            Some("从掌上12333下载"),
        )
    );
    // Copied into the database's own vault folder, named by its hash; the original is untouched.
    let stored = f.vault().join(format!("{sha}.pdf"));
    assert_eq!(f.vault(), f.data().join("shebao.db.vault"));
    assert_eq!(std::fs::read(&stored).unwrap(), bytes);
    assert_eq!(
        files_in(&f.vault()),
        [format!("{sha}.pdf")],
        "no temporary file left"
    );
    assert_eq!(std::fs::read(&source).unwrap(), bytes);

    let png = f
        .attach(
            &f.file("scan.png", PNG),
            DocumentType::RightsRecord,
            Some(day(2025, 6, 1)),
        )
        .unwrap();
    let jpeg = f
        .attach(&f.file("photo.JPG", JPEG), DocumentType::Other, None)
        .unwrap();
    assert_eq!(
        (png.media_type, jpeg.media_type),
        (MediaType::Png, MediaType::Jpeg)
    );
    assert!(f
        .vault()
        .join(jpeg.file_name())
        .ends_with(format!("{}.jpg", jpeg.sha256)));

    let listed = vault::list(&f.store, f.profile.id).unwrap();
    let ids: Vec<i64> = listed.iter().map(|l| l.document.id).collect();
    // Most recent first: the photo (attached today, no date), then the certificate, then 2025.
    assert_eq!(ids, [jpeg.id, document.id, png.id]);
    assert!(listed.iter().all(|l| l.present));
    assert_eq!(listed[1].file, stored);

    assert_eq!(vault::open(&f.store, document.id).unwrap(), stored);

    let out = f.dir.path().join("out").join("给房东的参保证明.pdf");
    let exported = vault::export(&f.store, document.id, &out).unwrap();
    assert_eq!(
        (exported.path.as_path(), exported.sha256.as_str()),
        (out.as_path(), sha.as_str())
    );
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    // Exporting again replaces the file whole.
    std::fs::write(&out, b"something else").unwrap();
    vault::export(&f.store, document.id, &out).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), bytes);
    assert_eq!(files_in(out.parent().unwrap()), ["给房东的参保证明.pdf"]);

    let removed = vault::remove(&mut f.store, document.id).unwrap();
    assert!(removed.file_removed);
    assert!(!stored.exists());
    assert_eq!(
        std::fs::read(trash_dir(f.store.path()).join(format!("{sha}.pdf"))).unwrap(),
        bytes,
        "moved to the trash, not deleted"
    );
    assert!(f.store.document(document.id).unwrap().is_none());
    assert!(matches!(
        vault::open(&f.store, document.id),
        Err(Error::UnknownDocument { id }) if id == document.id
    ));
    assert!(matches!(
        vault::remove(&mut f.store, document.id),
        Err(Error::UnknownDocument { .. })
    ));
    assert_eq!(vault::list(&f.store, f.profile.id).unwrap().len(), 2);

    // Ids are never handed out again, so a script's `remove ID` cannot hit another document.
    // The same file attached again comes back from the trash.
    let again = f.attach(&source, DocumentType::Certificate, None).unwrap();
    assert!(again.id > jpeg.id);
    assert_eq!(std::fs::read(&stored).unwrap(), bytes);
    assert!(files_in(&trash_dir(f.store.path())).is_empty());
}

#[test]
fn the_same_file_twice_is_found_by_its_hash_and_shared_between_profiles() {
    let mut f = Fixture::new();
    let bytes = pdf("family");
    let first = f
        .attach(&f.file("a.pdf", &bytes), DocumentType::Certificate, None)
        .unwrap();
    // The same bytes under another name: refused, nothing written.
    let before = snapshot(&f.data());
    let err = f
        .attach(&f.file("copy of a.pdf", &bytes), DocumentType::Other, None)
        .unwrap_err();
    assert!(
        matches!(err, Error::DocumentDuplicate { id } if id == first.id),
        "{err}"
    );
    assert_eq!(err.code(), "document_duplicate");
    assert!(err
        .message(shebao_core::Lang::Zh)
        .contains(&format!("文档 {}", first.id)));
    assert_eq!(snapshot(&f.data()).len(), before.len());
    assert_eq!(vault::list(&f.store, f.profile.id).unwrap().len(), 1);

    // Another family member may hold the same file: one copy on disk.
    let mother = add_profile(&mut f.store, "王芳");
    let file = read_document(&f.file("a.pdf", &bytes)).unwrap();
    let hers = vault::attach(
        &mut f.store,
        mother.id,
        &file,
        &NewDocument {
            doc_type: DocumentType::Certificate,
            document_date: None,
            note: None,
        },
        today(),
    )
    .unwrap();
    assert_eq!(hers.note, None);
    assert_eq!(files_in(&f.vault()).len(), 1);
    let path = f.vault().join(first.file_name());

    let removed = vault::remove(&mut f.store, first.id).unwrap();
    assert!(!removed.file_removed, "still held by the other profile");
    assert_eq!(vault::open(&f.store, hers.id).unwrap(), path);
    assert!(vault::remove(&mut f.store, hers.id).unwrap().file_removed);
    assert_eq!(files_in(&f.vault()), ["trash"]);
}

#[test]
fn bad_files_are_refused_with_a_clear_error_and_nothing_written() {
    let mut f = Fixture::new();
    let before = snapshot(&f.data());
    let html = f.file(
        "参保证明.pdf",
        b"<!DOCTYPE html><html>session expired</html>",
    );
    let zip = f.file("records.zip", b"PK\x03\x04....");
    let empty = f.file("empty.pdf", b"");
    let missing = f.dir.path().join("downloads").join("nowhere.pdf");
    let folder = f.dir.path().join("downloads");
    // Larger than the limit, without writing 50 MB: a sparse file.
    let huge = f.dir.path().join("downloads").join("huge.pdf");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_DOCUMENT_BYTES + 1)
        .unwrap();
    let cases: [(&Path, &str, &str); 6] = [
        (
            &html,
            "document_unsupported",
            "is not a PDF, PNG or JPEG file",
        ),
        (
            &zip,
            "document_unsupported",
            "is not a PDF, PNG or JPEG file",
        ),
        (&empty, "document_empty", "is empty (0 bytes)"),
        (&missing, "document_not_found", "no such file"),
        (&folder, "io", "a folder, not a file"),
        (
            &huge,
            "document_too_large",
            "is 52428801 bytes, more than the 52428800 bytes",
        ),
    ];
    for (path, code, words) in cases {
        let err = f.attach(path, DocumentType::Certificate, None).unwrap_err();
        assert_eq!(err.code(), code, "{}: {err}", path.display());
        let en = err.message(shebao_core::Lang::En);
        assert!(en.contains(words), "{en}");
        assert!(
            en.contains(&path.display().to_string()),
            "names the file: {en}"
        );
        assert!(!err.message(shebao_core::Lang::Zh).is_empty());
    }
    // In megabytes when that tells the two apart.
    std::fs::File::options()
        .write(true)
        .open(&huge)
        .unwrap()
        .set_len(MAX_DOCUMENT_BYTES + MAX_DOCUMENT_BYTES / 4)
        .unwrap();
    let err = f.attach(&huge, DocumentType::Other, None).unwrap_err();
    assert!(
        err.message(shebao_core::Lang::Zh)
            .contains("有 62.5 MB，超过文档的上限 50 MB"),
        "{err}"
    );

    // A date after today, a note too long, an unknown profile: refused before any file.
    let good = f.file("good.pdf", &pdf("ok"));
    let err = f
        .attach(
            &good,
            DocumentType::Certificate,
            Some(today() + Days::new(1)),
        )
        .unwrap_err();
    assert_eq!(err.code(), "invalid_field");
    assert!(
        err.message(shebao_core::Lang::Zh).contains("文档日期无效"),
        "{err}"
    );
    let file = read_document(&good).unwrap();
    let new = NewDocument {
        doc_type: DocumentType::Other,
        document_date: None,
        note: Some("很长".repeat(600)),
    };
    let err = vault::attach(&mut f.store, f.profile.id, &file, &new, today()).unwrap_err();
    assert!(
        err.message(shebao_core::Lang::Zh).contains("备注无效"),
        "{err}"
    );
    let new = NewDocument { note: None, ..new };
    assert!(matches!(
        vault::attach(&mut f.store, 999, &file, &new, today()),
        Err(Error::UnknownProfile { .. })
    ));
    assert_eq!(
        snapshot(&f.data()).len(),
        before.len(),
        "no vault folder, no file"
    );
    assert!(!f.vault().exists());
}

#[test]
fn a_failed_attach_leaves_neither_a_row_nor_a_file() {
    let mut f = Fixture::new();
    let source = f.file("a.pdf", &pdf("fails"));

    // 1. The row cannot be written (the database refuses it, as a full disk would) after the
    //    file was placed: the file goes again.
    let side = rusqlite::Connection::open(f.store.path()).unwrap();
    side.execute_batch(
        "CREATE TRIGGER refuse BEFORE INSERT ON vault_documents
         BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END;",
    )
    .unwrap();
    let err = f
        .attach(&source, DocumentType::Certificate, None)
        .unwrap_err();
    assert_eq!(err.code(), "database", "{err}");
    assert!(vault::list(&f.store, f.profile.id).unwrap().is_empty());
    assert!(
        files_in(&f.vault()).is_empty(),
        "{:?}",
        files_in(&f.vault())
    );
    side.execute_batch("DROP TRIGGER refuse").unwrap();

    // 2. The file cannot be written (a file where the vault folder should be): no row.
    std::fs::remove_dir(f.vault()).unwrap();
    std::fs::write(f.vault(), b"in the way").unwrap();
    let err = f
        .attach(&source, DocumentType::Certificate, None)
        .unwrap_err();
    assert_eq!(err.code(), "data_dir", "{err}");
    assert!(vault::list(&f.store, f.profile.id).unwrap().is_empty());

    // 3. The rename fails (a folder where the file should go): no row, no temporary file.
    std::fs::remove_file(f.vault()).unwrap();
    let file = read_document(&source).unwrap();
    std::fs::create_dir_all(f.vault().join(format!("{}.pdf", file.sha256))).unwrap();
    assert!(f.attach(&source, DocumentType::Certificate, None).is_err());
    assert!(vault::list(&f.store, f.profile.id).unwrap().is_empty());
    assert_eq!(files_in(&f.vault()), [format!("{}.pdf", file.sha256)]);
    std::fs::remove_dir(f.vault().join(format!("{}.pdf", file.sha256))).unwrap();

    // And then it works.
    f.attach(&source, DocumentType::Certificate, None).unwrap();
}

#[test]
fn damaged_or_missing_files_are_reported_and_never_copied_out() {
    let mut f = Fixture::new();
    let document = f
        .attach(&f.file("a.pdf", &pdf("x")), DocumentType::Certificate, None)
        .unwrap();
    let path = f.vault().join(document.file_name());
    let out = f.dir.path().join("out.pdf");
    std::fs::write(&out, b"the user's earlier file").unwrap();

    // One byte changed behind the app's back.
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 1;
    std::fs::write(&path, &bytes).unwrap();
    for err in [
        vault::open(&f.store, document.id).unwrap_err(),
        vault::export(&f.store, document.id, &out).unwrap_err(),
    ] {
        assert_eq!(err.code(), "document_damaged");
        assert!(err
            .message(shebao_core::Lang::En)
            .contains("no longer matches its SHA-256"));
    }
    assert_eq!(std::fs::read(&out).unwrap(), b"the user's earlier file");

    std::fs::remove_file(&path).unwrap();
    let listed = vault::list(&f.store, f.profile.id).unwrap();
    assert!(!listed[0].present);
    let err = vault::export(&f.store, document.id, &out).unwrap_err();
    assert_eq!(err.code(), "document_missing");
    assert!(err
        .message(shebao_core::Lang::Zh)
        .contains("请重新添加该文档"));
    assert_eq!(files_in(f.dir.path()), ["data", "downloads", "out.pdf"]);
    // Removing a document whose file is gone still removes its row.
    assert!(
        !vault::remove(&mut f.store, document.id)
            .unwrap()
            .file_removed
    );
}

#[test]
fn deleting_a_profile_keeps_the_files_for_the_undo_and_prune_removes_them_after() {
    let mut f = Fixture::new();
    let kept = f
        .attach(
            &f.file("a.pdf", &pdf("a")),
            DocumentType::Certificate,
            Some(day(2026, 1, 5)),
        )
        .unwrap();
    f.store
        .set_certificate_max_age(Some(f.profile.id), Some(45))
        .unwrap();
    let before = vault::list(&f.store, f.profile.id).unwrap();

    let snapshot = f.store.delete_profile(f.profile.id).unwrap();
    assert_eq!(snapshot.document_count(), 1);
    assert!(
        f.store.document(kept.id).unwrap().is_none(),
        "the row went with the profile"
    );
    assert!(
        f.vault().join(kept.file_name()).is_file(),
        "the file stays for the undo"
    );
    assert_eq!(
        f.store
            .certificate_max_age_setting(Some(f.profile.id))
            .unwrap(),
        None
    );

    let restored = f.store.restore_profile(&snapshot).unwrap();
    assert_eq!(
        vault::list(&f.store, restored.id).unwrap(),
        before,
        "same ids, same rows"
    );
    assert_eq!(
        vault::open(&f.store, kept.id).unwrap(),
        f.vault().join(kept.file_name())
    );
    assert_eq!(
        vault::certificate_max_age(&f.store, restored.id)
            .unwrap()
            .days,
        45
    );

    // Deleted for good: prune removes the file no row names, and nothing else.
    let other = add_profile(&mut f.store, "王芳");
    let file = read_document(&f.file("b.png", PNG)).unwrap();
    let new = NewDocument {
        doc_type: DocumentType::Other,
        document_date: None,
        note: None,
    };
    let theirs = vault::attach(&mut f.store, other.id, &file, &new, today()).unwrap();
    std::fs::write(f.vault().join("README.txt"), b"not ours").unwrap();
    f.store.delete_profile(restored.id).unwrap();
    let pruned = vault::prune(&f.store).unwrap();
    let trashed = trash_dir(f.store.path()).join(kept.file_name());
    assert_eq!(
        pruned,
        PruneReport {
            trashed: vec![trashed.clone()],
            ..Default::default()
        }
    );
    assert_eq!(
        files_in(&f.vault()),
        [
            theirs.file_name(),
            "README.txt".to_string(),
            "trash".to_string()
        ]
    );
    assert_eq!(vault::prune(&f.store).unwrap(), PruneReport::default());
    // Only after the grace period does it go for good.
    age(&trashed, TRASH_GRACE + Duration::from_secs(60));
    assert_eq!(
        vault::prune(&f.store).unwrap().removed,
        std::slice::from_ref(&trashed)
    );
    assert!(!trashed.exists());
    assert_eq!(vault::prune(&f.store).unwrap(), PruneReport::default());
}

/// Two databases in one folder (issue 14): one's prune never touches the other's files, even
/// when both hold the same file.
#[test]
fn two_databases_in_one_folder_never_share_a_vault() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(dir.path().join("a.db")).unwrap();
    let mut b = Store::open(dir.path().join("b.db")).unwrap();
    add_profile(&mut a, "李明");
    add_profile(&mut b, "王芳");
    let mine = attach_to(&mut a, "mine.pdf", &pdf("a"));
    let shared = attach_to(&mut a, "shared.pdf", &pdf("shared"));
    attach_to(&mut b, "shared.pdf", &pdf("shared"));
    assert_eq!(vault_dir(a.path()), dir.path().join("a.db.vault"));
    assert_eq!(
        files_in(&vault_dir(b.path())),
        [shared.file_name()],
        "b keeps its own copy"
    );

    // b's prune (the desktop app's, on every exit): a's files stay, untouched.
    assert_eq!(vault::prune(&b).unwrap(), PruneReport::default());
    assert!(all_present(&a));
    assert!(vault::open(&a, mine.id).is_ok());

    // b removes its copy of the shared file: a's copy stays.
    let theirs = b.documents(1).unwrap()[0].id;
    vault::remove(&mut b, theirs).unwrap();
    vault::prune(&b).unwrap();
    assert!(vault::open(&a, shared.id).is_ok());
}

/// A file in the trash past its grace period is deleted only when no other database and no
/// backup in the folder names it, and never while one of them cannot be read.
#[test]
fn the_trash_keeps_what_a_backup_or_another_database_names_or_might_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(dir.path().join("a.db")).unwrap();
    add_profile(&mut a, "李明");
    // A backup naming the first file (as `restore` leaves a before-restore one), a copy of the
    // database under another name naming the second, and the third named nowhere.
    let in_backup = attach_to(&mut a, "old.pdf", &pdf("in a backup"));
    a.backup_into_dir(BackupKind::BeforeRestore).unwrap();
    vault::remove(&mut a, in_backup.id).unwrap();
    let in_copy = attach_to(&mut a, "copy.pdf", &pdf("in a copy"));
    a.backup_to(&dir.path().join("copy.db")).unwrap();
    vault::remove(&mut a, in_copy.id).unwrap();
    let nowhere = attach_to(&mut a, "gone.pdf", &pdf("nowhere"));
    vault::remove(&mut a, nowhere.id).unwrap();

    let trash = trash_dir(a.path());
    let trashed = |d: &shebao_core::model::VaultDocument| trash.join(d.file_name());
    // Young: nothing goes.
    assert_eq!(vault::prune(&a).unwrap(), PruneReport::default());
    for d in [&in_backup, &in_copy, &nowhere] {
        age(&trashed(d), TRASH_GRACE + Duration::from_secs(60));
    }
    assert_eq!(
        vault::prune(&a).unwrap(),
        PruneReport {
            removed: vec![trashed(&nowhere)],
            ..Default::default()
        }
    );
    assert!(trashed(&in_backup).is_file() && trashed(&in_copy).is_file());

    // A database that cannot be read (encrypted with another passphrase): it might name any
    // file, so nothing is deleted, and prune says why.
    let locked = dir.path().join("locked.db");
    drop(Store::open_with_passphrase(&locked, Some(&common::pass("别人的密码 123"))).unwrap());
    let later = attach_to(&mut a, "later.pdf", &pdf("later"));
    vault::remove(&mut a, later.id).unwrap();
    age(&trashed(&later), TRASH_GRACE + Duration::from_secs(60));
    let pruned = vault::prune(&a).unwrap();
    assert!(pruned.removed.is_empty(), "{pruned:?}");
    assert_eq!(pruned.unreadable, std::slice::from_ref(&locked));
    assert!(trashed(&later).is_file());
    std::fs::remove_file(&locked).unwrap();
    assert_eq!(vault::prune(&a).unwrap().removed, [trashed(&later)]);

    // The backup restored (here: its rows back in a database of this name) finds its file:
    // listing brings it back from the trash.
    let backup = shebao_core::store::list_backups(a.path()).unwrap()[0]
        .path
        .clone();
    drop(a);
    std::fs::copy(&backup, dir.path().join("a.db")).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("a.db{suffix}")));
    }
    let a = Store::open(dir.path().join("a.db")).unwrap();
    assert!(all_present(&a));
    assert!(vault_dir(a.path()).join(in_backup.file_name()).is_file());
    assert!(!trashed(&in_backup).exists());
}

/// An undo after prune: the rows come back and their files come back from the trash.
#[test]
fn an_undo_after_prune_finds_its_files_in_the_trash() {
    let mut f = Fixture::new();
    let kept = f
        .attach(&f.file("a.pdf", &pdf("a")), DocumentType::Certificate, None)
        .unwrap();
    let snapshot = f.store.delete_profile(f.profile.id).unwrap();
    assert_eq!(vault::prune(&f.store).unwrap().trashed.len(), 1);
    let restored = f.store.restore_profile(&snapshot).unwrap();
    assert!(vault::list(&f.store, restored.id).unwrap()[0].present);
    assert_eq!(
        vault::open(&f.store, kept.id).unwrap(),
        f.vault().join(kept.file_name())
    );
    assert!(files_in(&trash_dir(f.store.path())).is_empty());
}

/// The old layout (one `vault/` shared by every database in the folder) migrates into each
/// database's own folder without losing a file: a file both name is linked or copied, never
/// taken from the other; a file only one names is moved. A half-done migration is finished
/// by the next operation.
#[test]
fn the_old_shared_vault_migrates_without_losing_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open(dir.path().join("a.db")).unwrap();
    let mut b = Store::open(dir.path().join("b.db")).unwrap();
    add_profile(&mut a, "李明");
    add_profile(&mut b, "王芳");
    let only_a = attach_to(&mut a, "a.pdf", &pdf("only a"));
    let shared = attach_to(&mut a, "shared.pdf", &pdf("shared"));
    attach_to(&mut b, "shared.pdf", &pdf("shared"));
    let only_b = attach_to(&mut b, "b.png", PNG);
    // Back to the old layout: every file in `vault/`, no per-database folder.
    let legacy = legacy_vault_dir(a.path());
    std::fs::create_dir(&legacy).unwrap();
    for store in [&a, &b] {
        for name in files_in(&vault_dir(store.path())) {
            std::fs::rename(vault_dir(store.path()).join(&name), legacy.join(&name)).unwrap();
        }
        std::fs::remove_dir(vault_dir(store.path())).unwrap();
    }
    assert_eq!(files_in(&legacy).len(), 3);

    // A crash in a's migration after the shared file was linked in (and a temporary file
    // left), before its own file moved: the next operation finishes it.
    std::fs::create_dir(vault_dir(a.path())).unwrap();
    std::fs::copy(
        legacy.join(shared.file_name()),
        vault_dir(a.path()).join(shared.file_name()),
    )
    .unwrap();
    let temp = vault_dir(a.path()).join(format!("{}.writing-1-2", only_a.file_name()));
    std::fs::write(&temp, b"half").unwrap();
    assert!(all_present(&a));
    assert!(all_present(&a), "idempotent");
    let mut left = vec![only_b.file_name(), shared.file_name()];
    left.sort();
    assert_eq!(
        files_in(&legacy),
        left,
        "a's own file moved; the shared one stays for b"
    );
    assert!(all_present(&b));
    assert!(
        files_in(&legacy).contains(&shared.file_name()),
        "a still names the shared file too: b linked or copied it"
    );
    assert!(!files_in(&legacy).contains(&only_b.file_name()));
    for (store, expected) in [
        (&a, [only_a.file_name(), shared.file_name()]),
        (&b, {
            let mut names = [only_b.file_name(), shared.file_name()];
            names.sort();
            names
        }),
    ] {
        let mut found = files_in(&vault_dir(store.path()));
        found.retain(|n| !n.contains(".writing-"));
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(found, expected);
    }

    // Then prune in each deletes nothing any database names, even past the grace period.
    for store in [&a, &b] {
        let pruned = vault::prune(store).unwrap();
        assert!(
            pruned.trashed.is_empty() && pruned.removed.is_empty(),
            "{pruned:?}"
        );
    }
    assert!(all_present(&a) && all_present(&b));
    for store in [&a, &b] {
        let profile = store.profiles().unwrap()[0].id;
        for listed in vault::list(store, profile).unwrap() {
            assert!(vault::open(store, listed.document.id).is_ok());
        }
    }
    assert_eq!(
        std::fs::read(&temp).unwrap(),
        b"half",
        "young temporaries stay"
    );
}

#[test]
fn the_certificate_age_limit_per_profile_globally_and_by_default() {
    let mut f = Fixture::new();
    let id = f.profile.id;
    let limit = |store: &Store| vault::certificate_max_age(store, id).unwrap();
    assert_eq!(
        (limit(&f.store).days, limit(&f.store).set_by),
        (90, MaxAgeSetBy::Default)
    );
    f.store.set_certificate_max_age(None, Some(120)).unwrap();
    assert_eq!(
        (limit(&f.store).days, limit(&f.store).set_by),
        (120, MaxAgeSetBy::Global)
    );
    f.store.set_certificate_max_age(Some(id), Some(30)).unwrap();
    assert_eq!(
        (limit(&f.store).days, limit(&f.store).set_by),
        (30, MaxAgeSetBy::Profile)
    );
    f.store.set_certificate_max_age(Some(id), None).unwrap();
    assert_eq!(limit(&f.store).days, 120);
    f.store.set_certificate_max_age(None, None).unwrap();
    assert_eq!(limit(&f.store).days, 90);

    for bad in [0, 3651] {
        let err = f
            .store
            .set_certificate_max_age(Some(id), Some(bad))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert!(err
            .message(shebao_core::Lang::Zh)
            .contains("证明有效天数无效"));
    }
    assert!(matches!(
        f.store.set_certificate_max_age(Some(999), Some(30)),
        Err(Error::UnknownProfile { .. })
    ));
    assert_eq!(limit(&f.store).days, 90, "refused settings changed nothing");

    // The alert, through the store: a certificate dated 100 days ago.
    let certificate = f
        .attach(
            &f.file("c.pdf", &pdf("c")),
            DocumentType::Certificate,
            Some(today() - Days::new(100)),
        )
        .unwrap();
    let stale = |store: &Store| {
        let profile = store.profile(id).unwrap().unwrap();
        profile_analysis::profile_alerts(store, &profile, today())
            .unwrap()
            .into_iter()
            .filter(|a| a.code == AlertCode::CertificateStale)
            .collect::<Vec<_>>()
    };
    let found = stale(&f.store);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(found[0]
        .message(shebao_core::Lang::En)
        .contains(&format!("document {}", certificate.id)));
    f.store
        .set_certificate_max_age(Some(id), Some(120))
        .unwrap();
    assert!(stale(&f.store).is_empty(), "within the profile's own limit");
    f.store.set_certificate_max_age(Some(id), Some(45)).unwrap();
    assert_eq!(
        stale(&f.store)[0].severity,
        Severity::Warning,
        "more than twice 45 days"
    );

    // It can be acknowledged like any other alert.
    let profile = f.store.profile(id).unwrap().unwrap();
    let acked = profile_analysis::acknowledge(
        &mut f.store,
        &profile,
        today(),
        &profile_analysis::Selector::Code {
            code: AlertCode::CertificateStale,
            kind: None,
        },
    )
    .unwrap();
    assert_eq!(acked.len(), 1);
    assert!(stale(&f.store)[0].acknowledged);
    // A new certificate ends it.
    f.attach(
        &f.file("new.pdf", &pdf("new")),
        DocumentType::Certificate,
        Some(today()),
    )
    .unwrap();
    assert!(stale(&f.store).is_empty());
}

/// A copy into a folder is named by the core: dated, with its original name made safe for
/// any file system.
#[test]
fn a_copy_into_a_folder_is_dated_and_safely_named() {
    let mut f = Fixture::new();
    // Windows cannot even create a file of this name (it failed there: "Invalid name"), so the
    // name is given as the original name of a document attached on Linux or macOS and carried
    // over in a backup.
    let mut file = read_document(&f.file("参保证明.pdf", &pdf("证明"))).unwrap();
    file.original_name = "参保证明:2026?.pdf".into();
    let document = f
        .attach_file(&file, DocumentType::Certificate, Some(day(2026, 3, 1)))
        .unwrap();
    let folder = f.dir.path().join("exports");
    let exported = vault::export_to_folder(&f.store, document.id, &folder).unwrap();
    assert_eq!(exported.path, folder.join("2026-03-01-参保证明_2026_.pdf"));
    assert_eq!(std::fs::read(&exported.path).unwrap(), pdf("证明"));
    assert_eq!(
        vault::export_to_folder(&f.store, 999, &folder)
            .unwrap_err()
            .code(),
        "unknown_document"
    );
}
