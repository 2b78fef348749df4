//! Crash safety: the `shebao` process is killed with SIGKILL (TerminateProcess on Windows: no
//! chance to clean up either) at random moments during a large import and during a sync from a
//! provider, many times. After every
//! kill the database must pass `PRAGMA integrity_check`, open in the app (`shebao check`), and
//! be, row for row in every table, exactly as before the run or exactly as after a whole run:
//! never part of it, never a record lost or changed.
//!
//! The moments are drawn from a seeded generator over the time a whole run takes on this
//! machine (measured first), so they fall on start-up, parsing, the automatic backup, the
//! write transaction and its commit alike; a failure prints the seed and the round to replay.
//! Each run starts from a fresh copy of the same database.

mod common;
#[path = "../../core/tests/support/fake_provider.rs"]
mod fake_provider;

use common::{json_of, shebao, shebao_with_env};
use fake_provider::{item, FakeProvider};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const ROUNDS: usize = 30;
const SEED: u64 = 0x5eba_0c4a_5e00_2026;
const TOKEN: &str = "tok-crash-test";
const ID: &str = "11010519491231002X";

/// A small, seeded generator (SplitMix64): the same seed gives the same kill moments.
struct Moments(u64);

impl Moments {
    fn next_fraction(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What the database holds: every row of every table (SQLite's own bookkeeping, such as
/// `sqlite_sequence`, included), each as one line, read with plain SQLite after checking its
/// integrity. A text that is an RFC 3339 time is written `<time>`: a whole run repeated writes
/// the same records at another moment (when it imported, when it synced).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Held(BTreeMap<String, Vec<String>>);

impl Held {
    fn rows(&self, table: &str) -> usize {
        self.0.get(table).map_or(0, Vec::len)
    }

    /// The tables that differ, with a few of the rows that do (for a failure message).
    fn differences(&self, other: &Held) -> String {
        let mut tables: Vec<&String> = self.0.keys().chain(other.0.keys()).collect();
        tables.sort();
        tables.dedup();
        let empty = Vec::new();
        tables
            .into_iter()
            .filter_map(|table| {
                let (a, b) = (
                    self.0.get(table).unwrap_or(&empty),
                    other.0.get(table).unwrap_or(&empty),
                );
                (a != b).then(|| {
                    let only_a: Vec<&String> =
                        a.iter().filter(|r| !b.contains(r)).take(3).collect();
                    let only_b: Vec<&String> =
                        b.iter().filter(|r| !a.contains(r)).take(3).collect();
                    format!(
                        "{table}: {} rows vs {}; only here: {only_a:?}; only there: {only_b:?}",
                        a.len(),
                        b.len()
                    )
                })
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn held(db: &Path) -> Held {
    use rusqlite::types::ValueRef;
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(check, ["ok"], "integrity_check of {}", db.display());
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut held = BTreeMap::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{}\"", table.replace('"', "\"\"")))
            .unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                let cells: Vec<String> = (0..columns)
                    .map(|i| match row.get_ref(i).unwrap() {
                        ValueRef::Null => "NULL".to_string(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => format!("{x:?}"),
                        ValueRef::Text(t) => {
                            let text = String::from_utf8_lossy(t);
                            if chrono::DateTime::parse_from_rfc3339(&text).is_ok() {
                                "<time>".to_string()
                            } else {
                                format!("{text:?}")
                            }
                        }
                        ValueRef::Blob(b) => format!("blob{b:?}"),
                    })
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        held.insert(table, rows);
    }
    Held(held)
}

/// Copies the database files (not backups) of `template` into a fresh folder.
fn fresh_copy(template: &Path, into: &Path) -> PathBuf {
    std::fs::create_dir_all(into).unwrap();
    for entry in std::fs::read_dir(template).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, into.join(path.file_name().unwrap())).unwrap();
        }
    }
    into.join("shebao.db")
}

/// Starts `shebao --db DB ARGS…` as a child the test can kill.
fn spawn(db: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shebao"));
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SHEBAO_DB")
        .env_remove("SHEBAO_PASSPHRASE")
        .env("SHEBAO_KEYRING", "off")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    common::start(&mut command).expect("the binary starts")
}

/// How each round ended.
#[derive(Debug, Default)]
struct Tally {
    /// Killed before the automatic backup that precedes the write was complete.
    killed_before_the_write: usize,
    /// Killed after that backup with nothing written: the write transaction was cut and
    /// rolled back (the case this test is most about).
    killed_in_the_write: usize,
    killed_with_all: usize,
    finished_before_the_kill: usize,
}

/// Runs `args` to the end once on a copy (to learn how long a whole run takes and what it
/// writes), then `ROUNDS` times killed at a random moment; checks every round.
fn kill_many_times(
    name: &str,
    template: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    seed: u64,
) -> Tally {
    let work = tempfile::tempdir().unwrap();
    let base_db = fresh_copy(template, &work.path().join("base"));
    let before = held(&base_db);

    let started = Instant::now();
    let whole = spawn(&base_db, args, env).wait_with_output().unwrap();
    // The first run may be slow (a busy machine, a cold cache); each round that finishes
    // before its kill shortens this, so that most rounds interrupt the run whatever the load.
    let mut duration = started.elapsed();
    assert!(
        whole.status.success(),
        "{name}: the uninterrupted run failed"
    );
    let after = held(&base_db);
    assert!(
        after.rows("contributions") > before.rows("contributions"),
        "{name}: the run adds records"
    );

    let mut moments = Moments(seed);
    let mut tally = Tally::default();
    for round in 0..ROUNDS {
        let db = fresh_copy(template, &work.path().join(format!("round-{round}")));
        // Even rounds anywhere in a whole run, odd ones in its second half, where the
        // backup, the write transaction and the commit are; up to 10% past the end, so that
        // some rounds see a finished run too.
        let fraction = moments.next_fraction();
        let at = if round % 2 == 0 {
            fraction * 1.05
        } else {
            0.5 + fraction * 0.5
        };
        let delay = duration.mul_f64(at);
        let mut child = spawn(&db, args, env);
        let spawned = Instant::now();
        // Waits for the moment, noticing a run that ends first (and how long it took).
        let mut ended_after = None;
        while spawned.elapsed() < delay {
            if ended_after.is_none() && matches!(child.try_wait(), Ok(Some(_))) {
                ended_after = Some(spawned.elapsed());
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        // SIGKILL (Windows: TerminateProcess): the process gets no chance to roll back, flush
        // or clean up. (An error here only means it had already exited.)
        let _ = child.kill();
        let status = child.wait().unwrap();
        let finished = status.success();
        let now = held(&db);
        let replay = format!("{name}: seed {seed:#x}, round {round}, killed after {delay:?}");
        let backed_up = std::fs::read_dir(db.parent().unwrap().join("backups"))
            .map(|entries| {
                entries.filter_map(Result::ok).any(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with("auto-") && name.ends_with(".db")
                })
            })
            .unwrap_or(false);
        if now == before {
            assert!(!finished, "{replay}: finished but wrote nothing");
            if backed_up {
                tally.killed_in_the_write += 1;
            } else {
                tally.killed_before_the_write += 1;
            }
        } else {
            assert!(
                now == after,
                "{replay}: neither as before nor as after a whole run; against after:\n{}\nagainst before:\n{}",
                now.differences(&after),
                now.differences(&before)
            );
            if finished {
                tally.finished_before_the_kill += 1;
                duration = duration.min(ended_after.unwrap_or(delay));
            } else {
                tally.killed_with_all += 1;
            }
        }
        // The app opens it, and finds it whole.
        let check = shebao(&db, &["check", "--json"]);
        assert_eq!(check.code, 0, "{replay}: shebao check: {}", check.stderr);
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }
    // A test that never interrupted anything would prove nothing.
    assert!(
        tally.killed_before_the_write + tally.killed_in_the_write + tally.killed_with_all
            > ROUNDS / 2,
        "{name}: most rounds must be killed mid-run: {tally:?} (a whole run took {duration:?})"
    );
    eprintln!("{name}: a whole run took {duration:?}; {ROUNDS} kills: {tally:?}");
    tally
}

/// A wide statement of `months` months from 1960-01, five kinds a month.
fn large_statement(months: usize) -> String {
    let mut csv = String::from(
        "缴费年月,缴费基数,养老保险(个人),养老保险(单位),医疗保险（个人）,医疗保险（单位）,失业保险(个人),失业保险(单位),工伤保险(单位),生育保险(单位)\n",
    );
    for i in 0..months {
        let (year, month) = (1950 + i / 12, i % 12 + 1);
        csv.push_str(&format!(
            "{year}-{month:02},5000,400.00,800.00,100.00,400.00,25.00,37.50,10.00,40.00\n"
        ));
    }
    csv
}

#[test]
fn killed_at_random_points_during_a_large_import_the_database_holds_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template");
    let db = template.join("shebao.db");
    json_of(&shebao(&db, &["demo", "--json"]));
    json_of(&shebao(
        &db,
        &["profile", "add", "--name", "崩溃测试", "--json"],
    ));
    let statement = dir.path().join("statement.csv");
    std::fs::write(&statement, large_statement(3000)).unwrap();
    let tally = kill_many_times(
        "import",
        &template,
        &[
            "import",
            statement.to_str().unwrap(),
            "--profile",
            "崩溃测试",
        ],
        &[],
        SEED,
    );
    assert_eq!(
        tally.killed_before_the_write
            + tally.killed_in_the_write
            + tally.killed_with_all
            + tally.finished_before_the_kill,
        ROUNDS
    );
}

#[test]
fn killed_at_random_points_during_a_sync_the_database_holds_all_or_none() {
    let items: Vec<serde_json::Value> = (0..6000)
        .map(|i| {
            let month = format!("{}-{:02}", 1950 + i / 24, (i / 2) % 12 + 1);
            let kind = if i % 2 == 0 { "pension" } else { "medical" };
            item(&month, kind, "640.00", "paid")
        })
        .collect();
    let provider = FakeProvider::start(TOKEN, json!({"name": "王芳", "id_number": ID}), items, 500);
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template");
    let db = template.join("shebao.db");
    json_of(&shebao(&db, &["demo", "--json"]));
    json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--id-number",
            ID,
            "--json",
        ],
    ));
    let env = [("HR_TOKEN", TOKEN)];
    json_of(&shebao_with_env(
        &db,
        &[
            "source",
            "add-http",
            "--name",
            "hr",
            "--profile",
            "王芳",
            "--base-url",
            &provider.base_url(),
            "--token-env",
            "HR_TOKEN",
            "--json",
        ],
        &env,
    ));
    kill_many_times("sync", &template, &["sync"], &env, SEED ^ 0xabcd);
    // Every sync asked the provider; none of them could leave it in a state that matters.
    assert!(provider.seen().len() > ROUNDS);
}
