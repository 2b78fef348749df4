//! A real WebDAV server for the tests: WsgiDAV (PyPI `wsgidav`, on `cheroot`), started on a
//! free loopback port with Basic authentication and a temp folder as its root, mounted at
//! `/dav/` as 坚果云 mounts its folders, and killed when dropped.
//!
//! Where it is found: `$SHEBAO_WSGIDAV`, else the virtualenv scripts/lib/deps.sh makes
//! (`~/.cache/shebao-ledger/wsgidav-venv/bin/wsgidav`), else `wsgidav` on the PATH. Without it
//! each test that needs it FAILS, so that a green run always means the server was really used
//! (scripts/test.sh installs it). A developer who means to go without, for a quick `cargo test`,
//! sets `SHEBAO_WSGIDAV_OPTIONAL=1`: each such test then passes after a loud SKIPPED message.
//! scripts/test.sh unsets that variable.
//!
//! A Windows build under Wine cannot start the Linux wsgidav, so scripts/test-windows.sh runs
//! scripts/windows/dav-spawner.py and sets `SHEBAO_WSGIDAV_SPAWNER` to its address: each test
//! then asks it for a server of its own (same config) and reaches the served folder through
//! Wine's drive Z:. Natively on Windows (CI), `wsgidav.exe` from pip is started directly.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct WsgiDav {
    pub addr: SocketAddr,
    /// The folder served as `/dav/`.
    pub root: PathBuf,
    server: Server,
    _dir: tempfile::TempDir,
}

/// Who runs the server: this test, or the spawner on the other side of Wine.
enum Server {
    Child(Child),
    Spawned { spawner: String, id: u64 },
    Stopped,
}

/// One HTTP/1.0 POST to the spawner: the answer's body, or what went wrong.
fn spawner_post(spawner: &str, path: &str, body: &str) -> Result<String, String> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(spawner)
        .map_err(|e| format!("the WebDAV spawner at {spawner} is not reachable: {e}"))?;
    let request = format!(
        "POST {path} HTTP/1.0\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut answer = String::new();
    stream
        .write_all(request.as_bytes())
        .and_then(|()| stream.read_to_string(&mut answer))
        .map_err(|e| format!("the WebDAV spawner at {spawner} broke off: {e}"))?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    if head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200") {
        Ok(body.to_string())
    } else {
        Err(format!("the WebDAV spawner refused {path}: {head}\n{body}"))
    }
}

/// The wsgidav executable, if there is one.
pub fn find_wsgidav() -> Option<PathBuf> {
    let works = |path: &Path| {
        Command::new(path)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("SHEBAO_WSGIDAV") {
        candidates.push(PathBuf::from(path));
    }
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cache/shebao-ledger/wsgidav-venv/bin/wsgidav"));
    }
    candidates.push(PathBuf::from("wsgidav"));
    candidates.into_iter().find(|path| works(path))
}

impl WsgiDav {
    /// Starts a server with one user. A panic when wsgidav is missing; `None` (after a loud
    /// message) only when `SHEBAO_WSGIDAV_OPTIONAL=1` says a missing server is all right.
    pub fn start(user: &str, password: &str) -> Option<WsgiDav> {
        let spawner = std::env::var("SHEBAO_WSGIDAV_SPAWNER").ok();
        let program = if spawner.is_some() {
            None
        } else {
            find_wsgidav()
        };
        if spawner.is_none() && program.is_none() {
            if std::env::var_os("SHEBAO_WSGIDAV_OPTIONAL").is_none_or(|v| v != "1") {
                panic!(
                    "wsgidav (a real WebDAV server) is not installed, so this WebDAV test cannot \
                     run. scripts/test.sh installs it (scripts/lib/deps.sh, ensure_wsgidav); or \
                     set SHEBAO_WSGIDAV_OPTIONAL=1 to skip these tests on purpose"
                );
            }
            // Straight to the stderr handle, not eprintln!: the test harness captures the
            // macros' output of a passing test, and this must be seen.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "\n!!!!!!!!!! SKIPPED (SHEBAO_WSGIDAV_OPTIONAL=1): wsgidav (a real WebDAV server) \
                 was not found, so this WebDAV test did not run. Install it with scripts/test.sh (or: python3 -m venv \
                 ~/.cache/shebao-ledger/wsgidav-venv && ~/.cache/shebao-ledger/wsgidav-venv/bin/pip \
                 install wsgidav==4.4.0 cheroot==11.1.2) !!!!!!!!!!"
            );
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir(&root).unwrap();
        // A free port: bind, note it, let it go (wsgidav binds it a moment later).
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = serde_json::json!({
            "host": "127.0.0.1",
            "port": port,
            "provider_mapping": {"/dav": root.to_str().unwrap()},
            "simple_dc": {"user_mapping": {"*": {user: {"password": password, "roles": []}}}},
            "http_authenticator": {
                "domain_controller": null,
                "accept_basic": true,
                "accept_digest": false,
                "default_to_digest": false,
                "trusted_auth_header": null
            },
            "verbose": 1,
            "logging": {"enable": false},
            "dir_browser": {"enable": false},
            "lock_storage": true,
            "property_manager": true
        });
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        if let Some(spawner) = spawner {
            // The spawner waits until the server listens, and answers with its folder.
            let answer = spawner_post(&spawner, "/start", &config.to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            let answer: serde_json::Value = serde_json::from_str(&answer).unwrap();
            return Some(WsgiDav {
                addr,
                root: PathBuf::from(answer["root"].as_str().unwrap()),
                server: Server::Spawned {
                    spawner,
                    id: answer["id"].as_u64().unwrap(),
                },
                _dir: dir,
            });
        }
        let program = program.unwrap();
        let config_path = dir.path().join("wsgidav.json");
        std::fs::write(&config_path, config.to_string()).unwrap();
        let log = std::fs::File::create(dir.path().join("wsgidav.log")).unwrap();
        let child = Command::new(&program)
            .arg("--config")
            .arg(&config_path)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("wsgidav starts");
        let mut server = WsgiDav {
            addr,
            root,
            server: Server::Child(child),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            let Server::Child(child) = &mut server.server else {
                unreachable!("started as a child above")
            };
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "wsgidav exited ({status}): {}",
                    std::fs::read_to_string(server._dir.path().join("wsgidav.log"))
                        .unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "wsgidav did not listen in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(server)
    }

    /// The address to give as the WebDAV folder.
    pub fn url(&self) -> String {
        format!("http://{}/dav/", self.addr)
    }

    /// The backups folder on the server's disk.
    pub fn backups_dir(&self) -> PathBuf {
        self.root.join("shebao-backups")
    }

    /// Names of the files in the backups folder on disk, sorted.
    pub fn file_names(&self) -> Vec<String> {
        let mut names: Vec<String> = match std::fs::read_dir(self.backups_dir()) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }

    /// Stops the server now (the "server gone" fault).
    pub fn stop(&mut self) {
        match std::mem::replace(&mut self.server, Server::Stopped) {
            Server::Child(mut child) => {
                let _ = child.kill();
                let _ = child.wait();
            }
            Server::Spawned { spawner, id } => {
                // Not a second panic while a failing test unwinds (that would abort the run).
                if let Err(e) = spawner_post(&spawner, &format!("/stop/{id}"), "") {
                    assert!(std::thread::panicking(), "{e}");
                }
            }
            Server::Stopped => {}
        }
    }
}

impl Drop for WsgiDav {
    fn drop(&mut self) {
        self.stop();
    }
}
