//! A real HTTP server on loopback that serves rule-table releases, and the signed fixtures it
//! serves. Shared by shebao-core's and the CLI's rule-update tests (the CLI includes this file).
#![allow(dead_code)]

use shebao_core::rules::{signing_key_from_pem, Release, RuleSet, SigningKey};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The test-only signing key (its public half is `shebao_core::rules::TEST_KEY`).
pub fn test_key() -> SigningKey {
    signing_key_from_pem(include_str!("../fixtures/rules/test-signing-key.pem")).unwrap()
}

/// A key nobody trusts.
pub fn stranger_key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

/// The bundled tables with every table's version set to `version`.
pub fn tables_at(version: &str) -> Vec<(String, String)> {
    RuleSet::bundled_files()
        .into_iter()
        .map(|(name, text)| {
            let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
            value["version"] = version.into();
            (
                name.to_string(),
                serde_json::to_string_pretty(&value).unwrap(),
            )
        })
        .collect()
}

/// The bundled tables at `version`, signed with `key`.
pub fn release(version: &str, key: &SigningKey) -> Release {
    Release::sign(tables_at(version), "2027-01-15T08:00:00Z", key).unwrap()
}

type Routes = HashMap<String, (u16, Vec<u8>)>;

pub struct RulesServer {
    server: Arc<tiny_http::Server>,
    routes: Arc<Mutex<Routes>>,
    /// Paths asked for, in order.
    pub requests: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl RulesServer {
    pub fn start() -> RulesServer {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let routes: Arc<Mutex<Routes>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let thread = {
            let (server, routes, requests) = (server.clone(), routes.clone(), requests.clone());
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let path = request.url().to_string();
                    requests.lock().unwrap().push(path.clone());
                    let (status, body) = routes
                        .lock()
                        .unwrap()
                        .get(&path)
                        .cloned()
                        .unwrap_or((404, b"not found".to_vec()));
                    let response = tiny_http::Response::from_data(body).with_status_code(status);
                    let _ = request.respond(response);
                }
            })
        };
        RulesServer {
            server,
            routes,
            requests,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!(
            "http://{}{path}",
            self.server.server_addr().to_ip().unwrap()
        )
    }

    pub fn serve(&self, path: &str, body: impl Into<Vec<u8>>) {
        self.serve_status(path, 200, body);
    }

    pub fn serve_status(&self, path: &str, status: u16, body: impl Into<Vec<u8>>) {
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_string(), (status, body.into()));
    }

    /// Serves `release` under `dir` (`/good` → `/good/manifest.json`, `/good/national.json`, …)
    /// and returns the manifest's address.
    pub fn serve_release(&self, dir: &str, release: &Release) -> String {
        self.serve(&format!("{dir}/manifest.json"), release.manifest_json());
        for (name, text) in &release.files {
            self.serve(&format!("{dir}/{name}"), text.clone());
        }
        self.url(&format!("{dir}/manifest.json"))
    }
}

impl Drop for RulesServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
