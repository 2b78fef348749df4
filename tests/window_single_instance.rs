//! Opening the app a second time on the same database hands over to the running window and
//! exits, so two copies never write one file. On Linux the hand-over goes through the D-Bus
//! session bus; the test starts a private bus so it never meets a user's running app.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && matches!(self.0.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private session bus: `(address, daemon)`.
fn session_bus() -> (String, Killed) {
    let mut daemon = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dbus-daemon runs (Debian package dbus-daemon)");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(daemon.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    (line.trim().to_string(), Killed(daemon))
}

fn bus_names(address: &str) -> String {
    let output = Command::new("dbus-send")
        .arg(format!("--bus={address}"))
        .args([
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
        ])
        .arg("org.freedesktop.DBus.ListNames")
        .output()
        .expect("dbus-send runs");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn app(db: &std::path::Path, bus: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shebao-desktop"));
    command
        .arg("--db")
        .arg(db)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stdout(Stdio::null());
    command
}

#[test]
fn a_second_launch_on_the_same_database_hands_over_and_exits() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run through scripts/test.sh (Xvfb)"
    );
    let (bus, _daemon) = session_bus();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shebao.db");

    let first = Killed(app(&db, &bus).spawn().unwrap());
    let deadline = Instant::now() + Duration::from_secs(30);
    while !bus_names(&bus).contains("cn.shebaoledger.desktop.db") {
        assert!(
            Instant::now() < deadline,
            "the first window never took its bus name: {}",
            bus_names(&bus)
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let mut second = app(&db, &bus).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            panic!("the second launch kept running instead of handing over");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "the second launch exits cleanly: {status}"
    );
    let mut first = first;
    assert!(
        first.0.try_wait().unwrap().is_none(),
        "the first window is still open"
    );

    // Another database is another window.
    let other = Killed(app(&dir.path().join("other.db"), &bus).spawn().unwrap());
    std::thread::sleep(Duration::from_secs(3));
    let mut other = other;
    assert!(
        other.0.try_wait().unwrap().is_none(),
        "a second database opens its own window"
    );
}
