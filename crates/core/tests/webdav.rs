//! WebDAV backup and restore over real HTTP on loopback.
//!
//! The normal paths and the faults a real server shows (401 for a wrong password, a server
//! that is gone, an archive cut short or changed on the server's disk) run against WsgiDAV,
//! a real WebDAV server started by each test (support/wsgidav.rs). The faults no real server
//! shows on demand (a connection cut mid-upload, 507 Insufficient Storage, a download cut off,
//! a server that keeps fewer bytes than it was sent) run against a small fault server
//! (support/fault_dav.rs). After every fault the local database is exactly as before and the
//! server lists no partial backup.

mod common;
#[path = "support/fault_dav.rs"]
mod fault_dav;
#[path = "support/wsgidav.rs"]
mod wsgidav;

use common::{demo_db, dump, names, pass, snapshot};
use fault_dav::{DavFault, FaultDav};
use shebao_core::model::NewProfile;
use shebao_core::secrets::MemoryKeyring;
use shebao_core::store::{list_backups, BackupKind};
use shebao_core::webdav::{self, DavClient, DavTimeouts, SetWebDav};
use shebao_core::{Error, Store};
use std::path::{Path, PathBuf};
use std::time::Duration;
use wsgidav::WsgiDav;

const USER: &str = "wang.fang@example.com";
const PASSWORD: &str = "dav-app-password-7Q";
const ARCHIVE_PASSPHRASE: &str = "备份口令 backup 2026";

fn quick() -> DavTimeouts {
    DavTimeouts {
        connect: Duration::from_secs(3),
        stall: Duration::from_secs(5),
        request: Duration::from_secs(30),
        transfer: Duration::from_secs(60),
    }
}

/// A client for the server set up in `db` with `timeouts` (the password from the variable).
fn client_with(db: &Path, timeouts: DavTimeouts) -> DavClient {
    let store = Store::open(db).unwrap();
    webdav::client_for(&store, &MemoryKeyring::default(), &env_password, timeouts)
        .unwrap()
        .1
}

fn env_password(name: &str) -> Option<String> {
    (name == "DAV_PASSWORD").then(|| PASSWORD.to_string())
}

/// Sets up `url` in the database at `db` with the password in a (memory) keyring, keeping
/// `keep`; returns a client.
fn configure(db: &Path, url: &str, keep: u32, password: Option<&str>) -> DavClient {
    let store = Store::open(db).unwrap();
    let keyring = MemoryKeyring::default();
    webdav::set(
        &store,
        &keyring,
        SetWebDav {
            url,
            user: USER,
            password_env: Some("DAV_PASSWORD"),
            password: password.map(shebao_core::secrets::Secret::new),
            keep: Some(keep),
        },
        &env_password,
    )
    .unwrap();
    webdav::client_for(&store, &keyring, &env_password, quick())
        .unwrap()
        .1
}

fn add_profile(db: &Path, name: &str) {
    let mut store = Store::open(db).unwrap();
    let profile = NewProfile {
        name: name.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    store.add_profile(&profile).unwrap();
}

fn backup_now(
    db: &Path,
    client: &DavClient,
    keep: u32,
) -> shebao_core::Result<webdav::WebDavBackupReport> {
    let store = Store::open(db).unwrap();
    webdav::backup(&store, client, keep, &pass(ARCHIVE_PASSPHRASE))
}

fn restore_now(
    db: &Path,
    client: &DavClient,
    name: &str,
    archive_passphrase: &str,
) -> shebao_core::Result<webdav::WebDavRestoreReport> {
    let bytes = webdav::download(client, name)?;
    webdav::restore_archive(db, name, &bytes, &pass(archive_passphrase), None, None)
}

/// The database's files as they are (no connection open): what "unchanged" is checked against.
fn files_of(db: &Path) -> std::collections::BTreeMap<PathBuf, (usize, u64)> {
    snapshot(db.parent().unwrap())
}

fn names_listed(client: &DavClient) -> Vec<String> {
    webdav::list(client)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect()
}

#[test]
fn a_backup_round_trips_through_a_real_server_and_restore_keeps_what_it_replaced() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let at_backup = dump(&db);

    let report = backup_now(&db, &client, 5).unwrap();
    assert!(!report.database_encrypted);
    assert!(report.removed.is_empty() && report.rotation_error.is_none());
    assert_eq!(
        server.file_names(),
        vec![report.name.clone()],
        "no temp left"
    );
    let on_disk = std::fs::read(server.backups_dir().join(&report.name)).unwrap();
    assert_eq!(on_disk.len() as u64, report.size);
    // The server holds ciphertext only: no SQLite header, no name from the records.
    for needle in ["SQLite format 3".as_bytes(), "王".as_bytes(), b"pension"] {
        assert!(
            !on_disk.windows(needle.len()).any(|w| w == needle),
            "{:?} readable on the server",
            String::from_utf8_lossy(needle)
        );
    }
    let listed = webdav::list(&client).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, report.name);
    assert_eq!(listed[0].size, Some(report.size));

    add_profile(&db, "后来添加");
    assert_ne!(dump(&db), at_backup);
    let restored = restore_now(&db, &client, &report.name, ARCHIVE_PASSPHRASE).unwrap();
    assert_eq!(dump(&db), at_backup, "every row as at the backup");
    assert!(!restored.encrypted);
    let saved = restored.previous_saved_as.unwrap();
    assert!(
        dump(&saved).contains("后来添加"),
        "the replaced database is kept"
    );
    assert_eq!(
        list_backups(&db).unwrap()[0].kind,
        BackupKind::BeforeRestore
    );
    // No snapshot or restore folder is left beside the database.
    let left: Vec<String> = names(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("shebao.db.") && !n.ends_with(".salt"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_encrypted_database_goes_up_with_its_key_file_and_comes_back_encrypted() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let db_pass = pass("库口令 database");
    {
        let mut store = Store::open_with_passphrase(&db, Some(&db_pass)).unwrap();
        shebao_core::demo::load_demo(
            &mut store,
            shebao_core::model::YearMonth::new(2026, 11).unwrap(),
        )
        .unwrap();
        let keyring = MemoryKeyring::default();
        webdav::set(
            &store,
            &keyring,
            SetWebDav {
                url: &server.url(),
                user: USER,
                password_env: Some("DAV_PASSWORD"),
                password: None,
                keep: None,
            },
            &env_password,
        )
        .unwrap();
        let (config, client) =
            webdav::client_for(&store, &keyring, &env_password, quick()).unwrap();
        let report =
            webdav::backup(&store, &client, config.keep, &pass(ARCHIVE_PASSPHRASE)).unwrap();
        assert!(report.database_encrypted);

        let bytes = webdav::download(&client, &report.name).unwrap();
        let contents =
            webdav::open_archive(&report.name, &bytes, &pass(ARCHIVE_PASSPHRASE)).unwrap();
        assert!(contents.key_file.is_some());
        drop(store);

        // The database's own passphrase is needed too; without it nothing changes.
        let before = files_of(&db);
        let needs = webdav::restore_archive(
            &db,
            &report.name,
            &bytes,
            &pass(ARCHIVE_PASSPHRASE),
            Some(&db_pass),
            None,
        )
        .unwrap_err();
        assert_eq!(needs.code(), "passphrase_required");
        assert!(needs.to_string().contains(&report.name), "{needs}");
        let wrong = webdav::restore_archive(
            &db,
            &report.name,
            &bytes,
            &pass(ARCHIVE_PASSPHRASE),
            Some(&db_pass),
            Some(&pass("not it")),
        )
        .unwrap_err();
        assert_eq!(wrong.code(), "wrong_passphrase");
        assert_eq!(files_of(&db), before, "nothing local changed");

        let restored = webdav::restore_archive(
            &db,
            &report.name,
            &bytes,
            &pass(ARCHIVE_PASSPHRASE),
            Some(&db_pass),
            Some(&db_pass),
        )
        .unwrap();
        assert!(restored.encrypted);
    }
    let store = Store::open_with_passphrase(&db, Some(&db_pass)).unwrap();
    assert_eq!(store.profiles().unwrap().len(), 1);
}

#[test]
fn the_server_keeps_the_newest_n_and_loses_stale_partial_uploads() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 2, None);
    let first = backup_now(&db, &client, 2).unwrap();
    // Left by uploads cut off long ago and just now (maybe another computer's, still going).
    std::fs::write(
        server
            .backups_dir()
            .join("shebao-20200101-000000-000.sbk.uploading"),
        b"half",
    )
    .unwrap();
    let young = webdav::names::uploading_name(&webdav::names::archive_name(chrono::Utc::now()));
    std::fs::write(server.backups_dir().join(&young), b"half").unwrap();
    std::fs::write(server.backups_dir().join("notes.txt"), b"the user's own").unwrap();

    let mut made = vec![first.name];
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(5));
        made.push(backup_now(&db, &client, 2).unwrap().name);
    }
    made.reverse();
    assert_eq!(
        names_listed(&client),
        made[..2],
        "the newest two, newest first"
    );
    let mut expected = vec![made[1].clone(), made[0].clone(), "notes.txt".into(), young];
    expected.sort();
    assert_eq!(server.file_names(), expected);
}

#[test]
fn a_wrong_password_is_refused_and_nothing_changes_anywhere() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let good = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &good, 5).unwrap().name;
    let bad = configure(&db, &server.url(), 5, Some("not-the-password"));
    let content = dump(&db);

    let error = backup_now(&db, &bad, 5).unwrap_err();
    assert_eq!(error.code(), "webdav_auth", "{error}");
    assert!(error.message(shebao_core::Lang::En).contains("HTTP 401"));
    assert_eq!(webdav::list(&bad).unwrap_err().code(), "webdav_auth");
    let before = files_of(&db);
    assert_eq!(
        restore_now(&db, &bad, &name, ARCHIVE_PASSPHRASE)
            .unwrap_err()
            .code(),
        "webdav_auth"
    );
    assert_eq!(files_of(&db), before);
    assert_eq!(dump(&db), content);
    assert_eq!(server.file_names(), vec![name]);
}

#[test]
fn a_wrong_backup_passphrase_or_a_damaged_or_cut_archive_restores_nothing() {
    let Some(server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &client, 5).unwrap().name;
    add_profile(&db, "之后的数据");
    let before = files_of(&db);

    let wrong = restore_now(&db, &client, &name, "not the backup passphrase").unwrap_err();
    assert_eq!(wrong.code(), "wrong_backup_passphrase");
    assert!(wrong
        .message(shebao_core::Lang::Zh)
        .contains("本地数据库没有改动"));

    let path = server.backups_dir().join(&name);
    let whole = std::fs::read(&path).unwrap();
    let mut changed = whole.clone();
    let at = changed.len() - 100;
    changed[at] ^= 0x40;
    std::fs::write(&path, &changed).unwrap();
    assert_eq!(
        restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE)
            .unwrap_err()
            .code(),
        "archive_damaged"
    );

    std::fs::write(&path, &whole[..whole.len() * 2 / 3]).unwrap();
    let cut = restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE).unwrap_err();
    assert_eq!(cut.code(), "archive_truncated");
    assert!(
        cut.to_string()
            .contains(&format!("of {} bytes", whole.len())),
        "{cut}"
    );

    std::fs::write(&path, b"<html>a login page</html>").unwrap();
    assert_eq!(
        restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE)
            .unwrap_err()
            .code(),
        "not_an_archive"
    );
    for unknown in [
        "shebao-20990101-000000-000.sbk",
        "../shebao.db",
        "notes.txt",
    ] {
        assert_eq!(
            restore_now(&db, &client, unknown, ARCHIVE_PASSPHRASE)
                .unwrap_err()
                .code(),
            "webdav_unknown_backup",
            "{unknown}"
        );
    }
    assert_eq!(
        files_of(&db),
        before,
        "the local database and its folder are untouched"
    );
    assert!(dump(&db).contains("之后的数据"));
}

#[test]
fn a_server_that_is_gone_is_an_error_that_changes_nothing() {
    let Some(mut server) = WsgiDav::start(USER, PASSWORD) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &client, 5).unwrap().name;
    server.stop();
    let content = dump(&db);
    let error = backup_now(&db, &client, 5).unwrap_err();
    assert_eq!(error.code(), "webdav_connect", "{error}");
    assert_eq!(dump(&db), content);
    let before = files_of(&db);
    assert_eq!(
        restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE)
            .unwrap_err()
            .code(),
        "webdav_connect"
    );
    assert_eq!(files_of(&db), before);
}

#[test]
fn an_upload_cut_off_anywhere_leaves_no_listed_backup_and_the_next_one_works() {
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let content = dump(&db);
    let size = std::fs::metadata(&db).unwrap().len() as usize;
    // Cut points from the first byte to near the end of the archive (which is a little
    // larger than the database), seeded so a failure can be replayed.
    let mut seed: u64 = 0x0005_eba0_2026;
    for round in 0..12 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let after = if round == 0 {
            0
        } else {
            (seed >> 33) as usize % size
        };
        server.fault("PUT", DavFault::CutUpload { after }, 1);
        let error = backup_now(&db, &client, 5).unwrap_err();
        assert_eq!(
            error.code(),
            "webdav_upload_interrupted",
            "cut after {after}: {error}"
        );
        assert!(names_listed(&client).is_empty(), "cut after {after}");
        assert_eq!(dump(&db), content);
    }
    let done = backup_now(&db, &client, 5).unwrap();
    assert_eq!(names_listed(&client), vec![done.name]);
}

#[test]
fn a_full_server_says_so_and_keeps_nothing() {
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let content = dump(&db);
    for (status, code) in [
        (507, "webdav_insufficient_storage"),
        (413, "webdav_insufficient_storage"),
        (500, "webdav_status"),
    ] {
        server.fault("PUT", DavFault::Status(status), 1);
        let error = backup_now(&db, &client, 5).unwrap_err();
        assert_eq!(error.code(), code, "{status}: {error}");
        assert!(names_listed(&client).is_empty());
        assert!(server.file_names().is_empty(), "{:?}", server.file_names());
    }
    let full = {
        server.fault("PUT", DavFault::Status(507), 1);
        backup_now(&db, &client, 5).unwrap_err()
    };
    for lang in [shebao_core::Lang::En, shebao_core::Lang::Zh] {
        let line = full.message(lang);
        assert!(line.contains("507"), "{line}");
    }
    // A MOVE refused for lack of space: the temporary upload is removed too.
    server.fault("MOVE", DavFault::Status(507), 1);
    assert_eq!(
        backup_now(&db, &client, 5).unwrap_err().code(),
        "webdav_insufficient_storage"
    );
    assert!(server.file_names().is_empty());
    assert_eq!(dump(&db), content);
}

#[test]
fn a_server_that_keeps_fewer_bytes_than_sent_is_caught_and_its_copy_removed() {
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    server.fault("PUT", DavFault::StoreHalf, 1);
    let error = backup_now(&db, &client, 5).unwrap_err();
    assert_eq!(error.code(), "webdav_size_mismatch", "{error}");
    assert!(names_listed(&client).is_empty());
}

#[test]
fn a_download_cut_off_restores_nothing() {
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &client, 5).unwrap().name;
    add_profile(&db, "之后的数据");
    let before = files_of(&db);
    server.fault("GET", DavFault::TruncatedDownload, 1);
    let error = restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE).unwrap_err();
    assert_eq!(error.code(), "webdav_download_interrupted", "{error}");
    assert_eq!(files_of(&db), before);
    // The same archive, whole, restores.
    restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE).unwrap();
    assert!(!dump(&db).contains("之后的数据"));
}

#[test]
fn errors_from_the_archive_never_name_a_temporary_path() {
    // A restore's checks run on a copy beside the database; what the user reads names the
    // archive they chose.
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let error = webdav::restore_archive(
        &db,
        "shebao-20261129-033000-123.sbk",
        b"SHEBAOBK\x01\x00",
        &pass("x"),
        None,
        None,
    )
    .unwrap_err();
    assert!(matches!(error, Error::WebDav(_)));
    assert!(error.to_string().contains("shebao-20261129-033000-123.sbk"));
}

#[test]
fn a_server_dripping_a_byte_at_a_time_is_cut_off_by_the_whole_request_timeout() {
    // A byte every 250 ms never trips the stall timeout (5 s); the total does.
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &client, 5).unwrap().name;
    let impatient = client_with(
        &db,
        DavTimeouts {
            request: Duration::from_secs(1),
            transfer: Duration::from_secs(2),
            ..quick()
        },
    );
    let before = files_of(&db);

    server.fault("PROPFIND", DavFault::Drip { bytes: 40 }, 1);
    let started = std::time::Instant::now();
    let error = webdav::list(&impatient).unwrap_err();
    assert_eq!(error.code(), "webdav_timeout", "{error}");
    assert!(error.to_string().contains("within 1 s"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );

    server.fault("GET", DavFault::Drip { bytes: 40 }, 1);
    let started = std::time::Instant::now();
    let error = restore_now(&db, &impatient, &name, ARCHIVE_PASSPHRASE).unwrap_err();
    assert_eq!(error.code(), "webdav_download_interrupted", "{error}");
    assert!(error.to_string().contains("within 2 s"), "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(files_of(&db), before, "nothing restored");
}

#[test]
fn an_endless_listing_is_refused_at_its_limit() {
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let content = dump(&db);
    // Chunked, so there is no Content-Length to trust or distrust.
    server.fault(
        "PROPFIND",
        DavFault::Endless {
            bytes: 64 * 1024 * 1024,
        },
        1,
    );
    let error = webdav::list(&client).unwrap_err();
    assert_eq!(error.code(), "webdav_listing_too_large", "{error}");
    assert!(error.to_string().contains("4 MiB"), "{error}");
    assert_eq!(webdav::MAX_LISTING_BYTES, 4 * 1024 * 1024);
    // A backup lists the folder to rotate: it stops there too, and keeps nothing.
    server.fault(
        "PROPFIND",
        DavFault::Endless {
            bytes: 64 * 1024 * 1024,
        },
        1,
    );
    assert_eq!(
        backup_now(&db, &client, 5).unwrap_err().code(),
        "webdav_listing_too_large"
    );
    assert_eq!(dump(&db), content);
}

#[test]
fn an_endless_download_is_refused_at_its_limit() {
    let server = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &client, 5).unwrap().name;
    server.fault(
        "GET",
        DavFault::Endless {
            bytes: 64 * 1024 * 1024,
        },
        1,
    );
    // The limit a restore uses is 1 GiB (webdav::MAX_ARCHIVE_BYTES); counted the same way
    // at any limit, so a small one keeps the test quick.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(client.get(&name, 1024 * 1024))
        .unwrap_err();
    assert_eq!(error.code(), "webdav_too_large", "{error}");
    assert_eq!(webdav::MAX_ARCHIVE_BYTES, 1024 * 1024 * 1024);
}

#[test]
fn a_server_redirecting_elsewhere_is_not_followed_and_the_password_stays_home() {
    let server = FaultDav::start(USER, PASSWORD);
    // Another server on another loopback port that would take the same password.
    let target = FaultDav::start(USER, PASSWORD);
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let client = configure(&db, &server.url(), 5, None);
    let name = backup_now(&db, &client, 5).unwrap().name;
    let content = dump(&db);
    for code in [301, 302, 307] {
        let elsewhere = format!("{}shebao-backups/", target.url());
        server.fault("PROPFIND", DavFault::Redirect(code, elsewhere.clone()), 1);
        let error = webdav::list(&client).unwrap_err();
        assert_eq!(error.code(), "webdav_status", "{error}");
        assert!(
            error.to_string().contains(&format!("HTTP {code}")),
            "{error}"
        );
        assert!(error.to_string().contains("redirect"), "{error}");

        server.fault(
            "GET",
            DavFault::Redirect(code, format!("{elsewhere}{name}")),
            1,
        );
        let error = restore_now(&db, &client, &name, ARCHIVE_PASSPHRASE).unwrap_err();
        assert_eq!(error.code(), "webdav_status", "{error}");

        server.fault("PUT", DavFault::Redirect(code, elsewhere), 1);
        let error = backup_now(&db, &client, 5).unwrap_err();
        assert_eq!(error.code(), "webdav_status", "{error}");
    }
    assert!(target.state().seen.is_empty(), "{:?}", target.state().seen);
    assert_eq!(dump(&db), content);
    assert_eq!(names_listed(&client), vec![name]);
}
