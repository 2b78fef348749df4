//! The operating system's keyring, through the `keyring` crate: the macOS Keychain, the
//! Windows Credential Manager, the Secret Service on Linux (GNOME Keyring, KWallet).
//!
//! Each call runs on a thread of its own and is given up after [`OsKeyring::timeout`]: the
//! Secret Service is a D-Bus round trip that can hang (a locked collection waiting for a
//! prompt nobody sees, a half-started session bus), and the crate warns against calling it
//! from a thread that runs an async runtime. A keyring that does not answer is
//! [`SecretError::Unavailable`], like one that is not there.
//!
//! Tested against a real Secret Service (GNOME Keyring on a private D-Bus) in
//! `tests/os_keyring.rs`.

use super::{Secret, SecretError, SecretStore, SERVICE};
use std::sync::mpsc;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct OsKeyring {
    pub service: String,
    pub timeout: Duration,
}

impl Default for OsKeyring {
    fn default() -> Self {
        OsKeyring {
            service: SERVICE.to_string(),
            timeout: Duration::from_secs(5),
        }
    }
}

enum Op {
    Get,
    Set(Secret),
    Delete,
}

impl OsKeyring {
    fn run(&self, entry: &str, op: Op) -> Result<Option<Secret>, SecretError> {
        let (service, entry) = (self.service.clone(), entry.to_string());
        let (done, answer) = mpsc::channel();
        std::thread::Builder::new()
            .name("keyring".into())
            .spawn(move || {
                let result = keyring::Entry::new(&service, &entry).and_then(|e| match op {
                    Op::Get => e.get_password().map(|v| Some(Secret::new(v))),
                    Op::Set(secret) => e.set_password(secret.expose()).map(|()| None),
                    Op::Delete => match e.delete_credential() {
                        Err(keyring::Error::NoEntry) => Ok(None),
                        other => other.map(|()| None),
                    },
                });
                let _ = done.send(result); // the caller may have given up waiting
            })
            .map_err(|e| SecretError::Unavailable {
                reason: format!("could not start the keyring thread: {e}"),
            })?;
        match answer.recv_timeout(self.timeout) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(keyring::Error::NoEntry)) => Ok(None),
            Ok(Err(error)) => Err(classify(error)),
            Err(_) => Err(SecretError::Unavailable {
                reason: format!(
                    "the keyring did not answer within {} s",
                    self.timeout.as_secs()
                ),
            }),
        }
    }
}

/// No platform store, no access to one, or no answer: unavailable (use the environment).
/// Anything else is a failure of a keyring that is there.
fn classify(error: keyring::Error) -> SecretError {
    match error {
        keyring::Error::PlatformFailure(e) => SecretError::Unavailable {
            reason: e.to_string(),
        },
        keyring::Error::NoStorageAccess(e) => SecretError::Unavailable {
            reason: e.to_string(),
        },
        other => SecretError::Failed {
            reason: other.to_string(),
        },
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, entry: &str) -> Result<Option<Secret>, SecretError> {
        self.run(entry, Op::Get)
    }

    fn set(&self, entry: &str, secret: &Secret) -> Result<(), SecretError> {
        self.run(entry, Op::Set(secret.clone())).map(|_| ())
    }

    fn delete(&self, entry: &str) -> Result<(), SecretError> {
        self.run(entry, Op::Delete).map(|_| ())
    }
}
