//! What the running app holds: the open store (or why it could not be opened) and the language.

use crate::error::CommandError;
use shebao_core::store::ProfileSnapshot;
use shebao_core::{Lang, Store};
use std::path::PathBuf;
use std::sync::Mutex;

/// The setting keys under which UI preferences are kept in the database.
pub const LANGUAGE_SETTING: &str = "language";
pub const THEME_SETTING: &str = "theme";

pub struct AppState {
    db_path: Option<PathBuf>,
    /// `Err` keeps the reason the database could not be opened, so the window can show it
    /// (a newer-version or foreign file is refused, never recreated).
    store: Result<Mutex<Store>, shebao_core::Error>,
    lang: Mutex<Lang>,
    /// Deleted profiles, kept so that a deletion can be undone until the app closes.
    deleted: Mutex<Vec<(u64, ProfileSnapshot)>>,
}

impl AppState {
    pub fn open(db_path: shebao_core::Result<PathBuf>) -> AppState {
        let (db_path, store) = match db_path {
            Ok(path) => (Some(path.clone()), Store::open(&path)),
            Err(e) => (None, Err(e)),
        };
        let lang = store
            .as_ref()
            .ok()
            .and_then(|s| s.setting(LANGUAGE_SETTING).ok().flatten())
            .and_then(|code| code.parse().ok())
            .unwrap_or_default();
        AppState {
            db_path,
            store: store.map(Mutex::new),
            lang: Mutex::new(lang),
            deleted: Mutex::new(Vec::new()),
        }
    }

    pub fn db_path(&self) -> Option<&PathBuf> {
        self.db_path.as_ref()
    }

    pub fn lang(&self) -> Lang {
        *self
            .lang
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn set_lang(&self, lang: Lang) {
        *self
            .lang
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = lang;
    }

    /// Keeps a deleted profile's snapshot and returns the token that undoes the deletion.
    pub fn keep_deleted(&self, snapshot: ProfileSnapshot) -> u64 {
        let mut deleted = self.deleted.lock().unwrap_or_else(|p| p.into_inner());
        let token = deleted.iter().map(|(t, _)| *t).max().unwrap_or(0) + 1;
        deleted.push((token, snapshot));
        token
    }

    pub fn keep_deleted_as(&self, token: u64, snapshot: ProfileSnapshot) {
        self.deleted
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((token, snapshot));
    }

    pub fn take_deleted(&self, token: u64) -> Option<ProfileSnapshot> {
        let mut deleted = self.deleted.lock().unwrap_or_else(|p| p.into_inner());
        let index = deleted.iter().position(|(t, _)| *t == token)?;
        Some(deleted.remove(index).1)
    }

    /// The reason the store is unavailable, if it is.
    pub fn open_error(&self) -> Option<CommandError> {
        self.store
            .as_ref()
            .err()
            .map(|e| CommandError::from_core(e, self.lang()))
    }

    /// Runs `f` on the store, turning core errors into the UI's `{code, message}` in the
    /// current language.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> shebao_core::Result<T>,
    ) -> Result<T, CommandError> {
        let lang = self.lang();
        let store = self
            .store
            .as_ref()
            .map_err(|e| CommandError::from_core(e, lang))?;
        let mut store = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut store).map_err(|e| CommandError::from_core(&e, lang))
    }
}
