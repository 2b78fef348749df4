//! How an HTTP provider source is reached: whose records it serves and where its token is.
//! The base URL is the source's `location`; the token itself is never held here.

use super::{ProfileId, Source};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpSource {
    pub source: Source,
    /// The profile the provider's person must match.
    pub profile: ProfileId,
    /// The environment variable read at each sync when the keyring has no token.
    pub token_env: Option<String>,
    /// The OS keyring entry holding the token, when one could be stored (a random name).
    pub keyring_entry: Option<String>,
}

impl HttpSource {
    pub fn base_url(&self) -> &str {
        self.source.location.as_deref().unwrap_or_default()
    }
}
