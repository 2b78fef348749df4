//! The database file's life, as opposed to what is in it: local backups (written by `backup`,
//! named and found in `backups_folder`, thinned by `rotation`), `integrity` checks, `restore`,
//! encrypting, decrypting and re-keying (`convert`, which puts the new file in place through
//! `swap`), and the look at a file before SQLite opens it (`file_check`).
//!
//! Backups kept off this computer, sealed on a WebDAV server, are [`crate::webdav`]: it takes
//! its copy through [`crate::Store::snapshot`] here and restores through the same checks.

pub(crate) mod backup;
pub(crate) mod backups_folder;
pub(crate) mod convert;
pub(crate) mod file_check;
pub(crate) mod integrity;
pub(crate) mod restore;
pub(crate) mod rotation;
pub(crate) mod swap;
