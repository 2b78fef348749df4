//! Settings kept in the database so they travel with a backup: the window's preferences
//! (language, theme), the WebDAV server (`webdav.*`, never its password) and the vault's
//! certificate age limit. Each owner names its own keys.

use super::Store;
use crate::Result;
use rusqlite::OptionalExtension;

impl Store {
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
    /// Sets several settings in one transaction (`None` removes one): a group that belongs
    /// together, such as a server's address and its user, is never half-saved.
    pub fn set_settings(&self, entries: &[(&str, Option<&str>)]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for (key, value) in entries {
            match value {
                Some(value) => {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, value],
                    )?;
                }
                None => {
                    tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}
