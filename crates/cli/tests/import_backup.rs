//! `shebao import` takes an automatic backup before it writes, says where, and takes none when
//! the import changes nothing; `shebao restore` of that backup undoes the import.

mod common;

use common::{demo_db, json_of, shebao};
use std::path::Path;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

fn automatic_backups(db: &Path) -> Vec<String> {
    let dir = db.parent().unwrap().join("backups");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("auto-") && n.ends_with(".db"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_import_is_backed_up_first_and_the_backup_undoes_it() {
    let (_dir, db) = demo_db();
    let file = fixture("paste.tsv");
    let before = json_of(&shebao(&db, &["summary", "--profile", "1", "--json"]));

    let run = shebao(&db, &["--lang", "en", "import", &file, "--profile", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let taken = automatic_backups(&db);
    assert_eq!(taken.len(), 1, "{taken:?}");
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("backed up automatically before the import: "))
        .unwrap_or_else(|| panic!("no backup line in {}", run.stdout));
    let backup = line.rsplit(": ").next().unwrap();
    assert!(backup.ends_with(&taken[0]), "{backup} vs {taken:?}");
    assert_ne!(
        json_of(&shebao(&db, &["summary", "--profile", "1", "--json"])),
        before
    );

    // The same file again changes nothing: no backup, no line.
    let again = shebao(&db, &["--lang", "en", "import", &file, "--profile", "1"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(!again.stdout.contains("backed up"), "{}", again.stdout);
    assert_eq!(automatic_backups(&db), taken);

    let restored = shebao(&db, &["restore", backup]);
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    assert_eq!(
        json_of(&shebao(&db, &["summary", "--profile", "1", "--json"])),
        before,
        "the database as before the import"
    );
}
