//! Logs go to rotating daily files in the OS log directory (kept for a week). They carry no
//! personal data: no names, ID numbers, amounts or paths — error codes, not messages.

use std::path::Path;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

const KEEP_FILES: usize = 7;

/// Starts file logging; the guard must live as long as the app so lines are flushed.
pub fn init(log_dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("shebao")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init()
        .ok()?;
    Some(guard)
}
