//! A tiny WebDAV server on loopback, in the test process, for the faults a real server cannot
//! be made to show on demand: a connection cut in the middle of an upload, 507 Insufficient
//! Storage, a download cut off after its headers, a server that stores fewer bytes than it was
//! sent. Otherwise it keeps files in memory and answers MKCOL, PUT, MOVE, PROPFIND (Depth 1),
//! GET and DELETE as RFC 4918 says, with Basic authentication. The normal paths are tested
//! against a real server (wsgidav, see `wsgidav.rs`); this one exists for the faults.
//!
//! Written on `std::net`, like `fake_provider.rs`, because the faults are about bytes on the
//! wire. One request per connection (`Connection: close`).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DavFault {
    /// Answer with this status and no effect.
    Status(u16),
    /// Read this many bytes of the request body, then close the connection without answering.
    CutUpload { after: usize },
    /// Send the file's headers with its full `Content-Length`, then half its bytes, then close.
    TruncatedDownload,
    /// Store only the first half of what a PUT sends, and answer 201 as if all was kept.
    StoreHalf,
    /// Answer 200 (207 for PROPFIND) with a `Content-Length` of this many bytes, then send
    /// them one every 250 ms: never a stall, never done.
    Drip { bytes: usize },
    /// Answer 200 (207 for PROPFIND) with a chunked body (no `Content-Length`) of this many
    /// bytes of XML whitespace, until the client hangs up.
    Endless { bytes: usize },
    /// Answer with this 3xx status and `Location:` this address.
    Redirect(u16, String),
}

pub struct DavState {
    pub user: String,
    pub password: String,
    pub folders: Vec<String>,
    pub files: BTreeMap<String, Vec<u8>>,
    /// (method, fault, how many more times).
    pub faults: Vec<(String, DavFault, usize)>,
    /// (method, path) of every request.
    pub seen: Vec<(String, String)>,
}

pub struct FaultDav {
    pub addr: SocketAddr,
    state: Arc<Mutex<DavState>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl FaultDav {
    pub fn start(user: &str, password: &str) -> FaultDav {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(DavState {
            user: user.into(),
            password: password.into(),
            folders: vec!["/dav/".into()],
            files: BTreeMap::new(),
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
        FaultDav {
            addr,
            state,
            stop,
            acceptor: Some(acceptor),
        }
    }

    /// The folder to give as the WebDAV address.
    pub fn url(&self) -> String {
        format!("http://{}/dav/", self.addr)
    }

    pub fn state(&self) -> MutexGuard<'_, DavState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Answers the next `times` requests with `method` with `fault`.
    pub fn fault(&self, method: &str, fault: DavFault, times: usize) {
        self.state().faults.push((method.into(), fault, times));
    }

    /// Names of the files in `/dav/shebao-backups/`, sorted.
    pub fn file_names(&self) -> Vec<String> {
        self.state()
            .files
            .keys()
            .filter_map(|path| path.strip_prefix("/dav/shebao-backups/"))
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for FaultDav {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_head(stream: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Request {
        method,
        path,
        headers,
    })
}

fn serve(mut stream: TcpStream, state: &Mutex<DavState>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let Some(request) = read_head(&mut stream) else {
        return;
    };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);

    let fault = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .seen
            .push((request.method.clone(), request.path.clone()));
        let rule = state
            .faults
            .iter_mut()
            .find(|(m, _, times)| *m == request.method && *times > 0);
        rule.map(|rule| {
            rule.2 -= 1;
            rule.1.clone()
        })
    };

    if let Some(DavFault::CutUpload { after }) = fault {
        let mut taken = vec![0u8; after.min(length)];
        let _ = stream.read_exact(&mut taken);
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let mut body = vec![0u8; length];
    if stream.read_exact(&mut body).is_err() {
        return;
    }

    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    let expected = format!(
        "Basic {}",
        base64(format!("{}:{}", state.user, state.password).as_bytes())
    );
    if request.header("authorization") != Some(expected.as_str()) {
        drop(state);
        return answer(
            &mut stream,
            401,
            &[("WWW-Authenticate", "Basic realm=\"dav\"")],
            b"",
        );
    }
    if let Some(DavFault::Status(code)) = fault {
        drop(state);
        return answer(&mut stream, code, &[], b"");
    }
    let ok = if request.method == "PROPFIND" {
        "207 Multi-Status"
    } else {
        "200 OK"
    };
    match fault {
        Some(DavFault::Drip { bytes }) => {
            drop(state);
            let head = format!(
                "HTTP/1.1 {ok}\r\nContent-Type: application/xml\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            for _ in 0..bytes {
                if stream
                    .write_all(b" ")
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
                std::thread::sleep(Duration::from_millis(250));
            }
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        Some(DavFault::Endless { bytes }) => {
            drop(state);
            let head = format!(
                "HTTP/1.1 {ok}\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                let ok = stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .and_then(|()| stream.write_all(&chunk))
                    .and_then(|()| stream.write_all(b"\r\n"))
                    .is_ok();
                if !ok {
                    return;
                }
                sent += chunk.len();
            }
            let _ = stream.write_all(b"0\r\n\r\n");
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        Some(DavFault::Redirect(code, ref location)) => {
            drop(state);
            return answer(&mut stream, code, &[("Location", location.as_str())], b"");
        }
        _ => {}
    }
    let path = request.path.clone();
    match request.method.as_str() {
        "MKCOL" => {
            let code = if state.folders.contains(&path) {
                405
            } else {
                state.folders.push(path);
                201
            };
            drop(state);
            answer(&mut stream, code, &[], b"")
        }
        "PUT" => {
            if fault == Some(DavFault::StoreHalf) {
                body.truncate(body.len() / 2);
            }
            state.files.insert(path, body);
            drop(state);
            answer(&mut stream, 201, &[], b"")
        }
        "MOVE" => {
            let destination = request
                .header("destination")
                .map(|d| match d.find("://") {
                    Some(i) => d[i + 3..]
                        .find('/')
                        .map_or("/".to_string(), |j| d[i + 3 + j..].to_string()),
                    None => d.to_string(),
                })
                .unwrap_or_default();
            let code = if !state.files.contains_key(&path) {
                404
            } else if state.files.contains_key(&destination)
                && request.header("overwrite") == Some("F")
            {
                412
            } else {
                let bytes = state.files.remove(&path).unwrap();
                state.files.insert(destination, bytes);
                201
            };
            drop(state);
            answer(&mut stream, code, &[], b"")
        }
        "PROPFIND" => {
            if !state.folders.contains(&path) {
                drop(state);
                return answer(&mut stream, 404, &[], b"");
            }
            let mut xml = String::from(
                r#"<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:">"#,
            );
            xml.push_str(&format!(
                "<D:response><D:href>{path}</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
            ));
            for (file, bytes) in &state.files {
                if file.starts_with(&path) && !file[path.len()..].contains('/') {
                    xml.push_str(&format!(
                        "<D:response><D:href>{file}</D:href><D:propstat><D:prop><D:resourcetype/><D:getcontentlength>{}</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>",
                        bytes.len()
                    ));
                }
            }
            xml.push_str("</D:multistatus>");
            drop(state);
            answer(
                &mut stream,
                207,
                &[("Content-Type", "application/xml; charset=utf-8")],
                xml.as_bytes(),
            )
        }
        "GET" => match state.files.get(&path).cloned() {
            None => {
                drop(state);
                answer(&mut stream, 404, &[], b"")
            }
            Some(bytes) if fault == Some(DavFault::TruncatedDownload) => {
                drop(state);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    bytes.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&bytes[..bytes.len() / 2]);
                let _ = stream.flush();
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
            Some(bytes) => {
                drop(state);
                answer(&mut stream, 200, &[], &bytes)
            }
        },
        "DELETE" => {
            let code = if state.files.remove(&path).is_some() {
                204
            } else {
                404
            };
            drop(state);
            answer(&mut stream, code, &[], b"")
        }
        _ => {
            drop(state);
            answer(&mut stream, 405, &[], b"")
        }
    }
}

fn answer(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status} Status\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
