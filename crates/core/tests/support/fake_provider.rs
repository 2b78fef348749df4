//! A provider serving protocol v1 (docs/provider-api.md) over real HTTP on loopback, inside
//! the test process, with faults injected per request: an error status (with `Retry-After`),
//! a body cut off mid-way, any raw body (broken JSON, a wrong schema, float amounts), a slow
//! answer.
//!
//! Written on `std::net` rather than with a server crate: the faults are about bytes on the
//! wire (a `Content-Length` the body never reaches, a socket closed mid-reply), which a
//! server framework is built to prevent. One request per connection (`Connection: close`).
//! Shared by the core's sync tests and the CLI's (included there with `#[path]`).
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

pub const AS_OF: &str = "2024-06-30T09:00:00+08:00";

/// What to do instead of the normal answer.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status, with this `Retry-After` if any, and a small JSON error body.
    Status(u16, Option<String>),
    /// The normal answer's headers (with its full `Content-Length`) and half its body, then
    /// the connection closed.
    Truncated,
    /// 200 with exactly this body.
    Body(String),
    /// The normal answer, after this long.
    Delay(Duration),
    /// 200 with a chunked body (no `Content-Length`) of this many bytes of JSON whitespace:
    /// as good as endless for a client that reads it all.
    Endless(usize),
    /// This 3xx status with `Location:` this address.
    Redirect(u16, String),
}

/// Which requests a fault applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Contributions { page: u32 },
    Balances,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub route: Option<Route>,
    pub query: HashMap<String, String>,
    pub authorization: Option<String>,
}

pub struct State {
    pub token: String,
    pub person: Value,
    /// Every item the provider holds; a request gets those from `since` on, in pages.
    pub items: Vec<Value>,
    pub page_size: usize,
    /// `None`: the provider offers no balances (404).
    pub balances: Option<Vec<Value>>,
    /// (route, fault, how many more times).
    pub faults: Vec<(Route, Fault, usize)>,
    pub seen: Vec<Seen>,
}

pub struct FakeProvider {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

pub fn item(month: &str, kind: &str, personal: &str, status: &str) -> Value {
    json!({"month": month, "kind": kind, "region": "510100",
           "payer": "成都蓉城科技有限公司", "base": "8000.00", "personal": personal,
           "employer": "1280.00", "to_account": personal, "status": status})
}

impl FakeProvider {
    /// A provider for `person` holding `items`, `page_size` to a page, with balances.
    pub fn start(token: &str, person: Value, items: Vec<Value>, page_size: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            token: token.to_string(),
            person,
            items,
            page_size,
            balances: Some(vec![
                json!({"kind": "pension", "as_of": "2024-05-31", "balance": "52345.67"}),
            ]),
            faults: Vec::new(),
            seen: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let state = state.clone();
                            std::thread::spawn(move || serve(stream, &state));
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(Duration::from_millis(5))
                        }
                        Err(_) => break,
                    }
                }
            })
        };
        FakeProvider {
            addr,
            state,
            stop,
            acceptor: Some(acceptor),
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Answers requests to `route` with `fault`, `times` times.
    pub fn fault(&self, route: Route, fault: Fault, times: usize) {
        self.state().faults.push((route, fault, times));
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state().seen.clone()
    }
}

impl Drop for FakeProvider {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Reads one request head and answers it.
fn serve(mut stream: TcpStream, state: &Mutex<State>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut lines = head.split("\r\n");
    let target = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let authorization = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.trim().to_string());
    let (path, query_text) = target.split_once('?').unwrap_or((&target, ""));
    let query: HashMap<String, String> = query_text
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let page: u32 = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let route = match path.trim_end_matches('/') {
        p if p.ends_with("/v1/contributions") => Some(Route::Contributions { page }),
        p if p.ends_with("/v1/balances") => Some(Route::Balances),
        _ => None,
    };

    let (status, body, fault, retry_after) = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state.seen.push(Seen {
            route: route.clone(),
            query: query.clone(),
            authorization: authorization.clone(),
        });
        let fault = route.as_ref().and_then(|route| {
            let rule = state
                .faults
                .iter_mut()
                .find(|(r, _, times)| r == route && *times > 0)?;
            rule.2 -= 1;
            Some(rule.1.clone())
        });
        let authorised = authorization.as_deref() == Some(&format!("Bearer {}", state.token));
        match (&fault, &route) {
            (Some(Fault::Status(code, retry_after)), _) => (
                *code,
                json!({"error": "injected"}).to_string(),
                None,
                retry_after.clone(),
            ),
            (Some(Fault::Body(body)), _) => (200, body.clone(), None, None),
            (Some(Fault::Endless(_) | Fault::Redirect(..)), _) => (200, String::new(), fault, None),
            _ if !authorised => (401, json!({"error": "bad token"}).to_string(), None, None),
            (_, Some(Route::Contributions { page })) => {
                (200, contributions(&state, &query, *page), fault, None)
            }
            (_, Some(Route::Balances)) => match &state.balances {
                Some(items) => (
                    200,
                    json!({"as_of": AS_OF, "items": items}).to_string(),
                    fault,
                    None,
                ),
                None => (404, "{}".into(), None, None),
            },
            (_, None) => (404, "{}".into(), None, None),
        }
    };

    if let Some(Fault::Delay(delay)) = &fault {
        std::thread::sleep(*delay);
    }
    if let Some(Fault::Endless(total)) = fault {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        );
        let chunk = vec![b' '; 64 * 1024];
        let mut sent = 0;
        // Until the client hangs up (a write fails) or `total` is sent.
        while sent < total {
            let head = format!("{:x}\r\n", chunk.len());
            let ok = stream.write_all(head.as_bytes()).is_ok()
                && stream.write_all(&chunk).is_ok()
                && stream.write_all(b"\r\n").is_ok();
            if !ok {
                return;
            }
            sent += chunk.len();
        }
        let _ = stream.write_all(b"0\r\n\r\n");
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    if let Some(Fault::Redirect(code, location)) = &fault {
        let _ = stream.write_all(
            format!("HTTP/1.1 {code} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        let _ = stream.flush();
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let reason = match status {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(value) = retry_after {
        response.push_str(&format!("Retry-After: {value}\r\n"));
    }
    response.push_str("\r\n");
    let _ = stream.write_all(response.as_bytes());
    let sent = match fault {
        Some(Fault::Truncated) => &body.as_bytes()[..body.len() / 2],
        _ => body.as_bytes(),
    };
    let _ = stream.write_all(sent);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The page `page` of the items from `since` on.
fn contributions(state: &State, query: &HashMap<String, String>, page: u32) -> String {
    let since = query.get("since").cloned().unwrap_or_default();
    let held: Vec<&Value> = state
        .items
        .iter()
        .filter(|item| item["month"].as_str().unwrap_or("") >= since.as_str())
        .collect();
    let start = (page as usize - 1) * state.page_size;
    let items: Vec<&Value> = held
        .iter()
        .skip(start)
        .take(state.page_size)
        .copied()
        .collect();
    let next_page = if start + state.page_size < held.len() {
        json!(page + 1)
    } else {
        Value::Null
    };
    json!({"person": state.person, "as_of": AS_OF, "items": items, "next_page": next_page})
        .to_string()
}
