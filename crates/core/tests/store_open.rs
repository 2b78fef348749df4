//! Opening the store: what a new file looks like, which files are refused (and left exactly as
//! they were), and what happens when two openers race on a brand-new path.
//!
//! Every test uses a real SQLite file in a temporary directory, and checks the file from the
//! outside with a second, raw `rusqlite` connection where it matters.

use rusqlite::Connection;
use shebao_core::model::NewProfile;
use shebao_core::store::{SettingKey, SCHEMA_VERSION};
use shebao_core::{Error, Store};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

/// The tables migration 1 creates (besides SQLite's own).
const TABLES: [&str; 7] = [
    "balances",
    "contribution_revisions",
    "contributions",
    "import_mappings",
    "profiles",
    "settings",
    "sources",
];

fn names_in(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn user_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn profile(name: &str) -> shebao_core::model::ValidProfile {
    NewProfile {
        name: name.into(),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// Asserts that opening `path` fails as `check` expects and that neither the file nor its
/// directory changed in any way: same bytes, no `-wal`, `-shm` or `-journal` beside it.
fn assert_refused_untouched(path: &Path, check: impl FnOnce(&Error) -> bool) {
    let dir = path.parent().unwrap();
    let bytes_before = fs::read(path).unwrap();
    let names_before = names_in(dir);

    let err = Store::open(path).expect_err("the file must be refused");
    assert!(check(&err), "unexpected error: {err:?}");

    assert_eq!(
        fs::read(path).unwrap(),
        bytes_before,
        "the refused file changed"
    );
    assert_eq!(
        names_in(dir),
        names_before,
        "files appeared or vanished beside the refused file"
    );
}

fn is_not_a_database(path: &Path) -> impl FnOnce(&Error) -> bool + '_ {
    move |err| matches!(err, Error::NotADatabase { path: p } if p == path)
}

// --- a new file ------------------------------------------------------------------------------

/// A first run must leave a database that any later version can recognise: the schema version
/// it knows, WAL (the app reads while the CLI writes) and foreign keys enforced.
#[test]
fn a_new_file_gets_the_current_schema_in_wal_mode_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");

    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);

    // Seen from outside, by a connection that did not set anything up itself.
    let raw = Connection::open(&path).unwrap();
    assert_eq!(user_version(&raw), SCHEMA_VERSION);
    let journal_mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal_mode, "wal", "WAL mode is stored in the file");
    assert_has_tables(&raw, "");
    drop(raw);

    // foreign_keys is a per-connection setting, so it is observed through its effect on the
    // store's own connection: a contribution for a profile that does not exist is refused.
    let mut store = store;
    let orphan = shebao_core::model::Contribution {
        period_line: None,
        profile: 4242,
        kind: shebao_core::model::InsuranceKind::Pension,
        month: "2024-01".parse().unwrap(),
        region: None,
        payer: shebao_core::model::Payer::SelfPaid,
        base: None,
        personal: shebao_core::model::Money::from_yuan(100),
        employer: shebao_core::model::Money::ZERO,
        credited: None,
        status: shebao_core::model::ContributionStatus::Paid,
        source: 4242,
    };
    assert!(
        store.write_contributions(&[orphan]).is_err(),
        "foreign keys must be enforced on the store's connection"
    );
}

/// The parent folders of the database path are created: the OS data directory of a fresh
/// install does not have the app's folder yet.
#[test]
fn missing_parent_folders_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("shebao.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(path.is_file());
}

/// An empty file (e.g. one the user `touch`ed to choose a location) is what SQLite treats as
/// a new database; it is initialised, not refused.
#[test]
fn an_empty_file_becomes_a_new_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

// --- reopening -------------------------------------------------------------------------------

/// The whole point of a ledger: what was written is there the next time, and opening an
/// up-to-date database neither migrates it again nor makes an upgrade backup.
#[test]
fn reopening_keeps_the_data_and_makes_no_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.add_profile(&profile("王芳")).unwrap();
        store.set_setting(SettingKey::Language, "en").unwrap();
    }
    let names_after_first_run = names_in(dir.path());

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let names: Vec<String> = store
        .profiles()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["王芳"]);
    assert_eq!(
        store.setting(SettingKey::Language).unwrap().as_deref(),
        Some("en")
    );
    drop(store);

    assert!(!dir.path().join("backups").exists(), "no upgrade happened");
    assert_eq!(names_in(dir.path()), names_after_first_run);
}

// --- files that are not ours -----------------------------------------------------------------

/// A user who points the app at the wrong file (notes, a picture) must get a clear refusal,
/// and the file must survive byte for byte: SQLite would otherwise happily write into it.
#[test]
fn a_text_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    let text = "社保缴费记录\n2024-01 养老 800.00\n".repeat(20);
    fs::write(&path, text).unwrap();
    assert_refused_untouched(&path, is_not_a_database(&path));
}

#[test]
fn a_png_like_binary_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.db");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    fs::write(&path, bytes).unwrap();
    assert_refused_untouched(&path, is_not_a_database(&path));
}

/// Shorter than an SQLite header (100 bytes): cannot be a database, whatever it contains.
#[test]
fn a_fifty_byte_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.db");
    fs::write(&path, [0xA5u8; 50]).unwrap();
    assert_refused_untouched(&path, is_not_a_database(&path));
}

/// Even a file that starts with SQLite's magic but is only a truncated header is refused
/// without being "repaired" into an empty database.
#[test]
fn a_truncated_sqlite_header_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("truncated.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.resize(50, 0);
    fs::write(&path, bytes).unwrap();
    assert_refused_untouched(&path, is_not_a_database(&path));
}

/// A directory where the database file should be is not a database either.
#[test]
fn a_directory_at_the_database_path_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shebao.db");
    fs::create_dir(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, Error::NotADatabase { .. }), "{err:?}");
    assert!(
        names_in(&path).is_empty(),
        "nothing was written into the directory"
    );
}

// --- a database from a newer version ---------------------------------------------------------

/// Builds a real SQLite database with `user_version = 99` and closes it.
fn newer_database(path: &Path, wal: bool) {
    let conn = Connection::open(path).unwrap();
    if wal {
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    conn.execute_batch(
        "CREATE TABLE future_things (id INTEGER PRIMARY KEY, what TEXT);
         INSERT INTO future_things (what) VALUES ('from a later version');
         PRAGMA user_version = 99;",
    )
    .unwrap();
    conn.close().unwrap();
}

fn is_newer_schema(path: &Path) -> impl FnOnce(&Error) -> bool + '_ {
    move |err| {
        matches!(err, Error::NewerSchema { path: p, found: 99, supported }
                 if p == path && *supported == SCHEMA_VERSION)
    }
}

/// Running an old app on a newer database must not "migrate" it backwards or touch it at all:
/// the user updates the app and finds their data intact.
#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    newer_database(&path, false);
    assert_refused_untouched(&path, is_newer_schema(&path));
}

/// The same for a newer database in WAL mode: merely opening a WAL database for writing
/// would create `-wal`/`-shm` files and could checkpoint into it.
#[test]
fn a_newer_schema_in_wal_mode_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future-wal.db");
    newer_database(&path, true);
    assert_refused_untouched(&path, is_newer_schema(&path));

    // Still readable as the newer app left it.
    let raw = Connection::open(&path).unwrap();
    assert_eq!(user_version(&raw), 99);
}

/// When a newer app left its schema change in the WAL (not yet in the main file's header),
/// the header looks old; the store must still see the newer version and refuse.
#[test]
fn a_newer_schema_still_in_the_wal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future-in-wal.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.add_profile(&profile("王芳")).unwrap();
    }
    // A "newer app" that is still running: its change sits in the WAL, not in the header.
    let newer = Connection::open(&path).unwrap();
    newer
        .execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;")
        .unwrap();
    let header = fs::read(&path).unwrap();
    assert_eq!(
        i32::from_be_bytes(header[60..64].try_into().unwrap()),
        SCHEMA_VERSION as i32,
        "precondition: the header still shows the old version"
    );

    let err = Store::open(&path).unwrap_err();
    assert!(is_newer_schema(&path)(&err), "{err:?}");
    assert_eq!(user_version(&newer), 99);
}

// --- an unusable location --------------------------------------------------------------------

/// A data directory that cannot exist (its parent is a file) is reported as such, naming the
/// directory, and nothing is created anywhere. Tests run as root, so permission bits would not
/// stop them; a regular file in the way stops everyone.
#[test]
fn a_path_under_a_regular_file_is_a_data_dir_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    fs::write(&blocker, b"just a file").unwrap();
    let names_before = names_in(dir.path());

    for path in [
        blocker.join("shebao.db"),
        blocker.join("deeper").join("shebao.db"),
    ] {
        let err = Store::open(&path).unwrap_err();
        match &err {
            Error::DataDir { path: reported, .. } => assert_eq!(
                reported,
                path.parent().unwrap(),
                "the error names the folder"
            ),
            other => panic!("expected a data-directory error for {path:?}, got {other:?}"),
        }
        assert_eq!(err.code(), "data_dir");
    }
    assert_eq!(fs::read(&blocker).unwrap(), b"just a file");
    assert_eq!(names_in(dir.path()), names_before);
}

// --- two openers at once ---------------------------------------------------------------------

/// The app and the CLI (or two app windows) may open a brand-new database at the same moment.
/// Both must succeed, and the schema must be applied exactly once. Repeated, because a race
/// that loses only sometimes is still a race.
#[test]
fn two_threads_opening_a_new_path_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..25 {
        let path: PathBuf = dir.path().join(format!("race-{round}.db"));
        let barrier = Arc::new(Barrier::new(2));
        let openers: Vec<_> = (0..2)
            .map(|_| {
                let path = path.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path)
                })
            })
            .collect();
        let stores: Vec<Store> = openers
            .into_iter()
            .map(|t| {
                t.join()
                    .unwrap()
                    .unwrap_or_else(|e| panic!("round {round}: {e:?}"))
            })
            .collect();

        for store in &stores {
            assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        }
        let raw = Connection::open(&path).unwrap();
        assert_eq!(user_version(&raw), SCHEMA_VERSION);
        assert_has_tables(&raw, &format!("round {round}"));

        // Both connections work on the same data.
        let [mut first, second]: [Store; 2] = stores.try_into().unwrap();
        first.add_profile(&profile("王芳")).unwrap();
        assert_eq!(second.profiles().unwrap().len(), 1, "round {round}");
    }
}

/// The tables every schema version has; later migrations may add more.
fn assert_has_tables(conn: &Connection, context: &str) {
    let present = tables(conn);
    for table in TABLES {
        assert!(
            present.iter().any(|t| t == table),
            "{context}: {table} missing from {present:?}"
        );
    }
}
