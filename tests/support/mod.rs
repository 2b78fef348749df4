//! Drives the real app window through WebDriver: tauri-driver in front of WebKitWebDriver,
//! under the X display the test command provides (xvfb-run). One window at a time.

pub mod session_keyring;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// WebKitWebDriver serves one session at a time, so window tests take turns.
static ONE_WINDOW_AT_A_TIME: Mutex<()> = Mutex::new(());

pub const WAIT: Duration = Duration::from_secs(30);

pub struct Window {
    pub client: Client,
    driver: Child,
    db: PathBuf,
    _turn: MutexGuard<'static, ()>,
}

/// A database in `dir` with the demo family loaded (as of November 2026), where most window
/// tests start.
#[allow(dead_code)] // not every test file starts from the demo
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("shebao.db");
    let mut store = shebao_core::Store::open(&db).unwrap();
    let month = shebao_core::model::YearMonth::new(2026, 11).unwrap();
    shebao_core::demo::load_demo(&mut store, month).unwrap();
    db
}

/// Starts the app on the database at `db` and connects to its window.
// The turn is held for the window's whole life, across awaits on purpose: each test has a
// runtime of its own, so a test waiting for its turn blocks only its own thread.
#[allow(clippy::await_holding_lock)]
pub async fn open_app(db: &Path) -> Window {
    let turn = ONE_WINDOW_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Fail fast with the reason instead of hanging on a window that can never appear.
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "no DISPLAY: run the window tests through scripts/test.sh (it starts Xvfb), or under xvfb-run"
    );
    let port = free_port();
    let native_port = free_port();
    let driver = Command::new(tauri_driver())
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("tauri-driver starts (scripts/test.sh installs it with cargo install)");
    // tauri-driver listens at once but forwards to WebKitWebDriver, which starts a moment
    // later: a session request before then fails with an incomplete response.
    wait_for_port(port);
    wait_for_port(native_port);

    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    capabilities.insert(
        "tauri:options".into(),
        json!({
            "application": env!("CARGO_BIN_EXE_shebao-desktop"),
            "args": ["--db", db.to_str().expect("utf-8 temp path")],
        }),
    );
    let mut attempts = 0;
    let client = loop {
        let connected = ClientBuilder::native()
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match connected {
            Ok(client) => break client,
            // A slow start of the app under a loaded machine: try again a few times.
            Err(e) if attempts < 3 => {
                attempts += 1;
                eprintln!("WebDriver session not ready ({e}); retrying");
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => panic!("a WebDriver session on the app window: {e}"),
        }
    };
    let window = Window {
        client,
        driver,
        db: db.to_path_buf(),
        _turn: turn,
    };
    // The first view drawn with its data: until then the navigation and view are rebuilt
    // under the test's hands (the main region says it is busy meanwhile).
    window.find("#view:not([aria-busy])").await;
    window
}

impl Window {
    /// Types `passphrase` on the lock screen and submits it.
    #[allow(dead_code)] // not every test file locks
    pub async fn unlock_with(&self, passphrase: &str) {
        let input = self.find("#unlock-passphrase").await;
        input.clear().await.unwrap();
        input.send_keys(passphrase).await.unwrap();
        self.find("#unlock-submit").await.click().await.unwrap();
    }

    /// Waits for an element by CSS selector.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until the element's text satisfies `check`, returning the text.
    pub async fn text_when(&self, css: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if check(&text) {
                        return text;
                    }
                    if Instant::now() > deadline {
                        panic!("{css} text stayed {text:?}");
                    }
                }
            } else if Instant::now() > deadline {
                panic!("{css} never appeared");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the window under target/e2e/ for a person to look at.
    #[allow(dead_code)] // not every test file takes one
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("e2e");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, self.png().await).unwrap();
        path
    }

    /// The window as a PNG.
    #[allow(dead_code)] // not every test file takes one
    pub async fn png(&self) -> Vec<u8> {
        // WebKitWebDriver answers a screenshot after the page's next paint. Without WebKit's GL
        // compositor (how the app draws on Linux, src-tauri/main.rs) a page with nothing left
        // to repaint never paints again, and the screenshot would wait for good. An invisible
        // change every 50 ms (a transparent outline on and off) gives it that paint.
        self.client
            .execute(
                "window.__repaint = setInterval(() => {
                   const root = document.documentElement.style;
                   root.outline = root.outline ? '' : '1px solid transparent';
                 }, 50);",
                vec![],
            )
            .await
            .expect("the repaint timer starts");
        let png = self.client.screenshot().await.expect("screenshot");
        self.client
            .execute(
                "clearInterval(window.__repaint); document.documentElement.style.outline = '';",
                vec![],
            )
            .await
            .expect("the repaint timer stops");
        png
    }

    #[allow(dead_code)] // the keyring tests use close_and_quit
    pub async fn close(mut self) {
        let client = self.client.clone();
        client.close().await.expect("the session ends");
        self.stop_driver();
        // A window opened next on the same database must be a new app, not a hand-over to
        // this one (the single-instance plugin) while it is still shutting down.
        let deadline = Instant::now() + WAIT;
        while app_running(&self.db) && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the session, then asks the app to quit (SIGTERM) if it is still running: with a
    /// D-Bus session bus in the environment (the keyring test), WebKitWebDriver leaves the app
    /// running after the session ends, and the next start would hand over to it.
    #[allow(dead_code)] // only the keyring tests need it
    pub async fn close_and_quit(mut self) {
        let client = self.client.clone();
        client.close().await.expect("the session ends");
        self.stop_driver();
        let deadline = Instant::now() + WAIT;
        while let Some(pid) = app_pid(&self.db) {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status();
            assert!(Instant::now() < deadline, "the app did not quit");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// SIGTERM, not SIGKILL: tauri-driver then stops its WebKitWebDriver child too, which
    /// would otherwise keep its port.
    fn stop_driver(&mut self) {
        if let Ok(None) = self.driver.try_wait() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(self.driver.id().to_string())
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.driver.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = self.driver.kill();
            let _ = self.driver.wait();
        }
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

/// Whether an app process was started on `db` (its command line names the database).
#[allow(dead_code)] // see close
fn app_running(db: &Path) -> bool {
    app_pid(db).is_some()
}

/// The app process started on `db`, if one runs.
fn app_pid(db: &Path) -> Option<u32> {
    let needle = db.as_os_str().as_encoded_bytes();
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let ours = cmdline.split(|b| *b == 0).any(|arg| arg == needle)
                && cmdline.starts_with(env!("CARGO_BIN_EXE_shebao-desktop").as_bytes());
            ours.then_some(pid)
        })
}

fn tauri_driver() -> PathBuf {
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .map(|home| home.join("bin").join("tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on port {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
