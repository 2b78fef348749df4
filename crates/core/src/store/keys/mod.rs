//! The keys of an encrypted database: the user's `passphrase` (in memory only), the
//! `key_file` beside the database with the key derived through it, and the key `remember`ed in
//! the OS keyring on this computer.

#[cfg(test)]
mod freed_memory;
pub(crate) mod key_file;
pub(crate) mod passphrase;
pub(crate) mod remember;
