//! Secrets kept outside the database: provider tokens, the WebDAV password and a database key
//! remembered on this computer. The database holds only the name of an entry here, never its
//! value; which environment variables may stand in for one is decided here too.
//!
//! [`SecretStore`] is the one interface; [`OsKeyring`] keeps secrets in the operating
//! system's keyring (Keychain, Windows Credential Manager, the Secret Service on Linux),
//! [`NoKeyring`] is a machine without one (or a user who said `SHEBAO_KEYRING=off`), and
//! [`MemoryKeyring`] holds them for the life of the process (tests, and the shell's tests).
//! Callers fall back to an environment variable when the keyring is [`SecretError::Unavailable`].

mod env;
mod memory;
mod os_keyring;

pub use env::{process_env, EnvLookup};
pub use memory::{MemoryKeyring, NoKeyring};
pub use os_keyring::OsKeyring;

use std::fmt;
use zeroize::Zeroizing;

/// The service name entries are filed under in the OS keyring.
pub const SERVICE: &str = "shebao-ledger";

/// The environment variable that turns the OS keyring off (`off`): for servers, scripts and
/// tests that must not touch a desktop keyring.
pub const KEYRING_ENV: &str = "SHEBAO_KEYRING";

/// A secret value. Wiped from memory when dropped; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The value, for the one place that must send it (an Authorization header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// No keyring on this system (a headless server, no Secret Service running), or it is
    /// turned off, locked or did not answer: use the environment instead.
    #[error("no OS keyring is available ({reason})")]
    Unavailable { reason: String },
    /// The keyring is there but refused or failed the operation.
    #[error("the OS keyring failed: {reason}")]
    Failed { reason: String },
}

/// Where secrets are kept. Entries are named by the caller (e.g. `provider-token-…`).
pub trait SecretStore: Send + Sync {
    /// The secret named `entry`, or `None` when there is no such entry.
    fn get(&self, entry: &str) -> Result<Option<Secret>, SecretError>;
    fn set(&self, entry: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Removes the entry; removing one that is not there is not an error.
    fn delete(&self, entry: &str) -> Result<(), SecretError>;
}

/// Whether `name` can name an environment variable that holds a secret instead of the keyring:
/// letters, digits and `_`, not starting with a digit (what every shell accepts).
pub fn is_env_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Names of the app's kind kept for the user's own token variables (`SHEBAO_TOKEN_HR`): they
/// start like the app's own variables but hold no passphrase or setting of the app.
pub const TOKEN_ENV_PREFIX: &str = "SHEBAO_TOKEN_";

/// Every variable the app itself reads starts with this (`SHEBAO_PASSPHRASE`,
/// `SHEBAO_WEBDAV_PASSPHRASE`, `SHEBAO_KEYRING`, `SHEBAO_DB`…).
const APP_ENV_PREFIX: &str = "SHEBAO_";

/// Whether `name` is one of the app's own variables, which hold passphrases and settings and
/// must never be sent to a server as a token or a password: every `SHEBAO_…` name except
/// the `SHEBAO_TOKEN_…` ones kept for tokens. Compared ignoring case, as Windows reads them.
pub fn is_app_env_var(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.starts_with(APP_ENV_PREFIX) && !upper.starts_with(TOKEN_ENV_PREFIX)
}

/// The store the app uses: the OS keyring, unless `SHEBAO_KEYRING=off` (none) or
/// `SHEBAO_KEYRING=memory` (kept only until the process ends: for tests of the real window,
/// which must not write to a desktop keyring yet need one that works).
pub fn default_store() -> Box<dyn SecretStore> {
    match std::env::var(KEYRING_ENV) {
        Ok(value) if value.trim().eq_ignore_ascii_case("off") => Box::new(NoKeyring),
        Ok(value) if value.trim().eq_ignore_ascii_case("memory") => {
            Box::new(MemoryKeyring::default())
        }
        _ => Box::new(OsKeyring::default()),
    }
}

/// A fresh entry name with `prefix`, e.g. `provider-token-3f9c…`: random, so that two
/// databases on one machine never share an entry, and naming nothing about its owner.
pub fn new_entry_name(prefix: &str) -> Result<String, SecretError> {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).map_err(|e| SecretError::Failed {
        reason: format!("no randomness for an entry name: {e}"),
    })?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{prefix}{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apps_own_variables_are_never_token_sources() {
        for own in [
            "SHEBAO_PASSPHRASE",
            "SHEBAO_NEW_PASSPHRASE",
            "SHEBAO_BACKUP_PASSPHRASE",
            "SHEBAO_WEBDAV_PASSPHRASE",
            KEYRING_ENV,
            "SHEBAO_DB",
            "shebao_passphrase",
        ] {
            assert!(is_app_env_var(own), "{own}");
        }
        for token in [
            "SHEBAO_TOKEN_HR",
            "shebao_token_hr",
            "HR_TOKEN",
            "GATEWAY_TOKEN",
        ] {
            assert!(!is_app_env_var(token), "{token}");
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let secret = Secret::new("s3cr3t-token");
        assert_eq!(format!("{secret:?}"), "Secret(…)");
        assert_eq!(secret.expose(), "s3cr3t-token");
        assert!(Secret::new("  ").is_empty());
    }

    #[test]
    fn entry_names_are_fresh_and_plain() {
        let a = new_entry_name("provider-token-").unwrap();
        let b = new_entry_name("provider-token-").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), "provider-token-".len() + 24);
        assert!(a["provider-token-".len()..]
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }
}
