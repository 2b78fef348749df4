//! Where a secret's environment variable is read: the process environment, or the lookup a test
//! passes instead. Provider sync and WebDAV both take an [`EnvLookup`], so neither reaches for
//! `std::env` itself.

/// Reads an environment variable; tests pass their own.
pub type EnvLookup<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// The process environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}
