//! The key the desktop app may remember on this computer for a database ("remember on this
//! computer", the core's `store::remember`): `shebao forget-key`, and forgetting it after
//! `passwd` and `decrypt`, which leave it fitting nothing.

use super::Output;
use serde::Serialize;
use shebao_core::secrets;
use shebao_core::store;
use shebao_core::{Error, Lang, Result};
use std::path::Path;

#[derive(Serialize)]
struct Forgotten<'a> {
    path: &'a Path,
    /// Whether a key was remembered (and is now gone).
    forgotten: bool,
}

/// `shebao forget-key`: removes the remembered key, if any. Without a keyring (or with
/// `SHEBAO_KEYRING=off`) this cannot look, and says so (exit 1).
pub fn forget_key(db: &Path, out: Output) -> Result<()> {
    let forgotten = store::forget(db, &*secrets::default_store())?;
    if out.json {
        out.print_json(&Forgotten {
            path: db,
            forgotten,
        });
    } else if forgotten {
        println!(
            "{}: {}",
            db.display(),
            out.lang.pick(
                "已删除本机记住的密钥；此后只能用密码打开",
                "the key remembered on this computer is forgotten; it opens only with the passphrase now",
            )
        );
    } else {
        println!(
            "{}: {}",
            db.display(),
            out.lang.pick(
                "本机没有记住它的密钥",
                "no key was remembered for it on this computer",
            )
        );
    }
    Ok(())
}

/// After `passwd` or `decrypt` changed or removed the key: forgets the key remembered for the
/// old one; `Ok(true)` when there was one. That key would be refused as stale anyway (it is
/// bound to the old key file), so a keyring that is not there counts as nothing remembered
/// (nothing of ours can be in it), and a failing one is only noted (see [`failed_note`]).
pub(super) fn forget_after_conversion(db: &Path) -> Result<bool> {
    match store::forget(db, &*secrets::default_store()) {
        Err(Error::KeyringUnavailable { .. }) => Ok(false),
        other => other,
    }
}

/// The note printed when the keyring failed to forget: the conversion itself succeeded.
pub(super) fn failed_note(error: &Error, lang: Lang) -> String {
    format!(
        "{}{}{}",
        lang.pick(
            "注意：无法删除本机为它记住的旧密钥（",
            "note: the key remembered on this computer for the old passphrase could not be forgotten ("
        ),
        error.message(lang),
        lang.pick(
            "）；它已不再适用，会被拒绝。可稍后用 `shebao forget-key` 删除",
            "); it no longer fits and will be refused. Remove it later with `shebao forget-key`"
        ),
    )
}
