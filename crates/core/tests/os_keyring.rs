//! The OS keyring (`secrets::OsKeyring`) against a real Secret Service: GNOME Keyring on a
//! private D-Bus session bus, with its login keyring in a temp folder — never the desktop's own
//! — started as the window tests start it (tests/support/session_keyring.rs). scripts/test.sh
//! installs the daemons (Debian packages dbus-daemon, dbus-bin, gnome-keyring); without them
//! this test fails, naming the package. It passes only when a secret really went into the
//! service and came back, and when a bus with no service answers "unavailable" in time.
//!
//! Linux only: the Secret Service is Linux's keyring; the Keychain and the Credential Manager
//! cannot be started privately for a test.
#![cfg(target_os = "linux")]

use shebao_core::secrets::{new_entry_name, OsKeyring, Secret, SecretError, SecretStore, SERVICE};
use std::time::{Duration, Instant};

/// How long the private bus and keyring may take to start (used by session_keyring).
const WAIT: Duration = Duration::from_secs(30);

#[path = "../../../tests/support/session_keyring.rs"]
mod session_keyring;

fn keyring() -> OsKeyring {
    OsKeyring {
        service: format!("{SERVICE}-test"),
        timeout: Duration::from_secs(5),
    }
}

// One test function: the bus address is process-wide (an environment variable), so the two
// situations are set up one after the other.
#[test]
fn a_real_secret_service_round_trips_and_a_missing_one_is_unavailable_in_time() {
    let dir = tempfile::tempdir().unwrap();
    let entry = new_entry_name("test-").unwrap();

    // A session bus address where nothing listens: unavailable, quickly, no hang, no panic.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", dir.path().join("no-bus").display()),
    );
    let started = Instant::now();
    match keyring().set(&entry, &Secret::new("nowhere")) {
        Err(SecretError::Unavailable { reason }) => assert!(!reason.is_empty()),
        other => panic!("no Secret Service on the bus, yet: {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(6));

    // The real service: what is set comes back, from a new connection each time; a missing
    // entry is None, not an error; a deletion deletes, and deleting again is no error.
    let _daemons = session_keyring::start(&dir.path().join("keyring"));
    let keyring = keyring();
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
