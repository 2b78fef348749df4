//! `shebao export` and `shebao verify` run as processes on real database files: the contract
//! in docs/cli.md (flags, JSON shapes, exit codes) as scripts see it.
//!
//! The PDF check reads the statement back with poppler's pdftotext (poppler-utils; installed
//! by scripts/test.sh); without it that test fails and says so. On Windows, where poppler is
//! not a package away, the pure-Rust pdf-extract reads it instead.

mod common;

use common::*;
use serde_json::Value;
use shebao_core::model::{InsuranceKind, Money};
use shebao_core::Store;
use std::path::Path;

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

#[test]
fn export_pdf_then_verify_passes_and_reports_json() {
    let (dir, db) = demo_db();
    let pdf = dir.path().join("记录.pdf");
    let run = shebao(
        &db,
        &[
            "export",
            "pdf",
            "--profile",
            "1",
            "--out",
            path_str(&pdf),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = parse_json(&run);
    assert_eq!(exported["format"], "pdf");
    assert_eq!(exported["profile"]["name"], "李明（示例）");
    assert_eq!(exported["period"]["from"], "2011-07");
    assert_eq!(exported["kinds"].as_array().unwrap().len(), 6);
    assert!(exported["records"].as_u64().unwrap() > 500);
    let digest = exported["content_digest"].as_str().unwrap().to_string();

    let text = pdf_text(&pdf);
    assert!(text.contains(&digest));

    let ok = shebao(&db, &["verify", path_str(&pdf)]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.starts_with("通过"), "{}", ok.stdout);
    let report = parse_json(&shebao(&db, &["verify", path_str(&pdf), "--json"]));
    assert_eq!(report["passed"], true);
    assert_eq!(report["status"], "unchanged");
    assert_eq!(report["export"]["content_digest"], digest.as_str());
    assert_eq!(report["changed_months"], serde_json::json!([]));
}

#[cfg(not(windows))]
fn pdf_text(pdf: &std::path::Path) -> String {
    let text = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext could not run ({e}): install poppler-utils (scripts/test.sh does)")
        });
    String::from_utf8(text.stdout).unwrap()
}

#[cfg(windows)]
fn pdf_text(pdf: &std::path::Path) -> String {
    pdf_extract::extract_text(pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()))
}

#[test]
fn a_copy_with_one_byte_changed_is_not_produced_by_this_app() {
    let (dir, db) = demo_db();
    let csv = dir.path().join("records.csv");
    assert_eq!(
        shebao(&db, &["export", "csv", "-p", "1", "-o", path_str(&csv)]).code,
        0
    );
    let mut bytes = std::fs::read(&csv).unwrap();
    let last = bytes.len() - 3;
    bytes[last] = if bytes[last] == b'0' { b'1' } else { b'0' };
    let copy = dir.path().join("copy.csv");
    std::fs::write(&copy, &bytes).unwrap();

    let run = shebao(&db, &["--lang", "en", "verify", path_str(&copy)]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("not produced by this app"),
        "{}",
        run.stdout
    );
    let report = parse_json(&shebao(&db, &["verify", path_str(&copy), "--json"]));
    assert_eq!(report["passed"], false);
    assert_eq!(report["status"], "not_produced");
    assert_eq!(report["export"], Value::Null);
}

#[test]
fn verify_names_the_months_whose_records_changed() {
    let (dir, db) = demo_db();
    let xlsx = dir.path().join("records.xlsx");
    assert_eq!(
        shebao(&db, &["export", "xlsx", "-p", "1", "-o", path_str(&xlsx)]).code,
        0
    );
    {
        let mut store = Store::open(&db).unwrap();
        let mut record = store
            .contributions(1)
            .unwrap()
            .into_iter()
            .find(|c| {
                c.record.kind == InsuranceKind::Medical && c.record.month.to_string() == "2020-06"
            })
            .unwrap()
            .record;
        record.employer += Money::from_yuan(1);
        store.write_contributions(&[record]).unwrap();
    }
    let run = shebao(&db, &["verify", path_str(&xlsx)]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("涉及月份：2020-06"), "{}", run.stdout);
    let report = parse_json(&shebao(&db, &["verify", path_str(&xlsx), "--json"]));
    assert_eq!(report["status"], "changed");
    assert_eq!(report["changed_months"], serde_json::json!(["2020-06"]));
}

#[test]
fn filters_and_formats_reach_the_file() {
    let (dir, db) = demo_db();
    let csv = dir.path().join("pension.csv");
    let run = shebao(
        &db,
        &[
            "--lang",
            "en",
            "export",
            "csv",
            "-p",
            "李明（示例）",
            "--from",
            "2020-01",
            "--to",
            "2020-12",
            "--kinds",
            "pension,medical",
            "-o",
            path_str(&csv),
            "--json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(parse_json(&run)["records"], 24);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 25);
    assert!(text.lines().skip(1).all(|l| l.starts_with("2020-")));

    let json_file = dir.path().join("backup.json");
    assert_eq!(
        shebao(
            &db,
            &["export", "json", "-p", "1", "-o", path_str(&json_file)]
        )
        .code,
        0
    );
    let backup: Value = serde_json::from_slice(&std::fs::read(&json_file).unwrap()).unwrap();
    assert_eq!(backup["format"], "shebao-ledger");
    assert_eq!(backup["version"], 1);
    assert!(backup["contributions"].as_array().unwrap().len() > 500);
}

#[test]
fn the_id_number_is_masked_unless_show_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    let added = shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--id-number",
            "11010519491231002X",
        ],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let xlsx = dir.path().join("a.xlsx");
    assert_eq!(
        shebao(
            &db,
            &["export", "xlsx", "-p", "王芳", "-o", path_str(&xlsx)]
        )
        .code,
        0,
        "a profile without records still exports"
    );
    let shown = dir.path().join("b.xlsx");
    assert_eq!(
        shebao(
            &db,
            &[
                "export",
                "xlsx",
                "-p",
                "王芳",
                "--show-id",
                "-o",
                path_str(&shown)
            ]
        )
        .code,
        0
    );
    // Workbook cells are in the shared-strings part, zipped: read them with calamine.
    use calamine::{Data, Reader, Xlsx};
    let id_cells = |path: &Path| -> Vec<String> {
        let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
        let sheet = book.worksheet_range("汇总").unwrap();
        sheet
            .rows()
            .filter(|row| row.first() == Some(&Data::String("证件号码".into())))
            .map(|row| row[1].to_string())
            .collect()
    };
    assert_eq!(id_cells(&xlsx), ["1101**********002X"]);
    assert_eq!(id_cells(&shown), ["11010519491231002X"]);
}

#[test]
fn errors_exit_1_for_user_errors_and_2_for_usage() {
    let (dir, db) = demo_db();
    let out = dir.path().join("x.pdf");
    let out = path_str(&out);
    let unknown = shebao(&db, &["export", "pdf", "-p", "nobody", "-o", out]);
    assert_eq!(unknown.code, 1);
    assert_eq!(unknown.stderr.trim_end().lines().count(), 1);
    assert!(unknown.stderr.contains("nobody"));
    assert!(!Path::new(out).exists(), "nothing written");

    assert_eq!(
        shebao(
            &db,
            &["export", "pdf", "-p", "1", "--from", "2024-13", "-o", out]
        )
        .code,
        2
    );
    assert_eq!(
        shebao(
            &db,
            &["export", "pdf", "-p", "1", "--from", "2024-05", "--to", "2024-01", "-o", out]
        )
        .code,
        2
    );
    assert_eq!(
        shebao(
            &db,
            &[
                "export",
                "pdf",
                "-p",
                "1",
                "--kinds",
                "pension,foo",
                "-o",
                out
            ]
        )
        .code,
        2
    );
    assert_eq!(
        shebao(&db, &["export", "docx", "-p", "1", "-o", out]).code,
        2
    );
    assert_eq!(
        shebao(&db, &["export", "pdf", "-p", "1"]).code,
        2,
        "--out is required"
    );

    let missing = shebao(&db, &["verify", "/nonexistent/file.pdf"]);
    assert_eq!(missing.code, 1);
    assert_eq!(missing.stderr.trim_end().lines().count(), 1);

    let blocked = dir.path().join("no-such-dir").join("x.pdf");
    let run = shebao(&db, &["export", "pdf", "-p", "1", "-o", path_str(&blocked)]);
    assert_eq!(run.code, 1, "an unwritable path is a user error");
    let report = parse_json(&shebao(&db, &["verify", path_str(&db), "--json"]));
    assert_eq!(
        report["status"], "not_produced",
        "the failed export left no record"
    );
}

#[test]
fn with_estimate_the_pdf_ends_with_the_estimate_from_the_stored_figures() {
    let (dir, db) = demo_db();
    let set = shebao(
        &db,
        &[
            "profile",
            "set",
            "1",
            "--benefit-base",
            "9000",
            "--average-index",
            "0.85",
        ],
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    let pdf = dir.path().join("估算.pdf");
    let run = shebao(
        &db,
        &[
            "export",
            "pdf",
            "--profile",
            "1",
            "--with-estimate",
            "--out",
            path_str(&pdf),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&pdf);
    assert!(text.contains("附：养老金估算（仅供参考）"), "{text}");
    let total = json_of(&shebao(&db, &["standing", "--profile", "1", "--json"]))["estimate"]
        ["total"]
        .as_i64()
        .expect("a total from the stored benefit base and index");
    assert!(
        text.contains(&Money::from_fen(total).to_string()),
        "the PDF shows the total standing gives ({total} fen)"
    );
    // The appendix is outside the digest: the file still verifies as an export of the records.
    let ok = shebao(&db, &["verify", path_str(&pdf)]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
}
