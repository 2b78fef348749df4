//! The app on Tauri's mock runtime, with the real tauri.conf.json and capabilities/: what the
//! window can call and what it gets back, without a display.

#![allow(dead_code)] // each test file uses part of this

use serde_json::Value;
use shebao_desktop::{configure, context, AppState};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

pub type Window = WebviewWindow<MockRuntime>;

pub fn app_on(db: &std::path::Path) -> (tauri::App<MockRuntime>, Window) {
    app_with_state(AppState::open(Ok(db.to_path_buf())))
}

/// The app on `db` with `secrets` as its keyring (the OS keyring stays untouched).
pub fn app_with_keyring(
    db: &std::path::Path,
    secrets: Box<dyn shebao_core::secrets::SecretStore>,
) -> (tauri::App<MockRuntime>, Window) {
    app_with_state(AppState::open_with_secrets(Ok(db.to_path_buf()), secrets))
}

/// One in-memory keyring shared by every start of the app in a test, as the OS keyring is;
/// the test reads it back through `.0`.
#[derive(Clone, Default)]
pub struct SharedKeyring(pub std::sync::Arc<shebao_core::secrets::MemoryKeyring>);

impl shebao_core::secrets::SecretStore for SharedKeyring {
    fn get(
        &self,
        entry: &str,
    ) -> Result<Option<shebao_core::secrets::Secret>, shebao_core::secrets::SecretError> {
        self.0.get(entry)
    }
    fn set(
        &self,
        entry: &str,
        secret: &shebao_core::secrets::Secret,
    ) -> Result<(), shebao_core::secrets::SecretError> {
        self.0.set(entry, secret)
    }
    fn delete(&self, entry: &str) -> Result<(), shebao_core::secrets::SecretError> {
        self.0.delete(entry)
    }
}

fn app_with_state(state: AppState) -> (tauri::App<MockRuntime>, Window) {
    let app = configure(mock_builder(), state)
        .build(context())
        .expect("the app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the main window opens");
    (app, window)
}

/// The origin the app's own pages have, which the capability's `local: true` admits: Tauri
/// serves them as `tauri://localhost` on Linux and macOS but as `http://tauri.localhost` on
/// Windows (WebView2 cannot register a custom scheme as an origin).
#[cfg(not(windows))]
const LOCAL_ORIGIN: &str = "tauri://localhost";
#[cfg(windows)]
const LOCAL_ORIGIN: &str = "http://tauri.localhost";

pub fn request(cmd: &str, body: InvokeBody, headers: tauri::http::HeaderMap) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: LOCAL_ORIGIN.parse().unwrap(),
        body,
        headers,
        invoke_key: INVOKE_KEY.to_string(),
    }
}

/// Calls a command with JSON arguments, as `invoke(cmd, args)` in the window does.
pub fn invoke(window: &Window, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        request(cmd, InvokeBody::Json(args), Default::default()),
    )
    .map(|body| body.deserialize::<Value>().expect("JSON response"))
}

/// Adds a profile through the window's form and returns its id.
pub fn new_profile(window: &Window, name: &str) -> i64 {
    let form = serde_json::json!({"form": {"name": name, "id_number": "", "sex": "", "born": "",
                               "region": "", "employment": "flexible"}});
    invoke(window, "add_profile", form).unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// What the window does with a picked or dropped file: its bytes as the body, its name
/// percent-encoded in a header.
pub fn load(window: &Window, name: &str, bytes: Vec<u8>) -> Result<Value, Value> {
    let mut headers = tauri::http::HeaderMap::new();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    headers.insert("x-file-name", encoded.parse().unwrap());
    get_ipc_response(
        window,
        request("import_load", InvokeBody::Raw(bytes), headers),
    )
    .map(|body| body.deserialize::<Value>().expect("JSON response"))
}

/// A file of tests/fixtures/import.
pub fn import_fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}
