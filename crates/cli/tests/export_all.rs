//! `shebao export FORMAT --all --out DIR` and `shebao verify DIR` as processes on a real
//! database with three profiles: the contract in docs/cli.md (flags, JSON shapes, exit codes).

mod common;

use common::*;
use std::path::Path;

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

/// The demo (id 1, 李明（示例）), 张三 with pension paid 2024-01 and 2024-02 (2 months), and 王五
/// with no records (0 months).
fn three_profiles() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = demo_db();
    ok(shebao(&db, &["profile", "add", "--name", "张三"]));
    ok(shebao(&db, &["profile", "add", "--name", "王五"]));
    for month in ["2024-01", "2024-02"] {
        ok(shebao(
            &db,
            &[
                "add",
                "--profile",
                "张三",
                "--month",
                month,
                "--kind",
                "pension",
                "--personal",
                "400",
            ],
        ));
    }
    (dir, db)
}

#[test]
fn export_all_writes_one_file_per_profile_and_a_manifest_that_verify_checks() {
    let (dir, db) = three_profiles();
    let out = dir.path().join("statements");
    let run = shebao(
        &db,
        &["export", "pdf", "--all", "--out", path_str(&out), "--json"],
    );
    let report = json_of(&run);
    assert_eq!(run.stderr, "", "no progress in a pipe");
    assert_eq!(report["dir"], path_str(&out));
    assert_eq!(report["manifest"], path_str(&out.join("manifest.csv")));
    let files = report["files"].as_array().unwrap();
    let names: Vec<_> = files
        .iter()
        .map(|f| f["profile"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["李明（示例）", "张三", "王五"]);
    assert_eq!(files[1]["profile_id"], 2);
    assert_eq!(files[1]["months"], 2);
    assert_eq!(files[2]["months"], 0);
    for file in files {
        let name = file["file"].as_str().unwrap();
        assert!(name.ends_with(".pdf") && !name.contains('/'), "{name}");
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert_eq!(
            shebao_core::export::sha256_hex(&bytes),
            file["sha256"].as_str().unwrap()
        );
    }
    let manifest = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert!(
        manifest.starts_with("profile,file,sha256,months"),
        "{manifest}"
    );
    assert_eq!(manifest.lines().count(), 4);

    // The folder, the manifest, and each file alone all pass.
    let by_dir = shebao(&db, &["verify", path_str(&out), "--lang", "en"]);
    assert_eq!(by_dir.code, 0, "{}{}", by_dir.stdout, by_dir.stderr);
    assert!(
        by_dir.stdout.contains("3 of 3 files passed"),
        "{}",
        by_dir.stdout
    );
    let checked = parse_json(&shebao(
        &db,
        &["verify", path_str(&out.join("manifest.csv")), "--json"],
    ));
    assert_eq!(checked["passed"], true);
    assert_eq!(checked["files"].as_array().unwrap().len(), 3);
    assert_eq!(checked["files"][1]["profile"], "张三");
    assert_eq!(checked["files"][1]["passed"], true);
    assert_eq!(checked["files"][1]["verification"]["status"], "unchanged");
    let single = out.join(files[0]["file"].as_str().unwrap());
    assert_eq!(shebao(&db, &["verify", path_str(&single)]).code, 0);

    // One file edited: that file fails, the others pass, exit 1.
    let edited = out.join(files[2]["file"].as_str().unwrap());
    let mut bytes = std::fs::read(&edited).unwrap();
    bytes.extend_from_slice(b"\n%");
    std::fs::write(&edited, bytes).unwrap();
    let run = shebao(&db, &["verify", path_str(&out), "--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let checked = parse_json(&run);
    assert_eq!(checked["passed"], false);
    let passed: Vec<_> = checked["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["passed"].as_bool().unwrap())
        .collect();
    assert_eq!(passed, [true, true, false]);
    assert_eq!(checked["files"][2]["matches_manifest"], false);
}

#[test]
fn a_second_batch_into_the_same_folder_is_refused_and_nothing_is_replaced() {
    let (dir, db) = three_profiles();
    let out = dir.path().join("statements");
    ok(shebao(
        &db,
        &["export", "csv", "--all", "--out", path_str(&out)],
    ));
    let before = std::fs::read(out.join("manifest.csv")).unwrap();
    let run = shebao(
        &db,
        &["export", "csv", "--all", "--out", path_str(&out), "--json"],
    );
    assert_user_error(&run, "manifest.csv");
    assert!(run.stderr.contains("batch_folder_taken"), "{}", run.stderr);
    assert_eq!(std::fs::read(out.join("manifest.csv")).unwrap(), before);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);
}

#[test]
fn profile_and_all_are_exclusive_and_one_is_required() {
    let (dir, db) = three_profiles();
    let out = dir.path().join("x");
    let both = shebao(
        &db,
        &[
            "export",
            "pdf",
            "--all",
            "--profile",
            "1",
            "--out",
            path_str(&out),
        ],
    );
    assert_eq!(both.code, 2, "{}", both.stderr);
    let neither = shebao(&db, &["export", "pdf", "--out", path_str(&out)]);
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    assert!(!out.exists());
}
