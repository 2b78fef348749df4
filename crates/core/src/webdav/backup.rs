//! Backing up to the server: a verified snapshot of the database, sealed into an archive,
//! uploaded under a temporary name, moved to its real name, its size checked, and then the
//! oldest archives beyond the number to keep removed.
//!
//! The local database is only read (through SQLite's online backup, as for a local backup).
//! On the server, an archive gets its real name only once it is whole: an upload cut off,
//! refused for lack of space or of the wrong size leaves no name that `list` shows.

use super::client::DavClient;
use super::names::{archive_name, parse_archive_name, parse_uploading_name, uploading_name};
use crate::store::Passphrase;
use crate::{Result, Store};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// An upload left under its temporary name this long ago was cut off; it is removed at the
/// next backup. (Younger ones may be another computer's upload still running.)
const STALE_UPLOAD: Duration = Duration::hours(24);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebDavBackupReport {
    /// The archive's name on the server.
    pub name: String,
    /// Its size in bytes, as the server confirmed it.
    pub size: u64,
    /// The folder it is in.
    pub folder: String,
    /// The database inside is itself encrypted (SQLCipher) and needs its passphrase too.
    pub database_encrypted: bool,
    /// Older archives (and stale partial uploads) removed to keep the newest `keep`.
    pub removed: Vec<String>,
    /// Why removing old archives failed, if it did: the new backup is safe regardless.
    pub rotation_error: Option<String>,
}

/// One archive on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteBackup {
    pub name: String,
    pub taken_at: DateTime<Utc>,
    pub size: Option<u64>,
}

/// The archives on the server, newest first. Partial uploads and foreign files are not listed.
pub async fn list_async(client: &DavClient) -> Result<Vec<RemoteBackup>> {
    let mut found: Vec<RemoteBackup> = client
        .list()
        .await?
        .into_iter()
        .filter_map(|entry| {
            Some(RemoteBackup {
                taken_at: parse_archive_name(&entry.name)?,
                name: entry.name,
                size: entry.size,
            })
        })
        .collect();
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.name.cmp(&a.name)));
    Ok(found)
}

/// Backs `store` up to the server as an archive sealed with `passphrase`, keeping the newest
/// `keep` archives there.
pub async fn backup_async(
    store: &Store,
    client: &DavClient,
    keep: u32,
    passphrase: &Passphrase,
) -> Result<WebDavBackupReport> {
    let snapshot = store.snapshot()?;
    let database_encrypted = snapshot.key_file.is_some();
    let archive = super::archive::seal(&snapshot.into(), passphrase)?;
    let size = archive.len() as u64;

    client.ensure_folder().await?;
    let name = fresh_name(client).await?;
    let temporary = uploading_name(&name);
    let uploaded = async {
        client.put(&temporary, archive).await?;
        client.rename(&temporary, &name).await
    }
    .await;
    if let Err(error) = uploaded {
        // Best effort: the server may be gone. A leftover is never listed, and goes at a
        // later backup.
        let _ = client.delete(&temporary).await;
        return Err(error.into());
    }
    let held = list_async(client)
        .await?
        .into_iter()
        .find(|b| b.name == name)
        .and_then(|b| b.size);
    if let Some(found) = held.filter(|found| *found != size) {
        let _ = client.delete(&name).await;
        return Err(super::WebDavError::SizeMismatch {
            name,
            expected: size,
            found,
        }
        .into());
    }

    let (removed, rotation_error) = match rotate(client, keep, Utc::now()).await {
        Ok(removed) => (removed, None),
        Err(error) => (Vec::new(), Some(error.to_string())),
    };
    Ok(WebDavBackupReport {
        name,
        size,
        folder: client.folder().to_string(),
        database_encrypted,
        removed,
        rotation_error,
    })
}

/// A name for now that no archive on the server has yet.
async fn fresh_name(client: &DavClient) -> Result<String> {
    let taken: Vec<String> = client.list().await?.into_iter().map(|e| e.name).collect();
    let mut at = Utc::now();
    loop {
        let name = archive_name(at);
        if !taken.contains(&name) && !taken.contains(&uploading_name(&name)) {
            return Ok(name);
        }
        at += Duration::milliseconds(1);
    }
}

/// Removes archives beyond the newest `keep`, and partial uploads older than a day.
async fn rotate(client: &DavClient, keep: u32, now: DateTime<Utc>) -> Result<Vec<String>> {
    let entries = client.list().await?;
    let archives = {
        let mut archives: Vec<(DateTime<Utc>, &str)> = entries
            .iter()
            .filter_map(|e| Some((parse_archive_name(&e.name)?, e.name.as_str())))
            .collect();
        archives.sort_by(|a, b| b.cmp(a));
        archives
    };
    let stale_uploads = entries
        .iter()
        .filter(|e| parse_uploading_name(&e.name).is_some_and(|at| now - at > STALE_UPLOAD));
    let mut removed = Vec::new();
    let beyond_keep = archives.iter().skip(keep.max(1) as usize).map(|(_, n)| *n);
    for name in beyond_keep.chain(stale_uploads.map(|e| e.name.as_str())) {
        client.delete(name).await?;
        removed.push(name.to_string());
    }
    Ok(removed)
}
