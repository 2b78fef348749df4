//! Logs go to rotating daily files in the OS log directory (kept for a week). They carry no
//! personal data: no names, ID numbers, amounts or paths — error codes, not messages. Still,
//! only their owner can read them (a folder 0700, files 0600 on Unix; see `fs::private`).

use chrono::{NaiveDate, Utc};
use shebao_core::fs::private as fs_private;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tracing_appender::rolling::{RollingFileAppender, Rotation};

const KEEP_FILES: usize = 7;
const PREFIX: &str = "shebao";
const SUFFIX: &str = "log";

/// Starts file logging; the guard must live as long as the app so lines are flushed.
pub fn init(log_dir: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let writer = PrivateDaily::open(log_dir).ok()?;
    let (writer, guard) = tracing_appender::non_blocking(writer);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init()
        .ok()?;
    Some(guard)
}

/// tracing-appender's daily files, created private. The appender has no setting for the mode
/// of the files it creates (it takes the umask's, usually readable by everyone), but it appends
/// to a file that is already there. So each day's file is made first, private, under the name
/// the appender gives it (`shebao.YYYY-MM-DD.log`, the UTC date), before the appender opens it:
/// at start and at the first line of each new day. Should the appender get there first (a line
/// written on the stroke of midnight), the file is made private at the next line.
struct PrivateDaily {
    dir: PathBuf,
    day: NaiveDate,
    inner: RollingFileAppender,
}

impl PrivateDaily {
    fn open(dir: &Path) -> io::Result<PrivateDaily> {
        fs_private::create_dir_all(dir)?;
        let day = Utc::now().date_naive();
        prepare(dir, day)?;
        let inner = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(PREFIX)
            .filename_suffix(SUFFIX)
            .max_log_files(KEEP_FILES)
            .build(dir)
            .map_err(io::Error::other)?;
        Ok(PrivateDaily {
            dir: dir.to_path_buf(),
            day,
            inner,
        })
    }
}

/// Creates `day`'s file private if it is missing, and makes it private if it is not.
fn prepare(dir: &Path, day: NaiveDate) -> io::Result<()> {
    let path = dir.join(format!("{PREFIX}.{}.{SUFFIX}", day.format("%Y-%m-%d")));
    fs_private::append_file(&path)?;
    fs_private::restrict(&path)
}

impl Write for PrivateDaily {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let today = Utc::now().date_naive();
        if today != self.day {
            prepare(&self.dir, today)?;
            self.day = today;
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Under the usual umask (022) the appender alone makes the folder 0755 and the file 0644.
    /// Also proves the name made beforehand is the one the appender writes to: it is the only
    /// file in the folder, and it holds the line.
    #[test]
    fn the_log_folder_and_file_are_private() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("logs");
        let mut writer = PrivateDaily::open(&dir).unwrap();
        writer.write_all(b"started\n").unwrap();
        writer.flush().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        assert_eq!(mode(&files[0]), 0o600);
        assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), "started\n");
    }
}
