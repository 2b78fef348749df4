//! The user's passphrase: held only in memory, wiped when dropped, never printed.
//!
//! It is never stored anywhere: what opens the database is a key derived from it (see
//! `key_file`), and that key lives in memory while the database is open, and in the OS keyring
//! only if the user chose "remember on this computer" (see `remember`).

use crate::{Error, Result};
use std::fmt;
use zeroize::Zeroizing;

pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    /// Refuses an empty passphrase: it would "encrypt" with a key anyone can derive.
    pub fn new(text: impl Into<String>) -> Result<Passphrase> {
        let text = Zeroizing::new(text.into());
        if text.is_empty() {
            return Err(Error::EmptyPassphrase);
        }
        Ok(Passphrase(text))
    }

    /// A new passphrase, typed twice: the two must be the same.
    /// Both copies are wiped when dropped, the one kept only for the comparison too.
    pub fn confirmed(typed: String, again: String) -> Result<Passphrase> {
        let typed = Zeroizing::new(typed);
        let again = Zeroizing::new(again);
        if *typed != *again {
            return Err(Error::PassphraseMismatch);
        }
        if typed.is_empty() {
            return Err(Error::EmptyPassphrase);
        }
        Ok(Passphrase(typed))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// For "type it again" checks.
impl PartialEq for Passphrase {
    fn eq(&self, other: &Passphrase) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

/// Redacted, so a passphrase cannot reach a log through `{:?}`.
impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_refused_and_debug_never_shows_it() {
        assert_eq!(Passphrase::new("").unwrap_err().code(), "empty_passphrase");
        let secret = Passphrase::new("芝麻开门 open sesame").unwrap();
        assert_eq!(format!("{secret:?}"), "Passphrase(…)");
    }

    #[test]
    fn typed_twice_neither_copy_is_left_behind() {
        use super::super::freed_memory::freed_holding;
        let text = "芝麻开门 open sesame";
        assert!(!freed_holding(text.as_bytes(), || {
            let kept = Passphrase::confirmed(text.into(), text.into()).unwrap();
            assert_eq!(kept.as_bytes(), text.as_bytes());
        }));
        assert!(!freed_holding(text.as_bytes(), || {
            let refused = Passphrase::confirmed(text.into(), "芝麻关门".into());
            assert_eq!(refused.unwrap_err().code(), "passphrase_mismatch");
        }));
        assert_eq!(
            Passphrase::confirmed(String::new(), String::new())
                .unwrap_err()
                .code(),
            "empty_passphrase"
        );
    }
}
