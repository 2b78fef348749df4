//! The OS keyring (`secrets::OsKeyring`) on Windows: the Credential Manager, through the
//! `keyring` crate's `windows-native` backend. Unlike the Secret Service (os_keyring.rs) it
//! cannot be started privately, so this writes one entry under a test service name into the
//! account's own store (a throwaway CI machine, or the private Wine prefix of
//! scripts/test-windows.sh) and deletes it again.
#![cfg(windows)]

use shebao_core::secrets::{new_entry_name, OsKeyring, Secret, SecretStore, SERVICE};
use std::time::Duration;

#[test]
fn the_credential_manager_round_trips_a_secret_with_chinese_text() {
    let keyring = OsKeyring {
        service: format!("{SERVICE}-test"),
        timeout: Duration::from_secs(5),
    };
    let entry = new_entry_name("test-").unwrap();
    assert_eq!(keyring.get(&entry).unwrap(), None);
    keyring
        .set(&entry, &Secret::new("round-trip 往返"))
        .unwrap();
    assert_eq!(
        keyring.get(&entry).unwrap(),
        Some(Secret::new("round-trip 往返"))
    );
    keyring.set(&entry, &Secret::new("replaced")).unwrap();
    assert_eq!(keyring.get(&entry).unwrap(), Some(Secret::new("replaced")));
    keyring.delete(&entry).unwrap();
    assert_eq!(keyring.get(&entry).unwrap(), None);
    keyring.delete(&entry).unwrap();
}
