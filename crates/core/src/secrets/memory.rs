//! Secret stores without an OS keyring: [`NoKeyring`] (there is none, or it is turned off)
//! and [`MemoryKeyring`] (secrets held for the life of the process).

use super::{Secret, SecretError, SecretStore};
use std::collections::HashMap;
use std::sync::Mutex;

/// No keyring: every operation is [`SecretError::Unavailable`], so callers use the
/// environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKeyring;

impl NoKeyring {
    fn unavailable() -> SecretError {
        SecretError::Unavailable {
            reason: format!(
                "turned off (or none on this system); see {}",
                super::KEYRING_ENV
            ),
        }
    }
}

impl SecretStore for NoKeyring {
    fn get(&self, _: &str) -> Result<Option<Secret>, SecretError> {
        Err(Self::unavailable())
    }

    fn set(&self, _: &str, _: &Secret) -> Result<(), SecretError> {
        Err(Self::unavailable())
    }

    fn delete(&self, _: &str) -> Result<(), SecretError> {
        Err(Self::unavailable())
    }
}

/// Secrets in this process's memory only: a keyring for tests that behaves like a real one.
#[derive(Debug, Default)]
pub struct MemoryKeyring {
    entries: Mutex<HashMap<String, Secret>>,
}

impl MemoryKeyring {
    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic while holding the lock cannot leave the map half-changed: take it back.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many entries are held (for tests that check a removal).
    pub fn len(&self) -> usize {
        self.entries().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SecretStore for MemoryKeyring {
    fn get(&self, entry: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.entries().get(entry).cloned())
    }

    fn set(&self, entry: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entries().insert(entry.to_string(), secret.clone());
        Ok(())
    }

    fn delete(&self, entry: &str) -> Result<(), SecretError> {
        self.entries().remove(entry);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_keyring_round_trips_and_no_keyring_is_unavailable() {
        let memory = MemoryKeyring::default();
        assert_eq!(memory.get("a").unwrap(), None);
        memory.set("a", &Secret::new("one")).unwrap();
        assert_eq!(memory.get("a").unwrap(), Some(Secret::new("one")));
        memory.delete("a").unwrap();
        memory.delete("a").unwrap();
        assert!(memory.is_empty());

        for result in [
            NoKeyring.get("a").map(|_| ()),
            NoKeyring.set("a", &Secret::new("x")),
            NoKeyring.delete("a"),
        ] {
            assert!(matches!(result, Err(SecretError::Unavailable { .. })));
        }
    }
}
