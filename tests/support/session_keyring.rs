//! A real keyring for window tests: GNOME Keyring's Secret Service on a private D-Bus session
//! bus, its login keyring created and unlocked in a folder of the test's (never the desktop's
//! own). The app started afterwards (through tauri-driver) inherits the bus from this process.
#![allow(dead_code)] // not every test file uses it

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts the bus and the keyring, points this process (and so the app) at them, and turns
/// `SHEBAO_KEYRING=off` off. The daemons stop when the returned value is dropped.
pub fn start(data: &Path) -> Vec<Stopped> {
    let (address, daemons) = session_keyring(data);
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    std::env::remove_var("SHEBAO_KEYRING");
    wait_for_secret_service(&address);
    daemons
}

/// A process stopped when the test ends, however it ends.
pub struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private session bus with GNOME Keyring's Secret Service on it, its login keyring created
/// and unlocked in `data` (never the desktop's own). Returns the bus address and both daemons.
fn session_keyring(data: &Path) -> (String, Vec<Stopped>) {
    std::fs::create_dir_all(data).unwrap();
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon runs (Debian package dbus-daemon)");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().unwrap())
        .read_line(&mut address)
        .unwrap();
    let address = address.trim().to_string();
    let bus = Stopped(bus);

    let mut keyring = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env("DBUS_SESSION_BUS_ADDRESS", &address)
        .env("XDG_DATA_HOME", data)
        .env("XDG_RUNTIME_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon runs (Debian package gnome-keyring)");
    // --unlock reads the login keyring's password from standard input, up to its end.
    let mut stdin = keyring.stdin.take().unwrap();
    stdin.write_all(b"test keyring password").unwrap();
    drop(stdin);
    (address, vec![Stopped(keyring), bus])
}

/// Waits until the keyring daemon owns the Secret Service's name. Asking the service before
/// that would make the bus start one of its own (D-Bus activation), with a locked keyring.
fn wait_for_secret_service(address: &str) {
    let deadline = std::time::Instant::now() + super::WAIT;
    loop {
        let answer = Command::new("dbus-send")
            .arg(format!("--bus={address}"))
            .args([
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .output()
            .expect("dbus-send runs (Debian package dbus-bin)");
        if String::from_utf8_lossy(&answer.stdout).contains("boolean true") {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "gnome-keyring-daemon did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
