//! `shebao backup [--out FILE]`: a verified copy, by default into `backups/` beside the database.

use super::Output;
use serde_json::json;
use shebao_core::store::BackupKind;
use shebao_core::{Result, Store};
use std::path::Path;

pub fn run(store: &Store, file: Option<&Path>, out: Output) -> Result<()> {
    let written = match file {
        Some(file) => {
            store.backup_to(file)?;
            file.to_path_buf()
        }
        None => store.backup_into_dir(BackupKind::Manual)?,
    };
    if out.json {
        out.print_json(&json!({ "path": written, "encrypted": store.is_encrypted() }));
    } else {
        println!(
            "{}{}{}",
            out.lang.pick("已备份并校验：", "backed up and verified: "),
            written.display(),
            if store.is_encrypted() {
                out.lang.pick(
                    "（已加密，用当前密码打开）",
                    " (encrypted: opens with the current passphrase)",
                )
            } else {
                ""
            }
        );
    }
    Ok(())
}
