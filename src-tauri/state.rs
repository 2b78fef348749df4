//! What the running app holds: the open store (or that it is locked, or why it could not be
//! opened) and the language.

use crate::error::CommandError;
use shebao_core::store::{encryption_state, EncryptionState, Passphrase, ProfileSnapshot};
use shebao_core::{Lang, Store};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// The setting keys under which UI preferences are kept in the database.
pub const LANGUAGE_SETTING: &str = "language";
pub const THEME_SETTING: &str = "theme";
/// `off` turns desktop notifications of new warnings off; anything else (or nothing) is on.
pub const NOTIFICATIONS_SETTING: &str = "notifications";

/// The database as the app holds it.
enum Slot {
    Open(Store),
    /// An encrypted database waiting for its passphrase; nothing of it is in memory.
    Locked,
    /// Why the database could not be opened, so the window can show it (a newer-version or
    /// foreign file is refused, never recreated).
    Failed(shebao_core::Error),
}

pub struct AppState {
    db_path: Option<PathBuf>,
    store: Mutex<Slot>,
    lang: Mutex<Lang>,
    /// Deleted profiles, kept so that a deletion can be undone until the app closes.
    deleted: Mutex<Vec<(u64, ProfileSnapshot)>>,
}

impl AppState {
    pub fn open(db_path: shebao_core::Result<PathBuf>) -> AppState {
        let (db_path, slot) = match db_path {
            Ok(path) => {
                let slot = match encryption_state(&path) {
                    Ok(EncryptionState::Encrypted) => Slot::Locked,
                    Ok(_) => Store::open(&path).map_or_else(Slot::Failed, Slot::Open),
                    Err(e) => Slot::Failed(e),
                };
                (Some(path), slot)
            }
            Err(e) => (None, Slot::Failed(e)),
        };
        let state = AppState {
            db_path,
            store: Mutex::new(slot),
            lang: Mutex::new(Lang::default()),
            deleted: Mutex::new(Vec::new()),
        };
        state.read_language();
        state
    }

    /// Takes the language saved in the database, once it can be read.
    fn read_language(&self) {
        if let Slot::Open(store) = &*self.slot() {
            let saved = store.setting(LANGUAGE_SETTING).ok().flatten();
            if let Some(lang) = saved.and_then(|code| code.parse().ok()) {
                self.set_lang(lang);
            }
        }
    }

    fn slot(&self) -> MutexGuard<'_, Slot> {
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn is_locked(&self) -> bool {
        matches!(&*self.slot(), Slot::Locked)
    }

    pub fn is_encrypted(&self) -> bool {
        match &*self.slot() {
            Slot::Open(store) => store.is_encrypted(),
            Slot::Locked => true,
            Slot::Failed(_) => false,
        }
    }

    /// Opens the locked database with `passphrase`. A wrong one changes nothing.
    pub fn unlock(&self, passphrase: &Passphrase) -> Result<(), CommandError> {
        let lang = self.lang();
        let path = self.db_path.as_ref().ok_or_else(|| self.locked_error())?;
        {
            let mut slot = self.slot();
            if !matches!(&*slot, Slot::Locked) {
                return Ok(());
            }
            let store = Store::open_with_passphrase(path, Some(passphrase))
                .map_err(|e| CommandError::from_core(&e, lang))?;
            *slot = Slot::Open(store);
        }
        self.read_language();
        Ok(())
    }

    /// Closes an encrypted database (the key is wiped with it) until it is unlocked again.
    pub fn lock(&self) -> Result<(), CommandError> {
        let mut slot = self.slot();
        match &*slot {
            Slot::Open(store) if store.is_encrypted() => {
                *slot = Slot::Locked;
                Ok(())
            }
            Slot::Locked => Ok(()),
            _ => Err(CommandError::new(
                "not_encrypted",
                self.lang()
                    .pick(
                        "数据没有加密，无法锁定：请先在设置中设置密码",
                        "the data is not encrypted, so it cannot be locked: set a passphrase in Settings first",
                    )
                    .into(),
            )),
        }
    }

    /// Closes the store, runs `convert` on the file (which swaps in a new one, or leaves the
    /// old one as it was), then reopens it with `reopen_with` — or, if the conversion failed,
    /// as it was before.
    pub fn convert(
        &self,
        convert: impl FnOnce(&std::path::Path) -> shebao_core::Result<()>,
        before: Option<&Passphrase>,
        after: Option<&Passphrase>,
    ) -> Result<(), CommandError> {
        let lang = self.lang();
        let path = self.db_path.clone().ok_or_else(|| self.locked_error())?;
        let mut slot = self.slot();
        if !matches!(&*slot, Slot::Open(_)) {
            return Err(self.locked_error());
        }
        // A wrong current passphrase is refused here, with the store still open as it was.
        if let Some(current) = before {
            Store::open_with_passphrase(&path, Some(current))
                .map_err(|e| CommandError::from_core(&e, lang))?;
        }
        // The conversion needs the only connection to the file: close ours first.
        *slot = Slot::Locked;
        let converted = convert(&path);
        let reopen = if converted.is_ok() { after } else { before };
        *slot = Store::open_with_passphrase(&path, reopen).map_or_else(Slot::Failed, Slot::Open);
        converted.map_err(|e| CommandError::from_core(&e, lang))
    }

    fn locked_error(&self) -> CommandError {
        CommandError::new(
            "locked",
            self.lang()
                .pick(
                    "数据已锁定，请先输入密码解锁",
                    "the data is locked: unlock it with its passphrase first",
                )
                .into(),
        )
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
        match &*self.slot() {
            Slot::Failed(e) => Some(CommandError::from_core(e, self.lang())),
            _ => None,
        }
    }

    /// Runs `f` on the store, turning core errors into the UI's `{code, message}` in the
    /// current language.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> shebao_core::Result<T>,
    ) -> Result<T, CommandError> {
        let lang = self.lang();
        match &mut *self.slot() {
            Slot::Open(store) => f(store).map_err(|e| CommandError::from_core(&e, lang)),
            Slot::Locked => Err(self.locked_error()),
            Slot::Failed(e) => Err(CommandError::from_core(e, lang)),
        }
    }
}
