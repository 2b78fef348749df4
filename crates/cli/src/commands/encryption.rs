//! `shebao encrypt`, `decrypt`, `passwd`: convert the database in place (see the core's
//! `store::convert` for how the original is kept safe until the new file is proven). `decrypt`
//! and `passwd` then forget the key remembered on this computer for the old passphrase.

use super::remembered_key::{failed_note, forget_after_conversion};
use super::Output;
use crate::passphrase::{self, NEW_PASSPHRASE_ENV, PASSPHRASE_ENV};
use serde::Serialize;
use shebao_core::store::{self, encryption_state, Conversion, EncryptionState};
use shebao_core::{Error, Result};
use std::path::Path;

/// What a conversion prints with `--json`: the conversion, and for `decrypt` and `passwd`
/// whether a key remembered on this computer was forgotten.
#[derive(Serialize)]
struct Converted<'a> {
    #[serde(flatten)]
    conversion: &'a Conversion,
    #[serde(skip_serializing_if = "Option::is_none")]
    remembered_key_forgotten: Option<bool>,
}

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
        None,
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
    let forgotten = forget_after_conversion(db);
    report(
        &done,
        Some(forgotten),
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
    let forgotten = forget_after_conversion(db);
    report(
        &done,
        Some(forgotten),
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

/// Prints the conversion and, after `decrypt` or `passwd` (`forgotten` given), what became of
/// a key remembered for the old passphrase.
fn report(done: &Conversion, forgotten: Option<Result<bool>>, out: Output, zh: &str, en: &str) {
    if out.json {
        out.print_json(&Converted {
            conversion: done,
            remembered_key_forgotten: forgotten.map(|f| matches!(f, Ok(true))),
        });
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
        match forgotten {
            Some(Ok(true)) => println!(
                "{}",
                out.lang.pick(
                    "本机记住的旧密钥已删除",
                    "the key remembered on this computer for the old passphrase was forgotten",
                )
            ),
            Some(Err(error)) => println!("{}", failed_note(&error, out.lang)),
            Some(Ok(false)) | None => {}
        }
    }
}
