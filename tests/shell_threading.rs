//! Long work never runs on the window's thread. Tauri runs a synchronous command there, so a
//! command that derives a key, copies the whole database or waits on the keyring must be
//! `async` and hand the work to `background::off_the_window`. Whether a command runs off the
//! window cannot be seen through the mock runtime (it answers either way), so this reads the
//! shell's source: every command is found by its `#[tauri::command]` attribute.

use std::path::Path;

/// A command as declared: its name, whether it is `async`, and its text up to the next one.
struct Command {
    file: String,
    name: String,
    is_async: bool,
    body: String,
}

fn commands() -> Vec<Command> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for part in text.split("#[tauri::command]").skip(1) {
            let signature = part.trim_start();
            let is_async = signature.starts_with("pub async fn ");
            let rest = signature
                .trim_start_matches("pub async fn ")
                .trim_start_matches("pub fn ");
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(Command {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                name,
                is_async,
                body: part.to_string(),
            });
        }
    }
    assert!(found.len() > 40, "the commands were not found");
    found
}

/// What only long work does: the keyring, a conversion or restore of the database (a whole
/// copy and key derivation), a backup (a whole copy, verified).
const LONG_WORK: [&str; 4] = [
    "secrets()",
    ".convert(",
    "backup_into_dir",
    "set_remembered",
];

#[test]
fn long_work_is_handed_off_the_window() {
    for command in commands() {
        let long = LONG_WORK.iter().find(|w| command.body.contains(**w));
        if let Some(work) = long {
            // `spawn_blocking` is what `off_the_window` does (the sync and the import use it
            // directly, for their progress events).
            let handed_off = command.body.contains("off_the_window(")
                || command.body.contains("spawn_blocking(");
            assert!(
                command.is_async && handed_off,
                "{}: {} does {work} on the window's thread",
                command.file,
                command.name
            );
        }
    }
}

#[test]
fn these_commands_run_off_the_window() {
    let commands = commands();
    for name in [
        "unlock",
        "lock",
        "set_remember_key",
        "encrypt_database",
        "decrypt_database",
        "change_passphrase",
        "backup_now",
        "restore_backup",
        "webdav_settings",
        "set_webdav",
        "webdav_backup",
        "webdav_backups",
        "webdav_restore",
        "add_http_source",
    ] {
        let command = commands
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no command {name}"));
        assert!(
            command.is_async && command.body.contains("off_the_window("),
            "{}: {name} runs on the window's thread",
            command.file
        );
    }
}
