//! Adding an HTTP provider source, and finding its token at each sync.
//!
//! The token goes to the OS keyring when there is one (the database keeps only the entry's
//! random name). Where there is none (a headless server, `SHEBAO_KEYRING=off`), the source
//! remembers the name of an environment variable and the token is read from it at each sync.
//! The token is never written to the database, a log or an error message.

use super::client::check_base_url;
use super::error::SyncError;
use crate::model::{Freshness, HttpSource, Profile};
use crate::secrets::{new_entry_name, EnvLookup, Secret, SecretError, SecretStore};
use crate::store::{NewHttpSource, SavedHttpSource};
use crate::{Result, Store};
use serde::Serialize;

/// Keyring entries of provider tokens are named `provider-token-<24 hex digits>`.
pub const KEYRING_ENTRY_PREFIX: &str = "provider-token-";

/// What `source add-http` asks for.
#[derive(Debug)]
pub struct AddHttpSource<'a> {
    pub name: &'a str,
    pub profile: &'a Profile,
    pub base_url: &'a str,
    pub freshness: Freshness,
    /// The environment variable holding the token now, and read at each sync when the
    /// keyring has none.
    pub token_env: Option<&'a str>,
    /// The token itself, when the user typed it (no `token_env`).
    pub token: Option<Secret>,
}

/// Where the token of a source now is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKept {
    /// In the OS keyring.
    Keyring,
    /// Only in the environment variable, read at each sync.
    Environment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedSource {
    pub source: HttpSource,
    /// False when a source of that name was updated.
    pub created: bool,
    pub token: TokenKept,
    /// Why the keyring was not used, when it was not.
    pub keyring_unavailable: Option<String>,
    /// The token's environment variable is not set now (it must be by the next sync).
    pub env_unset: bool,
}

/// Adds (or updates) an HTTP source and puts its token where it can be kept.
pub fn add_http_source(
    store: &mut Store,
    secrets: &dyn SecretStore,
    request: AddHttpSource<'_>,
    env: EnvLookup<'_>,
) -> Result<AddedSource> {
    let name = request.name.trim();
    if name.is_empty() {
        return Err(crate::Error::InvalidField {
            field: "source name",
            value: request.name.to_string(),
        });
    }
    let base = check_base_url(request.base_url)?;
    if let Some(var) = request.token_env {
        check_token_env(store, var)?;
    }
    let existing = store.http_source(name)?;
    if let Some(other) = existing
        .as_ref()
        .filter(|s| s.profile != request.profile.id)
    {
        let owner = store
            .profile(other.profile)?
            .map_or_else(|| other.profile.to_string(), |p| p.name);
        return Err(SyncError::SourceOfAnotherProfile {
            source_name: name.to_string(),
            profile: owner,
        }
        .into());
    }
    let token = match request.token {
        Some(token) if !token.is_empty() => Some(token),
        _ => request
            .token_env
            .and_then(env)
            .filter(|v| !v.trim().is_empty())
            .map(Secret::new),
    };
    if token.is_none() && request.token_env.is_none() {
        return Err(SyncError::NoToken {
            source_name: name.to_string(),
            env: None,
        }
        .into());
    }
    let old_entry = existing.as_ref().and_then(|s| s.keyring_entry.clone());

    let mut keyring_unavailable = None;
    let mut keyring_entry = None;
    if let Some(token) = &token {
        let entry = match &old_entry {
            Some(entry) => entry.clone(),
            None => new_entry_name(KEYRING_ENTRY_PREFIX).map_err(keyring_error)?,
        };
        match secrets.set(&entry, token) {
            Ok(()) => keyring_entry = Some(entry),
            // No keyring, but the token has a home in the environment: use that.
            Err(SecretError::Unavailable { reason } | SecretError::Failed { reason })
                if request.token_env.is_some() =>
            {
                keyring_unavailable = Some(reason)
            }
            Err(SecretError::Unavailable { reason }) => {
                return Err(SyncError::KeyringNeeded { reason }.into())
            }
            Err(error) => return Err(keyring_error(error)),
        }
    }

    let saved = store
        .save_http_source(&NewHttpSource {
            name,
            profile: request.profile.id,
            base_url: base.as_str(),
            freshness: request.freshness,
            token_env: request.token_env,
            keyring_entry: keyring_entry.as_deref(),
        })
        .and_then(|saved| match saved {
            SavedHttpSource::Saved { source, created } => Ok((source, created)),
            SavedHttpSource::ServesAnotherProfile { owner } => {
                Err(SyncError::SourceOfAnotherProfile {
                    source_name: name.to_string(),
                    profile: owner,
                }
                .into())
            }
        });
    let (source, created) = match saved {
        Ok(saved) => saved,
        Err(error) => {
            // Leave no token behind for a source that was not saved.
            if let (Some(entry), None) = (&keyring_entry, &old_entry) {
                let _ = secrets.delete(entry);
            }
            return Err(error);
        }
    };
    // A token that is no longer the source's must not linger in the keyring.
    if let (Some(old), None) = (&old_entry, &keyring_entry) {
        let _ = secrets.delete(old);
    }
    Ok(AddedSource {
        created,
        token: if source.keyring_entry.is_some() {
            TokenKept::Keyring
        } else {
            TokenKept::Environment
        },
        keyring_unavailable,
        env_unset: token.is_none(),
        source,
    })
}

/// The token to send: from the keyring if it has one, else from the environment variable.
pub fn token_for(
    source: &HttpSource,
    secrets: &dyn SecretStore,
    env: EnvLookup<'_>,
) -> Result<Secret> {
    if let Some(entry) = &source.keyring_entry {
        if let Ok(Some(token)) = secrets.get(entry) {
            if !token.is_empty() {
                return Ok(token);
            }
        }
    }
    if let Some(value) = source
        .token_env
        .as_deref()
        .and_then(env)
        .filter(|v| !v.trim().is_empty())
    {
        return Ok(Secret::new(value.trim()));
    }
    Err(SyncError::NoToken {
        source_name: source.source.name.clone(),
        env: source.token_env.clone(),
    }
    .into())
}

/// Refuses a token variable that is not a variable name, or that holds one of the app's own
/// secrets: a passphrase or setting (`SHEBAO_…`, see [`is_app_env_var`]) or the WebDAV
/// server's password variable. Checked when a source is added and again before each sync (a
/// source saved by an older version may name one).
///
/// [`is_app_env_var`]: crate::secrets::is_app_env_var
pub fn check_token_env(store: &Store, name: &str) -> Result<()> {
    if !crate::secrets::is_env_var_name(name) {
        return Err(SyncError::BadTokenEnv {
            name: name.to_string(),
        }
        .into());
    }
    let webdav_password = crate::webdav::config(store)?.and_then(|c| c.password_env);
    let is_webdav_password = webdav_password.is_some_and(|var| var.eq_ignore_ascii_case(name));
    if crate::secrets::is_app_env_var(name) || is_webdav_password {
        return Err(SyncError::ReservedTokenEnv {
            name: name.to_string(),
        }
        .into());
    }
    Ok(())
}

fn keyring_error(error: SecretError) -> crate::Error {
    let reason = match error {
        SecretError::Unavailable { reason } | SecretError::Failed { reason } => reason,
    };
    SyncError::Keyring { reason }.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewProfile;
    use crate::secrets::{MemoryKeyring, NoKeyring};
    use std::collections::HashMap;

    fn store_with(names: &[&str]) -> (tempfile::TempDir, Store, Vec<Profile>) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("t.db")).unwrap();
        let profiles = names
            .iter()
            .map(|name| {
                let valid = NewProfile {
                    name: name.to_string(),
                    ..Default::default()
                }
                .validate()
                .unwrap();
                store.add_profile(&valid).unwrap()
            })
            .collect();
        (dir, store, profiles)
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn request<'a>(profile: &'a Profile, env: Option<&'a str>) -> AddHttpSource<'a> {
        AddHttpSource {
            name: "hr",
            profile,
            base_url: "https://hr.example.com/shebao",
            freshness: Freshness::Daily,
            token_env: env,
            token: None,
        }
    }

    #[test]
    fn the_apps_own_secrets_are_never_a_token_source() {
        let (_dir, mut store, profiles) = store_with(&["王芳"]);
        let keyring = MemoryKeyring::default();
        // The WebDAV password lives in $DAV_PASSWORD here.
        crate::webdav::set(
            &store,
            &NoKeyring,
            crate::webdav::SetWebDav {
                url: "https://dav.example.com/dav",
                user: "me",
                password_env: Some("DAV_PASSWORD"),
                password: None,
                keep: None,
            },
            &env_of(&[]),
        )
        .unwrap();
        let env = env_of(&[
            ("SHEBAO_PASSPHRASE", "the database passphrase"),
            ("SHEBAO_WEBDAV_PASSPHRASE", "the backup passphrase"),
            ("DAV_PASSWORD", "the WebDAV password"),
        ]);
        for var in [
            "SHEBAO_PASSPHRASE",
            "SHEBAO_WEBDAV_PASSPHRASE",
            "SHEBAO_BACKUP_PASSPHRASE",
            "SHEBAO_NEW_PASSPHRASE",
            "SHEBAO_KEYRING",
            "shebao_passphrase",
            "DAV_PASSWORD",
            "dav_password",
        ] {
            let error =
                add_http_source(&mut store, &keyring, request(&profiles[0], Some(var)), &env)
                    .unwrap_err();
            assert_eq!(error.code(), "reserved_token_env", "{var}");
        }
        assert!(keyring.is_empty(), "nothing kept");
        assert!(store.http_sources().unwrap().is_empty(), "nothing saved");

        // A source saved before the rule (or by hand) is refused at sync time too, before
        // the variable is read.
        store
            .save_http_source(&NewHttpSource {
                name: "old",
                profile: profiles[0].id,
                base_url: "http://127.0.0.1:9/",
                freshness: Freshness::Daily,
                token_env: Some("SHEBAO_PASSPHRASE"),
                keyring_entry: None,
            })
            .unwrap();
        let error = crate::sync::sync_source(
            &mut store,
            "old",
            &keyring,
            &env,
            &crate::sync::SyncOptions::default(),
            &mut |_| {},
            &crate::sync::CancelFlag::new(),
        )
        .unwrap_err();
        assert_eq!(error.code(), "reserved_token_env");

        let added = add_http_source(
            &mut store,
            &keyring,
            request(&profiles[0], Some("SHEBAO_TOKEN_HR")),
            &env_of(&[("SHEBAO_TOKEN_HR", "tok")]),
        )
        .unwrap();
        assert_eq!(added.source.token_env.as_deref(), Some("SHEBAO_TOKEN_HR"));
    }

    #[test]
    fn with_a_keyring_the_token_goes_there_and_only_its_entry_name_to_the_database() {
        let (_dir, mut store, profiles) = store_with(&["王芳"]);
        let keyring = MemoryKeyring::default();
        let env = env_of(&[("HR_TOKEN", "tok-123")]);
        let added = add_http_source(
            &mut store,
            &keyring,
            request(&profiles[0], Some("HR_TOKEN")),
            &env,
        )
        .unwrap();
        assert!(added.created);
        assert_eq!(added.token, TokenKept::Keyring);
        assert_eq!(added.source.base_url(), "https://hr.example.com/shebao/");
        let entry = added.source.keyring_entry.clone().unwrap();
        assert!(entry.starts_with(KEYRING_ENTRY_PREFIX));
        assert_eq!(keyring.get(&entry).unwrap(), Some(Secret::new("tok-123")));
        // At sync time the keyring answers even with the variable gone.
        let token = token_for(&added.source, &keyring, &env_of(&[])).unwrap();
        assert_eq!(token.expose(), "tok-123");
    }

    #[test]
    fn without_a_keyring_the_token_is_read_from_the_environment_at_each_sync() {
        let (_dir, mut store, profiles) = store_with(&["王芳"]);
        let env = env_of(&[("HR_TOKEN", "tok-123")]);
        let added = add_http_source(
            &mut store,
            &NoKeyring,
            request(&profiles[0], Some("HR_TOKEN")),
            &env,
        )
        .unwrap();
        assert_eq!(added.token, TokenKept::Environment);
        assert!(added.keyring_unavailable.is_some());
        assert_eq!(added.source.keyring_entry, None);
        assert_eq!(added.source.token_env.as_deref(), Some("HR_TOKEN"));
        let token = token_for(
            &added.source,
            &NoKeyring,
            &env_of(&[("HR_TOKEN", "rotated")]),
        );
        assert_eq!(token.unwrap().expose(), "rotated");
        let missing = token_for(&added.source, &NoKeyring, &env_of(&[])).unwrap_err();
        assert_eq!(missing.code(), "no_token");
        assert!(missing
            .message(crate::Lang::En)
            .contains("$HR_TOKEN is not set"));
    }

    #[test]
    fn without_a_keyring_or_a_variable_there_is_nowhere_to_keep_a_typed_token() {
        let (_dir, mut store, profiles) = store_with(&["王芳"]);
        let mut typed = request(&profiles[0], None);
        typed.token = Some(Secret::new("typed"));
        let error = add_http_source(&mut store, &NoKeyring, typed, &env_of(&[])).unwrap_err();
        assert_eq!(error.code(), "keyring_needed");
        assert_eq!(
            error.remedy(),
            Some(crate::Remedy::SourceTokenNeedsKeyring),
            "a keyring is needed (the CLI may name a variable instead)"
        );
        assert!(store.http_sources().unwrap().is_empty(), "nothing saved");
    }

    #[test]
    fn a_source_keeps_its_profile_and_its_old_token_does_not_linger() {
        let (_dir, mut store, profiles) = store_with(&["王芳", "王建国"]);
        let keyring = MemoryKeyring::default();
        let env = env_of(&[("HR_TOKEN", "tok-123")]);
        add_http_source(
            &mut store,
            &keyring,
            request(&profiles[0], Some("HR_TOKEN")),
            &env,
        )
        .unwrap();
        let other = add_http_source(
            &mut store,
            &keyring,
            request(&profiles[1], Some("HR_TOKEN")),
            &env,
        )
        .unwrap_err();
        assert_eq!(other.code(), "source_of_another_profile");
        assert!(other.message(crate::Lang::Zh).contains("王芳"));
        assert_eq!(keyring.len(), 1);

        // Added again with the variable unset: the old keyring token is removed.
        let again = add_http_source(
            &mut store,
            &keyring,
            request(&profiles[0], Some("HR_TOKEN")),
            &env_of(&[]),
        )
        .unwrap();
        assert!(!again.created);
        assert!(again.env_unset);
        assert_eq!(again.token, TokenKept::Environment);
        assert!(keyring.is_empty());
    }

    #[test]
    fn names_and_urls_are_checked_before_anything_is_kept() {
        let (_dir, mut store, profiles) = store_with(&["王芳"]);
        let keyring = MemoryKeyring::default();
        let env = env_of(&[("HR_TOKEN", "tok")]);
        let mut bad_env = request(&profiles[0], Some("1HR-TOKEN"));
        bad_env.name = "x";
        assert_eq!(
            add_http_source(&mut store, &keyring, bad_env, &env)
                .unwrap_err()
                .code(),
            "bad_token_env"
        );
        let mut bad_url = request(&profiles[0], Some("HR_TOKEN"));
        bad_url.base_url = "http://hr.example.com";
        assert_eq!(
            add_http_source(&mut store, &keyring, bad_url, &env)
                .unwrap_err()
                .code(),
            "bad_base_url"
        );
        assert!(keyring.is_empty());
        assert!(store.sources().unwrap().is_empty());
    }
}
