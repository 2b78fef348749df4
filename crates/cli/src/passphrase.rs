//! Where the CLI gets a passphrase: an environment variable, else the terminal.
//!
//! Scripts and tests set `SHEBAO_PASSPHRASE` (and `SHEBAO_NEW_PASSPHRASE` for `passwd`); a
//! person is asked, with echo off. Without a terminal to ask on, a missing passphrase is the
//! error `passphrase_required` rather than a hang.

use shebao_core::store::{encryption_state, EncryptionState, Passphrase};
use shebao_core::webdav::WebDavError;
use shebao_core::{Error, Lang, Result};
use std::io::IsTerminal;
use std::path::Path;

/// The passphrase of the database (for `encrypt`, the new one).
pub const PASSPHRASE_ENV: &str = "SHEBAO_PASSPHRASE";
/// The new passphrase for `passwd`.
pub const NEW_PASSPHRASE_ENV: &str = "SHEBAO_NEW_PASSPHRASE";
/// The passphrase of a backup being restored, when it differs from the database's.
pub const BACKUP_PASSPHRASE_ENV: &str = "SHEBAO_BACKUP_PASSPHRASE";
/// The passphrase WebDAV backup archives are sealed with.
pub const WEBDAV_PASSPHRASE_ENV: &str = "SHEBAO_WEBDAV_PASSPHRASE";

/// What ordinary commands open the database with: the passphrase if it is encrypted. A
/// passphrase set for a database that does not exist yet creates it encrypted; one set for an
/// unencrypted database is passed on, so that the core refuses it rather than ignore it.
pub fn for_open(db: &Path, lang: Lang) -> Result<Option<Passphrase>> {
    match encryption_state(db)? {
        EncryptionState::Encrypted => existing(db, PASSPHRASE_ENV, lang).map(Some),
        EncryptionState::New | EncryptionState::Plain => from_env(PASSPHRASE_ENV),
    }
}

/// The passphrase of the existing encrypted file `path`, from `var` or asked once.
pub fn existing(path: &Path, var: &str, lang: Lang) -> Result<Passphrase> {
    if let Some(passphrase) = from_env(var)? {
        return Ok(passphrase);
    }
    let label = format!(
        "{} {}: ",
        lang.pick("密码", "Passphrase for"),
        path.display()
    );
    ask(&label).ok_or_else(|| Error::PassphraseRequired {
        path: path.to_path_buf(),
    })?
}

/// A new passphrase, from `var` or asked twice (a typo here would lock the user out).
pub fn new(path: &Path, var: &str, lang: Lang) -> Result<Passphrase> {
    if let Some(passphrase) = from_env(var)? {
        return Ok(passphrase);
    }
    let required = || Error::PassphraseRequired {
        path: path.to_path_buf(),
    };
    let first = ask(lang.pick("新密码：", "New passphrase: ")).ok_or_else(required)??;
    let again = ask(lang.pick("再输入一次：", "Type it again: ")).ok_or_else(required)??;
    if first != again {
        return Err(Error::PassphraseMismatch);
    }
    Ok(first)
}

/// The passphrase of WebDAV backup archives, from `$SHEBAO_WEBDAV_PASSPHRASE` or asked (twice
/// when `confirm`: a backup sealed with a typo could never be opened).
pub fn webdav_archive(lang: Lang, confirm: bool) -> Result<Passphrase> {
    if let Some(passphrase) = from_env(WEBDAV_PASSPHRASE_ENV)? {
        return Ok(passphrase);
    }
    let required = || Error::from(WebDavError::BackupPassphraseRequired);
    let first = ask(lang.pick("备份口令：", "Backup passphrase: ")).ok_or_else(required)??;
    if confirm {
        let again = ask(lang.pick("再输入一次：", "Type it again: ")).ok_or_else(required)??;
        if first != again {
            return Err(Error::PassphraseMismatch);
        }
    }
    Ok(first)
}

fn from_env(var: &str) -> Result<Option<Passphrase>> {
    match std::env::var(var) {
        Ok(text) => Passphrase::new(text).map(Some),
        Err(_) => Ok(None),
    }
}

/// Asks on the terminal; `None` when there is no terminal to ask on.
fn ask(label: &str) -> Option<Result<Passphrase>> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let text = rpassword::prompt_password(label).ok()?;
    Some(Passphrase::new(text))
}
