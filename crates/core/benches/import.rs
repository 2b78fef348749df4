//! Import throughput against the sqlite3 shell's `.import` of the same file, parse speed, and
//! the importer's peak memory, in one run.
//!
//! ```text
//! cargo bench -p shebao-core --bench import                 # 432,000 rows (the issue's file)
//! cargo bench -p shebao-core --bench import -- --rows 20000 # other sizes, comma-separated
//! ```
//!
//! For each size N: a synthetic portal CSV of N rows (crates/core/src/synthetic.rs) is written
//! to a temp dir; then, on that same file,
//! (a) the sqlite3 shell's `.import --csv` of it into a table of its ten columns with a unique
//!     index on (month, kind, payer) — the key our records have — in WAL mode with
//!     `synchronous=FULL`, as our store runs (needs the `sqlite3` program; scripts/lib/deps.sh
//!     installs it);
//! (b) the real import path, as `shebao import` takes it — read the file, decode, find the
//!     header, parse and validate every row, take the automatic backup, upsert each record with
//!     its revision check, all in one transaction — into a fresh database;
//! (c) the parse alone (the preview: read, decode, parse, validate; writing nothing), in MB/s;
//! (d) a bare rusqlite prepared-statement INSERT of the same N records (already in memory) into
//!     a fresh database of the same schema and connection settings (WAL, synchronous=FULL,
//!     foreign keys), in one transaction;
//! and prints the import's speed as a fraction of the sqlite3 shell's (goal: at least 0.5) and
//! of the bare insert's. The importer's peak memory is the rise of the process's high-water
//! mark (VmHWM, reset through /proc/self/clear_refs) over its resident set before the import;
//! Linux only (elsewhere memory is not reported).

use shebao_core::ingest::{self, ImportOptions};
use shebao_core::model::{Contribution, Freshness, NewProfile, SourceKind};
use shebao_core::synthetic::{write_portal_csv, SynthConfig, Synthetic};
use shebao_core::Store;
use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};

const SEED: u64 = 20_261_129;

fn main() {
    let sizes = sizes_from_args();
    println!(
        "{:>8} {:>7} {:>10} {:>8} {:>8} {:>8} {:>9} {:>8} {:>7} {:>8} {:>7}",
        "rows",
        "file MB",
        "sqlite3 s",
        "import s",
        "vs sqlite3",
        "parse s",
        "parse MB/s",
        "bare s",
        "vs bare",
        "peak MB",
        "r/s"
    );
    for rows in sizes {
        let result = measure(rows);
        let file_mb = result.file_bytes as f64 / 1e6;
        println!(
            "{:>8} {:>7.1} {:>10} {:>8.2} {:>10} {:>8.2} {:>10.1} {:>8.2} {:>7.2} {:>8} {:>7.0}",
            rows,
            file_mb,
            result
                .shell
                .map_or("n/a".to_string(), |d| format!("{:.2}", d.as_secs_f64())),
            result.import.as_secs_f64(),
            result.shell.map_or("n/a".to_string(), |d| format!(
                "{:.2}",
                d.as_secs_f64() / result.import.as_secs_f64()
            )),
            result.parse.as_secs_f64(),
            file_mb / result.parse.as_secs_f64(),
            result.bare.as_secs_f64(),
            result.bare.as_secs_f64() / result.import.as_secs_f64(),
            result
                .import_peak
                .map_or("n/a".to_string(), |kb| format!("{:.0}", kb as f64 / 1024.0)),
            rows as f64 / result.import.as_secs_f64(),
        );
    }
}

fn sizes_from_args() -> Vec<usize> {
    let args: Vec<String> = std::env::args().collect();
    // `cargo bench` passes `--bench`; only `--rows` is ours.
    match args.iter().position(|a| a == "--rows") {
        Some(i) => args
            .get(i + 1)
            .expect("--rows needs a value, e.g. 100000,1000000")
            .split(',')
            .map(|n| n.trim().replace('_', "").parse().expect("a row count"))
            .collect(),
        None => vec![432_000],
    }
}

struct Measured {
    file_bytes: u64,
    /// The sqlite3 shell's `.import`; `None` without the `sqlite3` program.
    shell: Option<Duration>,
    parse: Duration,
    import: Duration,
    bare: Duration,
    /// KiB above the resident set before the import.
    import_peak: Option<u64>,
}

fn config_for(rows: usize) -> SynthConfig {
    SynthConfig::new(SEED, Synthetic::people_for_rows(rows, 20))
}

fn measure(rows: usize) -> Measured {
    let dir = tempfile::tempdir().expect("a temp dir");
    let csv_path = dir.path().join("synthetic.csv");
    {
        let file = std::fs::File::create(&csv_path).expect("create the CSV");
        let written = write_portal_csv(
            Synthetic::rows(config_for(rows)).take(rows),
            BufWriter::new(file),
        )
        .expect("write the CSV");
        assert_eq!(written, rows, "the generator made too few rows");
    }
    let file_bytes = std::fs::metadata(&csv_path).expect("the CSV").len();
    let shell = shell_import(&dir.path().join("shell.db"), &csv_path, rows);

    // Where the import's time goes: the parse alone (the preview, writing nothing), timed apart.
    let (mut store, profile) = fresh_store(&dir.path().join("import.db"));
    let parse = {
        let bytes = std::fs::read(&csv_path).expect("read the CSV");
        let started = Instant::now();
        let preview = ingest::preview(&bytes, "synthetic.csv", &profile).expect("parses");
        assert_eq!(preview.records.len(), rows);
        started.elapsed()
    };

    // (a) The real import.
    let before = memory::reset_peak();
    let started = Instant::now();
    let bytes = std::fs::read(&csv_path).expect("read the CSV");
    let report = ingest::import(
        &mut store,
        &bytes,
        "synthetic.csv",
        csv_path.to_str(),
        &profile,
        ImportOptions::default(),
    )
    .expect("the synthetic file imports");
    drop(bytes);
    let import = started.elapsed();
    let import_peak = before.and_then(|rss| memory::peak().map(|hwm| hwm.saturating_sub(rss)));
    assert_eq!(report.added, rows);
    drop(store);

    // (b) A bare prepared-statement insert of the same records.
    let (store, profile) = fresh_store(&dir.path().join("bare.db"));
    let source = store
        .ensure_source(SourceKind::File, "synthetic.csv", None, Freshness::Weekly)
        .expect("a source");
    drop(store);
    let records: Vec<Contribution> = Synthetic::rows(config_for(rows))
        .take(rows)
        .map(|row| Contribution {
            source,
            ..row.to_contribution(profile.id)
        })
        .collect();
    let bare = bare_insert(&dir.path().join("bare.db"), &records);

    Measured {
        file_bytes,
        shell,
        parse,
        import,
        bare,
        import_peak,
    }
}

fn fresh_store(path: &Path) -> (Store, shebao_core::model::Profile) {
    let mut store = Store::open(path).expect("a new database");
    let profile = store
        .add_profile(
            &NewProfile {
                name: "合成样本".into(),
                ..Default::default()
            }
            .validate()
            .expect("a valid profile"),
        )
        .expect("a profile");
    (store, profile)
}

/// The floor: one prepared INSERT per record in one transaction, on a connection set up as the
/// store sets up its own.
fn bare_insert(path: &Path, records: &[Contribution]) -> Duration {
    let mut conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let started = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO contributions (profile_id, kind, month, region_code, payer_type,
                     payer_name, base_fen, personal_fen, employer_fen, credited_fen, status,
                     source_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
            )
            .unwrap();
        let now = "2026-11-29T00:00:00Z";
        for r in records {
            let (payer_type, payer_name) = r.payer.to_columns();
            insert
                .execute(rusqlite::params![
                    r.profile,
                    r.kind.as_str(),
                    r.month.to_string(),
                    r.region,
                    payer_type,
                    payer_name,
                    r.base.map(|m| m.fen()),
                    r.personal.fen(),
                    r.employer.fen(),
                    r.credited.map(|m| m.fen()),
                    r.status.as_str(),
                    r.source,
                    now
                ])
                .unwrap();
        }
    }
    tx.commit().unwrap();
    started.elapsed()
}

/// The sqlite3 shell's `.import` of the CSV (title row and header skipped; the 合计 row, short
/// of columns, is filled with NULLs) into a table with a unique index on the records' key, timed
/// from the program's start to its end. The table and index are made beforehand, in their own
/// run; the timed run only sets `synchronous=FULL` (per connection) and imports.
fn shell_import(db: &Path, csv: &Path, rows: usize) -> Option<Duration> {
    let run = |script: &str| {
        std::process::Command::new("sqlite3")
            .arg(db)
            .arg(script)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|e| eprintln!("sqlite3 shell not measured ({e}): install the sqlite3 package"))
            .ok()
    };
    run(
        "PRAGMA journal_mode=WAL; CREATE TABLE c(month, kind, base, personal, employer, \
         to_account, status, payment, payer, region); \
         CREATE UNIQUE INDEX c_key ON c(month, kind, payer);",
    )?;
    let started = Instant::now();
    let csv = csv.to_str().expect("a UTF-8 temp path");
    // Each dot-command must be its own argument.
    let status = std::process::Command::new("sqlite3")
        .arg(db)
        .arg("PRAGMA synchronous=FULL;")
        .arg(format!(".import --csv --skip 2 '{csv}' c"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    let elapsed = started.elapsed();
    let _ = status;
    let count = std::process::Command::new("sqlite3")
        .arg(db)
        .arg("SELECT count(*) FROM c WHERE kind != '';")
        .output()
        .ok()?;
    let count = String::from_utf8_lossy(&count.stdout).trim().to_string();
    assert_eq!(
        count,
        rows.to_string(),
        "the sqlite3 shell imported every row"
    );
    Some(elapsed)
}

/// The process's memory from /proc/self/status (Linux).
mod memory {
    /// Resets the high-water mark to the current resident set and returns that, in KiB.
    pub fn reset_peak() -> Option<u64> {
        std::fs::write("/proc/self/clear_refs", "5").ok()?;
        field("VmRSS:")
    }

    /// The high-water mark since the last reset, in KiB.
    pub fn peak() -> Option<u64> {
        field("VmHWM:")
    }

    fn field(name: &str) -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    }
}
