//! The real window with a real keyring: "remember on this computer" ticked on the lock screen
//! keeps the key in the Secret Service (GNOME Keyring on a private session bus), the next start
//! opens without the passphrase, and unticking it in Settings forgets the key, so the start
//! after asks again. Runs under Xvfb via scripts/test.sh.

mod support;

use shebao_core::demo::load_demo;
use shebao_core::model::YearMonth;
use shebao_core::secrets::OsKeyring;
use shebao_core::store::{self, Passphrase};
use shebao_core::Store;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const PASSPHRASE: &str = "青山 2026 不老";

/// A process stopped when the test ends, however it ends.
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private session bus with GNOME Keyring's Secret Service on it, its login keyring created
/// and unlocked in `data` (never the desktop's own). Returns the bus address and both daemons.
fn session_keyring(data: &Path) -> (String, Vec<Stopped>) {
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
    let deadline = std::time::Instant::now() + support::WAIT;
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

async fn unlock_with(window: &support::Window, passphrase: &str) {
    let input = window.find("#unlock-passphrase").await;
    input.clear().await.unwrap();
    input.send_keys(passphrase).await.unwrap();
    window.find("#unlock-submit").await.click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_remembered_in_the_keyring_opens_the_next_start_until_it_is_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");
    {
        let mut store = Store::open(&db).unwrap();
        load_demo(&mut store, YearMonth::new(2026, 11).unwrap()).unwrap();
    }
    store::encrypt(&db, &Passphrase::new(PASSPHRASE).unwrap()).unwrap();

    let keyring_data = dir.path().join("keyring");
    std::fs::create_dir_all(&keyring_data).unwrap();
    let (address, _daemons) = session_keyring(&keyring_data);
    // The app (started through tauri-driver) inherits these: the private bus, the real keyring.
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &address);
    std::env::remove_var("SHEBAO_KEYRING");
    wait_for_secret_service(&address);
    let keyring = OsKeyring::default();

    // First start: locked. Tick "remember" and unlock.
    let window = support::open_app(&db).await;
    // The lock screen speaks the language last used in this window (kept by WebKit between
    // runs): the box is labelled in that language, then in the other one.
    let title = window.text_when("#lock-title", |t| !t.is_empty()).await;
    let remember = window.find("#unlock-remember").await;
    assert!(!remember.is_selected().await.unwrap(), "off unless chosen");
    let labels = ["在这台电脑上记住", "Remember on this computer"];
    let first = usize::from(title != "社保账本已锁定");
    for label in [labels[first], labels[1 - first]] {
        window
            .text_when("label:has(#unlock-remember)", |t| t == label)
            .await;
        window.find("#lang-toggle").await.click().await.unwrap();
    }
    window.find("#unlock-remember").await.click().await.unwrap();
    unlock_with(&window, PASSPHRASE).await;
    window
        .text_when("#profile-name", |t| t.contains("李明"))
        .await;
    assert!(
        store::remembered(&db, &keyring).unwrap().is_some(),
        "the key is in the keyring"
    );
    window.close_and_quit().await;

    // Second start: no lock screen (in the language saved in the database, Chinese). Settings
    // shows the choice; untick it.
    let window = support::open_app(&db).await;
    window
        .text_when("#profile-name", |t| t.contains("李明"))
        .await;
    window.find("#nav-settings").await.click().await.unwrap();
    let remember = window.find("#remember-key").await;
    assert!(remember.is_selected().await.unwrap());
    remember.click().await.unwrap();
    window
        .text_when("#banner", |t| t.starts_with("这台电脑不再记住密钥"))
        .await;
    assert!(store::remembered(&db, &keyring).unwrap().is_none());
    window.close_and_quit().await;

    // Third start: the passphrase is asked again.
    let window = support::open_app(&db).await;
    window.text_when("#lock-title", |t| !t.is_empty()).await;
    assert!(!window
        .find("#unlock-remember")
        .await
        .is_selected()
        .await
        .unwrap());
    window.close_and_quit().await;
}
