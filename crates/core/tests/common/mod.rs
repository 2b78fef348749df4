//! Helpers shared by the integration tests on real database files.

#![allow(dead_code)] // each test file uses its own part

use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::store::Passphrase;
use shebao_core::Store;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn pass(text: &str) -> Passphrase {
    Passphrase::new(text).unwrap()
}

/// A closed, unencrypted database holding the demo profile's history.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("shebao.db");
    let mut store = Store::open(&db).unwrap();
    load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
    db
}

/// Every row of every table of an unencrypted database, as text, tables by name: two equal
/// dumps mean the same data.
pub fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut text = String::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .unwrap();
        let columns = statement.column_count();
        let rows: Vec<Vec<rusqlite::types::Value>> = statement
            .query_map([], |row| (0..columns).map(|i| row.get(i)).collect())
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        text.push_str(&format!("{table}: {rows:?}\n"));
    }
    text
}

/// Every file under `dir` with its length and a hash of its bytes: equal snapshots mean
/// nothing on disk changed (and a failing comparison prints something readable).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (usize, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                bytes.hash(&mut hasher);
                files.insert(path, (bytes.len(), hasher.finish()));
            }
        }
    }
    files
}

/// Names of the files directly in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Overwrites part of a b-tree page in the middle of the file, as a failing disk might.
pub fn damage_middle_page(db: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(db).unwrap().len();
    let page = 4096;
    let middle_page = (len / page) / 2;
    assert!(middle_page >= 1, "a database of several pages");
    let mut file = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    file.seek(SeekFrom::Start(middle_page * page)).unwrap();
    file.write_all(&[0xA5; 512]).unwrap();
}
