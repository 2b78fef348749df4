//! The fuzzers' inputs without the fuzzer: every file in `fuzz/seeds/<target>/` and every
//! import fixture `fuzz/seeds/fixtures.txt` names for it (the starting corpus), `fuzz/corpus-min/<target>/` (what long runs found worth keeping, minimised) and
//! `fuzz/regressions/<target>/` (inputs that once crashed) goes through exactly the calls the
//! fuzz target makes (fuzz/fuzz_targets/common.rs). None may panic. It runs with the other
//! tests; scripts/fuzz.sh then fuzzes each target for a fixed time (docs/reliability.md).

#[path = "../../../fuzz/fuzz_targets/common.rs"]
mod fuzz_calls;

use std::path::{Path, PathBuf};

/// What a fuzz target does with one input.
type Call = fn(&[u8]);

const TARGETS: &[(&str, Call)] = &[
    ("import_csv", |data| {
        fuzz_calls::import(data, "statement.csv");
        fuzz_calls::sample(data, "statement.csv");
    }),
    ("import_xlsx", |data| {
        fuzz_calls::import(data, "statement.xlsx");
        fuzz_calls::sample(data, "statement.xlsx");
    }),
    ("import_json", |data| {
        fuzz_calls::import(data, "export.json")
    }),
    ("xlsx_precheck", fuzz_calls::precheck),
    ("import_to_alerts", fuzz_calls::import_to_alerts),
    ("parse_month", fuzz_calls::month),
    ("parse_money", fuzz_calls::money),
    ("webdav_listing", fuzz_calls::listing),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// The import fixtures `fuzz/seeds/fixtures.txt` names for `target` (kept once, in
/// tests/fixtures/import/, and read from there by scripts/fuzz.sh too).
fn fixture_seeds(target: &str) -> Vec<PathBuf> {
    let list = std::fs::read_to_string(fuzz_dir().join("seeds/fixtures.txt")).unwrap();
    let fixtures = fuzz_dir().join("../tests/fixtures/import");
    list.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(' '))
        .filter(|(t, _)| *t == target)
        .map(|(_, file)| {
            let path = fixtures.join(file.trim());
            assert!(
                path.is_file(),
                "fuzz/seeds/fixtures.txt names a missing {}",
                path.display()
            );
            path
        })
        .collect()
}

#[test]
fn every_stored_fuzz_input_is_handled_without_a_panic() {
    let mut seen = 0;
    for (target, call) in TARGETS {
        let mut seeds = files_in(&fuzz_dir().join("seeds").join(target));
        seeds.extend(fixture_seeds(target));
        assert!(!seeds.is_empty(), "fuzz/seeds/{target} has no inputs");
        let stored = ["corpus-min", "regressions"]
            .iter()
            .flat_map(|kind| files_in(&fuzz_dir().join(kind).join(target)));
        for file in seeds.into_iter().chain(stored) {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| call(&data));
            assert!(outcome.is_ok(), "{target} panicked on {}", file.display());
            seen += 1;
        }
    }
    eprintln!("{seen} stored fuzz inputs handled");
}
