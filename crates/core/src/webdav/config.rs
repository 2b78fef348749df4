//! Where the WebDAV server is and how to log in: the address, the user name and how many
//! backups to keep live in the database's `settings` table (they travel with it, encrypted
//! when it is); the password goes to the OS keyring, and only the random name of its entry
//! is stored. Without a keyring, the name of an environment variable is stored instead and
//! the password is read from it each time. The password never reaches the database, a log
//! or a message.

use super::error::WebDavError;
use crate::net;
use crate::secrets::EnvLookup;
use crate::secrets::{new_entry_name, Secret, SecretError, SecretStore};
use crate::store::SettingKey;
use crate::{Result, Store};
use reqwest::Url;
use serde::Serialize;

/// Keyring entries of WebDAV passwords: `webdav-password-<24 hex digits>`.
pub const KEYRING_ENTRY_PREFIX: &str = "webdav-password-";
/// How many backups stay on the server when none is chosen.
pub const DEFAULT_KEEP: u32 = 10;

const URL_KEY: SettingKey = SettingKey::WebDavUrl;
const USER_KEY: SettingKey = SettingKey::WebDavUser;
const ENTRY_KEY: SettingKey = SettingKey::WebDavPasswordEntry;
const ENV_KEY: SettingKey = SettingKey::WebDavPasswordEnv;
const KEEP_KEY: SettingKey = SettingKey::WebDavKeep;

/// The server as set up: what the database keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebDavConfig {
    /// The folder the user named, ending in `/`; backups go to `shebao-backups/` inside it.
    pub url: String,
    pub user: String,
    /// The keyring entry holding the password, if it is kept there.
    #[serde(skip)]
    pub password_entry: Option<String>,
    /// The environment variable to read the password from when the keyring has none.
    pub password_env: Option<String>,
    /// How many backups to keep on the server (the newest).
    pub keep: u32,
}

/// Where the password now is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordKept {
    Keyring,
    Environment,
}

/// What `webdav set` asks for.
#[derive(Debug)]
pub struct SetWebDav<'a> {
    pub url: &'a str,
    pub user: &'a str,
    /// The environment variable holding the password now (and read later if the keyring
    /// cannot keep it).
    pub password_env: Option<&'a str>,
    /// The password itself, when typed (no `password_env`). With neither, the password saved
    /// before is kept, but only for the same server (scheme, host and port): it is never sent
    /// to a server other than the one it was given for.
    pub password: Option<Secret>,
    pub keep: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebDavSet {
    pub config: WebDavConfig,
    pub password: PasswordKept,
    /// Why the keyring was not used, when it was not.
    pub keyring_unavailable: Option<String>,
    /// The password's environment variable is not set now.
    pub env_unset: bool,
}

/// Checks the address the user gave: https, or http only on this machine (see
/// [`crate::net::address`]); no user or password inside it (they belong in the keyring); no
/// query or fragment. Returned ending in `/`, ready for joining `shebao-backups/`.
pub fn check_url(text: &str) -> std::result::Result<Url, WebDavError> {
    net::https_or_loopback(text).map_err(|problem| WebDavError::BadUrl {
        url: text.to_string(),
        problem,
    })
}

/// The server set up in this database, if any.
pub fn config(store: &Store) -> Result<Option<WebDavConfig>> {
    let (Some(url), Some(user)) = (store.setting(URL_KEY)?, store.setting(USER_KEY)?) else {
        return Ok(None);
    };
    let keep = store
        .setting(KEEP_KEY)?
        .and_then(|k| k.parse().ok())
        .filter(|k| *k >= 1)
        .unwrap_or(DEFAULT_KEEP);
    Ok(Some(WebDavConfig {
        url,
        user,
        password_entry: store.setting(ENTRY_KEY)?,
        password_env: store.setting(ENV_KEY)?,
        keep,
    }))
}

/// Sets up (or changes) the server and puts the password where it can be kept.
pub fn set(
    store: &Store,
    secrets: &dyn SecretStore,
    request: SetWebDav<'_>,
    env: EnvLookup<'_>,
) -> Result<WebDavSet> {
    let url = check_url(request.url)?;
    let user = request.user.trim();
    if user.is_empty() {
        return Err(WebDavError::EmptyUser.into());
    }
    if let Some(var) = request.password_env {
        check_env_name(var)?;
    }
    if request.keep == Some(0) {
        return Err(crate::Error::InvalidField {
            field: "keep",
            value: "0".into(),
        });
    }
    let password = match request.password {
        Some(password) if !password.is_empty() => Some(password),
        _ => request
            .password_env
            .and_then(env)
            .filter(|v| !v.is_empty())
            .map(Secret::new),
    };
    let old = config(store)?;
    let old_entry = old.as_ref().and_then(|c| c.password_entry.clone());
    if password.is_none() && request.password_env.is_none() {
        let Some(old) = &old else {
            return Err(WebDavError::PasswordNeeded.into());
        };
        let old_server = server_of(&old.url);
        let new_server = url.origin().ascii_serialization();
        if old_server.as_deref() != Some(new_server.as_str()) {
            return Err(WebDavError::PasswordForNewHost {
                old_host: old_server.unwrap_or_else(|| old.url.clone()),
                new_host: new_server,
            }
            .into());
        }
        return keep_password(store, old, &url, user, request.keep);
    }

    let mut keyring_unavailable = None;
    let mut entry = None;
    if let Some(password) = &password {
        let name = match &old_entry {
            Some(name) => name.clone(),
            None => new_entry_name(KEYRING_ENTRY_PREFIX).map_err(keyring_error)?,
        };
        match secrets.set(&name, password) {
            Ok(()) => entry = Some(name),
            Err(SecretError::Unavailable { reason } | SecretError::Failed { reason })
                if request.password_env.is_some() =>
            {
                keyring_unavailable = Some(reason)
            }
            Err(SecretError::Unavailable { reason }) => {
                return Err(WebDavError::KeyringNeeded { reason }.into())
            }
            Err(error) => return Err(keyring_error(error)),
        }
    }
    let keep = request
        .keep
        .or(old.as_ref().map(|c| c.keep))
        .unwrap_or(DEFAULT_KEEP);
    let keep_text = keep.to_string();
    let saved = store.set_settings(&[
        (URL_KEY, Some(url.as_str())),
        (USER_KEY, Some(user)),
        (ENTRY_KEY, entry.as_deref()),
        (ENV_KEY, request.password_env),
        (KEEP_KEY, Some(&keep_text)),
    ]);
    if let Err(error) = saved {
        if let (Some(name), None) = (&entry, &old_entry) {
            let _ = secrets.delete(name);
        }
        return Err(error);
    }
    // A password that is no longer the server's must not linger in the keyring.
    if let (Some(old), None) = (&old_entry, &entry) {
        let _ = secrets.delete(old);
    }
    Ok(WebDavSet {
        config: config(store)?.expect("just saved"),
        password: if entry.is_some() {
            PasswordKept::Keyring
        } else {
            PasswordKept::Environment
        },
        keyring_unavailable,
        env_unset: password.is_none(),
    })
}

/// `scheme://host:port` of a saved address; `None` if it no longer parses.
fn server_of(url: &str) -> Option<String> {
    Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
}

/// Changes the address (on the same server), user or number kept, leaving the password where
/// it is.
fn keep_password(
    store: &Store,
    old: &WebDavConfig,
    url: &Url,
    user: &str,
    keep: Option<u32>,
) -> Result<WebDavSet> {
    let keep = keep.unwrap_or(old.keep).to_string();
    store.set_settings(&[
        (URL_KEY, Some(url.as_str())),
        (USER_KEY, Some(user)),
        (KEEP_KEY, Some(&keep)),
    ])?;
    Ok(WebDavSet {
        config: config(store)?.expect("just saved"),
        password: if old.password_entry.is_some() {
            PasswordKept::Keyring
        } else {
            PasswordKept::Environment
        },
        keyring_unavailable: None,
        env_unset: false,
    })
}

/// The password to log in with: the keyring's, else the environment variable's.
pub fn password_for(
    config: &WebDavConfig,
    secrets: &dyn SecretStore,
    env: EnvLookup<'_>,
) -> std::result::Result<Secret, WebDavError> {
    // Saved by an older version, or by hand: still never sent.
    if let Some(var) = config.password_env.as_deref() {
        check_env_name(var)?;
    }
    if let Some(entry) = &config.password_entry {
        if let Ok(Some(password)) = secrets.get(entry) {
            if !password.expose().is_empty() {
                return Ok(password);
            }
        }
    }
    if let Some(value) = config
        .password_env
        .as_deref()
        .and_then(env)
        .filter(|v| !v.is_empty())
    {
        return Ok(Secret::new(value));
    }
    Err(WebDavError::NoPassword {
        env: config.password_env.clone(),
    })
}

/// A variable name, and not one of the app's own (a passphrase must never be sent to a
/// server as its password).
fn check_env_name(name: &str) -> std::result::Result<(), WebDavError> {
    if !crate::secrets::is_env_var_name(name) {
        return Err(WebDavError::BadPasswordEnv {
            name: name.to_string(),
        });
    }
    if crate::secrets::is_app_env_var(name) {
        return Err(WebDavError::ReservedPasswordEnv {
            name: name.to_string(),
        });
    }
    Ok(())
}

fn keyring_error(error: SecretError) -> crate::Error {
    let reason = match error {
        SecretError::Unavailable { reason } | SecretError::Failed { reason } => reason,
    };
    WebDavError::Keyring { reason }.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::{MemoryKeyring, NoKeyring};

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn request<'a>(env: Option<&'a str>) -> SetWebDav<'a> {
        SetWebDav {
            url: "https://dav.jianguoyun.com/dav",
            user: "me@example.com",
            password_env: env,
            password: None,
            keep: None,
        }
    }

    #[test]
    fn urls_must_be_https_except_on_this_machine() {
        assert_eq!(
            check_url("https://dav.jianguoyun.com/dav")
                .unwrap()
                .as_str(),
            "https://dav.jianguoyun.com/dav/"
        );
        assert_eq!(
            check_url("http://127.0.0.1:8080/dav/").unwrap().as_str(),
            "http://127.0.0.1:8080/dav/"
        );
        for (bad, why) in [
            ("http://nas.example.com/dav", "plain http"),
            (
                "https://me:pw@cloud.example.com/remote.php/dav",
                "user name",
            ),
            ("ftp://example.com", "only https"),
            ("https://example.com/dav?x=1", "?query"),
            ("not a url", "relative URL"),
        ] {
            let error = check_url(bad).unwrap_err();
            assert_eq!(error.code(), "webdav_bad_url");
            assert!(error.to_string().contains(why), "{bad}: {error}");
        }
    }

    #[test]
    fn the_password_goes_to_the_keyring_and_only_its_entry_to_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db")).unwrap();
        assert_eq!(config(&store).unwrap(), None);
        let keyring = MemoryKeyring::default();
        let set = set(
            &store,
            &keyring,
            request(Some("DAV_PW")),
            &env_of(&[("DAV_PW", "pw-1")]),
        )
        .unwrap();
        assert_eq!(set.password, PasswordKept::Keyring);
        assert_eq!(set.config.keep, DEFAULT_KEEP);
        assert_eq!(set.config.url, "https://dav.jianguoyun.com/dav/");
        let entry = set.config.password_entry.clone().unwrap();
        assert!(entry.starts_with(KEYRING_ENTRY_PREFIX));
        assert_eq!(
            password_for(&set.config, &keyring, &env_of(&[])).unwrap(),
            Secret::new("pw-1")
        );
        // Nothing in the database holds the password.
        let conn = rusqlite::Connection::open(dir.path().join("t.db")).unwrap();
        let values: Vec<String> = conn
            .prepare("SELECT value FROM settings")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        assert!(values.iter().all(|v| !v.contains("pw-1")), "{values:?}");
    }

    #[test]
    fn without_a_keyring_the_password_is_read_from_the_environment_each_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db")).unwrap();
        let mut ask = request(Some("DAV_PW"));
        ask.keep = Some(3);
        let set = set(&store, &NoKeyring, ask, &env_of(&[])).unwrap();
        assert_eq!(set.password, PasswordKept::Environment);
        assert!(
            set.env_unset,
            "nothing to keep yet: read from the variable later"
        );
        assert_eq!(set.config.keep, 3);
        assert_eq!(
            password_for(&set.config, &NoKeyring, &env_of(&[("DAV_PW", "later")]))
                .unwrap()
                .expose(),
            "later"
        );
        let missing = password_for(&set.config, &NoKeyring, &env_of(&[])).unwrap_err();
        assert!(missing.to_string().contains("$DAV_PW is not set"));

        // A typed password with neither keyring nor variable has nowhere to go.
        let mut typed = request(None);
        typed.password = Some(Secret::new("typed"));
        let error = super::set(&store, &NoKeyring, typed, &env_of(&[])).unwrap_err();
        assert_eq!(error.code(), "webdav_keyring_needed");
        assert_eq!(config(&store).unwrap().unwrap().keep, 3, "unchanged");
    }

    #[test]
    fn the_saved_password_is_kept_for_the_same_server_and_never_sent_to_another() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db")).unwrap();
        let keyring = MemoryKeyring::default();
        let mut first = request(None);
        first.password = Some(Secret::new("pw-1"));
        let saved = set(&store, &keyring, first, &env_of(&[])).unwrap();
        let entry = saved.config.password_entry.clone().unwrap();

        // Another folder or user on the same server: the password stays.
        let mut moved = request(None);
        moved.url = "https://dav.jianguoyun.com/dav/other/";
        moved.user = "other@example.com";
        let kept = set(&store, &keyring, moved, &env_of(&[])).unwrap();
        assert_eq!(kept.password, PasswordKept::Keyring);
        assert_eq!(kept.config.url, "https://dav.jianguoyun.com/dav/other/");
        assert_eq!(kept.config.password_entry.as_deref(), Some(entry.as_str()));
        assert_eq!(
            password_for(&kept.config, &keyring, &env_of(&[])).unwrap(),
            Secret::new("pw-1")
        );

        // Another host, scheme or port without a new password: refused, nothing changed.
        for other in [
            "https://evil.example/dav/",
            "http://127.0.0.1/dav/",
            "https://dav.jianguoyun.com:8443/dav/",
        ] {
            let mut elsewhere = request(None);
            elsewhere.url = other;
            let error = set(&store, &keyring, elsewhere, &env_of(&[])).unwrap_err();
            assert_eq!(error.code(), "webdav_password_for_new_host", "{other}");
            assert!(
                error.to_string().contains("https://dav.jianguoyun.com"),
                "{error}"
            );
            assert_eq!(
                config(&store).unwrap(),
                Some(kept.config.clone()),
                "{other}"
            );
        }

        // With the new server's password typed, the move is made.
        let mut typed = request(None);
        typed.url = "https://nas.example.com/dav/";
        typed.password = Some(Secret::new("pw-2"));
        let moved = set(&store, &keyring, typed, &env_of(&[])).unwrap();
        assert_eq!(
            password_for(&moved.config, &keyring, &env_of(&[])).unwrap(),
            Secret::new("pw-2")
        );
    }

    #[test]
    fn the_apps_own_variables_are_never_the_password() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db")).unwrap();
        let env = env_of(&[("SHEBAO_PASSPHRASE", "the database passphrase")]);
        for var in [
            "SHEBAO_PASSPHRASE",
            "SHEBAO_WEBDAV_PASSPHRASE",
            "shebao_keyring",
        ] {
            let error = set(&store, &NoKeyring, request(Some(var)), &env).unwrap_err();
            assert_eq!(error.code(), "webdav_reserved_password_env", "{var}");
        }
        assert_eq!(config(&store).unwrap(), None);
        // Saved before the rule: never read, never sent.
        let old = WebDavConfig {
            url: "https://dav.example.com/".into(),
            user: "me".into(),
            password_entry: None,
            password_env: Some("SHEBAO_PASSPHRASE".into()),
            keep: 3,
        };
        let error = password_for(&old, &NoKeyring, &env).unwrap_err();
        assert_eq!(error.code(), "webdav_reserved_password_env");
    }

    #[test]
    fn bad_input_is_refused_before_anything_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db")).unwrap();
        let keyring = MemoryKeyring::default();
        let env = env_of(&[("DAV_PW", "x")]);
        let mut bad_env = request(Some("1-BAD"));
        assert_eq!(
            set(&store, &keyring, bad_env, &env).unwrap_err().code(),
            "webdav_bad_password_env"
        );
        bad_env = request(Some("DAV_PW"));
        bad_env.user = "  ";
        assert_eq!(
            set(&store, &keyring, bad_env, &env).unwrap_err().code(),
            "webdav_empty_user"
        );
        assert_eq!(
            set(&store, &keyring, request(None), &env)
                .unwrap_err()
                .code(),
            "webdav_password_needed"
        );
        assert!(keyring.is_empty());
        assert_eq!(config(&store).unwrap(), None);
    }
}
