//! Optional backups to a WebDAV server (坚果云 / Jianguoyun, Nextcloud, a NAS): the habit of
//! Chinese desktop apps, for a copy that survives the computer.
//!
//! What leaves the machine is an archive sealed with a backup passphrase the server never
//! sees ([`archive`]); the server only stores it. One concept per module:
//! [`config`] the server's address, user and password (keyring, else environment) ·
//! [`client`] the WebDAV requests · [`listing`] the PROPFIND answer · [`names`] archive names
//! and temporary upload names · [`backup`](mod@backup) upload and rotation ·
//! [`restore`](mod@restore) download, verify, restore · [`error`] everything that can go wrong.
//!
//! The blocking functions here run the async ones on a runtime of their own, for the CLI;
//! they must not be called from inside an async runtime. docs/webdav.md is the user's guide
//! and the archive format.
//!
//! Local backups (`backups/` beside the database: written, rotated, checked and restored) are
//! `store::file_life`; an archive here is made from [`crate::Store::snapshot`], a verified
//! copy taken there.

pub mod archive;
pub mod backup;
pub mod client;
pub mod config;
pub mod error;
pub mod listing;
pub mod names;
pub mod restore;

pub use backup::{backup_async, list_async, RemoteBackup, WebDavBackupReport};
pub use client::{DavClient, DavTimeouts, MAX_LISTING_BYTES};
pub use config::{
    check_url, config, password_for, set, PasswordKept, SetWebDav, WebDavConfig, WebDavSet,
    DEFAULT_KEEP,
};
pub use error::WebDavError;
pub use restore::{
    download_async, open_archive, restore_archive, restore_contents, WebDavRestoreReport,
    MAX_ARCHIVE_BYTES,
};

use crate::secrets::EnvLookup;
use crate::secrets::SecretStore;
use crate::store::Passphrase;
use crate::{Result, Store};

/// The server set up in `store` and a client logged in to it: the password from the keyring,
/// else from the environment.
pub fn client_for(
    store: &Store,
    secrets: &dyn SecretStore,
    env: EnvLookup<'_>,
    timeouts: DavTimeouts,
) -> Result<(WebDavConfig, DavClient)> {
    let config = config(store)?.ok_or(WebDavError::NotConfigured)?;
    let password = password_for(&config, secrets, env)?;
    let url = check_url(&config.url)?;
    let client = DavClient::new(&url, &config.user, password, timeouts)?;
    Ok((config, client))
}

/// [`backup_async`], blocking.
pub fn backup(
    store: &Store,
    client: &DavClient,
    keep: u32,
    passphrase: &Passphrase,
) -> Result<WebDavBackupReport> {
    runtime()?.block_on(backup_async(store, client, keep, passphrase))
}

/// [`list_async`], blocking.
pub fn list(client: &DavClient) -> Result<Vec<RemoteBackup>> {
    runtime()?.block_on(list_async(client))
}

/// [`download_async`], blocking.
pub fn download(client: &DavClient, name: &str) -> Result<Vec<u8>> {
    runtime()?.block_on(download_async(client, name))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            WebDavError::Connect {
                reason: format!("could not start the network runtime: {e}"),
            }
            .into()
        })
}
