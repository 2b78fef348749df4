//! `rules update`: fetch a newer signed set of rule tables and make it the one in use.
//!
//! The manifest is fetched first and must be well formed, signed by a trusted key and newer than
//! the tables in use before any table is fetched; then each table must match its signed hash,
//! parse and validate as a whole set, and carry the manifest's version. Only then is the set
//! written beside the database, in one atomic rename. Any failure leaves the tables in use as
//! they were and says which check failed.

use super::active::{verified_rule_set, StoredTables};
use super::{ActiveRules, Manifest, RulesError, RulesVersion, TrustedKeys, MAX_FILES};
use crate::Result;
use chrono::{DateTime, SecondsFormat, Utc};
use reqwest::Url;
use serde::Serialize;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// Where the project publishes signed rule tables. `$SHEBAO_RULES_URL` or `--url` overrides it
/// (a mirror, or a test server); the signature, not the address, is what is trusted.
pub const DEFAULT_URL: &str = "https://rules.shebaoledger.cn/v1/manifest.json";

/// Environment variable naming another manifest address.
pub const URL_ENV: &str = "SHEBAO_RULES_URL";

/// A manifest is a few hundred bytes; a table a few kilobytes. Anything far larger is not ours.
const MAX_MANIFEST_BYTES: u64 = 64 * 1024;
const MAX_TABLE_BYTES: u64 = 1024 * 1024;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(60);

/// The manifest address to use: the one given, else `$SHEBAO_RULES_URL`, else [`DEFAULT_URL`].
pub fn update_url(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var(URL_ENV).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| DEFAULT_URL.to_string())
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum UpdateOutcome {
    /// The downloaded set is now in use.
    Updated {
        previous: RulesVersion,
        version: RulesVersion,
        files: usize,
    },
    /// The server offers the version already in use; nothing was written.
    UpToDate { version: RulesVersion },
}

/// Fetches the manifest at `url` and, when it offers a newer valid set, stores it beside `db`.
/// Every failure is an [`RulesError::UpdateRefused`] naming the check that failed.
pub fn update(
    db: &Path,
    url: &str,
    keys: &TrustedKeys,
    now: DateTime<Utc>,
) -> Result<UpdateOutcome> {
    update_inner(db, url, keys, now).map_err(|e| match e {
        crate::Error::Rules(cause) => RulesError::UpdateRefused(Box::new(cause)).into(),
        other => other,
    })
}

fn update_inner(
    db: &Path,
    url: &str,
    keys: &TrustedKeys,
    now: DateTime<Utc>,
) -> Result<UpdateOutcome> {
    let manifest_url = parse_url(url)?;
    let active = ActiveRules::load(db, keys).version();
    crate::net::install_crypto_provider();
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .user_agent(concat!("shebao-ledger/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| fetch_error(&manifest_url, e.to_string()))?;

    let manifest_bytes = get(&client, &manifest_url, MAX_MANIFEST_BYTES)?;
    let manifest = std::str::from_utf8(&manifest_bytes)
        .map_err(|_| "not UTF-8 text".to_string())
        .and_then(Manifest::parse)
        .map_err(|reason| RulesError::BadManifest {
            what: manifest_url.to_string(),
            reason,
        })?;
    if !manifest.is_signed_by(keys) {
        return Err(RulesError::BadSignature {
            what: manifest_url.to_string(),
        }
        .into());
    }
    if manifest.version == active {
        return Ok(UpdateOutcome::UpToDate { version: active });
    }
    if manifest.version < active {
        return Err(RulesError::Older {
            offered: manifest.version,
            active,
        }
        .into());
    }

    debug_assert!(
        manifest.files.len() <= MAX_FILES,
        "checked by Manifest::parse"
    );
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(manifest.files.len());
    for file in &manifest.files {
        let file_url = manifest_url
            .join(&file.name)
            .map_err(|e| RulesError::BadManifest {
                what: manifest_url.to_string(),
                reason: format!("{}: {e}", file.name),
            })?;
        files.push((file.name.clone(), get(&client, &file_url, MAX_TABLE_BYTES)?));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let rules = verified_rule_set(&manifest, &borrowed)?;

    let version = rules.version();
    let count = files.len();
    let texts = files
        .into_iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8(bytes).expect("verified_rule_set checked UTF-8");
            (name, text)
        })
        .collect();
    let fetched_at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
    StoredTables::new(manifest_url.as_str(), &fetched_at, manifest, texts).write(db)?;
    Ok(UpdateOutcome::Updated {
        previous: active,
        version,
        files: count,
    })
}

fn parse_url(url: &str) -> Result<Url, RulesError> {
    let bad = |reason: String| RulesError::BadUrl {
        url: url.to_string(),
        reason,
    };
    let parsed = Url::parse(url).map_err(|e| bad(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad(format!("scheme {:?}", parsed.scheme())));
    }
    Ok(parsed)
}

/// GETs `url`, refusing a non-2xx answer or a body over `limit` bytes.
fn get(client: &reqwest::blocking::Client, url: &Url, limit: u64) -> Result<Vec<u8>, RulesError> {
    let response = client
        .get(url.clone())
        .send()
        .map_err(|e| fetch_error(url, describe(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fetch_error(url, format!("the server answered {status}")));
    }
    let mut body = Vec::new();
    response
        .take(limit + 1)
        .read_to_end(&mut body)
        .map_err(|e| fetch_error(url, format!("the download broke off: {e}")))?;
    if body.len() as u64 > limit {
        return Err(fetch_error(url, format!("larger than {limit} bytes")));
    }
    Ok(body)
}

/// reqwest's own message plus its causes ("error sending request" alone says little).
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_string()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn fetch_error(url: &Url, reason: String) -> RulesError {
    RulesError::Fetch {
        url: url.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_addresses_are_taken() {
        assert!(parse_url("https://example.org/v1/manifest.json").is_ok());
        assert!(parse_url("http://127.0.0.1:8080/m.json").is_ok());
        for bad in ["file:///etc/passwd", "ftp://x/m.json", "manifest.json", ""] {
            assert!(
                matches!(parse_url(bad), Err(RulesError::BadUrl { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_given_address_wins_over_the_default() {
        assert_eq!(
            update_url(Some("http://mirror/m.json")),
            "http://mirror/m.json"
        );
    }
}
