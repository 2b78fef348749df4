//! `shebao vault …` as a process on real files: the round trip add → list → open → export →
//! remove, the certificate age limit and its alert, and every refusal as exit 1 (bad file,
//! duplicate, unknown id, damaged file) or 2 (bad flag), with nothing written.

mod common;

use common::{assert_user_error, demo_db, json_of, shebao, temp_db};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n%%EOF\n").into_bytes()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn codes(alerts: &Value) -> Vec<String> {
    alerts["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn add_list_open_export_remove() {
    let (dir, db) = demo_db();
    let bytes = pdf("参保证明 2026-11");
    let file = write(dir.path(), "参保证明.pdf", &bytes);

    let added = json_of(&shebao(
        &db,
        &[
            "vault",
            "add",
            s(&file),
            "--profile",
            "李明（示例）",
            "--type",
            "certificate",
            "--date",
            "2026年11月20日",
            "--note",
            "给房东",
            "--json",
        ],
    ));
    assert_eq!(added["id"], 1);
    assert_eq!(added["type"], "certificate");
    assert_eq!(added["media_type"], "pdf");
    assert_eq!(added["document_date"], "2026-11-20");
    assert_eq!(added["note"], "给房东");
    assert_eq!(added["original_name"], "参保证明.pdf");
    assert_eq!(added["size"], bytes.len());
    let stored = PathBuf::from(added["file"].as_str().unwrap());
    assert_eq!(
        stored.parent().unwrap(),
        db.parent().unwrap().join("shebao.db.vault")
    );
    assert_eq!(
        stored.file_name().unwrap().to_str().unwrap(),
        format!("{}.pdf", added["sha256"].as_str().unwrap())
    );
    assert_eq!(std::fs::read(&stored).unwrap(), bytes);

    let text = shebao(
        &db,
        &[
            "--lang",
            "en",
            "vault",
            "add",
            s(&write(dir.path(), "scan.png", b"\x89PNG\r\n\x1a\n...")),
            "-p",
            "1",
            "--type",
            "rights_record",
        ],
    );
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .starts_with("attached document 2 (rights record (个人权益记录单), PNG, "),
        "{}",
        text.stdout
    );

    let listed = json_of(&shebao(&db, &["vault", "list", "--profile", "1", "--json"]));
    assert_eq!(listed["profile"]["id"], 1);
    assert_eq!(listed["certificate_max_age"]["days"], 90);
    assert_eq!(listed["certificate_max_age"]["set_by"], "default");
    let docs = listed["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d["present"] == true));
    let table = shebao(&db, &["vault", "list", "--profile", "1"]);
    assert!(
        table.stdout.lines().any(|l| l.starts_with("1 ")
            && l.contains("参保证明")
            && l.contains("2026-11-20")
            && l.contains("给房东")),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("参保证明超过 90 天视为过期（默认值）"),
        "{}",
        table.stdout
    );

    // open prints the path alone.
    let open = shebao(&db, &["vault", "open", "1"]);
    assert_eq!((open.code, open.stdout.trim()), (0, s(&stored)));

    let out = dir.path().join("给房东").join("证明.pdf");
    let exported = json_of(&shebao(
        &db,
        &["vault", "export", "1", "--out", s(&out), "--json"],
    ));
    assert_eq!(exported["sha256"], added["sha256"]);
    assert_eq!(std::fs::read(&out).unwrap(), bytes);

    let removed = json_of(&shebao(&db, &["vault", "remove", "1", "--json"]));
    assert_eq!(
        removed,
        serde_json::json!({"removed": 1, "file_removed": true})
    );
    assert!(!stored.exists());
    let trashed = stored
        .parent()
        .unwrap()
        .join("trash")
        .join(stored.file_name().unwrap());
    assert_eq!(std::fs::read(&trashed).unwrap(), bytes, "in the trash");
    assert_user_error(&shebao(&db, &["vault", "open", "1"]), "文档库中没有文档 1");
    assert_user_error(
        &shebao(&db, &["--lang", "en", "vault", "remove", "1"]),
        "no document 1 in the vault",
    );
}

#[test]
fn bad_files_are_user_errors_and_a_missing_one_creates_no_database() {
    let (dir, db) = temp_db();
    let missing = dir.path().join("nowhere.pdf");
    let run = shebao(
        &db,
        &["vault", "add", s(&missing), "-p", "1", "--type", "other"],
    );
    assert_user_error(&run, "找不到文件");
    assert!(!db.exists(), "a missing file does not create the database");
    let html = write(dir.path(), "证明.pdf", b"<html>please log in</html>");
    let run = shebao(
        &db,
        &[
            "--lang",
            "en",
            "vault",
            "add",
            s(&html),
            "-p",
            "1",
            "--type",
            "other",
        ],
    );
    assert_user_error(&run, "is not a PDF, PNG or JPEG file");
    let empty = write(dir.path(), "empty.pdf", b"");
    assert_user_error(
        &shebao(
            &db,
            &["vault", "add", s(&empty), "-p", "1", "--type", "other"],
        ),
        "是空文件",
    );
    assert!(!db.exists());

    // With a database: an unknown profile, and a duplicate.
    let (dir, db) = demo_db();
    let file = write(dir.path(), "a.pdf", &pdf("a"));
    assert_user_error(
        &shebao(
            &db,
            &[
                "vault",
                "add",
                s(&file),
                "-p",
                "没有这个人",
                "--type",
                "other",
            ],
        ),
        "找不到名称或编号为",
    );
    assert_eq!(
        shebao(
            &db,
            &["vault", "add", s(&file), "-p", "1", "--type", "other"]
        )
        .code,
        0
    );
    assert_user_error(
        &shebao(
            &db,
            &[
                "--lang",
                "en",
                "vault",
                "add",
                s(&file),
                "-p",
                "1",
                "--type",
                "certificate",
            ],
        ),
        "already in the profile's vault as document 1",
    );
    let vault = db.parent().unwrap().join("shebao.db.vault");
    assert_eq!(std::fs::read_dir(&vault).unwrap().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    let (dir, db) = demo_db();
    let file = write(dir.path(), "a.pdf", &pdf("a"));
    for args in [
        vec!["vault", "add", s(&file), "-p", "1", "--type", "passport"],
        vec!["vault", "add", s(&file), "-p", "1"],
        vec![
            "vault",
            "add",
            s(&file),
            "-p",
            "1",
            "--type",
            "other",
            "--date",
            "2026-02-30",
        ],
        vec!["vault", "open", "one"],
        vec!["vault", "export", "1"],
        vec!["vault", "max-age", "0"],
        vec!["vault", "max-age", "30", "--clear"],
    ] {
        let run = shebao(&db, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_damaged_file_is_not_exported_and_the_output_is_left_alone() {
    let (dir, db) = demo_db();
    let file = write(dir.path(), "a.pdf", &pdf("original"));
    let added = add_certificate(&db, &file);
    let stored = PathBuf::from(added["file"].as_str().unwrap());
    std::fs::write(&stored, pdf("edited")).unwrap();
    let out = dir.path().join("out.pdf");
    let run = shebao(
        &db,
        &["--lang", "en", "vault", "export", "1", "--out", s(&out)],
    );
    assert_user_error(&run, "no longer matches its SHA-256");
    assert!(!out.exists());
    assert_user_error(&shebao(&db, &["vault", "open", "1"]), "与其 SHA-256 不符");
    std::fs::remove_file(&stored).unwrap();
    let listed = json_of(&shebao(&db, &["vault", "list", "-p", "1", "--json"]));
    assert_eq!(listed["documents"][0]["present"], false);
    let table = shebao(&db, &["--lang", "en", "vault", "list", "-p", "1"]);
    assert!(
        table.stdout.contains("a.pdf (file missing!)"),
        "{}",
        table.stdout
    );
    assert_user_error(&shebao(&db, &["vault", "open", "1"]), "请重新添加该文档");
}

#[test]
fn an_old_certificate_raises_certificate_stale_and_max_age_sets_the_limit() {
    let (dir, db) = demo_db();
    let today = common::today();
    let dated = (today - chrono::Days::new(100)).to_string();
    let file = write(dir.path(), "old.pdf", &pdf("old"));
    json_of(&shebao(
        &db,
        &[
            "vault",
            "add",
            s(&file),
            "-p",
            "1",
            "--type",
            "certificate",
            "--date",
            &dated,
            "--json",
        ],
    ));
    let alerts = json_of(&shebao(
        &db,
        &["--lang", "en", "alerts", "-p", "1", "--json"],
    ));
    assert!(codes(&alerts).contains(&"certificate_stale".to_string()));
    let alert = alerts["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "certificate_stale")
        .unwrap();
    assert_eq!(
        (alert["severity"].as_str(), &alert["kind"]),
        (Some("info"), &Value::Null)
    );
    assert!(alert["message"]
        .as_str()
        .unwrap()
        .contains(&format!("dated {dated}, is 100 days old")));

    // A limit of 120 days for this profile: no alert. 40 globally does not override it.
    let set = json_of(&shebao(
        &db,
        &["vault", "max-age", "120", "-p", "1", "--json"],
    ));
    assert_eq!(
        (set["days"].as_u64(), set["set_by"].as_str()),
        (Some(120), Some("profile"))
    );
    json_of(&shebao(&db, &["vault", "max-age", "40", "--json"]));
    let alerts = json_of(&shebao(&db, &["alerts", "-p", "1", "--json"]));
    assert!(!codes(&alerts).contains(&"certificate_stale".to_string()));
    // Cleared for the profile: the global 40 applies, and 100 > 2 × 40 is a warning.
    let cleared = json_of(&shebao(
        &db,
        &["vault", "max-age", "-p", "1", "--clear", "--json"],
    ));
    assert_eq!(
        (cleared["days"].as_u64(), cleared["set_by"].as_str()),
        (Some(40), Some("global"))
    );
    let alerts = json_of(&shebao(&db, &["alerts", "-p", "1", "--json"]));
    let alert = alerts["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "certificate_stale")
        .unwrap();
    assert_eq!(alert["severity"], "warning");
    let shown = shebao(&db, &["--lang", "en", "vault", "max-age"]);
    assert_eq!(
        shown.stdout.trim(),
        "a certificate is out of date after 40 days (the global setting)"
    );
    // Acknowledged by code like every alert.
    let acked = json_of(&shebao(
        &db,
        &[
            "alerts",
            "ack",
            "-p",
            "1",
            "--code",
            "certificate_stale",
            "--json",
        ],
    ));
    assert_eq!(acked["acknowledged"].as_array().unwrap().len(), 1);
}

/// Makes a file look older than the trash's grace period (30 days).
fn age_past_grace(path: &Path) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(31 * 86_400))
        .unwrap();
}

fn listed_present(db: &Path) -> Vec<bool> {
    let listed = json_of(&shebao(db, &["vault", "list", "-p", "1", "--json"]));
    listed["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["present"].as_bool().unwrap())
        .collect()
}

/// Issue 14, exactly: a document attached to a.db, then `vault prune` on b.db in the same
/// folder (what the desktop app does on every exit): a.db's document is still there.
#[test]
fn another_database_in_the_folder_pruning_leaves_the_document_present() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    json_of(&shebao(&a, &["demo", "--json"]));
    json_of(&shebao(&b, &["demo", "--json"]));
    let file = write(dir.path(), "参保证明.pdf", &pdf("a's certificate"));
    add_certificate(&a, &file);

    let pruned = json_of(&shebao(&b, &["vault", "prune", "--json"]));
    assert_eq!(listed_present(&a), [true]);
    let table = shebao(&a, &["vault", "list", "-p", "1"]);
    assert!(!table.stdout.contains("文件缺失"), "{}", table.stdout);
    assert_eq!(shebao(&a, &["vault", "open", "1"]).code, 0);
    assert_eq!(
        pruned,
        serde_json::json!({"trashed": [], "removed": [], "unreadable": []})
    );
}

/// The same with a backup: `restore` of a backup taken before the document was attached
/// leaves a before-restore backup naming it. Prune moves the file to the trash and, even past
/// the grace period, keeps it while that backup names it; restoring that backup finds it.
#[test]
fn a_file_a_before_restore_backup_names_survives_prune() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    json_of(&shebao(&a, &["demo", "--json"]));
    json_of(&shebao(&b, &["demo", "--json"]));
    let before = json_of(&shebao(&a, &["backup", "--json"]));
    let file = write(dir.path(), "参保证明.pdf", &pdf("a's certificate"));
    let added = add_certificate(&a, &file);
    let stored = PathBuf::from(added["file"].as_str().unwrap());
    let restored = json_of(&shebao(
        &a,
        &["restore", before["path"].as_str().unwrap(), "--json"],
    ));
    let saved = restored["previous_saved_as"].as_str().unwrap().to_string();

    // a.db no longer names the file: its prune moves it to the trash, nothing is deleted.
    let pruned = json_of(&shebao(&a, &["vault", "prune", "--json"]));
    let trashed = stored
        .parent()
        .unwrap()
        .join("trash")
        .join(stored.file_name().unwrap());
    assert!(trashed.is_file(), "not deleted: {pruned}");
    assert_eq!(pruned["trashed"], serde_json::json!([s(&trashed)]));
    assert_eq!(pruned["removed"], serde_json::json!([]));
    // Past the grace period, both databases prune: the backup still names it, it stays.
    age_past_grace(&trashed);
    for db in [&a, &b] {
        let pruned = json_of(&shebao(db, &["vault", "prune", "--json"]));
        assert_eq!(pruned["removed"], serde_json::json!([]), "{pruned}");
    }
    assert!(trashed.is_file());

    json_of(&shebao(&a, &["restore", &saved, "--json"]));
    assert_eq!(listed_present(&a), [true]);
    assert!(stored.is_file(), "back from the trash");
    assert_eq!(shebao(&a, &["vault", "open", "1"]).code, 0);
}

/// `vault add FILE -p 1 --type certificate --json`, which must succeed: its JSON.
fn add_certificate(db: &Path, file: &Path) -> Value {
    json_of(&shebao(
        db,
        &[
            "vault",
            "add",
            s(file),
            "-p",
            "1",
            "--type",
            "certificate",
            "--json",
        ],
    ))
}
