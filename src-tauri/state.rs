//! What the running app holds: the open store (or that it is locked, or why it could not be
//! opened), the language, and the keyring a database key may be remembered in.

use crate::error::{CommandError, ShellError};
use shebao_core::secrets::SecretStore;
use shebao_core::store::{
    self, encryption_state, EncryptionState, Passphrase, ProfileSnapshot, SettingKey,
};
use shebao_core::{Lang, Store};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

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
    /// Deleted profiles, kept so that a deletion can be undone until the app closes or locks.
    /// Always taken after `store`, never before.
    deleted: Mutex<Trash>,
    /// Where "remember on this computer" keeps the database key: the OS keyring.
    secrets: Box<dyn SecretStore>,
    /// Whether a key for this database is remembered in `secrets` (as far as this app knows:
    /// read at start, then changed only by this app).
    remembered: AtomicBool,
}

impl AppState {
    /// The app's state with the OS keyring (unless `SHEBAO_KEYRING=off`).
    pub fn open(db_path: shebao_core::Result<PathBuf>) -> AppState {
        Self::open_with_secrets(db_path, shebao_core::secrets::default_store())
    }

    /// Opens the database at `db_path`: a plain one at once, an encrypted one with the key
    /// remembered in `secrets` if there is one that still fits, else it waits locked.
    pub fn open_with_secrets(
        db_path: shebao_core::Result<PathBuf>,
        secrets: Box<dyn SecretStore>,
    ) -> AppState {
        let mut remembered = false;
        let (db_path, slot) = match db_path {
            Ok(path) => {
                let slot = match encryption_state(&path) {
                    Ok(EncryptionState::Encrypted) => match open_remembered(&path, &*secrets) {
                        Some(store) => {
                            remembered = true;
                            Slot::Open(store)
                        }
                        None => Slot::Locked,
                    },
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
            deleted: Mutex::new(Trash::default()),
            secrets,
            remembered: AtomicBool::new(remembered),
        };
        state.read_language();
        state
    }

    /// Takes the language saved in the database, once it can be read.
    fn read_language(&self) {
        if let Slot::Open(store) = &*self.slot() {
            let saved = store.setting(SettingKey::Language).ok().flatten();
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

    /// Opens the locked database with `passphrase`. A wrong one changes nothing. Then keeps
    /// its key on this computer, or forgets it, as `remember` says (when given): the unlock
    /// stands even if the keyring fails, and that failure is returned beside it.
    pub fn unlock(
        &self,
        passphrase: &Passphrase,
        remember: Option<bool>,
    ) -> Result<Option<CommandError>, CommandError> {
        let lang = self.lang();
        let path = self.db_path.as_ref().ok_or_else(|| self.locked_error())?;
        {
            let mut slot = self.slot();
            if !matches!(&*slot, Slot::Locked) {
                return Ok(None);
            }
            let store = Store::open_with_passphrase(path, Some(passphrase))
                .map_err(|e| CommandError::from_core(&e, lang))?;
            *slot = Slot::Open(store);
        }
        self.read_language();
        Ok(remember.and_then(|on| self.set_remembered(on).err()))
    }

    /// Where secrets of this app are kept: the OS keyring (a test's own store in tests).
    pub fn secrets(&self) -> &dyn SecretStore {
        &*self.secrets
    }

    /// Whether the key of this database is remembered on this computer.
    pub fn is_remembered(&self) -> bool {
        self.remembered.load(Ordering::Relaxed) && self.is_encrypted()
    }

    /// Keeps the key of the open encrypted database in the keyring, or forgets it.
    pub fn set_remembered(&self, on: bool) -> Result<bool, CommandError> {
        let lang = self.lang();
        let path = self.db_path.as_ref().ok_or_else(|| self.locked_error())?;
        let result = match (&*self.slot(), on) {
            (Slot::Open(store), true) => store::remember(store, &*self.secrets),
            (_, true) => return Err(self.locked_error()),
            (_, false) => store::forget(path, &*self.secrets).map(drop),
        };
        result.map_err(|e| CommandError::from_core(&e, lang))?;
        self.remembered.store(on, Ordering::Relaxed);
        tracing::info!(remembered = on, "database key on this computer");
        Ok(on)
    }

    /// Closes an encrypted database (the key is wiped with it) until it is unlocked again, and
    /// drops every record of it the app holds besides: the snapshots of deleted profiles go,
    /// so those deletions can no longer be undone. The deletions themselves were written when
    /// made; what they leave to finish is removing the vault files only those profiles named,
    /// as at exit. (The import wizard's file is dropped by the `lock` command.)
    pub fn lock(&self) -> Result<(), CommandError> {
        let mut slot = self.slot();
        match &*slot {
            Slot::Open(store) if store.is_encrypted() => {
                let dropped = std::mem::take(&mut self.trash().snapshots);
                if !dropped.is_empty() {
                    if let Err(e) = shebao_core::vault::prune(store) {
                        tracing::warn!(code = e.code(), "vault files were not pruned");
                    }
                }
                drop(dropped);
                *slot = Slot::Locked;
                Ok(())
            }
            Slot::Locked => Ok(()),
            _ => Err(ShellError::LockNotEncrypted.in_lang(self.lang())),
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
        if converted.is_ok() && self.remembered.load(Ordering::Relaxed) {
            self.follow_remembered(&path, &slot);
        }
        converted.map_err(|e| CommandError::from_core(&e, lang))
    }

    /// A key remembered before a conversion no longer fits the file: remember the new key
    /// (a changed passphrase, a restored backup) or forget it (the database is now plain).
    fn follow_remembered(&self, path: &Path, slot: &Slot) {
        let kept = match slot {
            Slot::Open(store) if store.is_encrypted() => {
                store::remember(store, &*self.secrets).is_ok()
            }
            _ => false,
        };
        if !kept {
            if let Err(e) = store::forget(path, &*self.secrets) {
                tracing::warn!(code = e.code(), "the old remembered key was not forgotten");
            }
        }
        self.remembered.store(kept, Ordering::Relaxed);
    }

    fn locked_error(&self) -> CommandError {
        ShellError::Locked.in_lang(self.lang())
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

    fn trash(&self) -> MutexGuard<'_, Trash> {
        self.deleted.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the store and the deleted profiles' snapshots together, so that a lock
    /// cannot come between a deletion and keeping its snapshot, or between taking one for an
    /// undo and putting it back when the undo fails.
    pub fn with_trash<T>(
        &self,
        f: impl FnOnce(&mut Store, &mut Trash) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let lang = self.lang();
        match &mut *self.slot() {
            Slot::Open(store) => f(store, &mut self.trash()),
            Slot::Locked => Err(self.locked_error()),
            Slot::Failed(e) => Err(CommandError::from_core(e, lang)),
        }
    }

    /// Refuses, as [`AppState::with_store`] does, unless the store is open: for commands that
    /// hand out data the app holds outside the store.
    pub fn check_open(&self) -> Result<(), CommandError> {
        self.with_store(|_| Ok(()))
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

/// The snapshots of deleted profiles, by the token that undoes each deletion.
#[derive(Default)]
pub struct Trash {
    snapshots: Vec<(u64, ProfileSnapshot)>,
    /// Tokens are never reused, not even after a lock empties the trash: a token the window
    /// kept from before must not undo a later deletion.
    last_token: u64,
}

impl Trash {
    /// Keeps a deleted profile's snapshot and returns the token that undoes the deletion.
    pub fn keep(&mut self, snapshot: ProfileSnapshot) -> u64 {
        self.last_token += 1;
        self.snapshots.push((self.last_token, snapshot));
        self.last_token
    }

    /// Puts back a snapshot taken for an undo that failed, under its token.
    pub fn keep_as(&mut self, token: u64, snapshot: ProfileSnapshot) {
        self.snapshots.push((token, snapshot));
    }

    pub fn take(&mut self, token: u64) -> Option<ProfileSnapshot> {
        let index = self.snapshots.iter().position(|(t, _)| *t == token)?;
        Some(self.snapshots.remove(index).1)
    }
}

/// Opens an encrypted database with the key remembered for it, if there is one that still
/// fits. A stale or damaged entry is forgotten, so the lock screen asks for the passphrase;
/// a keyring that cannot be reached leaves it locked, as if nothing were remembered.
fn open_remembered(path: &Path, secrets: &dyn SecretStore) -> Option<Store> {
    use shebao_core::Error::{RememberedKeyInvalid, RememberedKeyStale};
    let opened = store::remembered(path, secrets).and_then(|key| {
        key.map(|key| Store::open_with_remembered(path, &key))
            .transpose()
    });
    match opened {
        Ok(store) => store,
        Err(e @ (RememberedKeyStale { .. } | RememberedKeyInvalid { .. })) => {
            tracing::warn!(code = e.code(), "forgetting the remembered key");
            let _ = store::forget(path, secrets);
            None
        }
        Err(e) => {
            tracing::warn!(code = e.code(), "not opened with the remembered key");
            None
        }
    }
}
