//! Running the `shebao` binary as a process on real database files in temp dirs, as scripts
//! do. Shared by the CLI test files; each uses the part it needs.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `shebao --db DB ARGS…` with the user's own SHEBAO_* settings removed.
pub fn shebao(db: &Path, args: &[&str]) -> Run {
    shebao_with_env(db, args, &[])
}

/// [`shebao`] with these environment variables set. The OS keyring is always off
/// (`SHEBAO_KEYRING=off`): a test must not depend on one, nor write to a developer's.
pub fn shebao_with_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_shebao"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SHEBAO_DB")
        .env_remove("SHEBAO_LANG")
        .env_remove("SHEBAO_PASSPHRASE")
        .env_remove("SHEBAO_WEBDAV_PASSPHRASE")
        .env_remove("SHEBAO_BACKUP_PASSPHRASE")
        .env("SHEBAO_KEYRING", "off")
        .env("SHEBAO_TODAY", today().to_string())
        .envs(env.iter().copied())
        .env_remove("SHEBAO_RULES_URL")
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// The JSON a successful run printed.
pub fn json_of(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    parse_json(run)
}

/// The JSON a run printed, whatever its exit status (`verify` exits 1 with a report).
pub fn parse_json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", run.stdout))
}

/// A database path in a fresh temp dir (its folder not created yet).
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("shebao.db");
    (dir, db)
}

/// A database with the demo profile (id 1) loaded.
pub fn demo_db() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = temp_db();
    let demo = json_of(&shebao(&db, &["demo", "--json"]));
    assert_eq!(demo["profile"]["id"], 1);
    (dir, db)
}

/// A user error: exit 1 and exactly one line on stderr containing `needle`.
pub fn assert_user_error(run: &Run, needle: &str) {
    assert_eq!(run.code, 1, "stdout: {} stderr: {}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr.trim_end().lines().count(),
        1,
        "one line: {:?}",
        run.stderr
    );
    // With --json the line is `{"code", "message"}`; the needle is looked for in the message.
    let message = match serde_json::from_str::<Value>(run.stderr.trim_end()) {
        Ok(report) => {
            assert!(report["code"].is_string(), "a code: {:?}", run.stderr);
            report["message"].as_str().unwrap_or_default().to_string()
        }
        Err(_) => run.stderr.clone(),
    };
    assert!(
        message.contains(needle),
        "{needle:?} not in {:?}",
        run.stderr
    );
}

/// The date every command of this test process is told (`SHEBAO_TODAY`): read from the clock
/// once, so that a test and the command agree on it even when the run crosses midnight.
pub fn today() -> chrono::NaiveDate {
    static TODAY: std::sync::OnceLock<chrono::NaiveDate> = std::sync::OnceLock::new();
    *TODAY.get_or_init(|| chrono::Local::now().date_naive())
}
