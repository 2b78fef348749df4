//! `shebao encrypt`, `decrypt`, `passwd`: convert the database in place (see the core's
//! `store::convert` for how the original is kept safe until the new file is proven).

use super::Output;
use crate::passphrase::{self, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV};
use shebao_core::store::{self, encryption_state, Conversion, EncryptionState};
use shebao_core::{Error, Result};
use std::path::Path;

pub fn encrypt(db: &Path, out: Output) -> Result<()> {
    // Refuse before asking for a passphrase that could not be used.
    match encryption_state(db)? {
        EncryptionState::New => return Err(no_database(db)),
        EncryptionState::Encrypted => {
            return Err(Error::AlreadyEncrypted {
                path: db.to_path_buf(),
            })
        }
        EncryptionState::Plain => {}
    }
    let new = passphrase::new(db, PASSPHRASE_ENV, out.lang)?;
    let done = store::encrypt(db, &new)?;
    report(
        &done,
        out,
        "已加密。请牢记密码：它不保存在任何地方，忘记后数据无法找回",
        "encrypted. Keep the passphrase safe: it is stored nowhere, and without it the data cannot be recovered",
    );
    Ok(())
}

pub fn decrypt(db: &Path, out: Output) -> Result<()> {
    require_encrypted(db)?;
    let current = passphrase::existing(db, PASSPHRASE_ENV, out.lang)?;
    let done = store::decrypt(db, &current)?;
    report(
        &done,
        out,
        "已解密：数据库不再加密。此前的加密备份仍需原密码",
        "decrypted: the database is no longer encrypted. Earlier encrypted backups still need their passphrase",
    );
    Ok(())
}

pub fn passwd(db: &Path, out: Output) -> Result<()> {
    require_encrypted(db)?;
    let current = passphrase::existing(db, PASSPHRASE_ENV, out.lang)?;
    let new = passphrase::new(db, NEW_PASSPHRASE_ENV, out.lang)?;
    let done = store::change_passphrase(db, &current, &new)?;
    report(
        &done,
        out,
        "密码已更改。此前的备份仍用原密码打开",
        "passphrase changed. Earlier backups still open with the old passphrase",
    );
    Ok(())
}

fn require_encrypted(db: &Path) -> Result<()> {
    match encryption_state(db)? {
        EncryptionState::New => Err(no_database(db)),
        EncryptionState::Plain => Err(Error::NotEncrypted {
            path: db.to_path_buf(),
        }),
        EncryptionState::Encrypted => Ok(()),
    }
}

pub(super) fn no_database(db: &Path) -> Error {
    Error::Io {
        path: db.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no database here"),
    }
}

fn report(done: &Conversion, out: Output, zh: &str, en: &str) {
    if out.json {
        out.print_json(done);
    } else {
        println!(
            "{}: {} ({} {}, {} {})",
            done.path.display(),
            out.lang.pick(zh, en),
            done.tables,
            out.lang.pick("张表", "tables"),
            done.rows,
            out.lang.pick("行", "rows"),
        );
    }
}
