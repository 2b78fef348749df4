//! Running the `shebao` binary as a process on real database files in temp dirs, as scripts
//! do. Shared by the CLI test files; each uses the part it needs.
#![allow(dead_code)]

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
/// (`SHEBAO_KEYRING=off`) unless `env` says otherwise: a test must not depend on one, nor write
/// to a developer's.
pub fn shebao_with_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = command();
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .envs(env.iter().copied());
    run(command, None)
}

/// [`shebao`] with `stdin` piped in (a file given as `-`, an answer to a prompt).
pub fn shebao_with_stdin(db: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut command = command();
    command.arg("--db").arg(db).args(args);
    run(command, Some(stdin))
}

/// `shebao ARGS…` without `--db`, with HOME, the XDG data dir, APPDATA and SHEBAO_DB all
/// pointing into `sandbox`, so that any attempt to create a database leaves a trace there.
pub fn shebao_in_sandbox(sandbox: &Path, args: &[&str]) -> Run {
    let mut command = command();
    command
        .args(args)
        .env("HOME", sandbox)
        .env("XDG_DATA_HOME", sandbox.join("xdg"))
        .env("APPDATA", sandbox.join("appdata"))
        .env("SHEBAO_DB", sandbox.join("env").join("shebao.db"));
    run(command, None)
}

/// The binary with none of the user's own SHEBAO_* settings, the keyring off and the date of
/// this test process. The arguments are added by the caller (after `--db` where there is one).
fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shebao"));
    for var in [
        "SHEBAO_DB",
        "SHEBAO_LANG",
        "SHEBAO_PASSPHRASE",
        "SHEBAO_NEW_PASSPHRASE",
        "SHEBAO_BACKUP_PASSPHRASE",
        "SHEBAO_WEBDAV_PASSPHRASE",
        "SHEBAO_RULES_URL",
    ] {
        command.env_remove(var);
    }
    command
        .env("SHEBAO_KEYRING", "off")
        .env("SHEBAO_TODAY", today().to_string());
    command
}

fn run(mut command: Command, stdin: Option<&[u8]>) -> Run {
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = start(&mut command).expect("the binary runs");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin is piped")
            .write_all(bytes)
            .expect("stdin is written");
    }
    let output = child.wait_with_output().expect("the binary ends");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// Starts `command`. Under Wine, starting a process now and then fails with
/// ERROR_INTERNAL_ERROR (1359) just after a test has terminated many others (crash_safety kills
/// `shebao` mid-write a hundred times); Windows itself does not do this, and the process under
/// test never ran, so that one failure is tried again, a few times, before the test fails.
pub fn start(command: &mut Command) -> std::io::Result<std::process::Child> {
    const WINE_INTERNAL_ERROR: i32 = 1359;
    for _ in 0..5 {
        match command.spawn() {
            Err(e) if cfg!(windows) && e.raw_os_error() == Some(WINE_INTERNAL_ERROR) => {
                std::thread::sleep(std::time::Duration::from_millis(300));
            }
            started => return started,
        }
    }
    command.spawn()
}

/// A run that succeeded, for chaining.
pub fn ok(run: Run) -> Run {
    assert_eq!(run.code, 0, "stdout: {} stderr: {}", run.stdout, run.stderr);
    run
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
