//! `shebao restore FILE`: put a backup back, keeping the current database as a backup first.

use super::Output;
use crate::passphrase::{self, BACKUP_PASSPHRASE_ENV, PASSPHRASE_ENV};
use shebao_core::store::{self, encryption_state, EncryptionState, Passphrase};
use shebao_core::Result;
use std::path::Path;

pub fn run(db: &Path, file: &Path, out: Output) -> Result<()> {
    let backup_encrypted = encryption_state(file)? == EncryptionState::Encrypted;
    let current = match encryption_state(db)? {
        EncryptionState::Encrypted => Some(passphrase::existing(db, PASSPHRASE_ENV, out.lang)?),
        EncryptionState::New | EncryptionState::Plain => None,
    };
    // A backup is usually encrypted with the database's passphrase; one taken before a
    // `passwd` needs the old one, given in SHEBAO_BACKUP_PASSPHRASE.
    let own;
    let backup: Option<&Passphrase> = if !backup_encrypted {
        None
    } else if std::env::var_os(BACKUP_PASSPHRASE_ENV).is_some() {
        own = passphrase::existing(file, BACKUP_PASSPHRASE_ENV, out.lang)?;
        Some(&own)
    } else if current.is_some() {
        current.as_ref()
    } else {
        own = passphrase::existing(file, PASSPHRASE_ENV, out.lang)?;
        Some(&own)
    };
    let report = store::restore(db, file, current.as_ref(), backup)?;
    if out.json {
        out.print_json(&report);
    } else {
        println!(
            "{} {} → {}",
            out.lang.pick("已恢复：", "restored:"),
            report.restored_from.display(),
            report.path.display()
        );
        if let Some(saved) = &report.previous_saved_as {
            println!(
                "{} {}",
                out.lang.pick(
                    "恢复前的数据库已备份为",
                    "the database as it was is saved as"
                ),
                saved.display()
            );
        }
    }
    Ok(())
}
