//! Talking to a provider: one reqwest client per sync with connect and total timeouts, the
//! token as a Bearer header, retries of "later" answers (see [`retry`](super::retry)), and
//! every way a request can fail turned into a [`SyncError`] that names the source and the
//! request. The token is sent and never shown: not in errors, not in logs.

use super::error::{Endpoint, SyncError};
use super::progress::{CancelFlag, ProgressFn, SyncProgress};
use super::retry::{self, Next, RetryPolicy};
use crate::net::{self, innermost, BodyError};
use crate::secrets::Secret;
use crate::{Error, Result};
use reqwest::header::{ACCEPT, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use std::time::Duration;

/// The largest answer body read from a provider: a page of contributions is a few hundred
/// records of a few hundred bytes each, so 4 MiB is far above any honest page and far below
/// what would strain memory. Counted as the body arrives, whatever `Content-Length` claims
/// (a server may lie, or send the body chunked with none).
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// How long to wait for a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the connection (TCP and TLS).
    pub connect: Duration,
    /// For a whole request: connection, answer and the entire body.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(60),
        }
    }
}

/// Checks a base URL as the user gave it and returns it ready for joining `v1/…`: https, or
/// http only on this machine (see [`crate::net::address`]).
pub fn check_base_url(text: &str) -> std::result::Result<Url, SyncError> {
    net::https_or_loopback(text).map_err(|problem| SyncError::BadBaseUrl {
        url: text.to_string(),
        problem,
    })
}

/// One provider, for one sync.
pub struct ProviderClient {
    http: reqwest::Client,
    base: Url,
    token: Secret,
    source_name: String,
    timeouts: Timeouts,
    retry: RetryPolicy,
}

impl std::fmt::Debug for ProviderClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderClient")
            .field("base", &self.base.as_str())
            .field("source_name", &self.source_name)
            .finish_non_exhaustive()
    }
}

impl ProviderClient {
    pub fn new(
        source_name: &str,
        base_url: &str,
        token: Secret,
        timeouts: Timeouts,
        retry: RetryPolicy,
    ) -> Result<Self> {
        let base = check_base_url(base_url)?;
        net::install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.request)
            // A provider that moved says so with a 3xx, reported to the user: following it
            // could carry the token somewhere the user never named.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("shebao-ledger/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::Connect {
                source_name: source_name.to_string(),
                reason: innermost(&e),
            })?;
        Ok(ProviderClient {
            http,
            base,
            token,
            source_name: source_name.to_string(),
            timeouts,
            retry,
        })
    }

    /// GETs `endpoint` with `query`, asking again after "later" answers. The body of a 2xx
    /// answer; `None` for a 404 when `missing_ok` (an endpoint the provider does not offer).
    pub async fn get(
        &self,
        endpoint: Endpoint,
        query: &[(&str, String)],
        missing_ok: bool,
        progress: ProgressFn<'_>,
        cancel: &CancelFlag,
    ) -> Result<Option<Vec<u8>>> {
        let mut url = self
            .base
            .join(endpoint.path())
            .expect("a checked base URL joins a relative path");
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in query {
                pairs.append_pair(key, value);
            }
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            if cancel.is_cancelled() {
                return Err(Error::Cancelled);
            }
            let request = self
                .http
                .get(url.clone())
                .bearer_auth(self.token.expose())
                .header(ACCEPT, "application/json");
            let response = tokio::select! {
                sent = request.send() => sent.map_err(|e| self.request_error(endpoint, &e))?,
                () = cancel.cancelled() => return Err(Error::Cancelled),
            };
            let status = response.status();
            if status.is_success() {
                let body = tokio::select! {
                    body = self.read_body(endpoint, response) => body?,
                    () = cancel.cancelled() => return Err(Error::Cancelled),
                };
                return Ok(Some(body));
            }
            match status {
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
                    return Err(SyncError::Auth {
                        source_name: self.source_name.clone(),
                        status: status.as_u16(),
                    }
                    .into())
                }
                StatusCode::NOT_FOUND if missing_ok => return Ok(None),
                _ if retry::is_retryable(status.as_u16()) => {
                    let asked = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry::parse_retry_after(v, chrono::Utc::now()));
                    match self.retry.next(attempt, asked, retry::jitter_seed()) {
                        Next::Wait(wait) => {
                            progress(SyncProgress::Waiting {
                                status: status.as_u16(),
                                attempt: attempt + 1,
                                wait_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                            });
                            tokio::select! {
                                () = tokio::time::sleep(wait) => {}
                                () = cancel.cancelled() => return Err(Error::Cancelled),
                            }
                        }
                        Next::GiveUp => {
                            return Err(SyncError::Unavailable {
                                source_name: self.source_name.clone(),
                                status: status.as_u16(),
                                attempts: attempt,
                            }
                            .into())
                        }
                        Next::TooLong(asked) => {
                            return Err(SyncError::RetryAfterTooLong {
                                source_name: self.source_name.clone(),
                                seconds: asked.as_secs(),
                            }
                            .into())
                        }
                    }
                }
                _ => {
                    return Err(SyncError::Status {
                        source_name: self.source_name.clone(),
                        endpoint,
                        status: status.as_u16(),
                    }
                    .into())
                }
            }
        }
    }

    /// Reads a body chunk by chunk, refusing it as soon as it passes [`MAX_PAGE_BYTES`]: an
    /// endless or huge answer is cut off, not held in memory.
    async fn read_body(&self, endpoint: Endpoint, response: reqwest::Response) -> Result<Vec<u8>> {
        net::read_capped(response, MAX_PAGE_BYTES as u64)
            .await
            .map_err(|error| match error {
                BodyError::TooLarge { .. } => SyncError::TooLarge {
                    source_name: self.source_name.clone(),
                    endpoint,
                    limit: MAX_PAGE_BYTES as u64,
                }
                .into(),
                BodyError::Broken(e) => self.body_error(endpoint, &e),
            })
    }

    fn timeout(&self, endpoint: Endpoint) -> Error {
        SyncError::Timeout {
            source_name: self.source_name.clone(),
            endpoint,
            seconds: self.timeouts.request.as_secs().max(1),
        }
        .into()
    }

    /// Sending failed: no connection, TLS refused, or no answer in time.
    fn request_error(&self, endpoint: Endpoint, error: &reqwest::Error) -> Error {
        if error.is_timeout() {
            return self.timeout(endpoint);
        }
        SyncError::Connect {
            source_name: self.source_name.clone(),
            reason: innermost(error),
        }
        .into()
    }

    /// The answer began and its body did not arrive whole.
    fn body_error(&self, endpoint: Endpoint, error: &reqwest::Error) -> Error {
        if error.is_timeout() {
            return self.timeout(endpoint);
        }
        SyncError::Truncated {
            source_name: self.source_name.clone(),
            endpoint,
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_https_except_on_this_machine() {
        let ok = |text: &str| check_base_url(text).unwrap().to_string();
        assert_eq!(ok("https://hr.example.com"), "https://hr.example.com/");
        assert_eq!(
            ok("https://hr.example.com/shebao"),
            "https://hr.example.com/shebao/"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080/api/"),
            "http://127.0.0.1:8080/api/"
        );
        assert_eq!(ok("http://localhost:9000"), "http://localhost:9000/");
        assert_eq!(ok("http://[::1]:9000"), "http://[::1]:9000/");
        for (bad, why) in [
            ("http://hr.example.com", "plain http"),
            ("http://192.168.1.10", "plain http"),
            ("ftp://hr.example.com", "only https"),
            ("https://me:secret@hr.example.com", "user name or password"),
            ("https://hr.example.com/?token=x", "?query"),
            ("hr.example.com", "relative URL"),
        ] {
            let error = check_base_url(bad).unwrap_err();
            assert_eq!(error.code(), "bad_base_url");
            assert!(error.to_string().contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn joining_keeps_a_path_prefix() {
        let base = check_base_url("https://hr.example.com/gateway").unwrap();
        assert_eq!(
            base.join(Endpoint::Balances.path()).unwrap().as_str(),
            "https://hr.example.com/gateway/v1/balances"
        );
    }
}
