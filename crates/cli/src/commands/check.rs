//! `shebao check`: `PRAGMA integrity_check`. Damage exits 1 and names the newest good backup.

use super::encryption::no_database;
use super::Output;
use crate::passphrase::{self, PASSPHRASE_ENV};
use shebao_core::store::{self, encryption_state, EncryptionState};
use shebao_core::Result;
use std::path::Path;

pub fn run(db: &Path, out: Output) -> Result<()> {
    let passphrase = match encryption_state(db)? {
        EncryptionState::New => return Err(no_database(db)),
        EncryptionState::Plain => None,
        EncryptionState::Encrypted => Some(passphrase::existing(db, PASSPHRASE_ENV, out.lang)?),
    };
    let report = store::check(db, passphrase.as_ref())?;
    if out.json {
        out.print_json(&serde_json::json!({
            "ok": true,
            "path": report.path,
            "encrypted": report.encrypted,
            "schema_version": report.schema_version,
        }));
    } else {
        println!(
            "{} {}{}",
            report.path.display(),
            out.lang
                .pick("完整性检查通过", "passed the integrity check"),
            if report.encrypted {
                out.lang.pick("（已加密）", " (encrypted)")
            } else {
                ""
            }
        );
    }
    Ok(())
}
