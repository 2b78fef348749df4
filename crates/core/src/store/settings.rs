//! Settings kept in the database so they travel with a backup: the window's preferences
//! (language, theme, notifications, idle lock, export folder), the WebDAV server (`webdav.*`,
//! never its password), the vault's certificate age limit and the alerts already notified.
//! Every key is a [`SettingKey`]: no face or module spells a key of its own.

use super::Store;
use crate::Result;
use rusqlite::types::{ToSql, ToSqlOutput};
use rusqlite::OptionalExtension;

/// A setting's key. The text is what the database holds: changing one loses the users' setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingKey {
    /// `zh` or `en`: the language of the window and its messages.
    Language,
    /// `system`, `light` or `dark`.
    Theme,
    /// `on` or `off`: desktop notifications of new warnings.
    Notifications,
    /// Minutes without input before the window locks an encrypted database (0: never).
    IdleLockMinutes,
    /// The folder the window exports into, when the user chose one.
    ExportDir,
    /// The alerts already notified (analysis/alerts/notify.rs).
    AlertsNotified,
    WebDavUrl,
    WebDavUser,
    /// The keyring entry holding the WebDAV password, when it is kept there.
    WebDavPasswordEntry,
    /// The environment variable holding the WebDAV password, when it is kept there.
    WebDavPasswordEnv,
    /// How many backups stay on the server.
    WebDavKeep,
    /// The certificate age limit for profiles without their own.
    CertificateMaxAgeDays,
}

impl SettingKey {
    pub const ALL: &'static [SettingKey] = &[
        SettingKey::Language,
        SettingKey::Theme,
        SettingKey::Notifications,
        SettingKey::IdleLockMinutes,
        SettingKey::ExportDir,
        SettingKey::AlertsNotified,
        SettingKey::WebDavUrl,
        SettingKey::WebDavUser,
        SettingKey::WebDavPasswordEntry,
        SettingKey::WebDavPasswordEnv,
        SettingKey::WebDavKeep,
        SettingKey::CertificateMaxAgeDays,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SettingKey::Language => "language",
            SettingKey::Theme => "theme",
            SettingKey::Notifications => "notifications",
            SettingKey::IdleLockMinutes => "idle_lock_minutes",
            SettingKey::ExportDir => "export_dir",
            SettingKey::AlertsNotified => "alerts.notified",
            SettingKey::WebDavUrl => "webdav.url",
            SettingKey::WebDavUser => "webdav.user",
            SettingKey::WebDavPasswordEntry => "webdav.password_entry",
            SettingKey::WebDavPasswordEnv => "webdav.password_env",
            SettingKey::WebDavKeep => "webdav.keep",
            SettingKey::CertificateMaxAgeDays => "vault.certificate_max_age_days",
        }
    }
}

impl ToSql for SettingKey {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl Store {
    pub fn setting(&self, key: SettingKey) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: SettingKey, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key.as_str(), value],
        )?;
        Ok(())
    }

    /// Sets several settings in one transaction (`None` removes one): a group that belongs
    /// together, such as a server's address and its user, is never half-saved.
    pub fn set_settings(&self, entries: &[(SettingKey, Option<&str>)]) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for (key, value) in entries {
            match value {
                Some(value) => {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key.as_str(), value],
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys as databases already hold them: a renamed key would silently forget a setting.
    #[test]
    fn keys_keep_the_text_databases_hold() {
        let texts: Vec<&str> = SettingKey::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            texts,
            [
                "language",
                "theme",
                "notifications",
                "idle_lock_minutes",
                "export_dir",
                "alerts.notified",
                "webdav.url",
                "webdav.user",
                "webdav.password_entry",
                "webdav.password_env",
                "webdav.keep",
                "vault.certificate_max_age_days",
            ]
        );
    }

    #[test]
    fn a_setting_is_kept_replaced_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("shebao.db")).unwrap();
        assert_eq!(store.setting(SettingKey::Theme).unwrap(), None);
        store.set_setting(SettingKey::Theme, "dark").unwrap();
        store
            .set_settings(&[
                (SettingKey::Theme, Some("light")),
                (SettingKey::Language, Some("en")),
            ])
            .unwrap();
        assert_eq!(
            store.setting(SettingKey::Theme).unwrap().as_deref(),
            Some("light")
        );
        assert_eq!(
            store.setting(SettingKey::Language).unwrap().as_deref(),
            Some("en")
        );
        store.set_settings(&[(SettingKey::Theme, None)]).unwrap();
        assert_eq!(store.setting(SettingKey::Theme).unwrap(), None);
    }
}
