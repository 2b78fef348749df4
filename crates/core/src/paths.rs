//! Where the app keeps its data. The desktop app and the CLI must agree, so both ask here.

use crate::{Error, Result};
use std::path::PathBuf;

/// The app's identifier, also `identifier` in tauri.conf.json (a test keeps them equal).
pub const APP_IDENTIFIER: &str = "cn.shebaoledger.desktop";

/// The database file name inside the data directory.
pub const DB_FILE_NAME: &str = "shebao.db";

/// Environment variable that overrides the database path for the app and the CLI.
pub const DB_ENV: &str = "SHEBAO_DB";

/// `$SHEBAO_DB` if set, else `<OS data dir>/cn.shebaoledger.desktop/shebao.db`
/// (`~/.local/share/…` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows).
pub fn default_db_path() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let data_dir = dirs::data_dir().ok_or(Error::NoDataDir)?;
    Ok(data_dir.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}
