//! Provider sync over HTTP: protocol v1 (docs/provider-api.md), which an employer's HR
//! system, an aggregator or the user's own gateway can serve. No bureau offers a public API,
//! so the protocol is ours, open and versioned.
//!
//! One concept per module, in the order a sync uses them:
//! [`source`] adding a source and finding its token · [`client`] HTTP with timeouts and the
//! Bearer token · [`retry`] backoff with jitter and `Retry-After` · [`protocol`] replies read
//! and checked field by field · [`run`] one sync, written in one transaction or not at all ·
//! [`progress`] what a running sync reports and how it is cancelled · [`status`] sources and
//! their last runs for display · [`error`] everything that can go wrong, in both languages.
//!
//! The store side is `store::http_sources` (settings) and `store::sync_runs` (the record of
//! each run, and the transaction of a successful one).

pub mod client;
pub mod error;
pub mod progress;
pub mod protocol;
pub mod retry;
pub mod run;
pub mod source;
pub mod status;

pub use client::{check_base_url, ProviderClient, Timeouts, MAX_PAGE_BYTES};
pub use error::{mismatch_text, Endpoint, SchemaProblem, SyncError};
pub use progress::{CancelFlag, ProgressFn, SyncProgress};
pub use retry::RetryPolicy;
pub use run::{sync_source, sync_source_async, SyncOptions, SyncReport};
pub use source::{
    add_http_source, check_token_env, token_for, AddHttpSource, AddedSource, TokenKept,
};
pub use status::{source_statuses, HttpDetails, SourceStatus};
