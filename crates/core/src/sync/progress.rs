//! What a running sync tells its caller (for a progress bar; the desktop shell forwards these
//! as events), and how the caller stops it.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// One step of a sync, in the order they happen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum SyncProgress {
    /// About to ask for page `page`; `items` received so far.
    Fetching { page: u32, items: usize },
    /// The provider said "later" (HTTP `status`): waiting before attempt `attempt`.
    Waiting {
        status: u16,
        attempt: u32,
        wait_ms: u64,
    },
    /// Asking for the balances.
    Balances,
    /// Everything received and checked; writing `done` of `total` records.
    Writing { done: usize, total: usize },
}

/// The callback a sync reports to.
pub type ProgressFn<'a> = &'a mut (dyn FnMut(SyncProgress) + Send);

/// A switch the caller flips to stop a sync (from another thread, a button, Ctrl-C). A
/// cancelled sync writes nothing but its own record; a sync already committing finishes its
/// transaction or rolls it back, never half.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Resolves once the flag is set: raced against a request or a wait so that a cancel
    /// takes effect within a few milliseconds, not after the provider answers.
    pub async fn cancelled(&self) {
        while !self.is_cancelled() {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
