//! `shebao alerts`, `shebao alerts ack`, `shebao standing` and the profile facts they need, run
//! as processes on real database files in temp dirs: the JSON contract of docs/cli.md and the
//! exit codes. The CLI reads the real clock, so expectations that depend on today's date are
//! computed here from the same clock.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn shebao(db: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_shebao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SHEBAO_DB")
        .env_remove("SHEBAO_LANG")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

fn json_of(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    (dir, db)
}

/// A user error: exit 1 and exactly one line on stderr containing `needle`.
fn assert_user_error(run: &Run, needle: &str) {
    assert_eq!(run.code, 1, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{:?}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "{needle:?} not in {:?}",
        run.stderr
    );
}

#[test]
fn profile_add_keeps_the_original_age_and_deadline_day() {
    let (_dir, db) = temp_db();
    let added = json_of(&shebao(
        &db,
        &[
            "profile",
            "add",
            "--name",
            "王芳",
            "--sex",
            "female",
            "--born",
            "1975-05",
            "--employment",
            "flexible",
            "--original-age",
            "55",
            "--deadline-day",
            "15",
            "--json",
        ],
    ));
    assert_eq!(added, json!({"id": 1, "name": "王芳"}));
    let shown = json_of(&shebao(&db, &["profile", "show", "王芳", "--json"]));
    assert_eq!(shown["original_age"], 55);
    assert_eq!(shown["payment_deadline_day"], 15);
    let text = shebao(&db, &["profile", "show", "王芳"]);
    assert!(
        text.stdout.contains("原法定退休年龄") && text.stdout.contains("15日"),
        "{}",
        text.stdout
    );
    // The list keeps its documented shape.
    assert_eq!(
        json_of(&shebao(&db, &["profile", "list", "--json"])),
        json!({"profiles": [{"id": 1, "name": "王芳"}]})
    );
}

#[test]
fn profile_facts_that_do_not_fit_are_user_errors_and_usage_errors() {
    let (_dir, db) = temp_db();
    assert_user_error(
        &shebao(
            &db,
            &[
                "profile",
                "add",
                "--name",
                "甲",
                "--sex",
                "male",
                "--original-age",
                "55",
            ],
        ),
        "55",
    );
    assert_user_error(
        &shebao(
            &db,
            &[
                "--lang",
                "en",
                "profile",
                "add",
                "--name",
                "甲",
                "--deadline-day",
                "32",
            ],
        ),
        "deadline_day",
    );
    assert_eq!(
        shebao(
            &db,
            &["profile", "add", "--name", "甲", "--deadline-day", "x"]
        )
        .code,
        2
    );
    assert_eq!(
        json_of(&shebao(&db, &["profile", "list", "--json"])),
        json!({"profiles": []}),
        "nothing written"
    );
}
