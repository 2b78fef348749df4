//! The few WebDAV requests a backup needs (RFC 4918): MKCOL the folder, PUT an archive under a
//! temporary name, MOVE it to its real name, PROPFIND to list and to check a size, GET and
//! DELETE. Basic authentication over https (or http on this machine); redirects are not
//! followed, so the password goes nowhere the user did not name. Every failure is a
//! [`WebDavError`] that says what happened.

use super::error::WebDavError;
use super::listing::{parse_multistatus, DavEntry};
use super::names::FOLDER;
use crate::net::{self, innermost, BodyError};
use crate::secrets::Secret;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE};
use reqwest::{Method, StatusCode, Url};
use std::time::Duration;

/// The largest PROPFIND answer read: a folder of backups lists a few dozen entries of a few
/// hundred bytes each, so 4 MiB is far above any honest listing. Counted as the body arrives,
/// whatever `Content-Length` claims (a server may lie, or send chunked with none).
pub const MAX_LISTING_BYTES: usize = 4 * 1024 * 1024;

/// How long to wait for the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DavTimeouts {
    /// To open the connection.
    pub connect: Duration,
    /// For any one read or write on the connection to make progress: an upload of a large
    /// archive over a slow line may take long in all, but never stalls this long.
    pub stall: Duration,
    /// For a whole small request (MKCOL, PROPFIND, MOVE, DELETE), answer and body included:
    /// a server that drips a byte now and then never stalls, and is cut off by this.
    pub request: Duration,
    /// For a whole upload or download of an archive, answer and body included: long enough
    /// for the largest archive ([`MAX_ARCHIVE_BYTES`](super::MAX_ARCHIVE_BYTES)) over a slow
    /// line, short enough that a dripping server does not hold a restore for ever.
    pub transfer: Duration,
}

impl Default for DavTimeouts {
    fn default() -> Self {
        DavTimeouts {
            connect: Duration::from_secs(15),
            stall: Duration::from_secs(60),
            request: Duration::from_secs(120),
            // 1 GiB at about 600 KB/s.
            transfer: Duration::from_secs(30 * 60),
        }
    }
}

pub struct DavClient {
    http: reqwest::Client,
    /// `{url}/shebao-backups/`
    folder: Url,
    user: String,
    password: Secret,
    timeouts: DavTimeouts,
}

impl std::fmt::Debug for DavClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DavClient")
            .field("folder", &self.folder.as_str())
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// What a request is for, to tell an interrupted upload from an interrupted download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Upload,
    Download,
    Other,
}

impl DavClient {
    /// A client for the folder `shebao-backups/` inside `base` (already checked, ending in `/`).
    pub fn new(
        base: &Url,
        user: &str,
        password: Secret,
        timeouts: DavTimeouts,
    ) -> Result<Self, WebDavError> {
        crate::net::install_crypto_provider();
        let folder = base
            .join(&format!("{FOLDER}/"))
            .map_err(|e| WebDavError::BadUrl {
                url: base.to_string(),
                problem: crate::net::UrlProblem::Unparsable(e.to_string()),
            })?;
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .read_timeout(timeouts.stall)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("shebao-ledger/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| WebDavError::Connect {
                reason: innermost(&e),
            })?;
        Ok(DavClient {
            http,
            folder,
            user: user.to_string(),
            password,
            timeouts,
        })
    }

    pub fn folder(&self) -> &Url {
        &self.folder
    }

    fn url_of(&self, name: &str) -> Url {
        self.folder
            .join(name)
            .expect("archive names are plain path segments")
    }

    /// Creates `shebao-backups/` unless it is there.
    pub async fn ensure_folder(&self) -> Result<(), WebDavError> {
        let response = self
            .send(
                self.request(method("MKCOL"), self.folder.clone()),
                Purpose::Other,
            )
            .await?;
        match response.status() {
            // 405: the folder exists already (RFC 4918 §9.3.1); some servers answer 409 or
            // 301 for an existing folder too, so look before calling that an error.
            s if s.is_success() || s == StatusCode::METHOD_NOT_ALLOWED => Ok(()),
            s => {
                if self.list_raw().await.is_ok() {
                    Ok(())
                } else {
                    Err(self.status_error("MKCOL", &self.folder, s))
                }
            }
        }
    }

    /// Uploads `bytes` as `name`.
    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> Result<(), WebDavError> {
        let url = self.url_of(name);
        let length = bytes.len();
        let request = self
            .request(Method::PUT, url.clone())
            .header(CONTENT_TYPE, "application/octet-stream")
            .header(CONTENT_LENGTH, length)
            .body(bytes);
        let response = self.send(request, Purpose::Upload).await?;
        self.expect_success("PUT", &url, response.status())
    }

    /// Renames `from` to `to`, refusing to replace an existing `to`.
    pub async fn rename(&self, from: &str, to: &str) -> Result<(), WebDavError> {
        let url = self.url_of(from);
        let request = self
            .request(method("MOVE"), url.clone())
            .header("Destination", self.url_of(to).as_str())
            .header("Overwrite", "F");
        let response = self.send(request, Purpose::Other).await?;
        self.expect_success("MOVE", &url, response.status())
    }

    /// The entries of the folder (not the folder itself); an empty list when it does not
    /// exist yet.
    pub async fn list(&self) -> Result<Vec<DavEntry>, WebDavError> {
        match self.list_raw().await {
            Ok(entries) => Ok(entries
                .into_iter()
                .filter(|e| !e.is_collection && !e.name.is_empty())
                .collect()),
            Err(None) => Ok(Vec::new()),
            Err(Some(error)) => Err(error),
        }
    }

    /// `Err(None)`: the folder is not there.
    async fn list_raw(&self) -> Result<Vec<DavEntry>, Option<WebDavError>> {
        let body = r#"<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getcontentlength/></D:prop></D:propfind>"#;
        let request = self
            .request(method("PROPFIND"), self.folder.clone())
            .header("Depth", "1")
            .header(CONTENT_TYPE, "application/xml; charset=utf-8")
            .body(body);
        let started = std::time::Instant::now();
        let response = self.send(request, Purpose::Other).await?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            return Err(None);
        }
        if status != StatusCode::MULTI_STATUS && !status.is_success() {
            return Err(Some(self.status_error("PROPFIND", &self.folder, status)));
        }
        let body = self
            .read_listing(response)
            .await
            .map_err(|e| Some(self.listing_error(e, started)))?;
        let text = String::from_utf8(body).map_err(|_| {
            Some(WebDavError::BadListing {
                reason: "not UTF-8 text".into(),
            })
        })?;
        parse_multistatus(&text).map_err(|reason| Some(WebDavError::BadListing { reason }))
    }

    /// The listing's body, refused as soon as it passes [`MAX_LISTING_BYTES`].
    async fn read_listing(
        &self,
        response: reqwest::Response,
    ) -> Result<Vec<u8>, Option<reqwest::Error>> {
        net::read_capped(response, MAX_LISTING_BYTES as u64)
            .await
            .map_err(|error| match error {
                BodyError::TooLarge { .. } => None,
                BodyError::Broken(e) => Some(e),
            })
    }

    /// `None`: the listing was too large.
    fn listing_error(
        &self,
        error: Option<reqwest::Error>,
        started: std::time::Instant,
    ) -> WebDavError {
        match error {
            None => WebDavError::ListingTooLarge {
                limit: MAX_LISTING_BYTES as u64,
            },
            Some(e) if e.is_timeout() => self.timeout_error(Purpose::Other, started),
            Some(e) => WebDavError::BadListing {
                reason: innermost(&e),
            },
        }
    }

    /// Downloads `name`, refusing one larger than `limit` bytes.
    pub async fn get(&self, name: &str, limit: u64) -> Result<Vec<u8>, WebDavError> {
        let url = self.url_of(name);
        let started = std::time::Instant::now();
        let response = self
            .send(self.request(Method::GET, url.clone()), Purpose::Download)
            .await?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            return Err(WebDavError::UnknownBackup {
                name: name.to_string(),
            });
        }
        self.expect_success("GET", &url, status)?;
        net::read_capped(response, limit)
            .await
            .map_err(|error| match error {
                BodyError::TooLarge { size } => WebDavError::TooLarge {
                    name: name.to_string(),
                    size,
                    limit,
                },
                BodyError::Broken(e) => WebDavError::DownloadInterrupted {
                    name: name.to_string(),
                    reason: if e.is_timeout() && started.elapsed() >= self.timeouts.transfer {
                        format!(
                            "not finished within {} s",
                            self.timeouts.transfer.as_secs().max(1)
                        )
                    } else if e.is_timeout() {
                        format!("no data for {} s", self.timeouts.stall.as_secs())
                    } else {
                        innermost(&e)
                    },
                },
            })
    }

    /// Removes `name`; one already gone is not an error.
    pub async fn delete(&self, name: &str) -> Result<(), WebDavError> {
        let url = self.url_of(name);
        let response = self
            .send(self.request(Method::DELETE, url.clone()), Purpose::Other)
            .await?;
        match response.status() {
            StatusCode::NOT_FOUND => Ok(()),
            status => self.expect_success("DELETE", &url, status),
        }
    }

    fn request(&self, method: Method, url: Url) -> reqwest::RequestBuilder {
        self.http
            .request(method, url)
            .basic_auth(&self.user, Some(self.password.expose()))
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        purpose: Purpose,
    ) -> Result<reqwest::Response, WebDavError> {
        let started = std::time::Instant::now();
        let response = request
            .timeout(self.total(purpose))
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    return self.timeout_error(purpose, started);
                }
                let reason = innermost(&e);
                // Not even connected: the server is not there. Connected and then cut off
                // during an upload: the upload was interrupted.
                match purpose {
                    Purpose::Upload if !e.is_connect() => WebDavError::UploadInterrupted { reason },
                    _ => WebDavError::Connect { reason },
                }
            })?;
        match response.status() {
            StatusCode::UNAUTHORIZED => Err(WebDavError::Auth { status: 401 }),
            StatusCode::INSUFFICIENT_STORAGE => Err(WebDavError::InsufficientStorage),
            // 413 is how some servers say a file exceeds the quota.
            StatusCode::PAYLOAD_TOO_LARGE if purpose == Purpose::Upload => {
                Err(WebDavError::InsufficientStorage)
            }
            _ => Ok(response),
        }
    }

    /// The whole time a request may take, answer and body included.
    fn total(&self, purpose: Purpose) -> Duration {
        match purpose {
            Purpose::Upload | Purpose::Download => self.timeouts.transfer,
            Purpose::Other => self.timeouts.request,
        }
    }

    /// A request that timed out: after its whole allowance, or after a stall.
    fn timeout_error(&self, purpose: Purpose, started: std::time::Instant) -> WebDavError {
        let total = self.total(purpose);
        let spent = if started.elapsed() >= total {
            total
        } else {
            self.timeouts.stall
        };
        WebDavError::Timeout {
            seconds: spent.as_secs().max(1),
        }
    }

    fn expect_success(&self, verb: &str, url: &Url, status: StatusCode) -> Result<(), WebDavError> {
        if status.is_success() {
            Ok(())
        } else {
            Err(self.status_error(verb, url, status))
        }
    }

    fn status_error(&self, verb: &str, url: &Url, status: StatusCode) -> WebDavError {
        WebDavError::Status {
            method: verb.to_string(),
            path: url.path().to_string(),
            status: status.as_u16(),
        }
    }
}

fn method(name: &'static str) -> Method {
    Method::from_bytes(name.as_bytes()).expect("a valid method name")
}
