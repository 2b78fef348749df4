//! The CLI on a data folder like a Windows user's — `C:\Users\张三\AppData\Roaming\…`, with
//! Chinese characters and spaces in every part of the path and the file names — and a GBK
//! statement with CRLF line ends, as Windows programs write them. Runs everywhere; it
//! exists for Windows, where paths are UTF-16 and a file open elsewhere cannot be replaced, so
//! the import, backup, restore, encrypt, passwd, export and verify that rename or replace files
//! are each made there (scripts/test-windows.sh, and natively in .github/workflows/test.yml).

mod common;

use common::*;
use std::path::{Path, PathBuf};

const KEY: (&str, &str) = ("SHEBAO_PASSPHRASE", "第一个 口令");
const NEW_KEY: (&str, &str) = ("SHEBAO_NEW_PASSPHRASE", "第二个 口令");

fn pension_months(db: &Path, env: &[(&str, &str)]) -> u64 {
    let run = shebao_with_env(db, &["summary", "--profile", "张伟", "--json"], env);
    json_of(&run)["kinds"]["pension"]["months_paid"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_data_folder_with_chinese_and_spaces_and_a_crlf_gbk_import_work_end_to_end() {
    let home = tempfile::tempdir().unwrap();
    let folder = home
        .path()
        .join("张三 的文件")
        .join("AppData Roaming")
        .join("社保 账本");
    let db = folder.join("我的 社保.db");
    let id = shebao_core::model::IdNumber::with_check_char("51010419880315123")
        .unwrap()
        .as_str()
        .to_string();
    ok(shebao(
        &db,
        &["profile", "add", "--name", "张伟", "--id-number", &id],
    ));

    // The fixture is GBK with CRLF line ends, as Windows programs save it (checked here, so
    // that a change to it cannot quietly take that case away).
    let gbk_crlf = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/chengdu_gbk.csv"),
    )
    .unwrap();
    assert!(gbk_crlf.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    assert!(std::str::from_utf8(&gbk_crlf).is_err(), "GBK, not UTF-8");
    let statement = folder.join("成都 社保 明细（2023）.csv");
    std::fs::write(&statement, gbk_crlf).unwrap();
    // The same counts as import.rs gets from the fixture under its own name.
    let imported = json_of(&shebao(
        &db,
        &[
            "import",
            statement.to_str().unwrap(),
            "--profile",
            "张伟",
            "--json",
        ],
    ));
    assert_eq!(
        imported,
        serde_json::json!({"added": 36, "updated": 0, "unchanged": 0, "skipped_rows": 8, "errors": []})
    );
    assert_eq!(pension_months(&db, &[]), 11);

    // A backup into backups/ beside it, a change, and a restore that replaces the database.
    let made = json_of(&shebao(&db, &["backup", "--json"]));
    let backup = PathBuf::from(made["path"].as_str().unwrap());
    assert_eq!(backup.parent().unwrap(), folder.join("backups"));
    ok(shebao(&db, &["profile", "add", "--name", "后来 添加"]));
    ok(shebao(&db, &["restore", backup.to_str().unwrap()]));
    let names = json_of(&shebao(&db, &["profile", "list", "--json"]));
    assert_eq!(names["profiles"].as_array().unwrap().len(), 1, "{names}");

    // Encrypt and change the passphrase: each writes a new file and renames it over the old.
    ok(shebao_with_env(&db, &["encrypt"], &[KEY]));
    assert_eq!(pension_months(&db, &[KEY]), 11);
    ok(shebao_with_env(&db, &["passwd"], &[KEY, NEW_KEY]));
    let new_key = ("SHEBAO_PASSPHRASE", NEW_KEY.1);
    assert_eq!(pension_months(&db, &[new_key]), 11);

    // An export into the same folder, verified from there.
    let pdf = folder.join("张伟 缴费记录.pdf");
    ok(shebao_with_env(
        &db,
        &[
            "export",
            "pdf",
            "--profile",
            "张伟",
            "--out",
            pdf.to_str().unwrap(),
        ],
        &[new_key],
    ));
    let verified = shebao_with_env(
        &db,
        &["verify", pdf.to_str().unwrap(), "--json"],
        &[new_key],
    );
    assert_eq!(parse_json(&verified)["passed"], true, "{}", verified.stderr);
}
