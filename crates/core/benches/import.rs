//! Import throughput next to a bare insert, and the importer's peak memory, in one run.
//!
//! ```text
//! cargo bench -p shebao-core --bench import                 # 100,000 and 1,000,000 rows
//! cargo bench -p shebao-core --bench import -- --rows 20000 # other sizes, comma-separated
//! ```
//!
//! For each size N: a synthetic portal CSV of N rows (crates/core/src/synthetic.rs) is written
//! to a temp dir; then
//! (a) the real import path — read the file, decode, find the header, parse and validate every
//!     row, upsert each record with its revision check, all in one transaction — into a fresh
//!     database, and
//! (b) a bare rusqlite prepared-statement INSERT of the same N records (already in memory) into
//!     a fresh database of the same schema and connection settings (WAL, synchronous=FULL,
//!     foreign keys), in one transaction;
//! and prints rows/s for both and their ratio. The importer's peak memory is the rise of the
//! process's high-water mark (VmHWM, reset through /proc/self/clear_refs) over its resident set
//! before the import; Linux only (elsewhere memory is not reported).

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
        "{:>10} {:>8} {:>11} {:>16} {:>6} {:>15} {:>9} {:>8}",
        "rows",
        "file MB",
        "import r/s",
        "bare insert r/s",
        "ratio",
        "import peak MB",
        "import s",
        "parse s"
    );
    for rows in sizes {
        let result = measure(rows);
        println!(
            "{:>10} {:>8.1} {:>11.0} {:>16.0} {:>6.2} {:>15} {:>9.2} {:>8.2}",
            rows,
            result.file_bytes as f64 / 1e6,
            rows as f64 / result.import.as_secs_f64(),
            rows as f64 / result.bare.as_secs_f64(),
            result.bare.as_secs_f64() / result.import.as_secs_f64(),
            result
                .import_peak
                .map_or("n/a".to_string(), |kb| format!("{:.0}", kb as f64 / 1024.0)),
            result.import.as_secs_f64(),
            result.parse.as_secs_f64(),
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
        None => vec![100_000, 1_000_000],
    }
}

struct Measured {
    file_bytes: u64,
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
